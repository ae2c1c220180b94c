/* placeholders: the placeholders every PDF layout shares. See placeholders.h. */
#include "pdf/placeholders.h"

#include <stdio.h>

void pdf_common_vars(const paa_programa *p, char *anio, size_t anio_size,
                     template_var *out)
{
    snprintf(anio, anio_size, "%d", p->anio);
    const template_var common[PDF_COMMON_VARS] = {
        {"{titulo}", p->doc.titulo, false, false},
        {"{institucion}", p->doc.institucion, false, false},
        {"{siglas}", p->doc.siglas, false, false},
        {"{lugar}", p->doc.lugar, false, false},
        {"{anio}", anio, false, false},
        {"{pagina}", NULL, true, false},
        {"{paginas}", NULL, true, false},
    };
    for (size_t i = 0; i < PDF_COMMON_VARS; i++)
        out[i] = common[i];
}
