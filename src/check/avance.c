/*
 * avance: loading, cross-checking and computing avance reports.
 * See avance.h for the file format and the computation rules; the two
 * renderers are avance_pdf.c and avance_xlsx.c.
 */
#include "check/avance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "read/xml.h"

/* The real avance file is ~100 KB; anything far larger is a mistake. */
#define AVANCE_MAX_BYTES (16L * 1024 * 1024)

/* 128-bit integers for exact products of two scaled decimals. */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* One <alcanzado>, kept as written so the checker can report it. */
typedef struct {
    int mes;              /* 0 = ene */
    int line;
    const char *text;
    paa_dec value;
    paa_dec_status st;
} avance_month;

/* One <actividad> of the avance file. */
typedef struct {
    const char *clave;
    int line;
    avance_month *months;
    size_t n_months;
    const char *justificacion;   /* NULL when absent */
    int justificacion_line;
} avance_item;

struct avance {
    const char *file;
    int line;             /* <avance> */
    int anio;
    int corte;            /* 1..12 */
    bool ejemplo;
    const char *nota;     /* NULL when absent */
    const char **observaciones;
    size_t n_observaciones;
    avance_item *items;
    size_t n_items;
    paa_arena arena;      /* holds the struct itself and everything above */
};

/* ---- loading ------------------------------------------------------------ */

typedef struct {
    avance *a;
    diag_list *d;
    bool failed;
} loader;

static void out_of_memory(loader *l)
{
    if (!l->failed)
        diag_add(l->d, RULE_IO, l->a->file, 0, NULL, "memoria insuficiente");
    l->failed = true;
}

static void *alloc(loader *l, size_t size)
{
    void *m = paa_arena_alloc(&l->a->arena, size ? size : 1);
    if (m == NULL)
        out_of_memory(l);
    return m;
}

static const char *text_of(loader *l, const xmlNode *n)
{
    bool oom = false;
    const char *s = xmlread_text(&l->a->arena, n, &oom);
    if (oom)
        out_of_memory(l);
    return s;
}

static const char *attr(loader *l, const xmlNode *n, const char *name)
{
    bool oom = false;
    const char *s = xmlread_attr(&l->a->arena, n, name, &oom);
    if (oom)
        out_of_memory(l);
    return s;
}

/* Month key ("ene") to 0..11; the schema guarantees a valid key. */
static int month_index(const char *key)
{
    for (int m = 0; m < PAA_MONTHS; m++)
        if (key != NULL && strcmp(key, paa_month_key[m]) == 0)
            return m;
    return 0;
}

static void load_month(loader *l, const xmlNode *n, avance_month *m)
{
    m->mes = month_index(attr(l, n, "mes"));
    m->line = xmlread_line(n);
    m->text = text_of(l, n);
    /* Malformed or negative values are kept and reported by the checker
     * (rule avance-cantidad) so that every finding has its own line. */
    m->st = paa_dec_parse(m->text, &m->value);
}

static void load_item(loader *l, const xmlNode *n, avance_item *it)
{
    it->clave = attr(l, n, "clave");
    it->line = xmlread_line(n);
    it->months = alloc(l, xmlread_count(n, "alcanzado") * sizeof *it->months);
    if (it->months == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (xmlread_is(c, "alcanzado"))
            load_month(l, c, &it->months[it->n_months++]);
        else if (xmlread_is(c, "justificacion")) {
            it->justificacion = text_of(l, c);
            it->justificacion_line = xmlread_line(c);
        }
    }
}

static void load_root(loader *l, const xmlNode *root)
{
    avance *a = l->a;
    a->line = xmlread_line(root);
    const char *anio = attr(l, root, "anio");
    a->anio = anio != NULL ? atoi(anio) : 0;   /* schema: 2000..2100 */
    a->corte = month_index(attr(l, root, "corte")) + 1;
    const char *ejemplo = attr(l, root, "ejemplo");
    a->ejemplo = ejemplo != NULL && strcmp(ejemplo, "si") == 0;

    a->items = alloc(l, xmlread_count(root, "actividad") * sizeof *a->items);
    if (a->items == NULL)
        return;
    for (const xmlNode *c = root->children; c != NULL; c = c->next) {
        if (xmlread_is(c, "nota")) {
            a->nota = text_of(l, c);
        } else if (xmlread_is(c, "observaciones")) {
            a->observaciones = alloc(l, xmlread_count(c, "p") * sizeof *a->observaciones);
            if (a->observaciones == NULL)
                return;
            for (const xmlNode *p = c->children; p != NULL; p = p->next)
                if (xmlread_is(p, "p"))
                    a->observaciones[a->n_observaciones++] = text_of(l, p);
        } else if (xmlread_is(c, "actividad")) {
            load_item(l, c, &a->items[a->n_items++]);
        }
    }
}

int avance_load(const char *path, const char *schema_path, avance **out,
                  diag_list *d)
{
    *out = NULL;
    xmlDocPtr doc = xmlread_file(path, AVANCE_MAX_BYTES, schema_path, d);
    if (doc == NULL)
        return -1;

    /* The report lives in its own arena, so one free releases all. */
    paa_arena arena = {0};
    avance *a = paa_arena_alloc(&arena, sizeof *a);
    if (a == NULL) {
        xmlFreeDoc(doc);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    a->arena = arena;
    a->file = paa_arena_strdup(&a->arena, path);
    loader l = {.a = a, .d = d, .failed = a->file == NULL};
    if (l.failed)
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
    else
        load_root(&l, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (l.failed) {
        avance_free(a);
        return -1;
    }
    *out = a;
    return 0;
}

void avance_free(avance *a)
{
    if (a == NULL)
        return;
    paa_arena arena = a->arena;   /* a itself lives in its arena */
    paa_arena_free(&arena);
}

int avance_year(const avance *a)
{
    return a->anio;
}

void avance_period(const avance *a, char *buf, size_t size)
{
    snprintf(buf, size, a->corte > 1 ? "enero–%s" : "%s",
             paa_month_name[a->corte - 1]);
}

int avance_cutoff(const avance *a)
{
    return a->corte;
}

bool avance_is_sample(const avance *a)
{
    return a->ejemplo;
}

const char *avance_file(const avance *a)
{
    return a->file;
}

int avance_line(const avance *a)
{
    return a->line;
}

const char *avance_note(const avance *a)
{
    return a->nota;
}

const char *const *avance_remarks(const avance *a, size_t *n)
{
    *n = a->n_observaciones;
    return a->observaciones;
}

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
        if (!paa_dec_add(out->alc_acum, v, &out->alc_acum))
            out->alc_acum = INT64_MAX;
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
    out->anual_reconstruido = act->anual_present && act->anual_reconstruido;

    if (!reported) {
        /* Nothing is known of what was achieved: no ratio, no zero. */
        out->state = AVANCE_SIN_REPORTE;
        return;
    }
    if (out->anual_known && out->anual > 0) {
        out->has_anual = true;
        out->anual_tenths = avance_pct_tenths(out->alc_acum, out->anual);
    }
    if (!out->prog_acum_known) {
        out->state = AVANCE_SIN_DATOS;
    } else if (out->prog_acum <= 0) {
        out->state = AVANCE_SIN_PROGRAMACION;
        /* Work done without programme still has to be explained. */
        out->needs_justification = out->alc_acum > 0;
    } else {
        out->has_periodo = true;
        out->periodo_tenths = avance_pct_tenths(out->alc_acum, out->prog_acum);
        out->state = avance_classify(out->alc_acum, out->prog_acum, t);
        out->needs_justification = out->state != AVANCE_VERDE;
    }
}

/* ---- row notes ---------------------------------------------------------------- */

/* Drops a UTF-8 sequence left incomplete at the end of buf[0..len) by a
 * cut, so that a short buffer still holds valid text. */
static void utf8_trim(char *buf, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;   /* continuation bytes back to their lead */
    if (i == 0 || (unsigned char)buf[i - 1] < 0xC0)
        return;   /* ASCII last: complete */
    unsigned char lead = (unsigned char)buf[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (len - (i - 1) < need)
        buf[i - 1] = '\0';
}

/* Appends printf-style text at *o, never past size - 1 (the notes are
 * bounded: AVANCE_NOTE_BUFSZ holds the longest). Once the text is cut,
 * *o is size and nothing more is added. */
static void note_add(char *buf, size_t size, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void note_add(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
    if (*o >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *o, size - *o, fmt, ap);
    va_end(ap);
    if (n > 0)
        *o += (size_t)n;
    if (*o >= size) {
        utf8_trim(buf, size - 1);
        *o = size;
    }
}

static void inconsistency_note(const avance_row *r, char *buf, size_t size, size_t *o)
{
    const paa_actividad *a = r->act;
    char suma[PAA_DEC_BUFSZ], anual[PAA_DEC_BUFSZ];
    paa_dec_format(r->meses_suma, true, suma);
    paa_dec_format(a->anual, true, anual);
    if (r->prog_issues & AVANCE_PROG_SUMA) {
        note_add(buf, size, o, "%s Programa inconsistente: los doce meses suman %s y "
                 "la cantidad anual es %s.", AVANCE_MARK_INCONSISTENTE, suma, anual);
        return;
    }
    note_add(buf, size, o, "%s Programa incompleto, sin la cantidad de:",
             AVANCE_MARK_INCONSISTENTE);
    const char *sep = " ";
    if (!a->anual_present) {
        note_add(buf, size, o, " anual");
        sep = ", ";
    }
    for (int m = 0; m < PAA_MONTHS; m++)
        if (!(a->meses_present & (1u << m))) {
            note_add(buf, size, o, "%s%s", sep, paa_month_name[m]);
            sep = ", ";
        }
    note_add(buf, size, o, ".");
    if (r->prog_issues & AVANCE_PROG_EXCEDE)
        note_add(buf, size, o, " Los meses conocidos suman %s, más que la cantidad "
                 "anual (%s).", suma, anual);
}

void avance_row_note(const avance_row *r, int corte, char *buf, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (r->prog_issues != 0)
        inconsistency_note(r, buf, size, &o);
    if (r->reconstruidos == 0 && !r->anual_reconstruido)
        return;
    note_add(buf, size, &o, "%s%s Programado con valores reconstruidos:", o ? " " : "",
             AVANCE_MARK_RECONSTRUIDO);
    const char *sep = " ";
    for (int m = 0; m < corte && m < PAA_MONTHS; m++)
        if (r->reconstruidos & (1u << m)) {
            note_add(buf, size, &o, "%s%s", sep, paa_month_name[m]);
            sep = ", ";
        }
    if (r->anual_reconstruido)
        note_add(buf, size, &o, "%scantidad anual", sep);
    note_add(buf, size, &o, ".");
}

/* ---- exact mean of ratios ----------------------------------------------------
 *
 * The mean of n ratios a_i / p_i is a fraction whose denominator is the
 * product of the p_i, far beyond 128 bits for a few dozen activities, so
 * it is kept as an unsigned big integer (32-bit limbs, little endian).
 * Only multiplication by a 64-bit word, addition and comparison are
 * needed: the rounded mean is found by comparing against candidates.
 */

typedef struct {
    uint32_t *w;
    size_t n, cap;
} big;

static int big_reserve(big *b, size_t n)
{
    if (n <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 8;
    while (cap < n)
        cap *= 2;
    uint32_t *w = realloc(b->w, cap * sizeof *w);
    if (w == NULL)
        return -1;
    b->w = w;
    b->cap = cap;
    return 0;
}

static int big_set(big *b, uint64_t v)
{
    if (big_reserve(b, 2) != 0)
        return -1;
    b->w[0] = (uint32_t)v;
    b->w[1] = (uint32_t)(v >> 32);
    b->n = 2;
    return 0;
}

static int big_copy(big *dst, const big *src)
{
    if (big_reserve(dst, src->n) != 0)
        return -1;
    memcpy(dst->w, src->w, src->n * sizeof *src->w);
    dst->n = src->n;
    return 0;
}

static int big_mul(big *b, uint64_t m)
{
    u128 carry = 0;
    for (size_t i = 0; i < b->n; i++) {
        carry += (u128)b->w[i] * m;
        b->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    while (carry != 0) {
        if (big_reserve(b, b->n + 1) != 0)
            return -1;
        b->w[b->n++] = (uint32_t)carry;
        carry >>= 32;
    }
    return 0;
}

static int big_add(big *b, const big *c)
{
    size_t n = b->n > c->n ? b->n : c->n;
    if (big_reserve(b, n + 1) != 0)
        return -1;
    for (size_t i = b->n; i < n + 1; i++)
        b->w[i] = 0;
    uint64_t carry = 0;
    for (size_t i = 0; i < n + 1; i++) {
        carry += (uint64_t)b->w[i] + (i < c->n ? c->w[i] : 0);
        b->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    b->n = n + 1;
    return 0;
}

static int big_cmp(const big *a, const big *b)
{
    size_t n = a->n > b->n ? a->n : b->n;
    for (size_t i = n; i-- > 0;) {
        uint32_t x = i < a->n ? a->w[i] : 0;
        uint32_t y = i < b->n ? b->w[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

/* Exact sum of the rows' ratios, each capped at 1 (100 %), as num / den
 * (den = product of denominators). */
static int ratio_sum(const avance_row *rows, size_t n, big *num, big *den)
{
    if (big_set(num, 0) != 0 || big_set(den, 1) != 0)
        return -1;
    big term = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!rows[i].has_periodo)
            continue;
        /* num/den + a/p = (num p + a den) / (den p), a ≤ p */
        uint64_t p = (uint64_t)rows[i].prog_acum;
        uint64_t a = (uint64_t)rows[i].alc_acum < p ? (uint64_t)rows[i].alc_acum : p;
        rc = big_copy(&term, den) != 0 || big_mul(&term, a) != 0 ||
             big_mul(num, p) != 0 || big_add(num, &term) != 0 ||
             big_mul(den, p) != 0 ? -1 : 0;
    }
    free(term.w);
    return rc;
}

/* Is round_half_up(1000 S / k) >= t, with S = num/den? That is
 * 2000 num + k den >= 2 k t den. */
static int mean_at_least(const big *num, const big *den, uint64_t k,
                         uint64_t t, bool *yes)
{
    big lhs = {0}, rhs = {0}, kden = {0};
    int rc = big_copy(&lhs, num) != 0 || big_mul(&lhs, 2000) != 0 ||
             big_copy(&kden, den) != 0 || big_mul(&kden, k) != 0 ||
             big_add(&lhs, &kden) != 0 || big_copy(&rhs, den) != 0 ||
             big_mul(&rhs, 2 * k) != 0 || big_mul(&rhs, t) != 0 ? -1 : 0;
    if (rc == 0)
        *yes = big_cmp(&lhs, &rhs) >= 0;
    free(lhs.w);
    free(rhs.w);
    free(kden.w);
    return rc;
}

/* Largest t ≤ INT64_MAX with mean_at_least(t): the predicate holds at 0
 * and fails from some point on, so double an upper bound until it fails
 * and bisect, about 2 log2(t) exact comparisons whatever the magnitude
 * (stepping from an estimate can take ~t steps when the estimate is
 * unusable). */
static int largest_at_least(const big *num, const big *den, uint64_t k,
                            uint64_t *out)
{
    uint64_t lo = 0, hi = 1;
    bool yes = true;
    int rc;
    while ((rc = mean_at_least(num, den, k, hi, &yes)) == 0 && yes) {
        lo = hi;
        if (hi == (uint64_t)INT64_MAX)
            break;   /* clamp: the mean is at least INT64_MAX tenths */
        hi = hi > (uint64_t)INT64_MAX / 2 ? (uint64_t)INT64_MAX : 2 * hi;
    }
    /* Invariant: the predicate holds at lo and fails at hi (unless lo is
     * the clamp, where lo == hi). */
    while (rc == 0 && hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        rc = mean_at_least(num, den, k, mid, &yes);
        if (yes)
            lo = mid;
        else
            hi = mid;
    }
    *out = lo;
    return rc;
}

/* Rounded mean of the rows' capped % periodo in tenths, exactly. */
static int exact_mean(const avance_row *rows, size_t n, size_t k,
                      int64_t *out)
{
    big num = {0}, den = {0};
    uint64_t t = 0;
    int rc = ratio_sum(rows, n, &num, &den);
    if (rc == 0)
        rc = largest_at_least(&num, &den, k, &t);
    free(num.w);
    free(den.w);
    *out = (int64_t)t;
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
    }
    /* Only rows with a ratio can be verde or sobrecumplimiento. */
    out->n_green = out->count[AVANCE_VERDE] + out->count[AVANCE_SOBRE];
    if (out->n_ratio == 0)
        return 0;
    out->green_share_tenths = avance_pct_tenths((paa_dec)out->n_green,
                                                  (paa_dec)out->n_ratio);
    return exact_mean(rows, n, out->n_ratio, &out->mean_tenths);
}

/* ---- the report ------------------------------------------------------------ */

static const avance_item *find_item(const avance *a, const char *clave)
{
    for (size_t i = 0; i < a->n_items; i++)
        if (strcmp(a->items[i].clave, clave) == 0)
            return &a->items[i];
    return NULL;
}

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
    size_t row = 0, proy = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        r->sub_first[i] = row;
        for (size_t j = 0; j < s->n_proyectos; j++, proy++) {
            const paa_proyecto *pr = &s->proyectos[j];
            r->proy_first[proy] = row;
            for (size_t k = 0; k < pr->n_actividades; k++, row++) {
                const paa_actividad *act = &pr->actividades[k];
                const avance_item *it = find_item(a, act->clave);
                paa_dec alc[PAA_MONTHS] = {0};
                uint16_t present = it != NULL ? item_months(it, a->corte, alc) : 0;
                avance_compute_row(act, it != NULL, alc, present, a->corte, t,
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
    out->corte = a->corte;
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
    memset(r, 0, sizeof *r);
}

/* ---- checker ---------------------------------------------------------------- */

/* Unknown and repeated claves. Returns, per item, whether it is the one
 * the report counts (known and first of its clave) in counted[]. */
static void check_items(const avance *a, const paa_programa *p, bool *counted,
                        diag_list *d)
{
    for (size_t i = 0; i < a->n_items; i++) {
        const avance_item *it = &a->items[i];
        counted[i] = true;
        if (model_find_actividad(p, it->clave) == NULL) {
            diag_add(d, RULE_AVANCE_CLAVE_DESCONOCIDA, a->file, it->line, it->clave,
                     "la actividad %s no está en el programa %s", it->clave, p->file);
            counted[i] = false;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->items[j].clave, it->clave) == 0) {
                diag_add(d, RULE_AVANCE_CLAVE_DUPLICADA, a->file, it->line, it->clave,
                         "la actividad %s ya se informó en la línea %d; se ignora "
                         "esta repetición", it->clave, a->items[j].line);
                counted[i] = false;
                break;
            }
    }
}

/* Months of one item; missing months are only warned about for the item
 * the report counts. */
static void check_months(const avance *a, const avance_item *it,
                         bool counted, diag_list *d)
{
    int first_line[PAA_MONTHS] = {0};
    for (size_t k = 0; k < it->n_months; k++) {
        const avance_month *m = &it->months[k];
        const char *mes = paa_month_name[m->mes];
        if (m->mes >= a->corte)
            diag_add(d, RULE_AVANCE_MES_POSTERIOR, a->file, m->line, it->clave,
                     "se informa %s, posterior al mes de corte (%s)", mes,
                     paa_month_name[a->corte - 1]);
        if (m->st != PAA_DEC_OK)
            diag_add(d, RULE_AVANCE_CANTIDAD, a->file, m->line, it->clave,
                     "el alcanzado de %s «%s» %s", mes, m->text,
                     paa_dec_strerror(m->st));
        else if (m->value < 0)
            diag_add(d, RULE_AVANCE_CANTIDAD, a->file, m->line, it->clave,
                     "el alcanzado de %s es negativo (%s)", mes, m->text);
        if (first_line[m->mes] != 0)
            diag_add(d, RULE_AVANCE_MES_DUPLICADO, a->file, m->line, it->clave,
                     "el alcanzado de %s ya se dio en la línea %d", mes,
                     first_line[m->mes]);
        else
            first_line[m->mes] = m->line;
    }
    /* One warning per activity lists every month missing. */
    char missing[PAA_MONTHS * 12] = "";
    for (int m = 0; m < a->corte; m++)
        if (first_line[m] == 0) {
            if (missing[0] != '\0')
                strcat(missing, ", ");
            strcat(missing, paa_month_name[m]);
        }
    if (counted && missing[0] != '\0')
        diag_add(d, RULE_AVANCE_MES_FALTANTE, a->file, it->line, it->clave,
                 "no se informa el alcanzado de %s; se cuenta como cero", missing);
}

/* Activities of the programme absent from the file, and justifications. */
static void check_rows(const avance *a, const paa_programa *p,
                       const avance_report *r, diag_list *d)
{
    char pct[32];
    for (size_t i = 0; i < r->n_rows; i++) {
        const avance_row *row = &r->rows[i];
        const char *clave = row->act->clave;
        if (!row->reported) {
            diag_add(d, RULE_AVANCE_CLAVE_FALTANTE, a->file, a->line, clave,
                     "la actividad %s del programa (%s:%d) no aparece en el "
                     "informe; se muestra «sin reporte» y no entra en los "
                     "promedios", clave, p->file, row->act->line);
            continue;
        }
        const avance_item *it = find_item(a, clave);
        char why[512];
        if (row->justificacion != NULL
            && winansi_convert(row->justificacion, false, NULL, why, sizeof why) != 0)
            diag_add(d, RULE_AVANCE_JUSTIFICACION, a->file, it->justificacion_line, clave,
                     "la justificación no puede imprimirse en el informe: %s", why);
        if (!row->needs_justification || row->justificacion != NULL)
            continue;
        if (row->has_periodo) {
            avance_pct_format(row->periodo_tenths, pct, sizeof pct);
            diag_add(d, RULE_AVANCE_JUSTIFICACION, a->file, it->line, clave,
                     "el cumplimiento del periodo es %s (%s) y falta <justificacion>",
                     pct, avance_state_word(row->state));
        } else {
            diag_add(d, RULE_AVANCE_JUSTIFICACION, a->file, it->line, clave,
                     "no hay nada programado hasta %s pero se alcanzó algo; "
                     "falta <justificacion>", paa_month_name[a->corte - 1]);
        }
    }
}

int avance_check(const avance *a, const paa_programa *p,
                   const layout *lay, diag_list *d)
{
    if (a->anio != p->anio)
        diag_add(d, RULE_AVANCE_ANIO, a->file, a->line, NULL,
                 "el informe es del año %d y el programa %s es del %d", a->anio,
                 p->file, p->anio);
    bool *counted = calloc(a->n_items + 1, sizeof *counted);
    if (counted == NULL)
        return -1;
    check_items(a, p, counted, d);
    for (size_t i = 0; i < a->n_items; i++)
        check_months(a, &a->items[i], counted[i], d);
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
