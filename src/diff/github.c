/* github: the change list as GitHub Actions workflow commands
 * (::notice / ::warning / ::error), so a workflow annotates the changed
 * lines of the programme in the pull request. */
#include <stdlib.h>
#include <string.h>

#include "diff/interno.h"

/* Escapes as the Actions toolkit does: in the message %, CR and LF; in
 * properties also ':' and ','. */
static void escapar(FILE *f, const char *s, bool propiedad)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            fputs("%25", f);
            break;
        case '\r':
            fputs("%0D", f);
            break;
        case '\n':
            fputs("%0A", f);
            break;
        case ':':
            propiedad ? fputs("%3A", f) : fputc(':', f);
            break;
        case ',':
            propiedad ? fputs("%2C", f) : fputc(',', f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* "::nivel file=…,line=…,title=…::" (file and line only when known). */
static void comando(FILE *f, const char *nivel, const char *archivo, int linea,
                    const char *titulo)
{
    fprintf(f, "::%s ", nivel);
    if (archivo != NULL && linea > 0) {
        fputs("file=", f);
        escapar(f, archivo, true);
        fprintf(f, ",line=%d,", linea);
    }
    fputs("title=", f);
    escapar(f, titulo, true);
    fputs("::", f);
}

static void campo(FILE *f, const diff_campo *c)
{
    char etiqueta[96], a[DIFF_NUM_BUFSZ], b[DIFF_NUM_BUFSZ];
    escapar(f, diff_campo_etiqueta(c, etiqueta, sizeof etiqueta), false);
    fputs(": ", f);
    escapar(f, diff_valor_texto(c, &c->antes, a), false);
    fputs(" → ", f);
    escapar(f, diff_valor_texto(c, &c->despues, b), false);
    if (c->mes_cerrado)
        fputs(" (mes ya cerrado)", f);
    if (c->nota != NULL) {
        fputs(" (", f);
        escapar(f, c->nota, false);
        fputc(')', f);
    }
    fputs("%0A", f);
}

static int nodo(const diff_result *r, const diff_nodo *n, void *ctx)
{
    FILE *f = ctx;
    if (n->tipo == DIFF_SIN_CAMBIO)
        return 0;
    char *titular = diff_nodo_titular(n);
    if (titular == NULL)
        return -1;
    bool aviso = (n->avisos & (DIFF_AVISO_MES_CERRADO | DIFF_AVISO_SUMA_ROTA)) != 0;
    bool nuevo = n->linea_despues > 0;
    comando(f, aviso ? "warning" : "notice", nuevo ? r->despues.archivo : r->antes.archivo,
            nuevo ? n->linea_despues : n->linea_antes, titular);
    free(titular);
    if (n->titulo != NULL && n->nivel != DIFF_PROGRAMA) {
        escapar(f, n->titulo, false);
        fputs("%0A", f);
    }
    if (nuevo && n->linea_antes > 0) {
        fprintf(f, "antes en la línea %d de ", n->linea_antes);
        escapar(f, r->antes.archivo, false);
        fputs("%0A", f);
    }
    for (size_t i = 0; i < n->n_campos; i++)
        campo(f, &n->campos[i]);
    if (n->avisos & DIFF_AVISO_MES_CERRADO)
        fprintf(f, "cambia meses ya cerrados (corte: %s)%%0A", paa_month_name[r->corte - 1]);
    if (n->avisos & DIFF_AVISO_SUMA_ROTA)
        fputs("la cantidad anual ya no es la suma de los doce meses%0A", f);
    if (n->avisos & DIFF_AVISO_SUMA_CORREGIDA)
        fputs("la cantidad anual vuelve a ser la suma de los doce meses%0A", f);
    fputc('\n', f);
    return 0;
}

static void hallazgos(FILE *f, const diff_hallazgos *h, const char *que, bool resuelto)
{
    for (size_t i = 0; i < h->n; i++) {
        const diff_hallazgo *x = &h->items[i];
        const char *nivel = resuelto ? "notice"
                            : x->severidad == DIAG_ERROR ? "error"
                                                         : "warning";
        char *titulo = paa_format("%s: %s%s%s", que, x->regla, x->clave ? " " : "",
                                  x->clave ? x->clave : "");
        comando(f, nivel, x->archivo, x->linea, titulo ? titulo : que);
        free(titulo);
        escapar(f, x->mensaje, false);
        fputc('\n', f);
    }
}

int diff_write_github(const diff_result *r, FILE *f)
{
    if (r->raiz.tipo != DIFF_SIN_CAMBIO && nodo(r, &r->raiz, f) != 0)
        return -1;
    if (diff_recorrer(r, nodo, f) != 0)
        return -1;
    hallazgos(f, &r->nuevos, "hallazgo nuevo", false);
    hallazgos(f, &r->resueltos, "hallazgo resuelto", true);
    hallazgos(f, &r->obsoletas, "línea base obsoleta", false);
    char *frase = diff_resumen_frase(r);
    if (frase == NULL)
        return -1;
    comando(f, "notice", NULL, 0, "paa diff");
    escapar(f, frase, false);
    fprintf(f, "; totales %zu/%zu/%zu → %zu/%zu/%zu\n", r->antes.subprogramas,
            r->antes.proyectos, r->antes.actividades, r->despues.subprogramas,
            r->despues.proyectos, r->despues.actividades);
    free(frase);
    return 0;
}
