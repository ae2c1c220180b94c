/* decimal: exact decimals scaled by 10^4. See decimal.h. */
#include "base/decimal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/static.h"

/* 128-bit products of two 64-bit words. */
__extension__ typedef unsigned __int128 u128;

/* ---- exact decimals ---------------------------------------------------- */

paa_dec_status paa_dec_parse(const char *s, paa_dec *out)
{
    int places;
    return paa_dec_parse_places(s, out, &places);
}

paa_dec_status paa_dec_parse_places(const char *s, paa_dec *out, int *places)
{
    while (isspace((unsigned char)*s))
        s++;
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = (*s++ == '-');
    if (!isdigit((unsigned char)*s))
        return PAA_DEC_SYNTAX;

    int64_t whole = 0;
    for (; isdigit((unsigned char)*s); s++) {
        if (whole > (INT64_MAX / PAA_DEC_SCALE - 9) / 10)
            return PAA_DEC_RANGE;
        whole = whole * 10 + (*s - '0');
    }
    int64_t frac = 0;
    int digits = 0;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return PAA_DEC_SYNTAX;
        for (; isdigit((unsigned char)*s); s++) {
            /* Trailing zeros beyond the precision are harmless ("0.50000"). */
            if (digits == PAA_DEC_DIGITS) {
                if (*s != '0')
                    return PAA_DEC_PRECISION;
                continue;
            }
            frac = frac * 10 + (*s - '0');
            digits++;
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s != '\0')
        return PAA_DEC_SYNTAX;
    *places = digits;
    for (; digits < PAA_DEC_DIGITS; digits++)
        frac *= 10;
    int64_t v = whole * PAA_DEC_SCALE + frac;
    *out = neg ? -v : v;
    return PAA_DEC_OK;
}

const char *paa_dec_strerror(paa_dec_status st)
{
    switch (st) {
    case PAA_DEC_OK:
        return "correcto";
    case PAA_DEC_SYNTAX:
        return "no es un número decimal (se espera, p. ej., 4060 o 0.08)";
    case PAA_DEC_PRECISION:
        return "tiene más de 4 decimales, más de los que el modelo conserva";
    case PAA_DEC_RANGE:
        return "es demasiado grande";
    }
    return "estado desconocido";
}

bool paa_dec_add(paa_dec a, paa_dec b, paa_dec *out)
{
    return !__builtin_add_overflow(a, b, out);
}

size_t paa_dec_format(paa_dec v, bool grouped, char *buf)
{
    return paa_dec_format_places(v, 0, grouped, buf);
}

size_t paa_dec_format_places(paa_dec v, int places, bool grouped, char *buf)
{
    /* Build the digits right to left in a scratch buffer. */
    char tmp[PAA_DEC_BUFSZ];
    size_t i = sizeof tmp;
    tmp[--i] = '\0';
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole = mag / PAA_DEC_SCALE;
    uint64_t frac = mag % PAA_DEC_SCALE;

    if (places < 0)
        places = 0;
    if (frac != 0 || places > 0) {
        int digits = PAA_DEC_DIGITS;
        while (digits > places && frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (int k = 0; k < digits; k++) {
            tmp[--i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        tmp[--i] = '.';
    }
    int group = 0;
    do {
        if (grouped && group == 3) {
            tmp[--i] = ',';
            group = 0;
        }
        tmp[--i] = (char)('0' + whole % 10);
        whole /= 10;
        group++;
    } while (whole != 0);
    if (v < 0)
        tmp[--i] = '-';

    size_t len = sizeof tmp - 1 - i;
    memcpy(buf, tmp + i, len + 1);
    return len;
}

double paa_dec_to_double(paa_dec v)
{
    return (double)v / PAA_DEC_SCALE;
}


/* ---- exact means of fractions ---------------------------------------------
 *
 * Only multiplication by a 64-bit word, addition and comparison are
 * needed: the rounded mean is found by comparing candidates against the
 * exact sum, never by dividing it.
 */

static int big_reserve(paa_big *b, size_t n)
{
    if (n <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 8;
    while (cap < n)
        cap *= 2;
    uint32_t *w = realloc(b->w, cap * sizeof *w);
    if (w == NULL)
        return -1;
    b->w = w;
    b->cap = cap;
    return 0;
}

STATIC int paa_big_set(paa_big *b, uint64_t v)
{
    if (big_reserve(b, 2) != 0)
        return -1;
    b->w[0] = (uint32_t)v;
    b->w[1] = (uint32_t)(v >> 32);
    b->n = 2;
    return 0;
}

static int big_copy(paa_big *dst, const paa_big *src)
{
    if (big_reserve(dst, src->n) != 0)
        return -1;
    memcpy(dst->w, src->w, src->n * sizeof *src->w);
    dst->n = src->n;
    return 0;
}

STATIC int paa_big_mul(paa_big *b, uint64_t m)
{
    u128 carry = 0;
    for (size_t i = 0; i < b->n; i++) {
        carry += (u128)b->w[i] * m;
        b->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    while (carry != 0) {
        if (big_reserve(b, b->n + 1) != 0)
            return -1;
        b->w[b->n++] = (uint32_t)carry;
        carry >>= 32;
    }
    return 0;
}

STATIC int paa_big_add(paa_big *b, const paa_big *c)
{
    size_t n = b->n > c->n ? b->n : c->n;
    if (big_reserve(b, n + 1) != 0)
        return -1;
    for (size_t i = b->n; i < n + 1; i++)
        b->w[i] = 0;
    uint64_t carry = 0;
    for (size_t i = 0; i < n + 1; i++) {
        carry += (uint64_t)b->w[i] + (i < c->n ? c->w[i] : 0);
        b->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    b->n = n + 1;
    return 0;
}

STATIC int paa_big_cmp(const paa_big *a, const paa_big *b)
{
    size_t n = a->n > b->n ? a->n : b->n;
    for (size_t i = n; i-- > 0;) {
        uint32_t x = i < a->n ? a->w[i] : 0;
        uint32_t y = i < b->n ? b->w[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

/* Drops leading zero limbs, so that a number is as long as its value. */
static void big_trim(paa_big *b)
{
    while (b->n > 1 && b->w[b->n - 1] == 0)
        b->n--;
}

/* b mod m (m > 0). */
static uint64_t big_mod(const paa_big *b, uint64_t m)
{
    u128 r = 0;
    for (size_t i = b->n; i-- > 0;)
        r = ((r << 32) | b->w[i]) % m;
    return (uint64_t)r;
}

/* b / m, for an m (> 0) that divides b. */
static void big_div_exact(paa_big *b, uint64_t m)
{
    u128 r = 0;
    for (size_t i = b->n; i-- > 0;) {
        u128 cur = (r << 32) | b->w[i];
        b->w[i] = (uint32_t)(cur / m);
        r = cur % m;
    }
    big_trim(b);
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int paa_fraction_sum_add(paa_fraction_sum *s, uint64_t a, uint64_t b)
{
    if (s->den.n == 0 && (paa_big_set(&s->num, 0) != 0 || paa_big_set(&s->den, 1) != 0))
        return -1;
    /* Over the least common denominator, den (b/g) with g = gcd(den, b):
     * num/den + a/b = (num (b/g) + a (den/g)) / (den (b/g)). The same
     * value as over den b, but the numbers grow only with the distinct
     * denominators, not with every fraction added (a mean of 30,000
     * activities stays linear). */
    uint64_t g = gcd(b, big_mod(&s->den, b));
    paa_big term = {0};
    int rc = big_copy(&term, &s->den);
    if (rc == 0) {
        big_div_exact(&term, g);
        rc = paa_big_mul(&term, a) != 0 || paa_big_mul(&s->num, b / g) != 0 ||
             paa_big_add(&s->num, &term) != 0 || paa_big_mul(&s->den, b / g) != 0 ? -1 : 0;
    }
    big_trim(&s->num);
    big_trim(&s->den);
    free(term.w);
    s->n++;
    return rc;
}

/* Is round_half_up(scale S / k) >= t, with S = num/den? That is
 * 2 scale num + k den >= 2 k t den. */
static int mean_at_least(const paa_fraction_sum *s, uint64_t scale, uint64_t t,
                         bool *yes)
{
    uint64_t k = s->n;
    paa_big lhs = {0}, rhs = {0}, kden = {0};
    int rc = big_copy(&lhs, &s->num) != 0 || paa_big_mul(&lhs, 2 * scale) != 0 ||
             big_copy(&kden, &s->den) != 0 || paa_big_mul(&kden, k) != 0 ||
             paa_big_add(&lhs, &kden) != 0 || big_copy(&rhs, &s->den) != 0 ||
             paa_big_mul(&rhs, 2 * k) != 0 || paa_big_mul(&rhs, t) != 0 ? -1 : 0;
    if (rc == 0)
        *yes = paa_big_cmp(&lhs, &rhs) >= 0;
    free(lhs.w);
    free(rhs.w);
    free(kden.w);
    return rc;
}

/*
 * The rounded mean is the largest t ≤ INT64_MAX with mean_at_least(t):
 * the predicate holds at 0 and fails from some point on, so an upper
 * bound is doubled until it fails and then bisected, about 2 log2(t)
 * exact comparisons whatever the magnitude (stepping from an estimate can
 * take ~t steps when the estimate is unusable).
 */
int paa_fraction_sum_mean(const paa_fraction_sum *s, uint64_t scale,
                          int64_t *out)
{
    *out = 0;
    if (s->n == 0)
        return 0;
    uint64_t lo = 0, hi = 1;
    bool yes = true;
    int rc;
    while ((rc = mean_at_least(s, scale, hi, &yes)) == 0 && yes) {
        lo = hi;
        if (hi == (uint64_t)INT64_MAX)
            break;   /* clamp: the mean is at least INT64_MAX */
        hi = hi > (uint64_t)INT64_MAX / 2 ? (uint64_t)INT64_MAX : 2 * hi;
    }
    /* Invariant: the predicate holds at lo and fails at hi (unless lo is
     * the clamp, where lo == hi). */
    while (rc == 0 && hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        rc = mean_at_least(s, scale, mid, &yes);
        if (yes)
            lo = mid;
        else
            hi = mid;
    }
    *out = (int64_t)lo;
    return rc;
}

void paa_fraction_sum_free(paa_fraction_sum *s)
{
    free(s->num.w);
    free(s->den.w);
    *s = (paa_fraction_sum){0};
}
