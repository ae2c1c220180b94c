/* anexo: the rows of the adecuaciones annex from the change tree. See
 * anexo.h. */
#include "diff/anexo.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "diff/interno.h"

typedef struct {
    const diff_result *r;
    diff_anexo *a;
    size_t cap;          /* rows allocated in a->filas */
    bool oom;
} builder;

static const char *guardar(builder *b, const char *s)
{
    char *c = paa_arena_strdup(&b->a->arena, s != NULL ? s : "");
    if (c == NULL)
        b->oom = true;
    return c != NULL ? c : "";
}

/* A heap string from strbuf/paa_format kept in the arena. */
static const char *guardar_libre(builder *b, char *s)
{
    if (s == NULL) {
        b->oom = true;
        return "";
    }
    const char *c = guardar(b, s);
    free(s);
    return c;
}

static diff_anexo_fila *nueva_fila(builder *b)
{
    diff_anexo *a = b->a;
    if (a->n_filas == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        diff_anexo_fila *f = realloc(a->filas, cap * sizeof *f);
        if (f == NULL) {
            b->oom = true;
            return NULL;
        }
        a->filas = f;
        b->cap = cap;
    }
    diff_anexo_fila *f = &a->filas[a->n_filas++];
    memset(f, 0, sizeof *f);
    f->clave = f->titulo = f->cambio = f->campo = f->observacion = f->motivo = "";
    f->antes.texto = f->despues.texto = "";
    return f;
}

/* ---- values -------------------------------------------------------------- */

static diff_anexo_valor cantidad(builder *b, bool presente, paa_dec v)
{
    if (!presente)
        return (diff_anexo_valor){false, false, 0, "—"};
    char buf[DIFF_NUM_BUFSZ];
    paa_dec_format(v, true, buf);
    return (diff_anexo_valor){true, true, v, guardar(b, buf)};
}

static diff_anexo_valor valor(builder *b, const diff_campo *c, const diff_valor *v)
{
    if (c->es_cantidad)
        return cantidad(b, v->presente, v->cantidad);
    if (!v->presente)
        return (diff_anexo_valor){false, false, 0, "—"};
    return (diff_anexo_valor){true, false, 0, guardar(b, v->texto)};
}

/* ---- one node ------------------------------------------------------------ */

static bool tiene_campo(const diff_nodo *n, diff_campo_tipo t)
{
    for (size_t i = 0; i < n->n_campos; i++)
        if (n->campos[i].tipo == t)
            return true;
    return false;
}

/* "Actividad renumerada y movida a 0102", "Proyecto renombrado". */
static char *cambio(const diff_nodo *n)
{
    static const char *const nombres[] = {"Programa", "Subprograma", "Proyecto", "Actividad"};
    const char *nivel = nombres[n->nivel];
    if (n->nivel == DIFF_PROGRAMA)
        return paa_format("Datos generales");
    if (n->tipo == DIFF_MODIFICADO && n->nivel == DIFF_PROYECTO && tiene_campo(n, DIFF_CAMPO_NOMBRE))
        return paa_format("%s renombrado", nivel);
    if (n->movido)
        return paa_format("%s %s y %s a %s", nivel, diff_tipo_palabra(n->nivel, n->tipo),
                          n->nivel == DIFF_ACTIVIDAD ? "movida" : "movido",
                          n->contenedor_despues);
    return paa_format("%s %s", nivel, diff_tipo_palabra(n->nivel, n->tipo));
}

/* A row of node n with what every row of it shows. */
static diff_anexo_fila *fila_de(builder *b, const diff_nodo *n, const char *clave,
                                const char *que)
{
    diff_anexo_fila *f = nueva_fila(b);
    if (f == NULL)
        return NULL;
    f->nodo = n;
    f->clave = clave;
    f->titulo = n->nivel == DIFF_PROGRAMA ? "" : guardar(b, n->titulo);
    f->cambio = que;
    f->motivo = guardar(b, n->motivo);
    return f;
}

static void fila_campo(builder *b, const diff_nodo *n, const char *clave, const char *que,
                       const diff_campo *c)
{
    diff_anexo_fila *f = fila_de(b, n, clave, que);
    if (f == NULL)
        return;
    char etiqueta[96];
    f->campo = guardar(b, diff_campo_etiqueta(c, etiqueta, sizeof etiqueta));
    f->antes = valor(b, c, &c->antes);
    f->despues = valor(b, c, &c->despues);
    f->aviso = c->mes_cerrado;
    if (c->mes_cerrado && c->nota != NULL)
        f->observacion = guardar_libre(b, paa_format("mes ya cerrado; %s", c->nota));
    else if (c->mes_cerrado)
        f->observacion = "mes ya cerrado";
    else if (c->nota != NULL)
        f->observacion = guardar(b, c->nota);
}

/* The twelve months of an added or removed activity in one row: "ene 1 ·
 * feb 1 · …", and the closed months it programmes. */
static void fila_meses(builder *b, const diff_nodo *n, const char *clave, const char *que)
{
    bool nuevo = n->tipo == DIFF_AGREGADO;
    strbuf meses = {0}, cerrados = {0};
    for (size_t i = 0; i < n->n_campos; i++) {
        const diff_campo *c = &n->campos[i];
        if (c->tipo != DIFF_CAMPO_MES)
            continue;
        char buf[DIFF_NUM_BUFSZ];
        strbuf_printf(&meses, "%s%s %s", meses.len ? " · " : "", paa_month_key[c->mes],
                      diff_valor_texto(c, nuevo ? &c->despues : &c->antes, buf));
        if (c->mes_cerrado)
            strbuf_printf(&cerrados, "%s%s", cerrados.len ? ", " : "", paa_month_key[c->mes]);
    }
    if (meses.len == 0 || meses.failed || cerrados.failed) {
        b->oom = b->oom || meses.failed || cerrados.failed;
        strbuf_free(&meses);
        strbuf_free(&cerrados);
        return;
    }
    diff_anexo_fila *f = fila_de(b, n, clave, que);
    if (f != NULL) {
        f->campo = "Programación mensual";
        diff_anexo_valor v = {true, false, 0, guardar(b, strbuf_str(&meses))};
        diff_anexo_valor nada = {false, false, 0, "—"};
        f->antes = nuevo ? nada : v;
        f->despues = nuevo ? v : nada;
        f->aviso = cerrados.len > 0;
        if (cerrados.len > 0)
            f->observacion = guardar_libre(b, paa_format("%s meses ya cerrados (%s)",
                                                         nuevo ? "programa" : "quita lo programado en",
                                                         strbuf_str(&cerrados)));
    }
    strbuf_free(&meses);
    strbuf_free(&cerrados);
}

static void filas_trimestres(builder *b, const diff_nodo *n, const char *clave,
                             const char *que)
{
    static const char *const meses[] = {"ene–mar", "abr–jun", "jul–sep", "oct–dic"};
    for (int q = 0; q < 4; q++) {
        const diff_trimestre *t = &n->trimestres[q];
        if (!t->cambia)
            continue;
        diff_anexo_fila *f = fila_de(b, n, clave, que);
        if (f == NULL)
            return;
        f->campo = guardar_libre(b, paa_format("Trimestre %d (%s), suma", q + 1, meses[q]));
        f->antes = cantidad(b, t->conocido, t->antes);
        f->despues = cantidad(b, t->conocido, t->despues);
        if (t->conocido && t->antes == t->despues)
            f->observacion = "el trimestre suma lo mismo";
    }
}

/* What the node's flags say, before its first row's own observation. */
static void avisos_del_nodo(builder *b, const diff_nodo *n, diff_anexo_fila *f)
{
    const char *aviso = NULL;
    if (n->avisos & DIFF_AVISO_SUMA_ROTA)
        aviso = n->tipo == DIFF_AGREGADO ? "la cantidad anual no es la suma de los meses"
                                         : "la cantidad anual deja de ser la suma de los meses";
    else if (n->avisos & DIFF_AVISO_SUMA_CORREGIDA)
        aviso = "la cantidad anual vuelve a ser la suma de los meses";
    if (aviso == NULL)
        return;
    f->aviso = f->aviso || (n->avisos & DIFF_AVISO_SUMA_ROTA) != 0;
    f->observacion = f->observacion[0] != '\0'
                         ? guardar_libre(b, paa_format("%s; %s", aviso, f->observacion))
                         : aviso;
}

static void filas_nodo(builder *b, const diff_nodo *n)
{
    size_t primera = b->a->n_filas;
    char buf[64];
    const char *clave = n->nivel == DIFF_PROGRAMA ? "" : guardar(b, diff_nodo_clave(n, buf, sizeof buf));
    const char *que = guardar_libre(b, cambio(n));
    bool colapsar = n->nivel == DIFF_ACTIVIDAD &&
                    (n->tipo == DIFF_AGREGADO || n->tipo == DIFF_ELIMINADO);
    for (size_t i = 0; i < n->n_campos && !b->oom; i++) {
        diff_campo_tipo t = n->campos[i].tipo;
        /* the title column already shows an added activity's description */
        if (!colapsar || (t != DIFF_CAMPO_MES && t != DIFF_CAMPO_DESCRIPCION))
            fila_campo(b, n, clave, que, &n->campos[i]);
    }
    if (colapsar)
        fila_meses(b, n, clave, que);
    filas_trimestres(b, n, clave, que);
    if (b->a->n_filas == primera)
        fila_de(b, n, clave, que);
    if (b->oom || b->a->n_filas == primera)
        return;
    diff_anexo_fila *f = &b->a->filas[primera];
    f->primera = true;
    avisos_del_nodo(b, n, f);
}

static void filas_arbol(builder *b, const diff_nodo *n)
{
    if (n->tipo != DIFF_SIN_CAMBIO)
        filas_nodo(b, n);
    for (size_t i = 0; i < n->n_hijos && !b->oom; i++)
        filas_arbol(b, &n->hijos[i]);
}

/* ---- groups -------------------------------------------------------------- */

int diff_anexo_build(const diff_result *r, diff_anexo *out)
{
    memset(out, 0, sizeof *out);
    builder b = {.r = r, .a = out};
    size_t n_grupos = r->raiz.n_hijos + 1;
    size_t *desde = calloc(n_grupos + 1, sizeof *desde);
    out->grupos = calloc(n_grupos, sizeof *out->grupos);
    b.oom = desde == NULL || out->grupos == NULL;
    if (!b.oom && r->raiz.n_campos > 0) {
        out->grupos[0] = (diff_anexo_grupo){NULL, "Datos generales del programa", NULL, 0};
        filas_nodo(&b, &r->raiz);
        out->n_grupos = 1;
    }
    for (size_t i = 0; i < r->raiz.n_hijos && !b.oom; i++) {
        const diff_nodo *s = &r->raiz.hijos[i];
        char buf[64];
        desde[out->n_grupos] = out->n_filas;
        out->grupos[out->n_grupos++] = (diff_anexo_grupo){
            guardar(&b, diff_nodo_clave(s, buf, sizeof buf)), guardar(&b, s->titulo), NULL, 0};
        filas_arbol(&b, s);
    }
    desde[out->n_grupos] = out->n_filas;
    for (size_t g = 0; !b.oom && g < out->n_grupos; g++) {
        out->grupos[g].filas = out->filas + desde[g];
        out->grupos[g].n = desde[g + 1] - desde[g];
    }
    free(desde);
    if (b.oom) {
        diff_anexo_free(out);
        return -1;
    }
    return 0;
}

void diff_anexo_free(diff_anexo *a)
{
    free(a->grupos);
    free(a->filas);
    paa_arena_free(&a->arena);
    memset(a, 0, sizeof *a);
}

/* ---- summary ------------------------------------------------------------- */

char *diff_anexo_frase(const diff_result *r)
{
    char *frase = diff_resumen_frase(r);
    if (frase == NULL)
        return NULL;
    if (frase[0] >= 'a' && frase[0] <= 'z')
        frase[0] = (char)(frase[0] - 'a' + 'A');
    char *out = paa_format("%s.", frase);
    free(frase);
    return out;
}

size_t diff_anexo_totales(const diff_result *r, diff_anexo_cuenta out[3])
{
    out[0] = (diff_anexo_cuenta){"Subprogramas", {r->antes.subprogramas, r->despues.subprogramas, 0}};
    out[1] = (diff_anexo_cuenta){"Proyectos", {r->antes.proyectos, r->despues.proyectos, 0}};
    out[2] = (diff_anexo_cuenta){"Actividades", {r->antes.actividades, r->despues.actividades, 0}};
    return 3;
}

static int contar_movidos(const diff_result *r, const diff_nodo *n, void *ctx)
{
    (void)r;
    size_t *v = ctx;
    if (n->movido)
        v[n->nivel == DIFF_ACTIVIDAD ? 0 : 1]++;
    return 0;
}

size_t diff_anexo_cambios(const diff_result *r, diff_anexo_cuenta out[DIFF_ANEXO_TIPOS])
{
    static const struct {
        const char *etiqueta;
        diff_tipo t;
    } tipos[] = {{"Agregados", DIFF_AGREGADO},
                 {"Eliminados", DIFF_ELIMINADO},
                 {"Renumerados", DIFF_RENUMERADO},
                 {"de ellos, movidos a otro proyecto o subprograma", DIFF_RENUMERADO},
                 {"Modificados", DIFF_MODIFICADO}};
    for (size_t i = 0; i < DIFF_ANEXO_TIPOS; i++) {
        diff_tipo t = tipos[i].t;
        out[i] = (diff_anexo_cuenta){tipos[i].etiqueta,
                                     {r->resumen.n[DIFF_ACTIVIDAD][t], r->resumen.n[DIFF_PROYECTO][t],
                                      r->resumen.n[DIFF_SUBPROGRAMA][t]}};
    }
    /* moved: renumbered into another container (subprogramas have none) */
    out[3].v[0] = out[3].v[1] = out[3].v[2] = 0;
    diff_recorrer(r, contar_movidos, out[3].v);
    return DIFF_ANEXO_TIPOS;
}

size_t diff_anexo_revision(const diff_result *r, diff_anexo_cuenta out[DIFF_ANEXO_REVISION])
{
    size_t k = 0;
    if (r->corte > 0)
        out[k++] = (diff_anexo_cuenta){"Actividades que cambian meses ya cerrados",
                                       {r->resumen.meses_cerrados, 0, 0}};
    out[k++] = (diff_anexo_cuenta){"Actividades cuya cantidad anual deja de ser la suma de los meses",
                                   {r->resumen.sumas_rotas, 0, 0}};
    out[k++] = (diff_anexo_cuenta){"Actividades cuya cantidad anual vuelve a ser la suma de los meses",
                                   {r->resumen.sumas_corregidas, 0, 0}};
    out[k++] = (diff_anexo_cuenta){"Hallazgos nuevos de la revisión", {r->nuevos.n, 0, 0}};
    out[k++] = (diff_anexo_cuenta){"Hallazgos resueltos", {r->resueltos.n, 0, 0}};
    if (r->linea_base != NULL)
        out[k++] = (diff_anexo_cuenta){"Entradas de la línea base que quedan obsoletas",
                                       {r->obsoletas.n, 0, 0}};
    return k;
}

char *diff_anexo_fecha(const paa_programa *p)
{
    const paa_documento *doc = &p->doc;
    if (doc->fecha_mes < 1 || doc->fecha_mes > 12 || doc->fecha_dia < 1)
        return NULL;
    return paa_format("%d\u00A0de\u00A0%s\u00A0de\u00A0%d", doc->fecha_dia,
                      paa_month_name[doc->fecha_mes - 1], doc->fecha_anio);
}

const char *diff_anexo_archivo(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}
