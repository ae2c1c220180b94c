/*
 * libro: unit tests of the workbook engine's core (libro.c,
 * libro_referencias.c).
 *
 * Spanish messages for every libxlsxwriter error; sheet references quoted
 * with doubled apostrophes and never truncated (an apostrophe, 31 × "ñ");
 * heap-built strings of any length; layout texts and document properties
 * through the one template expander (an unknown placeholder is a layout
 * error at its line); decimals and colours (black is not "no colour");
 * chart series fills (solid or patterned) from a layout; sheet names and
 * cell contents checked before the library sees them, with file:line; the
 * "number stored as text" ranges; and a write failure at the end (a full
 * disk, simulated with RLIMIT_FSIZE) reported under rule "io" and leaving
 * no file, for the engine and for both workbooks. Font metrics and print
 * setup have their own tests (libro_metricas_test, libro_impresion_test).
 */
#include "libro_fixture.h"

#include <signal.h>
#include <sys/resource.h>

#include "check/avance.h"
#include "read/programa.h"
#include "xlsx/xlsx.h"

/* ---- errors ------------------------------------------------------------- */

static void every_error_has_a_spanish_message(void **state)
{
    (void)state;
    for (int e = 0; e < LXW_MAX_ERRNO; e++) {
        const char *es = libro_strerror((lxw_error)e);
        assert_true(es[0] != '\0');
        assert_string_not_equal(es, lxw_strerror((lxw_error)e));
        for (int k = 0; k < e; k++)
            assert_string_not_equal(es, libro_strerror((lxw_error)k));
    }
    assert_string_equal(libro_strerror(LXW_MAX_ERRNO),
                        "error desconocido de la biblioteca de Excel");
}

/* ---- references and strings --------------------------------------------- */

static void references_quote_and_double_apostrophes(void **state)
{
    fixture *f = *state;
    f->x.d = &f->d;
    char *s = libro_sheet_ref(&f->x, "Det'alle");
    assert_string_equal(s, "'Det''alle'");
    free(s);
    s = libro_range_ref(&f->x, "Det'alle", 4, 1, 4, 1);
    assert_string_equal(s, "'Det''alle'!$B$5:$B$5");
    free(s);
    s = libro_range_ref(&f->x, "Hoja", 4, 1, 8, 1);
    assert_string_equal(s, "'Hoja'!$B$5:$B$9");
    free(s);
    s = libro_range_ref(&f->x, "01", 1, 0, 1, 0);   /* a one-cell range */
    assert_string_equal(s, "'01'!$A$2:$A$2");
    free(s);
    s = libro_range_ref(&f->x, NULL, 0, 0, 2, 1);
    assert_string_equal(s, "$A$1:$B$3");
    free(s);
    s = libro_sheet_ref(&f->x, "''");
    assert_string_equal(s, "''''''");
    free(s);
    assert_int_equal(f->d.n, 0);
}

/* Table columns as formulas cite them: [ ] # ' escaped by an apostrophe,
 * and a calculated column's "@" as a cell of it holds it. */
static void table_references(void **state)
{
    fixture *f = *state;
    f->x.d = &f->d;
    char *s = libro_col_ref(&f->x, "TablaActividades", "Revisión");
    assert_string_equal(s, "TablaActividades[Revisión]");
    free(s);
    s = libro_col_ref(&f->x, "T", "Núm. [#1] d'x");
    assert_string_equal(s, "T[Núm. '['#1'] d''x]");
    free(s);
    s = libro_this_row(&f->x, "=SUM(T[@[Ene]:[Dic]])-T[@[Cantidad anual]]");
    assert_string_equal(s, "=SUM(T[[#This Row],[Ene]:[Dic]])-T[[#This Row],[Cantidad anual]]");
    free(s);
    assert_null(libro_this_row(&f->x, NULL));
    assert_int_equal(f->d.n, 0);
}

/* 31 two-byte characters: the 64-byte buffers of old cut this name. */
static void long_utf8_names_are_not_truncated(void **state)
{
    fixture *f = *state;
    f->x.d = &f->d;
    char name[31 * 2 + 1] = "", want[200];
    for (int i = 0; i < 31; i++)
        strcat(name, "ñ");
    snprintf(want, sizeof want, "'%s'!$K$5:$K$322", name);
    char *s = libro_range_ref(&f->x, name, 4, 10, 321, 10);
    assert_string_equal(s, want);
    char *formula = libro_printf(&f->x, "=IF(J7>0,AVERAGE(%s),\"\")", s);
    assert_int_equal(strlen(formula), strlen(want) + strlen("=IF(J7>0,AVERAGE(),\"\")"));
    assert_true(utf8_valid(formula));
    free(s);
    free(formula);
}

static void printf_builds_strings_of_any_length(void **state)
{
    fixture *f = *state;
    f->x.d = &f->d;
    char *big = malloc(20001);
    assert_non_null(big);
    memset(big, 'x', 20000);
    big[20000] = '\0';
    char *s = libro_printf(&f->x, "<%s|%s>", big, big);
    assert_int_equal(strlen(s), 40003);
    assert_int_equal(s[40002], '>');
    free(s);
    free(big);
    /* Once failed, nothing is built. */
    f->x.failed = true;
    assert_null(libro_printf(&f->x, "%s", "x"));
}

/* Layout texts expand their placeholders; an unknown one is a layout
 * error at the element's line that lists the known ones. */
static void expand_replaces_placeholders(void **state)
{
    fixture *f = *state;
    begin(f);
    const layout_node *n = layout_require(f->lay, "plantilla", NULL, &f->d);
    assert_non_null(n);
    const template_var vars[] = {{.name = "{a}", .value = "uno"},
                                 {.name = "{b}", .value = "{dos}"},
                                 {.name = "{c}", .value = NULL}};
    char *s = libro_expand(&f->x, n, "buena", vars, 3);
    assert_string_equal(s, "uno y {dos}uno, ");
    free(s);
    s = libro_expand(&f->x, n, "ausente", vars, 3);
    assert_string_equal(s, "");
    free(s);
    assert_int_equal(f->d.n, 0);
    assert_null(libro_expand(&f->x, n, "mala", vars, 3));
    assert_true(f->x.failed);
    assert_true(has_rule(&f->d, "layout", "marcador desconocido «{z}» en mala=\"{a} {z}\" "
                                      "de <plantilla> (se admiten {a}, {b}, {c})"));
    assert_int_equal(f->d.items[0].line, layout_line(n));
}

/* Document properties are layout texts like any other: placeholders
 * expanded, the "-ejemplo" variant with sample data, an unknown
 * placeholder a layout error at its line. */
static void properties_come_from_the_layout(void **state)
{
    fixture *f = *state;
    begin(f);
    const template_var vars[] = {{.name = "{titulo}", .value = "Programa & más"},
                                 {.name = "{hoja}", .value = "IEEM"}};
    const layout_node *n = layout_find(f->lay, "propiedades", NULL);
    libro_properties(&f->x, n, vars, 2, false, 0);
    assert_false(f->x.failed);
    const lxw_doc_properties *pr = f->x.wb->properties;
    assert_non_null(pr);
    assert_string_equal(pr->title, "Programa & más");
    assert_string_equal(pr->subject, "Avance");
    assert_string_equal(pr->author, "IEEM");
    assert_string_equal(pr->keywords, "a, b");
    assert_null(pr->company);   /* absent: left out, never "" */
    assert_int_equal(pr->created, 1);   /* never the clock */
    libro_properties(&f->x, n, vars, 2, true, 1710806400LL);
    assert_string_equal(f->x.wb->properties->subject, "Avance (IEEM)");
    assert_int_equal(f->x.wb->properties->created, 1710806400LL);
    assert_int_equal(f->d.n, 0);

    const layout_node *bad = layout_find(f->lay, "propiedades-malas", NULL);
    libro_properties(&f->x, bad, vars, 2, false, 0);
    assert_true(f->x.failed);
    assert_true(has_rule(&f->d, "layout", "marcador desconocido «{tituloo}» en titulo="));
    assert_int_equal(f->d.items[0].line, layout_line(bad));
}

static paa_dec dec(const char *s)
{
    paa_dec v;
    assert_int_equal(paa_dec_parse(s, &v), PAA_DEC_OK);
    return v;
}

static void decimals_and_colours(void **state)
{
    (void)state;
    assert_int_equal(libro_decimals(dec("4060")), 0);
    assert_int_equal(libro_decimals(dec("0.08")), 2);
    assert_int_equal(libro_decimals(dec("0.125")), 3);
    assert_int_equal(libro_decimals(dec("-0.5")), 1);
    assert_int_equal(libro_decimals(dec("0.0001")), 4);
    /* 0 means "no colour" to libxlsxwriter: black must stay black. */
    assert_int_equal(libro_color((layout_rgb){0, 0, 0}), LXW_COLOR_BLACK);
    assert_int_equal(libro_color((layout_rgb){1, 1, 1}), 0xFFFFFF);
    assert_int_equal(libro_color((layout_rgb){109 / 255.0, 26 / 255.0, 72 / 255.0}),
                     0x6D1A48);
}

static void nonempty_texts(void **state)
{
    (void)state;
    assert_null(libro_nonempty(""));
    assert_null(libro_nonempty(NULL));
    assert_string_equal(libro_nonempty(" "), " ");
}

static void number_formats_come_from_the_layout(void **state)
{
    fixture *f = *state;
    f->x.d = &f->d;
    f->x.lay = f->lay;
    const char *codes[LIBRO_NDEC];
    assert_int_equal(libro_numfmts(&f->x, layout_find(f->lay, "numeros", NULL), codes), 0);
    assert_string_equal(codes[0], "#,##0");
    assert_string_equal(codes[4], "#,##0.0000");
    assert_int_equal(libro_numfmts(&f->x, layout_find(f->lay, "incompletos", NULL), codes),
                     -1);
    assert_true(has_rule(&f->d, "layout", "falta <numero decimales=\"1\">"));
    assert_true(f->d.items[0].line > 1);
}

/* Series fills that a grey print keeps apart: solid (black stays black),
 * or a pattern in the colour over white or over the layout's fondo; an
 * unknown pattern, fondo without trama and a missing colour are layout
 * errors at their line, and leave the series as it was. */
static void series_fills_come_from_the_layout(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_chart *c = workbook_add_chart(f->x.wb, LXW_CHART_BAR_STACKED);
    assert_non_null(c);
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    assert_non_null(s);
    assert_int_equal(libro_series_fill(&f->x, s, layout_find(f->lay, "solida", NULL)), 0);
    assert_non_null(s->fill);
    assert_int_equal(s->fill->color, LXW_COLOR_BLACK);
    assert_null(s->pattern);

    s = chart_add_series(c, NULL, NULL);
    assert_int_equal(libro_series_fill(&f->x, s, layout_find(f->lay, "rayada", NULL)), 0);
    assert_non_null(s->pattern);
    assert_int_equal(s->pattern->type, LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL);
    assert_int_equal(s->pattern->fg_color, 0xC62828);
    assert_int_equal(s->pattern->bg_color, 0xFFFFFF);

    s = chart_add_series(c, NULL, NULL);
    assert_int_equal(libro_series_fill(&f->x, s, layout_find(f->lay, "sobre-gris", NULL)),
                     0);
    assert_int_equal(s->pattern->type, LXW_CHART_PATTERN_PERCENT_25);
    assert_int_equal(s->pattern->fg_color, 0x7F7F7F);
    assert_int_equal(s->pattern->bg_color, 0xEEEEEE);
    assert_false(f->x.failed);
    assert_int_equal(f->d.n, 0);

    static const struct {
        const char *element, *message;
    } bad[] = {
        {"trama-mala", "valor no admitido trama=\"cuadros\""},
        {"fondo-solo", "fondo solo se usa con trama"},
        {"sin-color", "falta el atributo color"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f->x.failed = false;
        s = chart_add_series(c, NULL, NULL);
        const layout_node *n = layout_find(f->lay, bad[i].element, NULL);
        assert_int_equal(libro_series_fill(&f->x, s, n), -1);
        assert_true(f->x.failed);
        assert_true(has_rule(&f->d, "layout", bad[i].message));
        assert_int_equal(f->d.items[f->d.n - 1].line, layout_line(n));
        assert_null(s->fill);
        assert_null(s->pattern);
    }
}

/* ---- sheets and cells --------------------------------------------------- */

static void sheet_names_are_checked_first(void **state)
{
    fixture *f = *state;
    begin(f);
    static const struct {
        const char *name, *message;
    } bad[] = {
        {"", "falta el nombre"},
        {"a[b", "contiene alguno de"},
        {"una hoja con un nombre de más de 31", "31 caracteres"},
        {"'hoja", "apóstrofo"},
        {"Mal \xC3(", "no sirve como nombre de hoja"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f->x.failed = false;
        assert_null(libro_add_sheet(&f->x, bad[i].name, "diseno.xml", 12));
        assert_true(f->x.failed);
        assert_true(has_rule(&f->d, "xlsx", bad[i].message));
        assert_string_equal(f->d.items[f->d.n - 1].file, "diseno.xml");
        assert_int_equal(f->d.items[f->d.n - 1].line, 12);
    }
    f->x.failed = false;
    lxw_worksheet *ws = libro_add_sheet(&f->x, "01", "diseno.xml", 3);
    assert_non_null(ws);
    /* Quoted for the print area and titles libxlsxwriter writes. */
    assert_string_equal(ws->quoted_name, "'01'");
    assert_null(libro_add_sheet(&f->x, "01", "diseno.xml", 4));
    assert_true(has_rule(&f->d, "xlsx", "ya está en uso"));
    assert_int_equal(libro_end(&f->x), -1);
    assert_true(dir_is_empty(f->dir));
}

static void cell_contents_are_checked_first(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Hoja", "diseno.xml", 3);
    lxw_format *fmt = libro_format(&f->x);
    libro_style st = {fmt, false, 9, false};
    assert_non_null(ws);
    char *huge = malloc(LIBRO_MAX_TEXT + 2);
    assert_non_null(huge);
    memset(huge, 'x', LIBRO_MAX_TEXT + 1);
    huge[LIBRO_MAX_TEXT + 1] = '\0';
    libro_text(&f->x, ws, 1, 1, huge, &st);
    assert_true(has_rule(&f->d, "xlsx", "hoja «Hoja», celda B2: el texto pasa de los 32,767"));
    f->x.failed = false;
    huge[LIBRO_MAX_FORMULA + 1] = '\0';
    huge[0] = '=';
    libro_formula_num(&f->x, ws, 2, 0, huge, fmt, 0);
    assert_true(has_rule(&f->d, "xlsx", "celda A3: la fórmula pasa de los 8192"));
    f->x.failed = false;
    libro_merged(&f->x, ws, 3, 0, 2, "Mal \xC3(", &st);
    assert_true(has_rule(&f->d, "xlsx", "celda A4: el texto no es UTF-8"));
    free(huge);
    /* A formula that could not be built is a no-op, not a new error. */
    size_t n = f->d.n;
    f->x.failed = false;
    libro_formula_str(&f->x, ws, 4, 0, NULL, fmt, "");
    assert_false(f->x.failed);
    assert_int_equal(f->d.n, n);
}

static void text_columns_turn_off_the_number_mark(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Hoja", "diseno.xml", 3);
    const lxw_col_t cols[] = {0, 2, 19};
    libro_text_columns(&f->x, ws, cols, 3, 1, 318);
    assert_false(f->x.failed);
    assert_string_equal(ws->ignore_number_stored_as_text, "A2:A319 C2:C319 T2:T319");
}

/* ---- writing ------------------------------------------------------------ */

/* Runs fn with writes beyond `bytes` failing as on a full disk (EFBIG
 * instead of the signal), then lifts the limit. */
static int with_small_disk(long bytes, int (*fn)(void *), void *arg)
{
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = (rlim_t)bytes;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int rc = fn(arg);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    return rc;
}

static int end_workbook(void *arg)
{
    return libro_end(arg);
}

static void a_failed_write_is_io(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Hoja", "diseno.xml", 3);
    libro_style st = {libro_format(&f->x), false, 9, false};
    for (lxw_row_t r = 0; r < 2000; r++) {
        char text[64];
        snprintf(text, sizeof text, "texto distinto número %u", (unsigned)r);
        libro_text(&f->x, ws, r, 0, text, &st);
    }
    assert_false(f->x.failed);
    assert_int_equal(with_small_disk(4096, end_workbook, &f->x), -1);
    assert_true(has_rule(&f->d, "io", "no se pudo escribir el libro"));
    assert_string_equal(f->d.items[f->d.n - 1].file, f->out);
    /* The message is the Spanish one, not libxlsxwriter's English. */
    for (int e = 1; e < LXW_MAX_ERRNO; e++)
        assert_null(strstr(f->d.items[f->d.n - 1].message, lxw_strerror((lxw_error)e)));
    assert_true(dir_is_empty(f->dir));
}

typedef struct {
    const paa_programa *p;
    const avance *a;
    const avance_report *r;
    const layout *lay;
    const char *out;
    diag_list *d;
} render_args;

static int render_programme(void *arg)
{
    render_args *ra = arg;
    return xlsx_programa(ra->p, ra->lay, 1710806400LL, ra->out, ra->d);
}

static int render_progress(void *arg)
{
    render_args *ra = arg;
    return xlsx_avance(ra->a, ra->p, ra->r, ra->lay, 1710806400LL, ra->out,
                                ra->d);
}

/* Both workbooks go through libro_end: a full disk is "io" (exit 2). */
static void both_workbooks_report_a_failed_write_as_io(void **state)
{
    fixture *f = *state;
    paa_programa *p = NULL;
    avance *a = NULL;
    layout *libro = NULL, *avance_lay = NULL;
    avance_thresholds t;
    avance_report r;
    assert_int_equal(parse_programa(SRC "/tests/fixtures/avance/programa.xml",
                                    SRC "/input/schema/programa.xsd", &p, &f->d), 0);
    assert_int_equal(avance_load(SRC "/tests/fixtures/avance/avance.xml",
                                   SRC "/input/schema/avance.xsd", &a, &f->d), 0);
    assert_int_equal(layout_load(SRC "/layouts/libro.xml", SRC "/layouts/schema/libro.xsd",
                                 &libro, &f->d), 0);
    assert_int_equal(layout_load(SRC "/layouts/avance.xml",
                                 SRC "/layouts/schema/avance.xsd", &avance_lay, &f->d), 0);
    assert_int_equal(avance_thresholds_load(avance_lay, &t, &f->d), 0);
    assert_int_equal(avance_compute(a, p, &t, &r), 0);
    diag_list_free(&f->d);
    diag_list_init(&f->d);

    render_args ra = {p, a, &r, libro, f->out, &f->d};
    assert_int_equal(with_small_disk(2048, render_programme, &ra), -1);
    assert_true(has_rule(&f->d, "io", "no se pudo escribir el libro"));
    assert_true(dir_is_empty(f->dir));
    /* Without the limit the same calls succeed. */
    assert_int_equal(render_programme(&ra), 0);
    remove(f->out);

    diag_list_free(&f->d);
    diag_list_init(&f->d);
    ra.lay = avance_lay;
    assert_int_equal(with_small_disk(2048, render_progress, &ra), -1);
    assert_true(has_rule(&f->d, "io", "no se pudo escribir el libro"));
    assert_true(dir_is_empty(f->dir));
    assert_int_equal(render_progress(&ra), 0);
    remove(f->out);

    avance_report_free(&r);
    avance_free(a);
    model_free(p);
    layout_free(libro);
    layout_free(avance_lay);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_error_has_a_spanish_message),
        cmocka_unit_test_setup_teardown(references_quote_and_double_apostrophes, setup, teardown),
        cmocka_unit_test_setup_teardown(long_utf8_names_are_not_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(table_references, setup, teardown),
        cmocka_unit_test_setup_teardown(printf_builds_strings_of_any_length, setup, teardown),
        cmocka_unit_test_setup_teardown(expand_replaces_placeholders, setup, teardown),
        cmocka_unit_test_setup_teardown(properties_come_from_the_layout, setup, teardown),
        cmocka_unit_test(decimals_and_colours),
        cmocka_unit_test(nonempty_texts),
        cmocka_unit_test_setup_teardown(number_formats_come_from_the_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(series_fills_come_from_the_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(sheet_names_are_checked_first, setup, teardown),
        cmocka_unit_test_setup_teardown(cell_contents_are_checked_first, setup, teardown),
        cmocka_unit_test_setup_teardown(text_columns_turn_off_the_number_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_write_is_io, setup, teardown),
        cmocka_unit_test_setup_teardown(both_workbooks_report_a_failed_write_as_io, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
