/* strmap: string -> pointer hash map. See strmap.h. */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

/* Slot of key, or of the empty slot where it would go. */
static size_t slot(const strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static bool grow(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap bigger = {calloc(cap, sizeof *m->keys), calloc(cap, sizeof *m->values), 0, cap};
    if (bigger.keys == NULL || bigger.values == NULL) {
        strmap_free(&bigger);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == NULL)
            continue;
        size_t j = slot(&bigger, m->keys[i]);
        bigger.keys[j] = m->keys[i];
        bigger.values[j] = m->values[i];
        bigger.n++;
    }
    strmap_free(m);
    *m = bigger;
    return true;
}

const void *strmap_put(strmap *m, const char *key, const void *value,
                       bool *oom)
{
    /* at most half full, so probes stay short */
    if ((m->n + 1) * 2 > m->cap && !grow(m)) {
        *oom = true;
        return NULL;
    }
    size_t i = slot(m, key);
    if (m->keys[i] != NULL)
        return m->values[i];
    m->keys[i] = key;
    m->values[i] = value;
    m->n++;
    return NULL;
}

const void *strmap_get(const strmap *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    size_t i = slot(m, key);
    return m->keys[i] != NULL ? m->values[i] : NULL;
}

void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->values);
    *m = (strmap){0};
}
