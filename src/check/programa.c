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
    diag_set_values(c->d, "declarados=%d contados=%zu", declared, counted);
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

/* Appends "<sep>name" to a list buffer (no separator before the first). */
static void list_add_sep(char *buf, size_t size, const char *sep, const char *name)
{
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", len ? sep : "", name);
}

static void list_add(char *buf, size_t size, const char *name)
{
    list_add_sep(buf, size, ", ", name);
}

static void check_missing(checker *c, const paa_actividad *a)
{
    char missing[128] = "", pinned[128] = "";
    if (!a->anual_present) {
        list_add(missing, sizeof missing, "anual");
        list_add_sep(pinned, sizeof pinned, ",", "anual");
    }
    for (int m = 0; m < PAA_MONTHS; m++) {
        if (!(a->meses_present & (1u << m))) {
            list_add(missing, sizeof missing, paa_month_key[m]);
            list_add_sep(pinned, sizeof pinned, ",", paa_month_key[m]);
        }
    }
    if (missing[0] != '\0') {
        diag_add(c->d, RULE_CANTIDAD_FALTANTE, file_of(c), a->cantidades_line, a->clave,
                 "faltan cantidades: %s (una cantidad ausente no cuenta como cero)",
                 missing);
        diag_set_values(c->d, "faltan=%s", pinned);
    }
}

/* Texts the source lost stay absent; each activity gets one finding. */
static void check_missing_text(checker *c, const paa_actividad *a)
{
    char missing[128] = "", pinned[64] = "";
    if (a->unidad == NULL) {
        list_add(missing, sizeof missing, "unidad de medida");
        list_add_sep(pinned, sizeof pinned, ",", "unidad");
    }
    if (a->benef_tipo == NULL) {
        list_add(missing, sizeof missing, "tipo de beneficiarios");
        list_add_sep(pinned, sizeof pinned, ",", "tipo");
    }
    if (a->benef_cantidad == NULL) {
        list_add(missing, sizeof missing, "cantidad de beneficiarios");
        list_add_sep(pinned, sizeof pinned, ",", "cantidad");
    }
    if (missing[0] != '\0') {
        diag_add(c->d, RULE_DATO_FALTANTE, file_of(c), a->line, a->clave, "falta: %s", missing);
        diag_set_values(c->d, "falta=%s", pinned);
    }
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
    if (negative[0] != '\0') {
        diag_add(c->d, RULE_CANTIDAD_NEGATIVA, file_of(c), a->cantidades_line, a->clave,
                 "cantidades negativas: %s", negative);
        /* "anual=-1, ene=-2" pinned as "anual=-1 ene=-2". */
        for (char *s = negative; (s = strstr(s, ", ")) != NULL;)
            memmove(s, s + 1, strlen(s + 1) + 1);
        diag_set_values(c->d, "%s", negative);
    }
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
    char p_annual[PAA_DEC_BUFSZ], p_sum[PAA_DEC_BUFSZ];
    paa_dec_format(a->anual, true, s_annual);
    paa_dec_format(sum, true, s_sum);
    paa_dec_format(diff, true, s_diff);
    paa_dec_format(a->anual, false, p_annual);
    paa_dec_format(sum, false, p_sum);
    const char *sign = diff > 0 ? "+" : "";
    if (a->meses_present == (1u << PAA_MONTHS) - 1) {
        if (diff == 0)
            return;
        diag_add(c->d, RULE_SUMA_MESES, file_of(c), a->cantidades_line, a->clave,
                 "la cantidad anual es %s pero los doce meses suman %s "
                 "(diferencia %s%s)", s_annual, s_sum, sign, s_diff);
        diag_set_values(c->d, "anual=%s meses=%s", p_annual, p_sum);
    } else if (diff > 0) {
        diag_add(c->d, RULE_MESES_EXCEDEN_ANUAL, file_of(c), a->cantidades_line, a->clave,
                 "los meses presentes ya suman %s, más que la cantidad anual %s "
                 "(exceso %s)", s_sum, s_annual, s_diff);
        diag_set_values(c->d, "anual=%s meses=%s", p_annual, p_sum);
    }
}

/* ---- claves -------------------------------------------------------------- */

static void check_clave(checker *c, const pcre2_code *re, const char *kind,
                        const char *format, const char *clave, int line,
                        const char *parent, const char *prev)
{
    if (clave == NULL)   /* missing: reported by the schema */
        return;
    if (!matches(&c->pt, re, clave)) {
        diag_add(c->d, RULE_CLAVE_FORMATO, file_of(c), line, clave,
                 "la clave de %s «%s» no tiene el formato %s", kind, clave, format);
        return;
    }
    if (parent != NULL && strncmp(clave, parent, strlen(parent)) != 0) {
        diag_add(c->d, RULE_CLAVE_JERARQUIA, file_of(c), line, clave,
                 "la clave de %s «%s» no empieza con «%s», la clave de su contenedor",
                 kind, clave, parent);
        diag_set_values(c->d, "contenedor=%s", parent);
    }
    if (strmap_put(&c->seen, clave, clave, &c->d->oom) != NULL) {
        diag_add(c->d, RULE_CLAVE_DUPLICADA, file_of(c), line, clave,
                 "la clave de %s «%s» ya se usó antes", kind, clave);
        return;
    }
    if (prev != NULL && strcmp(prev, clave) >= 0) {
        diag_add(c->d, RULE_CLAVE_ORDEN, file_of(c), line, clave,
                 "la clave de %s «%s» debería ir después de «%s»", kind, clave, prev);
        diag_set_values(c->d, "anterior=%s", prev);
    }
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
    diag_set_values(c->d, "cantidad=%s", q);
}

/* ---- walk ---------------------------------------------------------------- */

static void check_actividad(checker *c, const paa_actividad *a,
                            const paa_proyecto *pr, const char *prev)
{
    check_clave(c, c->pt.act, "actividad", "NNPPAA (seis dígitos)", a->clave,
                a->line, pr->clave, prev);
    /* An activity with a format or schema error was reported as such;
     * its other rules would only guess. */
    if (a->invalida)
        return;
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
        if (s->numero != NULL)
            prev_sub = s->numero;
        const char *prev_proy = NULL;
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            check_clave(c, c->pt.proy, "proyecto", "NNPP (cuatro dígitos)",
                        pr->clave, pr->line, s->numero, prev_proy);
            if (pr->clave != NULL)
                prev_proy = pr->clave;
            const char *prev_act = NULL;
            for (size_t k = 0; k < pr->n_actividades; k++) {
                check_actividad(c, &pr->actividades[k], pr, prev_act);
                if (pr->actividades[k].clave != NULL)
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
    size_t first = d->n;
    check_totals(&c);
    check_tree(&c);
    model_set_columns(p, d, first);
    patterns_free(&c.pt);
    strmap_free(&c.seen);
    return d->oom ? -1 : 0;
}
