/*
 * check: cross-checks of the programme model.
 *
 * Rules (ids in the diag table): declared totals against counted ones,
 * annual = sum of months (exact), clave formats and hierarchy, quantities
 * present and non-negative, beneficiary notation. The checker never
 * renders and never prints: it fills a diag_list.
 */
#ifndef PAA_CHECK_H
#define PAA_CHECK_H

#include "base/diag.h"
#include "model/programa.h"

/* Runs every rule over p, appending findings to d. Returns 0, or -1 when
 * an internal error (out of memory) prevented a complete check. */
int check_programa(const paa_programa *p, diag_list *d);

/*
 * Baselines: a text file of accepted findings, one per line
 *     rule-id<TAB or spaces>clave<TAB or spaces>reason…
 * ('#' starts a comment line; the reason is mandatory). Matching findings
 * are marked accepted; entries that match nothing are reported with rule
 * "linea-base-obsoleta" so baselines do not rot.
 */
typedef struct check_baseline check_baseline;

int check_baseline_load(const char *path, check_baseline **out, diag_list *d);
/* Which rules the command checked: entries of other rules are neither
 * used nor obsolete (`paa avance --check` does not check the programme's
 * rules, so the programme's baseline entries are not stale there). */
typedef enum {
    BASELINE_PROGRAMA,   /* every rule but the progress report's (avance-*) */
    BASELINE_AVANCE      /* the progress report's rules only */
} baseline_scope;

/* Marks matching findings accepted and reports unused entries of the
 * scope. Records which entries were used, hence the non-const baseline. */
void check_baseline_apply(check_baseline *b, diag_list *d, baseline_scope scope);
void check_baseline_free(check_baseline *b);

#endif
