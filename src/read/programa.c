/* parse: the programme tree builder. See parse.h. */
#include "read/programa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "read/xml.h"

typedef struct {
    paa_programa *p;
    const char *path;
    diag_list *d;
    bool failed;   /* out of memory or a value the model cannot hold */
    bool errors;   /* schema or quantity-format errors: a partial tree */
    const char *src;            /* the file's text, for columns */
    const size_t *line_starts;  /* offset of each line in src */
    /* The element each schema error belongs to: its nearest enclosing
     * actividad, proyecto, subprograma, totales or programa. */
    const xmlNode **owners;
    size_t n_owners;
    const char *clave;   /* of the element being built, for findings */
} builder;

static bool owns_errors(const builder *b, const xmlNode *n)
{
    for (size_t i = 0; i < b->n_owners; i++)
        if (b->owners[i] == n)
            return true;
    return false;
}

static const xmlNode *owner_of(const xmlNode *n)
{
    static const char *const owners[] = {"actividad", "proyecto", "subprograma",
                                         "totales", "programa"};
    for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
        for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
            if (xmlread_is(n, owners[i]))
                return n;
    return NULL;
}

static void out_of_memory(builder *b)
{
    if (!b->failed)
        diag_add(b->d, RULE_IO, b->path, 0, NULL, "memoria insuficiente");
    b->failed = true;
}

static void *alloc(builder *b, size_t size)
{
    void *m = paa_arena_alloc(&b->p->arena, size);
    if (m == NULL)
        out_of_memory(b);
    return m;
}

/* Every text is printed in the PDF, whose fonts use WinAnsi: a character
 * outside it (an emoji, a control character) is refused here, with the
 * text's line, rather than when the PDF is composed. */
static void check_printable(builder *b, const xmlNode *n, const char *s)
{
    char why[512];
    if (s == NULL || winansi_convert(s, false, NULL, why, sizeof why) == 0)
        return;
    diag_add(b->d, RULE_TEXTO_CARACTER, b->path, xmlread_line(n), b->clave,
             "el texto de <%s> no se puede imprimir: %s", (const char *)n->name, why);
    b->failed = true;
}

static const char *text_of(builder *b, const xmlNode *n)
{
    bool oom = false;
    const char *s = xmlread_text(&b->p->arena, n, &oom);
    if (oom)
        out_of_memory(b);
    if (!xmlread_text_fits(n, s, b->path, b->clave, b->d))
        b->failed = true;
    check_printable(b, n, s);
    return s;
}

static const char *child_text(builder *b, const xmlNode *n, const char *name)
{
    return text_of(b, xmlread_child(n, name));
}

static const char *attr(builder *b, const xmlNode *n, const char *name)
{
    bool oom = false;
    const char *s = xmlread_attr(&b->p->arena, n, name, &oom);
    if (oom)
        out_of_memory(b);
    return s;
}

/* A count attribute (the schema bounds it to 0..100000); -1 when it is
 * absent or not such a number, which only a file with schema errors has
 * (libxml2 does not validate what follows a misplaced element). */
static int attr_int(builder *b, const xmlNode *n, const char *name)
{
    const char *s = attr(b, n, name);
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    return *end == '\0' && v <= 100000 ? (int)v : -1;
}

static paa_textos texts(builder *b, const xmlNode *parent, const char *name)
{
    paa_textos t = {0};
    if (parent == NULL)
        return t;
    size_t n = xmlread_count(parent, name);
    t.items = alloc(b, (n ? n : 1) * sizeof *t.items);
    if (t.items == NULL)
        return t;
    for (const xmlNode *c = parent->children; c != NULL; c = c->next)
        if (xmlread_is(c, name))
            t.items[t.n++] = text_of(b, c);
    return t;
}

static void build_documento(builder *b, const xmlNode *n)
{
    paa_documento *doc = &b->p->doc;
    if (n == NULL)   /* reported by the schema */
        return;
    doc->titulo = child_text(b, n, "titulo");
    doc->institucion = child_text(b, n, "institucion");
    doc->siglas = child_text(b, n, "siglas");
    doc->lugar = child_text(b, n, "lugar");
    const char *fecha = child_text(b, n, "fecha");
    if (fecha != NULL)
        sscanf(fecha, "%d-%d-%d", &doc->fecha_anio, &doc->fecha_mes, &doc->fecha_dia);
    doc->lema = child_text(b, n, "lema");
    doc->despedida = child_text(b, n, "despedida");
    const xmlNode *firma = xmlread_child(n, "firma");
    doc->firma_cargo = child_text(b, firma, "cargo");
    doc->firma_nombre = child_text(b, firma, "nombre");
    size_t nc = xmlread_count(n, "credito");
    doc->creditos = alloc(b, (nc ? nc : 1) * sizeof *doc->creditos);
    if (doc->creditos == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (!xmlread_is(c, "credito"))
            continue;
        paa_credito *cr = &doc->creditos[doc->n_creditos++];
        cr->rol = attr(b, c, "rol");
        cr->nombre = text_of(b, c);
    }
}

static void build_fines(builder *b, const xmlNode *n)
{
    paa_programa *p = b->p;
    if (n == NULL)   /* reported by the schema */
        return;
    size_t k = xmlread_count(n, "fin");
    p->fines = alloc(b, (k ? k : 1) * sizeof *p->fines);
    if (p->fines == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (!xmlread_is(c, "fin"))
            continue;
        paa_fin *f = &p->fines[p->n_fines++];
        f->numero = attr(b, c, "numero");
        f->texto = text_of(b, c);
    }
}

/* Characters (not bytes) in s[0..n). */
static int char_count(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Column of attribute `name` on source line `line`; 0 if not found. */
static int attribute_column(const builder *b, int line, const char *name)
{
    if (b->src == NULL || line <= 0 || (size_t)line > b->p->n_lines)
        return 0;
    const char *start = b->src + b->line_starts[line - 1];
    const char *end = strchr(start, '\n');
    size_t len = strlen(name);
    for (const char *s = start; (s = strstr(s, name)) != NULL && (end == NULL || s < end); s++)
        if (s > start && (s[-1] == ' ' || s[-1] == '\t') && s[len] == '=')
            return char_count(start, (size_t)(s - start)) + 1;
    return 0;
}

/* The line table of src: where each line starts, and the column of its
 * first non-blank character (kept in the model). */
static bool index_lines(builder *b, const char *src, size_t **starts)
{
    size_t n = 1;
    for (const char *s = src; (s = strchr(s, '\n')) != NULL; s++)
        n++;
    *starts = malloc(n * sizeof **starts);
    int *cols = paa_arena_alloc(&b->p->arena, n * sizeof *cols);
    if (*starts == NULL || cols == NULL)
        return false;
    size_t k = 0;
    for (const char *s = src;; s++) {
        (*starts)[k] = (size_t)(s - src);
        size_t blank = strspn(s, " \t");
        cols[k++] = s[blank] == '\n' || s[blank] == '\0' ? 0 : char_count(s, blank) + 1;
        if ((s = strchr(s, '\n')) == NULL)
            break;
    }
    b->p->line_cols = cols;
    b->p->n_lines = k;
    b->src = src;
    b->line_starts = *starts;
    return true;
}

/* How a malformed quantity should have been written. */
static const char *quantity_problem(paa_dec_status st)
{
    switch (st) {
    case PAA_DEC_PRECISION:
        return "tiene más de 4 decimales";
    case PAA_DEC_RANGE:
        return "es demasiado grande para una cantidad";
    default:
        return "no es una cantidad: sin separador de miles, punto decimal "
               "(p. ej. 4060 o 0.08)";
    }
}

/* Reads one quantity attribute with the exact-decimal reader; returns true
 * when present and valid. A malformed one marks the activity invalid. */
static bool quantity(builder *b, const xmlNode *n, const char *name,
                     paa_actividad *a, paa_dec *out, uint8_t *decimales)
{
    xmlChar *raw = xmlGetProp(n, (const xmlChar *)name);
    if (raw == NULL)
        return false;
    int places = 0;
    paa_dec_status st = paa_dec_parse_places((const char *)raw, out, &places);
    *decimales = (uint8_t)places;
    if (st != PAA_DEC_OK) {
        diag_add(b->d, RULE_CANTIDAD_FORMATO, b->path, xmlread_line(n), a->clave,
                 "%s: «%s» %s", name, (const char *)raw, quantity_problem(st));
        diag_set_column(b->d, attribute_column(b, xmlread_line(n), name));
        a->invalida = true;
        b->errors = true;
    }
    xmlFree(raw);
    return st == PAA_DEC_OK;
}

static void build_reconstruidos(builder *b, const xmlNode *n, paa_actividad *a)
{
    const char *list = attr(b, n, "reconstruidos");
    if (list == NULL)
        return;
    /* The schema restricts the tokens to month keys and "anual". */
    for (const char *s = list; *s != '\0';) {
        size_t len = strcspn(s, " ");
        if (len == 5 && strncmp(s, "anual", 5) == 0)
            a->anual_reconstruido = true;
        for (int m = 0; m < PAA_MONTHS; m++)
            if (len == 3 && strncmp(s, paa_month_key[m], 3) == 0)
                a->meses_reconstruidos |= (uint16_t)(1u << m);
        s += len;
        while (*s == ' ')
            s++;
    }
}

static void build_actividad(builder *b, const xmlNode *n, paa_actividad *a)
{
    a->clave = attr(b, n, "clave");
    b->clave = a->clave;
    a->line = xmlread_line(n);
    a->motivo = attr(b, n, "motivo");
    a->invalida = owns_errors(b, n);
    a->descripcion = child_text(b, n, "descripcion");
    a->unidad = child_text(b, n, "unidad");
    const xmlNode *q = xmlread_child(n, "cantidades");
    if (q != NULL) {
        a->cantidades_line = xmlread_line(q);
        a->anual_present = quantity(b, q, "anual", a, &a->anual, &a->anual_decimales);
        for (int m = 0; m < PAA_MONTHS; m++)
            if (quantity(b, q, paa_month_key[m], a, &a->meses[m], &a->meses_decimales[m]))
                a->meses_present |= (uint16_t)(1u << m);
        build_reconstruidos(b, q, a);
    }
    const xmlNode *ben = xmlread_child(n, "beneficiarios");
    if (ben != NULL) {
        a->benef_tipo = child_text(b, ben, "tipo");
        const xmlNode *cant = xmlread_child(ben, "cantidad");
        a->benef_cantidad = text_of(b, cant);
        a->benef_line = cant != NULL ? xmlread_line(cant) : xmlread_line(ben);
    }
}

static void build_proyecto(builder *b, const xmlNode *n, paa_proyecto *pr)
{
    pr->clave = attr(b, n, "clave");
    b->clave = pr->clave;
    pr->decl_actividades = attr_int(b, n, "actividades");
    pr->line = xmlread_line(n);
    pr->motivo = attr(b, n, "motivo");
    pr->nombre = child_text(b, n, "nombre");
    size_t k = xmlread_count(n, "actividad");
    pr->actividades = alloc(b, (k ? k : 1) * sizeof *pr->actividades);
    if (pr->actividades == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (!xmlread_is(c, "actividad"))
            continue;
        paa_actividad *a = &pr->actividades[pr->n_actividades++];
        a->proyecto = pr;
        build_actividad(b, c, a);
    }
}

/* Declared counts next to a schema error cannot be compared: what was
 * counted may have been misnamed. -1 tells the checker to skip them. */
static void distrust_counts(builder *b, paa_subprograma *s, paa_proyecto *pr)
{
    if (pr != NULL)
        pr->decl_actividades = -1;
    if (s != NULL) {
        s->decl_actividades = -1;
        if (pr == NULL)
            s->decl_proyectos = -1;
    }
    b->p->decl_actividades = -1;
    if (pr == NULL)
        b->p->decl_proyectos = -1;
    if (s == NULL)
        b->p->decl_subprogramas = -1;
}

static void build_subprograma(builder *b, const xmlNode *n, paa_subprograma *s)
{
    s->numero = attr(b, n, "numero");
    b->clave = s->numero;
    s->decl_proyectos = attr_int(b, n, "proyectos");
    s->decl_actividades = attr_int(b, n, "actividades");
    s->line = xmlread_line(n);
    s->motivo = attr(b, n, "motivo");
    s->area = child_text(b, n, "area");
    s->descripcion = child_text(b, n, "descripcion");
    s->titulo = child_text(b, n, "titulo");
    s->objetivo = child_text(b, n, "objetivo");
    s->marco_legal = child_text(b, n, "marco-legal");
    size_t k = xmlread_count(n, "proyecto");
    s->proyectos = alloc(b, (k ? k : 1) * sizeof *s->proyectos);
    if (s->proyectos == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (!xmlread_is(c, "proyecto"))
            continue;
        paa_proyecto *pr = &s->proyectos[s->n_proyectos++];
        pr->subprograma = s;
        build_proyecto(b, c, pr);
        if (owns_errors(b, c))
            distrust_counts(b, s, pr);
    }
}

static void build_programa(builder *b, const xmlNode *root)
{
    paa_programa *p = b->p;
    p->anio = attr_int(b, root, "anio");
    build_documento(b, xmlread_child(root, "documento"));
    p->presentacion = texts(b, xmlread_child(root, "presentacion"), "p");
    p->marco_legal = texts(b, xmlread_child(root, "marco-legal"), "elemento");
    build_fines(b, xmlread_child(root, "fines"));
    p->objetivos = texts(b, xmlread_child(root, "objetivos"), "elemento");
    p->politicas = texts(b, xmlread_child(root, "politicas"), "p");
    const xmlNode *tot = xmlread_child(root, "totales");
    p->decl_subprogramas = attr_int(b, tot, "subprogramas");
    p->decl_proyectos = attr_int(b, tot, "proyectos");
    p->decl_actividades = attr_int(b, tot, "actividades");
    p->totales_line = xmlread_line(tot);
    size_t k = xmlread_count(root, "subprograma");
    p->subprogramas = alloc(b, (k ? k : 1) * sizeof *p->subprogramas);
    if (p->subprogramas == NULL)
        return;
    for (const xmlNode *c = root->children; c != NULL; c = c->next) {
        if (!xmlread_is(c, "subprograma"))
            continue;
        paa_subprograma *s = &p->subprogramas[p->n_subprogramas++];
        build_subprograma(b, c, s);
        if (owns_errors(b, c))
            distrust_counts(b, s, NULL);
    }
    if (owns_errors(b, root) || owns_errors(b, tot))
        distrust_counts(b, NULL, NULL);
}

/* The owner element of each schema error, for the builder. */
static bool collect_owners(builder *b, const xmlread_invalid *inv)
{
    b->owners = malloc((inv->n ? inv->n : 1) * sizeof *b->owners);
    if (b->owners == NULL)
        return false;
    for (size_t i = 0; i < inv->n; i++) {
        const xmlNode *o = owner_of(inv->nodes[i]);
        if (o != NULL)
            b->owners[b->n_owners++] = o;
    }
    b->errors = inv->n > 0;
    return true;
}

int parse_programa_partial(const char *path, const char *schema_path,
                           paa_programa **out, diag_list *d)
{
    *out = NULL;
    xmlread_invalid inv;
    char *src = NULL;
    size_t first = d->n;
    xmlDocPtr doc = xmlread_file_partial(path, PARSE_MAX_BYTES, schema_path, &inv, &src, d);
    if (doc == NULL) {
        xmlread_invalid_free(&inv);
        return -1;
    }

    /* The programme lives in its own arena, so one free releases all. */
    paa_arena arena = {0};
    paa_programa *p = paa_arena_alloc(&arena, sizeof *p);
    if (p == NULL) {
        xmlFreeDoc(doc);
        free(src);
        xmlread_invalid_free(&inv);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    p->arena = arena;
    builder b = {.p = p, .path = path, .d = d};
    size_t *starts = NULL;
    if (!collect_owners(&b, &inv) || !index_lines(&b, src, &starts))
        out_of_memory(&b);
    xmlread_invalid_free(&inv);
    p->file = paa_arena_strdup(&p->arena, path);
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (root == NULL || !xmlread_is(root, "programa"))
        b.failed = true;   /* a foreign document: the schema said so */
    else if (!b.failed)
        build_programa(&b, root);
    xmlFreeDoc(doc);
    free(b.owners);
    free(starts);
    free(src);
    model_set_columns(p, d, first);
    if (b.failed || p->file == NULL) {
        model_free(p);
        return -1;
    }
    *out = p;
    return b.errors ? 1 : 0;
}

int parse_programa(const char *path, const char *schema_path,
                   paa_programa **out, diag_list *d)
{
    int rc = parse_programa_partial(path, schema_path, out, d);
    if (rc == 1) {
        model_free(*out);
        *out = NULL;
    }
    return rc == 0 ? 0 : -1;
}
