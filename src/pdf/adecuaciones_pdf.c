/*
 * adecuaciones_pdf: "Anexo. Adecuaciones al Programa Anual de
 * Actividades", what the Consejo General reads to approve a modification:
 * the two versions, the summary (totals, changes by kind, planning
 * checks), one group of rows per subprograma with every datum that
 * changed (before, after, observation, reason) and the findings the
 * adecuación adds or resolves. Laid out from layouts/adecuaciones.xml with
 * the shared typeset engine; the rows are diff/anexo.h's, the same the
 * workbook shows. Only reads the change tree and the two programmes'
 * <documento>.
 */
#include "pdf/pdf.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/template.h"
#include "diff/anexo.h"
#include "pdf/placeholders.h"
#include "pdf/typeset.h"

#define ADE_COLS 8      /* clave … motivo */
#define NVARS (PDF_COMMON_VARS + 8)   /* see set_vars */

typedef struct {
    ts_style cover_inst, cover_title, cover_data, heading, body, sentence, th, td, tdkey,
        tdnum, tdwarn, tdreason, tdgroup;
} styles;

typedef struct {
    const diff_result *r;
    const paa_programa *antes, *nuevo;
    const layout *lay;
    diag_list *d;
    ts_doc *ts;
    styles s;
    ts_table_layout totals, kinds, checks, rows, findings;
    diff_anexo anexo;
    bool bad;
    paa_arena texts;
    char anio[16];
    /* own placeholders' values, changed while writing (set_vars) */
    const char *numero, *nombre, *clave_antes, *clave_nueva, *fecha;
    template_var vars[NVARS];
} ctx;

static void out_of_memory(ctx *c)
{
    diag_add(c->d, RULE_PDF, NULL, 0, NULL, "memoria insuficiente al componer el PDF");
    c->bad = true;
}

/* The placeholders of the layout texts: the common ones of the new
 * programme, {anterior} and {nuevo} (the files), {corte}, and those that
 * change as the document goes: {fecha}, {numero}, {nombre},
 * {clave-anterior}, {clave-nueva}. */
static void set_vars(ctx *c)
{
    pdf_common_vars(c->nuevo, c->anio, sizeof c->anio, c->vars);
    template_var *own = c->vars + PDF_COMMON_VARS;
    own[0] = (template_var){"{anterior}", diff_anexo_archivo(c->r->antes.archivo), false, false};
    own[1] = (template_var){"{nuevo}", diff_anexo_archivo(c->r->despues.archivo), false, false};
    own[2] = (template_var){"{corte}", c->r->corte > 0 ? paa_month_name[c->r->corte - 1] : NULL,
                            false, false};
    own[3] = (template_var){"{fecha}", c->fecha, false, false};
    own[4] = (template_var){"{numero}", c->numero, false, false};
    own[5] = (template_var){"{nombre}", c->nombre, false, false};
    own[6] = (template_var){"{clave-anterior}", c->clave_antes, false, false};
    own[7] = (template_var){"{clave-nueva}", c->clave_nueva, false, false};
}

/* <texto id="id"> of the layout with its placeholders expanded (set_vars
 * first when they changed); kept in the document's arena; "" after a
 * failure (reported). */
static const char *text_of(ctx *c, const char *id)
{
    const layout_node *n = layout_require(c->lay, "texto", id, c->d);
    strbuf b = {0};
    const char *kept = NULL;
    set_vars(c);
    if (n == NULL || typeset_template(c->lay, n, &b, layout_text(c->lay, n), c->vars, NVARS,
                                      c->d) != 0)
        c->bad = true;
    else if ((kept = paa_arena_strdup(&c->texts, strbuf_str(&b))) == NULL || b.failed)
        out_of_memory(c);
    strbuf_free(&b);
    return kept != NULL ? kept : "";
}

static void load_styles(ctx *c)
{
    static const struct {
        const char *id;
        size_t off;
    } map[] = {
        {"portada-institucion", offsetof(styles, cover_inst)},
        {"portada-titulo", offsetof(styles, cover_title)},
        {"portada-dato", offsetof(styles, cover_data)},
        {"titulo", offsetof(styles, heading)},
        {"cuerpo", offsetof(styles, body)},
        {"frase", offsetof(styles, sentence)},
        {"tabla-encabezado", offsetof(styles, th)},
        {"celda", offsetof(styles, td)},
        {"celda-clave", offsetof(styles, tdkey)},
        {"celda-numero", offsetof(styles, tdnum)},
        {"celda-aviso", offsetof(styles, tdwarn)},
        {"celda-motivo", offsetof(styles, tdreason)},
        {"celda-grupo", offsetof(styles, tdgroup)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0] && !c->bad; i++)
        if (typeset_style_by_id(c->ts, c->lay, map[i].id,
                                (ts_style *)((char *)&c->s + map[i].off), c->d) != 0)
            c->bad = true;
}

/* <tabla id="id"> with exactly `ncols` columns. */
static void load_table(ctx *c, const char *id, size_t ncols, ts_table_layout *t)
{
    if (typeset_table_load(c->lay, id, ncols, t, c->d) != 0)
        c->bad = true;
}

/* A table of the layout across the page (the engine scales the widths). */
static ts_table *table_begin(ctx *c, const ts_table_layout *tl)
{
    ts_table_spec spec;
    typeset_table_spec_of(tl, &c->s.th, &spec);
    ts_table *t = NULL;
    if (typeset_table_begin(c->ts, &spec, &t) != 0)
        c->bad = true;
    return t;
}

/* ---- cover and summary ---------------------------------------------------- */

/* "Versión anterior: a.xml, aprobada el 15 de enero de 2024". */
static void version_line(ctx *c, const char *id, const paa_programa *p)
{
    char *f = diff_anexo_fecha(p);
    c->fecha = f;
    const char *which = text_of(c, id);
    const char *when = f != NULL ? text_of(c, "fecha") : NULL;
    char *line = when != NULL ? paa_format("%s, %s", which, when) : paa_format("%s", which);
    if (line == NULL)
        out_of_memory(c);
    else
        typeset_paragraph(c->ts, &c->s.cover_data, line);
    free(line);
    free(f);
    c->fecha = NULL;
}

static void cover(ctx *c)
{
    typeset_numbering(c->ts, TS_NUM_ARABIC, 1);
    typeset_new_page(c->ts, 0);
    const char *title = text_of(c, "titulo");
    typeset_bookmark(c->ts, 0, title, false);
    typeset_paragraph(c->ts, &c->s.cover_inst, c->nuevo->doc.institucion);
    typeset_paragraph(c->ts, &c->s.cover_title, title);
    version_line(c, "anterior", c->antes);
    version_line(c, "nuevo", c->nuevo);
    if (c->r->corte > 0)
        typeset_paragraph(c->ts, &c->s.cover_data, text_of(c, "corte"));
}

static void count_cell(char *buf, size_t v)
{
    paa_dec_format((paa_dec)v * PAA_DEC_SCALE, true, buf);
}

/* Rows of label and counts: the first `nv` counts of each. */
static void count_rows(ctx *c, const ts_table_layout *tl, const diff_anexo_cuenta *rows,
                       size_t n, size_t nv)
{
    ts_table *t = table_begin(c, tl);
    if (t == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        char nums[3][PAA_DEC_BUFSZ];
        ts_cell cells[4] = {{rows[i].etiqueta, &c->s.td, 1, NULL, NULL}};
        for (size_t k = 0; k < nv; k++) {
            count_cell(nums[k], rows[i].v[k]);
            cells[k + 1] = (ts_cell){nums[k], &c->s.tdnum, 1, NULL, NULL};
        }
        typeset_table_row(t, TS_ROW_BODY, cells, nv + 1);
    }
    typeset_table_end(t);
}

static void summary(ctx *c)
{
    const char *title = text_of(c, "resumen");
    typeset_bookmark(c->ts, 0, title, false);
    typeset_paragraph(c->ts, &c->s.heading, title);
    char *sentence = diff_anexo_frase(c->r);
    if (sentence == NULL) {
        out_of_memory(c);
        return;
    }
    typeset_paragraph(c->ts, &c->s.sentence, sentence);
    free(sentence);
    diff_anexo_cuenta rows[DIFF_ANEXO_REVISION];
    count_rows(c, &c->totals, rows, diff_anexo_totales(c->r, rows), 2);
    if (!diff_hay_cambios(c->r)) {
        typeset_paragraph(c->ts, &c->s.sentence, text_of(c, "sin-cambios"));
        return;
    }
    typeset_space(c->ts, c->s.sentence.space_after);
    count_rows(c, &c->kinds, rows, diff_anexo_cambios(c->r, rows), 3);
    typeset_space(c->ts, c->s.sentence.space_after);
    count_rows(c, &c->checks, rows, diff_anexo_revision(c->r, rows), 1);
}

/* ---- the changes ---------------------------------------------------------- */

/* The clave of a row as the layout words a renumbering. */
static const char *row_key(ctx *c, const diff_anexo_fila *f)
{
    const diff_nodo *n = f->nodo;
    if (n->clave_antes == NULL || n->clave_despues == NULL ||
        strcmp(n->clave_antes, n->clave_despues) == 0)
        return f->clave;
    c->clave_antes = n->clave_antes;
    c->clave_nueva = n->clave_despues;
    const char *key = text_of(c, "renumerada");
    c->clave_antes = c->clave_nueva = NULL;
    return key;
}

static ts_cell value_cell(ctx *c, const diff_anexo_valor *v)
{
    return (ts_cell){v->texto, v->es_cantidad ? &c->s.tdnum : &c->s.td, 1, NULL, NULL};
}

static void change_row(ctx *c, ts_table *t, const diff_anexo_fila *f)
{
    const diff_nodo *n = f->nodo;
    if (n->linea_despues > 0)
        typeset_context(c->ts, c->nuevo->file, n->linea_despues, n->clave_despues);
    else
        typeset_context(c->ts, c->antes->file, n->linea_antes, n->clave_antes);
    bool first = f->primera;
    ts_cell cells[ADE_COLS] = {
        {row_key(c, f), &c->s.tdkey, 1, NULL, NULL},
        {first ? f->titulo : NULL, &c->s.td, 1, NULL, NULL},
        {first ? f->cambio : NULL, &c->s.td, 1, NULL, NULL},
        {f->campo, &c->s.td, 1, NULL, NULL},
        value_cell(c, &f->antes),
        value_cell(c, &f->despues),
        {f->observacion, f->aviso ? &c->s.tdwarn : &c->s.td, 1, NULL, NULL},
        {first ? f->motivo : NULL, &c->s.tdreason, 1, NULL, NULL},
    };
    typeset_table_row(t, TS_ROW_BODY, cells, ADE_COLS);
}

static void group_row(ctx *c, ts_table *t, const diff_anexo_grupo *g)
{
    const char *title;
    if (g->clave == NULL) {
        title = text_of(c, "generales");
    } else {
        c->numero = g->clave;
        c->nombre = g->titulo;
        title = text_of(c, "subprograma");
        c->numero = c->nombre = NULL;
    }
    ts_cell cell = {title, &c->s.tdgroup, ADE_COLS, NULL, NULL};
    ts_row_opts o = {.kind = TS_ROW_GROUP, .bookmark = title, .bookmark_level = 1};
    typeset_table_row_opts(t, &o, &cell, 1);
}

static void changes(ctx *c)
{
    const char *title = text_of(c, "cambios");
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, true);
    typeset_paragraph(c->ts, &c->s.heading, title);
    typeset_paragraph(c->ts, &c->s.body, text_of(c, "explicacion"));
    ts_table *t = table_begin(c, &c->rows);
    if (t == NULL)
        return;
    for (size_t g = 0; g < c->anexo.n_grupos && !c->bad && !typeset_failed(c->ts); g++) {
        const diff_anexo_grupo *gr = &c->anexo.grupos[g];
        group_row(c, t, gr);
        for (size_t i = 0; i < gr->n && !typeset_failed(c->ts); i++)
            change_row(c, t, &gr->filas[i]);
    }
    typeset_table_end(t);
    typeset_context(c->ts, c->nuevo->file, 0, NULL);
}

/* ---- findings ------------------------------------------------------------- */

static void findings(ctx *c, const char *id, const diff_hallazgos *h)
{
    typeset_paragraph(c->ts, &c->s.sentence, text_of(c, id));
    if (h->n == 0) {
        typeset_paragraph(c->ts, &c->s.body, text_of(c, "ninguno"));
        return;
    }
    ts_table *t = table_begin(c, &c->findings);
    if (t == NULL)
        return;
    for (size_t i = 0; i < h->n && !typeset_failed(c->ts); i++) {
        const diff_hallazgo *x = &h->items[i];
        char *where = paa_format("%s:%d", diff_anexo_archivo(x->archivo ? x->archivo : ""),
                                 x->linea);
        if (where == NULL) {
            out_of_memory(c);
            break;
        }
        ts_cell cells[4] = {{where, &c->s.td, 1, NULL, NULL},
                            {x->regla, &c->s.td, 1, NULL, NULL},
                            {x->clave, &c->s.tdkey, 1, NULL, NULL},
                            {x->mensaje, &c->s.td, 1, NULL, NULL}};
        typeset_table_row(t, TS_ROW_BODY, cells, 4);
        free(where);
    }
    typeset_table_end(t);
}

static void review(ctx *c)
{
    const char *title = text_of(c, "revision");
    typeset_need(c->ts, 4 * c->s.heading.size * 2);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_paragraph(c->ts, &c->s.heading, title);
    findings(c, "hallazgos-nuevos", &c->r->nuevos);
    findings(c, "hallazgos-resueltos", &c->r->resueltos);
    if (c->r->linea_base != NULL)
        findings(c, "obsoletas", &c->r->obsoletas);
}

/* ---- entry point ---------------------------------------------------------- */

static void set_info(ctx *c)
{
    const char *title = text_of(c, "titulo");
    const char *subject = text_of(c, "asunto");
    const char *keywords = text_of(c, "palabras-clave");
    typeset_set_info(c->ts, title, c->nuevo->doc.institucion, subject, keywords);
}

static void load_layout(ctx *c)
{
    load_styles(c);
    load_table(c, "totales", 3, &c->totals);
    load_table(c, "tipos", 4, &c->kinds);
    load_table(c, "revisiones", 2, &c->checks);
    load_table(c, "adecuaciones", ADE_COLS, &c->rows);
    load_table(c, "hallazgos", 4, &c->findings);
    set_vars(c);
    if (!c->bad && typeset_running_load(c->ts, c->lay, c->vars, NVARS, c->d) != 0)
        c->bad = true;
}

int pdf_adecuaciones(const diff_result *r, const paa_programa *antes,
                     const paa_programa *nuevo, const layout *lay, long long epoch,
                     const char *out_path, diag_list *d)
{
    ctx c = {.r = r, .antes = antes, .nuevo = nuevo, .lay = lay, .d = d};
    if (diff_anexo_build(r, &c.anexo) != 0) {
        out_of_memory(&c);
        return -1;
    }
    ts_page_spec page;
    int rc = -1;
    if (typeset_open_layout(&c.ts, lay, epoch, &page, d) == 0) {
        load_layout(&c);
        if (!c.bad && !typeset_failed(c.ts)) {
            typeset_context(c.ts, nuevo->file, 0, NULL);
            set_info(&c);
            cover(&c);
            summary(&c);
            if (diff_hay_cambios(r)) {
                changes(&c);
                review(&c);
            }
        }
        typeset_context(c.ts, NULL, 0, NULL);
        if (!c.bad && !typeset_failed(c.ts))
            rc = typeset_save(c.ts, out_path, d);
        typeset_close(c.ts);
    }
    paa_arena_free(&c.texts);
    diff_anexo_free(&c.anexo);
    return rc;
}
