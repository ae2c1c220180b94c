/* indice: string-pair multimap for the matcher. See interno.h. */
#include "diff/interno.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const char *s)
{
    if (s == NULL)
        return (h ^ 0xffu) * 1099511628211ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (h ^ 0x1fu) * 1099511628211ull;   /* separator */
}

static uint64_t hash_of(const char *k1, const char *k2)
{
    return fnv(fnv(14695981039346656037ull, k1), k2);
}

static bool same(const char *a, const char *b)
{
    return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

int indice_init(diff_indice *ix, size_t cap)
{
    memset(ix, 0, sizeof *ix);
    size_t buckets = 16;
    while (buckets < 2 * cap)
        buckets *= 2;
    ix->cabeza = calloc(buckets, sizeof *ix->cabeza);
    ix->cola = calloc(buckets, sizeof *ix->cola);
    ix->siguiente = calloc(cap ? cap : 1, sizeof *ix->siguiente);
    ix->hash = calloc(cap ? cap : 1, sizeof *ix->hash);
    ix->k1 = calloc(cap ? cap : 1, sizeof *ix->k1);
    ix->k2 = calloc(cap ? cap : 1, sizeof *ix->k2);
    ix->valor = calloc(cap ? cap : 1, sizeof *ix->valor);
    ix->mascara = buckets - 1;
    ix->cap = cap;
    if (!ix->cabeza || !ix->cola || !ix->siguiente || !ix->hash || !ix->k1 || !ix->k2 || !ix->valor) {
        indice_free(ix);
        return -1;
    }
    return 0;
}

void indice_free(diff_indice *ix)
{
    free(ix->cabeza);
    free(ix->cola);
    free(ix->siguiente);
    free(ix->hash);
    free(ix->k1);
    free(ix->k2);
    free(ix->valor);
    memset(ix, 0, sizeof *ix);
}

/* Appends at the end of the bucket's chain (through its tail, O(1) even
 * for many equal keys), so equal keys keep their insertion order. */
void indice_agregar(diff_indice *ix, const char *k1, const char *k2, size_t valor)
{
    if (ix->n == ix->cap)
        return;
    size_t e = ix->n++;
    ix->hash[e] = hash_of(k1, k2);
    ix->k1[e] = k1;
    ix->k2[e] = k2;
    ix->valor[e] = valor;
    ix->siguiente[e] = 0;
    size_t b = ix->hash[e] & ix->mascara;
    if (ix->cola[b] == 0)
        ix->cabeza[b] = e + 1;
    else
        ix->siguiente[ix->cola[b] - 1] = e + 1;
    ix->cola[b] = e + 1;
}

/* The link that points at the first entry with the key, or NULL. */
static size_t *find_link(const diff_indice *ix, const char *k1, const char *k2)
{
    if (ix->cabeza == NULL)
        return NULL;
    uint64_t h = hash_of(k1, k2);
    size_t *link = &ix->cabeza[h & ix->mascara];
    while (*link != 0) {
        size_t e = *link - 1;
        if (ix->hash[e] == h && same(ix->k1[e], k1) && same(ix->k2[e], k2))
            return link;
        link = &ix->siguiente[e];
    }
    return NULL;
}

size_t indice_buscar(const diff_indice *ix, const char *k1, const char *k2)
{
    const size_t *link = find_link(ix, k1, k2);
    return link != NULL ? ix->valor[*link - 1] : INDICE_NINGUNO;
}

size_t indice_tomar(diff_indice *ix, const char *k1, const char *k2)
{
    size_t *link = find_link(ix, k1, k2);
    if (link == NULL)
        return INDICE_NINGUNO;
    size_t e = *link - 1;
    size_t b = ix->hash[e] & ix->mascara;
    *link = ix->siguiente[e];
    if (ix->cola[b] == e + 1)   /* it was the last: its predecessor is */
        ix->cola[b] = link == &ix->cabeza[b] ? 0 : (size_t)(link - ix->siguiente) + 1;
    return ix->valor[e];
}
