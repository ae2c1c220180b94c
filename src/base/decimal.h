/*
 * decimal: exact decimals.
 *
 * Quantities are exact decimals stored as integers scaled by 10^4
 * (paa_dec): the programme has values such as 0.08, 0.33 and 0.125, and
 * "annual = sum of months" must hold exactly, so floating point is never
 * used for them.
 */
#ifndef PAA_BASE_DECIMAL_H
#define PAA_BASE_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- exact decimals ---------------------------------------------------- */

typedef int64_t paa_dec;

#define PAA_DEC_DIGITS 4          /* decimals the model holds */
#define PAA_DEC_SCALE 10000       /* 10^PAA_DEC_DIGITS */
/* INT64_MAX / PAA_DEC_SCALE as published, for messages. */
#define PAA_DEC_MAX_TEXT "922,337,203,685,477.5807"

typedef enum {
    PAA_DEC_OK = 0,
    PAA_DEC_SYNTAX,       /* not [+-]digits[.digits] */
    PAA_DEC_PRECISION,    /* more than PAA_DEC_DIGITS decimals */
    PAA_DEC_RANGE         /* does not fit in the scaled integer */
} paa_dec_status;

/* Parses "4060", "0.08", "-3", " 12.5 " (surrounding blanks allowed). */
paa_dec_status paa_dec_parse(const char *s, paa_dec *out);

/* Same, and also gives the number of decimals written, up to
 * PAA_DEC_DIGITS ("0.10" → 2, "4060" → 0): the published notation. */
paa_dec_status paa_dec_parse_places(const char *s, paa_dec *out, int *places);

/* Spanish explanation of a parse status, for diagnostics. */
const char *paa_dec_strerror(paa_dec_status st);

/* Adds with overflow detection; returns false on overflow. */
bool paa_dec_add(paa_dec a, paa_dec b, paa_dec *out);

/*
 * Writes v with the fewest decimals that represent it exactly
 * ("4060", "0.08", "0.5"). With `grouped`, thousands are separated by
 * commas as in the publication ("4,060"). Returns the length written
 * (excluding NUL); buf must hold PAA_DEC_BUFSZ bytes.
 */
#define PAA_DEC_BUFSZ 40
size_t paa_dec_format(paa_dec v, bool grouped, char *buf);

/* Same with at least `places` decimals (0..PAA_DEC_DIGITS), as published:
 * 0.1 with 2 places is "0.10"; more are written when needed to be exact. */
size_t paa_dec_format_places(paa_dec v, int places, bool grouped, char *buf);

/* v / PAA_DEC_SCALE as a double, for consumers that need a binary number
 * (spreadsheet cells, bar lengths). Never use it for arithmetic checks. */
double paa_dec_to_double(paa_dec v);

/* ---- exact means of fractions ---------------------------------------------
 *
 * The mean of n fractions a_i / b_i has the product of the b_i as its
 * denominator, far beyond 128 bits after a few dozen terms, so the sum is
 * kept exactly as big integers and the mean is rounded once, at the end.
 * A caller that wants a capped mean (each term at most 1) caps a_i ≤ b_i
 * before adding.
 */

/* An unsigned big integer: 32-bit limbs, least significant first. */
typedef struct {
    uint32_t *w;
    size_t n, cap;
} paa_big;

/* The exact sum of the fractions added so far. Zero-initialised is the
 * empty sum; paa_fraction_sum_free() releases it. */
typedef struct {
    paa_big num, den;
    size_t n;            /* fractions added */
} paa_fraction_sum;

/* Adds a / b (b > 0). 0, or -1 when out of memory (the sum is then
 * unusable; free it). */
int paa_fraction_sum_add(paa_fraction_sum *s, uint64_t a, uint64_t b);

/* The mean of the fractions times `scale` (1000: tenths of a percent),
 * rounded half up from the exact value, at most INT64_MAX; 0 for the
 * empty sum. scale ≤ UINT64_MAX / 2. 0, or -1 when out of memory. */
int paa_fraction_sum_mean(const paa_fraction_sum *s, uint64_t scale,
                          int64_t *out);

void paa_fraction_sum_free(paa_fraction_sum *s);

#ifdef PAA_TESTING
int paa_big_set(paa_big *b, uint64_t v);
int paa_big_mul(paa_big *b, uint64_t m);
int paa_big_add(paa_big *b, const paa_big *c);
int paa_big_cmp(const paa_big *a, const paa_big *b);
#endif

#endif
