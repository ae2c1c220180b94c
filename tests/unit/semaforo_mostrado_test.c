/* Unit tests of the progress report corrections (issue 11, part 3) in
 * check/semaforo.c: a displayed percentage never contradicts its state;
 * an overflowed figure is flagged, never silently clamped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/semaforo.h"

#define S PAA_DEC_SCALE

/* Activity 010101 with the first `n` months programmed at `mes` each and
 * that annual. */
static paa_actividad actividad(paa_dec anual, int n, paa_dec mes)
{
    paa_actividad act;
    memset(&act, 0, sizeof act);
    act.clave = "010101";
    act.anual_present = true;
    act.anual = anual;
    act.meses_present = (uint16_t)((1u << n) - 1);
    for (int m = 0; m < n; m++)
        act.meses[m] = mes;
    return act;
}

static void test_shown_stays_on_the_state_side(void **state)
{
    (void)state;
    avance_thresholds t;
    avance_thresholds_default(&t);   /* 90 / 70 / 110 */
    assert_int_equal(avance_pct_shown(700, AVANCE_ROJO, &t), 699);
    assert_int_equal(avance_pct_shown(650, AVANCE_ROJO, &t), 650);
    assert_int_equal(avance_pct_shown(900, AVANCE_AMARILLO, &t), 899);
    assert_int_equal(avance_pct_shown(700, AVANCE_AMARILLO, &t), 700);
    assert_int_equal(avance_pct_shown(1100, AVANCE_VERDE, &t), 1100);
    assert_int_equal(avance_pct_shown(900, AVANCE_VERDE, &t), 900);
    assert_int_equal(avance_pct_shown(1100, AVANCE_SOBRE, &t), 1101);
    assert_int_equal(avance_pct_shown(1234, AVANCE_SOBRE, &t), 1234);
    assert_int_equal(avance_pct_shown(0, AVANCE_SIN_PROGRAMACION, &t), 0);
    /* A threshold between two tenths: 69.95 %. Below it shows at most
     * 69.9; at or above it, 70.0 is already on the right side. */
    t.amarillo = 6995 * S / 100;
    assert_int_equal(avance_pct_shown(700, AVANCE_ROJO, &t), 699);
    assert_int_equal(avance_pct_shown(700, AVANCE_AMARILLO, &t), 700);
}

/* 41.9999 achieved of 60 programmed is 69.99983 %: rojo, and the row
 * shows 69.9 %, never 70.0 %. */
static void test_row_figure_matches_its_state(void **state)
{
    (void)state;
    avance_thresholds t;
    avance_thresholds_default(&t);
    paa_actividad act = actividad(60 * S, 1, 60 * S);
    paa_dec alc[PAA_MONTHS] = {419999};   /* 41.9999 */
    avance_row r;
    avance_compute_row(&act, true, alc, 1u, 1, &t, &r);
    assert_int_equal(r.state, AVANCE_ROJO);
    assert_int_equal(avance_pct_tenths(r.alc_acum, r.prog_acum), 700);
    assert_int_equal(r.periodo_tenths, 699);
    char buf[32];
    avance_pct_format(r.periodo_tenths, buf, sizeof buf);
    assert_string_equal(buf, "69.9 %");
    /* 66.0012 of 60 is 110.002 %: sobrecumplimiento, shown 110.1 %. */
    alc[0] = 660012;
    avance_compute_row(&act, true, alc, 1u, 1, &t, &r);
    assert_int_equal(r.state, AVANCE_SOBRE);
    assert_int_equal(r.periodo_tenths, 1101);
}

/* Overflow of a computed figure is flagged for the checker, never a
 * silent clamp. */
static void test_overflow_is_flagged(void **state)
{
    (void)state;
    avance_thresholds t;
    avance_thresholds_default(&t);
    paa_actividad act = actividad(2 * S, 2, 1 * S);
    paa_dec alc[PAA_MONTHS] = {900000000000000 * (paa_dec)S, 900000000000000 * (paa_dec)S};
    avance_row r;
    avance_compute_row(&act, true, alc, 3u, 2, &t, &r);
    assert_true(r.desborde);
    /* A sum that fits but a percentage that does not: 10^13 of 0.0001. */
    act.meses[0] = 1;
    act.meses[1] = 0;
    act.anual = 1;
    alc[0] = 10000000000000 * (paa_dec)S;
    alc[1] = 0;
    avance_compute_row(&act, true, alc, 3u, 2, &t, &r);
    assert_true(r.desborde);
    /* Ordinary figures are not flagged. */
    alc[0] = 1;
    avance_compute_row(&act, true, alc, 3u, 2, &t, &r);
    assert_false(r.desborde);
}

/* Months counted as zero are visible on the row; an activity reported
 * with no month at all is told apart from real zeros. */
static void test_zero_months_are_in_the_note(void **state)
{
    (void)state;
    avance_thresholds t;
    avance_thresholds_default(&t);
    paa_actividad act = actividad(12 * S, PAA_MONTHS, 1 * S);
    paa_dec alc[PAA_MONTHS] = {1 * S, 1 * S, 0, 1 * S};
    avance_row r;
    char note[AVANCE_NOTE_BUFSZ];
    /* abril (bit 3) given, marzo given as a real 0, febrero missing */
    avance_compute_row(&act, true, alc, 0x0Du, 4, &t, &r);
    assert_int_equal(r.meses_cero, 0x2u);
    assert_int_equal(avance_row_note(&r, 4, note, sizeof note), 0);
    assert_string_equal(note, "Sin reporte, contado como cero: febrero.");
    /* Reported with no month at all. */
    avance_compute_row(&act, true, alc, 0, 4, &t, &r);
    avance_row_note(&r, 4, note, sizeof note);
    assert_string_equal(note, "Reportada sin ningún mes hasta abril: se cuenta como alcanzado cero.");
    /* Every month given (zeros included): nothing to say; unreported: no note either. */
    avance_compute_row(&act, true, alc, 0xFu, 4, &t, &r);
    avance_row_note(&r, 4, note, sizeof note);
    assert_string_equal(note, "");
    avance_compute_row(&act, false, alc, 0, 4, &t, &r);
    avance_row_note(&r, 4, note, sizeof note);
    assert_string_equal(note, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shown_stays_on_the_state_side),
        cmocka_unit_test(test_row_figure_matches_its_state),
        cmocka_unit_test(test_overflow_is_flagged),
        cmocka_unit_test(test_zero_months_are_in_the_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
