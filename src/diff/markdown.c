/* markdown: the change list for a pull-request comment or a report, one
 * table per subprograma, worded for readers who are not programmers. */
#include <stdlib.h>
#include <string.h>

#include "diff/interno.h"

/* Longest title shown beside a clave, in characters; the full texts are
 * in the rows of the fields that changed. */
#define TITULO_MAX 90

/* Writes s for a table cell: Markdown punctuation escaped, "|" escaped,
 * line breaks as spaces; at most `max` characters (0: no limit), cut on a
 * character boundary with "…". */
static void celda_n(FILE *f, const char *s, size_t max)
{
    size_t chars = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c & 0xC0) != 0x80 && max > 0 && ++chars > max) {
            fputs("…", f);
            return;
        }
        if (*c == '\n' || *c == '\r' || *c == '\t')
            fputc(' ', f);
        else if (*c == '&')
            fputs("&amp;", f);
        else if (strchr("\\`*_[]<>|~#", *c) != NULL)
            fprintf(f, "\\%c", *c);
        else
            fputc(*c, f);
    }
}

static void celda(FILE *f, const char *s)
{
    celda_n(f, s, 0);
}

static void valor(FILE *f, const diff_campo *c, const diff_valor *v)
{
    char buf[DIFF_NUM_BUFSZ];
    celda(f, diff_valor_texto(c, v, buf));
}

static void lineas(FILE *f, int a, int b)
{
    a > 0 ? fprintf(f, "%d", a) : fputs("—", f);
    fputs(" → ", f);
    b > 0 ? fprintf(f, "%d", b) : fputs("—", f);
}

/* " | antes | después | líneas |" and the end of the row. */
static void antes_despues(FILE *f, const diff_campo *c)
{
    fputs(" | ", f);
    valor(f, c, &c->antes);
    fputs(" | ", f);
    valor(f, c, &c->despues);
    fputs(" | ", f);
    lineas(f, c->linea_antes, c->linea_despues);
    fputs(" |\n", f);
}

static const char CABECERA[] =
    "| Clave | Qué cambió | Antes | Después | Línea (antes → después) |\n"
    "| --- | --- | --- | --- | --- |\n";

static void fila_campo(FILE *f, const diff_campo *c)
{
    char etiqueta[96];
    fputs("| | ", f);
    celda(f, diff_campo_etiqueta(c, etiqueta, sizeof etiqueta));
    if (c->mes_cerrado)
        fputs(" ⚠️ mes ya cerrado", f);
    if (c->nota != NULL) {
        fputs(" (", f);
        celda(f, c->nota);
        fputs(")", f);
    }
    antes_despues(f, c);
}

/* An added or removed activity shows its twelve months in one row. */
static void fila_meses(FILE *f, const diff_nodo *n)
{
    bool nuevo = n->tipo == DIFF_AGREGADO;
    int la = 0, lb = 0;
    fputs("| | Programación mensual | ", f);
    for (int lado = 0; lado < 2; lado++) {
        bool este = lado == (nuevo ? 1 : 0);
        bool first = true;
        for (size_t i = 0; este && i < n->n_campos; i++) {
            const diff_campo *c = &n->campos[i];
            if (c->tipo != DIFF_CAMPO_MES)
                continue;
            char buf[DIFF_NUM_BUFSZ];
            fprintf(f, "%s%s %s%s", first ? "" : " · ", paa_month_key[c->mes],
                    diff_valor_texto(c, nuevo ? &c->despues : &c->antes, buf),
                    c->mes_cerrado ? " ⚠️" : "");
            first = false;
            la = la ? la : c->linea_antes;
            lb = lb ? lb : c->linea_despues;
        }
        if (!este || first)
            fputs("—", f);
        fputs(" | ", f);
    }
    lineas(f, la, lb);
    fputs(" |\n", f);
}

static void fila_trimestres(FILE *f, const diff_nodo *n)
{
    static const char *const meses[] = {"ene–mar", "abr–jun", "jul–sep", "oct–dic"};
    for (int q = 0; q < 4; q++) {
        const diff_trimestre *t = &n->trimestres[q];
        if (!t->cambia)
            continue;
        char a[DIFF_NUM_BUFSZ] = "—", b[DIFF_NUM_BUFSZ] = "—";
        if (t->conocido) {
            paa_dec_format(t->antes, true, a);
            paa_dec_format(t->despues, true, b);
        }
        fprintf(f, "| | Trimestre %d (%s), suma | %s | %s | |\n", q + 1, meses[q], a, b);
    }
}

static const char *que_cambio(const diff_nodo *n)
{
    static const char *const act[] = {"Actividad (sin cambios propios)", "Actividad nueva",
                                      "Actividad eliminada", "Actividad modificada",
                                      "Actividad renumerada"};
    static const char *const proy[] = {"Proyecto (cambios en sus actividades)", "Proyecto nuevo",
                                       "Proyecto eliminado", "Proyecto modificado",
                                       "Proyecto renumerado"};
    static const char *const sub[] = {"Subprograma", "Subprograma nuevo", "Subprograma eliminado",
                                      "Subprograma modificado", "Subprograma renumerado"};
    return n->nivel == DIFF_ACTIVIDAD ? act[n->tipo]
           : n->nivel == DIFF_PROYECTO ? proy[n->tipo]
                                       : sub[n->tipo];
}

static bool tiene_nombre(const diff_nodo *n)
{
    for (size_t i = 0; i < n->n_campos; i++)
        if (n->campos[i].tipo == DIFF_CAMPO_NOMBRE)
            return true;
    return false;
}

static void fila_nodo(FILE *f, const diff_nodo *n)
{
    char clave[64];
    fputs("| **", f);
    celda(f, diff_nodo_clave(n, clave, sizeof clave));
    fputs("** | ", f);
    if (n->nivel == DIFF_PROYECTO && n->tipo == DIFF_MODIFICADO && tiene_nombre(n))
        fputs("Proyecto renombrado", f);
    else
        fputs(que_cambio(n), f);
    if (n->movido)
        fprintf(f, " y movida al proyecto %s", n->contenedor_despues);
    if (n->titulo != NULL) {
        fputs(": «", f);
        celda_n(f, n->titulo, TITULO_MAX);
        fputs("»", f);
    }
    if (n->avisos & DIFF_AVISO_MES_CERRADO)
        fputs(" ⚠️ cambia meses ya cerrados", f);
    if (n->avisos & DIFF_AVISO_SUMA_ROTA)
        fputs(" ⚠️ la cantidad anual ya no es la suma de los meses", f);
    if (n->avisos & DIFF_AVISO_SUMA_CORREGIDA)
        fputs(" ✅ la cantidad anual vuelve a ser la suma de los meses", f);
    fputs(" | ", f);
    if (n->tipo == DIFF_RENUMERADO)
        fprintf(f, "%s | %s", n->clave_antes, n->clave_despues);
    else
        fputs(" | ", f);
    fputs(" | ", f);
    lineas(f, n->linea_antes, n->linea_despues);
    fputs(" |\n", f);
    bool colapsar = n->nivel == DIFF_ACTIVIDAD &&
                    (n->tipo == DIFF_AGREGADO || n->tipo == DIFF_ELIMINADO);
    for (size_t i = 0; i < n->n_campos; i++)
        if (!colapsar || n->campos[i].tipo != DIFF_CAMPO_MES)
            fila_campo(f, &n->campos[i]);
    if (colapsar)
        fila_meses(f, n);
    fila_trimestres(f, n);
    if (n->motivo != NULL) {
        fputs("| | Motivo | | ", f);
        celda(f, n->motivo);
        fputs(" | |\n", f);
    }
}

static void filas(FILE *f, const diff_nodo *n)
{
    if (n->tipo != DIFF_SIN_CAMBIO || n->nivel == DIFF_PROYECTO)
        fila_nodo(f, n);
    for (size_t i = 0; i < n->n_hijos; i++)
        filas(f, &n->hijos[i]);
}

static void subprograma(FILE *f, const diff_nodo *s)
{
    fputs("### Subprograma ", f);
    char clave[64];
    celda(f, diff_nodo_clave(s, clave, sizeof clave));
    if (s->titulo != NULL) {
        fputs(" — ", f);
        celda(f, s->titulo);
    }
    fprintf(f, "\n\n%s", CABECERA);
    filas(f, s);
    fputc('\n', f);
}

static void totales(FILE *f, const diff_result *r)
{
    const size_t a[] = {r->antes.subprogramas, r->antes.proyectos, r->antes.actividades};
    const size_t b[] = {r->despues.subprogramas, r->despues.proyectos, r->despues.actividades};
    const char *const nombres[] = {"Subprogramas", "Proyectos", "Actividades"};
    fputs("| En el archivo | Antes | Después |\n| --- | ---: | ---: |\n", f);
    for (int i = 0; i < 3; i++)
        fprintf(f, a[i] != b[i] ? "| %s | %zu | **%zu** |\n" : "| %s | %zu | %zu |\n",
                nombres[i], a[i], b[i]);
    fputc('\n', f);
}

static void generales(FILE *f, const diff_nodo *raiz)
{
    if (raiz->n_campos == 0)
        return;
    fputs("### Totales declarados y textos generales\n\n"
          "| Qué cambió | Antes | Después | Línea (antes → después) |\n"
          "| --- | --- | --- | --- |\n", f);
    for (size_t i = 0; i < raiz->n_campos; i++) {
        const diff_campo *c = &raiz->campos[i];
        char etiqueta[96];
        fputs("| ", f);
        celda(f, diff_campo_etiqueta(c, etiqueta, sizeof etiqueta));
        antes_despues(f, c);
    }
    fputc('\n', f);
}

static void hallazgos(FILE *f, const char *titulo, const diff_hallazgos *h)
{
    if (h->n == 0) {
        fprintf(f, "**%s:** ninguno.\n\n", titulo);
        return;
    }
    fprintf(f, "**%s (%zu):**\n\n| Archivo y línea | Tipo | Regla | Clave | Qué dice |\n"
               "| --- | --- | --- | --- | --- |\n", titulo, h->n);
    for (size_t i = 0; i < h->n; i++) {
        const diff_hallazgo *x = &h->items[i];
        fputs("| ", f);
        celda(f, x->archivo ? x->archivo : "");
        fprintf(f, ":%d | %s | `%s` | ", x->linea, diag_severity_name(x->severidad), x->regla);
        celda(f, x->clave ? x->clave : "");
        fputs(" | ", f);
        celda(f, x->mensaje);
        fputs(" |\n", f);
    }
    fputc('\n', f);
}

/* Each warning is a quoted paragraph of its own. */
static void avisos(FILE *f, const diff_result *r)
{
    size_t cerr = r->resumen.meses_cerrados, rotas = r->resumen.sumas_rotas;
    if (cerr > 0)
        fprintf(f, "> ⚠️ **%zu %s meses ya cerrados** (corte: %s): el avance de esos meses "
                   "ya se informó con la programación anterior.\n\n",
                cerr, cerr == 1 ? "actividad cambia" : "actividades cambian",
                paa_month_name[r->corte - 1]);
    if (rotas > 0)
        fprintf(f, "> ⚠️ **%zu %s** en las que la cantidad anual no es la suma de los doce "
                   "meses.\n\n",
                rotas, rotas == 1 ? "actividad queda" : "actividades quedan");
}

int diff_write_markdown(const diff_result *r, FILE *f)
{
    char *frase = diff_resumen_frase(r);
    if (frase == NULL)
        return -1;
    fputs("## Cambios al Programa Anual de Actividades\n\nSe compara «", f);
    celda(f, r->antes.archivo);
    fputs("» (antes) con «", f);
    celda(f, r->despues.archivo);
    fputs("» (después)", f);
    if (r->corte > 0)
        fprintf(f, ", con corte a %s", paa_month_name[r->corte - 1]);
    fputs(".\n\n**", f);
    celda(f, frase);
    fputs(".**\n\n", f);
    free(frase);
    totales(f, r);
    avisos(f, r);
    generales(f, &r->raiz);
    for (size_t i = 0; i < r->raiz.n_hijos; i++)
        subprograma(f, &r->raiz.hijos[i]);
    fputs("### Revisión del programa\n\n", f);
    hallazgos(f, "Hallazgos nuevos", &r->nuevos);
    hallazgos(f, "Hallazgos resueltos", &r->resueltos);
    if (r->linea_base != NULL)
        hallazgos(f, "Entradas de la línea base que quedan obsoletas", &r->obsoletas);
    return 0;
}
