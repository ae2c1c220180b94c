/* diff: matching two programme versions into a tree of changes. See diff.h. */
#include "diff/diff.h"

#include <stdlib.h>
#include <string.h>

#include "diff/interno.h"

#define NINGUNO INDICE_NINGUNO

/* ---- flattened versions -------------------------------------------------- */

/* One version's nodes in document order, with their containers. */
typedef struct {
    const paa_programa *p;
    const paa_subprograma **subs;
    size_t n_subs;
    const paa_proyecto **proys;
    size_t *proy_sub;        /* index into subs */
    size_t n_proys;
    const paa_actividad **acts;
    size_t *act_proy;        /* index into proys */
    size_t n_acts;
} version;

static void version_free(version *v)
{
    free(v->subs);
    free(v->proys);
    free(v->proy_sub);
    free(v->acts);
    free(v->act_proy);
}

static int version_init(version *v, const paa_programa *p)
{
    memset(v, 0, sizeof *v);
    v->p = p;
    size_t np = model_count_proyectos(p), na = model_count_actividades(p);
    v->subs = malloc((p->n_subprogramas + 1) * sizeof *v->subs);
    v->proys = malloc((np + 1) * sizeof *v->proys);
    v->proy_sub = malloc((np + 1) * sizeof *v->proy_sub);
    v->acts = malloc((na + 1) * sizeof *v->acts);
    v->act_proy = malloc((na + 1) * sizeof *v->act_proy);
    if (!v->subs || !v->proys || !v->proy_sub || !v->acts || !v->act_proy) {
        version_free(v);
        return -1;
    }
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        v->subs[v->n_subs++] = s;
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            v->proy_sub[v->n_proys] = i;
            v->proys[v->n_proys++] = pr;
            for (size_t k = 0; k < pr->n_actividades; k++) {
                v->act_proy[v->n_acts] = v->n_proys - 1;
                v->acts[v->n_acts++] = &pr->actividades[k];
            }
        }
    }
    return 0;
}

/* ---- matching ------------------------------------------------------------ */

/* Pairing by clave, then by signature: base/indice.h (pareo). */
typedef pareo_llaves llaves;
typedef pareo_par par;

/* ---- building state ------------------------------------------------------ */

typedef struct {
    diff_result *r;
    version a, b;
    pareo subs, proys, acts;
    diff_campo *campos;      /* scratch for the node being built */
    size_t n_campos, cap_campos;
    bool oom;
} builder;

static void *arena_alloc(builder *bd, size_t size)
{
    void *m = paa_arena_alloc(&bd->r->arena, size);
    if (m == NULL)
        bd->oom = true;
    return m;
}

static const char *arena_str(builder *bd, const char *s)
{
    if (s == NULL)
        return NULL;
    char *c = paa_arena_strdup(&bd->r->arena, s);
    if (c == NULL)
        bd->oom = true;
    return c;
}

static diff_campo *nuevo_campo(builder *bd, diff_campo_tipo tipo, int la, int lb)
{
    if (bd->n_campos == bd->cap_campos) {
        size_t cap = bd->cap_campos ? 2 * bd->cap_campos : 32;
        diff_campo *grown = realloc(bd->campos, cap * sizeof *grown);
        if (grown == NULL) {
            bd->oom = true;
            return NULL;
        }
        bd->campos = grown;
        bd->cap_campos = cap;
    }
    diff_campo *c = &bd->campos[bd->n_campos++];
    memset(c, 0, sizeof *c);
    c->tipo = tipo;
    c->mes = -1;
    c->linea_antes = la;
    c->linea_despues = lb;
    return c;
}

/* Moves the scratch fields into the node (arena). */
static void cerrar_campos(builder *bd, diff_nodo *n)
{
    n->n_campos = bd->n_campos;
    if (bd->n_campos > 0) {
        n->campos = arena_alloc(bd, bd->n_campos * sizeof *n->campos);
        if (n->campos != NULL)
            memcpy(n->campos, bd->campos, bd->n_campos * sizeof *n->campos);
        else
            n->n_campos = 0;
    }
    bd->n_campos = 0;
}

static bool same_text(const char *x, const char *y)
{
    return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

/* Adds a text field when it differs; returns the field or NULL. */
static diff_campo *texto(builder *bd, diff_campo_tipo tipo, const char *x, int la,
                         const char *y, int lb)
{
    if (same_text(x, y))
        return NULL;
    diff_campo *c = nuevo_campo(bd, tipo, x != NULL ? la : 0, y != NULL ? lb : 0);
    if (c != NULL) {
        c->antes = (diff_valor){.presente = x != NULL, .texto = arena_str(bd, x)};
        c->despues = (diff_valor){.presente = y != NULL, .texto = arena_str(bd, y)};
    }
    return c;
}

static diff_campo *cantidad(builder *bd, diff_campo_tipo tipo, bool px, paa_dec x,
                            int la, bool py, paa_dec y, int lb)
{
    if (px == py && (!px || x == y))
        return NULL;
    diff_campo *c = nuevo_campo(bd, tipo, px ? la : 0, py ? lb : 0);
    if (c != NULL) {
        c->es_cantidad = true;
        c->antes = (diff_valor){.presente = px, .cantidad = px ? x : 0};
        c->despues = (diff_valor){.presente = py, .cantidad = py ? y : 0};
    }
    return c;
}

/* A declared count of a node present (px, py) in each version. */
static void conteo(builder *bd, diff_campo_tipo tipo, bool px, int x, int la, bool py,
                   int y, int lb)
{
    cantidad(bd, tipo, px, (paa_dec)x * PAA_DEC_SCALE, la, py, (paa_dec)y * PAA_DEC_SCALE, lb);
}

/* ---- activities ---------------------------------------------------------- */

static const paa_actividad actividad_vacia;

/* "ene dic anual": the reconstructed marks as the XML writes them. */
static const char *marcas(const paa_actividad *x, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t len = 0;
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((x->meses_reconstruidos >> m) & 1u)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
                                    paa_month_key[m]);
    if (x->anual_reconstruido)
        snprintf(buf + len, size - len, "%sanual", len ? " " : "");
    return buf[0] != '\0' ? buf : NULL;
}

/* Says which rebuilt values the new version confirms (mark dropped, same
 * value) or corrects (mark dropped, another value). */
static const char *nota_reconstruidos(builder *bd, const paa_actividad *x,
                                      const paa_actividad *y)
{
    char conf[96] = "", corr[96] = "", buf[256];   /* 12 months and "anual" fit */
    for (int m = 0; m < PAA_MONTHS; m++) {
        if (!((x->meses_reconstruidos >> m) & 1u) || ((y->meses_reconstruidos >> m) & 1u))
            continue;
        bool igual = ((y->meses_present >> m) & 1u) && ((x->meses_present >> m) & 1u) &&
                     x->meses[m] == y->meses[m];
        char *dst = igual ? conf : corr;
        size_t len = strlen(dst);
        snprintf(dst + len, sizeof conf - len, "%s%s", len ? ", " : "", paa_month_key[m]);
    }
    if (x->anual_reconstruido && !y->anual_reconstruido) {
        bool igual = x->anual_present && y->anual_present && x->anual == y->anual;
        char *dst = igual ? conf : corr;
        size_t len = strlen(dst);
        snprintf(dst + len, sizeof conf - len, "%sanual", len ? ", " : "");
    }
    if (conf[0] == '\0' && corr[0] == '\0')
        return NULL;
    snprintf(buf, sizeof buf, "%s%s%s%s%s", conf[0] ? "confirmado con el mismo valor: " : "",
             conf, conf[0] && corr[0] ? "; " : "", corr[0] ? "corregido: " : "", corr);
    return arena_str(bd, buf);
}

static bool suma_cuadra(const paa_actividad *x)
{
    paa_dec sum;
    return x->anual_present && x->meses_present == (1u << PAA_MONTHS) - 1 &&
           model_sum_meses(x, &sum) && sum == x->anual;
}

static void trimestres(diff_nodo *n, const paa_actividad *x, const paa_actividad *y)
{
    for (int q = 0; q < 4; q++) {
        diff_trimestre *t = &n->trimestres[q];
        t->conocido = true;
        for (int m = 3 * q; m < 3 * q + 3; m++) {
            bool px = (x->meses_present >> m) & 1u, py = (y->meses_present >> m) & 1u;
            if (px != py || (px && x->meses[m] != y->meses[m]))
                t->cambia = true;
            t->conocido = t->conocido && px && py &&
                          paa_dec_add(t->antes, x->meses[m], &t->antes) &&
                          paa_dec_add(t->despues, y->meses[m], &t->despues);
        }
        if (!t->conocido)
            t->antes = t->despues = 0;
    }
}

/* Compares two activities (either may be actividad_vacia: added or
 * removed), filling the scratch fields and the node's flags. */
static void comparar_actividades(builder *bd, diff_nodo *n, const paa_actividad *x,
                                 const paa_actividad *y, int corte)
{
    texto(bd, DIFF_CAMPO_DESCRIPCION, x->descripcion, x->line, y->descripcion, y->line);
    texto(bd, DIFF_CAMPO_UNIDAD, x->unidad, x->line, y->unidad, y->line);
    cantidad(bd, DIFF_CAMPO_ANUAL, x->anual_present, x->anual, x->cantidades_line,
             y->anual_present, y->anual, y->cantidades_line);
    for (int m = 0; m < PAA_MONTHS; m++) {
        diff_campo *c = cantidad(bd, DIFF_CAMPO_MES, (x->meses_present >> m) & 1u,
                                 x->meses[m], x->cantidades_line,
                                 (y->meses_present >> m) & 1u, y->meses[m],
                                 y->cantidades_line);
        if (c == NULL)
            continue;
        c->mes = m;
        /* An added or removed activity changes a closed month only where
         * it programmes something. */
        bool programado = (c->antes.presente && c->antes.cantidad != 0) ||
                          (c->despues.presente && c->despues.cantidad != 0) ||
                          (x != &actividad_vacia && y != &actividad_vacia);
        c->mes_cerrado = m < corte && programado;
        if (c->mes_cerrado)
            n->avisos |= DIFF_AVISO_MES_CERRADO;
    }
    texto(bd, DIFF_CAMPO_BENEF_TIPO, x->benef_tipo, x->benef_line, y->benef_tipo,
          y->benef_line);
    texto(bd, DIFF_CAMPO_BENEF_CANTIDAD, x->benef_cantidad, x->benef_line,
          y->benef_cantidad, y->benef_line);
    char ma[64], mb[64];
    diff_campo *c = texto(bd, DIFF_CAMPO_RECONSTRUIDOS, marcas(x, ma, sizeof ma),
                          x->cantidades_line, marcas(y, mb, sizeof mb),
                          y->cantidades_line);
    if (c != NULL && x != &actividad_vacia && y != &actividad_vacia)
        c->nota = nota_reconstruidos(bd, x, y);
    if (y != &actividad_vacia && !suma_cuadra(y) && (x == &actividad_vacia || suma_cuadra(x)))
        n->avisos |= DIFF_AVISO_SUMA_ROTA;
    if (x != &actividad_vacia && y != &actividad_vacia && !suma_cuadra(x) && suma_cuadra(y))
        n->avisos |= DIFF_AVISO_SUMA_CORREGIDA;
    if (x != &actividad_vacia && y != &actividad_vacia)
        trimestres(n, x, y);
}

/* ---- nodes --------------------------------------------------------------- */

/* The kind of a pair's node from what was compared. */
static diff_tipo tipo_de(const char *ca, const char *cb, bool campos, bool movido)
{
    if (ca == NULL)
        return DIFF_AGREGADO;
    if (cb == NULL)
        return DIFF_ELIMINADO;
    if (strcmp(ca, cb) != 0 || movido)
        return DIFF_RENUMERADO;
    return campos ? DIFF_MODIFICADO : DIFF_SIN_CAMBIO;
}

static void nodo_base(builder *bd, diff_nodo *n, diff_nivel nivel, const char *ca,
                      int la, const char *cb, int lb, const char *titulo)
{
    memset(n, 0, sizeof *n);
    n->nivel = nivel;
    n->clave_antes = arena_str(bd, ca);
    n->clave_despues = arena_str(bd, cb);
    n->linea_antes = la;
    n->linea_despues = lb;
    n->titulo = arena_str(bd, titulo);
}

/* The new version's reason for a change, unless the old version already
 * gave the same one (see diff_nodo.motivo). */
static const char *motivo(builder *bd, const char *x, const char *y)
{
    return y != NULL && !same_text(x, y) ? arena_str(bd, y) : NULL;
}

/* Sort key: the new clave, else the old one. */
static const char *clave_orden(const diff_nodo *n)
{
    return n->clave_despues != NULL ? n->clave_despues : n->clave_antes;
}

static int cmp_nodos(const void *x, const void *y)
{
    const diff_nodo *a = x, *b = y;
    int c = strcmp(clave_orden(a), clave_orden(b));
    if (c == 0)   /* a removed node after the one that took its clave */
        c = (a->clave_despues == NULL) - (b->clave_despues == NULL);
    return c;
}

/*
 * Groups `hijos` (n of them, each with the index of the parent pair in
 * `padre`) into per-parent arrays in the arena, sorted by clave: a
 * counting sort by parent, then a sort of each group.
 */
static int agrupar(builder *bd, const diff_nodo *hijos, const size_t *padre, size_t n,
                   size_t n_padres, diff_nodo **grupo, size_t *n_grupo)
{
    memset(n_grupo, 0, n_padres * sizeof *n_grupo);
    for (size_t i = 0; i < n; i++)
        n_grupo[padre[i]]++;
    for (size_t g = 0; g < n_padres; g++) {
        grupo[g] = n_grupo[g] ? arena_alloc(bd, n_grupo[g] * sizeof **grupo) : NULL;
        if (n_grupo[g] && grupo[g] == NULL)
            return -1;
        n_grupo[g] = 0;
    }
    for (size_t i = 0; i < n; i++)
        grupo[padre[i]][n_grupo[padre[i]]++] = hijos[i];
    for (size_t g = 0; g < n_padres; g++)
        if (n_grupo[g] > 1)
            qsort(grupo[g], n_grupo[g], sizeof **grupo, cmp_nodos);
    return 0;
}

static void contar(diff_result *r, const diff_nodo *n)
{
    r->resumen.n[n->nivel][n->tipo]++;
    if (n->nivel == DIFF_ACTIVIDAD) {
        r->resumen.movidas += n->movido;
        r->resumen.meses_cerrados += (n->avisos & DIFF_AVISO_MES_CERRADO) != 0;
        r->resumen.sumas_rotas += (n->avisos & DIFF_AVISO_SUMA_ROTA) != 0;
        r->resumen.sumas_corregidas += (n->avisos & DIFF_AVISO_SUMA_CORREGIDA) != 0;
    }
}

/* Container pair of activity pair `k`: the new project's pair, or the old
 * one's for a removed activity. */
static size_t padre_actividad(const builder *bd, const par *pp)
{
    return pp->b != NINGUNO ? bd->proys.par_b[bd->b.act_proy[pp->b]]
                            : bd->proys.par_a[bd->a.act_proy[pp->a]];
}

static size_t padre_proyecto(const builder *bd, const par *pp)
{
    return pp->b != NINGUNO ? bd->subs.par_b[bd->b.proy_sub[pp->b]]
                            : bd->subs.par_a[bd->a.proy_sub[pp->a]];
}

/* Activity nodes (changed pairs only) with their parent project pairs. */
static size_t nodos_actividades(builder *bd, diff_nodo *out, size_t *padre)
{
    size_t n = 0;
    for (size_t k = 0; k < bd->acts.n && !bd->oom; k++) {
        const par *pp = &bd->acts.pares[k];
        const paa_actividad *x = pp->a != NINGUNO ? bd->a.acts[pp->a] : &actividad_vacia;
        const paa_actividad *y = pp->b != NINGUNO ? bd->b.acts[pp->b] : &actividad_vacia;
        diff_nodo *nd = &out[n];
        nodo_base(bd, nd, DIFF_ACTIVIDAD, pp->a != NINGUNO ? x->clave : NULL, x->line,
                  pp->b != NINGUNO ? y->clave : NULL, y->line,
                  y->descripcion != NULL ? y->descripcion : x->descripcion);
        nd->motivo = motivo(bd, x->motivo, y->motivo);
        nd->contenedor_antes = pp->a != NINGUNO ? x->proyecto->clave : NULL;
        nd->contenedor_despues = pp->b != NINGUNO ? y->proyecto->clave : NULL;
        nd->movido = pp->a != NINGUNO && pp->b != NINGUNO &&
                     bd->proys.par_a[bd->a.act_proy[pp->a]] !=
                         bd->proys.par_b[bd->b.act_proy[pp->b]];
        comparar_actividades(bd, nd, x, y, bd->r->corte);
        bool campos = bd->n_campos > 0;
        cerrar_campos(bd, nd);
        nd->tipo = tipo_de(nd->clave_antes, nd->clave_despues, campos, nd->movido);
        if (nd->tipo == DIFF_SIN_CAMBIO)
            continue;
        padre[n++] = padre_actividad(bd, pp);
    }
    return n;
}

static void comparar_proyectos(builder *bd, const paa_proyecto *x, const paa_proyecto *y)
{
    texto(bd, DIFF_CAMPO_NOMBRE, x ? x->nombre : NULL, x ? x->line : 0,
          y ? y->nombre : NULL, y ? y->line : 0);
    if (x != NULL || y != NULL)
        conteo(bd, DIFF_CAMPO_ACTIVIDADES_DECLARADAS, x != NULL,
               x ? x->decl_actividades : 0, x ? x->line : 0, y != NULL,
               y ? y->decl_actividades : 0, y ? y->line : 0);
}

/* Project nodes: changed pairs and those holding changed activities. */
static size_t nodos_proyectos(builder *bd, diff_nodo **hijos, const size_t *n_hijos,
                              diff_nodo *out, size_t *padre)
{
    size_t n = 0;
    for (size_t k = 0; k < bd->proys.n && !bd->oom; k++) {
        const par *pp = &bd->proys.pares[k];
        const paa_proyecto *x = pp->a != NINGUNO ? bd->a.proys[pp->a] : NULL;
        const paa_proyecto *y = pp->b != NINGUNO ? bd->b.proys[pp->b] : NULL;
        diff_nodo *nd = &out[n];
        nodo_base(bd, nd, DIFF_PROYECTO, x ? x->clave : NULL, x ? x->line : 0,
                  y ? y->clave : NULL, y ? y->line : 0, y ? y->nombre : x->nombre);
        nd->motivo = motivo(bd, x ? x->motivo : NULL, y ? y->motivo : NULL);
        nd->contenedor_antes = x ? x->subprograma->numero : NULL;
        nd->contenedor_despues = y ? y->subprograma->numero : NULL;
        nd->movido = x && y &&
                     bd->subs.par_a[bd->a.proy_sub[pp->a]] != bd->subs.par_b[bd->b.proy_sub[pp->b]];
        comparar_proyectos(bd, x, y);
        bool campos = bd->n_campos > 0;
        cerrar_campos(bd, nd);
        nd->tipo = tipo_de(nd->clave_antes, nd->clave_despues, campos, nd->movido);
        nd->hijos = hijos[k];
        nd->n_hijos = n_hijos[k];
        if (nd->tipo == DIFF_SIN_CAMBIO && nd->n_hijos == 0)
            continue;
        padre[n++] = padre_proyecto(bd, pp);
    }
    return n;
}

static void comparar_subprogramas(builder *bd, const paa_subprograma *x,
                                  const paa_subprograma *y)
{
    int la = x ? x->line : 0, lb = y ? y->line : 0;
#define SUB_TEXT(tipo, f) texto(bd, tipo, x ? x->f : NULL, la, y ? y->f : NULL, lb)
    SUB_TEXT(DIFF_CAMPO_DESCRIPCION, descripcion);
    SUB_TEXT(DIFF_CAMPO_AREA, area);
    SUB_TEXT(DIFF_CAMPO_TITULO, titulo);
    SUB_TEXT(DIFF_CAMPO_OBJETIVO, objetivo);
    SUB_TEXT(DIFF_CAMPO_MARCO_LEGAL, marco_legal);
#undef SUB_TEXT
    conteo(bd, DIFF_CAMPO_PROYECTOS_DECLARADOS, x != NULL, x ? x->decl_proyectos : 0, la,
           y != NULL, y ? y->decl_proyectos : 0, lb);
    conteo(bd, DIFF_CAMPO_ACTIVIDADES_DECLARADAS, x != NULL, x ? x->decl_actividades : 0,
           la, y != NULL, y ? y->decl_actividades : 0, lb);
}

static size_t nodos_subprogramas(builder *bd, diff_nodo **hijos, const size_t *n_hijos,
                                 diff_nodo *out)
{
    size_t n = 0;
    for (size_t k = 0; k < bd->subs.n && !bd->oom; k++) {
        const par *pp = &bd->subs.pares[k];
        const paa_subprograma *x = pp->a != NINGUNO ? bd->a.subs[pp->a] : NULL;
        const paa_subprograma *y = pp->b != NINGUNO ? bd->b.subs[pp->b] : NULL;
        diff_nodo *nd = &out[n];
        nodo_base(bd, nd, DIFF_SUBPROGRAMA, x ? x->numero : NULL, x ? x->line : 0,
                  y ? y->numero : NULL, y ? y->line : 0,
                  y ? y->descripcion : x->descripcion);
        nd->motivo = motivo(bd, x ? x->motivo : NULL, y ? y->motivo : NULL);
        comparar_subprogramas(bd, x, y);
        bool campos = bd->n_campos > 0;
        cerrar_campos(bd, nd);
        nd->tipo = tipo_de(nd->clave_antes, nd->clave_despues, campos, false);
        nd->hijos = hijos[k];
        nd->n_hijos = n_hijos[k];
        if (nd->tipo != DIFF_SIN_CAMBIO || nd->n_hijos > 0)
            n++;
    }
    return n;
}

/* ---- the programme ------------------------------------------------------- */

static void documento(builder *bd, const char *item, const char *x, const char *y)
{
    diff_campo *c = texto(bd, DIFF_CAMPO_DOCUMENTO, x, 0, y, 0);
    if (c != NULL)
        c->item = item;
}

static void textos(builder *bd, const char *item, const char *const *x, size_t nx,
                   const char *const *y, size_t ny)
{
    for (size_t i = 0; i < nx || i < ny; i++) {
        diff_campo *c = texto(bd, DIFF_CAMPO_TEXTO, i < nx ? x[i] : NULL, 0,
                              i < ny ? y[i] : NULL, 0);
        if (c != NULL) {
            c->item = item;
            c->indice = (int)i + 1;
        }
    }
}

/* "a" sep "b" in the arena (a NULL side is empty). */
static const char *unir(builder *bd, const char *a, const char *sep, const char *b)
{
    char *s = paa_format("%s%s%s", a ? a : "", sep, b ? b : "");
    const char *out = arena_str(bd, s != NULL ? s : "");
    bd->oom = bd->oom || s == NULL;
    free(s);
    return out;
}

/* The credits as "rol: nombre" and the fines as "I. texto", so that each
 * compares as one paragraph. NULL when out of memory. */
static const char **creditos(builder *bd, const paa_documento *doc)
{
    const char **out = arena_alloc(bd, (doc->n_creditos + 1) * sizeof *out);
    for (size_t i = 0; out != NULL && i < doc->n_creditos; i++)
        out[i] = unir(bd, doc->creditos[i].rol, ": ", doc->creditos[i].nombre);
    return out;
}

static const char **fines(builder *bd, const paa_programa *p)
{
    const char **out = arena_alloc(bd, (p->n_fines + 1) * sizeof *out);
    for (size_t i = 0; out != NULL && i < p->n_fines; i++)
        out[i] = unir(bd, p->fines[i].numero, ". ", p->fines[i].texto);
    return out;
}

static void comparar_portada(builder *bd, const paa_programa *x, const paa_programa *y)
{
    const paa_documento *dx = &x->doc, *dy = &y->doc;
    documento(bd, "titulo", dx->titulo, dy->titulo);
    documento(bd, "institucion", dx->institucion, dy->institucion);
    documento(bd, "siglas", dx->siglas, dy->siglas);
    documento(bd, "lugar", dx->lugar, dy->lugar);
    char fx[32], fy[32];
    snprintf(fx, sizeof fx, "%04d-%02d-%02d", dx->fecha_anio, dx->fecha_mes, dx->fecha_dia);
    snprintf(fy, sizeof fy, "%04d-%02d-%02d", dy->fecha_anio, dy->fecha_mes, dy->fecha_dia);
    documento(bd, "fecha", fx, fy);
    documento(bd, "lema", dx->lema, dy->lema);
    documento(bd, "despedida", dx->despedida, dy->despedida);
    documento(bd, "firma-cargo", dx->firma_cargo, dy->firma_cargo);
    documento(bd, "firma-nombre", dx->firma_nombre, dy->firma_nombre);
    const char **cx = creditos(bd, dx), **cy = creditos(bd, dy);
    if (cx != NULL && cy != NULL)
        textos(bd, "creditos", cx, dx->n_creditos, cy, dy->n_creditos);
    textos(bd, "presentacion", x->presentacion.items, x->presentacion.n,
           y->presentacion.items, y->presentacion.n);
    textos(bd, "marco-legal", x->marco_legal.items, x->marco_legal.n,
           y->marco_legal.items, y->marco_legal.n);
    const char **fx_ = fines(bd, x), **fy_ = fines(bd, y);
    if (fx_ != NULL && fy_ != NULL)
        textos(bd, "fines", fx_, x->n_fines, fy_, y->n_fines);
    textos(bd, "objetivos", x->objetivos.items, x->objetivos.n, y->objetivos.items,
           y->objetivos.n);
    textos(bd, "politicas", x->politicas.items, x->politicas.n, y->politicas.items,
           y->politicas.n);
}

static void raiz(builder *bd, diff_nodo *subs, size_t n_subs)
{
    const paa_programa *x = bd->a.p, *y = bd->b.p;
    diff_nodo *n = &bd->r->raiz;
    nodo_base(bd, n, DIFF_PROGRAMA, NULL, 0, NULL, 0, y->doc.titulo);
    n->linea_antes = x->totales_line;
    n->linea_despues = y->totales_line;
    conteo(bd, DIFF_CAMPO_TOTAL_SUBPROGRAMAS, true, x->decl_subprogramas, x->totales_line, true,
           y->decl_subprogramas, y->totales_line);
    conteo(bd, DIFF_CAMPO_TOTAL_PROYECTOS, true, x->decl_proyectos, x->totales_line, true,
           y->decl_proyectos, y->totales_line);
    conteo(bd, DIFF_CAMPO_TOTAL_ACTIVIDADES, true, x->decl_actividades, x->totales_line, true,
           y->decl_actividades, y->totales_line);
    comparar_portada(bd, x, y);
    bool campos = bd->n_campos > 0;
    cerrar_campos(bd, n);
    n->tipo = campos ? DIFF_MODIFICADO : DIFF_SIN_CAMBIO;
    n->hijos = subs;
    n->n_hijos = n_subs;
    if (n_subs > 1)
        qsort(subs, n_subs, sizeof *subs, cmp_nodos);
}

/* ---- the tree ------------------------------------------------------------ */

static int arbol(builder *bd)
{
    size_t na = bd->acts.n, np = bd->proys.n, ns = bd->subs.n;
    diff_nodo *acts = malloc((na + 1) * sizeof *acts);
    diff_nodo *proys = malloc((np + 1) * sizeof *proys);
    diff_nodo **grupo_p = malloc((np + 1) * sizeof *grupo_p);
    diff_nodo **grupo_s = malloc((ns + 1) * sizeof *grupo_s);
    size_t *padre = malloc((na + np + 1) * sizeof *padre);
    size_t *n_grupo_p = malloc((np + 1) * sizeof *n_grupo_p);
    size_t *n_grupo_s = malloc((ns + 1) * sizeof *n_grupo_s);
    int rc = -1;
    if (!acts || !proys || !grupo_p || !grupo_s || !padre || !n_grupo_p || !n_grupo_s)
        goto out;
    size_t n = nodos_actividades(bd, acts, padre);
    for (size_t i = 0; i < n; i++)
        contar(bd->r, &acts[i]);
    if (bd->oom || agrupar(bd, acts, padre, n, np, grupo_p, n_grupo_p) != 0)
        goto out;
    n = nodos_proyectos(bd, grupo_p, n_grupo_p, proys, padre);
    for (size_t i = 0; i < n; i++)
        contar(bd->r, &proys[i]);
    if (bd->oom || agrupar(bd, proys, padre, n, ns, grupo_s, n_grupo_s) != 0)
        goto out;
    diff_nodo *subs = arena_alloc(bd, (ns + 1) * sizeof *subs);
    if (subs == NULL)
        goto out;
    n = nodos_subprogramas(bd, grupo_s, n_grupo_s, subs);
    for (size_t i = 0; i < n; i++)
        contar(bd->r, &subs[i]);
    raiz(bd, subs, n);
    rc = bd->oom ? -1 : 0;
out:
    free(acts);
    free(proys);
    free(grupo_p);
    free(grupo_s);
    free(padre);
    free(n_grupo_p);
    free(n_grupo_s);
    return rc;
}

/* ---- matching the three levels ------------------------------------------- */

static int parear_niveles(builder *bd)
{
    const version *a = &bd->a, *b = &bd->b;
    size_t n = a->n_acts + b->n_acts + a->n_proys + b->n_proys + a->n_subs + b->n_subs;
    llaves *k = malloc((n + 1) * sizeof *k);
    if (k == NULL)
        return -1;
    llaves *ka = k, *kb = k + a->n_acts;
    for (size_t i = 0; i < a->n_acts; i++)
        ka[i] = (llaves){a->acts[i]->clave, a->acts[i]->descripcion, a->acts[i]->unidad};
    for (size_t i = 0; i < b->n_acts; i++)
        kb[i] = (llaves){b->acts[i]->clave, b->acts[i]->descripcion, b->acts[i]->unidad};
    llaves *pa = kb + b->n_acts, *pb = pa + a->n_proys;
    for (size_t i = 0; i < a->n_proys; i++)
        pa[i] = (llaves){a->proys[i]->clave, a->proys[i]->nombre, NULL};
    for (size_t i = 0; i < b->n_proys; i++)
        pb[i] = (llaves){b->proys[i]->clave, b->proys[i]->nombre, NULL};
    llaves *sa = pb + b->n_proys, *sb = sa + a->n_subs;
    for (size_t i = 0; i < a->n_subs; i++)
        sa[i] = (llaves){a->subs[i]->numero, a->subs[i]->descripcion, NULL};
    for (size_t i = 0; i < b->n_subs; i++)
        sb[i] = (llaves){b->subs[i]->numero, b->subs[i]->descripcion, NULL};
    int rc = pareo_parear(ka, a->n_acts, kb, b->n_acts, &bd->acts) == 0 &&
                     pareo_parear(pa, a->n_proys, pb, b->n_proys, &bd->proys) == 0 &&
                     pareo_parear(sa, a->n_subs, sb, b->n_subs, &bd->subs) == 0
                 ? 0
                 : -1;
    free(k);
    return rc;
}

/* Every renumbering, for comparing findings across claves. */
static diff_renumeracion *renumeraciones(const builder *bd, size_t *n)
{
    const pareo *m[3] = {&bd->subs, &bd->proys, &bd->acts};
    size_t total = bd->subs.n + bd->proys.n + bd->acts.n;
    diff_renumeracion *out = malloc((total + 1) * sizeof *out);
    *n = 0;
    for (int l = 0; out != NULL && l < 3; l++) {
        for (size_t k = 0; k < m[l]->n; k++) {
            const par *pp = &m[l]->pares[k];
            if (pp->a == NINGUNO || pp->b == NINGUNO)
                continue;
            const char *ca = l == 0 ? bd->a.subs[pp->a]->numero
                             : l == 1 ? bd->a.proys[pp->a]->clave
                                      : bd->a.acts[pp->a]->clave;
            const char *cb = l == 0 ? bd->b.subs[pp->b]->numero
                             : l == 1 ? bd->b.proys[pp->b]->clave
                                      : bd->b.acts[pp->b]->clave;
            if (strcmp(ca, cb) != 0)
                out[(*n)++] = (diff_renumeracion){ca, cb};
        }
    }
    return out;
}

int diff_compute(const paa_programa *antes, const paa_programa *despues,
                 const diff_opciones *o, diff_result **out, diag_list *d)
{
    *out = NULL;
    paa_arena arena = {0};
    diff_result *r = paa_arena_alloc(&arena, sizeof *r);
    if (r == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente para comparar");
        return -1;
    }
    r->arena = arena;
    builder bd = {.r = r};
    r->corte = o->corte;
    r->linea_base = arena_str(&bd, o->linea_base);
    r->antes = (diff_version){arena_str(&bd, antes->file), antes->n_subprogramas,
                              model_count_proyectos(antes), model_count_actividades(antes)};
    r->despues = (diff_version){arena_str(&bd, despues->file), despues->n_subprogramas,
                                model_count_proyectos(despues),
                                model_count_actividades(despues)};
    int rc = -1;
    diff_renumeracion *ren = NULL;
    size_t n_ren = 0;
    if (version_init(&bd.a, antes) == 0) {
        if (version_init(&bd.b, despues) == 0) {
            if (parear_niveles(&bd) == 0 && arbol(&bd) == 0 &&
                (ren = renumeraciones(&bd, &n_ren)) != NULL)
                rc = 0;
            version_free(&bd.b);
        }
        version_free(&bd.a);
    }
    pareo_free(&bd.acts);
    pareo_free(&bd.proys);
    pareo_free(&bd.subs);
    free(bd.campos);
    if (rc != 0 || bd.oom) {
        free(ren);
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente para comparar");
        diff_free(r);
        return -1;
    }
    rc = diff_hallazgos_comparar(antes, despues, ren, n_ren, r, d);
    free(ren);
    if (rc != 0) {
        diff_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

void diff_free(diff_result *r)
{
    if (r == NULL)
        return;
    paa_arena arena = r->arena;
    paa_arena_free(&arena);
}

bool diff_hay_cambios(const diff_result *r)
{
    return r->raiz.tipo != DIFF_SIN_CAMBIO || r->raiz.n_hijos > 0;
}

int diff_parse_mes(const char *s)
{
    if (s == NULL)
        return 0;
    for (int m = 0; m < PAA_MONTHS; m++)
        if (strcmp(s, paa_month_key[m]) == 0 || strcmp(s, paa_month_name[m]) == 0)
            return m + 1;
    char *end;
    long v = strtol(s, &end, 10);
    return s[0] >= '0' && s[0] <= '9' && *end == '\0' && v >= 1 && v <= 12 ? (int)v : 0;
}
