/* xmlread: safe XML input and DOM helpers. See xmlread.h. */
#include "read/xml.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/datadir.h"
#include "base/input.h"
#include "base/text.h"
#include "model/programa.h"

/* ---- reading files ------------------------------------------------------ */

/* Line (1-based) of offset `at` in b. */
static int line_at(const char *b, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at; i++)
        line += b[i] == '\n';
    return line;
}

/*
 * Every input of paa is UTF-8. Refusing other encodings here, before
 * libxml2 sees them, gives one clear message and keeps libxml2's encoding
 * converters (which print to stderr on failure) out of the picture. A NUL
 * byte would otherwise read as a premature end of file.
 */
static int check_encoding(const char *path, const char *b, size_t n, diag_list *d)
{
    static const struct {
        const char *bom;
        size_t len;
        const char *name;
    } boms[] = {{"\x00\x00\xfe\xff", 4, "UTF-32"}, {"\xff\xfe\x00\x00", 4, "UTF-32"},
                {"\xfe\xff", 2, "UTF-16"}, {"\xff\xfe", 2, "UTF-16"}};
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++) {
        if (n >= boms[i].len && memcmp(b, boms[i].bom, boms[i].len) == 0) {
            diag_add(d, RULE_XML, path, 1, NULL,
                     "el archivo está en %s; paa solo lee UTF-8", boms[i].name);
            return -1;
        }
    }
    const char *nul = memchr(b, '\0', n);
    if (nul != NULL) {
        diag_add(d, RULE_XML, path, line_at(b, (size_t)(nul - b)), NULL,
                 "el archivo contiene un byte nulo; no es texto UTF-8");
        return -1;
    }
    return 0;
}

static int read_file(const char *path, long max_bytes, char **buf, size_t *len,
                     diag_list *d)
{
    if (input_read(path, max_bytes, buf, len, d) != 0)
        return -1;
    if (check_encoding(path, *buf, *len, d) != 0) {
        free(*buf);
        *buf = NULL;
        return -1;
    }
    return 0;
}

/* ---- safe XML ----------------------------------------------------------- */

typedef struct {
    const char *path;
    diag_list *d;
    int errors;
    int doctype_line;   /* > 0 once a DOCTYPE was refused */
    xmlread_invalid *invalid;   /* schema errors: the nodes they name */
    char *last_key;             /* element+attribute of the last schema error */
} xml_state;

/* libxml2's messages are English; these replacements give a Spanish reading
 * of the common ones. They apply to the whole message, quoted names and
 * values included, so the phrases are long enough not to occur in them. */
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
    {"is less than the minimum value allowed", "es menor que el mínimo permitido"},
    {"is greater than the maximum value allowed", "es mayor que el máximo permitido"},
    {"is not an element of the set", "no es uno de los valores permitidos"},
    {"has a length of '0'; this underruns the allowed minimum length of '1'.",
     "está vacío y no puede estarlo."},
    {"The value has a length of", "El valor tiene una longitud de"},
    {"; this exceeds the allowed maximum length of", ", más que la longitud máxima de"},
    {"; this underruns the allowed minimum length of", ", menos que la longitud mínima de"},
    {"Character content other than whitespace is not allowed because the content "
     "type is 'element-only'.", "Aquí solo se admiten elementos, no texto."},
    {"Character content is not allowed, because the content type is empty.",
     "Este elemento debe estar vacío."},
    {"Element content is not allowed, because the content type is a simple type.",
     "Este elemento solo admite texto, no elementos."},
    {"No matching global declaration available for the validation root.",
     "El elemento raíz no es el que define el esquema."},
    {"The document has no document element.", "El documento no tiene elemento raíz."},
    {"[facet 'pattern'] ", ""},
    {"[facet 'enumeration'] ", ""},
    {"[facet 'minInclusive'] ", ""},
    {"[facet 'maxInclusive'] ", ""},
    {"[facet 'minExclusive'] ", ""},
    {"[facet 'maxExclusive'] ", ""},
    {"[facet 'minLength'] ", ""},
    {"[facet 'maxLength'] ", ""},
    {"[facet 'length'] ", ""},
    {"[facet 'totalDigits'] ", ""},
    {"[facet 'fractionDigits'] ", ""},
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

/* A quoted name from the document, shortened: some of libxml2's fields
 * hold whole text runs. */
static void put_name(strbuf *b, const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    size_t k = utf8_clip(s != NULL ? s : "", n, 60);
    strbuf_printf(b, "«%.*s%s»", (int)k, s != NULL ? s : "", k < n ? "…" : "");
}

/*
 * The parser's errors by code, in Spanish. Names come from the error's
 * fields (str1, str2, int1), never from its English text; a code not
 * listed gets a generic sentence with its number.
 */
static void describe_parse_error(const xmlError *e, strbuf *b)
{
    switch (e->code) {
    case XML_ERR_DOCUMENT_EMPTY:
        strbuf_puts(b, "el documento está vacío o no empieza con una etiqueta («<»)");
        break;
    case XML_ERR_DOCUMENT_END:
        strbuf_puts(b, "hay contenido después del elemento raíz");
        break;
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_HEX_CHARREF:
        strbuf_puts(b, "carácter no permitido en un documento XML");
        if (e->int1 > 0)
            strbuf_printf(b, " (U+%04X)", (unsigned)e->int1);
        break;
    case XML_ERR_INVALID_ENCODING:
        strbuf_puts(b, "el texto no es UTF-8 válido");
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        strbuf_puts(b, "la entidad ");
        put_name(b, e->str1);
        strbuf_puts(b, " no está definida (solo se admiten &lt; &gt; &amp; &quot; &apos; "
                       "y referencias numéricas)");
        break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        strbuf_puts(b, "una referencia a entidad no termina en «;»");
        break;
    case XML_ERR_NAME_REQUIRED:
        strbuf_puts(b, "falta un nombre válido de elemento, atributo o entidad");
        break;
    case XML_ERR_LT_IN_ATTRIBUTE:
        strbuf_puts(b, "un valor de atributo contiene «<» sin escapar (escriba &lt;)");
        break;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        strbuf_puts(b, "el valor de un atributo debe ir entre comillas");
        break;
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    case XML_ERR_STRING_NOT_CLOSED:
    case XML_ERR_STRING_NOT_STARTED:
        strbuf_puts(b, "un valor entre comillas no se cierra");
        break;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        strbuf_puts(b, "el atributo ");
        put_name(b, e->str1);
        strbuf_puts(b, " no tiene valor");
        break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
    case XML_NS_ERR_ATTRIBUTE_REDEFINED:
        strbuf_puts(b, "el atributo ");
        put_name(b, e->str1);
        strbuf_puts(b, " aparece dos veces en el mismo elemento");
        break;
    case XML_ERR_COMMENT_NOT_FINISHED:
        strbuf_puts(b, "un comentario no se cierra con «-->»");
        break;
    case XML_ERR_PI_NOT_STARTED:
    case XML_ERR_PI_NOT_FINISHED:
        strbuf_puts(b, "una instrucción de procesamiento «<?…?>» está mal formada");
        break;
    case XML_ERR_MISPLACED_CDATA_END:
        strbuf_puts(b, "la secuencia «]]>» no se admite en el texto");
        break;
    case XML_ERR_CDATA_NOT_FINISHED:
        strbuf_puts(b, "una sección CDATA no se cierra con «]]>»");
        break;
    case XML_ERR_RESERVED_XML_NAME:
        strbuf_puts(b, "la declaración «<?xml …?>» solo puede ir al principio del archivo");
        break;
    case XML_ERR_SPACE_REQUIRED:
        strbuf_puts(b, "falta un espacio (entre atributos o en una declaración)");
        break;
    case XML_ERR_GT_REQUIRED:
        strbuf_puts(b, "la etiqueta ");
        put_name(b, e->str1);
        strbuf_puts(b, " no se cierra con «>»");
        break;
    case XML_ERR_LTSLASH_REQUIRED:
        strbuf_puts(b, "se esperaba una etiqueta de cierre «</»");
        break;
    case XML_ERR_EQUAL_REQUIRED:
        strbuf_puts(b, "se esperaba «=» después del nombre de un atributo");
        break;
    case XML_ERR_TAG_NAME_MISMATCH:
        strbuf_puts(b, "la etiqueta ");
        put_name(b, e->str1);
        strbuf_printf(b, " abierta en la línea %d se cierra como ", e->int1);
        put_name(b, e->str2);
        break;
    case XML_ERR_TAG_NOT_FINISHED:
        strbuf_puts(b, "el archivo termina sin cerrar la etiqueta ");
        put_name(b, e->str1);
        strbuf_printf(b, " abierta en la línea %d", e->int1);
        break;
    case XML_ERR_UNKNOWN_VERSION:
        strbuf_puts(b, "versión de XML no admitida ");
        put_name(b, e->str1);
        strbuf_puts(b, "; se espera 1.0");
        break;
    case XML_ERR_UNSUPPORTED_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
        strbuf_puts(b, "codificación no admitida");
        if (e->str1 != NULL) {
            strbuf_putc(b, ' ');
            put_name(b, e->str1);
        }
        strbuf_puts(b, "; paa solo lee UTF-8");
        break;
    case XML_ERR_XMLDECL_NOT_FINISHED:
    case XML_ERR_XMLDECL_NOT_STARTED:
    case XML_ERR_VERSION_MISSING:
        strbuf_puts(b, "la declaración «<?xml version=\"1.0\"?>» está mal formada");
        break;
    case XML_NS_ERR_UNDEFINED_NAMESPACE:
        strbuf_puts(b, "el prefijo de espacio de nombres ");
        put_name(b, e->str1);
        strbuf_puts(b, " no está declarado (los archivos de paa no usan prefijos)");
        break;
    case XML_NS_ERR_QNAME:
    case XML_NS_ERR_EMPTY:
    case XML_NS_ERR_COLON:
        strbuf_puts(b, "nombre con prefijo mal formado ");
        put_name(b, e->str1);
        break;
    case XML_ERR_NO_MEMORY:
        strbuf_puts(b, "memoria insuficiente para leer el documento");
        break;
    default:
        if (e->message != NULL && strncmp(e->message, "Excessive depth", 15) == 0)
            strbuf_printf(b, "los elementos se anidan más de %d niveles", e->int1);
        else if (e->message != NULL && strncmp(e->message, "Huge input lookup", 17) == 0)
            strbuf_puts(b, "un nombre o un texto excede el tamaño que se admite");
        else
            strbuf_printf(b, "error de sintaxis (código %d del analizador XML)", e->code);
    }
}

/* True when English words survived the phrase translation of a schema
 * message (quoted names and values aside): then a generic Spanish
 * sentence is shown instead. */
static bool english_left(const char *msg)
{
    static const char *const words[] = {" is ", " the ", " not ", "allowed", "xpected",
                                        "missing", " because", " must ", " of ", "ailed",
                                        " cannot ", " does ", " has ", " an "};
    strbuf b = {0};
    bool quoted = false;
    for (const char *c = msg; *c != '\0'; c++) {
        if (*c == '\'')
            quoted = !quoted;
        else if (!quoted)
            strbuf_putc(&b, *c);
    }
    const char *plain = strbuf_str(&b);
    bool found = false;
    for (size_t i = 0; i < sizeof words / sizeof words[0] && !found; i++)
        found = strstr(plain, words[i]) != NULL;
    strbuf_free(&b);
    return found;
}

static char *describe_schema_error(const xmlError *e)
{
    char *msg = translate(e->message != NULL ? e->message : "");
    if (msg != NULL && !english_left(msg) && msg[0] != '\0')
        return msg;
    free(msg);
    return paa_format("el elemento no cumple el esquema (código %d del validador)", e->code);
}

static void report_xml_error(xml_state *st, diag_rule_id rule,
                             const xmlError *e)
{
    if (e->level == XML_ERR_WARNING)
        return;
    st->errors++;
    char *msg;
    if (rule == RULE_ESQUEMA) {
        msg = describe_schema_error(e);
    } else {
        strbuf b = {0};
        describe_parse_error(e, &b);
        msg = strbuf_take(&b);
    }
    const char *what = rule == RULE_ESQUEMA ? "no se ajusta al esquema" : "XML mal formado";
    if (msg == NULL) {
        st->d->oom = true;
        return;
    }
    diag_add(st->d, rule, st->path, e->line, NULL, "%s: %s", what, msg);
    if (rule == RULE_XML)
        diag_set_column(st->d, e->int2);
    free(msg);
}

/* ---- schema errors in the project's words -------------------------------- */

/* What a value must look like, by the attribute or element it belongs to
 * (the names of input/schema/programa.xsd and avance.xsd). */
static const char *const value_expectations[][2] = {
    {"subprogramas", "un número entero de 0 a 100000"},
    {"proyectos", "un número entero de 0 a 100000"},
    {"actividades", "un número entero de 0 a 100000"},
    {"anio", "un año de 2000 a 2100"},
    {"fecha", "una fecha AAAA-MM-DD"},
    {"numero", "un número romano (I, II, III…)"},
    {"reconstruidos", "meses (ene … dic) o «anual» separados por espacios"},
    {"version", "«1»"},
};

static const char *expectation(const char *name)
{
    for (size_t i = 0; i < sizeof value_expectations / sizeof value_expectations[0]; i++)
        if (strcmp(value_expectations[i][0], name) == 0)
            return value_expectations[i][1];
    return "un texto no vacío";
}

/* Copies the text between `open` and the next `close` after `from` into
 * buf; false when absent. */
static bool quoted(const char *from, const char *open, char close, char *buf, size_t size)
{
    const char *s = from != NULL ? strstr(from, open) : NULL;
    if (s == NULL)
        return false;
    s += strlen(open);
    const char *e = strchr(s, close);
    if (e == NULL)
        return false;
    snprintf(buf, size, "%.*s", (int)(e - s), s);
    return true;
}

/* "( a, b )" of libxml2's "Expected is ( a, b )" as "<a>, <b>". */
static void expected_list(const char *msg, char *buf, size_t size)
{
    char raw[256];
    buf[0] = '\0';
    if (!quoted(msg, "Expected is one of ( ", ')', raw, sizeof raw) &&
        !quoted(msg, "Expected is ( ", ')', raw, sizeof raw))
        return;
    size_t o = 0;
    char *save = NULL;
    for (char *tok = strtok_r(raw, ", ", &save); tok != NULL && o < size;
         tok = strtok_r(NULL, ", ", &save))
        o += (size_t)snprintf(buf + o, size - o, "%s<%s>", o ? ", " : "", tok);
}

/*
 * The project's Spanish wording of one schema error; NULL when the error
 * is of a kind not recognised (the literal translation is used then).
 */
static char *schema_message(const xmlError *e)
{
    const char *m = e->message != NULL ? e->message : "";
    char elem[128] = "", attr[128] = "", value[256] = "", list[300];
    quoted(m, "Element '", '\'', elem, sizeof elem);
    bool has_attr = quoted(m, "attribute '", '\'', attr, sizeof attr);
    const xmlNode *n = e->node;
    const char *parent = n != NULL && n->parent != NULL && n->parent->type == XML_ELEMENT_NODE
                             ? (const char *)n->parent->name : NULL;
    if (strstr(m, "This element is not expected") != NULL) {
        expected_list(m, list, sizeof list);
        return paa_format("el elemento <%s> no va aquí%s%s%s%s%s", elem,
                          parent != NULL ? " dentro de <" : "", parent != NULL ? parent : "",
                          parent != NULL ? ">" : "",
                          list[0] ? (strchr(list, ',') ? "; se esperaba uno de " : "; se esperaba ")
                                  : "", list);
    }
    if (strstr(m, "Missing child element") != NULL) {
        expected_list(m, list, sizeof list);
        return paa_format("a <%s> le falta %s", elem, list[0] ? list : "un elemento");
    }
    if (strstr(m, "is required but missing") != NULL &&
        quoted(m, "The attribute '", '\'', attr, sizeof attr))
        return paa_format("a <%s> le falta el atributo «%s»", elem, attr);
    if (strstr(m, "is not allowed") != NULL && has_attr)
        return paa_format("el atributo «%s» no está permitido en <%s>", attr, elem);
    const char *name = has_attr ? attr : elem;
    bool empty = strstr(m, "has a length of '0'") != NULL;
    if (!empty && !quoted(m, "The value '", '\'', value, sizeof value) &&
        !quoted(m, ": '", '\'', value, sizeof value))
        return NULL;
    if (empty || value[0] == '\0')
        return has_attr ? paa_format("el atributo «%s» de <%s> está vacío; se espera %s",
                                     attr, elem, expectation(name))
                        : paa_format("<%s> está vacío; se espera %s", elem, expectation(name));
    if (has_attr)
        return paa_format("«%s» no es un valor válido del atributo «%s» de <%s>: se espera %s",
                          value, attr, elem, expectation(name));
    return paa_format("«%s» no es un valor válido de <%s>: se espera %s", value, elem,
                      expectation(name));
}

static void remember_invalid(xml_state *st, const xmlNode *n)
{
    xmlread_invalid *inv = st->invalid;
    if (inv == NULL || n == NULL)
        return;
    for (size_t i = 0; i < inv->n; i++)
        if (inv->nodes[i] == n)
            return;
    const xmlNode **grown = realloc(inv->nodes, (inv->n + 1) * sizeof *grown);
    if (grown == NULL) {
        st->d->oom = true;
        return;
    }
    inv->nodes = grown;
    inv->nodes[inv->n++] = n;
}

/* One finding per element and attribute: libxml2 reports a failed facet
 * and then the failed type of the same value. */
static bool repeated(xml_state *st, const xmlError *e)
{
    char attr[128] = "";
    quoted(e->message, "attribute '", '\'', attr, sizeof attr);
    char *key = paa_format("%p %s", (const void *)e->node, attr);
    bool same = key != NULL && st->last_key != NULL && strcmp(key, st->last_key) == 0;
    free(st->last_key);
    st->last_key = key;
    return same;
}

/* The clave of the nearest element around n that has one (the activity or
 * project a schema error is in), or NULL; free with xmlFree. */
static xmlChar *enclosing_clave(const xmlNode *n)
{
    for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
        xmlChar *c = xmlGetProp(n, (const xmlChar *)"clave");
        if (c != NULL)
            return c;
    }
    return NULL;
}

static void report_schema_error(xml_state *st, const xmlError *e)
{
    if (e->level == XML_ERR_WARNING)
        return;
    if (e->node == NULL) {   /* the schema itself, or no node to point at */
        report_xml_error(st, RULE_ESQUEMA, e);
        return;
    }
    st->errors++;
    remember_invalid(st, e->node);
    if (repeated(st, e))
        return;
    char *raw = translate(e->message != NULL ? e->message : "");
    char *msg = schema_message(e);
    xmlChar *clave = enclosing_clave(e->node);
    diag_add(st->d, RULE_ESQUEMA, st->path, e->line, (const char *)clave, "%s",
             msg != NULL ? msg : raw != NULL ? raw : "no se ajusta al esquema");
    xmlFree(clave);
    diag_set_detail(st->d, raw);
    free(raw);
    free(msg);
}

static void on_parse_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    xml_state *st = ctxt->_private;
    /* The stop we trigger for a DOCTYPE is reported once, by us. */
    if (st->doctype_line > 0 || st->errors > 0)
        return;
    report_xml_error(st, RULE_XML, e);
}

static void on_schema_error(void *data, xmlErrorPtr e)
{
    report_schema_error(data, e);
}

static void on_schema_parse_error(void *data, xmlErrorPtr e)
{
    report_xml_error(data, RULE_ESQUEMA, e);
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

/* Limit on a schema file (they are a few KB). */
#define SCHEMA_MAX_BYTES (4L * 1024 * 1024)

/*
 * The schemas are paa's own data: one that is missing means PAA_DATA_DIR
 * (or the installation) is wrong, which is said in one line. The schema is
 * read like any input and parsed from memory, so libxml2 never opens a
 * file (nor prints its "I/O warning").
 */
static xmlSchemaPtr load_schema(const char *schema_path, diag_list *d)
{
    struct stat sb;
    if (stat(schema_path, &sb) != 0 && errno == ENOENT) {
        diag_add(d, RULE_IO, schema_path, 0, NULL,
                 "no se encuentra el esquema; los datos de paa (esquemas, diseños, "
                 "fuentes) se buscan en «%s» (variable PAA_DATA_DIR)", datadir());
        return NULL;
    }
    char *buf;
    size_t len;
    if (input_read(schema_path, SCHEMA_MAX_BYTES, &buf, &len, d) != 0)
        return NULL;
    xml_state schema_st = {.path = schema_path, .d = d};
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(buf, (int)len);
    xmlSchemaPtr schema = NULL;
    if (pctxt != NULL) {
        xmlSchemaSetParserStructuredErrors(pctxt, on_schema_parse_error, &schema_st);
        schema = xmlSchemaParse(pctxt);
        xmlSchemaFreeParserCtxt(pctxt);
    }
    free(buf);
    if (schema == NULL && schema_st.errors == 0)
        diag_add(d, RULE_IO, schema_path, 0, NULL, "no se puede leer el esquema");
    return schema;
}

static bool validate(xmlDocPtr doc, const char *schema_path, xml_state *st)
{
    xmlSchemaPtr schema = load_schema(schema_path, st->d);
    if (schema == NULL)
        return false;
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
    bool ok = false;
    if (vctxt != NULL) {
        xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, st);
        ok = xmlSchemaValidateDoc(vctxt, doc) == 0 && st->errors == 0;
        xmlSchemaFreeValidCtxt(vctxt);
    }
    free(st->last_key);
    st->last_key = NULL;
    xmlSchemaFree(schema);
    if (!ok && st->errors == 0)
        diag_add(st->d, RULE_ESQUEMA, st->path, 0, NULL,
                 "no se ajusta al esquema %s", schema_path);
    return ok;
}

static xmlDocPtr parse_buffer(const char *path, const char *buf, size_t len,
                              const char *schema_path, xmlread_invalid *invalid,
                              diag_list *d)
{
    xml_state st = {.path = path, .d = d};
    if (len == 0) {
        diag_add(d, RULE_XML, path, 1, NULL, "XML mal formado: el archivo está vacío");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) {
        diag_add(d, RULE_IO, path, 0, NULL, "el archivo es demasiado grande");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        diag_add(d, RULE_IO, path, 0, NULL, "memoria insuficiente");
        return NULL;
    }
    ctxt->_private = &st;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->serror = on_parse_error;
    /* Never NOENT, DTDLOAD, DTDVALID or HUGE: see the header. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    /* Declaring the encoding disables libxml2's converters: a file that
     * claims another encoding is read as the UTF-8 it must be. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, "UTF-8", options);
    bool refused = st.doctype_line > 0;
    xmlFreeParserCtxt(ctxt);

    if (refused) {
        xmlFreeDoc(doc);
        diag_add(d, RULE_XML, path, st.doctype_line, NULL,
                 "el documento declara un DOCTYPE; no se admiten DTD ni "
                 "entidades (riesgo de entidades externas o expansión)");
        return NULL;
    }
    if (doc == NULL || st.errors > 0) {
        xmlFreeDoc(doc);
        if (st.errors == 0)
            diag_add(d, RULE_XML, path, 0, NULL, "XML mal formado");
        return NULL;
    }
    st.invalid = invalid;
    if (schema_path != NULL && !validate(doc, schema_path, &st) &&
        (invalid == NULL || invalid->n == 0)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

xmlDocPtr xmlread_file_partial(const char *path, long max_bytes, const char *schema_path,
                               xmlread_invalid *invalid, char **source, diag_list *d)
{
    invalid->nodes = NULL;
    invalid->n = 0;
    if (source != NULL)
        *source = NULL;
    char *buf = NULL;
    size_t len = 0;
    if (read_file(path, max_bytes, &buf, &len, d) != 0)
        return NULL;
    xmlDocPtr doc = parse_buffer(path, buf, len, schema_path, invalid, d);
    if (doc != NULL && source != NULL)
        *source = buf;
    else
        free(buf);
    return doc;
}

xmlDocPtr xmlread_file(const char *path, long max_bytes, const char *schema_path,
                       diag_list *d)
{
    xmlread_invalid invalid;
    xmlDocPtr doc = xmlread_file_partial(path, max_bytes, schema_path, &invalid, NULL, d);
    if (doc != NULL && invalid.n > 0) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlread_invalid_free(&invalid);
    return doc;
}

void xmlread_invalid_free(xmlread_invalid *invalid)
{
    free(invalid->nodes);
    invalid->nodes = NULL;
    invalid->n = 0;
}

/* ---- DOM helpers ---------------------------------------------------------- */

bool xmlread_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const xmlNode *xmlread_child(const xmlNode *n, const char *name)
{
    if (n == NULL)
        return NULL;
    for (const xmlNode *c = n->children; c != NULL; c = c->next)
        if (xmlread_is(c, name))
            return c;
    return NULL;
}

size_t xmlread_count(const xmlNode *n, const char *name)
{
    size_t k = 0;
    if (n == NULL)
        return 0;
    for (const xmlNode *c = n->children; c != NULL; c = c->next)
        k += xmlread_is(c, name);
    return k;
}

int xmlread_line(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

const char *xmlread_collapse(paa_arena *a, const char *s, bool *oom)
{
    size_t len = strlen(s);
    char *out = paa_arena_alloc(a, len + 1);
    if (out == NULL) {
        *oom = true;
        return "";
    }
    size_t o = 0;
    bool space = true;
    for (size_t i = 0; i < len; i++) {
        bool blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (!blank)
            out[o++] = s[i];
        else if (!space)
            out[o++] = ' ';
        space = blank;
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

const char *xmlread_text(paa_arena *a, const xmlNode *n, bool *oom)
{
    if (n == NULL)
        return NULL;
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = xmlread_collapse(a, raw != NULL ? (const char *)raw : "", oom);
    xmlFree(raw);
    return s;
}

const char *xmlread_attr(paa_arena *a, const xmlNode *n, const char *name, bool *oom)
{
    xmlChar *raw = xmlGetProp(n, (const xmlChar *)name);
    if (raw == NULL)
        return NULL;
    const char *s = xmlread_collapse(a, (const char *)raw, oom);
    xmlFree(raw);
    return s;
}

bool xmlread_text_fits(const xmlNode *n, const char *s, const char *file,
                       const char *clave, diag_list *d)
{
    size_t chars = s != NULL ? utf8_chars(s) : 0;
    if (chars <= PAA_TEXT_MAX)
        return true;
    diag_add(d, RULE_TEXTO_LARGO, file, xmlread_line(n), clave,
             "el texto de <%s> tiene %zu caracteres; una celda de Excel admite "
             "%d como máximo", (const char *)n->name, chars, PAA_TEXT_MAX);
    return false;
}
