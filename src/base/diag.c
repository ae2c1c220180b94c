/* diag: findings list and the rule table. See diag.h. */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"

const diag_rule diag_rules[RULE_COUNT] = {
#define PAA_RULE_ROW(sym, id, sev, summary) {RULE_##sym, id, sev, summary},
    PAA_RULES(PAA_RULE_ROW)
#undef PAA_RULE_ROW
};

const diag_rule *diag_rule_find(const char *id)
{
    for (const diag_rule *r = diag_rules; r < diag_rules + RULE_COUNT; r++)
        if (strcmp(r->id, id) == 0)
            return r;
    return NULL;
}

_Static_assert(RULE_COUNT <= 64, "a rule set is one 64-bit word");

uint64_t diag_command_rules(bool avance)
{
    uint64_t m = 0;
    for (int r = 0; r < RULE_COUNT; r++) {
        bool base = r == RULE_IO || r == RULE_XML || r == RULE_ESQUEMA ||
                    r == RULE_LINEA_BASE_FORMATO || r == RULE_LINEA_BASE_OBSOLETA;
        bool of_avance = r >= RULE_AVANCE_ANIO || r == RULE_LAYOUT;
        bool programme = r <= RULE_LINEA_BASE_OBSOLETA;
        if (base || (avance ? of_avance : programme))
            m |= (uint64_t)1 << r;
    }
    return m;
}

void diag_list_init(diag_list *l)
{
    memset(l, 0, sizeof *l);
}

static void free_item(diag *d)
{
    free(d->file);
    free(d->clave);
    free(d->message);
    free(d->values);
    free(d->detail);
    free(d->reason);
}

void diag_list_free(diag_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free_item(&l->items[i]);
    free(l->items);
    diag_list_init(l);
}

/* Findings quote untrusted text (paths, claves, input and baseline texts):
 * everything they hold is escaped once, here, so no printer or report
 * needs to. */
static char *dup_or_null(const char *s, bool *failed)
{
    if (s == NULL)
        return NULL;
    char *p = text_escape(s);
    if (p == NULL)
        *failed = true;
    return p;
}

void diag_vadd(diag_list *l, diag_rule_id id, const char *file, int line,
               const char *clave, const char *fmt, va_list ap)
{
    const diag_rule *rule = &diag_rules[id];
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        diag *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL) {
            l->oom = true;
            return;
        }
        l->items = items;
        l->cap = cap;
    }
    bool failed = false;
    char *message = paa_vformat(fmt, ap);
    diag d = {
        .rule = rule,
        .severity = rule->severity,
        .file = dup_or_null(file, &failed),
        .line = line,
        .clave = dup_or_null(clave, &failed),
        .message = dup_or_null(message != NULL ? message : "", &failed),
    };
    failed |= message == NULL;
    free(message);
    if (failed) {
        free_item(&d);
        l->oom = true;
        return;
    }
    l->items[l->n++] = d;
}

void diag_add(diag_list *l, diag_rule_id id, const char *file, int line,
              const char *clave, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(l, id, file, line, clave, fmt, ap);
    va_end(ap);
}

/* The finding added last; NULL once an append failed, because the last
 * item may then belong to another finding. */
static diag *last_added(diag_list *l)
{
    return l->n > 0 && !l->oom ? &l->items[l->n - 1] : NULL;
}

void diag_set_values(diag_list *l, const char *fmt, ...)
{
    diag *d = last_added(l);
    if (d == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *v = paa_vformat(fmt, ap);
    va_end(ap);
    if (v == NULL) {
        l->oom = true;
        return;
    }
    free(d->values);
    d->values = v;
}

void diag_set_column(diag_list *l, int col)
{
    diag *d = last_added(l);
    if (d != NULL)
        d->col = col > 0 ? col : 0;
}

void diag_set_detail(diag_list *l, const char *text)
{
    diag *d = last_added(l);
    if (d == NULL || text == NULL)
        return;
    char *t = strdup(text);
    if (t == NULL) {
        l->oom = true;
        return;
    }
    free(d->detail);
    d->detail = t;
}

size_t diag_count(const diag_list *l, diag_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->items[i].accepted && l->items[i].severity == sev)
            n++;
    return n;
}

size_t diag_count_accepted(const diag_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->items[i].accepted;
    return n;
}

static int cmp_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_place(const diag *a, const diag *b)
{
    int c = cmp_str(a->file, b->file);
    return c != 0 ? c : (a->line > b->line) - (a->line < b->line);
}

/* Stable merge of tmp[lo..mid) and tmp[mid..hi) into items[lo..hi). */
static void merge(diag *items, const diag *tmp, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, o = lo;
    while (i < mid && j < hi)
        items[o++] = cmp_place(&tmp[j], &tmp[i]) < 0 ? tmp[j++] : tmp[i++];
    while (i < mid)
        items[o++] = tmp[i++];
    while (j < hi)
        items[o++] = tmp[j++];
}

/* Bottom-up merge sort: stable (findings of one line keep the order in
 * which they were added) and O(n log n) for the thousands of findings a
 * large programme can have. */
void diag_sort(diag_list *l)
{
    if (l->n < 2)
        return;
    diag *tmp = malloc(l->n * sizeof *tmp);
    if (tmp == NULL) {
        l->oom = true;
        return;
    }
    for (size_t width = 1; width < l->n; width *= 2) {
        memcpy(tmp, l->items, l->n * sizeof *tmp);
        for (size_t lo = 0; lo < l->n; lo += 2 * width) {
            size_t mid = lo + width < l->n ? lo + width : l->n;
            size_t hi = lo + 2 * width < l->n ? lo + 2 * width : l->n;
            merge(l->items, tmp, lo, mid, hi);
        }
    }
    free(tmp);
}

const char *diag_severity_name(diag_severity s)
{
    switch (s) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "aviso";
    case DIAG_NOTE:
        return "nota";
    }
    return "?";
}

void diag_print(FILE *out, const diag *d)
{
    if (d->file == NULL)
        fputs("paa: ", out);
    else if (d->line <= 0)
        fprintf(out, "%s: ", d->file);
    else if (d->col <= 0)
        fprintf(out, "%s:%d: ", d->file, d->line);
    else
        fprintf(out, "%s:%d:%d: ", d->file, d->line, d->col);
    fprintf(out, "%s: %s", d->accepted ? "aceptado" : diag_severity_name(d->severity),
            d->message);
    if (d->clave != NULL)
        fprintf(out, " (%s)", d->clave);
    fprintf(out, " [%s]", d->rule->id);
    if (d->accepted && d->reason != NULL)
        fprintf(out, " (línea base: %s)", d->reason);
    fputc('\n', out);
}

void diag_print_all(FILE *out, const diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        diag_print(out, &l->items[i]);
    if (l->oom)
        fputs("paa: error: memoria insuficiente; algunos hallazgos no se registraron [io]\n", out);
}
