/*
 * placeholders: the placeholders every layout of a PDF shares, private to
 * src/pdf/: {titulo} {institucion} {siglas} {lugar} {anio} from the
 * programme, and {pagina} {paginas}, kept for the engine's running footer.
 * Each document adds its own after them.
 */
#ifndef PAA_PDF_PLACEHOLDERS_H
#define PAA_PDF_PLACEHOLDERS_H

#include <stddef.h>

#include "base/template.h"
#include "model/programa.h"

#define PDF_COMMON_VARS 7

/* Writes the common placeholders to out[0..PDF_COMMON_VARS); `anio` (at
 * least 16 bytes) holds the year's text and must outlive them. */
void pdf_common_vars(const paa_programa *p, char *anio, size_t anio_size,
                     template_var *out);

#endif
