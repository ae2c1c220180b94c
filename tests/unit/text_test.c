/* Unit tests of base/text: the string builder, UTF-8 and WinAnsi. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"

static void test_strbuf_grows_and_takes(void **state)
{
    (void)state;
    strbuf b = {0};
    assert_string_equal(strbuf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&b, "%d,", i % 10);
    strbuf_puts(&b, "fin");
    strbuf_putc(&b, '.');
    assert_int_equal(b.len, 2004);
    char *s = strbuf_take(&b);
    assert_non_null(s);
    assert_memory_equal(s, "0,1,2,", 6);
    assert_string_equal(s + 1996, "8,9,fin.");
    assert_null(b.s);
    free(s);
}

static void test_strbuf_empty_take_is_empty_string(void **state)
{
    (void)state;
    strbuf b = {0};
    char *s = strbuf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_strbuf_failure_sticks(void **state)
{
    (void)state;
    strbuf b = {0};
    strbuf_puts(&b, "abc");
    b.failed = true;
    strbuf_puts(&b, "def");
    assert_string_equal(strbuf_str(&b), "abc");
    assert_null(strbuf_take(&b));
}

static void test_utf8_decode(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode((const unsigned char *)"ñ", &cp), 2);
    assert_int_equal(cp, 0xF1);
    assert_int_equal(utf8_decode((const unsigned char *)"€", &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", &cp), 4);
    /* overlong, surrogate, beyond U+10FFFF, truncated, stray continuation */
    assert_int_equal(utf8_decode((const unsigned char *)"\xC0\xAF", &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\xED\xA0\x80", &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\xE2\x82", &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\x80", &cp), 0);
    assert_true(utf8_valid("Señal «ñ» — €"));
    assert_false(utf8_valid("mal \xFF"));
    assert_int_equal(utf8_chars("añoé"), 4);
}

/* Excel's table column names are compared ignoring case, accents' case
 * included: the check for duplicate titles must see what Excel sees. */
static void test_utf8_same_ignoring_case(void **state)
{
    (void)state;
    assert_true(utf8_same_ignoring_case("Año", "AÑO"));
    assert_true(utf8_same_ignoring_case("Programado ACUMULADO", "programado acumulado"));
    assert_true(utf8_same_ignoring_case("", ""));
    assert_false(utf8_same_ignoring_case("Año", "Ano"));
    assert_false(utf8_same_ignoring_case("Clave", "Clave "));
    assert_false(utf8_same_ignoring_case("×", "÷"));   /* not letters */
    assert_false(utf8_same_ignoring_case("a\xFF", "a\xFE"));
    assert_true(utf8_same_ignoring_case("a\xFF", "A\xFF"));
}

static void test_utf8_clip_keeps_characters_whole(void **state)
{
    (void)state;
    const char *s = "ññññ";   /* 8 bytes */
    assert_int_equal(utf8_clip(s, 8, 3), 2);
    assert_int_equal(utf8_clip(s, 8, 4), 4);
    assert_int_equal(utf8_clip(s, 8, 20), 8);
}

/* winansi_convert answers without a document what the PDF would. */
static void test_winansi(void **state)
{
    (void)state;
    char why[256] = "";
    assert_int_equal(winansi_convert("Señal «ñ» — ¿sí? € …", false, NULL, why, sizeof why), 0);
    assert_int_equal(winansi_convert("flecha → aquí", false, NULL, why, sizeof why), -1);
    assert_non_null(strstr(why, "U+2192"));
    assert_int_equal(winansi_convert("mal \xFF", false, NULL, why, sizeof why), -1);
    assert_non_null(strstr(why, "UTF-8 inválido"));
    char out[16];
    assert_int_equal(winansi_convert("añoš", true, out, why, sizeof why), 0);
    assert_string_equal(out, "A\xD1O\x8A");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf_grows_and_takes),
        cmocka_unit_test(test_strbuf_empty_take_is_empty_string),
        cmocka_unit_test(test_strbuf_failure_sticks),
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_utf8_clip_keeps_characters_whole),
        cmocka_unit_test(test_utf8_same_ignoring_case),
        cmocka_unit_test(test_winansi),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
