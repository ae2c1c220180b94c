/* Unit tests of base/template: the one placeholder expander. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/template.h"

static const template_var vars[] = {
    {.name = "{titulo}", .value = "Programa & más"},
    {.name = "{anio}", .value = "2024"},
    {.name = "{vacio}", .value = NULL},
    {.name = "{pagina}", .keep = true},
    {.name = "{codigo}", .value = "&P", .raw = true},
};
#define NVARS (sizeof vars / sizeof vars[0])

static void test_expands_known_and_keeps_deferred(void **state)
{
    (void)state;
    strbuf b = {0};
    char bad[64] = "";
    assert_int_equal(template_expand(&b, "{titulo} {anio}{vacio} · pág. {pagina}",
                                     vars, NVARS, NULL, bad, sizeof bad),
                     TEMPLATE_OK);
    assert_string_equal(strbuf_str(&b), "Programa & más 2024 · pág. {pagina}");
    strbuf_free(&b);
}

static void test_unknown_placeholder_is_an_error(void **state)
{
    (void)state;
    strbuf b = {0};
    strbuf_puts(&b, "antes|");
    char bad[64] = "";
    assert_int_equal(template_expand(&b, "{tituloo} de {anio}", vars, NVARS,
                                     NULL, bad, sizeof bad),
                     TEMPLATE_UNKNOWN);
    assert_string_equal(bad, "{tituloo}");
    assert_string_equal(strbuf_str(&b), "antes|");   /* untouched */
    /* a lone brace is not text either: layouts cannot print one by mistake */
    assert_int_equal(template_expand(&b, "a { b", vars, NVARS, NULL, bad, sizeof bad),
                     TEMPLATE_UNKNOWN);
    strbuf_free(&b);
}

static void amp_escape(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            strbuf_putc(out, '&');
        strbuf_putc(out, s[i]);
    }
}

static void test_escape_spares_raw_values(void **state)
{
    (void)state;
    strbuf b = {0};
    char bad[64] = "";
    assert_int_equal(template_expand(&b, "A&B {titulo} {codigo}", vars, NVARS,
                                     amp_escape, bad, sizeof bad),
                     TEMPLATE_OK);
    assert_string_equal(strbuf_str(&b), "A&&B Programa && más &P");
    strbuf_free(&b);
}

/* "{{" is a literal brace; a first pass with template_escape_braces keeps
 * data braces literal and deferred placeholders live for the second. */
static void test_two_passes_keep_data_braces(void **state)
{
    (void)state;
    const template_var data[] = {
        {.name = "{titulo}", .value = "Plan {2024}"},
        {.name = "{pagina}", .keep = true},
    };
    strbuf first = {0}, second = {0};
    char bad[64] = "";
    assert_int_equal(template_expand(&first, "{{{titulo}} p. {pagina}", data, 2,
                                     template_escape_braces, bad, sizeof bad),
                     TEMPLATE_OK);
    assert_string_equal(strbuf_str(&first), "{{Plan {{2024}} p. {pagina}");
    const template_var page[] = {{.name = "{pagina}", .value = "7"}};
    assert_int_equal(template_expand(&second, strbuf_str(&first), page, 1, NULL, bad,
                                     sizeof bad),
                     TEMPLATE_OK);
    assert_string_equal(strbuf_str(&second), "{Plan {2024}} p. 7");
    strbuf_free(&first);
    strbuf_free(&second);
}

static void test_names(void **state)
{
    (void)state;
    char *names = template_names(vars, 2);
    assert_string_equal(names, "{titulo}, {anio}");
    free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expands_known_and_keeps_deferred),
        cmocka_unit_test(test_unknown_placeholder_is_an_error),
        cmocka_unit_test(test_escape_spares_raw_values),
        cmocka_unit_test(test_two_passes_keep_data_braces),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
