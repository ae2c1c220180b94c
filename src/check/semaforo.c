/*
 * semaforo: the figures of a progress report. See semaforo.h for the
 * rules of the computation; check/avance.c judges them and the two
 * documents (pdf/avance_pdf.c, xlsx/avance_xlsx.c) print them.
 */
#include "check/semaforo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* 128-bit integers for exact products of two scaled decimals. */
__extension__ typedef __int128 i128;

/* ---- states and thresholds ------------------------------------------------ */

static const char *const state_words[AVANCE_NSTATES] = {
    "sin datos", "sin programación", "rojo", "amarillo", "verde",
    "sobrecumplimiento", "sin reporte"};
static const char *const state_ids[AVANCE_NSTATES] = {
    "sin-datos", "sin-programacion", "rojo", "amarillo", "verde",
    "sobrecumplimiento", "sin-reporte"};

const avance_state avance_state_order[AVANCE_NSTATES] = {
    AVANCE_SOBRE, AVANCE_VERDE, AVANCE_AMARILLO, AVANCE_ROJO,
    AVANCE_SIN_PROGRAMACION, AVANCE_SIN_DATOS, AVANCE_SIN_REPORTE};

const char *avance_state_word(avance_state s)
{
    return state_words[s];
}

const char *avance_state_id(avance_state s)
{
    return state_ids[s];
}

void avance_thresholds_default(avance_thresholds *t)
{
    t->verde = 90 * (paa_dec)PAA_DEC_SCALE;
    t->amarillo = 70 * (paa_dec)PAA_DEC_SCALE;
    t->sobre = 110 * (paa_dec)PAA_DEC_SCALE;
}

/* Reads one threshold exactly (layout_number would go through a double). */
static int threshold_attr(const layout *lay, const layout_node *n,
                          const char *name, paa_dec *out, diag_list *d)
{
    const char *s = layout_attr(n, name);
    if (s == NULL)
        return 0;
    paa_dec v;
    paa_dec_status st = paa_dec_parse(s, &v);
    if (st != PAA_DEC_OK || v < 0) {
        layout_error(lay, n, d, "el umbral %s=\"%s\" del semáforo %s", name, s,
                     st != PAA_DEC_OK ? paa_dec_strerror(st) : "es negativo");
        return -1;
    }
    *out = v;
    return 0;
}

int avance_thresholds_load(const layout *lay, avance_thresholds *t,
                           diag_list *d)
{
    avance_thresholds_default(t);
    const layout_node *n = lay != NULL ? layout_find(lay, "semaforo", NULL) : NULL;
    if (n == NULL)
        return 0;
    if (threshold_attr(lay, n, "verde", &t->verde, d) != 0 ||
        threshold_attr(lay, n, "amarillo", &t->amarillo, d) != 0 ||
        threshold_attr(lay, n, "sobrecumplimiento", &t->sobre, d) != 0)
        return -1;
    if (!(t->amarillo <= t->verde && t->verde <= t->sobre)) {
        layout_error(lay, n, d, "los umbrales del semáforo deben cumplir "
                     "amarillo ≤ verde ≤ sobrecumplimiento");
        return -1;
    }
    return 0;
}

/* ---- exact arithmetic ------------------------------------------------------ */

int64_t avance_pct_tenths(paa_dec num, paa_dec den)
{
    /* tenths = num / den * 1000, half up: floor((2000 num + den) / 2 den). */
    i128 q = ((i128)2000 * num + den) / ((i128)2 * den);
    return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

void avance_pct_format(int64_t tenths, char *buf, size_t size)
{
    snprintf(buf, size, "%lld.%lld %%", (long long)(tenths / 10),
             (long long)(tenths % 10));
}

/* alc / prog ≥ pct / 100, exactly (pct scaled like every paa_dec). */
static bool ratio_at_least(paa_dec alc, paa_dec prog, paa_dec pct)
{
    return (i128)alc * (100 * PAA_DEC_SCALE) >= (i128)pct * prog;
}

avance_state avance_classify(paa_dec alc, paa_dec prog,
                             const avance_thresholds *t)
{
    /* The green band includes both ends: [verde, sobre]. */
    if ((i128)alc * (100 * PAA_DEC_SCALE) > (i128)t->sobre * prog)
        return AVANCE_SOBRE;
    if (ratio_at_least(alc, prog, t->verde))
        return AVANCE_VERDE;
    if (ratio_at_least(alc, prog, t->amarillo))
        return AVANCE_AMARILLO;
    return AVANCE_ROJO;
}

/* A threshold (percent, scaled) in tenths of a percent, rounded down or
 * up: the last displayed value below it is ceil - 1, the first above it
 * floor + 1. Thresholds are not negative (the layout schema). */
static int64_t tenths_floor(paa_dec thr)
{
    return (int64_t)(((i128)thr * 10) / PAA_DEC_SCALE);
}

static int64_t tenths_ceil(paa_dec thr)
{
    return (int64_t)(((i128)thr * 10 + PAA_DEC_SCALE - 1) / PAA_DEC_SCALE);
}

int64_t avance_pct_shown(int64_t tenths, avance_state s, const avance_thresholds *t)
{
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    switch (s) {
    case AVANCE_ROJO:           /* below amarillo */
        hi = tenths_ceil(t->amarillo) - 1;
        break;
    case AVANCE_AMARILLO:       /* [amarillo, verde) */
        lo = tenths_ceil(t->amarillo);
        hi = tenths_ceil(t->verde) - 1;
        break;
    case AVANCE_VERDE:          /* [verde, sobre] */
        lo = tenths_ceil(t->verde);
        hi = tenths_floor(t->sobre);
        break;
    case AVANCE_SOBRE:          /* above sobre */
        lo = tenths_floor(t->sobre) + 1;
        break;
    default:
        return tenths;
    }
    /* A band narrower than a tenth cannot be shown to one decimal: keep the
     * rounded figure rather than invert the band. */
    if (lo > hi)
        return tenths;
    return tenths < lo ? lo : tenths > hi ? hi : tenths;
}

/* Sum of months [0, n) of a programme activity; false when one is unknown
 * or the sum overflows. */
static bool programmed_sum(const paa_actividad *act, int n, paa_dec *out)
{
    paa_dec sum = 0;
    for (int m = 0; m < n; m++)
        if (!(act->meses_present & (1u << m)) || !paa_dec_add(sum, act->meses[m], &sum))
            return false;
    *out = sum;
    return true;
}

/* Whether the programme of an activity holds together: the checker
 * reports the same problems (suma-meses, meses-exceden-anual,
 * cantidad-faltante), but a report built on such a programme must say so
 * next to the figures, since the baseline may have accepted them. */
static void programme_issues(const paa_actividad *act, avance_row *out)
{
    paa_dec sum = 0;
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((act->meses_present & (1u << m)) && !paa_dec_add(sum, act->meses[m], &sum))
            sum = INT64_MAX;   /* beyond any annual: still "exceeds" */
    out->meses_suma = sum;
    bool complete = act->anual_present && act->meses_present == (1u << PAA_MONTHS) - 1;
    if (!complete)
        out->prog_issues |= AVANCE_PROG_INCOMPLETO;
    if (!act->anual_present)
        return;
    if (complete && sum != act->anual)
        out->prog_issues |= AVANCE_PROG_SUMA;
    if (sum > act->anual || (out->prog_acum_known && out->prog_acum > act->anual))
        out->prog_issues |= AVANCE_PROG_EXCEDE;
}

int avance_quarter(int corte)
{
    return (corte - 1) / 3 + 1;
}

int avance_quarter_first(int corte)
{
    return 3 * (avance_quarter(corte) - 1) + 1;
}

void avance_quarter_label(int corte, bool short_form, char *buf, size_t size)
{
    int q = avance_quarter(corte), first = avance_quarter_first(corte) - 1, last = corte - 1;
    const char *const *names = short_form ? paa_month_abbr : paa_month_name;
    /* abbreviations are written in lower case inside a sentence: «abr» */
    char a[16], b[16];
    snprintf(a, sizeof a, "%s", names[first]);
    snprintf(b, sizeof b, "%s", names[last]);
    a[0] = (char)(a[0] | 0x20);
    b[0] = (char)(b[0] | 0x20);
    const char *word = short_form ? "trim." : "trimestre";
    if (first == last)
        snprintf(buf, size, "%d.º %s (%s)", q, word, a);
    else
        snprintf(buf, size, "%d.º %s (%s%s%s)", q, word, a, short_form ? "–" : " a ", b);
}

/* State of a reported programmed/achieved pair and, when it has one, its
 * percentage as shown: sin datos when the programmed is unknown, sin
 * programación when nothing is programmed (no ratio: false). The figure
 * printed never contradicts the state: 41.9999 of 60 is 69.99983 %, rojo,
 * and shows «69.9 %», not «70.0 %». */
static bool classify_pair(bool known, paa_dec alc, paa_dec prog, const avance_thresholds *t,
                          avance_row *out, avance_state *state, int64_t *shown)
{
    if (!known) {
        *state = AVANCE_SIN_DATOS;
        return false;
    }
    if (prog <= 0) {
        *state = AVANCE_SIN_PROGRAMACION;
        return false;
    }
    *state = avance_classify(alc, prog, t);
    int64_t tenths = avance_pct_tenths(alc, prog);
    out->desborde = out->desborde || tenths == INT64_MAX;
    *shown = avance_pct_shown(tenths, *state, t);
    return true;
}

/* The quarter's figures of a row whose programme issues and achieved
 * months are known (see avance_row). */
static void quarter_figures(const paa_actividad *act, const paa_dec alc[PAA_MONTHS],
                            uint16_t alc_present, int corte,
                            const avance_thresholds *t, avance_row *out)
{
    int first = avance_quarter_first(corte) - 1;
    out->trim_known = true;
    for (int m = first; m < corte; m++) {
        if (!(act->meses_present & (1u << m)) ||
            !paa_dec_add(out->prog_trim, act->meses[m], &out->prog_trim))
            out->trim_known = false;
        paa_dec v = out->reported && (alc_present & (1u << m)) ? alc[m] : 0;
        if (!paa_dec_add(out->alc_trim, v, &out->alc_trim)) {
            out->alc_trim = INT64_MAX;
            out->desborde = true;
        }
    }
    if (!out->trim_known)
        out->prog_trim = 0;
    if (!out->reported)
        out->trim_state = AVANCE_SIN_REPORTE;
    else
        out->has_trim = classify_pair(out->trim_known, out->alc_trim, out->prog_trim, t, out,
                                      &out->trim_state, &out->trim_tenths);
}

void avance_compute_row(const paa_actividad *act, bool reported,
                        const paa_dec alc[PAA_MONTHS],
                        uint16_t alc_present, int corte,
                        const avance_thresholds *t, avance_row *out)
{
    memset(out, 0, sizeof *out);
    out->act = act;
    out->reported = reported;
    int last = corte - 1;

    /* Unreported months count as zero achieved (the checker warns). */
    for (int m = 0; m < corte && reported; m++) {
        paa_dec v = (alc_present & (1u << m)) ? alc[m] : 0;
        if (m == last)
            out->alc_mes = v;
        if (!paa_dec_add(out->alc_acum, v, &out->alc_acum)) {
            out->alc_acum = INT64_MAX;
            out->desborde = true;
        }
    }
    out->prog_mes_known = (act->meses_present & (1u << last)) != 0;
    if (out->prog_mes_known)
        out->prog_mes = act->meses[last];
    out->prog_acum_known = programmed_sum(act, corte, &out->prog_acum);
    out->anual_known = act->anual_present;
    out->anual = act->anual;
    programme_issues(act, out);
    uint16_t to_date = (uint16_t)((1u << corte) - 1);
    out->reconstruidos = act->meses_reconstruidos & act->meses_present & to_date;
    out->meses_cero = reported ? (uint16_t)(to_date & ~alc_present) : 0;
    out->anual_reconstruido = act->anual_present && act->anual_reconstruido;
    quarter_figures(act, alc, alc_present, corte, t, out);

    if (!reported) {
        /* Nothing is known of what was achieved: no ratio, no zero. */
        out->state = AVANCE_SIN_REPORTE;
        return;
    }
    if (out->anual_known && out->anual > 0) {
        out->has_anual = true;
        out->anual_tenths = avance_pct_tenths(out->alc_acum, out->anual);
        out->desborde = out->desborde || out->anual_tenths == INT64_MAX;
    }
    out->has_periodo = classify_pair(out->prog_acum_known, out->alc_acum, out->prog_acum, t,
                                     out, &out->state, &out->periodo_tenths);
    /* Outside the green band, and work done without programme, has to be
     * explained. */
    out->needs_justification = out->has_periodo
                                   ? out->state != AVANCE_VERDE
                                   : out->state == AVANCE_SIN_PROGRAMACION && out->alc_acum > 0;
}

/* ---- row notes ---------------------------------------------------------------- */

static void inconsistency_note(const avance_row *r, strbuf *b)
{
    const paa_actividad *a = r->act;
    char suma[PAA_DEC_BUFSZ], anual[PAA_DEC_BUFSZ];
    paa_dec_format(r->meses_suma, true, suma);
    paa_dec_format(a->anual, true, anual);
    if (r->prog_issues & AVANCE_PROG_SUMA) {
        strbuf_printf(b, "%s Programa inconsistente: los doce meses suman %s y "
                      "la cantidad anual es %s.", AVANCE_MARK_INCONSISTENTE, suma, anual);
        return;
    }
    strbuf_printf(b, "%s Programa incompleto, sin la cantidad de:",
                  AVANCE_MARK_INCONSISTENTE);
    const char *sep = " ";
    if (!a->anual_present) {
        strbuf_puts(b, " anual");
        sep = ", ";
    }
    for (int m = 0; m < PAA_MONTHS; m++)
        if (!(a->meses_present & (1u << m))) {
            strbuf_printf(b, "%s%s", sep, paa_month_name[m]);
            sep = ", ";
        }
    strbuf_puts(b, ".");
    if (r->prog_issues & AVANCE_PROG_EXCEDE)
        strbuf_printf(b, " Los meses conocidos suman %s, más que la cantidad "
                      "anual (%s).", suma, anual);
}

static void reconstruction_note(const avance_row *r, int corte, strbuf *b)
{
    strbuf_printf(b, "%s%s Programado con valores reconstruidos:",
                  b->len ? " " : "", AVANCE_MARK_RECONSTRUIDO);
    const char *sep = " ";
    for (int m = 0; m < corte && m < PAA_MONTHS; m++)
        if (r->reconstruidos & (1u << m)) {
            strbuf_printf(b, "%s%s", sep, paa_month_name[m]);
            sep = ", ";
        }
    if (r->anual_reconstruido)
        strbuf_printf(b, "%scantidad anual", sep);
    strbuf_puts(b, ".");
}

/* Months a reported activity does not give count as zero: the row says
 * which, and an activity reported with no month at all is told apart
 * from one that reported zeros. */
static void zero_note(const avance_row *r, int corte, strbuf *b)
{
    uint16_t to_date = (uint16_t)((1u << corte) - 1);
    if (r->meses_cero == to_date) {
        strbuf_printf(b, "%sReportada sin ningún mes hasta %s: se cuenta como alcanzado "
                      "cero.", b->len ? " " : "", paa_month_name[corte - 1]);
        return;
    }
    strbuf_printf(b, "%sSin reporte, contado como cero:", b->len ? " " : "");
    const char *sep = " ";
    for (int m = 0; m < corte && m < PAA_MONTHS; m++)
        if (r->meses_cero & (1u << m)) {
            strbuf_printf(b, "%s%s", sep, paa_month_name[m]);
            sep = ", ";
        }
    strbuf_puts(b, ".");
}

int avance_row_note(const avance_row *r, int corte, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    strbuf b = {0};
    if (r->prog_issues != 0)
        inconsistency_note(r, &b);
    if (r->reconstruidos != 0 || r->anual_reconstruido)
        reconstruction_note(r, corte, &b);
    if (r->meses_cero != 0)
        zero_note(r, corte, &b);
    /* a short buffer gets the note cut, never half a character */
    return strbuf_into(&b, buf, size);
}

/* ---- roll-ups ---------------------------------------------------------------- */

/* Rounded mean of the rows' % periodo (or, with `trim`, % of the
 * quarter), each capped at 100 %, in tenths, exactly. */
static int capped_mean(const avance_row *rows, size_t n, bool trim, int64_t *out)
{
    paa_fraction_sum sum = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const avance_row *r = &rows[i];
        if (!(trim ? r->has_trim : r->has_periodo))
            continue;
        uint64_t p = (uint64_t)(trim ? r->prog_trim : r->prog_acum);
        uint64_t a = (uint64_t)(trim ? r->alc_trim : r->alc_acum);
        rc = paa_fraction_sum_add(&sum, a < p ? a : p, p);
    }
    if (rc == 0)
        rc = paa_fraction_sum_mean(&sum, 1000, out);
    paa_fraction_sum_free(&sum);
    return rc;
}

int avance_rollup_rows(const avance_row *rows, size_t n,
                       avance_rollup *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        const avance_row *r = &rows[i];
        out->count[r->state]++;
        out->n_ratio += r->has_periodo;
        out->n_inconsistent += r->prog_issues != 0;
        out->n_reconstructed += r->reconstruidos != 0 || r->anual_reconstruido;
        out->n_sin_prog_con_avance += r->state == AVANCE_SIN_PROGRAMACION && r->alc_acum > 0;
        out->trim_count[r->trim_state]++;
        out->trim_n_ratio += r->has_trim;
        out->trim_n_sin_prog_con_avance +=
            r->trim_state == AVANCE_SIN_PROGRAMACION && r->alc_trim > 0;
    }
    /* Only rows with a ratio can be verde or sobrecumplimiento. */
    out->n_green = out->count[AVANCE_VERDE] + out->count[AVANCE_SOBRE];
    out->trim_n_green = out->trim_count[AVANCE_VERDE] + out->trim_count[AVANCE_SOBRE];
    if (out->n_ratio > 0) {
        out->green_share_tenths = avance_pct_tenths((paa_dec)out->n_green,
                                                      (paa_dec)out->n_ratio);
        if (capped_mean(rows, n, false, &out->mean_tenths) != 0)
            return -1;
    }
    if (out->trim_n_ratio > 0) {
        out->trim_green_share_tenths = avance_pct_tenths((paa_dec)out->trim_n_green,
                                                           (paa_dec)out->trim_n_ratio);
        if (capped_mean(rows, n, true, &out->trim_mean_tenths) != 0)
            return -1;
    }
    return 0;
}

/* ---- the report ------------------------------------------------------------ */

/* Valid achieved months up to the cut-off (first occurrence wins; the
 * checker reports repeats, negatives, malformed and later months). */
static uint16_t item_months(const avance_item *it, int corte,
                            paa_dec alc[PAA_MONTHS])
{
    uint16_t present = 0;
    for (size_t k = 0; k < it->n_months; k++) {
        const avance_month *m = &it->months[k];
        if (m->mes >= corte || m->st != PAA_DEC_OK || m->value < 0 ||
            (present & (1u << m->mes)))
            continue;
        alc[m->mes] = m->value;
        present |= (uint16_t)(1u << m->mes);
    }
    return present;
}

static void compute_rows(const avance *a, const paa_programa *p,
                         const avance_thresholds *t, avance_report *r)
{
    int corte = r->corte;
    size_t row = 0, proy = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        r->sub_first[i] = row;
        for (size_t j = 0; j < s->n_proyectos; j++, proy++) {
            const paa_proyecto *pr = &s->proyectos[j];
            r->proy_first[proy] = row;
            for (size_t k = 0; k < pr->n_actividades; k++, row++) {
                const paa_actividad *act = &pr->actividades[k];
                const avance_item *it = avance_find(a, act->clave);
                paa_dec alc[PAA_MONTHS] = {0};
                uint16_t present = it != NULL ? item_months(it, corte, alc) : 0;
                avance_compute_row(act, it != NULL, alc, present, corte, t,
                                   &r->rows[row]);
                r->rows[row].justificacion = it != NULL ? it->justificacion : NULL;
                r->rows[row].line = it != NULL ? it->line : 0;
            }
        }
    }
    r->sub_first[p->n_subprogramas] = row;
    r->proy_first[proy] = row;
}

static int compute_rollups(const paa_programa *p, avance_report *r)
{
    size_t nproy = model_count_proyectos(p);
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        size_t first = r->sub_first[i];
        if (avance_rollup_rows(r->rows + first, r->sub_first[i + 1] - first,
                               &r->sub[i]) != 0)
            return -1;
    }
    for (size_t j = 0; j < nproy; j++) {
        size_t first = r->proy_first[j];
        if (avance_rollup_rows(r->rows + first, r->proy_first[j + 1] - first,
                               &r->proy[j]) != 0)
            return -1;
    }
    return avance_rollup_rows(r->rows, r->n_rows, &r->total);
}

int avance_compute(const avance *a, const paa_programa *p,
                   const avance_thresholds *t, avance_report *out)
{
    memset(out, 0, sizeof *out);
    out->corte = avance_cutoff(a);
    out->thr = *t;
    out->n_rows = model_count_actividades(p);
    size_t nsub = p->n_subprogramas, nproy = model_count_proyectos(p);
    out->rows = calloc(out->n_rows + 1, sizeof *out->rows);
    out->sub = calloc(nsub + 1, sizeof *out->sub);
    out->proy = calloc(nproy + 1, sizeof *out->proy);
    out->sub_first = calloc(nsub + 1, sizeof *out->sub_first);
    out->proy_first = calloc(nproy + 1, sizeof *out->proy_first);
    if (out->rows == NULL || out->sub == NULL || out->proy == NULL ||
        out->sub_first == NULL || out->proy_first == NULL) {
        avance_report_free(out);
        return -1;
    }
    compute_rows(a, p, t, out);
    if (compute_rollups(p, out) != 0) {
        avance_report_free(out);
        return -1;
    }
    return 0;
}

void avance_report_free(avance_report *r)
{
    free(r->rows);
    free(r->sub);
    free(r->proy);
    free(r->sub_first);
    free(r->proy_first);
    free(r->canceladas);
    memset(r, 0, sizeof *r);
}

