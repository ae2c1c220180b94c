/* Unit tests of the progress rules (check/avance.c): the valid fixture
 * raises nothing, and every rule fires, alone, at its documented line on
 * the fixtures of tests/fixtures/avance/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/avance.h"
#include "avance_fixture.h"

static void test_valid_fixture_has_no_findings(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = load_programme(&d);
    avance *a = load_progress("avance.xml", &d);
    assert_int_equal(avance_check(a, p, NULL, &d), 0);
    if (d.n != 0)
        diag_print_all(stdout, &d);
    assert_int_equal(d.n, 0);
    avance_free(a);
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
        avance *a = load_progress(cases[i].file, &d);
        assert_int_equal(avance_check(a, p, NULL, &d), 0);
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
        avance_free(a);
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
        avance *a = load_progress(single[i], &d);
        assert_int_equal(avance_check(a, p, NULL, &d), 0);
        if (d.n != 1) {
            print_message("%s: expected one finding\n", single[i]);
            diag_print_all(stdout, &d);
        }
        assert_int_equal(d.n, 1);
        avance_free(a);
        model_free(p);
        diag_list_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_fixture_has_no_findings),
        cmocka_unit_test(test_checker_fixtures),
        cmocka_unit_test(test_checker_fixtures_isolated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
