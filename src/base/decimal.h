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

typedef enum {
    PAA_DEC_OK = 0,
    PAA_DEC_SYNTAX,       /* not [+-]digits[.digits] */
    PAA_DEC_PRECISION,    /* more than PAA_DEC_DIGITS decimals */
    PAA_DEC_RANGE         /* does not fit in the scaled integer */
} paa_dec_status;

/* Parses "4060", "0.08", "-3", " 12.5 " (surrounding blanks allowed). */
paa_dec_status paa_dec_parse(const char *s, paa_dec *out);

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

/* v / PAA_DEC_SCALE as a double, for consumers that need a binary number
 * (spreadsheet cells, bar lengths). Never use it for arithmetic checks. */
double paa_dec_to_double(paa_dec v);

#endif
