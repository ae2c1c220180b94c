/* programa: the programme tree and its queries. See programa.h. */
#include "model/programa.h"

#include <stdlib.h>
#include <string.h>

const char *const paa_month_key[PAA_MONTHS] = {
    "ene", "feb", "mar", "abr", "may", "jun",
    "jul", "ago", "sep", "oct", "nov", "dic"};
const char *const paa_month_abbr[PAA_MONTHS] = {
    "Ene", "Feb", "Mar", "Abr", "May", "Jun",
    "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"};
const char *const paa_month_name[PAA_MONTHS] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

/* ---- tree -------------------------------------------------------------- */

size_t model_count_proyectos(const paa_programa *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        n += p->subprogramas[i].n_proyectos;
    return n;
}

size_t model_subprograma_actividades(const paa_subprograma *s)
{
    size_t n = 0;
    for (size_t j = 0; j < s->n_proyectos; j++)
        n += s->proyectos[j].n_actividades;
    return n;
}

size_t model_count_actividades(const paa_programa *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        n += model_subprograma_actividades(&p->subprogramas[i]);
    return n;
}

const paa_actividad *model_find_actividad(const paa_programa *p,
                                          const char *clave)
{
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++)
                if (strcmp(pr->actividades[k].clave, clave) == 0)
                    return &pr->actividades[k];
        }
    }
    return NULL;
}

size_t model_cantidad_text(const paa_actividad *a, int m, bool grouped, char *buf)
{
    if (m == PAA_ANUAL)
        return paa_dec_format_places(a->anual, a->anual_decimales, grouped, buf);
    return paa_dec_format_places(a->meses[m], a->meses_decimales[m], grouped, buf);
}

bool model_sum_meses(const paa_actividad *a, paa_dec *out)
{
    paa_dec sum = 0;
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((a->meses_present & (1u << m)) && !paa_dec_add(sum, a->meses[m], &sum))
            return false;
    *out = sum;
    return true;
}

void model_free(paa_programa *p)
{
    if (p == NULL)
        return;
    paa_arena arena = p->arena;   /* p itself lives in its arena */
    paa_arena_free(&arena);
}

int model_line_column(const paa_programa *p, int line)
{
    return p != NULL && line > 0 && (size_t)line <= p->n_lines ? p->line_cols[line - 1] : 0;
}

void model_set_columns(const paa_programa *p, diag_list *d, size_t first)
{
    for (size_t i = first; p != NULL && i < d->n; i++) {
        diag *x = &d->items[i];
        if (x->col == 0 && x->file != NULL && p->file != NULL && strcmp(x->file, p->file) == 0)
            x->col = model_line_column(p, x->line);
    }
}

bool model_actividad_reconstruida(const paa_actividad *a)
{
    return a->meses_reconstruidos != 0 || a->anual_reconstruido;
}

bool model_actividad_incompleta(const paa_actividad *a)
{
    return !a->anual_present || a->meses_present != (1u << PAA_MONTHS) - 1 ||
           a->unidad == NULL || a->benef_tipo == NULL || a->benef_cantidad == NULL;
}

bool model_any_actividad(const paa_programa *p, bool (*pred)(const paa_actividad *))
{
    for (size_t i = 0; i < p->n_subprogramas; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++) {
            const paa_proyecto *pr = &p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++)
                if (pred(&pr->actividades[k]))
                    return true;
        }
    return false;
}
