/*
 * avance: reading a monthly progress file (informe de avance).
 *
 * A progress file (input/avance-AAAA-MM.xml, schema
 * input/schema/avance.xsd) gives, per activity, the achieved quantity of
 * each month up to a cut-off, with optional justification. This module
 * only reads it: every value is kept as written, with its line, so that
 * the progress rules (check/avance.h) can report each problem where it
 * is and the computation (check/semaforo.h) can take what is valid.
 */
#ifndef PAA_READ_AVANCE_H
#define PAA_READ_AVANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/decimal.h"
#include "base/diag.h"

typedef struct avance avance;

/* One <alcanzado>, as written. */
typedef struct {
    int mes;              /* 0 = ene */
    int line;
    const char *text;
    paa_dec value;        /* valid when st is PAA_DEC_OK */
    paa_dec_status st;    /* malformed and negative values are kept */
} avance_month;

/* One <actividad> of the file. */
typedef struct {
    const char *clave;
    int line;
    const avance_month *months;   /* in file order, repeats included */
    size_t n_months;
    const char *justificacion;    /* NULL when absent */
    int justificacion_line;
} avance_item;

/* Parses and validates a progress file. 0, or -1 with diagnostics. */
int avance_load(const char *path, const char *schema_path, avance **out,
                diag_list *d);
void avance_free(avance *a);

int avance_year(const avance *a);
int avance_cutoff(const avance *a);   /* 1 = enero … 12 = diciembre */

/* true when the file says ejemplo="si" (sample data). */
bool avance_is_sample(const avance *a);
/* Path as given, the cover note (NULL when absent) and the general
 * remarks (one string per paragraph). */
const char *avance_file(const avance *a);
/* Line of the root <avance> element, where file-wide findings go. */
int avance_line(const avance *a);
const char *avance_note(const avance *a);
const char *const *avance_remarks(const avance *a, size_t *n);

/* The <actividad> elements in file order (repeated claves included). */
const avance_item *avance_items(const avance *a, size_t *n);
/* The first <actividad> of a clave; NULL when the file has none. */
const avance_item *avance_find(const avance *a, const char *clave);

/* "enero–junio" (just "enero" at cut-off 1): the period a report covers. */
void avance_period(const avance *a, char *buf, size_t size);

#endif
