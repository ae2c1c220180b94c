/* Unit tests of xmlread: hostile or broken XML refused quickly with file
 * and line, schema errors located, and the text helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "read/xml.h"

#define FIXTURES PAA_TEST_DIR "/fixtures"
#define SCHEMA PAA_TEST_DIR "/../input/schema/programa.xsd"
#define MAX_BYTES (1L << 20)

/* The file is refused with one finding of `rule` at `line` (0: any). */
static void expect_refused(const char *path, const char *rule, int line)
{
    diag_list d;
    diag_list_init(&d);
    clock_t start = clock();
    xmlDocPtr doc = xmlread_file(path, MAX_BYTES, SCHEMA, &d);
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
    assert_null(doc);
    if (d.n != 1)
        diag_print_all(stdout, &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, rule);
    assert_string_equal(d.items[0].file, path);
    if (line > 0)
        assert_int_equal(d.items[0].line, line);
    diag_list_free(&d);
}

static void test_hostile_inputs(void **state)
{
    (void)state;
    expect_refused(FIXTURES "/hostil/xxe.xml", "xml", 2);
    expect_refused(FIXTURES "/hostil/risas.xml", "xml", 2);
    expect_refused(FIXTURES "/hostil/utf8-invalido.xml", "xml", 3);
    expect_refused(FIXTURES "/hostil/vacio.xml", "xml", 1);
    expect_refused(FIXTURES "/hostil/truncado.xml", "xml", 0);
    expect_refused(FIXTURES "/hostil/utf16.xml", "xml", 1);
    expect_refused(FIXTURES "/hostil/nulo.xml", "xml", 3);
}

static void test_io_errors(void **state)
{
    (void)state;
    expect_refused("/nonexistent/paa.xml", "io", 0);
    expect_refused(FIXTURES, "io", 0);   /* a directory */
    diag_list d;
    diag_list_init(&d);
    assert_null(xmlread_file(FIXTURES "/base.xml", 100, NULL, &d));   /* too big */
    assert_string_equal(d.items[0].rule->id, "io");
    diag_list_free(&d);
}

static void test_schema_error_in_spanish_with_line(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    assert_null(xmlread_file(FIXTURES "/reglas/esquema.xml", MAX_BYTES, SCHEMA, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, "esquema");
    assert_int_equal(d.items[0].line, 39);
    /* The project's words, the validator's text as the detail. */
    assert_string_equal(d.items[0].message,
                        "el elemento <prioridad> no va aquí dentro de <actividad>; "
                        "se esperaba <cantidades>");
    assert_non_null(strstr(d.items[0].detail, "Elemento 'prioridad'"));
    assert_non_null(strstr(d.items[0].detail, "no se esperaba"));
    diag_list_free(&d);
}

static void test_dom_helpers(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    xmlDocPtr doc = xmlread_file(FIXTURES "/minimo.xml", MAX_BYTES, SCHEMA, &d);
    assert_non_null(doc);
    const xmlNode *root = xmlDocGetRootElement(doc);
    assert_true(xmlread_is(root, "programa"));
    assert_int_equal(xmlread_count(root, "subprograma"), 1);
    const xmlNode *doc_node = xmlread_child(root, "documento");
    assert_int_equal(xmlread_line(doc_node), 3);
    assert_null(xmlread_child(root, "no-existe"));
    assert_null(xmlread_child(NULL, "documento"));

    paa_arena a = {0};
    bool oom = false;
    assert_string_equal(xmlread_text(&a, xmlread_child(doc_node, "lugar"), &oom),
                        "Toluca de Lerdo, México");
    assert_string_equal(xmlread_attr(&a, root, "anio", &oom), "2024");
    assert_null(xmlread_attr(&a, root, "no-existe", &oom));
    assert_string_equal(xmlread_collapse(&a, "  a \n\t b   c  ", &oom), "a b c");
    assert_string_equal(xmlread_collapse(&a, " \n ", &oom), "");
    assert_false(oom);
    paa_arena_free(&a);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_io_errors),
        cmocka_unit_test(test_schema_error_in_spanish_with_line),
        cmocka_unit_test(test_dom_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
