/*
 * xlsx: the workbooks, written with the workbook engine of this folder
 * (libxlsxwriter never leaves it): the programme (layouts/libro.xml), the
 * progress report (the <libro> of layouts/avance.xml) and the
 * adecuaciones annex (the <libro> of layouts/adecuaciones.xml).
 */
#ifndef PAA_XLSX_XLSX_H
#define PAA_XLSX_XLSX_H

#include "base/diag.h"
#include "check/semaforo.h"
#include "diff/diff.h"
#include "model/programa.h"
#include "read/layout.h"

/* Same contract as pdf_programa(). */
int xlsx_programa(const paa_programa *p, const layout *lay, long long epoch,
                  const char *out_path, diag_list *d);

/* Same contract as pdf_avance(). */
int xlsx_avance(const avance *a, const paa_programa *p, const avance_report *r,
                const layout *lay, long long epoch, const char *out_path,
                diag_list *d);

/* Same contract as pdf_adecuaciones(). */
int xlsx_adecuaciones(const diff_result *r, const paa_programa *antes,
                      const paa_programa *nuevo, const layout *lay, long long epoch,
                      const char *out_path, diag_list *d);

#endif
