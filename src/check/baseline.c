/* baseline: accepted findings pinned to their values. See baseline.h. */
#include "check/baseline.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/static.h"
#include "base/strmap.h"
#include "base/text.h"

typedef struct {
    const diag_rule *rule;
    char *clave;    /* NULL for "-" */
    char *values;   /* NULL when the entry pins none (no brackets) */
    char *reason;
    char *before;   /* comment and blank lines just above it, or NULL */
    char *key;      /* "rule clave", the index key */
    int line;
    bool used;
} baseline_entry;

struct check_baseline {
    char *path;
    baseline_entry *entries;
    size_t n;
    char *tail;     /* comment lines after the last entry, or NULL */
    strmap index;   /* key -> entry number + 1 */
};

/* "rule clave" ("-" for no clave): what entries and findings are matched
 * by. NULL on out-of-memory. */
static char *pair_key(const diag_rule *rule, const char *clave)
{
    return paa_format("%s %s", rule->id, clave != NULL ? clave : "-");
}

/* Findings indexed by their pair: the first finding of each. */
typedef struct {
    char **keys;
    strmap first;   /* key -> finding number + 1 */
    bool oom;
} finding_index;

static void finding_index_free(finding_index *x, size_t n)
{
    for (size_t i = 0; x->keys != NULL && i < n; i++)
        free(x->keys[i]);
    free(x->keys);
    strmap_free(&x->first);
}

static bool finding_index_build(finding_index *x, const diag_list *d)
{
    memset(x, 0, sizeof *x);
    x->keys = calloc(d->n ? d->n : 1, sizeof *x->keys);
    x->oom = x->keys == NULL;
    for (size_t i = 0; !x->oom && i < d->n; i++) {
        x->keys[i] = pair_key(d->items[i].rule, d->items[i].clave);
        x->oom = x->keys[i] == NULL;
        if (!x->oom)
            strmap_put(&x->first, x->keys[i], (const void *)(uintptr_t)(i + 1), &x->oom);
    }
    return !x->oom;
}

/* ---- rules ---------------------------------------------------------------- */

bool check_baseline_accepts_rule(diag_rule_id rule)
{
    switch (rule) {
    case RULE_IO:
    case RULE_XML:
    case RULE_ESQUEMA:
    case RULE_CANTIDAD_FORMATO:
    case RULE_LINEA_BASE_FORMATO:
    case RULE_LINEA_BASE_OBSOLETA:
    case RULE_LAYOUT:
    case RULE_PDF:
    case RULE_XLSX:
        return false;
    default:
        return true;
    }
}

/* ---- escaping ------------------------------------------------------------- */

/* "\\", "\]", "\[" and "\xHH" for blanks and control bytes, so a clave or
 * a value list is one token that cannot end the brackets early. */
STATIC char *baseline_escape(const char *s)
{
    strbuf b = {0};
    strbuf_puts(&b, "");
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == ']' || c == '[')
            strbuf_printf(&b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            strbuf_printf(&b, "\\x%02x", c);
        else
            strbuf_putc(&b, (char)c);
    }
    return strbuf_take(&b);
}

/* The byte of "\xHH" at s (s[0] == '\\'); 0 when it is not one (a NUL
 * byte is never a valid escape). */
static unsigned char hex_escape(const char *s, size_t avail)
{
    if (avail < 4 || s[1] != 'x' || !isxdigit((unsigned char)s[2]) ||
        !isxdigit((unsigned char)s[3]))
        return 0;
    char hex[3] = {s[2], s[3], '\0'};
    return (unsigned char)strtoul(hex, NULL, 16);
}

/* Unescapes s[0..len) into a new string; false on a malformed escape or
 * out of memory (*out NULL then). */
STATIC bool baseline_unescape(char *s, size_t len, char **out)
{
    char *r = malloc(len + 1), *o = r;
    *out = NULL;
    if (r == NULL)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\') {
            *o++ = s[i];
            continue;
        }
        if (i + 1 < len && (s[i + 1] == '\\' || s[i + 1] == ']' || s[i + 1] == '[')) {
            *o++ = s[++i];
        } else if (hex_escape(s + i, len - i) != 0) {
            *o++ = (char)hex_escape(s + i, len - i);
            i += 3;
        } else {
            free(r);
            return false;
        }
    }
    *o = '\0';
    *out = r;
    return true;
}

/* ---- loading -------------------------------------------------------------- */

static void entry_free(baseline_entry *e)
{
    free(e->key);
    free(e->clave);
    free(e->values);
    free(e->reason);
    free(e->before);
}

void check_baseline_free(check_baseline *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        entry_free(&b->entries[i]);
    free(b->entries);
    strmap_free(&b->index);
    free(b->tail);
    free(b->path);
    free(b);
}

/* Reads the whole file, refusing what cannot be a baseline with one "io"
 * diagnostic that says why. O_NONBLOCK keeps a FIFO from hanging us. */
static char *read_baseline(const char *path, size_t *len, diag_list *d)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        diag_add(d, RULE_IO, path, 0, NULL, "no se puede abrir la línea base: %s",
                 errno == ENOENT ? "el archivo no existe" : strerror(errno));
        return NULL;
    }
    struct stat st;
    const char *problem = NULL;
    if (fstat(fd, &st) != 0)
        problem = "no se puede consultar el archivo";
    else if (S_ISDIR(st.st_mode))
        problem = "es un directorio, no un archivo de línea base";
    else if (!S_ISREG(st.st_mode))
        problem = "no es un archivo regular (dispositivo, tubería o socket)";
    else if (st.st_size > CHECK_BASELINE_MAX_BYTES)
        problem = "mide más de 1 MiB; una línea base es un archivo de texto corto";
    if (problem != NULL) {
        diag_add(d, RULE_IO, path, 0, NULL, "la línea base %s", problem);
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = 0;
    ssize_t got = 0;
    while (buf != NULL && n < (size_t)st.st_size &&
           (got = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
        n += (size_t)got;
    close(fd);
    if (buf == NULL || got < 0) {
        diag_add(d, RULE_IO, path, 0, NULL, "no se puede leer la línea base: %s",
                 buf == NULL ? "memoria insuficiente" : strerror(errno));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n) != NULL) {
        diag_add(d, RULE_IO, path, 0, NULL,
                 "la línea base contiene un byte nulo; no es un archivo de texto");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

typedef struct {
    check_baseline *b;
    diag_list *d;
    bool rewriting;
    strbuf pending;  /* comments waiting for their entry */
    int status;
} loader;

static void bad_line(loader *ld, int lineno, const char *clave, const char *fmt,
                     const char *what)
{
    diag_add(ld->d, RULE_LINEA_BASE_FORMATO, ld->b->path, lineno, clave, fmt, what);
    ld->status = -1;
}

static const baseline_entry *find_entry(const check_baseline *b, const diag_rule *rule,
                                        const char *clave)
{
    char *key = pair_key(rule, clave);
    uintptr_t k = key != NULL ? (uintptr_t)strmap_get(&b->index, key) : 0;
    free(key);
    return k > 0 ? &b->entries[k - 1] : NULL;
}

/* Splits off the next blank-separated word of *s; its length in *len. */
static char *next_word(char **s, size_t *len)
{
    char *p = *s + strspn(*s, " \t");
    *len = strcspn(p, " \t");
    *s = p + *len;
    return *len > 0 ? p : NULL;
}

/* The bracketed values at *s ("[...]"), unescaped; *s moves past them. */
static int parse_values(loader *ld, int lineno, char **s, char **values)
{
    char *p = *s + 1;
    size_t i = 0;
    while (p[i] != '\0' && p[i] != ']')
        i += p[i] == '\\' && p[i + 1] != '\0' ? 2 : 1;
    if (p[i] != ']') {
        bad_line(ld, lineno, NULL, "falta el «]» que cierra los valores%s", "");
        return -1;
    }
    if (!baseline_unescape(p, i, values)) {
        bad_line(ld, lineno, NULL, "escape inválido entre corchetes (se admiten "
                 "\\\\, \\], \\[ y \\xHH)%s", "");
        return -1;
    }
    *s = p + i + 1;
    return 0;
}

static int add_entry(loader *ld, baseline_entry *e)
{
    check_baseline *b = ld->b;
    baseline_entry *grown = realloc(b->entries, (b->n + 1) * sizeof *grown);
    bool oom = grown == NULL || (e->key = pair_key(e->rule, e->clave)) == NULL;
    if (grown != NULL)
        b->entries = grown;
    if (!oom)
        strmap_put(&b->index, e->key, (const void *)(uintptr_t)(b->n + 1), &oom);
    if (oom) {
        entry_free(e);
        diag_add(ld->d, RULE_IO, b->path, e->line, NULL, "memoria insuficiente");
        ld->status = -1;
        return -1;
    }
    b->entries[b->n++] = *e;
    return 0;
}

/* One entry line (not blank, not a comment). */
static void entry_line(loader *ld, char *s, int lineno)
{
    size_t rlen, clen;
    char *rule_w = next_word(&s, &rlen);
    char *clave_w = next_word(&s, &clen);
    if (clave_w == NULL) {
        bad_line(ld, lineno, NULL, "se espera «regla clave [valores] motivo»%s", "");
        return;
    }
    rule_w[rlen] = '\0';
    const diag_rule *rule = diag_rule_find(rule_w);
    if (rule == NULL) {
        bad_line(ld, lineno, NULL, "regla desconocida «%s» (véase «paa help reglas»)", rule_w);
        return;
    }
    if (!check_baseline_accepts_rule(rule->code)) {
        bad_line(ld, lineno, NULL, "la regla «%s» no se puede aceptar en una línea "
                 "base: corrija el archivo", rule->id);
        return;
    }
    baseline_entry e = {.rule = rule, .line = lineno};
    bool dash = clen == 1 && clave_w[0] == '-';
    if (!dash && !baseline_unescape(clave_w, clen, &e.clave)) {
        bad_line(ld, lineno, NULL, "escape inválido en la clave%s", "");
        return;
    }
    s += strspn(s, " \t");
    if (*s == '[' && parse_values(ld, lineno, &s, &e.values) != 0) {
        entry_free(&e);
        return;
    }
    s += strspn(s, " \t");
    size_t rl = strlen(s);
    while (rl > 0 && (s[rl - 1] == ' ' || s[rl - 1] == '\t'))
        rl--;
    s[rl] = '\0';
    const char *shown = e.clave != NULL ? e.clave : "-";
    if (*s == '\0') {
        bad_line(ld, lineno, e.clave, "falta el motivo de «%s»: cada entrada dice por "
                 "qué se acepta el hallazgo", rule->id);
        entry_free(&e);
        return;
    }
    if (!ld->rewriting && strncmp(s, CHECK_BASELINE_PLACEHOLDER,
                                  strlen("MOTIVO PENDIENTE")) == 0) {
        bad_line(ld, lineno, e.clave, "la entrada de «%s» aún tiene el motivo provisional; "
                 "escriba por qué se acepta el hallazgo", rule->id);
        entry_free(&e);
        return;
    }
    const baseline_entry *dup = find_entry(ld->b, rule, e.clave);
    if (dup != NULL) {
        char where[64];
        snprintf(where, sizeof where, "%d", dup->line);
        diag_add(ld->d, RULE_LINEA_BASE_FORMATO, ld->b->path, lineno, e.clave,
                 "entrada repetida: «%s %s» ya está en la línea %s; deje una sola",
                 rule->id, shown, where);
        ld->status = -1;
        entry_free(&e);
        return;
    }
    e.reason = strdup(s);
    e.before = ld->pending.len > 0 ? strbuf_take(&ld->pending) : NULL;
    if (e.reason == NULL) {
        entry_free(&e);
        diag_add(ld->d, RULE_IO, ld->b->path, lineno, NULL, "memoria insuficiente");
        ld->status = -1;
        return;
    }
    add_entry(ld, &e);
}

static void parse_lines(loader *ld, char *buf, size_t len)
{
    int lineno = 0;
    for (char *line = buf; line < buf + len;) {
        char *nl = memchr(line, '\n', (size_t)(buf + len - line));
        char *end = nl != NULL ? nl : buf + len;
        char *next = nl != NULL ? nl + 1 : end;
        if (end > line && end[-1] == '\r')
            end--;
        *end = '\0';
        lineno++;
        const char *s = line + strspn(line, " \t");
        if (!utf8_valid(line)) {
            /* Every line, comments too: they are kept when rewriting. */
            bad_line(ld, lineno, NULL, "la línea no es texto UTF-8 válido%s; una línea "
                     "base se guarda en UTF-8", "");
        } else if (*s == '\0' || *s == '#') {
            strbuf_add(&ld->pending, line, (size_t)(end - line));
            strbuf_putc(&ld->pending, '\n');
        } else {
            entry_line(ld, line, lineno);
        }
        line = next;
    }
}

int check_baseline_load(const char *path, bool rewriting, check_baseline **out,
                        diag_list *d)
{
    *out = NULL;
    size_t len = 0;
    char *buf = read_baseline(path, &len, d);
    if (buf == NULL)
        return -1;
    check_baseline *b = calloc(1, sizeof *b);
    if (b == NULL || (b->path = strdup(path)) == NULL) {
        free(b);
        free(buf);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    loader ld = {.b = b, .d = d, .rewriting = rewriting};
    parse_lines(&ld, buf, len);
    free(buf);
    if (ld.pending.failed) {
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        ld.status = -1;
    }
    b->tail = ld.pending.len > 0 ? strbuf_take(&ld.pending) : NULL;
    strbuf_free(&ld.pending);
    if (ld.status != 0) {
        check_baseline_free(b);
        return -1;
    }
    *out = b;
    return 0;
}

/* ---- applying ------------------------------------------------------------- */

static bool same_values(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Adds to f's message why its entry did not accept it. */
static void explain_mismatch(diag_list *d, diag *f, const baseline_entry *e,
                             const char *path)
{
    char *note;
    if (e->values == NULL)
        note = paa_format("%s; la entrada de la línea %d de %s no fija sus valores: "
                          "reescríbala con --actualizar-linea-base",
                          f->message, e->line, path);
    else
        note = paa_format("%s; la línea base (%s:%d) aceptaba otros valores: [%s], "
                          "ahora [%s]", f->message, path, e->line, e->values,
                          f->values != NULL ? f->values : "");
    if (note == NULL) {
        d->oom = true;
        return;
    }
    free(f->message);
    f->message = note;
}

void check_baseline_apply(check_baseline *b, diag_list *d, uint64_t ran)
{
    size_t n = d->n;   /* findings added below are not matched */
    for (size_t i = 0; i < n; i++) {
        diag *f = &d->items[i];
        if (f->accepted || !check_baseline_accepts_rule(f->rule->code))
            continue;
        baseline_entry *e = (baseline_entry *)find_entry(b, f->rule, f->clave);
        if (e == NULL)
            continue;
        e->used = true;
        if (!same_values(e->values, f->values)) {
            explain_mismatch(d, f, e, b->path);
            continue;
        }
        f->accepted = true;
        f->reason = strdup(e->reason);
        if (f->reason == NULL)
            d->oom = true;
    }
    for (size_t k = 0; k < b->n; k++) {
        const baseline_entry *e = &b->entries[k];
        if (!e->used && (ran >> e->rule->code & 1) != 0)
            diag_add(d, RULE_LINEA_BASE_OBSOLETA, b->path, e->line, e->clave,
                     "la entrada «%s %s» ya no corresponde a ningún hallazgo; "
                     "elimínela o use --actualizar-linea-base", e->rule->id,
                     e->clave != NULL ? e->clave : "-");
    }
}

/* ---- rendering ------------------------------------------------------------ */

static const char header[] =
    "# Línea base de paa check: hallazgos aceptados, uno por línea.\n"
    "# Formato: regla clave [valores] motivo. Los valores fijan lo aceptado: si\n"
    "# cambian, el hallazgo vuelve a informarse. Escriba el motivo de cada entrada\n"
    "# en lugar de «" CHECK_BASELINE_PLACEHOLDER "».\n"
    "\n";

/* The first finding of d with this rule and clave, or NULL. */
static const diag *find_finding(const finding_index *x, const diag_list *d,
                                const diag_rule *rule, const char *clave)
{
    char *key = pair_key(rule, clave);
    uintptr_t k = key != NULL ? (uintptr_t)strmap_get(&x->first, key) : 0;
    free(key);
    return k > 0 ? &d->items[k - 1] : NULL;
}

/* Writes "rule clave [values] reason\n". */
static bool write_entry(FILE *out, const diag *f, const char *reason, check_baseline_stats *st)
{
    char *clave = f->clave != NULL ? baseline_escape(f->clave) : strdup("-");
    char *values = f->values != NULL ? baseline_escape(f->values) : NULL;
    bool ok = clave != NULL && (f->values == NULL || values != NULL);
    if (ok) {
        if (values != NULL)
            fprintf(out, "%s %s [%s] %s\n", f->rule->id, clave, values, reason);
        else
            fprintf(out, "%s %s %s\n", f->rule->id, clave, reason);
        st->entries++;
        st->pending += strcmp(reason, CHECK_BASELINE_PLACEHOLDER) == 0;
    }
    free(clave);
    free(values);
    return ok;
}

/* True when an earlier finding of d has the same rule and clave: each
 * pair is written once. */
static bool seen_before(const finding_index *x, size_t i)
{
    return (uintptr_t)strmap_get(&x->first, x->keys[i]) != i + 1;
}

/* The reason `old` gives a finding: its entry's while the values are the
 * same (or the entry pins none: it is being migrated), else the
 * placeholder. */
static const char *reason_for(const check_baseline *old, const diag *f)
{
    const baseline_entry *e = old != NULL ? find_entry(old, f->rule, f->clave) : NULL;
    if (e == NULL || (e->values != NULL && !same_values(e->values, f->values)))
        return CHECK_BASELINE_PLACEHOLDER;
    return e->reason;
}

/* Update: the entries of `old` that still match a finding, in their order
 * and with their comments; a changed one keeps its old line as a comment. */
static bool render_old(FILE *out, const check_baseline *old, const finding_index *x,
                       const diag_list *d, check_baseline_stats *st)
{
    bool ok = true;
    for (size_t k = 0; k < old->n; k++) {
        const baseline_entry *e = &old->entries[k];
        if (e->before != NULL)
            fputs(e->before, out);
        const diag *f = find_finding(x, d, e->rule, e->clave);
        if (f == NULL) {
            st->pruned++;
            continue;
        }
        const char *reason = reason_for(old, f);
        if (reason != e->reason)
            fprintf(out, "# antes: [%s] %s\n", e->values, e->reason);
        ok &= write_entry(out, f, reason, st);
    }
    if (old->tail != NULL)
        fputs(old->tail, out);
    return ok;
}

static size_t count_unmatched(const check_baseline *old, const finding_index *x,
                              const diag_list *d)
{
    size_t n = 0;
    for (size_t k = 0; old != NULL && k < old->n; k++)
        n += find_finding(x, d, old->entries[k].rule, old->entries[k].clave) == NULL;
    return n;
}

char *check_baseline_render(const check_baseline *old, bool keep_layout,
                            const diag_list *d, check_baseline_stats *st)
{
    memset(st, 0, sizeof *st);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return NULL;
    finding_index x;
    bool ok = finding_index_build(&x, d);
    bool update = old != NULL && keep_layout;
    if (!update || (old->n > 0 ? old->entries[0].before == NULL : old->tail == NULL))
        fputs(header, out);
    if (ok && update)
        ok = render_old(out, old, &x, d, st);
    else if (ok)
        st->pruned = count_unmatched(old, &x, d);
    for (size_t i = 0; ok && i < d->n; i++) {
        const diag *f = &d->items[i];
        if (!check_baseline_accepts_rule(f->rule->code) || seen_before(&x, i) ||
            (update && find_entry(old, f->rule, f->clave) != NULL))
            continue;
        ok &= write_entry(out, f, update ? CHECK_BASELINE_PLACEHOLDER : reason_for(old, f), st);
    }
    finding_index_free(&x, d->n);
    if (fclose(out) != 0 || !ok) {
        free(text);
        return NULL;
    }
    return text;
}
