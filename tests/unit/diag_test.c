/* Unit tests of diag: the rule table, the finding format and ordering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"

static void test_rule_table_is_well_formed(void **state)
{
    (void)state;
    size_t n = 0;
    for (const diag_rule *r = diag_rules; r < diag_rules + RULE_COUNT; r++, n++) {
        assert_non_null(r->summary);
        assert_int_equal(r->code, (int)(r - diag_rules));   /* enum = index */
        assert_true(strlen(r->id) > 1);
        assert_true(diag_rule_find(r->id) == r);   /* ids are unique */
    }
    assert_true(n > 20);
    assert_null(diag_rule_find("no-existe"));
}

static char *print_to_string(const diag *x)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(f, x);
    fclose(f);
    return buf;
}

static void test_print_format(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l);
    diag_add(&l, RULE_SUMA_MESES, "paa.xml", 42, "080304", "la anual es %d", 12);
    diag_add(&l, RULE_IO, NULL, 0, NULL, "sin archivo");
    char *s = print_to_string(&l.items[0]);
    assert_string_equal(s, "paa.xml:42: error: la anual es 12 (080304) [suma-meses]\n");
    free(s);
    s = print_to_string(&l.items[1]);
    assert_string_equal(s, "paa: error: sin archivo [io]\n");
    free(s);
    l.items[0].accepted = true;
    l.items[0].reason = strdup("publicado");
    s = print_to_string(&l.items[0]);
    assert_string_equal(s, "paa.xml:42: aceptado: la anual es 12 (080304) [suma-meses] "
                           "(línea base: publicado)\n");
    free(s);
    l.items[0].col = 7;
    l.items[0].accepted = false;
    l.items[0].severity = DIAG_WARNING;
    s = print_to_string(&l.items[0]);
    assert_string_equal(s, "paa.xml:42:7: aviso: la anual es 12 (080304) [suma-meses]\n");
    free(s);
    l.items[0].severity = DIAG_ERROR;
    l.items[0].accepted = true;
    diag_set_values(&l, "anual=%d", 12);
    assert_string_equal(l.items[1].values, "anual=12");   /* the last added */
    assert_null(l.items[0].values);
    assert_int_equal(diag_count(&l, DIAG_ERROR), 1);
    assert_int_equal(diag_count_accepted(&l), 1);
    diag_list_free(&l);
}

static void test_sort_by_file_and_line_is_stable(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l);
    diag_add(&l, RULE_SUMA_MESES, "b.xml", 5, NULL, "b5");
    diag_add(&l, RULE_CANTIDAD_FALTANTE, "a.xml", 9, NULL, "a9-first");
    diag_add(&l, RULE_SUMA_MESES, "a.xml", 9, NULL, "a9-second");
    diag_add(&l, RULE_SUMA_MESES, "a.xml", 2, NULL, "a2");
    diag_sort(&l);
    const char *order[] = {"a2", "a9-first", "a9-second", "b5"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(l.items[i].message, order[i]);
    assert_int_equal(diag_count(&l, DIAG_WARNING), 0);
    diag_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table_is_well_formed),
        cmocka_unit_test(test_print_format),
        cmocka_unit_test(test_sort_by_file_and_line_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
