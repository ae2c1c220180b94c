/*
 * indice: a multimap from a pair of strings to values, and the pairing of
 * two versions' items built on it (pareo): by clave, then by signature.
 * One matcher for `paa diff` and for a progress report measured against a
 * modified programme (check/semaforo.h, avance_compare_original).
 */
#ifndef PAA_BASE_INDICE_H
#define PAA_BASE_INDICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAA_INDICE_NINGUNO SIZE_MAX

/*
 * Not base/strmap: matching needs a pair of strings as key (description
 * and unit), several entries under one key (duplicate claves, repeated
 * descriptions) taken in document order, and removal of the one taken.
 * Open hashing with chains through arrays; fixed capacity. Equal keys are
 * kept in insertion order and indice_tomar() removes the first one, so
 * pairing equal keys is in document order. Lookups cost O(1) on average:
 * the matcher stays linear in the size of the programmes.
 */
typedef struct {
    size_t *cabeza;         /* bucket → entry + 1 (0: empty) */
    size_t *cola;           /* bucket → its last entry + 1 */
    size_t *siguiente;      /* entry → next entry + 1 */
    uint64_t *hash;
    const char **k1, **k2;
    size_t *valor;
    size_t mascara, n, cap;
} paa_indice;

/* Room for `cap` entries. 0, or -1 when out of memory. */
int indice_init(paa_indice *ix, size_t cap);
void indice_free(paa_indice *ix);
/* Adds (k1, k2) → valor; k2 may be NULL (distinct from ""). Never fails
 * below the capacity given to indice_init(). */
void indice_agregar(paa_indice *ix, const char *k1, const char *k2, size_t valor);
/* The value of the first entry with that key, or PAA_INDICE_NINGUNO. */
size_t indice_buscar(const paa_indice *ix, const char *k1, const char *k2);
/* Same, removing the entry found. */
size_t indice_tomar(paa_indice *ix, const char *k1, const char *k2);

/* ---- pareo: two versions' items paired ---------------------------------- */

/* What identifies a node: its clave, and the signature that recognises
 * it under another clave (activity: description and unit). */
typedef struct {
    const char *clave, *firma1, *firma2;
} pareo_llaves;

/* A matched pair, an addition (a = PAA_INDICE_NINGUNO) or a removal
 * (b = PAA_INDICE_NINGUNO). */
typedef struct {
    size_t a, b;
} pareo_par;

typedef struct {
    pareo_par *pares;
    size_t n;
    size_t *par_a, *par_b;   /* item → its pair */
} pareo;

/*
 * Pairs items a (old version) with items b (new version) by clave, then
 * the leftovers by signature (firma1, firma2; firma1 NULL: never by
 * signature), each in document order: a clave that disappears while
 * another appears with the same signature is the same item renumbered.
 * The pairs list the new version's items in order, then the removed ones;
 * par_a[i] / par_b[j] give the pair of an item. 0, or -1 when out of
 * memory (m is then empty).
 */
int pareo_parear(const pareo_llaves *ka, size_t na, const pareo_llaves *kb, size_t nb,
                 pareo *m);
void pareo_free(pareo *m);

#endif
