/* Unit tests of model: exact decimals, the arena and tree queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/programa.h"

static void test_parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        paa_dec value;
    } cases[] = {
        {"0", 0},          {"4060", 40600000},   {"0.08", 800},
        {"0.125", 1250},   {"0.33", 3300},       {" 12 ", 120000},
        {"-3", -30000},    {"+7.5", 75000},      {"0.50000", 5000},
        {"16992418", 169924180000LL},            {"0.0001", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        paa_dec v = -1;
        assert_int_equal(paa_dec_parse(cases[i].text, &v), PAA_DEC_OK);
        assert_true(v == cases[i].value);
    }
}

static void test_parse_invalid(void **state)
{
    (void)state;
    paa_dec v;
    assert_int_equal(paa_dec_parse("", &v), PAA_DEC_SYNTAX);
    assert_int_equal(paa_dec_parse("1,000", &v), PAA_DEC_SYNTAX);
    assert_int_equal(paa_dec_parse("1.", &v), PAA_DEC_SYNTAX);
    assert_int_equal(paa_dec_parse(".5", &v), PAA_DEC_SYNTAX);
    assert_int_equal(paa_dec_parse("1e3", &v), PAA_DEC_SYNTAX);
    assert_int_equal(paa_dec_parse("0.00001", &v), PAA_DEC_PRECISION);
    assert_int_equal(paa_dec_parse("99999999999999999999", &v), PAA_DEC_RANGE);
    assert_string_not_equal(paa_dec_strerror(PAA_DEC_PRECISION), "");
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        paa_dec value;
        bool grouped;
        const char *text;
    } cases[] = {
        {40600000, true, "4,060"},    {40600000, false, "4060"},
        {800, true, "0.08"},          {5000, true, "0.5"},
        {0, true, "0"},               {169924180000LL, true, "16,992,418"},
        {-12345000, true, "-1,234.5"}, {10000000, true, "1,000"},
        {9990000, true, "999"},       {1, false, "0.0001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[PAA_DEC_BUFSZ];
        size_t n = paa_dec_format(cases[i].value, cases[i].grouped, buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
    char buf[PAA_DEC_BUFSZ];
    paa_dec_format(INT64_MIN, true, buf);   /* must not overflow */
    assert_true(buf[0] == '-');
}

/* Published notation: the decimals written survive a parse and format. */
static void test_places(void **state)
{
    (void)state;
    static const struct { const char *in; int places; const char *out; } cases[] = {
        {"0.10", 2, "0.10"}, {"0.30", 2, "0.30"}, {"0.1", 1, "0.1"}, {"4060", 0, "4,060"},
        {"1.00", 2, "1.00"}, {"0.50000", 4, "0.5000"}, {"-2.50", 2, "-2.50"}, {"0.125", 3, "0.125"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        paa_dec v;
        int places = -1;
        assert_int_equal(paa_dec_parse_places(cases[i].in, &v, &places), PAA_DEC_OK);
        assert_int_equal(places, cases[i].places);
        char buf[PAA_DEC_BUFSZ];
        size_t n = paa_dec_format_places(v, places, true, buf);
        assert_string_equal(buf, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
    }
    char buf[PAA_DEC_BUFSZ];
    paa_dec_format_places(1250, 1, false, buf);   /* exact beats published */
    assert_string_equal(buf, "0.125");
    paa_dec_format_places(0, 2, false, buf);
    assert_string_equal(buf, "0.00");
}

static void test_add_detects_overflow(void **state)
{
    (void)state;
    paa_dec out;
    assert_true(paa_dec_add(800, 1200, &out));
    assert_true(out == 2000);
    assert_false(paa_dec_add(INT64_MAX, 1, &out));
}

/* The classic float trap: 0.1 * 3 != 0.3 in binary, exact here. */
static void test_sum_is_exact(void **state)
{
    (void)state;
    paa_actividad a;
    memset(&a, 0, sizeof a);
    for (int m = 0; m < 3; m++) {
        assert_int_equal(paa_dec_parse("0.1", &a.meses[m]), PAA_DEC_OK);
        a.meses_present |= (uint16_t)(1u << m);
    }
    paa_dec sum, expected;
    assert_true(model_sum_meses(&a, &sum));
    paa_dec_parse("0.3", &expected);
    assert_true(sum == expected);
}

static void test_arena(void **state)
{
    (void)state;
    paa_arena a = {0};
    char *s = paa_arena_strdup(&a, "Órgano");
    assert_string_equal(s, "Órgano");
    /* Larger than a block, and alignment for any type. */
    void *big = paa_arena_alloc(&a, 200 * 1024);
    assert_non_null(big);
    double *dv = paa_arena_alloc(&a, sizeof(double));
    assert_true(((uintptr_t)dv % _Alignof(max_align_t)) == 0);
    assert_true(*dv == 0.0);
    paa_arena_free(&a);
    assert_null(a.head);
}

static void test_format_heap_string(void **state)
{
    (void)state;
    char *s = paa_format("%s %d", "Subprograma", 13);
    assert_string_equal(s, "Subprograma 13");
    free(s);
    /* Longer than any fixed buffer, multibyte, kept whole. */
    char big[3001];
    for (int i = 0; i < 1500; i++)
        memcpy(big + 2 * i, "\xc3\xa1", 2);   /* "á" */
    big[3000] = '\0';
    s = paa_format("«%s»", big);
    assert_int_equal(strlen(s), 3000 + 4);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_add_detects_overflow),
        cmocka_unit_test(test_sum_is_exact),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_format_heap_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
