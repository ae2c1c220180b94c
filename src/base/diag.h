/*
 * diag: findings, as values.
 *
 * Every stage reports problems by appending to a diag_list instead of
 * printing or exiting; the CLI decides how to show them. The rule table is
 * the single list of rule ids, their severity and their Spanish summary:
 * the checker, `paa help reglas`, the README and the tests all read it.
 */
#ifndef PAA_DIAG_H
#define PAA_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

/*
 * The rule table: X(SYMBOL, "id", default severity, Spanish summary).
 * Code names a rule by its enum constant (RULE_SUMA_MESES), so a mistyped
 * rule fails to compile; the string id is what users see and what
 * baselines name.
 */
#define PAA_RULES(X) \
    /* Reading and structure of input files. */ \
    X(IO, "io", DIAG_ERROR, \
      "no se pudo leer o escribir un archivo") \
    X(XML, "xml", DIAG_ERROR, \
      "el archivo no es XML bien formado o usa construcciones no admitidas (DOCTYPE, entidades)") \
    X(ESQUEMA, "esquema", DIAG_ERROR, \
      "el documento no se ajusta a su esquema XSD") \
    X(CANTIDAD_FORMATO, "cantidad-formato", DIAG_ERROR, \
      "una cantidad no es un decimal válido o tiene más de 4 decimales") \
    X(TEXTO_LARGO, "texto-largo", DIAG_ERROR, \
      "un texto excede los 32,767 caracteres que admite una celda de Excel") \
    X(TEXTO_CARACTER, "texto-caracter", DIAG_ERROR, \
      "un texto tiene un carácter que las fuentes del PDF no pueden mostrar (fuera de WinAnsi)") \
    /* Declared totals against the tree. */ \
    X(TOTALES_SUBPROGRAMAS, "totales-subprogramas", DIAG_ERROR, \
      "el total declarado de subprogramas no coincide con los subprogramas del archivo") \
    X(TOTALES_PROYECTOS, "totales-proyectos", DIAG_ERROR, \
      "el total declarado de proyectos no coincide con los proyectos del archivo") \
    X(TOTALES_ACTIVIDADES, "totales-actividades", DIAG_ERROR, \
      "el total declarado de actividades no coincide con las actividades del archivo") \
    X(PROYECTOS_SUBPROGRAMA, "proyectos-subprograma", DIAG_ERROR, \
      "los proyectos declarados de un subprograma no coinciden con los que contiene") \
    X(ACTIVIDADES_SUBPROGRAMA, "actividades-subprograma", DIAG_ERROR, \
      "las actividades declaradas de un subprograma no coinciden con las que contiene") \
    X(ACTIVIDADES_PROYECTO, "actividades-proyecto", DIAG_ERROR, \
      "las actividades declaradas de un proyecto no coinciden con las que contiene") \
    /* Quantities. */ \
    X(SUMA_MESES, "suma-meses", DIAG_ERROR, \
      "la cantidad anual no es igual a la suma exacta de los doce meses") \
    X(MESES_EXCEDEN_ANUAL, "meses-exceden-anual", DIAG_ERROR, \
      "los meses presentes ya suman más que la cantidad anual") \
    X(CANTIDAD_RANGO, "cantidad-rango", DIAG_ERROR, \
      "una suma de cantidades excede el mayor número que paa representa con exactitud") \
    X(CANTIDAD_FALTANTE, "cantidad-faltante", DIAG_ERROR, \
      "falta la cantidad anual o la de algún mes (una cantidad ausente no es cero)") \
    X(CANTIDAD_NEGATIVA, "cantidad-negativa", DIAG_ERROR, \
      "una cantidad es negativa") \
    X(DATO_FALTANTE, "dato-faltante", DIAG_ERROR, \
      "falta la unidad de medida, el tipo o la cantidad de beneficiarios de una actividad (nunca se inventan)") \
    /* Claves. */ \
    X(CLAVE_FORMATO, "clave-formato", DIAG_ERROR, \
      "la clave no tiene el formato NN (subprograma), NNPP (proyecto) o NNPPAA (actividad)") \
    X(CLAVE_JERARQUIA, "clave-jerarquia", DIAG_ERROR, \
      "la clave no empieza con la clave de su subprograma o proyecto") \
    X(CLAVE_DUPLICADA, "clave-duplicada", DIAG_ERROR, \
      "la clave ya se usó antes en el archivo") \
    X(CLAVE_ORDEN, "clave-orden", DIAG_ERROR, \
      "la clave no está en orden ascendente respecto a la anterior") \
    /* Beneficiaries. */ \
    X(BENEFICIARIOS_FORMATO, "beneficiarios-formato", DIAG_ERROR, \
      "la cantidad de beneficiarios no sigue la notación publicada (números, sufijo E, S/C, separados por comas)") \
    X(BENEFICIARIOS_VARIANTE, "beneficiarios-variante", DIAG_WARNING, \
      "la cantidad de beneficiarios usa una variante inconsistente de la notación (SC, S/C., s/c, 8 E, 8e, «;» como separador)") \
    /* Baselines. */ \
    X(LINEA_BASE_FORMATO, "linea-base-formato", DIAG_ERROR, \
      "una línea de la línea base no tiene la forma «regla clave [valores] motivo», repite una entrada o aún tiene el motivo provisional") \
    X(LINEA_BASE_OBSOLETA, "linea-base-obsoleta", DIAG_WARNING, \
      "una entrada de la línea base ya no corresponde a ningún hallazgo (solo se avisa si la revisión completa corrió)") \
    /* Layouts and renderers. */ \
    X(LAYOUT, "layout", DIAG_ERROR, \
      "el archivo de diseño (layouts/) es inválido") \
    X(PDF, "pdf", DIAG_ERROR, \
      "no se pudo generar el PDF") \
    X(XLSX, "xlsx", DIAG_ERROR, \
      "no se pudo generar el libro de Excel") \
    /* Progress reports. */ \
    X(AVANCE_ANIO, "avance-anio", DIAG_ERROR, \
      "el año del informe de avance no es el del programa") \
    X(AVANCE_CLAVE_DESCONOCIDA, "avance-clave-desconocida", DIAG_ERROR, \
      "el informe de avance cita una actividad que no está en el programa") \
    X(AVANCE_CLAVE_DUPLICADA, "avance-clave-duplicada", DIAG_ERROR, \
      "el informe de avance repite una actividad") \
    X(AVANCE_CLAVE_FALTANTE, "avance-clave-faltante", DIAG_WARNING, \
      "una actividad del programa no aparece en el informe de avance") \
    X(AVANCE_MES_POSTERIOR, "avance-mes-posterior", DIAG_ERROR, \
      "el informe de avance da un mes posterior al mes de corte") \
    X(AVANCE_MES_DUPLICADO, "avance-mes-duplicado", DIAG_ERROR, \
      "el informe de avance da dos veces el alcanzado del mismo mes de una actividad") \
    X(AVANCE_MES_FALTANTE, "avance-mes-faltante", DIAG_WARNING, \
      "falta el alcanzado de un mes hasta el corte") \
    X(AVANCE_CANTIDAD, "avance-cantidad", DIAG_ERROR, \
      "una cantidad alcanzada es negativa o no es un decimal válido") \
    X(AVANCE_JUSTIFICACION, "avance-justificacion", DIAG_ERROR, \
      "falta la justificación de una actividad fuera de la banda verde del semáforo, o su texto tiene caracteres que el PDF no puede imprimir") \
    X(AVANCE_DESBORDAMIENTO, "avance-desbordamiento", DIAG_ERROR, \
      "lo alcanzado acumulado de una actividad o su porcentaje no cabe en las cifras exactas del informe (se informa, nunca se recorta)") \
    /* end */

typedef enum {
#define PAA_RULE_ENUM(sym, id, sev, summary) RULE_##sym,
    PAA_RULES(PAA_RULE_ENUM)
#undef PAA_RULE_ENUM
    RULE_COUNT
} diag_rule_id;

typedef struct {
    diag_rule_id code;
    const char *id;          /* stable rule id, e.g. "suma-meses" */
    diag_severity severity;  /* default severity */
    const char *summary;     /* one Spanish line for documentation */
} diag_rule;

typedef struct {
    const diag_rule *rule;
    diag_severity severity;
    char *file;       /* may be NULL (no file involved) */
    int line;         /* 0 when unknown */
    int col;          /* 1-based column; 0 when unknown */
    char *clave;      /* may be NULL */
    char *message;    /* Spanish */
    char *values;     /* the values a baseline entry pins ("anual=14
                         meses=13"); NULL when the finding has none */
    char *detail;     /* the validator's own text, shown on request */
    bool accepted;    /* matched a baseline entry */
    char *reason;     /* baseline reason when accepted */
} diag;

typedef struct {
    diag *items;
    size_t n, cap;
    bool oom;   /* an append failed for lack of memory */
} diag_list;

/* The rule table, indexed by diag_rule_id (RULE_COUNT entries). */
extern const diag_rule diag_rules[RULE_COUNT];

/* Looks a rule up by id; NULL if unknown. */
const diag_rule *diag_rule_find(const char *id);

/*
 * The rules a command runs, as a set (bit 1 << RULE_X): `paa check` and the
 * commands that check a programme run reading and the programme's rules;
 * `paa avance` runs reading, the layout and the progress rules. Both
 * include the baseline's own rules.
 */
uint64_t diag_command_rules(bool avance);

void diag_list_init(diag_list *l);
void diag_list_free(diag_list *l);

/*
 * Appends a finding of rule `rule` with the
 * rule's default severity. file and clave may be NULL. Never fails
 * visibly: on out-of-memory, l->oom is set.
 */
void diag_add(diag_list *l, diag_rule_id rule, const char *file, int line,
              const char *clave, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void diag_vadd(diag_list *l, diag_rule_id rule, const char *file, int line,
               const char *clave, const char *fmt, va_list ap);

/*
 * Details of the finding just added (no-ops when the last append failed
 * or the list is empty): the values a baseline entry must pin for it, its
 * column, and the validator's raw text for --detalle.
 */
void diag_set_values(diag_list *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_set_column(diag_list *l, int col);
void diag_set_detail(diag_list *l, const char *text);

/* Counts of non-accepted findings by severity. */
size_t diag_count(const diag_list *l, diag_severity sev);
size_t diag_count_accepted(const diag_list *l);

/* Sorts findings by file and line, keeping the order in which findings of
 * the same line were added. */
void diag_sort(diag_list *l);

/* "error", "aviso", "nota". */
const char *diag_severity_name(diag_severity s);

/*
 * Writes one finding in the style of compilers, which editors and CI
 * problem matchers read:
 *   file:line:col: error: message (clave) [rule]
 * (":col" only when known; "paa:" when no file is involved). Accepted
 * findings read "aceptado" and end with " (línea base: reason)".
 */
void diag_print(FILE *out, const diag *d);
void diag_print_all(FILE *out, const diag_list *l);

#endif
