/*
 * model: the in-memory programme tree shared by every stage.
 *
 * The parser builds it, the checker and the renderers only read it. All
 * nodes, strings and arrays live in one arena owned by the paa_programa;
 * model_free() releases everything at once, so no stage frees a node.
 *
 * Quantities are exact decimals stored as integers scaled by 10^4
 * (paa_dec): the programme has values such as 0.08, 0.33 and 0.125, and
 * "annual = sum of months" must hold exactly, so floating point is never
 * used for them.
 */
#ifndef PAA_MODEL_H
#define PAA_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- exact decimals ---------------------------------------------------- */

typedef int64_t paa_dec;

#define PAA_DEC_DIGITS 4          /* decimals the model holds */
#define PAA_DEC_SCALE 10000       /* 10^PAA_DEC_DIGITS */

typedef enum {
    PAA_DEC_OK = 0,
    PAA_DEC_SYNTAX,       /* not [+-]digits[.digits] */
    PAA_DEC_PRECISION,    /* more than PAA_DEC_DIGITS decimals */
    PAA_DEC_RANGE         /* does not fit in the scaled integer */
} paa_dec_status;

/* Parses "4060", "0.08", "-3", " 12.5 " (surrounding blanks allowed). */
paa_dec_status paa_dec_parse(const char *s, paa_dec *out);

/* Spanish explanation of a parse status, for diagnostics. */
const char *paa_dec_strerror(paa_dec_status st);

/* Adds with overflow detection; returns false on overflow. */
bool paa_dec_add(paa_dec a, paa_dec b, paa_dec *out);

/*
 * Writes v with the fewest decimals that represent it exactly
 * ("4060", "0.08", "0.5"). With `grouped`, thousands are separated by
 * commas as in the publication ("4,060"). Returns the length written
 * (excluding NUL); buf must hold PAA_DEC_BUFSZ bytes.
 */
#define PAA_DEC_BUFSZ 40
size_t paa_dec_format(paa_dec v, bool grouped, char *buf);

/* v / PAA_DEC_SCALE as a double, for consumers that need a binary number
 * (spreadsheet cells, bar lengths). Never use it for arithmetic checks. */
double paa_dec_to_double(paa_dec v);

/* ---- arena ------------------------------------------------------------- */

typedef struct paa_arena_block paa_arena_block;

typedef struct {
    paa_arena_block *head;
} paa_arena;

/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *paa_arena_alloc(paa_arena *a, size_t size);
/* Copy of s (n bytes) with a NUL terminator; NULL when out of memory. */
char *paa_arena_strndup(paa_arena *a, const char *s, size_t n);
char *paa_arena_strdup(paa_arena *a, const char *s);
void paa_arena_free(paa_arena *a);

/* ---- heap strings -------------------------------------------------------- */

/* printf into a new malloc'd string the caller frees; NULL on failure.
 * Texts from the programme have no length limit, so no fixed buffer may
 * hold them (a truncated one could end in half a UTF-8 character). */
char *paa_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *paa_vformat(const char *fmt, va_list ap);

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
    const paa_proyecto *proyecto;  /* parent */
} paa_actividad;

struct paa_proyecto {
    const char *clave;
    const char *nombre;
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
    paa_arena arena;
} paa_programa;

/* Counted totals over the tree. */
size_t model_count_proyectos(const paa_programa *p);
size_t model_count_actividades(const paa_programa *p);
size_t model_subprograma_actividades(const paa_subprograma *s);

/* Finds an activity by clave (linear; the tree has ~300). NULL if absent. */
const paa_actividad *model_find_actividad(const paa_programa *p,
                                          const char *clave);

/* Sum of the present months; false on overflow. */
bool model_sum_meses(const paa_actividad *a, paa_dec *out);

/* Frees the arena and the programme itself; accepts NULL. */
void model_free(paa_programa *p);

#endif
