/*
 * Private to src/diff: the hash index the matcher and the findings
 * comparison share, and what the renderers share (labels, number and
 * text formatting).
 */
#ifndef PAA_DIFF_INTERNO_H
#define PAA_DIFF_INTERNO_H

#include <stdint.h>

#include "diff/diff.h"

/* ---- index: a multimap from a pair of strings to values ----------------- */

#define INDICE_NINGUNO SIZE_MAX

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
} diff_indice;

/* Room for `cap` entries. 0, or -1 when out of memory. */
int indice_init(diff_indice *ix, size_t cap);
void indice_free(diff_indice *ix);
/* Adds (k1, k2) → valor; k2 may be NULL (distinct from ""). Never fails
 * below the capacity given to indice_init(). */
void indice_agregar(diff_indice *ix, const char *k1, const char *k2, size_t valor);
/* The value of the first entry with that key, or INDICE_NINGUNO. */
size_t indice_buscar(const diff_indice *ix, const char *k1, const char *k2);
/* Same, removing the entry found. */
size_t indice_tomar(diff_indice *ix, const char *k1, const char *k2);

/* ---- findings ------------------------------------------------------------ */

/* One renumbering: findings of the old version under clave `antes` are
 * compared as if they were under `despues`. */
typedef struct {
    const char *antes, *despues;
} diff_renumeracion;

/* Runs the checker (and the baseline, when given) on both versions and
 * fills r->nuevos, r->resueltos and r->obsoletas. 0, or -1 with
 * diagnostics. */
int diff_hallazgos_comparar(const paa_programa *antes, const paa_programa *despues,
                            const diff_renumeracion *ren, size_t n_ren,
                            diff_result *r, diag_list *d);

/* ---- renderers ----------------------------------------------------------- */

int diff_write_texto(const diff_result *r, FILE *f);
int diff_write_json(const diff_result *r, FILE *f);
int diff_write_markdown(const diff_result *r, FILE *f);
int diff_write_github(const diff_result *r, FILE *f);

/* A buffer that holds any value diff_formatear() writes for a quantity. */
#define DIFF_NUM_BUFSZ PAA_DEC_BUFSZ

/* A value for people: quantities grouped ("4,060"), absent as «—», texts
 * as they are. The result is v->texto or buf. */
const char *diff_valor_texto(const diff_campo *c, const diff_valor *v, char *buf);

/* "actividad", "proyecto", "subprograma", "programa". */
const char *diff_nivel_nombre(diff_nivel n);
/* "agregada", "eliminado"…, agreeing with the level's gender; "" for
 * DIFF_SIN_CAMBIO. */
const char *diff_tipo_palabra(diff_nivel n, diff_tipo t);
/* JSON ids: "agregado", "eliminado", "modificado", "renumerado", "sin-cambio". */
const char *diff_tipo_id(diff_tipo t);
const char *diff_nivel_id(diff_nivel n);

/* The node's clave for people: "010204" or "010103 ⇒ 010204". Writes into
 * buf (size bytes) and returns it. */
const char *diff_nodo_clave(const diff_nodo *n, char *buf, size_t size);

/* One-line Spanish headline of a node: "actividad 010103 ⇒ 010204,
 * movida a 0102"; "proyecto 0101 modificado". malloc'd; NULL on OOM. */
char *diff_nodo_titular(const diff_nodo *n);

/* The summary sentence: "5 cambios: 1 actividad agregada, …" or "sin
 * cambios". malloc'd; NULL on OOM. */
char *diff_resumen_frase(const diff_result *r);

/* Visits every node below the root in document order (depth first). */
typedef int (*diff_visita)(const diff_result *r, const diff_nodo *n, void *ctx);
int diff_recorrer(const diff_result *r, diff_visita f, void *ctx);

#endif
