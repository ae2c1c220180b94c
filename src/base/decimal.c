/* decimal: exact decimals scaled by 10^4. See decimal.h. */
#include "base/decimal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- exact decimals ---------------------------------------------------- */

paa_dec_status paa_dec_parse(const char *s, paa_dec *out)
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
    /* Build the digits right to left in a scratch buffer. */
    char tmp[PAA_DEC_BUFSZ];
    size_t i = sizeof tmp;
    tmp[--i] = '\0';
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole = mag / PAA_DEC_SCALE;
    uint64_t frac = mag % PAA_DEC_SCALE;

    if (frac != 0) {
        int digits = PAA_DEC_DIGITS;
        while (frac % 10 == 0) {
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

