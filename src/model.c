/* model: arena, exact decimals and tree queries. See model.h. */
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const paa_month_key[PAA_MONTHS] = {
    "ene", "feb", "mar", "abr", "may", "jun",
    "jul", "ago", "sep", "oct", "nov", "dic"};
const char *const paa_month_abbr[PAA_MONTHS] = {
    "Ene", "Feb", "Mar", "Abr", "May", "Jun",
    "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"};
const char *const paa_month_name[PAA_MONTHS] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

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

/* ---- arena ------------------------------------------------------------- */

struct paa_arena_block {
    paa_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK_MIN (64 * 1024)

void *paa_arena_alloc(paa_arena *a, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    paa_arena_block *b = a->head;
    if (b == NULL || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        b = malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->size = cap;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *paa_arena_strndup(paa_arena *a, const char *s, size_t n)
{
    char *p = paa_arena_alloc(a, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *paa_arena_strdup(paa_arena *a, const char *s)
{
    return paa_arena_strndup(a, s, strlen(s));
}

void paa_arena_free(paa_arena *a)
{
    paa_arena_block *b = a->head;
    while (b != NULL) {
        paa_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- heap strings -------------------------------------------------------- */

char *paa_vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s != NULL)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *paa_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = paa_vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* ---- tree -------------------------------------------------------------- */

size_t model_count_proyectos(const paa_programa *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        n += p->subprogramas[i].n_proyectos;
    return n;
}

size_t model_subprograma_actividades(const paa_subprograma *s)
{
    size_t n = 0;
    for (size_t j = 0; j < s->n_proyectos; j++)
        n += s->proyectos[j].n_actividades;
    return n;
}

size_t model_count_actividades(const paa_programa *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        n += model_subprograma_actividades(&p->subprogramas[i]);
    return n;
}

const paa_actividad *model_find_actividad(const paa_programa *p,
                                          const char *clave)
{
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++)
                if (strcmp(pr->actividades[k].clave, clave) == 0)
                    return &pr->actividades[k];
        }
    }
    return NULL;
}

bool model_sum_meses(const paa_actividad *a, paa_dec *out)
{
    paa_dec sum = 0;
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((a->meses_present & (1u << m)) && !paa_dec_add(sum, a->meses[m], &sum))
            return false;
    *out = sum;
    return true;
}

void model_free(paa_programa *p)
{
    if (p == NULL)
        return;
    paa_arena arena = p->arena;   /* p itself lives in its arena */
    paa_arena_free(&arena);
}
