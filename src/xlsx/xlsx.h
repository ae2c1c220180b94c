/*
 * render_xlsx: the programme as an Excel workbook (libxlsxwriter), styled
 * from layouts/libro.xml.
 */
#ifndef PAA_RENDER_XLSX_H
#define PAA_RENDER_XLSX_H

#include "base/diag.h"
#include "read/layout.h"
#include "model/programa.h"

/* Same contract as render_pdf(). */
int render_xlsx(const paa_programa *p, const layout *lay, long long epoch,
                const char *out_path, diag_list *d);

#endif
