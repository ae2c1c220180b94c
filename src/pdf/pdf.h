/*
 * pdf: the PDF documents, set with the typesetting engine of this
 * folder (libharu never leaves it): the programme (layouts/programa.xml),
 * the progress report (layouts/avance.xml) and the adecuaciones annex
 * (layouts/adecuaciones.xml).
 */
#ifndef PAA_PDF_PDF_H
#define PAA_PDF_PDF_H

#include "base/diag.h"
#include "check/semaforo.h"
#include "diff/diff.h"
#include "model/programa.h"
#include "read/layout.h"

/*
 * Renders p to out_path atomically. `epoch` (seconds since 1970-01-01
 * UTC) is the creation date written in the document, so that equal inputs
 * give equal bytes. Returns 0, or -1 with diagnostics (no file left).
 */
int pdf_programa(const paa_programa *p, const layout *lay, long long epoch,
                 const char *out_path, diag_list *d);

/* The progress report of a computed report (avance_compute, once for
 * both outputs); same contract as pdf_programa(). */
int pdf_avance(const avance *a, const paa_programa *p, const avance_report *r,
               const layout *lay, long long epoch, const char *out_path,
               diag_list *d);

/* "Anexo. Adecuaciones al Programa Anual de Actividades" of a computed
 * comparison (layouts/adecuaciones.xml): the changes from `antes` to
 * `nuevo` as the diff tree r gives them; same contract as pdf_programa(). */
int pdf_adecuaciones(const diff_result *r, const paa_programa *antes,
                     const paa_programa *nuevo, const layout *lay, long long epoch,
                     const char *out_path, diag_list *d);

#endif
