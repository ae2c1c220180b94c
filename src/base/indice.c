/* indice: string-pair multimap and the pairing on it. See indice.h. */
#include "base/indice.h"

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

int indice_init(paa_indice *ix, size_t cap)
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

void indice_free(paa_indice *ix)
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
void indice_agregar(paa_indice *ix, const char *k1, const char *k2, size_t valor)
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
static size_t *find_link(const paa_indice *ix, const char *k1, const char *k2)
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

size_t indice_buscar(const paa_indice *ix, const char *k1, const char *k2)
{
    const size_t *link = find_link(ix, k1, k2);
    return link != NULL ? ix->valor[*link - 1] : PAA_INDICE_NINGUNO;
}

size_t indice_tomar(paa_indice *ix, const char *k1, const char *k2)
{
    size_t *link = find_link(ix, k1, k2);
    if (link == NULL)
        return PAA_INDICE_NINGUNO;
    size_t e = *link - 1;
    size_t b = ix->hash[e] & ix->mascara;
    *link = ix->siguiente[e];
    if (ix->cola[b] == e + 1)   /* it was the last: its predecessor is */
        ix->cola[b] = link == &ix->cabeza[b] ? 0 : (size_t)(link - ix->siguiente) + 1;
    return ix->valor[e];
}

/* ---- pareo ------------------------------------------------------------------ */

void pareo_free(pareo *m)
{
    free(m->pares);
    free(m->par_a);
    free(m->par_b);
}

int pareo_parear(const pareo_llaves *ka, size_t na, const pareo_llaves *kb, size_t nb,
                 pareo *m)
{
    memset(m, 0, sizeof *m);
    size_t *b2a = malloc((nb + 1) * sizeof *b2a);
    m->pares = malloc((na + nb + 1) * sizeof *m->pares);
    m->par_a = malloc((na + 1) * sizeof *m->par_a);
    m->par_b = malloc((nb + 1) * sizeof *m->par_b);
    paa_indice por_clave, por_firma;
    int rc = -1;
    if (!b2a || !m->pares || !m->par_a || !m->par_b || indice_init(&por_clave, na) != 0)
        goto out;
    if (indice_init(&por_firma, na) != 0) {
        indice_free(&por_clave);
        goto out;
    }
    for (size_t i = 0; i < na; i++) {
        m->par_a[i] = PAA_INDICE_NINGUNO;
        indice_agregar(&por_clave, ka[i].clave, NULL, i);
    }
    for (size_t j = 0; j < nb; j++) {
        b2a[j] = indice_tomar(&por_clave, kb[j].clave, NULL);
        if (b2a[j] != PAA_INDICE_NINGUNO)
            m->par_a[b2a[j]] = j;
    }
    for (size_t i = 0; i < na; i++)
        if (m->par_a[i] == PAA_INDICE_NINGUNO && ka[i].firma1 != NULL)
            indice_agregar(&por_firma, ka[i].firma1, ka[i].firma2, i);
    for (size_t j = 0; j < nb; j++) {
        if (b2a[j] != PAA_INDICE_NINGUNO || kb[j].firma1 == NULL)
            continue;
        b2a[j] = indice_tomar(&por_firma, kb[j].firma1, kb[j].firma2);
        if (b2a[j] != PAA_INDICE_NINGUNO)
            m->par_a[b2a[j]] = j;
    }
    for (size_t j = 0; j < nb; j++) {
        m->par_b[j] = m->n;
        if (b2a[j] != PAA_INDICE_NINGUNO)
            m->par_a[b2a[j]] = m->n;
        m->pares[m->n++] = (pareo_par){b2a[j], j};
    }
    for (size_t i = 0; i < na; i++) {
        if (m->par_a[i] != PAA_INDICE_NINGUNO)
            continue;
        m->par_a[i] = m->n;
        m->pares[m->n++] = (pareo_par){i, PAA_INDICE_NINGUNO};
    }
    indice_free(&por_clave);
    indice_free(&por_firma);
    rc = 0;
out:
    free(b2a);
    if (rc != 0)
        pareo_free(m);
    return rc;
}

