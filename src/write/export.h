/*
 * export: open-data export of the model as CSV (one row per activity) or
 * JSON (the whole tree). Written atomically through outfile.
 */
#ifndef PAA_EXPORT_H
#define PAA_EXPORT_H

#include <stdio.h>

#include "base/diag.h"
#include "model/programa.h"

typedef enum { EXPORT_CSV, EXPORT_JSON } export_format;

/* Writes to `out_path` atomically. Returns 0 or -1 with an "io"
 * diagnostic. */
int export_programa(const paa_programa *p, export_format fmt,
                    const char *out_path, diag_list *d);

/* Writes the export to an open stream (the CLI's stdout, tests). Returns
 * -1 when the stream reports an error. */
int export_write(const paa_programa *p, export_format fmt, FILE *f);

/* Writes s as a JSON string literal (quotes included). */
void export_json_string(FILE *f, const char *s);

#endif
