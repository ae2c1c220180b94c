/* Unit tests of the semáforo (check/semaforo.c): exact percentages and
 * rounding, thresholds, per-activity cases (unreported activities,
 * inconsistent and rebuilt programmes, their notes), exact capped
 * roll-ups, and the report computed on the fixtures of
 * tests/fixtures/avance/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/semaforo.h"
#include "avance_fixture.h"

#define S PAA_DEC_SCALE

/* ---- percentages ---------------------------------------------------------- */

static void test_pct_tenths_rounds_half_up_once(void **state)
{
    (void)state;
    assert_int_equal(avance_pct_tenths(595 * S, 600 * S), 992);   /* 99.1666… */
    assert_int_equal(avance_pct_tenths(1, 8), 125);               /* 12.5 exact */
    assert_int_equal(avance_pct_tenths(1, 16), 63);               /* 6.25 -> 6.3 */
    assert_int_equal(avance_pct_tenths(2, 3), 667);
    assert_int_equal(avance_pct_tenths(1, 3), 333);
    assert_int_equal(avance_pct_tenths(5000, 4800), 1042);        /* 0.5 / 0.48 */
    assert_int_equal(avance_pct_tenths(0, 7), 0);
    /* 99.949999 %: rounding to basis points first (99.95) and then to
     * tenths would give 100.0; one rounding of the exact value gives 99.9. */
    assert_int_equal(avance_pct_tenths(99949999, 100000000), 999);
    assert_int_equal(avance_pct_tenths(9995, 10000), 1000);       /* 99.95 -> 100.0 */
}

static void test_pct_format(void **state)
{
    (void)state;
    char buf[32];
    avance_pct_format(992, buf, sizeof buf);
    assert_string_equal(buf, "99.2 %");
    avance_pct_format(5, buf, sizeof buf);
    assert_string_equal(buf, "0.5 %");
    avance_pct_format(12345, buf, sizeof buf);
    assert_string_equal(buf, "1234.5 %");
}

/* ---- semáforo ---------------------------------------------------------------- */

static void test_classify_thresholds_are_exact(void **state)
{
    (void)state;
    avance_thresholds t;
    avance_thresholds_default(&t);
    assert_int_equal(avance_classify(9 * S, 10 * S, &t), AVANCE_VERDE);       /* 90 % */
    assert_int_equal(avance_classify(8999, 10000, &t), AVANCE_AMARILLO);     /* 89.99 % */
    assert_int_equal(avance_classify(7 * S, 10 * S, &t), AVANCE_AMARILLO);    /* 70 % */
    assert_int_equal(avance_classify(69999, 100000, &t), AVANCE_ROJO);       /* 69.999 % */
    assert_int_equal(avance_classify(0, 10 * S, &t), AVANCE_ROJO);
    assert_int_equal(avance_classify(11 * S, 10 * S, &t), AVANCE_VERDE);      /* 110 % */
    assert_int_equal(avance_classify(110001, 100000, &t), AVANCE_SOBRE);     /* 110.001 % */
    /* 0.33 programmed of a third of a unit: compare exactly, not 0.33/0.33. */
    assert_int_equal(avance_classify(2970, 3300, &t), AVANCE_VERDE);         /* 90 % */
    assert_int_equal(avance_classify(2969, 3300, &t), AVANCE_AMARILLO);
}

static void test_thresholds_from_layout(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    layout *lay = NULL;
    assert_int_equal(layout_load(ROOT "/layouts/avance.xml",
                                 ROOT "/layouts/schema/avance.xsd", &lay, &d), 0);
    avance_thresholds t;
    assert_int_equal(avance_thresholds_load(lay, &t, &d), 0);
    assert_int_equal(t.verde, 90 * S);
    assert_int_equal(t.amarillo, 70 * S);
    assert_int_equal(t.sobre, 110 * S);
    assert_int_equal(d.n, 0);
    layout_free(lay);
    /* No layout: the documented defaults. */
    assert_int_equal(avance_thresholds_load(NULL, &t, &d), 0);
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
                   uint16_t present, int corte, avance_row *r)
{
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_compute_row(a, true, alc, present, corte, &t, r);
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
    avance_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.prog_mes, 100 * S);
    assert_int_equal(r.alc_mes, 100 * S);
    assert_int_equal(r.prog_acum, 600 * S);
    assert_int_equal(r.alc_acum, 595 * S);
    assert_true(r.has_periodo);
    assert_int_equal(r.periodo_tenths, 992);
    assert_true(r.has_anual);
    assert_int_equal(r.anual_tenths, 496);   /* 595 / 1200 = 49.58 % */
    assert_int_equal(r.state, AVANCE_VERDE);
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
    avance_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(a.anual, 1 * S);
    assert_int_equal(r.prog_acum, 4800);        /* 0.48, not 0.4799999 */
    assert_int_equal(r.alc_acum, 5000);
    assert_int_equal(r.periodo_tenths, 1042);   /* 104.1666… */
    assert_int_equal(r.anual_tenths, 500);      /* 50.0 % */
    assert_int_equal(r.state, AVANCE_VERDE);
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
    avance_row r;
    /* Only ene, feb, abr reported; mar and may count as zero. */
    row_of(&a, alc, 0x0B, 5, &r);
    assert_int_equal(r.alc_acum, 3 * S);
    assert_int_equal(r.alc_mes, 0);
    assert_int_equal(r.periodo_tenths, 600);
    assert_int_equal(r.state, AVANCE_ROJO);
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
    avance_row r;
    row_of(&a, alc, 0x01, 1, &r);
    assert_int_equal(r.periodo_tenths, 1200);
    assert_int_equal(r.state, AVANCE_SOBRE);
    assert_true(r.needs_justification);
}

static void test_row_nothing_programmed(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS] = {0}, alc[PAA_MONTHS] = {0};
    prog[11] = 6 * S;
    paa_actividad a = activity(prog);
    avance_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, AVANCE_SIN_PROGRAMACION);
    assert_false(r.has_periodo);           /* never a fake 100 % */
    assert_false(r.needs_justification);   /* nothing to explain */
    alc[4] = 1 * S;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, AVANCE_SIN_PROGRAMACION);
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
    avance_row r;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, AVANCE_SIN_DATOS);
    assert_false(r.prog_acum_known);
    assert_true(r.prog_mes_known);          /* junio is known */
    assert_false(r.anual_known);
    assert_false(r.has_periodo);
    assert_false(r.has_anual);
    assert_false(r.needs_justification);
    /* Cut-off before the unknown month: everything is known. */
    row_of(&a, alc, 0x3F, 2, &r);
    assert_int_equal(r.state, AVANCE_ROJO);   /* 2 of 4 */
    assert_int_equal(r.periodo_tenths, 500);
}

/* ---- the quarter of the cut-off ---------------------------------------------- */

static void test_quarter_label(void **state)
{
    (void)state;
    char buf[64];
    const struct { int corte, q, first; const char *label; } cases[] = {
        {1, 1, 1, "1.º trim. (ene)"},   {3, 1, 1, "1.º trim. (ene–mar)"},
        {4, 2, 4, "2.º trim. (abr)"},   {6, 2, 4, "2.º trim. (abr–jun)"},
        {8, 3, 7, "3.º trim. (jul–ago)"}, {12, 4, 10, "4.º trim. (oct–dic)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(avance_quarter(cases[i].corte), cases[i].q);
        assert_int_equal(avance_quarter_first(cases[i].corte), cases[i].first);
        avance_quarter_label(cases[i].corte, true, buf, sizeof buf);
        assert_string_equal(buf, cases[i].label);
    }
    avance_quarter_label(6, false, buf, sizeof buf);
    assert_string_equal(buf, "2.º trimestre (abril a junio)");
    avance_quarter_label(10, false, buf, sizeof buf);
    assert_string_equal(buf, "4.º trimestre (octubre)");
}

/* 10 programmed every month; achieved 10 except abril (5) and octubre to
 * diciembre (12 each). */
static void quarter_activity(paa_dec prog[PAA_MONTHS], paa_dec alc[PAA_MONTHS])
{
    for (int m = 0; m < PAA_MONTHS; m++) {
        prog[m] = 10 * S;
        alc[m] = m == 3 ? 5 * S : m >= 9 ? 12 * S : 10 * S;
    }
}

static void test_row_quarter_at_cutoffs(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS];
    quarter_activity(prog, alc);
    paa_actividad a = activity(prog);
    const struct {
        int corte;
        paa_dec prog, alc;
        int64_t tenths;
        avance_state st;
    } cases[] = {
        {1, 10 * S, 10 * S, 1000, AVANCE_VERDE},   /* enero */
        {3, 30 * S, 30 * S, 1000, AVANCE_VERDE},   /* enero–marzo */
        {4, 10 * S, 5 * S, 500, AVANCE_ROJO},      /* abril only */
        {6, 30 * S, 25 * S, 833, AVANCE_AMARILLO}, /* abril–junio */
        {12, 30 * S, 36 * S, 1200, AVANCE_SOBRE},  /* octubre–diciembre */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        avance_row r;
        row_of(&a, alc, 0xFFF, cases[i].corte, &r);
        assert_true(r.trim_known);
        assert_true(r.has_trim);
        assert_int_equal(r.prog_trim, cases[i].prog);
        assert_int_equal(r.alc_trim, cases[i].alc);
        assert_int_equal(r.trim_tenths, cases[i].tenths);
        assert_int_equal(r.trim_state, cases[i].st);
    }
    /* At abril the quarter is rojo while the period is still amarillo:
     * 35 of 40. */
    avance_row r;
    row_of(&a, alc, 0xFFF, 4, &r);
    assert_int_equal(r.state, AVANCE_AMARILLO);
    assert_int_equal(r.periodo_tenths, 875);
    /* A month the reported activity does not give counts as zero in the
     * quarter too: mayo missing at junio, 15 of 30. */
    row_of(&a, alc, (uint16_t)(0xFFF & ~(1u << 4)), 6, &r);
    assert_int_equal(r.alc_trim, 15 * S);
    assert_int_equal(r.trim_state, AVANCE_ROJO);
}

static void test_row_quarter_unknown_and_unprogrammed(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS];
    quarter_activity(prog, alc);
    paa_actividad a = activity(prog);
    avance_row r;
    /* mayo unknown in the programme: the quarter's programmed is unknown
     * (sin datos), never a sum with mayo as zero. */
    a.meses_present &= (uint16_t)~(1u << 4);
    row_of(&a, alc, 0xFFF, 6, &r);
    assert_false(r.trim_known);
    assert_false(r.has_trim);
    assert_int_equal(r.trim_state, AVANCE_SIN_DATOS);
    assert_int_equal(r.state, AVANCE_SIN_DATOS);
    /* Before mayo the quarter is known (abril alone). */
    row_of(&a, alc, 0xFFF, 4, &r);
    assert_true(r.trim_known);
    assert_int_equal(r.trim_state, AVANCE_ROJO);
    /* febrero unknown: the period is sin datos but the 2nd quarter is
     * known and classified. */
    a = activity(prog);
    a.meses_present &= (uint16_t)~(1u << 1);
    row_of(&a, alc, 0xFFF, 6, &r);
    assert_int_equal(r.state, AVANCE_SIN_DATOS);
    assert_true(r.has_trim);
    assert_int_equal(r.trim_state, AVANCE_AMARILLO);
    /* Nothing programmed abril–junio: sin programación in the quarter,
     * no percentage, even with something achieved. */
    for (int m = 3; m < 6; m++)
        prog[m] = 0;
    a = activity(prog);
    row_of(&a, alc, 0xFFF, 6, &r);
    assert_true(r.trim_known);
    assert_false(r.has_trim);
    assert_int_equal(r.trim_state, AVANCE_SIN_PROGRAMACION);
    assert_int_equal(r.alc_trim, 25 * S);
    assert_int_equal(r.state, AVANCE_SOBRE);   /* 55 of 30 in the period */
    /* Not reported: sin reporte, nothing achieved is assumed. */
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_compute_row(&a, false, alc, 0, 6, &t, &r);
    assert_int_equal(r.trim_state, AVANCE_SIN_REPORTE);
    assert_false(r.has_trim);
    assert_int_equal(r.alc_trim, 0);
}

static void test_rollup_sin_programacion_con_avance(void **state)
{
    (void)state;
    /* Four activities at junio: on target all year; nothing programmed
     * until diciembre with 3 achieved in mayo; nothing programmed and
     * nothing achieved; nothing programmed in the 2nd quarter but work
     * done in it (enero–marzo programmed). */
    paa_dec on[PAA_MONTHS], late[PAA_MONTHS] = {0}, q1[PAA_MONTHS] = {0};
    paa_dec alc_on[PAA_MONTHS], alc_late[PAA_MONTHS] = {0}, none[PAA_MONTHS] = {0};
    paa_dec alc_q1[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        on[m] = alc_on[m] = 4 * S;
    late[11] = 5 * S;
    alc_late[4] = 3 * S;
    q1[0] = q1[1] = q1[2] = 2 * S;
    alc_q1[0] = alc_q1[1] = alc_q1[2] = 2 * S;
    alc_q1[5] = 1 * S;
    paa_actividad acts[4] = {activity(on), activity(late), activity(late), activity(q1)};
    const paa_dec *alc[4] = {alc_on, alc_late, none, alc_q1};
    avance_row rows[4];
    for (int i = 0; i < 4; i++)
        row_of(&acts[i], alc[i], 0x3F, 6, &rows[i]);
    avance_rollup u;
    assert_int_equal(avance_rollup_rows(rows, 4, &u), 0);
    assert_int_equal(u.count[AVANCE_SIN_PROGRAMACION], 2);
    assert_int_equal(u.n_sin_prog_con_avance, 1);   /* the one with 3 in mayo */
    assert_int_equal(u.n_ratio, 2);
    assert_int_equal(u.count[AVANCE_SOBRE], 1);      /* 7 of 6 */
    /* The quarter: 1 verde; three sin programación, two of them with
     * something achieved (3 in mayo, 1 in junio). */
    assert_int_equal(u.trim_count[AVANCE_VERDE], 1);
    assert_int_equal(u.trim_count[AVANCE_SIN_PROGRAMACION], 3);
    assert_int_equal(u.trim_n_sin_prog_con_avance, 2);
    assert_int_equal(u.trim_n_ratio, 1);
    assert_int_equal(u.trim_n_green, 1);
    assert_int_equal(u.trim_green_share_tenths, 1000);
    assert_int_equal(u.trim_mean_tenths, 1000);
}

/* ---- roll-ups ------------------------------------------------------------------ */

static avance_row ratio_row(paa_dec alc, paa_dec prog, avance_state st)
{
    avance_row r;
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
    avance_row rows[4] = {
        ratio_row(1, 3, AVANCE_ROJO),
        ratio_row(1, 3, AVANCE_ROJO),
        ratio_row(2003, 6000, AVANCE_ROJO),
        ratio_row(0, 0, AVANCE_SIN_PROGRAMACION),
    };
    avance_rollup u;
    assert_int_equal(avance_rollup_rows(rows, 4, &u), 0);
    assert_int_equal(u.n, 4);
    assert_int_equal(u.n_ratio, 3);
    assert_int_equal(u.count[AVANCE_ROJO], 3);
    assert_int_equal(u.count[AVANCE_SIN_PROGRAMACION], 1);
    assert_int_equal(u.mean_tenths, 334);

    /* 1/3 and 2/3: exactly 50.0 %. */
    avance_row half[2] = {ratio_row(1, 3, AVANCE_ROJO),
                            ratio_row(2, 3, AVANCE_ROJO)};
    assert_int_equal(avance_rollup_rows(half, 2, &u), 0);
    assert_int_equal(u.mean_tenths, 500);

    /* Large quantities with coprime denominators (a big exact sum). */
    avance_row big[40];
    for (int i = 0; i < 40; i++)
        big[i] = ratio_row(1000003 * (int64_t)(i + 1), 1000033 * (int64_t)(i + 2),
                           AVANCE_AMARILLO);
    assert_int_equal(avance_rollup_rows(big, 40, &u), 0);
    double mean = 0;
    for (int i = 0; i < 40; i++)
        mean += (1000003.0 * (i + 1)) / (1000033.0 * (i + 2));
    assert_int_equal(u.mean_tenths, (int64_t)(mean * 1000 / 40 + 0.5));

    /* No ratios: no mean. */
    avance_row none[1] = {ratio_row(0, 0, AVANCE_SIN_DATOS)};
    assert_int_equal(avance_rollup_rows(none, 1, &u), 0);
    assert_int_equal(u.n_ratio, 0);
    assert_int_equal(u.count[AVANCE_SIN_DATOS], 1);
}

static void test_rollup_caps_each_activity(void **state)
{
    (void)state;
    /* 150 % and 50 %: uncapped they would average a green 100 %; capped,
     * the activity behind shows: (100 + 50) / 2 = 75.0 %. */
    avance_row rows[3] = {
        ratio_row(15 * S, 10 * S, AVANCE_SOBRE),
        ratio_row(5 * S, 10 * S, AVANCE_ROJO),
        ratio_row(0, 0, AVANCE_SIN_REPORTE),
    };
    avance_rollup u;
    assert_int_equal(avance_rollup_rows(rows, 3, &u), 0);
    assert_int_equal(u.n_ratio, 2);
    assert_int_equal(u.mean_tenths, 750);
    assert_int_equal(u.n_green, 1);
    assert_int_equal(u.green_share_tenths, 500);
    assert_int_equal(u.count[AVANCE_SIN_REPORTE], 1);

    /* Exactly at the cap and just below it. */
    avance_row edge[2] = {ratio_row(3, 3, AVANCE_VERDE),
                            ratio_row(1999, 2000, AVANCE_VERDE)};
    assert_int_equal(avance_rollup_rows(edge, 2, &u), 0);
    assert_int_equal(u.mean_tenths, 1000);   /* 99.975 % rounds half up */
    assert_int_equal(u.green_share_tenths, 1000);

    /* Enormous over-achievement (the largest quantities the model holds)
     * is still capped at 100 % and still exact. */
    avance_row huge[2] = {ratio_row(INT64_MAX, 1, AVANCE_SOBRE),
                            ratio_row(1, 3, AVANCE_ROJO)};
    assert_int_equal(avance_rollup_rows(huge, 2, &u), 0);
    assert_int_equal(u.mean_tenths, 667);    /* (1 + 1/3) / 2 */
}

static void test_row_not_reported(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 5 * S;
    paa_actividad a = activity(prog);
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_row r;
    avance_compute_row(&a, false, alc, 0, 6, &t, &r);
    assert_int_equal(r.state, AVANCE_SIN_REPORTE);
    assert_false(r.reported);
    assert_true(r.prog_acum_known);          /* the programme still shows */
    assert_int_equal(r.prog_acum, 30 * S);
    assert_false(r.has_periodo);             /* not a red 0 % */
    assert_false(r.has_anual);
    assert_false(r.needs_justification);     /* the checker warns instead */

    /* A reported activity missing some months still counts them as zero. */
    alc[0] = 5 * S;
    avance_compute_row(&a, true, alc, 0x01, 6, &t, &r);
    assert_int_equal(r.state, AVANCE_ROJO);
    assert_int_equal(r.periodo_tenths, 167);
}

static void test_state_words_and_order(void **state)
{
    (void)state;
    assert_string_equal(avance_state_word(AVANCE_SIN_REPORTE), "sin reporte");
    assert_string_equal(avance_state_id(AVANCE_SIN_REPORTE), "sin-reporte");
    const avance_state want[AVANCE_NSTATES] = {
        AVANCE_SOBRE, AVANCE_VERDE, AVANCE_AMARILLO, AVANCE_ROJO,
        AVANCE_SIN_PROGRAMACION, AVANCE_SIN_DATOS, AVANCE_SIN_REPORTE};
    bool seen[AVANCE_NSTATES] = {false};
    for (int k = 0; k < AVANCE_NSTATES; k++) {
        assert_int_equal(avance_state_order[k], want[k]);
        seen[avance_state_order[k]] = true;
    }
    for (int k = 0; k < AVANCE_NSTATES; k++)
        assert_true(seen[k]);   /* every state exactly once */
}

static void test_row_programme_issues(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS] = {0}, alc[PAA_MONTHS] = {0};
    for (int m = 0; m < 6; m++)
        prog[m] = 1 * S;
    paa_actividad a = activity(prog);   /* anual 6 = sum: consistent */
    avance_row r;
    char note[AVANCE_NOTE_BUFSZ];
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.prog_issues, 0);
    avance_row_note(&r, 6, note, sizeof note);
    assert_string_equal(note, "");

    /* 041002: eleven months survive, they add up to 6 and the annual is 5;
     * programmed to date (6) exceeds the annual. */
    a.anual = 5 * S;
    a.meses_present &= (uint16_t)~(1u << 8);   /* septiembre lost */
    alc[0] = 6 * S;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.prog_issues, AVANCE_PROG_INCOMPLETO | AVANCE_PROG_EXCEDE);
    assert_int_equal(r.meses_suma, 6 * S);
    assert_int_equal(r.anual_tenths, 1200);    /* printed only with its mark */
    avance_row_note(&r, 6, note, sizeof note);
    assert_string_equal(note, "† Programa incompleto, sin la cantidad de: septiembre. "
                              "Los meses conocidos suman 6, más que la cantidad anual (5).");

    /* 080304: twelve months add up to 13, the annual is 14. */
    paa_dec p13[PAA_MONTHS] = {0};
    p13[0] = 13 * S;
    paa_actividad b = activity(p13);
    b.anual = 14 * S;
    row_of(&b, alc, 0x3F, 6, &r);
    assert_int_equal(r.prog_issues, AVANCE_PROG_SUMA);
    avance_row_note(&r, 6, note, sizeof note);
    assert_string_equal(note, "† Programa inconsistente: los doce meses suman 13 y la "
                              "cantidad anual es 14.");

    /* Nothing known at all (090501). */
    b.anual_present = false;
    b.meses_present = 0;
    row_of(&b, alc, 0x3F, 6, &r);
    assert_int_equal(r.state, AVANCE_SIN_DATOS);
    assert_int_equal(r.prog_issues, AVANCE_PROG_INCOMPLETO);
    avance_row_note(&r, 6, note, sizeof note);
    assert_true(strncmp(note, "† Programa incompleto, sin la cantidad de: anual, enero, "
                        "febrero", 60) == 0);
    assert_non_null(strstr(note, "diciembre."));
    /* The buffer size is enough for the longest note. */
    assert_true(strlen(note) < AVANCE_NOTE_BUFSZ - 1);
    /* A small buffer truncates, never overflows, and never keeps half a
     * UTF-8 character (in 3 bytes, 2 of "†" would be). */
    char small[16];
    avance_row_note(&r, 6, small, sizeof small);
    assert_string_equal(small, "† Programa in");   /* 3 + 12 bytes */
    char tiny[3];
    avance_row_note(&r, 6, tiny, sizeof tiny);
    assert_string_equal(tiny, "");
}

static void test_row_reconstructed_months(void **state)
{
    (void)state;
    paa_dec prog[PAA_MONTHS], alc[PAA_MONTHS] = {0};
    for (int m = 0; m < PAA_MONTHS; m++)
        prog[m] = 2 * S;
    paa_actividad a = activity(prog);
    char note[AVANCE_NOTE_BUFSZ];
    avance_row r;
    /* Rebuilt after the cut-off: the figures to date do not use it. */
    a.meses_reconstruidos = 1u << 11;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.reconstruidos, 0);
    /* Rebuilt enero and mayo: programmed to date uses them. */
    a.meses_reconstruidos = 1u << 0 | 1u << 4 | 1u << 11;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_int_equal(r.reconstruidos, 1u << 0 | 1u << 4);
    assert_false(r.anual_reconstruido);
    avance_row_note(&r, 6, note, sizeof note);
    assert_string_equal(note, "‡ Programado con valores reconstruidos: enero, mayo.");
    /* Both marks, in order, on an inconsistent row with a rebuilt annual. */
    a.anual = 25 * S;
    a.anual_reconstruido = true;
    row_of(&a, alc, 0x3F, 6, &r);
    assert_true(r.anual_reconstruido);
    avance_row_note(&r, 6, note, sizeof note);
    assert_string_equal(note, "† Programa inconsistente: los doce meses suman 24 y la "
                              "cantidad anual es 25. ‡ Programado con valores "
                              "reconstruidos: enero, mayo, cantidad anual.");
    avance_rollup u;
    assert_int_equal(avance_rollup_rows(&r, 1, &u), 0);
    assert_int_equal(u.n_reconstructed, 1);
    assert_int_equal(u.n_inconsistent, 1);
}

/* ---- the report on fixtures --------------------------------------------------- */

static void test_fixture_report(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = load_programme(&d);
    avance *a = load_progress("avance.xml", &d);
    assert_int_equal(d.n, 0);
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_report r;
    assert_int_equal(avance_compute(a, p, &t, &r), 0);
    assert_int_equal(r.n_rows, 5);
    assert_int_equal(r.rows[0].periodo_tenths, 992);
    assert_int_equal(r.rows[1].state, AVANCE_ROJO);
    assert_string_equal(r.rows[1].justificacion,
                        "Dos informes se entregaron fuera de plazo.");
    assert_int_equal(r.rows[2].state, AVANCE_SIN_PROGRAMACION);
    assert_int_equal(r.rows[3].periodo_tenths, 1042);
    assert_int_equal(r.rows[4].state, AVANCE_SIN_DATOS);
    /* Subprograma 01: mean of 99.1666… and 66.666… = 82.9166… */
    assert_int_equal(r.sub[0].mean_tenths, 829);
    assert_int_equal(r.sub[0].count[AVANCE_VERDE], 1);
    assert_int_equal(r.sub[0].count[AVANCE_ROJO], 1);
    assert_int_equal(r.sub[0].count[AVANCE_SIN_PROGRAMACION], 1);
    assert_int_equal(r.sub[1].n_ratio, 1);
    /* 020101 is at 104.1666… %: it counts as 100 % in the mean. */
    assert_int_equal(r.sub[1].mean_tenths, 1000);
    assert_int_equal(r.proy[1].n, 1);          /* 0102 */
    assert_int_equal(r.proy[1].n_ratio, 0);
    /* Institution: (119/120 + 2/3 + 1) / 3 = 319/360 = 88.61 %; the
     * uncapped ratios (… + 25/24) would give 90.0 %, and green. */
    assert_int_equal(r.total.n, 5);
    assert_int_equal(r.total.n_ratio, 3);
    assert_int_equal(r.total.mean_tenths, 886);
    assert_int_equal(r.total.n_green, 2);          /* 010101 and 020101 */
    assert_int_equal(r.total.green_share_tenths, 667);
    /* 020102 lacks marzo: an incomplete programme, marked. */
    assert_int_equal(r.rows[4].prog_issues, AVANCE_PROG_INCOMPLETO);
    assert_int_equal(r.total.n_inconsistent, 1);
    assert_int_equal(r.total.n_reconstructed, 0);
    avance_report_free(&r);
    avance_free(a);
    model_free(p);
    diag_list_free(&d);
}

/* An activity absent from the file is "sin reporte", outside every mean. */
static void test_fixture_missing_activity(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = load_programme(&d);
    avance *a = load_progress("clave-faltante.xml", &d);
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_report r;
    assert_int_equal(avance_compute(a, p, &t, &r), 0);
    const avance_row *row = &r.rows[4];   /* 020102 */
    assert_string_equal(row->act->clave, "020102");
    assert_false(row->reported);
    assert_int_equal(row->state, AVANCE_SIN_REPORTE);
    assert_int_equal(r.sub[1].count[AVANCE_SIN_REPORTE], 1);
    assert_int_equal(r.sub[1].count[AVANCE_ROJO], 0);
    assert_int_equal(r.total.count[AVANCE_SIN_REPORTE], 1);
    assert_int_equal(r.total.n_ratio, 3);
    avance_report_free(&r);
    avance_free(a);
    model_free(p);
    diag_list_free(&d);
}

/* Regression: an achieved quantity of 9·10^13 (ratio ≥ 10^15 tenths)
 * made the mean step one tenth at a time from zero, ~10^15 iterations.
 * The report now completes and the mean is exact (and capped). */
static void test_fixture_enormous_quantity(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = load_programme(&d);
    avance *a = load_progress("enorme.xml", &d);
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_report r;
    assert_int_equal(avance_compute(a, p, &t, &r), 0);
    const avance_row *row = &r.rows[3];   /* 020101: ene 90000000000000 */
    assert_string_equal(row->act->clave, "020101");
    assert_int_equal(row->alc_acum, 90000000000000 * (int64_t)S + 4000);
    assert_int_equal(row->periodo_tenths,
                     avance_pct_tenths(row->alc_acum, row->prog_acum));
    assert_true(row->periodo_tenths > 1000000000000000);
    assert_int_equal(row->state, AVANCE_SOBRE);
    assert_int_equal(r.sub[1].mean_tenths, 1000);
    assert_int_equal(r.total.mean_tenths, 886);   /* as in avance.xml */
    avance_report_free(&r);
    avance_free(a);
    model_free(p);
    diag_list_free(&d);
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
        cmocka_unit_test(test_quarter_label),
        cmocka_unit_test(test_row_quarter_at_cutoffs),
        cmocka_unit_test(test_row_quarter_unknown_and_unprogrammed),
        cmocka_unit_test(test_rollup_sin_programacion_con_avance),
        cmocka_unit_test(test_rollup_exact_mean),
        cmocka_unit_test(test_rollup_caps_each_activity),
        cmocka_unit_test(test_row_not_reported),
        cmocka_unit_test(test_state_words_and_order),
        cmocka_unit_test(test_row_programme_issues),
        cmocka_unit_test(test_row_reconstructed_months),
        cmocka_unit_test(test_fixture_report),
        cmocka_unit_test(test_fixture_missing_activity),
        cmocka_unit_test(test_fixture_enormous_quantity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
