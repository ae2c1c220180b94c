/* check: cross-checks of the programme model. See check.h. */
#include "check/programa.h"

#include "base/strmap.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "base/text.h"

/* ---- patterns ------------------------------------------------------------ */

/* Claves: two digits per level, none of them 00. */
static const char PAT_SUBPROGRAMA[] = "^(?!00)[0-9]{2}$";
static const char PAT_PROYECTO[] = "^[0-9]{2}(?!00)[0-9]{2}$";
static const char PAT_ACTIVIDAD[] = "^[0-9]{4}(?!00)[0-9]{2}$";

/* Beneficiary quantities as published: numbers (thousands separated by
 * commas, so "16,992,418" reads as a list of groups, which is harmless),
 * an optional E suffix (estimated), or S/C (sin cuantificar), separated by
 * commas, blanks or " y ". */
#define BEN_ITEM "(?:[0-9]+E?|S/C)"
#define BEN_SEP "(?:,[ ]?|[ ]|[ ]y[ ])"
static const char PAT_BENEF[] = "^" BEN_ITEM "(?:" BEN_SEP BEN_ITEM ")*$";
/* The same with the variants seen in practice: "SC", "S/C.", "s/c",
 * "8 E", stray blanks. They are understood but inconsistent. */
#define BEN_ITEM_LAX "(?:[0-9]+(?:[ ]*E)?|S[ ]*/?[ ]*C\\.?)"
#define BEN_SEP_LAX "(?:[ ]*[,;][ ]*|[ ]+|[ ]+y[ ]+)"
static const char PAT_BENEF_LAX[] =
    "^[ ]*" BEN_ITEM_LAX "(?:" BEN_SEP_LAX BEN_ITEM_LAX ")*[ .]*$";

typedef struct {
    pcre2_code *sub, *proy, *act, *benef, *benef_lax;
    pcre2_match_data *md;
} patterns;

static pcre2_code *compile(const char *pat, uint32_t flags)
{
    int err;
    PCRE2_SIZE off;
    return pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | flags, &err, &off, NULL);
}

static void patterns_free(patterns *pt)
{
    pcre2_code_free(pt->sub);
    pcre2_code_free(pt->proy);
    pcre2_code_free(pt->act);
    pcre2_code_free(pt->benef);
    pcre2_code_free(pt->benef_lax);
    pcre2_match_data_free(pt->md);
}

static bool patterns_init(patterns *pt)
{
    pt->sub = compile(PAT_SUBPROGRAMA, 0);
    pt->proy = compile(PAT_PROYECTO, 0);
    pt->act = compile(PAT_ACTIVIDAD, 0);
    pt->benef = compile(PAT_BENEF, 0);
    pt->benef_lax = compile(PAT_BENEF_LAX, PCRE2_CASELESS);
    pt->md = pt->sub != NULL ? pcre2_match_data_create_from_pattern(pt->sub, NULL) : NULL;
    return pt->sub && pt->proy && pt->act && pt->benef && pt->benef_lax && pt->md;
}

static bool matches(const patterns *pt, const pcre2_code *re, const char *s)
{
    return pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, pt->md,
                       NULL) >= 0;
}

/* ---- context ------------------------------------------------------------- */

typedef struct {
    const paa_programa *p;
    diag_list *d;
    patterns pt;
    /* Every clave seen so far, for duplicate detection. */
    strmap seen;
} checker;

static const char *file_of(const checker *c)
{
    return c->p->file;
}

/* ---- totals -------------------------------------------------------------- */

static void check_count(checker *c, diag_rule_id rule, int line,
                        const char *clave, const char *what, int declared,
                        size_t counted)
{
    if ((size_t)declared == counted || declared < 0)
        return;
    diag_add(c->d, rule, file_of(c), line, clave,
             "se declaran %d %s pero hay %zu", declared, what, counted);
}

static void check_totals(checker *c)
{
    const paa_programa *p = c->p;
    check_count(c, RULE_TOTALES_SUBPROGRAMAS, p->totales_line, NULL, "subprogramas",
                p->decl_subprogramas, p->n_subprogramas);
    check_count(c, RULE_TOTALES_PROYECTOS, p->totales_line, NULL, "proyectos",
                p->decl_proyectos, model_count_proyectos(p));
    check_count(c, RULE_TOTALES_ACTIVIDADES, p->totales_line, NULL, "actividades",
                p->decl_actividades, model_count_actividades(p));
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        check_count(c, RULE_PROYECTOS_SUBPROGRAMA, s->line, s->numero,
                    "proyectos en el subprograma", s->decl_proyectos, s->n_proyectos);
        check_count(c, RULE_ACTIVIDADES_SUBPROGRAMA, s->line, s->numero,
                    "actividades en el subprograma", s->decl_actividades,
                    model_subprograma_actividades(s));
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            check_count(c, RULE_ACTIVIDADES_PROYECTO, pr->line, pr->clave,
                        "actividades en el proyecto", pr->decl_actividades,
                        pr->n_actividades);
        }
    }
}

/* ---- quantities ---------------------------------------------------------- */

/* Appends ", name" to a list buffer. */
static void list_add(char *buf, size_t size, const char *name)
{
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
}

static void check_missing(checker *c, const paa_actividad *a)
{
    char missing[128] = "";
    if (!a->anual_present)
        list_add(missing, sizeof missing, "anual");
    for (int m = 0; m < PAA_MONTHS; m++)
        if (!(a->meses_present & (1u << m)))
            list_add(missing, sizeof missing, paa_month_key[m]);
    if (missing[0] != '\0')
        diag_add(c->d, RULE_CANTIDAD_FALTANTE, file_of(c), a->cantidades_line, a->clave,
                 "faltan cantidades: %s (una cantidad ausente no cuenta como cero)",
                 missing);
}

/* Texts the source lost stay absent; each activity gets one finding. */
static void check_missing_text(checker *c, const paa_actividad *a)
{
    char missing[128] = "";
    if (a->unidad == NULL)
        list_add(missing, sizeof missing, "unidad de medida");
    if (a->benef_tipo == NULL)
        list_add(missing, sizeof missing, "tipo de beneficiarios");
    if (a->benef_cantidad == NULL)
        list_add(missing, sizeof missing, "cantidad de beneficiarios");
    if (missing[0] != '\0')
        diag_add(c->d, RULE_DATO_FALTANTE, file_of(c), a->line, a->clave, "falta: %s", missing);
}

static void check_negative(checker *c, const paa_actividad *a)
{
    char negative[512] = "";   /* 13 values of at most ~30 bytes each */
    char num[PAA_DEC_BUFSZ], item[64];
    if (a->anual_present && a->anual < 0) {
        paa_dec_format(a->anual, false, num);
        snprintf(item, sizeof item, "anual=%s", num);
        list_add(negative, sizeof negative, item);
    }
    for (int m = 0; m < PAA_MONTHS; m++) {
        if ((a->meses_present & (1u << m)) && a->meses[m] < 0) {
            paa_dec_format(a->meses[m], false, num);
            snprintf(item, sizeof item, "%s=%s", paa_month_key[m], num);
            list_add(negative, sizeof negative, item);
        }
    }
    if (negative[0] != '\0')
        diag_add(c->d, RULE_CANTIDAD_NEGATIVA, file_of(c), a->cantidades_line, a->clave,
                 "cantidades negativas: %s", negative);
}

static void check_sum(checker *c, const paa_actividad *a)
{
    paa_dec sum, diff;
    if (!a->anual_present && a->meses_present == 0)
        return;
    if (!model_sum_meses(a, &sum) ||
        (a->anual_present && __builtin_sub_overflow(sum, a->anual, &diff))) {
        diag_add(c->d, RULE_CANTIDAD_RANGO, file_of(c), a->cantidades_line, a->clave,
                 "la suma de los meses excede el mayor número que paa representa con "
                 "exactitud (%s); revise las cantidades", PAA_DEC_MAX_TEXT);
        return;
    }
    if (!a->anual_present)
        return;
    char s_annual[PAA_DEC_BUFSZ], s_sum[PAA_DEC_BUFSZ], s_diff[PAA_DEC_BUFSZ];
    paa_dec_format(a->anual, true, s_annual);
    paa_dec_format(sum, true, s_sum);
    paa_dec_format(diff, true, s_diff);
    const char *sign = diff > 0 ? "+" : "";
    if (a->meses_present == (1u << PAA_MONTHS) - 1) {
        if (diff != 0)
            diag_add(c->d, RULE_SUMA_MESES, file_of(c), a->cantidades_line, a->clave,
                     "la cantidad anual es %s pero los doce meses suman %s "
                     "(diferencia %s%s)", s_annual, s_sum, sign, s_diff);
    } else if (diff > 0) {
        diag_add(c->d, RULE_MESES_EXCEDEN_ANUAL, file_of(c), a->cantidades_line, a->clave,
                 "los meses presentes ya suman %s, más que la cantidad anual %s "
                 "(exceso %s)", s_sum, s_annual, s_diff);
    }
}

/* ---- claves -------------------------------------------------------------- */

static void check_clave(checker *c, const pcre2_code *re, const char *kind,
                        const char *format, const char *clave, int line,
                        const char *parent, const char *prev)
{
    if (!matches(&c->pt, re, clave)) {
        diag_add(c->d, RULE_CLAVE_FORMATO, file_of(c), line, clave,
                 "la clave de %s «%s» no tiene el formato %s", kind, clave, format);
        return;
    }
    if (parent != NULL && strncmp(clave, parent, strlen(parent)) != 0)
        diag_add(c->d, RULE_CLAVE_JERARQUIA, file_of(c), line, clave,
                 "la clave de %s «%s» no empieza con «%s», la clave de su contenedor",
                 kind, clave, parent);
    if (strmap_put(&c->seen, clave, clave, &c->d->oom) != NULL) {
        diag_add(c->d, RULE_CLAVE_DUPLICADA, file_of(c), line, clave,
                 "la clave de %s «%s» ya se usó antes", kind, clave);
        return;
    }
    if (prev != NULL && strcmp(prev, clave) >= 0)
        diag_add(c->d, RULE_CLAVE_ORDEN, file_of(c), line, clave,
                 "la clave de %s «%s» debería ir después de «%s»", kind, clave, prev);
}

/* ---- beneficiaries ------------------------------------------------------- */

static void check_beneficiarios(checker *c, const paa_actividad *a)
{
    const char *q = a->benef_cantidad;
    if (q == NULL || matches(&c->pt, c->pt.benef, q))
        return;
    if (matches(&c->pt, c->pt.benef_lax, q))
        diag_add(c->d, RULE_BENEFICIARIOS_VARIANTE, file_of(c), a->benef_line, a->clave,
                 "la cantidad de beneficiarios «%s» usa una variante de la "
                 "notación; se espera, p. ej., «8E», «S/C», «13, 1, S/C»", q);
    else
        diag_add(c->d, RULE_BENEFICIARIOS_FORMATO, file_of(c), a->benef_line, a->clave,
                 "la cantidad de beneficiarios «%s» no sigue la notación: "
                 "números con sufijo E opcional o S/C, separados por comas", q);
}

/* ---- walk ---------------------------------------------------------------- */

static void check_actividad(checker *c, const paa_actividad *a,
                            const paa_proyecto *pr, const char *prev)
{
    check_clave(c, c->pt.act, "actividad", "NNPPAA (seis dígitos)", a->clave,
                a->line, pr->clave, prev);
    check_missing(c, a);
    check_missing_text(c, a);
    check_negative(c, a);
    check_sum(c, a);
    check_beneficiarios(c, a);
}

static void check_tree(checker *c)
{
    const paa_programa *p = c->p;
    const char *prev_sub = NULL;
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        check_clave(c, c->pt.sub, "subprograma", "NN (dos dígitos)", s->numero,
                    s->line, NULL, prev_sub);
        prev_sub = s->numero;
        const char *prev_proy = NULL;
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            check_clave(c, c->pt.proy, "proyecto", "NNPP (cuatro dígitos)",
                        pr->clave, pr->line, s->numero, prev_proy);
            prev_proy = pr->clave;
            const char *prev_act = NULL;
            for (size_t k = 0; k < pr->n_actividades; k++) {
                check_actividad(c, &pr->actividades[k], pr, prev_act);
                prev_act = pr->actividades[k].clave;
            }
        }
    }
}

int check_programa(const paa_programa *p, diag_list *d)
{
    checker c = {.p = p, .d = d};
    if (!patterns_init(&c.pt)) {
        patterns_free(&c.pt);
        diag_add(d, RULE_IO, p->file, 0, NULL, "memoria insuficiente para la revisión");
        return -1;
    }
    check_totals(&c);
    check_tree(&c);
    patterns_free(&c.pt);
    strmap_free(&c.seen);
    return d->oom ? -1 : 0;
}

/* ---- baselines ----------------------------------------------------------- */

typedef struct {
    char *rule, *clave, *reason;
    int line;
    bool used;
} baseline_entry;

struct check_baseline {
    char *path;
    baseline_entry *entries;
    size_t n;
};

void check_baseline_free(check_baseline *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->entries[i].rule);
        free(b->entries[i].clave);
        free(b->entries[i].reason);
    }
    free(b->entries);
    free(b->path);
    free(b);
}

/* Splits off the next blank-separated word of *s. */
static char *next_word(char **s)
{
    char *p = *s + strspn(*s, " \t");
    if (*p == '\0')
        return NULL;
    char *end = p + strcspn(p, " \t");
    if (*end != '\0')
        *end++ = '\0';
    *s = end;
    return p;
}

static int baseline_line(check_baseline *b, char *line, int lineno, diag_list *d)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *s = line + strspn(line, " \t");
    if (*s == '\0' || *s == '#')
        return 0;
    char *rule = next_word(&s);
    char *clave = next_word(&s);
    char *reason = s + strspn(s, " \t");
    if (rule == NULL || clave == NULL || *reason == '\0') {
        diag_add(d, RULE_LINEA_BASE_FORMATO, b->path, lineno, NULL,
                 "se espera «regla clave motivo»; el motivo es obligatorio");
        return -1;
    }
    if (diag_rule_find(rule) == NULL) {
        diag_add(d, RULE_LINEA_BASE_FORMATO, b->path, lineno, clave,
                 "regla desconocida «%s» (véase «paa help reglas»)", rule);
        return -1;
    }
    baseline_entry e = {.rule = strdup(rule), .clave = strdup(clave),
                        .reason = text_escape(reason), .line = lineno};
    baseline_entry *grown = realloc(b->entries, (b->n + 1) * sizeof *grown);
    if (grown == NULL || !e.rule || !e.clave || !e.reason) {
        free(e.rule);
        free(e.clave);
        free(e.reason);
        if (grown != NULL)
            b->entries = grown;
        diag_add(d, RULE_IO, b->path, lineno, NULL, "memoria insuficiente");
        return -1;
    }
    b->entries = grown;
    b->entries[b->n++] = e;
    return 0;
}

/* Limit on a baseline file: one line per accepted finding. */
#define BASELINE_MAX_BYTES (16L * 1024 * 1024)

/* Splits the buffer into lines and reads each; a line that is not UTF-8
 * text is refused, so nothing raw reaches a report. */
static int baseline_lines(check_baseline *b, char *buf, size_t len, diag_list *d)
{
    int lineno = 0, status = 0;
    for (char *line = buf; line < buf + len;) {
        char *nl = memchr(line, '\n', (size_t)(buf + len - line));
        char *next = nl != NULL ? nl + 1 : buf + len;
        if (nl != NULL)
            *nl = '\0';
        ++lineno;
        if (memchr(line, '\0', (size_t)(next - line) - (nl != NULL)) != NULL ||
            !utf8_valid(line)) {
            diag_add(d, RULE_LINEA_BASE_FORMATO, b->path, lineno, NULL,
                     "la línea no es texto UTF-8 válido");
            status = -1;
        } else if (baseline_line(b, line, lineno, d) != 0) {
            status = -1;
        }
        line = next;
    }
    return status;
}

int check_baseline_load(const char *path, check_baseline **out, diag_list *d)
{
    *out = NULL;
    char *buf;
    size_t len;
    if (input_read(path, BASELINE_MAX_BYTES, &buf, &len, d) != 0)
        return -1;
    check_baseline *b = calloc(1, sizeof *b);
    if (b == NULL || (b->path = strdup(path)) == NULL) {
        free(b);
        free(buf);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    int status = baseline_lines(b, buf, len, d);
    free(buf);
    if (status != 0) {
        check_baseline_free(b);
        return -1;
    }
    *out = b;
    return 0;
}

static bool in_scope(const char *rule, baseline_scope scope)
{
    bool avance = strncmp(rule, "avance-", 7) == 0;
    return scope == BASELINE_AVANCE ? avance : !avance;
}

void check_baseline_apply(check_baseline *b, diag_list *d, baseline_scope scope)
{
    size_t n = d->n;   /* findings added below are not matched */
    for (size_t i = 0; i < n; i++) {
        diag *f = &d->items[i];
        if (f->clave == NULL || f->accepted)
            continue;
        for (size_t k = 0; k < b->n; k++) {
            baseline_entry *e = &b->entries[k];
            if (strcmp(e->rule, f->rule->id) == 0 && strcmp(e->clave, f->clave) == 0) {
                f->accepted = true;
                f->reason = strdup(e->reason);
                e->used = true;
                break;
            }
        }
    }
    for (size_t k = 0; k < b->n; k++) {
        const baseline_entry *e = &b->entries[k];
        if (!e->used && in_scope(e->rule, scope))
            diag_add(d, RULE_LINEA_BASE_OBSOLETA, b->path, e->line, e->clave,
                     "la entrada «%s %s» ya no corresponde a ningún hallazgo; "
                     "elimínela", e->rule, e->clave);
    }
}
