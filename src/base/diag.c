/* diag: findings list and the rule table. See diag.h. */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

#include "model/programa.h"

const diag_rule diag_rules[] = {
    /* Reading and structure of input files. */
    {"io", DIAG_ERROR, "no se pudo leer o escribir un archivo"},
    {"xml", DIAG_ERROR, "el archivo no es XML bien formado o usa construcciones no admitidas (DOCTYPE, entidades)"},
    {"esquema", DIAG_ERROR, "el documento no se ajusta a su esquema XSD"},
    {"cantidad-formato", DIAG_ERROR, "una cantidad no es un decimal válido o tiene más de 4 decimales"},
    /* Declared totals against the tree. */
    {"totales-subprogramas", DIAG_ERROR, "el total declarado de subprogramas no coincide con los subprogramas del archivo"},
    {"totales-proyectos", DIAG_ERROR, "el total declarado de proyectos no coincide con los proyectos del archivo"},
    {"totales-actividades", DIAG_ERROR, "el total declarado de actividades no coincide con las actividades del archivo"},
    {"proyectos-subprograma", DIAG_ERROR, "los proyectos declarados de un subprograma no coinciden con los que contiene"},
    {"actividades-subprograma", DIAG_ERROR, "las actividades declaradas de un subprograma no coinciden con las que contiene"},
    {"actividades-proyecto", DIAG_ERROR, "las actividades declaradas de un proyecto no coinciden con las que contiene"},
    /* Quantities. */
    {"suma-meses", DIAG_ERROR, "la cantidad anual no es igual a la suma exacta de los doce meses"},
    {"meses-exceden-anual", DIAG_ERROR, "los meses presentes ya suman más que la cantidad anual"},
    {"cantidad-faltante", DIAG_ERROR, "falta la cantidad anual o la de algún mes (una cantidad ausente no es cero)"},
    {"cantidad-negativa", DIAG_ERROR, "una cantidad es negativa"},
    {"dato-faltante", DIAG_ERROR, "falta la unidad de medida, el tipo o la cantidad de beneficiarios de una actividad (nunca se inventan)"},
    /* Claves. */
    {"clave-formato", DIAG_ERROR, "la clave no tiene el formato NN (subprograma), NNPP (proyecto) o NNPPAA (actividad)"},
    {"clave-jerarquia", DIAG_ERROR, "la clave no empieza con la clave de su subprograma o proyecto"},
    {"clave-duplicada", DIAG_ERROR, "la clave ya se usó antes en el archivo"},
    {"clave-orden", DIAG_ERROR, "la clave no está en orden ascendente respecto a la anterior"},
    /* Beneficiaries. */
    {"beneficiarios-formato", DIAG_ERROR, "la cantidad de beneficiarios no sigue la notación publicada (números, sufijo E, S/C, separados por comas)"},
    {"beneficiarios-variante", DIAG_WARNING, "la cantidad de beneficiarios usa una variante inconsistente de la notación (SC, S/C., 8 E)"},
    /* Baselines. */
    {"linea-base-formato", DIAG_ERROR, "una línea del archivo de línea base no tiene la forma «regla clave motivo»"},
    {"linea-base-obsoleta", DIAG_WARNING, "una entrada de la línea base ya no corresponde a ningún hallazgo"},
    /* Layouts and renderers. */
    {"layout", DIAG_ERROR, "el archivo de diseño (layouts/) es inválido"},
    {"pdf", DIAG_ERROR, "no se pudo generar el PDF"},
    {"xlsx", DIAG_ERROR, "no se pudo generar el libro de Excel"},
    /* Progress reports. */
    {"avance-anio", DIAG_ERROR, "el año del informe de avance no es el del programa"},
    {"avance-clave-desconocida", DIAG_ERROR, "el informe de avance cita una actividad que no está en el programa"},
    {"avance-clave-duplicada", DIAG_ERROR, "el informe de avance repite una actividad"},
    {"avance-clave-faltante", DIAG_WARNING, "una actividad del programa no aparece en el informe de avance"},
    {"avance-mes-posterior", DIAG_ERROR, "el informe de avance da un mes posterior al mes de corte"},
    {"avance-mes-duplicado", DIAG_ERROR, "el informe de avance da dos veces el alcanzado del mismo mes de una actividad"},
    {"avance-mes-faltante", DIAG_WARNING, "falta el alcanzado de un mes hasta el corte"},
    {"avance-cantidad", DIAG_ERROR, "una cantidad alcanzada es negativa o no es un decimal válido"},
    {"avance-justificacion", DIAG_ERROR, "falta la justificación de una actividad fuera de la banda verde del semáforo, o su texto tiene caracteres que el PDF no puede imprimir"},
    {NULL, DIAG_NOTE, NULL},
};

const diag_rule *diag_rule_find(const char *id)
{
    for (const diag_rule *r = diag_rules; r->id != NULL; r++)
        if (strcmp(r->id, id) == 0)
            return r;
    return NULL;
}

void diag_list_init(diag_list *l)
{
    memset(l, 0, sizeof *l);
}

static void free_item(diag *d)
{
    free(d->file);
    free(d->clave);
    free(d->message);
    free(d->reason);
}

void diag_list_free(diag_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free_item(&l->items[i]);
    free(l->items);
    diag_list_init(l);
}

static char *dup_or_null(const char *s, bool *failed)
{
    if (s == NULL)
        return NULL;
    char *p = strdup(s);
    if (p == NULL)
        *failed = true;
    return p;
}

void diag_vadd(diag_list *l, const char *rule_id, const char *file, int line,
               const char *clave, const char *fmt, va_list ap)
{
    const diag_rule *rule = diag_rule_find(rule_id);
    if (rule == NULL)
        rule = diag_rule_find("io");   /* unreachable with a known id */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        diag *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL) {
            l->oom = true;
            return;
        }
        l->items = items;
        l->cap = cap;
    }
    bool failed = false;
    diag d = {
        .rule = rule,
        .severity = rule->severity,
        .file = dup_or_null(file, &failed),
        .line = line,
        .clave = dup_or_null(clave, &failed),
        .message = paa_vformat(fmt, ap),
    };
    if (failed || d.message == NULL) {
        free_item(&d);
        l->oom = true;
        return;
    }
    l->items[l->n++] = d;
}

void diag_add(diag_list *l, const char *rule_id, const char *file, int line,
              const char *clave, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(l, rule_id, file, line, clave, fmt, ap);
    va_end(ap);
}

size_t diag_count(const diag_list *l, diag_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->items[i].accepted && l->items[i].severity == sev)
            n++;
    return n;
}

size_t diag_count_accepted(const diag_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->items[i].accepted;
    return n;
}

static int cmp_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Insertion sort keeps equal keys in insertion order; lists are short. */
void diag_sort(diag_list *l)
{
    for (size_t i = 1; i < l->n; i++) {
        diag key = l->items[i];
        size_t j = i;
        while (j > 0) {
            const diag *prev = &l->items[j - 1];
            int c = cmp_str(prev->file, key.file);
            if (c == 0)
                c = (prev->line > key.line) - (prev->line < key.line);
            if (c <= 0)
                break;
            l->items[j] = l->items[j - 1];
            j--;
        }
        l->items[j] = key;
    }
}

const char *diag_severity_name(diag_severity s)
{
    switch (s) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "aviso";
    case DIAG_NOTE:
        return "nota";
    }
    return "?";
}

void diag_print(FILE *out, const diag *d)
{
    if (d->file != NULL) {
        if (d->line > 0)
            fprintf(out, "%s:%d: ", d->file, d->line);
        else
            fprintf(out, "%s: ", d->file);
    } else {
        fputs("paa: ", out);
    }
    fprintf(out, "%s: [%s] %s", d->accepted ? "aceptado" : diag_severity_name(d->severity),
            d->rule->id, d->message);
    if (d->clave != NULL)
        fprintf(out, " (%s)", d->clave);
    if (d->accepted && d->reason != NULL)
        fprintf(out, " [línea base: %s]", d->reason);
    fputc('\n', out);
}

void diag_print_all(FILE *out, const diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        diag_print(out, &l->items[i]);
    if (l->oom)
        fputs("paa: error: [io] memoria insuficiente; algunos hallazgos no se registraron\n", out);
}
