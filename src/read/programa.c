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
    const char *clave;   /* of the element being built, for findings */
} builder;

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

/* A count attribute; the schema bounds it to 0..100000. */
static int attr_int(builder *b, const xmlNode *n, const char *name)
{
    const char *s = attr(b, n, name);
    return s != NULL ? (int)strtol(s, NULL, 10) : 0;
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

/* Reads one quantity attribute; returns true when present and valid. */
static bool quantity(builder *b, const xmlNode *n, const char *name,
                     const char *clave, paa_dec *out)
{
    xmlChar *raw = xmlGetProp(n, (const xmlChar *)name);
    if (raw == NULL)
        return false;
    paa_dec_status st = paa_dec_parse((const char *)raw, out);
    if (st != PAA_DEC_OK) {
        diag_add(b->d, RULE_CANTIDAD_FORMATO, b->path, xmlread_line(n), clave,
                 "la cantidad %s=\"%s\" %s", name, (const char *)raw,
                 paa_dec_strerror(st));
        b->failed = true;
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
    a->descripcion = child_text(b, n, "descripcion");
    a->unidad = child_text(b, n, "unidad");
    const xmlNode *q = xmlread_child(n, "cantidades");
    if (q != NULL) {
        a->cantidades_line = xmlread_line(q);
        a->anual_present = quantity(b, q, "anual", a->clave, &a->anual);
        for (int m = 0; m < PAA_MONTHS; m++)
            if (quantity(b, q, paa_month_key[m], a->clave, &a->meses[m]))
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

static void build_subprograma(builder *b, const xmlNode *n, paa_subprograma *s)
{
    s->numero = attr(b, n, "numero");
    b->clave = s->numero;
    s->decl_proyectos = attr_int(b, n, "proyectos");
    s->decl_actividades = attr_int(b, n, "actividades");
    s->line = xmlread_line(n);
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
    for (const xmlNode *c = root->children; c != NULL; c = c->next)
        if (xmlread_is(c, "subprograma"))
            build_subprograma(b, c, &p->subprogramas[p->n_subprogramas++]);
}

int parse_programa(const char *path, const char *schema_path,
                   paa_programa **out, diag_list *d)
{
    *out = NULL;
    xmlDocPtr doc = xmlread_file(path, PARSE_MAX_BYTES, schema_path, d);
    if (doc == NULL)
        return -1;

    /* The programme lives in its own arena, so one free releases all. */
    paa_arena arena = {0};
    paa_programa *p = paa_arena_alloc(&arena, sizeof *p);
    if (p == NULL) {
        xmlFreeDoc(doc);
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    p->arena = arena;
    builder b = {.p = p, .path = path, .d = d};
    p->file = paa_arena_strdup(&p->arena, path);
    build_programa(&b, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (b.failed || p->file == NULL) {
        model_free(p);
        return -1;
    }
    *out = p;
    return 0;
}
