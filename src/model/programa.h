/*
 * programa: the in-memory programme tree shared by every stage.
 *
 * The parser builds it, the checker and the renderers only read it. All
 * nodes, strings and arrays live in one arena owned by the paa_programa;
 * model_free() releases everything at once, so no stage frees a node.
 */
#ifndef PAA_MODEL_PROGRAMA_H
#define PAA_MODEL_PROGRAMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "base/diag.h"

/* ---- tree -------------------------------------------------------------- */

#define PAA_MONTHS 12

/* Short Spanish month names as used in attributes: "ene" … "dic". */
extern const char *const paa_month_key[PAA_MONTHS];
/* Capitalised names for headers: "Ene" … "Dic". */
extern const char *const paa_month_abbr[PAA_MONTHS];
/* Full lower-case names: "enero" … "diciembre". */
extern const char *const paa_month_name[PAA_MONTHS];

typedef struct paa_subprograma paa_subprograma;
typedef struct paa_proyecto paa_proyecto;

typedef struct {
    const char *clave;
    const char *descripcion;
    const char *unidad;            /* NULL when the source lost it */
    paa_dec anual;
    paa_dec meses[PAA_MONTHS];
    /* decimals as published ("0.10" → 2): printed at least this many */
    uint8_t anual_decimales;
    uint8_t meses_decimales[PAA_MONTHS];
    bool anual_present;
    uint16_t meses_present;        /* bit m set: month m (0 = ene) present */
    uint16_t meses_reconstruidos;  /* bit m: month m rebuilt by the importer */
    bool anual_reconstruido;
    const char *benef_tipo;        /* NULL when the source lost it */
    const char *benef_cantidad;    /* published notation, kept as text;
                                      NULL when the source lost it */
    int line;                      /* <actividad> */
    int cantidades_line;           /* <cantidades> */
    int benef_line;                /* <cantidad> inside <beneficiarios> */
    const char *motivo;            /* why an adecuación changed it; NULL */
    bool invalida;                 /* a format or schema error inside it:
                                      only its clave is checked (only
                                      `paa check` ever sees such a tree) */
    const paa_proyecto *proyecto;  /* parent */
} paa_actividad;

struct paa_proyecto {
    const char *clave;
    const char *nombre;
    const char *motivo;            /* why an adecuación changed it; NULL */
    int decl_actividades;
    int line;
    paa_actividad *actividades;
    size_t n_actividades;
    const paa_subprograma *subprograma;  /* parent */
};

struct paa_subprograma {
    const char *numero;
    const char *area;
    const char *descripcion;   /* Estructura table wording */
    const char *titulo;        /* contents wording */
    const char *objetivo;
    const char *marco_legal;
    const char *motivo;        /* why an adecuación changed it; NULL */
    int decl_proyectos;
    int decl_actividades;
    int line;
    paa_proyecto *proyectos;
    size_t n_proyectos;
};

typedef struct {
    const char *rol;
    const char *nombre;
} paa_credito;

typedef struct {
    const char *numero;   /* roman numeral as published */
    const char *texto;
} paa_fin;

/* Characters one text may hold: Excel's cell limit, the smallest of the
 * places a text is published in. */
#define PAA_TEXT_MAX 32767

typedef struct {
    const char **items;
    size_t n;
} paa_textos;

typedef struct {
    const char *titulo;
    const char *institucion;
    const char *siglas;
    const char *lugar;
    int fecha_anio, fecha_mes, fecha_dia;   /* approval date */
    const char *lema;        /* may be NULL */
    const char *despedida;   /* may be NULL */
    const char *firma_cargo;
    const char *firma_nombre;  /* may be NULL */
    paa_credito *creditos;
    size_t n_creditos;
} paa_documento;

typedef struct {
    const char *file;        /* path as given by the user */
    int anio;
    paa_documento doc;
    paa_textos presentacion;
    paa_textos marco_legal;
    paa_fin *fines;
    size_t n_fines;
    paa_textos objetivos;
    paa_textos politicas;
    int decl_subprogramas, decl_proyectos, decl_actividades;
    int totales_line;
    paa_subprograma *subprogramas;
    size_t n_subprogramas;
    /* Column (1-based, in characters) where the text of each source line
     * starts, for findings that name a line: line_cols[line - 1]. */
    const int *line_cols;
    size_t n_lines;
    paa_arena arena;
} paa_programa;

/* Counted totals over the tree. */
size_t model_count_proyectos(const paa_programa *p);
size_t model_count_actividades(const paa_programa *p);
size_t model_subprograma_actividades(const paa_subprograma *s);

/* Finds an activity by clave (linear; the tree has ~300). NULL if absent. */
const paa_actividad *model_find_actividad(const paa_programa *p,
                                          const char *clave);

/* The importer rebuilt one of its values (reconstruidos). */
bool model_actividad_reconstruida(const paa_actividad *a);
/* The source lost one of its data: a quantity, the unit or the
 * beneficiaries (shown as the "sin dato" mark, never as zero). */
bool model_actividad_incompleta(const paa_actividad *a);
/* Whether some activity of the programme satisfies pred. */
bool model_any_actividad(const paa_programa *p, bool (*pred)(const paa_actividad *));
/* Quantity m of a (0 = ene … 11 = dic, or PAA_ANUAL) as published, with
 * its source's decimals ("0.10", not "0.1"); thousands grouped with commas
 * when `grouped`. buf holds PAA_DEC_BUFSZ bytes; returns the length. */
#define PAA_ANUAL (-1)
size_t model_cantidad_text(const paa_actividad *a, int m, bool grouped, char *buf);

/* Sum of the present months; false on overflow. */
bool model_sum_meses(const paa_actividad *a, paa_dec *out);

/* Column where the text of source line `line` starts; 0 when unknown. */
int model_line_column(const paa_programa *p, int line);

/* Gives the findings of d from `first` on that name a line of p's file but
 * no column the column where that line's text starts. */
void model_set_columns(const paa_programa *p, diag_list *d, size_t first);

/* Frees the arena and the programme itself; accepts NULL. */
void model_free(paa_programa *p);

#endif
