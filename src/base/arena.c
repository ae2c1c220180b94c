/* arena: one allocation lifetime per document, and heap printf. See arena.h. */
#include "base/arena.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

