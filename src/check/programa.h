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

#endif
