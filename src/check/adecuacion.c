/*
 * adecuacion: a progress report measured against a modified programme,
 * with the approved (original) programme's figures beside each row. The
 * activities are paired as `paa diff` pairs them (base/indice.h: by clave,
 * then a clave that disappeared while another appeared with the same
 * description and unit is the same activity renumbered). See semaforo.h
 * (avance_compare_original) and avance.h (avance_check_adecuacion).
 */
#include "check/avance.h"
#include "check/semaforo.h"

#include <stdlib.h>
#include <string.h>

#include "base/indice.h"
#include "base/text.h"

/* ---- pairing ------------------------------------------------------------------ */

/* The activities of a programme in document order, with their keys. */
typedef struct {
    const paa_actividad **acts;
    pareo_llaves *keys;
    size_t n;
} act_list;

static void act_list_free(act_list *l)
{
    free(l->acts);
    free(l->keys);
}

static int act_list_init(act_list *l, const paa_programa *p)
{
    size_t n = model_count_actividades(p);
    l->n = 0;
    l->acts = malloc((n + 1) * sizeof *l->acts);
    l->keys = malloc((n + 1) * sizeof *l->keys);
    if (l->acts == NULL || l->keys == NULL) {
        act_list_free(l);
        return -1;
    }
    for (size_t i = 0; i < p->n_subprogramas; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++) {
            const paa_proyecto *pr = &p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++) {
                const paa_actividad *a = &pr->actividades[k];
                l->keys[l->n] = (pareo_llaves){a->clave, a->descripcion, a->unidad};
                l->acts[l->n++] = a;
            }
        }
    return 0;
}

/* The original's and the modified programme's activities, paired. */
typedef struct {
    act_list orig, mod;
    pareo m;
} pairing;

static void pairing_free(pairing *g)
{
    act_list_free(&g->orig);
    act_list_free(&g->mod);
    pareo_free(&g->m);
}

static int pairing_init(pairing *g, const paa_programa *original, const paa_programa *mod)
{
    memset(g, 0, sizeof *g);
    if (act_list_init(&g->orig, original) != 0)
        return -1;
    if (act_list_init(&g->mod, mod) != 0 ||
        pareo_parear(g->orig.keys, g->orig.n, g->mod.keys, g->mod.n, &g->m) != 0) {
        pairing_free(g);
        return -1;
    }
    return 0;
}

/* ---- the report ---------------------------------------------------------------- */

static bool same_text(const char *x, const char *y)
{
    return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

static bool same_quantity(bool px, paa_dec x, bool py, paa_dec y)
{
    return px == py && (!px || x == y);
}

/* The original's figures and what changed, on a row of the modified
 * programme. The original's programmed-to-date is computed as the row's
 * own (one rule for both columns). */
static void compare_row(avance_row *row, const paa_actividad *o, int corte,
                        const avance_thresholds *t)
{
    const paa_actividad *a = row->act;
    paa_dec none[PAA_MONTHS] = {0};
    avance_row fig;
    avance_compute_row(o, false, none, 0, corte, t, &fig);
    row->orig = o;
    row->orig_prog_acum_known = fig.prog_acum_known;
    row->orig_prog_acum = fig.prog_acum;
    row->orig_anual_known = fig.anual_known;
    row->orig_anual = fig.anual;
    if (strcmp(o->clave, a->clave) != 0)
        row->cambios |= AVANCE_CAMBIO_RENUMERADA;
    if (!same_quantity(o->anual_present, o->anual, a->anual_present, a->anual))
        row->cambios |= AVANCE_CAMBIO_ANUAL;
    for (int m = 0; m < PAA_MONTHS; m++) {
        uint16_t bit = (uint16_t)(1u << m);
        if (!same_quantity(o->meses_present & bit, o->meses[m], a->meses_present & bit,
                           a->meses[m]))
            row->meses_cambiados |= bit;
    }
    if (row->meses_cambiados != 0)
        row->cambios |= AVANCE_CAMBIO_MESES;
    if (!same_text(o->unidad, a->unidad))
        row->cambios |= AVANCE_CAMBIO_UNIDAD;
}

static void cancel(avance_report *r, const paa_actividad *o)
{
    paa_dec none[PAA_MONTHS] = {0};
    avance_row fig;
    avance_compute_row(o, false, none, 0, r->corte, &r->thr, &fig);
    r->canceladas[r->n_canceladas++] = (avance_cancelada){
        o, fig.prog_acum_known, fig.anual_known, fig.prog_acum, fig.anual};
}

/* The rows' activities (the modified programme's, in order), keyed. */
static int act_list_of_rows(act_list *l, const avance_report *r)
{
    l->n = r->n_rows;
    l->acts = malloc((r->n_rows + 1) * sizeof *l->acts);
    l->keys = malloc((r->n_rows + 1) * sizeof *l->keys);
    if (l->acts == NULL || l->keys == NULL) {
        act_list_free(l);
        return -1;
    }
    for (size_t k = 0; k < r->n_rows; k++) {
        const paa_actividad *a = r->rows[k].act;
        l->acts[k] = a;
        l->keys[k] = (pareo_llaves){a->clave, a->descripcion, a->unidad};
    }
    return 0;
}

int avance_compare_original(avance_report *r, const paa_programa *original)
{
    pairing g;
    memset(&g, 0, sizeof g);
    if (act_list_init(&g.orig, original) != 0)
        return -1;
    if (act_list_of_rows(&g.mod, r) != 0 ||
        (r->canceladas = calloc(g.orig.n + 1, sizeof *r->canceladas)) == NULL ||
        pareo_parear(g.orig.keys, g.orig.n, g.mod.keys, g.mod.n, &g.m) != 0) {
        free(r->canceladas);
        r->canceladas = NULL;
        pairing_free(&g);
        return -1;
    }
    r->original = original;
    for (size_t k = 0; k < g.m.n; k++) {
        const pareo_par *pp = &g.m.pares[k];
        if (pp->b == PAA_INDICE_NINGUNO) {
            cancel(r, g.orig.acts[pp->a]);
            continue;
        }
        avance_row *row = &r->rows[pp->b];
        if (pp->a == PAA_INDICE_NINGUNO)
            row->cambios |= AVANCE_CAMBIO_NUEVA;
        else
            compare_row(row, g.orig.acts[pp->a], r->corte, &r->thr);
        r->n_cambiadas += row->cambios != 0;
    }
    pairing_free(&g);
    return 0;
}

/* ---- notes --------------------------------------------------------------------- */

static void quantity_text(strbuf *b, bool known, paa_dec v)
{
    char num[PAA_DEC_BUFSZ];
    if (!known) {
        strbuf_puts(b, "sin dato");
        return;
    }
    paa_dec_format(v, true, num);
    strbuf_puts(b, num);
}

static void goal_note(const avance_row *r, strbuf *b)
{
    const paa_actividad *o = r->orig, *a = r->act;
    strbuf_printf(b, "%s Meta modificada por la adecuación:", AVANCE_MARK_MODIFICADO);
    const char *sep = " ";
    if (r->cambios & AVANCE_CAMBIO_ANUAL) {
        strbuf_puts(b, " anual de ");
        quantity_text(b, o->anual_present, o->anual);
        strbuf_puts(b, " a ");
        quantity_text(b, a->anual_present, a->anual);
        sep = "; ";
    }
    for (int m = 0; m < PAA_MONTHS; m++) {
        uint16_t bit = (uint16_t)(1u << m);
        if (!(r->meses_cambiados & bit))
            continue;
        strbuf_printf(b, "%s%s de ", sep, paa_month_name[m]);
        quantity_text(b, o->meses_present & bit, o->meses[m]);
        strbuf_puts(b, " a ");
        quantity_text(b, a->meses_present & bit, a->meses[m]);
        sep = ", ";
    }
    if (r->cambios & AVANCE_CAMBIO_UNIDAD)
        strbuf_printf(b, "%sunidad de «%s» a «%s»", r->cambios & (AVANCE_CAMBIO_ANUAL |
                                                                AVANCE_CAMBIO_MESES)
                                                     ? "; " : " ",
                      o->unidad != NULL ? o->unidad : "sin dato",
                      a->unidad != NULL ? a->unidad : "sin dato");
    strbuf_puts(b, ".");
}

int avance_row_cambio_note(const avance_row *r, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    strbuf b = {0};
    if (r->cambios & AVANCE_CAMBIO_NUEVA)
        strbuf_printf(&b, "%s Actividad agregada por la adecuación.", AVANCE_MARK_MODIFICADO);
    else if (r->cambios & AVANCE_CAMBIO_META)
        goal_note(r, &b);
    if (r->cambios & AVANCE_CAMBIO_RENUMERADA)
        strbuf_printf(&b, "%sRenumerada por la adecuación: antes %s.", b.len ? " " : "",
                      r->orig->clave);
    return strbuf_into(&b, buf, size);
}

/* ---- the checker ----------------------------------------------------------------- */

/* What became of an original clave that the modified programme lacks:
 * pair index k of g. */
static void destination(const pairing *g, size_t k, strbuf *b)
{
    const pareo_par *pp = &g->m.pares[k];
    if (pp->b == PAA_INDICE_NINGUNO)
        strbuf_printf(b, "%s fue cancelada por la adecuación", g->orig.acts[pp->a]->clave);
    else
        strbuf_printf(b, "%s fue renumerada a %s por la adecuación",
                      g->orig.acts[pp->a]->clave, g->mod.acts[pp->b]->clave);
}

int avance_check_adecuacion(const paa_programa *original, const paa_programa *mod,
                            diag_list *d, size_t from)
{
    pairing g;
    if (pairing_init(&g, original, mod) != 0) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    paa_indice by_clave;
    int rc = indice_init(&by_clave, g.orig.n);
    for (size_t i = 0; rc == 0 && i < g.orig.n; i++)
        indice_agregar(&by_clave, g.orig.acts[i]->clave, NULL, g.m.par_a[i]);
    for (size_t i = from; rc == 0 && i < d->n; i++) {
        diag *x = &d->items[i];
        size_t k = x->rule->code == RULE_AVANCE_CLAVE_DESCONOCIDA && x->clave != NULL
                       ? indice_buscar(&by_clave, x->clave, NULL)
                       : PAA_INDICE_NINGUNO;
        if (k == PAA_INDICE_NINGUNO)
            continue;
        strbuf b = {0};
        strbuf_printf(&b, "%s; ", x->message);
        destination(&g, k, &b);
        if (b.failed) {
            rc = -1;
        } else {
            free(x->message);
            x->message = strbuf_take(&b);
        }
        strbuf_free(&b);
    }
    if (rc != 0)
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
    indice_free(&by_clave);
    pairing_free(&g);
    return rc;
}

/* ---- the sentence ------------------------------------------------------------------ */

/* "paa2024.xml" of "input/paa2024.xml". */
static const char *file_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

void avance_adecuacion_frase(const paa_programa *original, const paa_programa *mod,
                             char *buf, size_t size)
{
    const paa_documento *o = &original->doc, *m = &mod->doc;
    bool dated = m->fecha_mes >= 1 && m->fecha_mes <= 12 &&
                 (m->fecha_anio != o->fecha_anio || m->fecha_mes != o->fecha_mes ||
                  m->fecha_dia != o->fecha_dia);
    const char *base = file_base(mod->file);
    if (dated)
        snprintf(buf, size, "Cumplimiento medido contra el programa modificado "
                 "(adecuación del %d de %s de %d).", m->fecha_dia,
                 paa_month_name[m->fecha_mes - 1], m->fecha_anio);
    else
        snprintf(buf, size, "Cumplimiento medido contra el programa modificado "
                 "(adecuación: %s).", base);
}

void avance_adecuacion_resumen(const avance_report *r, const paa_programa *mod,
                               const char *col_orig, const char *col_mod, bool base_names,
                               strbuf *b)
{
    size_t meta = 0, nuevas = 0, renum = 0;
    for (size_t i = 0; i < r->n_rows; i++) {
        unsigned k = r->rows[i].cambios;
        nuevas += (k & AVANCE_CAMBIO_NUEVA) != 0;
        meta += !(k & AVANCE_CAMBIO_NUEVA) && (k & AVANCE_CAMBIO_META);
        renum += (k & AVANCE_CAMBIO_RENUMERADA) != 0;
    }
    char frase[AVANCE_FRASE_BUFSZ];
    avance_adecuacion_frase(r->original, mod, frase, sizeof frase);
    strbuf_printf(b, "%s La adecuación modificó la meta de %zu %s, agregó %zu, renumeró %zu "
                  "y canceló %zu (véase «Actividades canceladas por la adecuación»). En el "
                  "detalle, «%s» es lo programado hasta el corte en el "
                  "programa aprobado (%s) y «%s», en el programa "
                  "vigente (%s), contra el que se calcula el cumplimiento; «%s» señala las "
                  "filas cuya meta cambió o que se agregaron.",
                  frase, meta, meta == 1 ? "actividad" : "actividades", nuevas, renum,
                  r->n_canceladas, col_orig,
                  base_names ? file_base(r->original->file) : r->original->file, col_mod,
                  base_names ? file_base(mod->file) : mod->file, AVANCE_MARK_MODIFICADO);
}
