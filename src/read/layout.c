/* layout: generic reader of layout files. See layout.h. */
#define _XOPEN_SOURCE 700   /* realpath: files a layout names stay inside fonts/ */
#include "read/layout.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "read/xml.h"

#define LAYOUT_MAX_BYTES (4L * 1024 * 1024)

struct layout {
    char *path;
    xmlDocPtr doc;
    /* Texts handed out by layout_text(), freed with the layout. Behind a
     * pointer because producing them does not change what the layout says,
     * so the getters take a const layout. */
    paa_arena *strings;
};

static const xmlNode *node_of(const layout_node *n)
{
    return (const xmlNode *)n;
}

static const layout_node *handle(const xmlNode *n)
{
    return (const layout_node *)n;
}

int layout_load(const char *path, const char *schema_path, layout **out,
                diag_list *d)
{
    *out = NULL;
    xmlDocPtr doc = xmlread_file(path, LAYOUT_MAX_BYTES, schema_path, d);
    if (doc == NULL)
        return -1;
    layout *l = calloc(1, sizeof *l);
    char *copy = strdup(path);
    paa_arena *strings = calloc(1, sizeof *strings);
    if (l == NULL || copy == NULL || strings == NULL) {
        free(l);
        free(copy);
        free(strings);
        xmlFreeDoc(doc);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente al leer el diseño");
        return -1;
    }
    l->path = copy;
    l->doc = doc;
    l->strings = strings;
    *out = l;
    return 0;
}

void layout_free(layout *l)
{
    if (l == NULL)
        return;
    if (l->strings != NULL)
        paa_arena_free(l->strings);
    free(l->strings);
    xmlFreeDoc(l->doc);
    free(l->path);
    free(l);
}

const char *layout_file(const layout *l)
{
    return l->path;
}

const layout_node *layout_root(const layout *l)
{
    return handle(xmlDocGetRootElement(l->doc));
}

static bool name_is(const xmlNode *n, const char *name)
{
    return name != NULL ? xmlread_is(n, name) : n->type == XML_ELEMENT_NODE;
}

static const xmlNode *find_in(const xmlNode *parent, const char *element,
                              const char *id)
{
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, element)) {
            const char *cid = layout_attr(handle(c), "id");
            if (id == NULL || (cid != NULL && strcmp(cid, id) == 0))
                return c;
        }
        const xmlNode *deep = find_in(c, element, id);
        if (deep != NULL)
            return deep;
    }
    return NULL;
}

const layout_node *layout_find(const layout *l, const char *element,
                               const char *id)
{
    const xmlNode *root = xmlDocGetRootElement(l->doc);
    if (root == NULL)
        return NULL;
    if (name_is(root, element) && id == NULL)
        return handle(root);
    return handle(find_in(root, element, id));
}

const layout_node *layout_require(const layout *l, const char *element,
                                  const char *id, diag_list *d)
{
    const layout_node *n = layout_find(l, element, id);
    if (n == NULL) {
        if (id != NULL)
            diag_add(d, RULE_LAYOUT, l->path, 0, NULL,
                     "falta el elemento <%s id=\"%s\">", element, id);
        else
            diag_add(d, RULE_LAYOUT, l->path, 0, NULL, "falta el elemento <%s>",
                     element);
    }
    return n;
}

const layout_node *layout_child(const layout_node *parent, const char *element,
                                const layout_node *prev)
{
    const xmlNode *c = prev != NULL ? node_of(prev)->next : node_of(parent)->children;
    for (; c != NULL; c = c->next)
        if (name_is(c, element))
            return handle(c);
    return NULL;
}

const char *layout_name(const layout_node *n)
{
    return (const char *)node_of(n)->name;
}

int layout_line(const layout_node *n)
{
    return (int)xmlGetLineNo(node_of(n));
}

const char *layout_attr(const layout_node *n, const char *attr)
{
    /* Attribute values of parsed documents are single text children, so
     * the pointer stays valid for the document's lifetime. */
    for (const xmlAttr *a = node_of(n)->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, attr) != 0)
            continue;
        if (a->children == NULL)
            return "";
        return (const char *)a->children->content;
    }
    return NULL;
}

const char *layout_text(const layout *l, const layout_node *n)
{
    bool oom = false;
    const char *s = xmlread_text(l->strings, node_of(n), &oom);
    return oom ? "" : s;
}

void layout_error(const layout *l, const layout_node *n, diag_list *d,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, RULE_LAYOUT, l->path, n != NULL ? layout_line(n) : 0, NULL, fmt, ap);
    va_end(ap);
}

/* Parses a decimal number with nothing after it but an optional suffix. */
static bool parse_number(const char *s, double *v, const char **rest)
{
    char *end = NULL;
    *v = strtod(s, &end);
    if (end == s)
        return false;
    *rest = end;
    return true;
}

int layout_length(const layout *l, const layout_node *n, const char *attr,
                  double *pt, diag_list *d)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    static const struct {
        const char *unit;
        double points;
    } units[] = {{"pt", 1.0}, {"mm", 72.0 / 25.4}, {"cm", 72.0 / 2.54}, {"in", 72.0}};
    double v;
    const char *rest;
    if (parse_number(s, &v, &rest) && v >= 0) {
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            if (strcmp(rest, units[i].unit) == 0) {
                *pt = v * units[i].points;
                return 0;
            }
        }
    }
    layout_error(l, n, d,
                 "el atributo %s=\"%s\" de <%s> no es una longitud válida "
                 "(ejemplos: 12pt, 10mm, 1.5cm, 0.5in)",
                 attr, s, layout_name(n));
    return -1;
}

int layout_number(const layout *l, const layout_node *n, const char *attr,
                  double *v, diag_list *d)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    const char *rest;
    if (parse_number(s, v, &rest) && *rest == '\0')
        return 0;
    layout_error(l, n, d, "el atributo %s=\"%s\" de <%s> no es un número",
                 attr, s, layout_name(n));
    return -1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int layout_color(const layout *l, const layout_node *n, const char *attr,
                 layout_rgb *c, diag_list *d)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    double comp[3];
    bool ok = strlen(s) == 7 && s[0] == '#';
    for (int i = 0; ok && i < 3; i++) {
        int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
        ok = hi >= 0 && lo >= 0;
        if (ok)
            comp[i] = (hi * 16 + lo) / 255.0;
    }
    if (!ok) {
        layout_error(l, n, d,
                     "el atributo %s=\"%s\" de <%s> no es un color #RRGGBB",
                     attr, s, layout_name(n));
        return -1;
    }
    c->r = comp[0];
    c->g = comp[1];
    c->b = comp[2];
    return 0;
}

int layout_bool(const layout *l, const layout_node *n, const char *attr,
                bool *v, diag_list *d)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    if (strcmp(s, "si") == 0 || strcmp(s, "sí") == 0) {
        *v = true;
        return 0;
    }
    if (strcmp(s, "no") == 0) {
        *v = false;
        return 0;
    }
    layout_error(l, n, d, "el atributo %s=\"%s\" de <%s> debe ser «si» o «no»",
                 attr, s, layout_name(n));
    return -1;
}

char *layout_resolve(const layout *l, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    const char *slash = strrchr(l->path, '/');
    size_t dirlen = slash != NULL ? (size_t)(slash - l->path + 1) : 0;
    size_t n = dirlen + strlen(rel) + 1;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%.*s%s", (int)dirlen, l->path, rel);
    return p;
}

char *layout_shipped_file(const layout *l, const layout_node *n, const char *rel,
                          diag_list *d)
{
    char *fonts = datadir_path("fonts");
    char *root = fonts != NULL ? realpath(fonts, NULL) : NULL;
    free(fonts);
    if (root == NULL) {
        layout_error(l, n, d, "no se encontró el directorio de fuentes de paa «%s/fonts»",
                     datadir());
        return NULL;
    }
    char *path = layout_resolve(l, rel);
    char *real = path != NULL ? realpath(path, NULL) : NULL;
    size_t k = strlen(root);
    char *ok = NULL;
    if (path == NULL)
        layout_error(l, n, d, "memoria insuficiente");
    else if (real == NULL)
        layout_error(l, n, d, "no se encontró el archivo «%s»", path);
    else if (strncmp(real, root, k) != 0 || real[k] != '/')
        layout_error(l, n, d, "«%s» está fuera de «%s» (o es un enlace que sale de ahí): "
                     "paa solo lee las fuentes que distribuye", rel, root);
    else
        ok = real;
    if (ok == NULL)
        free(real);
    free(path);
    free(root);
    return ok;
}
