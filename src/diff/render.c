/* render: what every diff format shares (names, labels, values, summary)
 * and the format dispatch. See diff.h and interno.h. */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "diff/interno.h"

/* ---- fields -------------------------------------------------------------- */

typedef struct {
    const char *id, *etiqueta;
} campo_info;

/* Indexed by diff_campo_tipo. */
static const campo_info campos[] = {
    [DIFF_CAMPO_TOTAL_SUBPROGRAMAS] = {"totales-subprogramas", "Subprogramas declarados en los totales"},
    [DIFF_CAMPO_TOTAL_PROYECTOS] = {"totales-proyectos", "Proyectos declarados en los totales"},
    [DIFF_CAMPO_TOTAL_ACTIVIDADES] = {"totales-actividades", "Actividades declaradas en los totales"},
    [DIFF_CAMPO_DOCUMENTO] = {"documento", "Documento"},
    [DIFF_CAMPO_TEXTO] = {"texto", "Texto"},
    [DIFF_CAMPO_AREA] = {"area", "Área responsable"},
    [DIFF_CAMPO_TITULO] = {"titulo", "Título"},
    [DIFF_CAMPO_OBJETIVO] = {"objetivo", "Objetivo"},
    [DIFF_CAMPO_MARCO_LEGAL] = {"marco-legal", "Marco legal"},
    [DIFF_CAMPO_PROYECTOS_DECLARADOS] = {"proyectos-declarados", "Proyectos declarados"},
    [DIFF_CAMPO_ACTIVIDADES_DECLARADAS] = {"actividades-declaradas", "Actividades declaradas"},
    [DIFF_CAMPO_NOMBRE] = {"nombre", "Nombre"},
    [DIFF_CAMPO_DESCRIPCION] = {"descripcion", "Descripción"},
    [DIFF_CAMPO_UNIDAD] = {"unidad", "Unidad de medida"},
    [DIFF_CAMPO_ANUAL] = {"anual", "Cantidad anual"},
    [DIFF_CAMPO_MES] = {"mes", "Mes"},
    [DIFF_CAMPO_BENEF_TIPO] = {"beneficiarios-tipo", "Tipo de beneficiarios"},
    [DIFF_CAMPO_BENEF_CANTIDAD] = {"beneficiarios-cantidad", "Cantidad de beneficiarios"},
    [DIFF_CAMPO_RECONSTRUIDOS] = {"reconstruidos", "Valores reconstruidos (marcas)"},
};

/* <documento> fields and text sections by their JSON item. */
static const char *const documento_items[][2] = {
    {"titulo", "Título del documento"},
    {"institucion", "Institución"},
    {"siglas", "Siglas"},
    {"lugar", "Lugar"},
    {"fecha", "Fecha de aprobación"},
    {"lema", "Lema"},
    {"despedida", "Despedida"},
    {"firma-cargo", "Cargo de quien firma"},
    {"firma-nombre", "Nombre de quien firma"},
    {"creditos", "Créditos, línea"},
    {"presentacion", "Presentación, párrafo"},
    {"marco-legal", "Marco legal del programa, elemento"},
    {"fines", "Fines institucionales, fin"},
    {"objetivos", "Objetivos generales, elemento"},
    {"politicas", "Políticas, párrafo"},
};

const char *diff_campo_id(const diff_campo *c)
{
    return campos[c->tipo].id;
}

const char *diff_campo_etiqueta(const diff_campo *c, char *buf, size_t size)
{
    const char *base = campos[c->tipo].etiqueta;
    if (c->tipo == DIFF_CAMPO_MES && c->mes >= 0 && c->mes < PAA_MONTHS) {
        snprintf(buf, size, "%c%s", paa_month_name[c->mes][0] - 'a' + 'A',
                 paa_month_name[c->mes] + 1);
        return buf;
    }
    for (size_t i = 0; c->item != NULL && i < sizeof documento_items / sizeof documento_items[0]; i++)
        if (strcmp(documento_items[i][0], c->item) == 0)
            base = documento_items[i][1];
    if (c->tipo == DIFF_CAMPO_TEXTO)
        snprintf(buf, size, "%s %d", base, c->indice);
    else
        snprintf(buf, size, "%s", base);
    return buf;
}

const char *diff_valor_texto(const diff_campo *c, const diff_valor *v, char *buf)
{
    if (!v->presente)
        return "—";
    if (!c->es_cantidad)
        return v->texto;
    paa_dec_format(v->cantidad, true, buf);
    return buf;
}

/* ---- nodes --------------------------------------------------------------- */

static const char *const nivel_nombres[] = {"programa", "subprograma", "proyecto", "actividad"};

const char *diff_nivel_nombre(diff_nivel n)
{
    return nivel_nombres[n];
}

const char *diff_nivel_id(diff_nivel n)
{
    return nivel_nombres[n];
}

const char *diff_tipo_id(diff_tipo t)
{
    static const char *const ids[] = {"sin-cambio", "agregado", "eliminado", "modificado",
                                      "renumerado"};
    return ids[t];
}

const char *diff_tipo_palabra(diff_nivel n, diff_tipo t)
{
    static const char *const fem[] = {"", "agregada", "eliminada", "modificada", "renumerada"};
    static const char *const masc[] = {"", "agregado", "eliminado", "modificado", "renumerado"};
    return n == DIFF_ACTIVIDAD ? fem[t] : masc[t];
}

const char *diff_nodo_clave(const diff_nodo *n, char *buf, size_t size)
{
    if (n->clave_antes != NULL && n->clave_despues != NULL &&
        strcmp(n->clave_antes, n->clave_despues) != 0)
        snprintf(buf, size, "%s ⇒ %s", n->clave_antes, n->clave_despues);
    else
        snprintf(buf, size, "%s",
                 n->clave_despues ? n->clave_despues : n->clave_antes ? n->clave_antes : "");
    return buf;
}

static bool tiene_campo(const diff_nodo *n, diff_campo_tipo t)
{
    for (size_t i = 0; i < n->n_campos; i++)
        if (n->campos[i].tipo == t)
            return true;
    return false;
}

char *diff_nodo_titular(const diff_nodo *n)
{
    char clave[64];
    diff_nodo_clave(n, clave, sizeof clave);
    const char *nivel = diff_nivel_nombre(n->nivel);
    if (n->nivel == DIFF_PROGRAMA)
        return paa_format("programa%s", n->tipo == DIFF_MODIFICADO ? " modificado" : "");
    if (n->tipo == DIFF_RENUMERADO && n->movido)
        return paa_format("%s %s, %s a %s", nivel, clave,
                          n->nivel == DIFF_ACTIVIDAD ? "movida" : "movido",
                          n->contenedor_despues);
    if (n->tipo == DIFF_MODIFICADO && n->nivel == DIFF_PROYECTO &&
        tiene_campo(n, DIFF_CAMPO_NOMBRE))
        return paa_format("%s %s renombrado", nivel, clave);
    if (n->tipo == DIFF_SIN_CAMBIO)
        return paa_format("%s %s", nivel, clave);
    return paa_format("%s %s %s", nivel, clave, diff_tipo_palabra(n->nivel, n->tipo));
}

/* ---- summary ------------------------------------------------------------- */

char *diff_resumen_frase(const diff_result *r)
{
    static const char *const singular[] = {"", "subprograma", "proyecto", "actividad"};
    static const char *const plural[] = {"", "subprogramas", "proyectos", "actividades"};
    strbuf items = {0}, out = {0};
    size_t total = 0;
    for (int nivel = DIFF_ACTIVIDAD; nivel >= DIFF_SUBPROGRAMA; nivel--) {
        for (int t = DIFF_AGREGADO; t <= DIFF_RENUMERADO; t++) {
            size_t n = r->resumen.n[nivel][t];
            if (n == 0)
                continue;
            total += n;
            strbuf_printf(&items, "%s%zu %s %s%s", items.len ? ", " : "", n,
                          n == 1 ? singular[nivel] : plural[nivel],
                          diff_tipo_palabra((diff_nivel)nivel, (diff_tipo)t), n == 1 ? "" : "s");
            size_t mov = r->resumen.movidas;
            if (nivel == DIFF_ACTIVIDAD && t == DIFF_RENUMERADO && mov > 0)
                strbuf_printf(&items, " (%zu %s de proyecto)", mov, mov == 1 ? "movida" : "movidas");
        }
    }
    if (r->raiz.tipo == DIFF_MODIFICADO) {
        total++;
        strbuf_printf(&items, "%scambios en los totales declarados o los textos generales",
                      items.len ? ", " : "");
    }
    if (total == 0)
        strbuf_puts(&out, "sin cambios");
    else
        strbuf_printf(&out, "%zu %s: %s", total, total == 1 ? "cambio" : "cambios",
                      strbuf_str(&items));
    bool failed = items.failed;
    strbuf_free(&items);
    if (failed) {
        strbuf_free(&out);
        return NULL;
    }
    return strbuf_take(&out);
}

/* ---- walking ------------------------------------------------------------- */

static int recorrer(const diff_result *r, const diff_nodo *n, diff_visita f, void *ctx)
{
    for (size_t i = 0; i < n->n_hijos; i++) {
        int rc = f(r, &n->hijos[i], ctx);
        if (rc == 0)
            rc = recorrer(r, &n->hijos[i], f, ctx);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int diff_recorrer(const diff_result *r, diff_visita f, void *ctx)
{
    return recorrer(r, &r->raiz, f, ctx);
}

/* ---- formats ------------------------------------------------------------- */

bool diff_parse_formato(const char *s, diff_formato *f)
{
    static const struct {
        const char *name;
        diff_formato f;
    } names[] = {{"text", DIFF_TEXTO},         {"texto", DIFF_TEXTO},
                 {"json", DIFF_JSON},          {"markdown", DIFF_MARKDOWN},
                 {"md", DIFF_MARKDOWN},        {"github", DIFF_GITHUB}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *f = names[i].f;
            return true;
        }
    }
    return false;
}

int diff_write(const diff_result *r, diff_formato f, FILE *out)
{
    int rc;
    switch (f) {
    case DIFF_JSON:
        rc = diff_write_json(r, out);
        break;
    case DIFF_MARKDOWN:
        rc = diff_write_markdown(r, out);
        break;
    case DIFF_GITHUB:
        rc = diff_write_github(r, out);
        break;
    default:
        rc = diff_write_texto(r, out);
    }
    return rc != 0 || ferror(out) ? -1 : 0;
}
