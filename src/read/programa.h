/*
 * parse: programme XML -> model.
 *
 * The file is read through xmlread (safe libxml2 options, DOCTYPE refused)
 * and validated against input/schema/programa.xsd before the tree is
 * built, so the builder can rely on the schema's structure.
 */
#ifndef PAA_PARSE_H
#define PAA_PARSE_H

#include "base/diag.h"
#include "model/programa.h"

/* Limit on input size: the real programme is under 300 KB. */
#define PARSE_MAX_BYTES (64L * 1024 * 1024)

/*
 * Parses `path`, validating against the XSD at `schema_path`.
 * Returns 0 and a programme the caller frees with model_free(), or -1
 * with diagnostics naming file and line (*out is NULL then).
 * Errors of the input are rules "xml" / "esquema" / "cantidad-formato";
 * failure to read the file is rule "io".
 */
int parse_programa(const char *path, const char *schema_path,
                   paa_programa **out, diag_list *d);

/*
 * For `paa check`: like parse_programa, but a well-formed file whose
 * problems are schema or quantity-format errors still yields the tree of
 * what parsed, so every rule runs over the rest and one run reports every
 * mistake. Returns 0 (no errors), 1 (a tree with errors: activities with
 * errors are marked `invalida`, declared counts that cannot be trusted are
 * -1) or -1 (no tree).
 */
int parse_programa_partial(const char *path, const char *schema_path,
                           paa_programa **out, diag_list *d);

#endif
