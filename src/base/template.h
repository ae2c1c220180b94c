/*
 * template: the one expander of layout texts ("Página {pagina} de
 * {paginas}", "{siglas} · {hoja}").
 *
 * Every output expands its layout texts here, so every document treats a
 * placeholder the same way: a known one is replaced, one the engine will
 * fill later (the page number) is kept, and any other "{…}" is an error
 * the caller reports as a `layout` finding at the layout's line. A mistyped
 * "{tituloo}" never prints literally; "{{" is a literal "{" (so a text
 * expanded in two passes can carry data braces through the first one:
 * escape them with template_escape_braces).
 */
#ifndef PAA_BASE_TEMPLATE_H
#define PAA_BASE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/text.h"

typedef struct {
    const char *name;    /* placeholder with its braces: "{titulo}" */
    const char *value;   /* NULL: empty */
    bool keep;           /* known, left as is for a later expansion */
    bool raw;            /* value is inserted without `escape` */
} template_var;

/* Writes text of the template (or of a value) to out, escaped for the
 * output format (an Excel header doubles "&"). */
typedef void (*template_escape)(strbuf *out, const char *s, size_t n);

typedef enum {
    TEMPLATE_OK,
    TEMPLATE_UNKNOWN,   /* *bad holds the offending "{…}" */
    TEMPLATE_NOMEM
} template_status;

/*
 * Appends tmpl to out with every placeholder of vars[0..n) expanded.
 * escape may be NULL. On TEMPLATE_UNKNOWN, bad[0..bad_size) receives the
 * unknown placeholder (at most 40 bytes of it) and out is left as it was.
 */
template_status template_expand(strbuf *out, const char *tmpl,
                                const template_var *vars, size_t n,
                                template_escape escape, char *bad,
                                size_t bad_size);

/* An escape for a first pass whose output is expanded again: doubles every
 * "{" so that only the kept placeholders remain placeholders. */
void template_escape_braces(strbuf *out, const char *s, size_t n);

/* "{titulo}, {anio}": the accepted placeholders, for an error message.
 * malloc'd; NULL when memory is short. */
char *template_names(const template_var *vars, size_t n);

#endif
