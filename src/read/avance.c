/* avance: reading a progress file. See avance.h. */
#include "read/avance.h"

#include "base/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "model/programa.h"
#include "read/xml.h"

/* The real progress file is ~100 KB; anything far larger is a mistake. */
#define AVANCE_MAX_BYTES (16L * 1024 * 1024)

struct avance {
    const char *file;
    int line;             /* <avance> */
    int anio;
    int corte;            /* 1..12 */
    bool ejemplo;
    const char *nota;     /* NULL when absent */
    const char **observaciones;
    size_t n_observaciones;
    avance_item *items;
    size_t n_items;
    strmap index;         /* clave -> its first item (heap, not arena) */
    paa_arena arena;      /* holds the struct itself and everything above */
};

/* ---- loading ------------------------------------------------------------ */

typedef struct {
    avance *a;
    diag_list *d;
    bool failed;
    const char *clave;   /* of the activity being read, for findings */
} loader;

static void out_of_memory(loader *l)
{
    if (!l->failed)
        diag_add(l->d, RULE_IO, l->a->file, 0, NULL, "memoria insuficiente");
    l->failed = true;
}

static void *alloc(loader *l, size_t size)
{
    void *m = paa_arena_alloc(&l->a->arena, size ? size : 1);
    if (m == NULL)
        out_of_memory(l);
    return m;
}

static const char *text_of(loader *l, const xmlNode *n)
{
    bool oom = false;
    const char *s = xmlread_text(&l->a->arena, n, &oom);
    if (oom)
        out_of_memory(l);
    if (!xmlread_text_fits(n, s, l->a->file, l->clave, l->d))
        l->failed = true;
    return s;
}

static const char *attr(loader *l, const xmlNode *n, const char *name)
{
    bool oom = false;
    const char *s = xmlread_attr(&l->a->arena, n, name, &oom);
    if (oom)
        out_of_memory(l);
    return s;
}

/* Month key ("ene") to 0..11; the schema guarantees a valid key. */
static int month_index(const char *key)
{
    for (int m = 0; m < PAA_MONTHS; m++)
        if (key != NULL && strcmp(key, paa_month_key[m]) == 0)
            return m;
    return 0;
}

static void load_month(loader *l, const xmlNode *n, avance_month *m)
{
    m->mes = month_index(attr(l, n, "mes"));
    m->line = xmlread_line(n);
    m->text = text_of(l, n);
    /* Malformed or negative values are kept and reported by the checker
     * (rule avance-cantidad) so that every finding has its own line. */
    m->st = paa_dec_parse(m->text, &m->value);
}

static void load_item(loader *l, const xmlNode *n, avance_item *it)
{
    it->clave = attr(l, n, "clave");
    l->clave = it->clave;
    it->line = xmlread_line(n);
    avance_month *months = alloc(l, xmlread_count(n, "alcanzado") * sizeof *months);
    if (months == NULL)
        return;
    it->months = months;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (xmlread_is(c, "alcanzado"))
            load_month(l, c, &months[it->n_months++]);
        else if (xmlread_is(c, "justificacion")) {
            it->justificacion = text_of(l, c);
            it->justificacion_line = xmlread_line(c);
        }
    }
}

static void load_root(loader *l, const xmlNode *root)
{
    avance *a = l->a;
    a->line = xmlread_line(root);
    const char *anio = attr(l, root, "anio");
    a->anio = anio != NULL ? atoi(anio) : 0;   /* schema: 2000..2100 */
    a->corte = month_index(attr(l, root, "corte")) + 1;
    const char *ejemplo = attr(l, root, "ejemplo");
    a->ejemplo = ejemplo != NULL && strcmp(ejemplo, "si") == 0;

    a->items = alloc(l, xmlread_count(root, "actividad") * sizeof *a->items);
    if (a->items == NULL)
        return;
    for (const xmlNode *c = root->children; c != NULL; c = c->next) {
        if (xmlread_is(c, "nota")) {
            a->nota = text_of(l, c);
        } else if (xmlread_is(c, "observaciones")) {
            a->observaciones = alloc(l, xmlread_count(c, "p") * sizeof *a->observaciones);
            if (a->observaciones == NULL)
                return;
            for (const xmlNode *p = c->children; p != NULL; p = p->next)
                if (xmlread_is(p, "p"))
                    a->observaciones[a->n_observaciones++] = text_of(l, p);
        } else if (xmlread_is(c, "actividad")) {
            load_item(l, c, &a->items[a->n_items++]);
        }
    }
}

/* Claves to their first item: a report of 30,000 activities is looked up
 * once per programme activity, never scanned. */
static bool index_items(avance *a)
{
    bool oom = false;
    for (size_t i = 0; i < a->n_items && !oom; i++)
        strmap_put(&a->index, a->items[i].clave, &a->items[i], &oom);
    return !oom;
}

int avance_load(const char *path, const char *schema_path, avance **out,
                diag_list *d)
{
    *out = NULL;
    xmlDocPtr doc = xmlread_file(path, AVANCE_MAX_BYTES, schema_path, d);
    if (doc == NULL)
        return -1;

    /* The report lives in its own arena, so one free releases all. */
    paa_arena arena = {0};
    avance *a = paa_arena_alloc(&arena, sizeof *a);
    if (a == NULL) {
        xmlFreeDoc(doc);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    a->arena = arena;
    a->file = paa_arena_strdup(&a->arena, path);
    loader l = {.a = a, .d = d, .failed = a->file == NULL};
    if (l.failed)
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
    else
        load_root(&l, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (!l.failed && !index_items(a)) {
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        l.failed = true;
    }
    if (l.failed) {
        avance_free(a);
        return -1;
    }
    *out = a;
    return 0;
}

void avance_free(avance *a)
{
    if (a == NULL)
        return;
    strmap_free(&a->index);
    paa_arena arena = a->arena;   /* a itself lives in its arena */
    paa_arena_free(&arena);
}

int avance_year(const avance *a)
{
    return a->anio;
}

void avance_period(const avance *a, char *buf, size_t size)
{
    snprintf(buf, size, a->corte > 1 ? "enero–%s" : "%s",
             paa_month_name[a->corte - 1]);
}

int avance_cutoff(const avance *a)
{
    return a->corte;
}

bool avance_is_sample(const avance *a)
{
    return a->ejemplo;
}

const char *avance_file(const avance *a)
{
    return a->file;
}

int avance_line(const avance *a)
{
    return a->line;
}

const char *avance_note(const avance *a)
{
    return a->nota;
}

const char *const *avance_remarks(const avance *a, size_t *n)
{
    *n = a->n_observaciones;
    return a->observaciones;
}

const avance_item *avance_items(const avance *a, size_t *n)
{
    *n = a->n_items;
    return a->items;
}

const avance_item *avance_find(const avance *a, const char *clave)
{
    return strmap_get(&a->index, clave);
}
