/*
 * avance: the progress rules ("avance-*") — a progress file
 * (read/avance.h) cross-checked against its programme: year, unknown,
 * repeated and missing activities, months after the cut-off, repeated or
 * missing months, malformed quantities and missing or unprintable
 * justifications. The figures it judges come from check/semaforo.h, the
 * same the documents print.
 */
#ifndef PAA_CHECK_AVANCE_H
#define PAA_CHECK_AVANCE_H

#include "base/diag.h"
#include "model/programa.h"
#include "read/avance.h"
#include "read/layout.h"

/* Cross-checks the progress file against its programme (rules "avance-*"),
 * using the semáforo thresholds of `lay`. A justification the report's
 * PDF could not print (a character outside the fonts' encoding) is an
 * "avance-justificacion" error at its line: --check passes only what the
 * report can set. 0, or -1 on internal error. */
int avance_check(const avance *a, const paa_programa *p,
                 const layout *lay, diag_list *d);

/* Run against a modified programme (an adecuación): each
 * avance-clave-desconocida finding from d->items[from] on whose clave is
 * one of the original programme's says what became of it («…; 010103 fue
 * renumerada a 010204 por la adecuación», «…; 010105 fue cancelada por la
 * adecuación»). 0, or -1 when out of memory (with a diagnostic). */
int avance_check_adecuacion(const paa_programa *original, const paa_programa *mod,
                            diag_list *d, size_t from);

#endif
