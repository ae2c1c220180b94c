/*
 * layout: page and workbook layouts as data.
 *
 * A layout is an XML file under layouts/ (validated against its schema in
 * layouts/schema/) that a renderer queries by element name and id. The
 * layout module only knows XML, units and colours; what each element means
 * belongs to the renderer that reads it. Every getter that fails reports
 * `file:line` of the offending element through the diag list (rule
 * "layout"), so a bad layout is fixed without reading code.
 */
#ifndef PAA_LAYOUT_H
#define PAA_LAYOUT_H

#include <stdbool.h>

#include "base/diag.h"

typedef struct layout layout;
typedef struct layout_node layout_node;   /* opaque element handle */

typedef struct {
    double r, g, b;   /* 0..1 */
} layout_rgb;

/*
 * Loads and validates `path` against the XSD `schema_path` (NULL: no schema
 * validation). Returns 0 and sets *out, or -1 with diagnostics.
 */
int layout_load(const char *path, const char *schema_path, layout **out,
                diag_list *d);
void layout_free(layout *l);

const char *layout_file(const layout *l);
const layout_node *layout_root(const layout *l);

/* First descendant of the root (any depth) named `element` whose attribute
 * id equals `id` (any id when NULL). NULL when absent. */
const layout_node *layout_find(const layout *l, const char *element,
                               const char *id);
/* Like layout_find but a missing element is reported as an error. */
const layout_node *layout_require(const layout *l, const char *element,
                                  const char *id, diag_list *d);

/* Iterates the element children of `parent` named `element` (any when
 * NULL): first with prev == NULL, then pass the previous result. */
const layout_node *layout_child(const layout_node *parent, const char *element,
                                const layout_node *prev);

const char *layout_name(const layout_node *n);
int layout_line(const layout_node *n);

/* Attribute as a string; NULL when absent. Lives as long as the layout. */
const char *layout_attr(const layout_node *n, const char *attr);
/* Text content with blanks collapsed; "" when empty. Lives as long as the
 * layout. */
const char *layout_text(const layout *l, const layout_node *n);

/*
 * Typed getters. Each returns 0 and stores the value, 1 when the attribute
 * is absent (the output keeps its default), or -1 with a diagnostic when
 * the attribute is malformed.
 *   length: "12pt", "10mm", "1.5cm", "0.5in" -> points
 *   number: plain decimal
 *   color:  "#RRGGBB"
 *   bool:   "si"/"no"
 */
int layout_length(const layout *l, const layout_node *n, const char *attr,
                  double *pt, diag_list *d);
int layout_number(const layout *l, const layout_node *n, const char *attr,
                  double *v, diag_list *d);
int layout_color(const layout *l, const layout_node *n, const char *attr,
                 layout_rgb *c, diag_list *d);
int layout_bool(const layout *l, const layout_node *n, const char *attr,
                bool *v, diag_list *d);

/* Reports a renderer-level problem at node n (rule "layout"). */
void layout_error(const layout *l, const layout_node *n, diag_list *d,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Resolves `rel` (a path written in the layout, e.g. a font file) relative
 * to the layout file's directory. Returns a malloc'd path the caller frees,
 * or NULL when out of memory.
 */
char *layout_resolve(const layout *l, const char *rel);

/*
 * The one rule for every file a layout names (fonts, font metrics): `rel`
 * is resolved against the layout's directory and must lie, symbolic links
 * followed, inside the data directory's fonts/. A layout given with
 * --layout is data from anywhere, and no file outside the inputs and what
 * paa ships is ever read. Returns the canonical path (malloc'd), or NULL
 * with a layout error at n.
 */
char *layout_shipped_file(const layout *l, const layout_node *n, const char *rel,
                          diag_list *d);

#endif
