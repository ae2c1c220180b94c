/* json: the change list as versioned JSON ("formato": "paa-diff/1"); the
 * README describes every key. */
#include <stdlib.h>
#include <string.h>

#include "diff/interno.h"
#include "write/export.h"

static void str(FILE *f, const char *s)
{
    export_json_string(f, s);
}

static void linea(FILE *f, int l)
{
    if (l > 0)
        fprintf(f, "%d", l);
    else
        fputs("null", f);
}

/* `, "key": "value"` (sep is what goes before the key). */
static void k_str(FILE *f, const char *sep, const char *key, const char *v)
{
    fprintf(f, "%s\"%s\": ", sep, key);
    str(f, v);
}

/* `, "key": 12` or null for 0 (no line, no index). */
static void k_linea(FILE *f, const char *sep, const char *key, int l)
{
    fprintf(f, "%s\"%s\": ", sep, key);
    linea(f, l);
}

static void valor(FILE *f, const diff_campo *c, const diff_valor *v)
{
    char buf[DIFF_NUM_BUFSZ];
    if (!v->presente) {
        fputs("null", f);
    } else if (c->es_cantidad) {
        paa_dec_format(v->cantidad, false, buf);
        fputs(buf, f);
    } else {
        str(f, v->texto);
    }
}

static void campo(FILE *f, const char *ind, const diff_campo *c, bool last)
{
    char etiqueta[96];
    fputs(ind, f);
    k_str(f, "{", "campo", diff_campo_id(c));
    k_str(f, ", ", "mes", c->tipo == DIFF_CAMPO_MES ? paa_month_key[c->mes] : NULL);
    k_str(f, ", ", "item", c->item);
    k_linea(f, ", ", "indice", c->indice);
    k_str(f, ", ", "etiqueta", diff_campo_etiqueta(c, etiqueta, sizeof etiqueta));
    fputs(", \"anterior\": ", f);
    valor(f, c, &c->antes);
    fputs(", \"nuevo\": ", f);
    valor(f, c, &c->despues);
    k_linea(f, ", ", "linea_anterior", c->linea_antes);
    k_linea(f, ", ", "linea_nueva", c->linea_despues);
    fprintf(f, ", \"mes_cerrado\": %s", c->mes_cerrado ? "true" : "false");
    k_str(f, ", ", "nota", c->nota);
    fputs(last ? "}\n" : "},\n", f);
}

static void dec_or_null(FILE *f, bool known, paa_dec v)
{
    char buf[DIFF_NUM_BUFSZ];
    if (!known) {
        fputs("null", f);
        return;
    }
    paa_dec_format(v, false, buf);
    fputs(buf, f);
}

static void trimestres(FILE *f, const diff_nodo *n)
{
    fputs("[", f);
    bool first = true;
    for (int q = 0; q < 4; q++) {
        const diff_trimestre *t = &n->trimestres[q];
        if (!t->cambia)
            continue;
        fprintf(f, "%s{\"trimestre\": %d, \"anterior\": ", first ? "" : ", ", q + 1);
        dec_or_null(f, t->conocido, t->antes);
        fputs(", \"nuevo\": ", f);
        dec_or_null(f, t->conocido, t->despues);
        fputs("}", f);
        first = false;
    }
    fputs("]", f);
}

static void avisos(FILE *f, unsigned a)
{
    static const char *const ids[] = {"mes-cerrado", "suma-rota", "suma-corregida"};
    fputs("[", f);
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (a & (1u << i)) {
            fputs(first ? "" : ", ", f);
            str(f, ids[i]);
            first = false;
        }
    }
    fputs("]", f);
}

static void nodo(FILE *f, const diff_nodo *n, int depth, bool last)
{
    char ind[64];
    int w = 2 * depth < (int)sizeof ind - 3 ? 2 * depth : (int)sizeof ind - 3;
    memset(ind, ' ', (size_t)w + 2);
    ind[w + 2] = '\0';
    const char *in = ind + 2;   /* the node's own indentation */
    fprintf(f, "{\n%s", ind);
    k_str(f, "", "nivel", diff_nivel_id(n->nivel));
    k_str(f, ", ", "tipo", diff_tipo_id(n->tipo));
    fprintf(f, ",\n%s", ind);
    k_str(f, "", "clave_anterior", n->clave_antes);
    k_str(f, ", ", "clave_nueva", n->clave_despues);
    k_linea(f, ", ", "linea_anterior", n->linea_antes);
    k_linea(f, ", ", "linea_nueva", n->linea_despues);
    fprintf(f, ",\n%s", ind);
    k_str(f, "", "titulo", n->titulo);
    fprintf(f, ",\n%s\"movido\": %s", ind, n->movido ? "true" : "false");
    k_str(f, ", ", "contenedor_anterior", n->contenedor_antes);
    k_str(f, ", ", "contenedor_nuevo", n->contenedor_despues);
    fprintf(f, ",\n%s", ind);
    k_str(f, "", "motivo", n->motivo);
    fprintf(f, ",\n%s\"campos\": [%s", ind, n->n_campos ? "\n" : "");
    for (size_t i = 0; i < n->n_campos; i++) {
        fputs(ind, f);
        campo(f, "  ", &n->campos[i], i + 1 == n->n_campos);
    }
    fprintf(f, "%s],\n%s\"trimestres\": ", n->n_campos ? ind : "", ind);
    trimestres(f, n);
    fputs(", \"avisos\": ", f);
    avisos(f, n->avisos);
    fprintf(f, ",\n%s\"hijos\": [", ind);
    for (size_t i = 0; i < n->n_hijos; i++) {
        fprintf(f, "%s", i ? "" : "\n");
        fputs(ind, f);
        fputs("  ", f);
        nodo(f, &n->hijos[i], depth + 2, i + 1 == n->n_hijos);
    }
    fprintf(f, "%s]\n%s}%s", n->n_hijos ? ind : "", in, last ? "\n" : ",\n");
}

static void hallazgos(FILE *f, const char *key, const diff_hallazgos *h, bool last)
{
    fprintf(f, "    \"%s\": [%s", key, h->n ? "\n" : "");
    for (size_t i = 0; i < h->n; i++) {
        const diff_hallazgo *x = &h->items[i];
        k_str(f, "      {", "archivo", x->archivo);
        k_linea(f, ", ", "linea", x->linea);
        k_str(f, ", ", "severidad", diag_severity_name(x->severidad));
        k_str(f, ", ", "regla", x->regla);
        k_str(f, ", ", "clave", x->clave);
        k_str(f, ", ", "mensaje", x->mensaje);
        fputs(i + 1 == h->n ? "}\n" : "},\n", f);
    }
    fprintf(f, "%s]%s\n", h->n ? "    " : "", last ? "" : ",");
}

static void version(FILE *f, const char *key, const diff_version *v)
{
    fprintf(f, "  \"%s\": {\"archivo\": ", key);
    str(f, v->archivo);
    fprintf(f, ", \"subprogramas\": %zu, \"proyectos\": %zu, \"actividades\": %zu},\n",
            v->subprogramas, v->proyectos, v->actividades);
}

static void conteos(FILE *f, const char *key, const size_t *n)
{
    fprintf(f, "    \"%s\": {\"agregado\": %zu, \"eliminado\": %zu, \"modificado\": %zu, "
               "\"renumerado\": %zu},\n",
            key, n[DIFF_AGREGADO], n[DIFF_ELIMINADO], n[DIFF_MODIFICADO], n[DIFF_RENUMERADO]);
}

int diff_write_json(const diff_result *r, FILE *f)
{
    char *frase = diff_resumen_frase(r);
    if (frase == NULL)
        return -1;
    fputs("{\n  \"formato\": ", f);
    str(f, DIFF_JSON_FORMATO);
    fputs(",\n", f);
    version(f, "anterior", &r->antes);
    version(f, "nuevo", &r->despues);
    fputs("  \"corte\": ", f);
    str(f, r->corte > 0 ? paa_month_key[r->corte - 1] : NULL);
    fputs(",\n  \"linea_base\": ", f);
    str(f, r->linea_base);
    fprintf(f, ",\n  \"hay_cambios\": %s,\n  \"resumen\": {\n    \"texto\": ",
            diff_hay_cambios(r) ? "true" : "false");
    str(f, frase);
    free(frase);
    fputs(",\n", f);
    conteos(f, "actividades", r->resumen.n[DIFF_ACTIVIDAD]);
    conteos(f, "proyectos", r->resumen.n[DIFF_PROYECTO]);
    conteos(f, "subprogramas", r->resumen.n[DIFF_SUBPROGRAMA]);
    fprintf(f, "    \"movidas\": %zu, \"meses_cerrados\": %zu, \"sumas_rotas\": %zu, "
               "\"sumas_corregidas\": %zu,\n",
            r->resumen.movidas, r->resumen.meses_cerrados, r->resumen.sumas_rotas,
            r->resumen.sumas_corregidas);
    fprintf(f, "    \"hallazgos_nuevos\": %zu, \"hallazgos_resueltos\": %zu, "
               "\"linea_base_obsoleta\": %zu\n  },\n  \"programa\": ",
            r->nuevos.n, r->resueltos.n, r->obsoletas.n);
    nodo(f, &r->raiz, 1, false);
    fputs("  \"hallazgos\": {\n", f);
    hallazgos(f, "nuevos", &r->nuevos, false);
    hallazgos(f, "resueltos", &r->resueltos, false);
    hallazgos(f, "linea_base_obsoleta", &r->obsoletas, true);
    fputs("  }\n}\n", f);
    return 0;
}
