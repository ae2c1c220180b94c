/* hallazgos: check findings that appear or disappear between two versions.
 * See interno.h. */
#include <stdlib.h>
#include <string.h>

#include "check/baseline.h"
#include "check/programa.h"
#include "diff/interno.h"

/* Findings `paa check` would report: not accepted by the baseline. */
static bool cuenta(const diag *x)
{
    return !x->accepted && x->severity != DIAG_NOTE && x->rule->code != RULE_IO;
}

/* Runs the checker and the baseline on one version. */
static int revisar(const paa_programa *p, const char *linea_base, diag_list *out,
                   diag_list *d)
{
    if (check_programa(p, out) != 0) {
        diag_add(d, RULE_IO, p->file, 0, NULL, "memoria insuficiente para la revisión");
        return -1;
    }
    if (linea_base != NULL) {
        check_baseline *b = NULL;
        if (check_baseline_load(linea_base, false, &b, d) != 0)
            return -1;
        check_baseline_apply(b, out, diag_command_rules(false));
        check_baseline_free(b);
    }
    diag_sort(out);
    return 0;
}

/* The key a finding is compared by: rule and clave (an old clave under
 * its new number); a stale baseline entry by its message, which names the
 * entry. */
static const char *clave_de(const diag *x, const diff_indice *ren,
                            const diff_renumeracion *tabla)
{
    if (x->rule->code == RULE_LINEA_BASE_OBSOLETA)
        return x->message;
    if (ren == NULL || x->clave == NULL)
        return x->clave;
    size_t k = indice_buscar(ren, x->clave, NULL);
    return k != INDICE_NINGUNO ? tabla[k].despues : x->clave;
}

static int copiar(diff_result *r, const diag *x, diff_hallazgos *to, size_t cap)
{
    if (to->items == NULL) {
        to->items = paa_arena_alloc(&r->arena, (cap + 1) * sizeof *to->items);
        if (to->items == NULL)
            return -1;
    }
    diff_hallazgo *h = &to->items[to->n++];
    h->archivo = x->file ? paa_arena_strdup(&r->arena, x->file) : NULL;
    h->linea = x->line;
    h->regla = x->rule->id;
    h->severidad = x->severity;
    h->clave = x->clave ? paa_arena_strdup(&r->arena, x->clave) : NULL;
    h->mensaje = paa_arena_strdup(&r->arena, x->message);
    return (x->file && !h->archivo) || (x->clave && !h->clave) || !h->mensaje ? -1 : 0;
}

/* Pairs the findings of both lists as multisets of keys. */
static int comparar(diff_result *r, const diag_list *la, const diag_list *lb,
                    const diff_indice *ren, const diff_renumeracion *tabla)
{
    diff_indice viejos;
    bool *usado = calloc(la->n + 1, sizeof *usado);
    if (usado == NULL || indice_init(&viejos, la->n) != 0) {
        free(usado);
        return -1;
    }
    for (size_t i = 0; i < la->n; i++)
        if (cuenta(&la->items[i]))
            indice_agregar(&viejos, la->items[i].rule->id, clave_de(&la->items[i], ren, tabla), i);
    int rc = 0;
    for (size_t j = 0; j < lb->n && rc == 0; j++) {
        const diag *x = &lb->items[j];
        if (!cuenta(x))
            continue;
        size_t i = indice_tomar(&viejos, x->rule->id, clave_de(x, NULL, NULL));
        if (i != INDICE_NINGUNO)
            usado[i] = true;
        else if (x->rule->code == RULE_LINEA_BASE_OBSOLETA)
            rc = copiar(r, x, &r->obsoletas, lb->n);
        else
            rc = copiar(r, x, &r->nuevos, lb->n);
    }
    for (size_t i = 0; i < la->n && rc == 0; i++)
        if (cuenta(&la->items[i]) && !usado[i])
            rc = copiar(r, &la->items[i], &r->resueltos, la->n);
    indice_free(&viejos);
    free(usado);
    return rc;
}

int diff_hallazgos_comparar(const paa_programa *antes, const paa_programa *despues,
                            const diff_renumeracion *ren, size_t n_ren,
                            diff_result *r, diag_list *d)
{
    diag_list la, lb;
    diag_list_init(&la);
    diag_list_init(&lb);
    diff_indice por_clave;
    int rc = -1;
    if (revisar(antes, r->linea_base, &la, d) == 0 &&
        revisar(despues, r->linea_base, &lb, d) == 0) {
        if (indice_init(&por_clave, n_ren) == 0) {
            for (size_t k = 0; k < n_ren; k++)
                indice_agregar(&por_clave, ren[k].antes, NULL, k);
            rc = comparar(r, &la, &lb, &por_clave, ren);
            indice_free(&por_clave);
        }
        if (rc != 0)
            diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente para comparar");
    }
    diag_list_free(&la);
    diag_list_free(&lb);
    return rc;
}
