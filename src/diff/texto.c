/* texto: the change list for a terminal or a log. Each node starts with
 * "archivo:línea:" (the new file's line; the old one for a removal) so
 * editors and CI link it, like the findings of `paa check`. */
#include <stdlib.h>
#include <string.h>

#include "diff/interno.h"

static int sangria(diff_nivel n)
{
    return n == DIFF_PROGRAMA ? 0 : 2 * ((int)n - 1);
}

/* "a:12" or "—" for a side without a line. */
static void lugar(char *buf, size_t size, const char *archivo, int linea)
{
    if (linea > 0)
        snprintf(buf, size, "%s:%d", archivo, linea);
    else
        snprintf(buf, size, "—");
}

static void valor(FILE *f, const diff_campo *c, const diff_valor *v)
{
    char buf[DIFF_NUM_BUFSZ];
    const char *s = diff_valor_texto(c, v, buf);
    if (v->presente && !c->es_cantidad)
        fprintf(f, "«%s»", s);
    else
        fputs(s, f);
}

static void campo(FILE *f, int ind, const diff_campo *c)
{
    char etiqueta[96];
    fprintf(f, "%*s%s: ", ind, "", diff_campo_etiqueta(c, etiqueta, sizeof etiqueta));
    valor(f, c, &c->antes);
    fputs(" → ", f);
    valor(f, c, &c->despues);
    if (c->mes_cerrado)
        fputs("  [mes cerrado]", f);
    if (c->nota != NULL)
        fprintf(f, "  [%s]", c->nota);
    if (c->linea_antes > 0 || c->linea_despues > 0) {
        fputs("  (líneas ", f);
        c->linea_antes > 0 ? fprintf(f, "%d", c->linea_antes) : fputs("—", f);
        fputs(" → ", f);
        c->linea_despues > 0 ? fprintf(f, "%d", c->linea_despues) : fputs("—", f);
        fputc(')', f);
    }
    fputc('\n', f);
}

/* An added or removed activity: its months on one line. */
static void meses(FILE *f, int ind, const diff_nodo *n)
{
    bool nuevo = n->tipo == DIFF_AGREGADO, first = true;
    int linea = 0;
    for (size_t i = 0; i < n->n_campos; i++) {
        const diff_campo *c = &n->campos[i];
        if (c->tipo != DIFF_CAMPO_MES)
            continue;
        char buf[DIFF_NUM_BUFSZ];
        fprintf(f, "%*s%s%s %s%s", first ? ind : 0, "",
                first ? "Programación mensual: " : " · ", paa_month_key[c->mes],
                diff_valor_texto(c, nuevo ? &c->despues : &c->antes, buf),
                c->mes_cerrado ? " [mes cerrado]" : "");
        linea = nuevo ? c->linea_despues : c->linea_antes;
        first = false;
    }
    if (!first)
        fprintf(f, "  (línea %d)\n", linea);
}

static void trimestres(FILE *f, int ind, const diff_nodo *n)
{
    for (int q = 0; q < 4; q++) {
        const diff_trimestre *t = &n->trimestres[q];
        if (!t->cambia)
            continue;
        fprintf(f, "%*sTrimestre %d (suma de sus meses): ", ind, "", q + 1);
        if (t->conocido) {
            char a[DIFF_NUM_BUFSZ], b[DIFF_NUM_BUFSZ];
            paa_dec_format(t->antes, true, a);
            paa_dec_format(t->despues, true, b);
            fprintf(f, "%s → %s%s\n", a, b, t->antes == t->despues ? " (sin cambio neto)" : "");
        } else {
            fputs("desconocida (falta algún mes)\n", f);
        }
    }
}

static void avisos(FILE *f, int ind, const diff_nodo *n, int corte)
{
    if (n->avisos & DIFF_AVISO_MES_CERRADO)
        fprintf(f, "%*saviso: cambia meses ya cerrados (corte: %s)\n", ind, "",
                paa_month_name[corte - 1]);
    if (n->avisos & DIFF_AVISO_SUMA_ROTA)
        fprintf(f, "%*saviso: la cantidad anual ya no es la suma de los doce meses\n", ind, "");
    if (n->avisos & DIFF_AVISO_SUMA_CORREGIDA)
        fprintf(f, "%*snota: la cantidad anual vuelve a ser la suma de los doce meses\n", ind, "");
}

static int nodo(const diff_result *r, const diff_nodo *n, void *ctx)
{
    FILE *f = ctx;
    int ind = sangria(n->nivel);
    char *titular = diff_nodo_titular(n);
    if (titular == NULL)
        return -1;
    char a[512], b[512];
    lugar(a, sizeof a, r->antes.archivo, n->linea_antes);
    lugar(b, sizeof b, r->despues.archivo, n->linea_despues);
    fprintf(f, "%*s%s: %s", ind, "", n->linea_despues > 0 ? b : a, titular);
    if (n->linea_despues > 0 && n->linea_antes > 0)
        fprintf(f, " (antes %s)", a);
    if (n->titulo != NULL && n->nivel != DIFF_PROGRAMA)
        fprintf(f, " «%s»", n->titulo);
    fputc('\n', f);
    free(titular);
    bool colapsar = n->nivel == DIFF_ACTIVIDAD &&
                    (n->tipo == DIFF_AGREGADO || n->tipo == DIFF_ELIMINADO);
    for (size_t i = 0; i < n->n_campos; i++)
        if (!colapsar || n->campos[i].tipo != DIFF_CAMPO_MES)
            campo(f, ind + 4, &n->campos[i]);
    if (colapsar)
        meses(f, ind + 4, n);
    trimestres(f, ind + 4, n);
    avisos(f, ind + 4, n, r->corte);
    if (n->motivo != NULL)
        fprintf(f, "%*smotivo: %s\n", ind + 4, "", n->motivo);
    return 0;
}

static void hallazgos(FILE *f, const char *titulo, const diff_hallazgos *h)
{
    fprintf(f, "%s (%zu)%s\n", titulo, h->n, h->n ? ":" : "");
    for (size_t i = 0; i < h->n; i++) {
        const diff_hallazgo *x = &h->items[i];
        /* as `paa check` prints them: file:line: severity: message (clave) [rule] */
        fprintf(f, "  %s:%d: %s: %s", x->archivo ? x->archivo : "", x->linea,
                diag_severity_name(x->severidad), x->mensaje);
        if (x->clave != NULL)
            fprintf(f, " (%s)", x->clave);
        fprintf(f, " [%s]\n", x->regla);
    }
}

static void version(FILE *f, const char *que, const diff_version *v)
{
    fprintf(f, "%s%s (%zu subprogramas, %zu proyectos, %zu actividades)\n", que, v->archivo,
            v->subprogramas, v->proyectos, v->actividades);
}

int diff_write_texto(const diff_result *r, FILE *f)
{
    version(f, "anterior: ", &r->antes);
    version(f, "nuevo:    ", &r->despues);
    if (r->corte > 0)
        fprintf(f, "corte:    %s (meses cerrados: enero–%s)\n", paa_month_name[r->corte - 1],
                paa_month_name[r->corte - 1]);
    fputc('\n', f);
    if (r->raiz.tipo != DIFF_SIN_CAMBIO && nodo(r, &r->raiz, f) != 0)
        return -1;
    if (diff_recorrer(r, nodo, f) != 0)
        return -1;
    if (diff_hay_cambios(r))
        fputc('\n', f);
    hallazgos(f, "hallazgos nuevos de la revisión", &r->nuevos);
    hallazgos(f, "hallazgos resueltos", &r->resueltos);
    if (r->linea_base != NULL)
        hallazgos(f, "entradas de la línea base que la nueva versión deja obsoletas",
                  &r->obsoletas);
    char *frase = diff_resumen_frase(r);
    if (frase == NULL)
        return -1;
    fprintf(f, "resumen: %s; totales %zu/%zu/%zu → %zu/%zu/%zu\n", frase,
            r->antes.subprogramas, r->antes.proyectos, r->antes.actividades,
            r->despues.subprogramas, r->despues.proyectos, r->despues.actividades);
    free(frase);
    return 0;
}
