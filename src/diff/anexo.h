/*
 * anexo: the change tree of a diff_result as the rows of the annex that
 * the Consejo General reads to approve an adecuación ("Anexo.
 * Adecuaciones al Programa Anual de Actividades"), shared by its PDF
 * (src/pdf/adecuaciones_pdf.c) and its workbook
 * (src/xlsx/adecuaciones_xlsx.c), so both show the same rows.
 *
 * Only reads the tree: one row per field that changed, grouped by
 * subprograma (the programme's general data first), with the node's
 * clave, title and kind of change on each row, the values before and
 * after (quantities kept exact, for numbers in a workbook), an
 * observation (closed month, annual = sum of months broken or mended,
 * reconstruction confirmed…) and the reason the new version gives. An
 * added or removed activity shows its twelve months in one row; month
 * changes are also summed by quarter.
 */
#ifndef PAA_DIFF_ANEXO_H
#define PAA_DIFF_ANEXO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "diff/diff.h"

/* A value of a row: a quantity (exact), a text, «—» (absent in that
 * version) or nothing (a row with no field: a renumbering). */
typedef struct {
    bool presente;      /* false: absent («—») or nothing ("") */
    bool es_cantidad;   /* cantidad holds the value */
    paa_dec cantidad;
    const char *texto;  /* as people read it: "4,060", "—", a text, "" */
} diff_anexo_valor;

typedef struct {
    const diff_nodo *nodo;   /* what the row is about */
    bool primera;            /* the first row of its node */
    const char *clave;       /* "010204" or "010103 ⇒ 010204"; "" for
                                the programme */
    const char *titulo;      /* description or name; "" for the programme */
    const char *cambio;      /* "Actividad renumerada y movida a 0102" */
    const char *campo;       /* "Cantidad anual", "Marzo", "Trimestre 1
                                (ene–mar), suma"; "" */
    diff_anexo_valor antes, despues;
    const char *observacion; /* "" or "mes ya cerrado; …" */
    const char *motivo;      /* "" or the new version's reason */
    bool aviso;              /* the observation warns: a closed month, or
                                annual = sum of months broken */
} diff_anexo_fila;

/* The rows of one subprograma (or of the programme's general data). */
typedef struct {
    const char *clave;       /* "01", "01 ⇒ 02"; NULL: general data */
    const char *titulo;      /* "Datos generales del programa" for those */
    const diff_anexo_fila *filas;
    size_t n;
} diff_anexo_grupo;

typedef struct {
    diff_anexo_grupo *grupos;
    size_t n_grupos;
    diff_anexo_fila *filas;  /* every row, in group order */
    size_t n_filas;
    paa_arena arena;
} diff_anexo;

/* Builds the rows of r. 0, or -1 when out of memory (nothing to free). */
int diff_anexo_build(const diff_result *r, diff_anexo *out);
void diff_anexo_free(diff_anexo *a);

/* The summary sentence as a document prints it: "5 cambios: 1 actividad
 * agregada, …." or "Sin cambios.". malloc'd; NULL when out of memory. */
char *diff_anexo_frase(const diff_result *r);

/* ---- the summary, as label / counts rows --------------------------------- */

typedef struct {
    const char *etiqueta;
    size_t v[3];
} diff_anexo_cuenta;

/* Subprogramas, proyectos, actividades counted in each version: v[0]
 * before, v[1] after. Returns 3. */
size_t diff_anexo_totales(const diff_result *r, diff_anexo_cuenta out[3]);

/* Changes by kind (agregados, eliminados, renumerados, de ellos movidos,
 * modificados): v[0] actividades, v[1] proyectos, v[2] subprogramas.
 * Returns 5. */
#define DIFF_ANEXO_TIPOS 5
size_t diff_anexo_cambios(const diff_result *r, diff_anexo_cuenta out[DIFF_ANEXO_TIPOS]);

/* The planning checks in v[0]: activities changing closed months (only
 * with a cut-off month), sums broken, sums mended, findings new and
 * resolved, stale baseline entries (only with a baseline). Returns how
 * many (at most DIFF_ANEXO_REVISION). */
#define DIFF_ANEXO_REVISION 6
size_t diff_anexo_revision(const diff_result *r, diff_anexo_cuenta out[DIFF_ANEXO_REVISION]);

/* The approval date of a version as a document prints it, "15 de enero
 * de 2024" (no-break spaces), or NULL when it has none. malloc'd. */
char *diff_anexo_fecha(const paa_programa *p);

/* A version as the annex names it: its file name without the folders. */
const char *diff_anexo_archivo(const char *path);

#endif
