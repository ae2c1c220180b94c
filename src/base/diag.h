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
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct {
    const char *id;          /* stable rule id, e.g. "suma-meses" */
    diag_severity severity;  /* default severity */
    const char *summary;     /* one Spanish line for documentation */
} diag_rule;

typedef struct {
    const diag_rule *rule;
    diag_severity severity;
    char *file;       /* may be NULL (no file involved) */
    int line;         /* 0 when unknown */
    char *clave;      /* may be NULL */
    char *message;    /* Spanish */
    bool accepted;    /* matched a baseline entry */
    char *reason;     /* baseline reason when accepted */
} diag;

typedef struct {
    diag *items;
    size_t n, cap;
    bool oom;   /* an append failed for lack of memory */
} diag_list;

/* The rule table, terminated by an entry with id == NULL. */
extern const diag_rule diag_rules[];

/* Looks a rule up by id; NULL if unknown. */
const diag_rule *diag_rule_find(const char *id);

void diag_list_init(diag_list *l);
void diag_list_free(diag_list *l);

/*
 * Appends a finding of rule `rule_id` (must be in the table) with the
 * rule's default severity. file and clave may be NULL. Never fails
 * visibly: on out-of-memory, l->oom is set.
 */
void diag_add(diag_list *l, const char *rule_id, const char *file, int line,
              const char *clave, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void diag_vadd(diag_list *l, const char *rule_id, const char *file, int line,
               const char *clave, const char *fmt, va_list ap);

/* Counts of non-accepted findings by severity. */
size_t diag_count(const diag_list *l, diag_severity sev);
size_t diag_count_accepted(const diag_list *l);

/* Sorts findings by file and line, keeping the order in which findings of
 * the same line were added. */
void diag_sort(diag_list *l);

/* "error", "aviso", "nota". */
const char *diag_severity_name(diag_severity s);

/*
 * Writes one finding as
 *   file:line: error: [rule] message (clave)
 * with " [aceptado: reason]" appended to accepted findings.
 */
void diag_print(FILE *out, const diag *d);
void diag_print_all(FILE *out, const diag_list *l);

#endif
