/* Unit tests of the progress module: exact percentages and rounding,
 * semáforo thresholds, per-activity cases, exact roll-ups, loading and
 * every checker rule on the fixtures of tests/fixtures/avance/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"
#include "progress.h"

#define S PAA_DEC_SCALE
#define FIX PAA_TEST_DIR "/fixtures/avance/"
#define ROOT PAA_TEST_DIR "/.."

/* ---- percentages ---------------------------------------------------------- */

static void test_pct_tenths_rounds_half_up_once(void **state)
{
    (void)state;
    assert_int_equal(progress_pct_tenths(595 * S, 600 * S), 992);   /* 99.1666… */
    assert_int_equal(progress_pct_tenths(1, 8), 125);               /* 12.5 exact */
    assert_int_equal(progress_pct_tenths(1, 16), 63);               /* 6.25 -> 6.3 */
    assert_int_equal(progress_pct_tenths(2, 3), 667);
    assert_int_equal(progress_pct_tenths(1, 3), 333);
    assert_int_equal(progress_pct_tenths(5000, 4800), 1042);        /* 0.5 / 0.48 */
    assert_int_equal(progress_pct_tenths(0, 7), 0);
    /* 99.949999 %: rounding to basis points first (99.95) and then to
     * tenths would give 100.0; one rounding of the exact value gives 99.9. */
    assert_int_equal(progress_pct_tenths(99949999, 100000000), 999);
    assert_int_equal(progress_pct_tenths(9995, 10000), 1000);       /* 99.95 -> 100.0 */
}

static void test_pct_format(void **state)
{
    (void)state;
    char buf[32];
    progress_pct_format(992, buf, sizeof buf);
    assert_string_equal(buf, "99.2 %");
    progress_pct_format(5, buf, sizeof buf);
    assert_string_equal(buf, "0.5 %");
    progress_pct_format(12345, buf, sizeof buf);
    assert_string_equal(buf, "1234.5 %");
}

/* ---- semáforo ---------------------------------------------------------------- */

static void test_classify_thresholds_are_exact(void **state)
{
    (void)state;
    progress_thresholds t;
    progress_thresholds_default(&t);
    assert_int_equal(progress_classify(9 * S, 10 * S, &t), PROGRESS_VERDE);       /* 90 % */
    assert_int_equal(progress_classify(8999, 10000, &t), PROGRESS_AMARILLO);     /* 89.99 % */
    assert_int_equal(progress_classify(7 * S, 10 * S, &t), PROGRESS_AMARILLO);    /* 70 % */
    assert_int_equal(progress_classify(69999, 100000, &t), PROGRESS_ROJO);       /* 69.999 % */
    assert_int_equal(progress_classify(0, 10 * S, &t), PROGRESS_ROJO);
    assert_int_equal(progress_classify(11 * S, 10 * S, &t), PROGRESS_VERDE);      /* 110 % */
    assert_int_equal(progress_classify(110001, 100000, &t), PROGRESS_SOBRE);     /* 110.001 % */
    /* 0.33 programmed of a third of a unit: compare exactly, not 0.33/0.33. */
    assert_int_equal(progress_classify(2970, 3300, &t), PROGRESS_VERDE);         /* 90 % */
    assert_int_equal(progress_classify(2969, 3300, &t), PROGRESS_AMARILLO);
}

static void test_thresholds_from_layout(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    layout *lay = NULL;
    assert_int_equal(layout_load(ROOT "/layouts/avance.xml",
                                 ROOT "/layouts/schema/avance.xsd", &lay, &d), 0);
    progress_thresholds t;
    assert_int_equal(progress_thresholds_load(lay, &t, &d), 0);
    assert_int_equal(t.verde, 90 * S);
    assert_int_equal(t.amarillo, 70 * S);
    assert_int_equal(t.sobre, 110 * S);
    assert_int_equal(d.n, 0);
    layout_free(lay);
    /* No layout: the documented defaults. */
    assert_int_equal(progress_thresholds_load(NULL, &t, &d), 0);
    assert_int_equal(t.verde, 90 * S);
    diag_list_free(&d);
}

/* ---- one activity ------------------------------------------------------------- */

/* An activity with all twelve months and the annual known. */
static paa_actividad activity(const paa_dec meses[PAA_MONTHS])
{
    paa_actividad a;
    memset(&a, 0, sizeof a);
    a.clave = "010101";
    a.anual_present = true;
    a.meses_present = 0xFFF;
    for (int m = 0; m < PAA_MONTHS; m++) {
        a.meses[m] = meses[m];
        a.anual += meses[m];
    }
    return a;
}

static void row_of(const paa_actividad *a, const paa_dec alc[PAA_MONTHS],
                   uint16_t present, int corte, progress_row *r)
{
    progress_thresholds t;
    progress_thresholds_default(&t);
    progress_compute_row(a, true, alc, present, corte, &t, r);
}

static void test_row_on_target(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS];
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 100 * S;
    paa_dec got[6] = {100 * S, 90 * S, 110 * S, 100 * S, 95 * S, 100 * S};
    memcpy(alc, got, sizeof got);
    paa_actividad a = activity(prog);
    progress_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.prog_mes, 100 * S);
    assert_int_equal(r.alc_mes, 100 * S);
    assert_int_equal(r.prog_acum, 600 * S);
    assert_int_equal(r.alc_acum, 595 * S);
    assert_true(r.has_periodo);
    assert_int_equal(r.periodo_tenths, 992);
    assert_true(r.has_anual);
    assert_int_equal(r.anual_tenths, 496);   /* 595 / 1200 = 49.58 % */
    assert_int_equal(r.state, PROGRESS_VERDE);
    assert_false(r.needs_justification);
}

static void test_row_fractional_exact(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 800;                 /* 0.08 */
    prog[11] = 1200;                   /* 0.12: annual exactly 1 */
    alc[0] = alc[1] = alc[2] = alc[3] = 1000;   /* 0.1 */
    alc[4] = alc[5] = 500;                      /* 0.05 */
    paa_actividad a = activity(prog);
    progress_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(a.anual, 1 * S);
    assert_int_equal(r.prog_acum, 4800);        /* 0.48, not 0.4799999 */
    assert_int_equal(r.alc_acum, 5000);
    assert_int_equal(r.periodo_tenths, 1042);   /* 104.1666… */
    assert_int_equal(r.anual_tenths, 500);      /* 50.0 % */
    assert_int_equal(r.state, PROGRESS_VERDE);
}

static void test_row_behind_and_unreported_months(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 1 * S;
    alc[0] = alc[1] = alc[3] = 1 * S;
    alc[5] = 7 * S;   /* after the cut-off: ignored */
    paa_actividad a = activity(prog);
    progress_row r;
    /* Only ene, feb, abr reported; mar and may count as zero. */
    row_of(&a, alc, 0x0B, 5, &r);
    assert_int_equal(r.alc_acum, 3 * S);
    assert_int_equal(r.alc_mes, 0);
    assert_int_equal(r.periodo_tenths, 600);
    assert_int_equal(r.state, PROGRESS_ROJO);
    assert_true(r.needs_justification);
}

static void test_row_over_achievement(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 10 * S;
    alc[0] = 12 * S;
    paa_actividad a = activity(prog);
    progress_row r;
    row_of(&a, alc, 0x01, 1, &r);
    assert_int_equal(r.periodo_tenths, 1200);
    assert_int_equal(r.state, PROGRESS_SOBRE);
    assert_true(r.needs_justification);
}

static void test_row_nothing_programmed(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS] = {0}, alc[PAA_MONTHS] = {0};
    prog[11] = 6 * S;
    paa_actividad a = activity(prog);
    progress_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, PROGRESS_SIN_PROGRAMACION);
    assert_false(r.has_periodo);           /* never a fake 100 % */
    assert_false(r.needs_justification);   /* nothing to explain */
    alc[4] = 1 * S;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, PROGRESS_SIN_PROGRAMACION);
    assert_false(r.has_periodo);
    assert_true(r.needs_justification);    /* work without programme */
    assert_true(r.has_anual);
    assert_int_equal(r.anual_tenths, 167); /* 1 / 6 */

    /* Nothing programmed in the whole year: no % anual either. */
    paa_dec none[PAA_MONTHS] = {0};
    paa_actividad z = activity(none);
    row_of(&z, alc, 0x3F, 6, &r);
    assert_false(r.has_anual);
}

static void test_row_unknown_programme(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 2 * S;
    paa_actividad a = activity(prog);
    a.meses_present &= (uint16_t)~(1u << 2);   /* marzo unknown */
    a.anual_present = false;
    alc[0] = 2 * S;
    progress_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, PROGRESS_SIN_DATOS);
    assert_false(r.prog_acum_known);
    assert_true(r.prog_mes_known);          /* junio is known */
    assert_false(r.anual_known);
    assert_false(r.has_periodo);
    assert_false(r.has_anual);
    assert_false(r.needs_justification);
    /* Cut-off before the unknown month: everything is known. */
    row_of(&a, alc, 0x3F, 2, &r);
    assert_int_equal(r.state, PROGRESS_ROJO);   /* 2 of 4 */
    assert_int_equal(r.periodo_tenths, 500);
}

/* ---- roll-ups ------------------------------------------------------------------ */

static progress_row ratio_row(paa_dec alc, paa_dec prog, progress_state st)
{
    progress_row r;
    memset(&r, 0, sizeof r);
    r.alc_acum = alc;
    r.prog_acum = prog;
    r.has_periodo = prog > 0;
    r.state = st;
    return r;
}

static void test_rollup_exact_mean(void **state)
{
    (void)state;
    /* 1/3, 1/3 and 2003/6000 average exactly 33.35 %: half up, 33.4 %.
     * Summing binary fractions lands just below and would give 33.3 %. */
    progress_row rows[4] = {
        ratio_row(1, 3, PROGRESS_ROJO),
        ratio_row(1, 3, PROGRESS_ROJO),
        ratio_row(2003, 6000, PROGRESS_ROJO),
        ratio_row(0, 0, PROGRESS_SIN_PROGRAMACION),
    };
    progress_rollup u;
    assert_int_equal(progress_rollup_rows(rows, 4, &u), 0);
    assert_int_equal(u.n, 4);
    assert_int_equal(u.n_ratio, 3);
    assert_int_equal(u.count[PROGRESS_ROJO], 3);
    assert_int_equal(u.count[PROGRESS_SIN_PROGRAMACION], 1);
    assert_int_equal(u.mean_tenths, 334);

    /* 1/3 and 2/3: exactly 50.0 %. */
    progress_row half[2] = {ratio_row(1, 3, PROGRESS_ROJO),
                            ratio_row(2, 3, PROGRESS_ROJO)};
    assert_int_equal(progress_rollup_rows(half, 2, &u), 0);
    assert_int_equal(u.mean_tenths, 500);

    /* Large quantities with coprime denominators (a big exact sum). */
    progress_row big[40];
    for (int i = 0; i < 40; i++)
        big[i] = ratio_row(1000003 * (int64_t)(i + 1), 1000033 * (int64_t)(i + 2),
                           PROGRESS_AMARILLO);
    assert_int_equal(progress_rollup_rows(big, 40, &u), 0);
    double mean = 0;
    for (int i = 0; i < 40; i++)
        mean += (1000003.0 * (i + 1)) / (1000033.0 * (i + 2));
    assert_int_equal(u.mean_tenths, (int64_t)(mean * 1000 / 40 + 0.5));

    /* No ratios: no mean. */
    progress_row none[1] = {ratio_row(0, 0, PROGRESS_SIN_DATOS)};
    assert_int_equal(progress_rollup_rows(none, 1, &u), 0);
    assert_int_equal(u.n_ratio, 0);
    assert_int_equal(u.count[PROGRESS_SIN_DATOS], 1);
}

/* ---- load, compute and check on fixtures ------------------------------------ */

static paa_programa *load_programme(diag_list *d)
{
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIX "programa.xml",
                                    ROOT "/input/schema/programa.xsd", &p, d), 0);
    return p;
}

static progress *load_progress(const char *name, diag_list *d)
{
    char path[512];
    snprintf(path, sizeof path, FIX "%s", name);
    progress *a = NULL;
    assert_int_equal(progress_load(path, ROOT "/input/schema/avance.xsd", &a, d), 0);
    return a;
}

static void test_fixture_report(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = load_programme(&d);
    progress *a = load_progress("avance.xml", &d);
    assert_int_equal(progress_year(a), 2024);
    assert_int_equal(progress_cutoff(a), 6);
    assert_true(progress_is_sample(a));
    assert_string_equal(progress_note(a), "Datos de prueba.");
    size_t nrem;
    assert_string_equal(progress_remarks(a, &nrem)[0], "Observación general de prueba.");
    assert_int_equal(nrem, 1);

    assert_int_equal(progress_check(a, p, NULL, &d), 0);
    assert_int_equal(d.n, 0);

    progress_thresholds t;
    progress_thresholds_default(&t);
    progress_report r;
    assert_int_equal(progress_compute(a, p, &t, &r), 0);
    assert_int_equal(r.n_rows, 5);
    assert_int_equal(r.rows[0].periodo_tenths, 992);
    assert_int_equal(r.rows[1].state, PROGRESS_ROJO);
    assert_string_equal(r.rows[1].justificacion,
                        "Dos informes se entregaron fuera de plazo.");
    assert_int_equal(r.rows[2].state, PROGRESS_SIN_PROGRAMACION);
    assert_int_equal(r.rows[3].periodo_tenths, 1042);
    assert_int_equal(r.rows[4].state, PROGRESS_SIN_DATOS);
    /* Subprograma 01: mean of 99.1666… and 66.666… = 82.9166… */
    assert_int_equal(r.sub[0].mean_tenths, 829);
    assert_int_equal(r.sub[0].count[PROGRESS_VERDE], 1);
    assert_int_equal(r.sub[0].count[PROGRESS_ROJO], 1);
    assert_int_equal(r.sub[0].count[PROGRESS_SIN_PROGRAMACION], 1);
    assert_int_equal(r.sub[1].n_ratio, 1);
    assert_int_equal(r.sub[1].mean_tenths, 1042);
    assert_int_equal(r.proy[1].n, 1);          /* 0102 */
    assert_int_equal(r.proy[1].n_ratio, 0);
    /* Institution: (119/120 + 2/3 + 25/24) / 3 = 2.7 / 3 = 90.0 % exactly. */
    assert_int_equal(r.total.n, 5);
    assert_int_equal(r.total.n_ratio, 3);
    assert_int_equal(r.total.mean_tenths, 900);
    progress_report_free(&r);
    progress_free(a);
    model_free(p);
    diag_list_free(&d);
}

/* Every checker fixture: the rule fires, at the documented line. */
static const struct {
    const char *file, *rule;
    int line;
    const char *clave;
} cases[] = {
    {"anio.xml", "avance-anio", 3, NULL},
    {"clave-desconocida.xml", "avance-clave-desconocida", 42, "019999"},
    {"clave-duplicada.xml", "avance-clave-duplicada", 42, "010101"},
    {"clave-faltante.xml", "avance-clave-faltante", 3, "020102"},
    {"mes-posterior.xml", "avance-mes-posterior", 15, "010101"},
    {"mes-duplicado.xml", "avance-mes-duplicado", 14, "010101"},
    {"mes-faltante.xml", "avance-mes-faltante", 8, "010101"},
    {"cantidad.xml", "avance-cantidad", 10, "010101"},
    {"cantidad.xml", "avance-cantidad", 43, "020102"},
    {"justificacion.xml", "avance-justificacion", 16, "010102"},
};

static void test_checker_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diag_list d;
        diag_list_init(&d);
        paa_programa *p = load_programme(&d);
        progress *a = load_progress(cases[i].file, &d);
        assert_int_equal(progress_check(a, p, NULL, &d), 0);
        bool found = false;
        for (size_t k = 0; k < d.n; k++) {
            const diag *g = &d.items[k];
            if (strcmp(g->rule->id, cases[i].rule) == 0 && g->line == cases[i].line &&
                (cases[i].clave == NULL || strcmp(g->clave, cases[i].clave) == 0))
                found = true;
        }
        if (!found) {
            print_message("%s: expected %s at line %d\n", cases[i].file,
                          cases[i].rule, cases[i].line);
            diag_print_all(stdout, &d);
        }
        assert_true(found);
        progress_free(a);
        model_free(p);
        diag_list_free(&d);
    }
}

/* The fixtures other than the one being tested raise nothing else: an
 * isolated fixture proves the rule, not a side effect. */
static void test_checker_fixtures_isolated(void **state)
{
    (void)state;
    const char *single[] = {"anio.xml", "clave-desconocida.xml",
                            "clave-duplicada.xml", "clave-faltante.xml",
                            "mes-posterior.xml", "mes-duplicado.xml",
                            "mes-faltante.xml", "justificacion.xml"};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        diag_list d;
        diag_list_init(&d);
        paa_programa *p = load_programme(&d);
        progress *a = load_progress(single[i], &d);
        assert_int_equal(progress_check(a, p, NULL, &d), 0);
        if (d.n != 1) {
            print_message("%s: expected one finding\n", single[i]);
            diag_print_all(stdout, &d);
        }
        assert_int_equal(d.n, 1);
        progress_free(a);
        model_free(p);
        diag_list_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct_tenths_rounds_half_up_once),
        cmocka_unit_test(test_pct_format),
        cmocka_unit_test(test_classify_thresholds_are_exact),
        cmocka_unit_test(test_thresholds_from_layout),
        cmocka_unit_test(test_row_on_target),
        cmocka_unit_test(test_row_fractional_exact),
        cmocka_unit_test(test_row_behind_and_unreported_months),
        cmocka_unit_test(test_row_over_achievement),
        cmocka_unit_test(test_row_nothing_programmed),
        cmocka_unit_test(test_row_unknown_programme),
        cmocka_unit_test(test_rollup_exact_mean),
        cmocka_unit_test(test_fixture_report),
        cmocka_unit_test(test_checker_fixtures),
        cmocka_unit_test(test_checker_fixtures_isolated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
