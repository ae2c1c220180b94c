/* parse: safe XML reading and the programme tree builder. See parse.h. */
#include "parse.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- reading files ------------------------------------------------------ */

int parse_read_file(const char *path, long max_bytes, char **buf, size_t *len,
                    diag_list *d)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diag_add(d, "io", path, 0, NULL, "no se puede abrir el archivo: %s",
                 strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_add(d, "io", path, 0, NULL, "no es un archivo regular");
        fclose(f);
        return -1;
    }
    if (st.st_size > max_bytes) {
        diag_add(d, "io", path, 0, NULL,
                 "el archivo mide %lld bytes, más que el límite de %ld",
                 (long long)st.st_size, max_bytes);
        fclose(f);
        return -1;
    }
    char *b = malloc((size_t)st.st_size + 1);
    if (b == NULL) {
        diag_add(d, "io", path, 0, NULL, "memoria insuficiente");
        fclose(f);
        return -1;
    }
    size_t n = fread(b, 1, (size_t)st.st_size, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        diag_add(d, "io", path, 0, NULL, "error al leer el archivo");
        free(b);
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* ---- safe XML ----------------------------------------------------------- */

typedef struct {
    const char *path;
    diag_list *d;
    int errors;
    int doctype_line;   /* > 0 once a DOCTYPE was refused */
} xml_state;

/* libxml2's messages are English; these replacements give a Spanish reading
 * of the common ones while keeping element names and values intact. */
static const char *const xml_translations[][2] = {
    {"This element is not expected.", "Este elemento no se esperaba aquí."},
    {"Missing child element(s).", "Faltan elementos hijos."},
    {"Expected is one of", "Se esperaba uno de"},
    {"Expected is", "Se esperaba"},
    {"is required but missing.", "es obligatorio y falta."},
    {"is not allowed.", "no está permitido."},
    {"is not a valid value of the atomic type", "no es un valor válido del tipo"},
    {"is not a valid value of the local atomic type", "no es un valor válido"},
    {"is not a valid value of the list type", "no es un valor válido de la lista"},
    {"is not a valid value of the local list type", "no es un valor válido de la lista"},
    {"is not accepted by the pattern", "no corresponde al patrón"},
    {"has a length of '0'; this underruns the allowed minimum length of '1'.",
     "está vacío y no puede estarlo."},
    {"The value", "El valor"},
    {"The attribute", "El atributo"},
    {"Element", "Elemento"},
    {"attribute", "atributo"},
    {"Opening and ending tag mismatch:", "Las etiquetas de apertura y cierre no coinciden:"},
    {"Premature end of data in tag", "El archivo termina antes de cerrar la etiqueta"},
    {"Extra content at the end of the document", "Hay contenido después del elemento raíz"},
    {"Document is empty", "El documento está vacío"},
    {"Start tag expected, '<' not found", "Se esperaba una etiqueta de inicio («<»)"},
    {"Input is not proper UTF-8, indicate encoding !", "El texto no es UTF-8 válido"},
    {"Char 0x0 out of allowed range", "Carácter nulo no permitido"},
    {"Couldn't find end of Start Tag", "No se encontró el final de la etiqueta de inicio"},
    {"EntityRef: expecting ';'", "Referencia a entidad sin «;»"},
    {" line ", " línea "},
    {" and ", " y "},
    {"\n", " "},
    {"Entity", "Entidad"},
    {"not defined", "no definida"},
};

static char *translate(const char *msg)
{
    size_t cap = strlen(msg) * 2 + 64, o = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    const size_t n_tr = sizeof xml_translations / sizeof xml_translations[0];
    while (*msg != '\0') {
        size_t k = 0;
        for (; k < n_tr; k++) {
            size_t el = strlen(xml_translations[k][0]);
            if (strncmp(msg, xml_translations[k][0], el) == 0)
                break;
        }
        const char *piece = k < n_tr ? xml_translations[k][1] : msg;
        size_t plen = k < n_tr ? strlen(piece) : 1;
        if (o + plen + 1 > cap) {
            cap = (o + plen + 1) * 2;
            char *grown = realloc(out, cap);
            if (grown == NULL) {
                free(out);
                return NULL;
            }
            out = grown;
        }
        memcpy(out + o, piece, plen);
        o += plen;
        msg += k < n_tr ? strlen(xml_translations[k][0]) : 1;
    }
    while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' '))
        o--;
    out[o] = '\0';
    return out;
}

static void report_xml_error(xml_state *st, const char *rule,
                             const xmlError *e)
{
    if (e->level == XML_ERR_WARNING)
        return;
    st->errors++;
    char *msg = translate(e->message != NULL ? e->message : "error de XML");
    const char *what = strcmp(rule, "esquema") == 0
                           ? "no se ajusta al esquema"
                           : "XML mal formado";
    diag_add(st->d, rule, st->path, e->line, NULL, "%s: %s", what,
             msg != NULL ? msg : e->message);
    free(msg);
}

static void on_parse_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    xml_state *st = ctxt->_private;
    /* The stop we trigger for a DOCTYPE is reported once, by us. */
    if (st->doctype_line > 0 || st->errors > 0)
        return;
    report_xml_error(st, "xml", e);
}

static void on_schema_error(void *data, xmlErrorPtr e)
{
    report_xml_error(data, "esquema", e);
}

/* Called by the parser at "<!DOCTYPE", before the internal subset is read:
 * refusing here means no entity is ever declared, so neither external
 * entities nor expansion bombs can be used against us. */
static void refuse_doctype(void *data, const xmlChar *name,
                           const xmlChar *external_id,
                           const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = data;
    xml_state *st = ctxt->_private;
    st->doctype_line = ctxt->input != NULL ? ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

static bool validate(xmlDocPtr doc, const char *schema_path, xml_state *st)
{
    xml_state schema_st = {.path = schema_path, .d = st->d};
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(schema_path);
    if (pctxt == NULL) {
        diag_add(st->d, "io", schema_path, 0, NULL, "no se puede leer el esquema");
        return false;
    }
    xmlSchemaSetParserStructuredErrors(pctxt, on_schema_error, &schema_st);
    xmlSchemaPtr schema = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (schema == NULL) {
        if (schema_st.errors == 0)
            diag_add(st->d, "io", schema_path, 0, NULL, "no se puede leer el esquema");
        return false;
    }
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
    bool ok = false;
    if (vctxt != NULL) {
        xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, st);
        ok = xmlSchemaValidateDoc(vctxt, doc) == 0 && st->errors == 0;
        xmlSchemaFreeValidCtxt(vctxt);
    }
    xmlSchemaFree(schema);
    if (!ok && st->errors == 0)
        diag_add(st->d, "esquema", st->path, 0, NULL,
                 "no se ajusta al esquema %s", schema_path);
    return ok;
}

void *parse_xml_safe(const char *path, const char *buf, size_t len,
                     const char *schema_path, diag_list *d)
{
    xml_state st = {.path = path, .d = d};
    if (len == 0) {
        diag_add(d, "xml", path, 1, NULL, "XML mal formado: el archivo está vacío");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) {
        diag_add(d, "io", path, 0, NULL, "el archivo es demasiado grande");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        diag_add(d, "io", path, 0, NULL, "memoria insuficiente");
        return NULL;
    }
    ctxt->_private = &st;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->serror = on_parse_error;
    /* Never NOENT, DTDLOAD, DTDVALID or HUGE: see the header. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, options);
    bool refused = st.doctype_line > 0;
    xmlFreeParserCtxt(ctxt);

    if (refused) {
        xmlFreeDoc(doc);
        diag_add(d, "xml", path, st.doctype_line, NULL,
                 "el documento declara un DOCTYPE; no se admiten DTD ni "
                 "entidades (riesgo de entidades externas o expansión)");
        return NULL;
    }
    if (doc == NULL || st.errors > 0) {
        xmlFreeDoc(doc);
        if (st.errors == 0)
            diag_add(d, "xml", path, 0, NULL, "XML mal formado");
        return NULL;
    }
    if (schema_path != NULL && !validate(doc, schema_path, &st)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

void parse_xml_free(void *doc)
{
    xmlFreeDoc(doc);
}

/* ---- programme tree builder --------------------------------------------- */

typedef struct {
    paa_programa *p;
    const char *path;
    diag_list *d;
    bool failed;   /* out of memory or a value the model cannot hold */
} builder;

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

static size_t count_children(const xmlNode *n, const char *name)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            k++;
    return k;
}

static int line_of(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

static void *alloc(builder *b, size_t size)
{
    void *m = paa_arena_alloc(&b->p->arena, size);
    if (m == NULL && !b->failed) {
        b->failed = true;
        diag_add(b->d, "io", b->path, 0, NULL, "memoria insuficiente");
    }
    return m;
}

/* Copies s into the arena with runs of white space collapsed to one space
 * and the ends trimmed: the source is indented freely. */
static const char *normalised(builder *b, const char *s)
{
    size_t len = strlen(s);
    char *out = alloc(b, len + 1);
    if (out == NULL)
        return "";
    size_t o = 0;
    bool space = true;
    for (size_t i = 0; i < len; i++) {
        bool blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (blank) {
            if (!space)
                out[o++] = ' ';
            space = true;
        } else {
            out[o++] = s[i];
            space = false;
        }
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

static const char *text_of(builder *b, const xmlNode *n)
{
    if (n == NULL)
        return NULL;
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = normalised(b, raw != NULL ? (const char *)raw : "");
    xmlFree(raw);
    return s;
}

static const char *child_text(builder *b, const xmlNode *n, const char *name)
{
    return text_of(b, child(n, name));
}

static const char *attr(builder *b, const xmlNode *n, const char *name)
{
    xmlChar *raw = xmlGetProp(n, (const xmlChar *)name);
    if (raw == NULL)
        return NULL;
    const char *s = normalised(b, (const char *)raw);
    xmlFree(raw);
    return s;
}

static int attr_int(builder *b, const xmlNode *n, const char *name)
{
    const char *s = attr(b, n, name);
    return s != NULL ? atoi(s) : 0;   /* the schema guarantees digits */
}

static paa_textos texts(builder *b, const xmlNode *parent, const char *name)
{
    paa_textos t = {0};
    if (parent == NULL)
        return t;
    size_t n = count_children(parent, name);
    t.items = alloc(b, (n ? n : 1) * sizeof *t.items);
    if (t.items == NULL)
        return t;
    for (const xmlNode *c = parent->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
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
    const xmlNode *firma = child(n, "firma");
    doc->firma_cargo = child_text(b, firma, "cargo");
    doc->firma_nombre = child_text(b, firma, "nombre");
    size_t nc = count_children(n, "credito");
    doc->creditos = alloc(b, (nc ? nc : 1) * sizeof *doc->creditos);
    if (doc->creditos == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "credito") != 0)
            continue;
        paa_credito *cr = &doc->creditos[doc->n_creditos++];
        cr->rol = attr(b, c, "rol");
        cr->nombre = text_of(b, c);
    }
}

static void build_fines(builder *b, const xmlNode *n)
{
    paa_programa *p = b->p;
    size_t k = count_children(n, "fin");
    p->fines = alloc(b, (k ? k : 1) * sizeof *p->fines);
    if (p->fines == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
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
        diag_add(b->d, "cantidad-formato", b->path, line_of(n), clave,
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
    a->line = line_of(n);
    a->descripcion = child_text(b, n, "descripcion");
    a->unidad = child_text(b, n, "unidad");
    const xmlNode *q = child(n, "cantidades");
    if (q != NULL) {
        a->cantidades_line = line_of(q);
        a->anual_present = quantity(b, q, "anual", a->clave, &a->anual);
        for (int m = 0; m < PAA_MONTHS; m++)
            if (quantity(b, q, paa_month_key[m], a->clave, &a->meses[m]))
                a->meses_present |= (uint16_t)(1u << m);
        build_reconstruidos(b, q, a);
    }
    const xmlNode *ben = child(n, "beneficiarios");
    if (ben != NULL) {
        a->benef_tipo = child_text(b, ben, "tipo");
        const xmlNode *cant = child(ben, "cantidad");
        a->benef_cantidad = text_of(b, cant);
        a->benef_line = cant != NULL ? line_of(cant) : line_of(ben);
    }
}

static void build_proyecto(builder *b, const xmlNode *n, paa_proyecto *pr)
{
    pr->clave = attr(b, n, "clave");
    pr->decl_actividades = attr_int(b, n, "actividades");
    pr->line = line_of(n);
    pr->nombre = child_text(b, n, "nombre");
    size_t k = count_children(n, "actividad");
    pr->actividades = alloc(b, (k ? k : 1) * sizeof *pr->actividades);
    if (pr->actividades == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "actividad") != 0)
            continue;
        paa_actividad *a = &pr->actividades[pr->n_actividades++];
        a->proyecto = pr;
        build_actividad(b, c, a);
    }
}

static void build_subprograma(builder *b, const xmlNode *n, paa_subprograma *s)
{
    s->numero = attr(b, n, "numero");
    s->decl_proyectos = attr_int(b, n, "proyectos");
    s->decl_actividades = attr_int(b, n, "actividades");
    s->line = line_of(n);
    s->area = child_text(b, n, "area");
    s->descripcion = child_text(b, n, "descripcion");
    s->titulo = child_text(b, n, "titulo");
    s->objetivo = child_text(b, n, "objetivo");
    s->marco_legal = child_text(b, n, "marco-legal");
    size_t k = count_children(n, "proyecto");
    s->proyectos = alloc(b, (k ? k : 1) * sizeof *s->proyectos);
    if (s->proyectos == NULL)
        return;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "proyecto") != 0)
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
    build_documento(b, child(root, "documento"));
    p->presentacion = texts(b, child(root, "presentacion"), "p");
    p->marco_legal = texts(b, child(root, "marco-legal"), "elemento");
    build_fines(b, child(root, "fines"));
    p->objetivos = texts(b, child(root, "objetivos"), "elemento");
    p->politicas = texts(b, child(root, "politicas"), "p");
    const xmlNode *tot = child(root, "totales");
    p->decl_subprogramas = attr_int(b, tot, "subprogramas");
    p->decl_proyectos = attr_int(b, tot, "proyectos");
    p->decl_actividades = attr_int(b, tot, "actividades");
    p->totales_line = line_of(tot);
    size_t k = count_children(root, "subprograma");
    p->subprogramas = alloc(b, (k ? k : 1) * sizeof *p->subprogramas);
    if (p->subprogramas == NULL)
        return;
    for (const xmlNode *c = root->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "subprograma") == 0)
            build_subprograma(b, c, &p->subprogramas[p->n_subprogramas++]);
}

int parse_programa(const char *path, const char *schema_path,
                   paa_programa **out, diag_list *d)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    if (parse_read_file(path, PARSE_MAX_BYTES, &buf, &len, d) != 0)
        return -1;
    xmlDocPtr doc = parse_xml_safe(path, buf, len, schema_path, d);
    free(buf);
    if (doc == NULL)
        return -1;

    /* The programme lives in its own arena, so one free releases all. */
    paa_arena arena = {0};
    paa_programa *p = paa_arena_alloc(&arena, sizeof *p);
    if (p == NULL) {
        xmlFreeDoc(doc);
        diag_add(d, "io", path, 0, NULL, "memoria insuficiente");
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
