/* Unit tests of the progress reader (read/avance.c): the file's header
 * data, every <actividad> and <alcanzado> kept as written with its line
 * (repeats, malformed and negative values included, for the rules to
 * report), lookup by clave, the period and the errors of a bad file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "avance_fixture.h"

static void test_header_data(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = load_progress("avance.xml", &d);
    assert_int_equal(d.n, 0);
    assert_int_equal(avance_year(a), 2024);
    assert_int_equal(avance_cutoff(a), 6);
    assert_true(avance_is_sample(a));
    assert_string_equal(avance_file(a), FIX "avance.xml");
    assert_int_equal(avance_line(a), 3);
    assert_string_equal(avance_note(a), "Datos de prueba.");
    size_t nrem;
    const char *const *rem = avance_remarks(a, &nrem);
    assert_int_equal(nrem, 1);
    assert_string_equal(rem[0], "Observación general de prueba.");
    char period[64];
    avance_period(a, period, sizeof period);
    assert_string_equal(period, "enero–junio");
    avance_free(a);
    diag_list_free(&d);
}

static void test_items_in_file_order(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = load_progress("avance.xml", &d);
    size_t n;
    const avance_item *it = avance_items(a, &n);
    assert_int_equal(n, 5);
    assert_string_equal(it[0].clave, "010101");
    assert_int_equal(it[0].line, 8);
    assert_int_equal(it[0].n_months, 6);
    assert_int_equal(it[0].months[0].mes, 0);
    assert_int_equal(it[0].months[0].line, 9);
    assert_int_equal(it[0].months[0].st, PAA_DEC_OK);
    assert_int_equal(it[0].months[0].value, 100 * PAA_DEC_SCALE);
    assert_null(it[0].justificacion);
    assert_string_equal(it[1].justificacion, "Dos informes se entregaron fuera de plazo.");
    assert_int_equal(it[1].justificacion_line, 23);
    /* 0.05 stays exact */
    assert_int_equal(it[3].months[5].value, 500);
    assert_ptr_equal(avance_find(a, "020101"), &it[3]);
    assert_null(avance_find(a, "999999"));
    avance_free(a);
    diag_list_free(&d);
}

/* Values the rules must report are kept as written, not dropped. */
static void test_bad_values_are_kept(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = load_progress("cantidad.xml", &d);
    assert_int_equal(d.n, 0);
    const avance_item *it = avance_find(a, "010101");
    assert_int_equal(it->months[1].line, 10);
    assert_int_equal(it->months[1].st, PAA_DEC_OK);
    assert_int_equal(it->months[1].value, -90 * PAA_DEC_SCALE);
    const avance_item *bad = avance_find(a, "020102");
    assert_int_equal(bad->months[0].line, 43);
    assert_int_equal(bad->months[0].st, PAA_DEC_SYNTAX);
    assert_string_equal(bad->months[0].text, "2,5");
    avance_free(a);
    diag_list_free(&d);
}

/* A repeated clave: both are kept, lookup finds the first. */
static void test_repeated_clave(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = load_progress("clave-duplicada.xml", &d);
    size_t n;
    const avance_item *it = avance_items(a, &n);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++)
        seen += strcmp(it[i].clave, "010101") == 0;
    assert_int_equal(seen, 2);
    const avance_item *first = avance_find(a, "010101");
    assert_ptr_equal(first, &it[0]);
    assert_int_equal(first->n_months, 6);
    avance_free(a);
    diag_list_free(&d);
}

/* A missing file is an "io" finding naming it; nothing is returned. */
static void test_missing_file(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = (avance *)&d;   /* must be reset to NULL */
    assert_int_equal(avance_load(FIX "no-existe.xml", ROOT "/input/schema/avance.xsd",
                                 &a, &d), -1);
    assert_null(a);
    assert_true(d.n >= 1);
    assert_string_equal(d.items[0].rule->id, "io");
    assert_string_equal(d.items[0].file, FIX "no-existe.xml");
    avance_free(NULL);   /* accepted */
    diag_list_free(&d);
}

/* A file that is not a progress report fails its schema with a line. */
static void test_schema_error(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    avance *a = NULL;
    assert_int_equal(avance_load(FIX "programa.xml", ROOT "/input/schema/avance.xsd",
                                 &a, &d), -1);
    assert_null(a);
    assert_true(d.n >= 1);
    assert_string_equal(d.items[0].rule->id, "esquema");
    assert_true(d.items[0].line > 0);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_data),
        cmocka_unit_test(test_items_in_file_order),
        cmocka_unit_test(test_bad_values_are_kept),
        cmocka_unit_test(test_repeated_clave),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_schema_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
