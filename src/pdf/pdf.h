/*
 * render_pdf: the programme as a print-ready PDF (libharu), laid out from
 * layouts/programa.xml through the shared typeset engine.
 */
#ifndef PAA_RENDER_PDF_H
#define PAA_RENDER_PDF_H

#include "base/diag.h"
#include "read/layout.h"
#include "model/programa.h"

/*
 * Renders p to out_path atomically. `epoch` (seconds since 1970-01-01
 * UTC) is the creation date written in the document, so that equal inputs
 * give equal bytes. Returns 0, or -1 with diagnostics (no file left).
 */
int render_pdf(const paa_programa *p, const layout *lay, long long epoch,
               const char *out_path, diag_list *d);

#endif
