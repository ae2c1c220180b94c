/*
 * avance: the progress rules. See avance.h; the figures come from
 * semaforo.c, the reading from read/avance.c.
 */
#include "check/avance.h"

#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "check/semaforo.h"

/* ---- checker ---------------------------------------------------------------- */

/* Unknown and repeated claves. Returns, per item, whether it is the one
 * the report counts (known and first of its clave) in counted[]. */
static void check_items(const avance *a, const paa_programa *p, bool *counted,
                        diag_list *d)
{
    strmap programme = {0};
    for (size_t i = 0; i < p->n_subprogramas && !d->oom; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++) {
            const paa_proyecto *pr = &p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++)
                strmap_put(&programme, pr->actividades[k].clave, &pr->actividades[k],
                           &d->oom);
        }
    size_t n;
    const avance_item *items = avance_items(a, &n);
    const char *file = avance_file(a);
    for (size_t i = 0; i < n; i++) {
        const avance_item *it = &items[i];
        const avance_item *first = avance_find(a, it->clave);
        counted[i] = true;
        if (strmap_get(&programme, it->clave) == NULL) {
            diag_add(d, RULE_AVANCE_CLAVE_DESCONOCIDA, file, it->line, it->clave,
                     "la actividad %s no está en el programa %s", it->clave, p->file);
            counted[i] = false;
        }
        if (first != NULL && first != it) {
            diag_add(d, RULE_AVANCE_CLAVE_DUPLICADA, file, it->line, it->clave,
                     "la actividad %s ya se informó en la línea %d; se ignora "
                     "esta repetición", it->clave, first->line);
            counted[i] = false;
        }
    }
    strmap_free(&programme);
}

/* Months of one item; missing months are only warned about for the item
 * the report counts. */
static void check_months(const avance *a, const avance_item *it,
                         bool counted, diag_list *d)
{
    const char *file = avance_file(a);
    int corte = avance_cutoff(a);
    int first_line[PAA_MONTHS] = {0};
    for (size_t k = 0; k < it->n_months; k++) {
        const avance_month *m = &it->months[k];
        const char *mes = paa_month_name[m->mes];
        if (m->mes >= corte)
            diag_add(d, RULE_AVANCE_MES_POSTERIOR, file, m->line, it->clave,
                     "se informa %s, posterior al mes de corte (%s)", mes,
                     paa_month_name[corte - 1]);
        if (m->st != PAA_DEC_OK)
            diag_add(d, RULE_AVANCE_CANTIDAD, file, m->line, it->clave,
                     "el alcanzado de %s «%s» %s", mes, m->text,
                     paa_dec_strerror(m->st));
        else if (m->value < 0)
            diag_add(d, RULE_AVANCE_CANTIDAD, file, m->line, it->clave,
                     "el alcanzado de %s es negativo (%s)", mes, m->text);
        if (first_line[m->mes] != 0)
            diag_add(d, RULE_AVANCE_MES_DUPLICADO, file, m->line, it->clave,
                     "el alcanzado de %s ya se dio en la línea %d", mes,
                     first_line[m->mes]);
        else
            first_line[m->mes] = m->line;
    }
    /* One warning per activity lists every month missing. */
    char missing[PAA_MONTHS * 12] = "";
    for (int m = 0; m < corte; m++)
        if (first_line[m] == 0) {
            if (missing[0] != '\0')
                strcat(missing, ", ");
            strcat(missing, paa_month_name[m]);
        }
    if (counted && missing[0] != '\0')
        diag_add(d, RULE_AVANCE_MES_FALTANTE, file, it->line, it->clave,
                 "no se informa el alcanzado de %s; se cuenta como cero", missing);
}

/* Activities of the programme absent from the file, and justifications. */
/* The largest compliance a report prints: 999,999.9 %, ten thousand
 * times what was programmed. Beyond it a figure is a typing error, and
 * beyond the exact range it could not even be computed. */
#define AVANCE_MAX_TENTHS 9999999

/* False (with a finding) when the row's figures are out of range: then
 * nothing else about them is said. */
static bool check_range(const char *file, const avance_item *it, const avance_row *row,
                        diag_list *d)
{
    char pct[32];
    if (row->desborde)   /* said once, as avance-desbordamiento */
        return true;
    int64_t worst = row->has_periodo ? row->periodo_tenths : 0;
    if (row->has_anual && row->anual_tenths > worst)
        worst = row->anual_tenths;
    if (worst <= AVANCE_MAX_TENTHS)
        return true;
    avance_pct_format(AVANCE_MAX_TENTHS, pct, sizeof pct);
    diag_add(d, RULE_AVANCE_CANTIDAD, file, it->line, it->clave,
             "el cumplimiento pasaría de %s de lo programado; revise las cantidades "
             "alcanzadas", pct);
    return false;
}

static void check_rows(const avance *a, const paa_programa *p,
                       const avance_report *r, diag_list *d)
{
    const char *file = avance_file(a);
    char pct[32];
    for (size_t i = 0; i < r->n_rows; i++) {
        const avance_row *row = &r->rows[i];
        const char *clave = row->act->clave;
        if (!row->reported) {
            diag_add(d, RULE_AVANCE_CLAVE_FALTANTE, file, avance_line(a), clave,
                     "la actividad %s del programa (%s:%d) no aparece en el "
                     "informe; se muestra «sin reporte» y no entra en los "
                     "promedios", clave, p->file, row->act->line);
            continue;
        }
        const avance_item *it = avance_find(a, clave);
        if (row->desborde)
            diag_add(d, RULE_AVANCE_DESBORDAMIENTO, file, it->line, clave,
                     "lo alcanzado acumulado hasta %s o su porcentaje no cabe en las "
                     "cifras exactas del informe (a lo más 922,337,203,685,477 y un "
                     "porcentaje de 19 cifras); revise las cantidades",
                     paa_month_name[r->corte - 1]);
        if (!check_range(file, it, row, d))
            continue;
        char why[512];
        if (row->justificacion != NULL
            && winansi_convert(row->justificacion, false, NULL, why, sizeof why) != 0)
            diag_add(d, RULE_AVANCE_JUSTIFICACION, file, it->justificacion_line, clave,
                     "la justificación no puede imprimirse en el informe: %s", why);
        /* An overflowed figure is never quoted (it would be the clamp). */
        if (!row->needs_justification || row->justificacion != NULL || row->desborde)
            continue;
        if (row->has_periodo) {
            avance_pct_format(row->periodo_tenths, pct, sizeof pct);
            diag_add(d, RULE_AVANCE_JUSTIFICACION, file, it->line, clave,
                     "el cumplimiento del periodo es %s (%s) y falta <justificacion>",
                     pct, avance_state_word(row->state));
        } else {
            diag_add(d, RULE_AVANCE_JUSTIFICACION, file, it->line, clave,
                     "no hay nada programado hasta %s pero se alcanzó algo; "
                     "falta <justificacion>", paa_month_name[r->corte - 1]);
        }
    }
}

int avance_check(const avance *a, const paa_programa *p,
                 const layout *lay, diag_list *d)
{
    if (avance_year(a) != p->anio)
        diag_add(d, RULE_AVANCE_ANIO, avance_file(a), avance_line(a), NULL,
                 "el informe es del año %d y el programa %s es del %d",
                 avance_year(a), p->file, p->anio);
    size_t n;
    const avance_item *items = avance_items(a, &n);
    bool *counted = calloc(n + 1, sizeof *counted);
    if (counted == NULL)
        return -1;
    check_items(a, p, counted, d);
    for (size_t i = 0; i < n; i++)
        check_months(a, &items[i], counted[i], d);
    free(counted);

    avance_thresholds t;
    if (avance_thresholds_load(lay, &t, d) != 0)
        return 0;   /* reported as a layout finding; nothing more to check */
    avance_report r;
    if (avance_compute(a, p, &t, &r) != 0)
        return -1;
    check_rows(a, p, &r, d);
    avance_report_free(&r);
    return 0;
}
