/* Unit tests of base/decimal.c's exact means: the big-integer steps
 * (carries across limbs, comparison of unequal lengths) and the mean of
 * fractions, rounded once, half up, from the exact sum — checked against
 * an independent 128-bit reference and at the rounding edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/decimal.h"

__extension__ typedef unsigned __int128 u128;

/* ---- big integers ---------------------------------------------------------- */

static u128 big_value(const paa_big *b)
{
    u128 v = 0;
    for (size_t i = b->n; i-- > 0;) {
        if (i >= 4)
            assert_int_equal(b->w[i], 0);   /* beyond 128 bits: must be 0 */
        else
            v = (v << 32) | b->w[i];
    }
    return v;
}

static void test_big_mul_carries_across_limbs(void **state)
{
    (void)state;
    paa_big b = {0};
    assert_int_equal(paa_big_set(&b, UINT64_MAX), 0);
    assert_int_equal(paa_big_mul(&b, UINT64_MAX), 0);
    /* (2^64 - 1)^2 = 2^128 - 2^65 + 1 */
    u128 want = (u128)UINT64_MAX * UINT64_MAX;
    assert_true(big_value(&b) == want);
    assert_int_equal(b.n, 4);
    assert_int_equal(b.w[0], 1);
    assert_int_equal(b.w[1], 0);
    assert_int_equal(b.w[2], 0xFFFFFFFEu);
    assert_int_equal(b.w[3], 0xFFFFFFFFu);
    /* times 0 is 0 in every limb */
    assert_int_equal(paa_big_mul(&b, 0), 0);
    assert_true(big_value(&b) == 0);
    free(b.w);
}

static void test_big_add_and_compare(void **state)
{
    (void)state;
    paa_big a = {0}, b = {0}, one = {0};
    assert_int_equal(paa_big_set(&a, UINT64_MAX), 0);
    assert_int_equal(paa_big_set(&one, 1), 0);
    /* 2^64 - 1 + 1 carries into a third limb */
    assert_int_equal(paa_big_add(&a, &one), 0);
    assert_true(big_value(&a) == (u128)1 << 64);
    assert_int_equal(a.w[2], 1);
    /* a has more limbs than b but compares by value */
    assert_int_equal(paa_big_set(&b, UINT64_MAX), 0);
    assert_int_equal(paa_big_cmp(&a, &b), 1);
    assert_int_equal(paa_big_cmp(&b, &a), -1);
    assert_int_equal(paa_big_add(&b, &one), 0);
    assert_int_equal(paa_big_cmp(&a, &b), 0);
    /* leading zero limbs do not matter */
    paa_big z = {0};
    assert_int_equal(paa_big_set(&z, 0), 0);
    assert_int_equal(paa_big_add(&z, &one), 0);   /* three limbs, value 1 */
    assert_int_equal(paa_big_cmp(&z, &one), 0);
    free(a.w);
    free(b.w);
    free(one.w);
    free(z.w);
}

/* ---- means of fractions ------------------------------------------------------ */

static int64_t mean_of(const uint64_t *a, const uint64_t *b, size_t n, uint64_t scale)
{
    paa_fraction_sum s = {0};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(paa_fraction_sum_add(&s, a[i], b[i]), 0);
    assert_int_equal(s.n, n);
    int64_t m = -1;
    assert_int_equal(paa_fraction_sum_mean(&s, scale, &m), 0);
    paa_fraction_sum_free(&s);
    return m;
}

static void test_mean_rounds_once_half_up(void **state)
{
    (void)state;
    /* 1/3, 1/3 and 2003/6000 average exactly 333.5 thousandths: 334. */
    uint64_t a1[] = {1, 1, 2003}, b1[] = {3, 3, 6000};
    assert_int_equal(mean_of(a1, b1, 3, 1000), 334);
    /* 1/3 and 2/3: exactly 500. */
    uint64_t a2[] = {1, 2}, b2[] = {3, 3};
    assert_int_equal(mean_of(a2, b2, 2, 1000), 500);
    /* 1/3 and 1999/2000: 666.1666…; with 1999/2000 alone 999.5 -> 1000. */
    uint64_t a3[] = {1, 1999}, b3[] = {3, 2000};
    assert_int_equal(mean_of(a3, b3, 2, 1000), 666);
    assert_int_equal(mean_of(a3 + 1, b3 + 1, 1, 1000), 1000);
    /* just below one half rounds down */
    uint64_t a4[] = {4999999}, b4[] = {10000000};
    assert_int_equal(mean_of(a4, b4, 1, 1), 0);
    uint64_t a5[] = {5000000}, b5[] = {10000000};
    assert_int_equal(mean_of(a5, b5, 1, 1), 1);
}

static void test_mean_of_nothing_and_large_values(void **state)
{
    (void)state;
    assert_int_equal(mean_of(NULL, NULL, 0, 1000), 0);
    /* 10^15 times 1000: exactly 10^18, below the clamp */
    uint64_t a1[] = {1000000000000000}, b1[] = {1};
    assert_int_equal(mean_of(a1, b1, 1, 1000), 1000000000000000000);
    /* beyond INT64_MAX: clamped, not wrapped */
    uint64_t a2[] = {UINT64_MAX, UINT64_MAX}, b2[] = {1, 1};
    assert_int_equal(mean_of(a2, b2, 2, 1000), INT64_MAX);
    /* largest denominators: still exact (1/2 of the way: 500) */
    uint64_t a3[] = {UINT64_MAX / 2, 0}, b3[] = {UINT64_MAX / 2, UINT64_MAX};
    assert_int_equal(mean_of(a3, b3, 2, 1000), 500);
}

/* The exact mean of a few fractions with small denominators, computed
 * independently over their common product in 128 bits. */
static int64_t reference_mean(const uint64_t *a, const uint64_t *b, size_t n,
                              uint64_t scale)
{
    u128 den = 1, num = 0;
    for (size_t i = 0; i < n; i++)
        den *= b[i];
    for (size_t i = 0; i < n; i++)
        num += a[i] * (den / b[i]);
    /* round_half_up(scale num / (n den)) */
    return (int64_t)((2 * scale * num + n * den) / (2 * n * den));
}

static void test_mean_matches_reference(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    for (int round = 0; round < 500; round++) {
        size_t n = 1 + (size_t)(round % 5);
        uint64_t a[5], b[5];
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            b[i] = 1 + (seed >> 33) % 997;
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            a[i] = (seed >> 33) % (2 * b[i] + 1);   /* up to twice b */
        }
        uint64_t scale = round % 2 ? 1000 : 100000;
        assert_int_equal(mean_of(a, b, n, scale), reference_mean(a, b, n, scale));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_mul_carries_across_limbs),
        cmocka_unit_test(test_big_add_and_compare),
        cmocka_unit_test(test_mean_rounds_once_half_up),
        cmocka_unit_test(test_mean_of_nothing_and_large_values),
        cmocka_unit_test(test_mean_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
