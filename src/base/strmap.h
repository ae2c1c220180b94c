/*
 * strmap: a map from strings to pointers, for looking claves up in
 * constant time (a programme of 30,000 activities must not cost a
 * comparison of every clave with every other).
 *
 * Keys are not copied: they must outlive the map (claves live in the
 * programme's arena). Open addressing with linear probing, FNV-1a hash.
 */
#ifndef PAA_BASE_STRMAP_H
#define PAA_BASE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char **keys;
    const void **values;
    size_t n, cap;   /* cap is a power of two, 0 when empty */
} strmap;

/* Adds key -> value unless key is already there. Returns the value
 * already stored for key, or NULL when key was added. On out-of-memory
 * sets *oom and adds nothing. */
const void *strmap_put(strmap *m, const char *key, const void *value,
                       bool *oom);
/* The value of key, or NULL. */
const void *strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);

#endif
