/*
 * Private to src/diff: the hash index the matcher and the findings
 * comparison share, and what the renderers share (labels, number and
 * text formatting).
 */
#ifndef PAA_DIFF_INTERNO_H
#define PAA_DIFF_INTERNO_H

#include <stdint.h>

#include "base/indice.h"
#include "diff/diff.h"

/* ---- index --------------------------------------------------------------- */

/* The matcher's string-pair multimap lives in base (base/indice.h), shared
 * with the progress report's pairing of an original programme. */
typedef paa_indice diff_indice;
#define INDICE_NINGUNO PAA_INDICE_NINGUNO

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
