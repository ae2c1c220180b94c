/*
 * avance_xlsx: unit tests of the progress workbook on the avance fixtures.
 *
 * The cells are checked in the end-to-end tests (openpyxl, LibreOffice);
 * here the contract: success writes a zip package, equal inputs give
 * equal bytes, the document properties come from the layout's
 * <propiedades> (the -ejemplo variant for sample data only), and a
 * mistyped placeholder in a header or a property fails the workbook with
 * a layout error at the layout's file:line, leaving no file behind. The
 * detail's and roll-ups' formula builders give the formulas documented
 * in avance_xlsx.c, and the semáforo formula's arithmetic (quantities
 * and thresholds scaled to integers by their four decimals) classifies
 * as avance_classify's exact decimals do, at and around each threshold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/avance.h"
#include "read/layout.h"
#include "read/programa.h"
#include "check/semaforo.h"
#include "xlsx/libro.h"
#include "xlsx/xlsx.h"

#include "xlsx_files.h"

#define SRC PAA_TEST_DIR "/.."
#define LAYOUT SRC "/layouts/avance.xml"
#define SCHEMA SRC "/layouts/schema/avance.xsd"
#define EPOCH 1710806400LL

typedef struct {
    char dir[64];
    paa_programa *p;
    avance *a;            /* sample data (ejemplo="si") */
    avance *real;         /* the same, not a sample */
    layout *lay;
    avance_report r, r_real;
    diag_list d;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list_init(&f->d);
    snprintf(f->dir, sizeof f->dir, "/tmp/avance_xlsx_test.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char real[128];
    snprintf(real, sizeof real, "%s/real.xml", f->dir);
    layout_copy(SRC "/tests/fixtures/avance/avance.xml", real, "ejemplo=\"si\"",
            "ejemplo=\"no\"");
    assert_int_equal(parse_programa(SRC "/tests/fixtures/avance/programa.xml",
                                    SRC "/input/schema/programa.xsd", &f->p, &f->d), 0);
    assert_int_equal(avance_load(SRC "/tests/fixtures/avance/avance.xml",
                                 SRC "/input/schema/avance.xsd", &f->a, &f->d), 0);
    assert_int_equal(avance_load(real, SRC "/input/schema/avance.xsd", &f->real, &f->d),
                     0);
    remove(real);
    assert_int_equal(layout_load(LAYOUT, SCHEMA, &f->lay, &f->d), 0);
    avance_thresholds t;
    assert_int_equal(avance_thresholds_load(f->lay, &t, &f->d), 0);
    assert_int_equal(avance_compute(f->a, f->p, &t, &f->r), 0);
    assert_int_equal(avance_compute(f->real, f->p, &t, &f->r_real), 0);
    assert_true(avance_is_sample(f->a));
    assert_false(avance_is_sample(f->real));
    diag_list_free(&f->d);
    diag_list_init(&f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_dir(f->dir);
    avance_report_free(&f->r);
    avance_report_free(&f->r_real);
    avance_free(f->a);
    avance_free(f->real);
    model_free(f->p);
    layout_free(f->lay);
    diag_list_free(&f->d);
    free(f);
    return 0;
}

/* docProps/core.xml of the workbook at path (the zip members are
 * compressed: Debian's Python reads them). malloc'd. */
static char *core_properties(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import sys, zipfile; sys.stdout.write("
             "zipfile.ZipFile(sys.argv[1]).read(\"docProps/core.xml\").decode())' '%s'",
             path);
    FILE *fp = popen(cmd, "r");
    assert_non_null(fp);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len = fread(s, 1, cap - 1, fp);
    s[len] = '\0';
    assert_int_equal(pclose(fp), 0);
    return s;
}

/* ---- tests -------------------------------------------------------------- */

static void writes_the_same_bytes_twice(void **state)
{
    fixture *f = *state;
    const char *a = path_in(f->dir, "a.xlsx"), *b = path_in(f->dir, "b.xlsx");
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, a, &f->d), 0);
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, b, &f->d), 0);
    assert_int_equal(f->d.n, 0);
    size_t len;
    unsigned char *x = slurp(a, &len);
    assert_true(len > 4000);
    assert_memory_equal(x, "PK\x03\x04", 4);
    free(x);
    assert_true(same_bytes(a, b));
}

/* <propiedades> of <libro>: title with {anio} and {periodo}, author and
 * company the institution; the subject names sample data only when the
 * data are a sample. */
static void properties_come_from_the_layout(void **state)
{
    fixture *f = *state;
    const char *a = path_in(f->dir, "ejemplo.xlsx"), *b = path_in(f->dir, "real.xlsx");
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, a, &f->d), 0);
    assert_int_equal(xlsx_avance(f->real, f->p, &f->r_real, f->lay, EPOCH, b, &f->d), 0);
    char *sample = core_properties(a), *real = core_properties(b);
    assert_non_null(strstr(sample, "<dc:title>Informe de avance del Programa Anual de "
                                   "Actividades 2024, enero–junio</dc:title>"));
    assert_non_null(strstr(sample, "<dc:subject>Programado contra alcanzado (DATOS DE "
                                   "EJEMPLO)</dc:subject>"));
    assert_non_null(strstr(real, "<dc:subject>Programado contra alcanzado</dc:subject>"));
    assert_non_null(strstr(real, "<cp:keywords>PAA, informe de avance, semáforo"
                                 "</cp:keywords>"));
    assert_non_null(strstr(real, "<dc:creator>"));
    assert_non_null(strstr(real, "2024-03-19T00:00:00Z"));
    free(sample);
    free(real);
}

/* A mistyped placeholder, in a footer's <renglon> or in a property, is a
 * layout error at its line of the layout: no workbook is written. */
static void unknown_placeholder_is_a_layout_error(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *from, *to, *bad;
    } cases[] = {
        {"izquierda=\"Informe de avance {anio} · {periodo}\"",
         "izquierda=\"Informe de avance {anio} · {periodos}\"", "{periodos}"},
        {"compania=\"{institucion}\"", "compania=\"{instituto}\"", "{instituto}"},
    };
    const char *alt = path_in(f->dir, "avance.xml");
    const char *out = path_in(f->dir, "avance.xlsx");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        layout_copy(LAYOUT, alt, cases[i].from, cases[i].to);
        layout *lay = NULL;
        diag_list d;
        diag_list_init(&d);
        assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), 0);
        assert_int_equal(xlsx_avance(f->a, f->p, &f->r, lay, EPOCH, out, &d), -1);
        assert_true(has_rule(&d, "layout", cases[i].bad));
        assert_true(has_rule(&d, "layout", "{titulo}, {institucion}, {siglas}"));
        assert_string_equal(d.items[0].file, alt);
        /* The line of the attribute in the copy, that of its element. */
        size_t len;
        char *text = (char *)slurp(alt, &len);
        const char *at = strstr(text, cases[i].to);
        int line = 1;
        for (const char *s = text; s < at; s++)
            line += *s == '\n';
        free(text);
        /* libxml2 gives the line where the element's start tag ends. */
        assert_true(abs(line - d.items[0].line) < 5);
        assert_int_equal(access(out, F_OK), -1);
        layout_free(lay);
        diag_list_free(&d);
        remove(alt);
        assert_true(dir_is_empty(f->dir));
    }
}

/* ---- formula builders --------------------------------------------------- */

static void formulas_are_built_as_documented(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    libro_ctx u = {.d = &d};
    char *f = state_formula(&u, "A", "P");
    assert_string_equal(f, "=IF(ISNUMBER(A),IF(ISNUMBER(P),IF(P>0,"
                           "IF(ROUND(A*1E4,0)*1E6>ROUND(UmbralSobre*1E4,0)*ROUND(P*1E4,0),"
                           "\"sobrecumplimiento\","
                           "IF(ROUND(A*1E4,0)*1E6>=ROUND(UmbralVerde*1E4,0)*ROUND(P*1E4,0),"
                           "\"verde\","
                           "IF(ROUND(A*1E4,0)*1E6>=ROUND(UmbralAmarillo*1E4,0)*ROUND(P*1E4,0),"
                           "\"amarillo\",\"rojo\"))),\"sin programación\"),\"sin datos\"),"
                           "\"sin reporte\")");
    free(f);
    f = periodo_formula(&u, "A", "P", "S", "—");
    assert_string_equal(f, "=IF(S=\"rojo\",MIN(A/P,(ROUNDUP(ROUND(UmbralAmarillo*1E4,0)/1E3,0)"
                           "-1)/1000),IF(S=\"amarillo\",MIN(MAX(A/P,ROUNDUP(ROUND(UmbralAmarillo"
                           "*1E4,0)/1E3,0)/1000),(ROUNDUP(ROUND(UmbralVerde*1E4,0)/1E3,0)-1)/1000),"
                           "IF(S=\"verde\",MIN(MAX(A/P,ROUNDUP(ROUND(UmbralVerde*1E4,0)/1E3,0)"
                           "/1000),ROUNDDOWN(ROUND(UmbralSobre*1E4,0)/1E3,0)/1000),"
                           "IF(S=\"sobrecumplimiento\",MAX(A/P,(ROUNDDOWN(ROUND(UmbralSobre*1E4,0)"
                           "/1E3,0)+1)/1000),\"—\"))))");
    free(f);
    f = tope_formula(&u, "A", "P", "K");
    assert_string_equal(f, "=IF(ISNUMBER(K),MIN(A/P,1),\"\")");
    free(f);
    f = anual_formula(&u, "A", "F", "—");
    assert_string_equal(f, "=IF(AND(ISNUMBER(A),N(F)>0),A/F,\"—\")");
    free(f);
    f = count_formula(&u, "T[Subprograma]=$A7", "T[Semáforo]", "verde");
    assert_string_equal(f, "=SUMPRODUCT((T[Subprograma]=$A7)*(T[Semáforo]=\"verde\"))");
    free(f);
    f = mean_formula(&u, "T[Subprograma]=$A7", "T[tope]", "K7", "—");
    assert_string_equal(f, "=IF(K7>0,SUMPRODUCT(--(T[Subprograma]=$A7),T[tope])/K7,\"—\")");
    free(f);
    f = mean_formula(&u, NULL, "T[tope]", "K20", "—");
    assert_string_equal(f, "=IF(K20>0,SUM(T[tope])/K20,\"—\")");
    free(f);
    /* The quarter's achieved follows the cumulative; never below 0. */
    f = quarter_formula(&u, "A", "B", "—");
    assert_string_equal(f, "=IF(ISNUMBER(A),MAX(ROUND(A-N(B),4),0),\"—\")");
    free(f);
    f = con_avance_formula(&u, "T[Subprograma]=$A7", "T[Semáforo]", "T[Alc]");
    assert_string_equal(f, "=SUMPRODUCT((T[Subprograma]=$A7)*(T[Semáforo]=\"sin programación\")"
                           "*(T[Alc]>0))");
    free(f);
    f = green_formula(&u, "T[Subprograma]=$A7", "T[S]");
    assert_string_equal(f, "=SUMPRODUCT((T[Subprograma]=$A7)*((T[S]=\"verde\")+"
                           "(T[S]=\"sobrecumplimiento\")))");
    free(f);
    f = share_formula(&u, "O7", "N7", "—");
    assert_string_equal(f, "=IF(N7>0,O7/N7,\"—\")");
    free(f);
    assert_false(u.failed);
    assert_int_equal(d.n, 0);
    diag_list_free(&d);
}

/* The state formula's comparisons in the spreadsheet's binary floating
 * point: ROUND(x*1E4,0) is C's round() for the non-negative values. */
static avance_state sheet_state(double alc, double prog, const avance_thresholds *t)
{
    double a = round(alc * 1e4) * 1e6, p = round(prog * 1e4);
    double s = round(paa_dec_to_double(t->sobre) * 1e4) * p;
    double v = round(paa_dec_to_double(t->verde) * 1e4) * p;
    double am = round(paa_dec_to_double(t->amarillo) * 1e4) * p;
    return a > s ? AVANCE_SOBRE : a >= v ? AVANCE_VERDE : a >= am ? AVANCE_AMARILLO
                                                                  : AVANCE_ROJO;
}

static void sheet_states_equal_exact_ones(void **state)
{
    (void)state;
    avance_thresholds t[2];
    avance_thresholds_default(&t[0]);
    /* Thresholds with decimals: 87.55 / 66.6667 / 104.0001. */
    t[1].verde = 875500;
    t[1].amarillo = 666667;
    t[1].sobre = 1040001;
    static const paa_dec progs[] = {1, 3, 7, 30000, 600000, 1234567, 99990000,
                                    1000000000, 9000000000LL};
    size_t n = 0;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
            paa_dec p = progs[i];
            const paa_dec thr[3] = {t[k].amarillo, t[k].verde, t[k].sobre};
            for (int j = 0; j < 3; j++) {
                /* The achieved right at the threshold (rounded to the
                 * fourth decimal) and a ten-thousandth either side. */
                paa_dec at = thr[j] * p / (100 * PAA_DEC_SCALE);   /* < 2^63 here */
                for (paa_dec a = at - 2; a <= at + 2; a++, n++) {
                    if (a < 0)
                        continue;
                    avance_state exact = avance_classify(a, p, &t[k]);
                    assert_int_equal(sheet_state(paa_dec_to_double(a), paa_dec_to_double(p),
                                                 &t[k]),
                                     exact);
                }
            }
        }
    assert_true(n > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_the_same_bytes_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(properties_come_from_the_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_placeholder_is_a_layout_error, setup,
                                        teardown),
        cmocka_unit_test(formulas_are_built_as_documented),
        cmocka_unit_test(sheet_states_equal_exact_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
