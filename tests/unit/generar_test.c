/* Unit tests of generar's memory budget: which renderers run together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "generar/generar.h"

/* The published programme (318 activities): every renderer at once, as
 * many as there are threads. */
static void test_small_programme_all_together(void **state)
{
    (void)state;
    size_t held = 0;
    static const output_kind all[] = {OUT_PDF, OUT_XLSX, OUT_CSV, OUT_JSON,
                                      OUT_AVANCE_PDF, OUT_AVANCE_XLSX};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        size_t c = generar_cost(all[i], 318);
        assert_true(generar_may_start(held, c));
        held += c;
    }
}

/* 100× (31,164 activities): the PDF and the workbook, each a few hundred
 * MiB, never at the same time; CSV and JSON beside either; the one that
 * waits starts as soon as nothing runs. */
static void test_big_programme_one_heavy_at_a_time(void **state)
{
    (void)state;
    size_t n = 31164;
    size_t pdf = generar_cost(OUT_PDF, n), xlsx = generar_cost(OUT_XLSX, n);
    assert_true(pdf > ((size_t)200 << 20) && xlsx > ((size_t)200 << 20));
    assert_true(generar_may_start(0, pdf));
    assert_false(generar_may_start(pdf, xlsx));
    assert_false(generar_may_start(pdf, generar_cost(OUT_AVANCE_PDF, n)));
    assert_true(generar_may_start(pdf, generar_cost(OUT_CSV, n)));
    assert_true(generar_may_start(pdf + generar_cost(OUT_CSV, n), generar_cost(OUT_JSON, n)));
    assert_true(generar_may_start(0, xlsx));
}

/* 10× (3,180 activities): the PDF and the workbook still together. */
static void test_medium_programme_together(void **state)
{
    (void)state;
    size_t n = 3180;
    assert_true(generar_may_start(generar_cost(OUT_PDF, n), generar_cost(OUT_XLSX, n)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_programme_all_together),
        cmocka_unit_test(test_big_programme_one_heavy_at_a_time),
        cmocka_unit_test(test_medium_programme_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
