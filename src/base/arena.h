/*
 * arena: bump allocation freed all at once, and heap printf.
 */
#ifndef PAA_BASE_ARENA_H
#define PAA_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/* ---- arena ------------------------------------------------------------- */

typedef struct paa_arena_block paa_arena_block;

typedef struct {
    paa_arena_block *head;
} paa_arena;

/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *paa_arena_alloc(paa_arena *a, size_t size);
/* Copy of s (n bytes) with a NUL terminator; NULL when out of memory. */
char *paa_arena_strndup(paa_arena *a, const char *s, size_t n);
char *paa_arena_strdup(paa_arena *a, const char *s);
void paa_arena_free(paa_arena *a);

/* ---- heap strings -------------------------------------------------------- */

/* printf into a new malloc'd string the caller frees; NULL on failure.
 * Texts from the programme have no length limit, so no fixed buffer may
 * hold them (a truncated one could end in half a UTF-8 character). */
char *paa_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *paa_vformat(const char *fmt, va_list ap);

#endif
