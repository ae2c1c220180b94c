/*
 * xmlread: safe XML input, shared by every reader of paa (programme,
 * progress files, layouts).
 *
 * Files are read with safe libxml2 options only: no network, no entity
 * substitution, no DTD loading, no HUGE. A document with a DOCTYPE is
 * refused at "<!DOCTYPE", before any entity can be declared, so external
 * entities and expansion bombs never get a chance. libxml2's English
 * messages are given a Spanish reading; every problem becomes a diagnostic
 * with file and line (rules "io", "xml", "esquema").
 *
 * The small DOM helpers below copy text into an arena with white space
 * collapsed, because every source is indented freely.
 */
#ifndef PAA_XMLREAD_H
#define PAA_XMLREAD_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "base/diag.h"
#include "base/arena.h"
#include "base/input.h"

/* The path that names standard input. */
#define XMLREAD_STDIN INPUT_STDIN

/*
 * Reads `path` (at most max_bytes; "-" is standard input), parses it
 * safely and validates it against the XSD at `schema_path` (NULL: no
 * validation). Returns the document, which the caller frees with
 * xmlFreeDoc(), or NULL with diagnostics.
 */
xmlDocPtr xmlread_file(const char *path, long max_bytes, const char *schema_path,
                       diag_list *d);

/* The elements schema errors were reported on (each once). */
typedef struct {
    const xmlNode **nodes;
    size_t n;
} xmlread_invalid;

/*
 * Like xmlread_file, but a well-formed document that fails its schema is
 * returned too, so that a checker can go on with the parts that are valid;
 * `invalid` lists the elements the schema errors name (free with
 * xmlread_invalid_free). Each schema error is one diagnostic in the
 * project's words, with the validator's text as its detail. With `source`,
 * the file's text is handed over too (for columns; the caller frees it).
 */
xmlDocPtr xmlread_file_partial(const char *path, long max_bytes, const char *schema_path,
                               xmlread_invalid *invalid, char **source, diag_list *d);
void xmlread_invalid_free(xmlread_invalid *invalid);


/* True when n is an element named `name`. */
bool xmlread_is(const xmlNode *n, const char *name);
/* First child element named `name`; NULL when absent or n is NULL. */
const xmlNode *xmlread_child(const xmlNode *n, const char *name);
/* Number of child elements named `name`. */
size_t xmlread_count(const xmlNode *n, const char *name);
/* Source line of a node. */
int xmlread_line(const xmlNode *n);

/*
 * Arena copies with runs of blanks collapsed to one space and the ends
 * trimmed. They return NULL when the node or attribute is absent; on
 * out-of-memory they set *oom and return "".
 */
const char *xmlread_collapse(paa_arena *a, const char *s, bool *oom);
const char *xmlread_text(paa_arena *a, const xmlNode *n, bool *oom);
const char *xmlread_attr(paa_arena *a, const xmlNode *n, const char *name, bool *oom);

/*
 * Every text must fit wherever it is published; Excel's cell limit
 * (PAA_TEXT_MAX characters) is the smallest. Returns true when `s`, the
 * text of n, fits; otherwise adds a "texto-largo" finding at n's line
 * (clave may be NULL) and returns false. NULL fits.
 */
bool xmlread_text_fits(const xmlNode *n, const char *s, const char *file,
                       const char *clave, diag_list *d);

#endif
