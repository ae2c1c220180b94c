/*
 * parse: programme XML (libxml2) -> model.
 *
 * The file is read with safe options only (no network, no entity
 * substitution, no DTD loading); a document with a DOCTYPE is refused
 * before any entity is declared, so external entities and entity
 * expansion bombs never get a chance. The document is validated against
 * input/schema/programa.xsd before the tree is built.
 */
#ifndef PAA_PARSE_H
#define PAA_PARSE_H

#include "diag.h"
#include "model.h"

/* Limit on input size: the real programme is ~600 KB. */
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
 * Reads a whole file into memory with a NUL terminator (shared by the
 * parsers of the programme, progress and layout files). Returns 0 or -1
 * with an "io" diagnostic.
 */
int parse_read_file(const char *path, long max_bytes, char **buf, size_t *len,
                    diag_list *d);

/*
 * Parses an XML buffer with the safe options above and validates it with
 * `schema_path` (NULL: no validation). Returns a libxml2 document (an
 * xmlDocPtr, as void* so callers need not include libxml2) or NULL with
 * diagnostics. Shared by every XML input of paa.
 */
void *parse_xml_safe(const char *path, const char *buf, size_t len,
                     const char *schema_path, diag_list *d);
void parse_xml_free(void *doc);

#endif
