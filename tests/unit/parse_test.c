/* Unit tests of parse: the tree built from a fixture, line numbers,
 * absent values, and that an invalid document yields no tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "read/programa.h"

#define FIXTURES PAA_TEST_DIR "/fixtures"
#define SCHEMA PAA_TEST_DIR "/../input/schema/programa.xsd"

static void test_builds_tree(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIXTURES "/base.xml", SCHEMA, &p, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(p->anio, 2024);
    assert_string_equal(p->doc.institucion, "INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO");
    assert_int_equal(p->doc.fecha_dia, 19);
    assert_int_equal(p->doc.n_creditos, 2);
    assert_int_equal(p->n_subprogramas, 2);
    assert_int_equal(model_count_proyectos(p), 3);
    assert_int_equal(model_count_actividades(p), 5);
    assert_int_equal(p->decl_actividades, 5);

    const paa_actividad *a = model_find_actividad(p, "010102");
    assert_non_null(a);
    assert_string_equal(a->unidad, "Estudio");
    assert_true(a->anual_present);
    assert_true(a->anual == PAA_DEC_SCALE);
    assert_true(a->meses[0] == 800);            /* 0.08 */
    assert_int_equal(a->meses_present, 0x0fff);
    assert_string_equal(a->benef_cantidad, "8E");
    assert_string_equal(a->proyecto->clave, "0101");
    assert_string_equal(a->proyecto->subprograma->numero, "01");
    assert_true(a->line > 0 && a->cantidades_line == a->line + 3);
    assert_null(model_find_actividad(p, "999999"));
    model_free(p);
}

static void test_missing_values_are_absent_not_zero(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIXTURES "/reglas/cantidad-faltante.xml",
                                    SCHEMA, &p, &d), 0);
    const paa_actividad *a = model_find_actividad(p, "010101");
    assert_false(a->anual_present);
    model_free(p);
    diag_list_free(&d);
}

static void test_reconstructed_months(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIXTURES "/minimo.xml", SCHEMA, &p, &d), 0);
    const paa_actividad *a = model_find_actividad(p, "010101");
    assert_int_equal(a->meses_reconstruidos, 1u << 11);
    assert_false(a->anual_reconstruido);
    model_free(p);
}

static void test_schema_error_names_line(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIXTURES "/reglas/esquema.xml", SCHEMA, &p, &d), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, "esquema");
    assert_int_equal(d.items[0].line, 39);
    assert_non_null(strstr(d.items[0].message, "prioridad"));
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builds_tree),
        cmocka_unit_test(test_missing_values_are_absent_not_zero),
        cmocka_unit_test(test_reconstructed_months),
        cmocka_unit_test(test_schema_error_names_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
