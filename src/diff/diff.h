/*
 * diff: the changes between two versions of a programme (an "adecuación").
 *
 * diff_compute() compares two parsed programmes and returns the change
 * list as values: a tree programa → subprogramas → proyectos → actividades
 * holding only what changed (a container with no change of its own
 * appears when something inside it changed). Every node and every field
 * carries its line in both files (0 where it has none: added, removed, or
 * front matter, whose lines the model does not keep). The renderers
 * (text, JSON, Markdown, GitHub workflow commands) only read the result.
 *
 * Matching is by clave. A clave that disappears while another appears with
 * the same description and unit (projects: the same name; subprogramas:
 * the same description) is one renumbered node, "moved" when its container
 * changed too, never a removal plus an addition. All matching uses hash
 * tables: linear in the size of the programmes.
 *
 * Planning checks: with a cut-off month, changes to closed months are
 * flagged; changes that break (or mend) annual = sum of months are
 * flagged; the checker runs on both versions and the findings that appear
 * and disappear are listed, with the baseline entries the new version
 * makes stale.
 */
#ifndef PAA_DIFF_DIFF_H
#define PAA_DIFF_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "base/diag.h"
#include "model/programa.h"

/* Version of the JSON output ("formato": "paa-diff/1"); bumped when a
 * key changes meaning or disappears (adding keys keeps it). */
#define DIFF_JSON_FORMATO "paa-diff/1"

typedef enum { DIFF_PROGRAMA, DIFF_SUBPROGRAMA, DIFF_PROYECTO, DIFF_ACTIVIDAD } diff_nivel;

typedef enum {
    DIFF_SIN_CAMBIO,   /* only its contents changed */
    DIFF_AGREGADO,
    DIFF_ELIMINADO,
    DIFF_MODIFICADO,   /* same clave, some field changed */
    DIFF_RENUMERADO    /* new clave (maybe moved); may also have fields */
} diff_tipo;

/* The fields compared. Their ids (JSON) and Spanish labels are in
 * diff_campo_id() / diff_campo_etiqueta(). */
typedef enum {
    /* programa */
    DIFF_CAMPO_TOTAL_SUBPROGRAMAS,
    DIFF_CAMPO_TOTAL_PROYECTOS,
    DIFF_CAMPO_TOTAL_ACTIVIDADES,
    DIFF_CAMPO_DOCUMENTO,        /* a <documento> field; `item` names it */
    DIFF_CAMPO_TEXTO,            /* paragraph `indice` of a text section */
    /* subprograma */
    DIFF_CAMPO_AREA,
    DIFF_CAMPO_TITULO,
    DIFF_CAMPO_OBJETIVO,
    DIFF_CAMPO_MARCO_LEGAL,
    DIFF_CAMPO_PROYECTOS_DECLARADOS,
    DIFF_CAMPO_ACTIVIDADES_DECLARADAS,   /* also proyecto */
    /* proyecto */
    DIFF_CAMPO_NOMBRE,
    /* subprograma and actividad */
    DIFF_CAMPO_DESCRIPCION,
    /* actividad */
    DIFF_CAMPO_UNIDAD,
    DIFF_CAMPO_ANUAL,
    DIFF_CAMPO_MES,              /* month `mes` */
    DIFF_CAMPO_BENEF_TIPO,
    DIFF_CAMPO_BENEF_CANTIDAD,
    DIFF_CAMPO_RECONSTRUIDOS
} diff_campo_tipo;

/* A value on one side: a quantity (exact) or a text; absent = unknown in
 * that version, or the node does not exist there. */
typedef struct {
    bool presente;
    paa_dec cantidad;    /* quantity fields */
    const char *texto;   /* text fields */
} diff_valor;

typedef struct {
    diff_campo_tipo tipo;
    int mes;              /* 0..11 for DIFF_CAMPO_MES, else -1 */
    const char *item;     /* DIFF_CAMPO_DOCUMENTO: "fecha"; DIFF_CAMPO_TEXTO:
                             "presentacion"; else NULL */
    int indice;           /* DIFF_CAMPO_TEXTO: paragraph, from 1 */
    bool es_cantidad;     /* values are quantities (else texts) */
    diff_valor antes, despues;
    int linea_antes, linea_despues;
    bool mes_cerrado;     /* a month up to --corte whose value changed */
    const char *nota;     /* e.g. reconstruction confirmed; NULL */
} diff_campo;

/* Month changes of an activity summed by quarter. */
typedef struct {
    bool cambia;          /* some month of the quarter changed */
    bool conocido;        /* every month of it known in both versions */
    paa_dec antes, despues;
} diff_trimestre;

/* diff_nodo.avisos */
#define DIFF_AVISO_MES_CERRADO 1u   /* changes a month up to --corte */
#define DIFF_AVISO_SUMA_ROTA 2u     /* annual = sum of months held, no more
                                       (or an added activity without it) */
#define DIFF_AVISO_SUMA_CORREGIDA 4u  /* it did not hold, now it does */

typedef struct diff_nodo diff_nodo;
struct diff_nodo {
    diff_nivel nivel;
    diff_tipo tipo;
    const char *clave_antes, *clave_despues;   /* NULL where absent;
                                                  NULL for the programa */
    int linea_antes, linea_despues;            /* 0 where absent */
    const char *titulo;   /* description / name, the new one if any */
    bool movido;          /* renumerado into another container */
    const char *contenedor_antes, *contenedor_despues;   /* its parent's
                                                  claves; NULL at top */
    diff_campo *campos;
    size_t n_campos;
    diff_trimestre trimestres[4];
    unsigned avisos;      /* DIFF_AVISO_* */
    /* Why the adecuación made the change: the optional `motivo` attribute
     * of the node in the new version, when it differs from the old one's
     * (a reason left from an earlier adecuación is not repeated). Never
     * compared: it makes no change by itself. NULL: none. */
    const char *motivo;
    diff_nodo *hijos;     /* in clave order */
    size_t n_hijos;
};

typedef struct {
    const char *archivo;
    size_t subprogramas, proyectos, actividades;   /* counted */
} diff_version;

/* A check finding of one version (copied out of its diag_list). */
typedef struct {
    const char *archivo;
    int linea;
    const char *regla;
    diag_severity severidad;
    const char *clave;
    const char *mensaje;
} diff_hallazgo;

typedef struct {
    diff_hallazgo *items;
    size_t n;
} diff_hallazgos;

/* Counts by level and kind, for summaries. */
typedef struct {
    size_t n[4][5];          /* [diff_nivel][diff_tipo] */
    size_t movidas;          /* activities renumbered into another project */
    size_t meses_cerrados;   /* activities flagged DIFF_AVISO_MES_CERRADO */
    size_t sumas_rotas, sumas_corregidas;
} diff_resumen;

typedef struct {
    diff_version antes, despues;
    int corte;                  /* 0: none; 1..12 */
    const char *linea_base;     /* --baseline path or NULL */
    diff_nodo raiz;             /* DIFF_PROGRAMA */
    diff_resumen resumen;
    diff_hallazgos nuevos;      /* findings only the new version has */
    diff_hallazgos resueltos;   /* findings only the old one had */
    diff_hallazgos obsoletas;   /* baseline entries stale only in the new */
    paa_arena arena;            /* everything above lives here */
} diff_result;

typedef struct {
    int corte;                 /* 0 or 1..12 */
    const char *linea_base;    /* baseline file for both versions, or NULL */
} diff_opciones;

/*
 * Compares `antes` with `despues`. Returns 0 and a result the caller frees
 * with diff_free(), or -1 with diagnostics (out of memory; an unreadable
 * or malformed baseline).
 */
int diff_compute(const paa_programa *antes, const paa_programa *despues,
                 const diff_opciones *o, diff_result **out, diag_list *d);
void diff_free(diff_result *r);

/* True when the versions differ in anything compared. */
bool diff_hay_cambios(const diff_result *r);

/* "jun", "junio" or "6" → 6; 0 when not a month. */
int diff_parse_mes(const char *s);

typedef enum { DIFF_TEXTO, DIFF_JSON, DIFF_MARKDOWN, DIFF_GITHUB } diff_formato;

/* "text"/"texto", "json", "markdown"/"md", "github"; false if unknown. */
bool diff_parse_formato(const char *s, diff_formato *f);

/* Writes the change list; -1 when the stream reports an error. */
int diff_write(const diff_result *r, diff_formato f, FILE *out);

/* Stable id of a field for JSON ("anual", "mes", "texto"). */
const char *diff_campo_id(const diff_campo *c);
/* Spanish label of a field for people ("Cantidad anual", "Enero",
 * "Presentación, párrafo 3"), written into buf (size bytes). */
const char *diff_campo_etiqueta(const diff_campo *c, char *buf, size_t size);

#endif
