/*
 * programa_pdf: the programme as a print-ready PDF, in the published order
 * (cover, contents, front matter, Estructura, subprogramas), laid out from
 * layouts/programa.xml with the shared typeset engine. Everything shown is
 * read from the model or the layout; counts and totals are computed.
 */
#include "pdf/pdf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/template.h"
#include "pdf/placeholders.h"
#include "pdf/typeset.h"

#define CAL_COLS (4 + PAA_MONTHS + 2)   /* clave … cantidad */
#define EST_COLS 5
#define PRY_COLS 3
#define ANX_COLS 4   /* clave, actividad, mes, valor */
#define NVARS (PDF_COMMON_VARS + 3)   /* placeholders of the layout texts (set_vars) */

typedef struct {
    ts_style cover_title, cover_inst, cover_place, heading, body, toc, credit,
        credit_role, place, motto, sign, sign_name, item, subprog, label, data,
        head1, head2, foot, th, td, tdnum, tdcenter, tdgroup, tdtotal, cal_th,
        cal_td, cal_num, cal_center, cal_group, cal_legend, cal_rebuilt;
} styles;

typedef struct {
    const paa_programa *p;
    const layout *lay;
    diag_list *d;
    ts_doc *ts;
    styles s;
    ts_table_layout est, pry, cal, anx;
    const char *missing;   /* shown for a datum the model lacks */
    const char *missing_legend;   /* its legend entry; NULL: none */
    const char *mark;      /* appended to a reconstructed value; NULL: */
    const char *mark_legend;      /* values are not marked */
    const layout_node *annex;     /* <anexo>; NULL: no annex */
    /* the legend of calendar pages, a part per mark shown */
    ts_legend_part legend[2];
    char *legend_text[2];
    size_t nlegend;
    double mark_w, mark_gap;   /* mark area of a quantity column */
    bool bad;              /* a layout problem was reported */
    paa_arena texts;       /* expanded layout texts (text_of) */
    double body_h;         /* height of a page's text area */
    /* the current calendar's quantity styles, one size per column */
    ts_style col_num[CAL_COLS], col_rebuilt[CAL_COLS];
    char anio[16];
    template_var vars[NVARS];   /* placeholders of the layout texts */
} ctx;

/* ---- layout access -------------------------------------------------------- */

static void out_of_memory(ctx *c)
{
    diag_add(c->d, RULE_PDF, NULL, 0, NULL, "memoria insuficiente al componer el PDF");
    c->bad = true;
}

/* paa_format, with a failure reported. */
static char *format(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *format(ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = paa_vformat(fmt, ap);
    va_end(ap);
    if (out == NULL)
        out_of_memory(c);
    return out;
}

/* The placeholders of the programme's layout texts: the common ones
 * (placeholders.h), {marca} (the mark of reconstructed values), {sin-dato}
 * (the missing-datum mark) and {anexo} (the annex's title). Set once the
 * layout's marks and annex are read. */
static void set_vars(ctx *c)
{
    pdf_common_vars(c->p, c->anio, sizeof c->anio, c->vars);
    template_var *own = c->vars + PDF_COMMON_VARS;
    own[0] = (template_var){"{marca}", c->mark, false, false};
    own[1] = (template_var){"{sin-dato}", c->missing, false, false};
    own[2] = (template_var){"{anexo}", c->annex ? layout_attr(c->annex, "titulo") : NULL,
                            false, false};
}

/* The text of layout element n with its placeholders expanded (set_vars);
 * any other placeholder is a layout error at n's line. malloc'd, or NULL
 * (reported). */
static char *subst(ctx *c, const layout_node *n, const char *tpl)
{
    strbuf b = {0};
    char *out = NULL;
    if (typeset_template(c->lay, n, &b, tpl, c->vars, NVARS, c->d) == 0)
        out = strbuf_take(&b);
    else
        c->bad = true;
    strbuf_free(&b);
    if (out == NULL && !c->bad)
        out_of_memory(c);
    return out;
}

/* The node of <texto id="id">, required; NULL (reported) when missing. */
static const layout_node *text_node(ctx *c, const char *id)
{
    const layout_node *n = layout_require(c->lay, "texto", id, c->d);
    if (n == NULL)
        c->bad = true;
    return n;
}

/* The text of <texto id="id"> with its placeholders expanded; malloc'd,
 * or NULL (reported). */
static char *text_subst(ctx *c, const char *id)
{
    const layout_node *n = text_node(c, id);
    return n != NULL ? subst(c, n, layout_text(c->lay, n)) : NULL;
}

/* Text of <texto id="id">, required, expanded; "" after a failure. Owned
 * by the document's arena. */
static const char *text_of(ctx *c, const char *id)
{
    char *s = text_subst(c, id);
    const char *kept = s != NULL ? paa_arena_strdup(&c->texts, s) : NULL;
    if (s != NULL && kept == NULL)
        out_of_memory(c);
    free(s);
    return kept != NULL ? kept : "";
}

static void style(ctx *c, const char *id, ts_style *out)
{
    if (typeset_style_by_id(c->ts, c->lay, id, out, c->d) != 0)
        c->bad = true;
}

static void load_styles(ctx *c)
{
    static const struct { const char *id; size_t off; } map[] = {
        {"portada-titulo", offsetof(styles, cover_title)},
        {"portada-institucion", offsetof(styles, cover_inst)},
        {"portada-lugar", offsetof(styles, cover_place)},
        {"titulo", offsetof(styles, heading)},
        {"cuerpo", offsetof(styles, body)},
        {"indice", offsetof(styles, toc)},
        {"credito", offsetof(styles, credit)},
        {"credito-rol", offsetof(styles, credit_role)},
        {"lugar-fecha", offsetof(styles, place)},
        {"lema", offsetof(styles, motto)},
        {"firma", offsetof(styles, sign)},
        {"firma-nombre", offsetof(styles, sign_name)},
        {"elemento", offsetof(styles, item)},
        {"subprograma", offsetof(styles, subprog)},
        {"etiqueta", offsetof(styles, label)},
        {"dato", offsetof(styles, data)},
        {"encabezado-1", offsetof(styles, head1)},
        {"encabezado-2", offsetof(styles, head2)},
        {"pie", offsetof(styles, foot)},
        {"tabla-encabezado", offsetof(styles, th)},
        {"celda", offsetof(styles, td)},
        {"celda-numero", offsetof(styles, tdnum)},
        {"celda-centro", offsetof(styles, tdcenter)},
        {"celda-grupo", offsetof(styles, tdgroup)},
        {"celda-total", offsetof(styles, tdtotal)},
        {"calendario-encabezado", offsetof(styles, cal_th)},
        {"calendario-celda", offsetof(styles, cal_td)},
        {"calendario-numero", offsetof(styles, cal_num)},
        {"calendario-centro", offsetof(styles, cal_center)},
        {"calendario-grupo", offsetof(styles, cal_group)},
        {"calendario-leyenda", offsetof(styles, cal_legend)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0] && !c->bad; i++)
        style(c, map[i].id, (ts_style *)((char *)&c->s + map[i].off));
}

/* <tabla id="id"> with exactly `ncols` columns. */
static void load_table(ctx *c, const char *id, size_t ncols, ts_table_layout *t)
{
    if (typeset_table_load(c->lay, id, ncols, t, c->d) != 0)
        c->bad = true;
}

/* ---- small helpers -------------------------------------------------------- */

static void count_text(size_t n, char *buf)
{
    paa_dec_format((paa_dec)n * PAA_DEC_SCALE, true, buf);
}

/* A paragraph "Label: text" with the label in the label style. */
static void labelled(ctx *c, const char *label, const char *text, const ts_style *st)
{
    ts_style lab = c->s.label;
    lab.align = st->align;
    lab.space_before = st->space_before;
    lab.space_after = st->space_after;
    ts_run runs[2] = {{&lab, label}, {st, text}};
    typeset_paragraph_runs(c->ts, runs, 2);
}

/* A section heading on a new page, with its bookmark and anchor. */
static void section(ctx *c, const char *text_id, const char *anchor)
{
    const char *title = text_of(c, text_id);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_anchor(c->ts, anchor);
    typeset_paragraph(c->ts, &c->s.heading, title);
}

/* ---- what the source lost -------------------------------------------------- */

/* The layout's <nota-edicion>, or NULL when it has none. */
static const layout_node *edition_note(const ctx *c)
{
    return layout_find(c->lay, "nota-edicion", NULL);
}

/* The edition note is printed when the layout has one and this programme
 * has something it explains: a reconstructed value or a lost datum. */
static bool edition_note_wanted(const ctx *c)
{
    return edition_note(c) != NULL
           && (model_any_actividad(c->p, model_actividad_reconstruida) || model_any_actividad(c->p, model_actividad_incompleta));
}

/* "Nota sobre esta edición": its own page at the end of the front matter,
 * every word from the layout. */
static void edition_note_section(ctx *c)
{
    if (!edition_note_wanted(c))
        return;
    const layout_node *n = edition_note(c);
    const char *title = layout_attr(n, "titulo");
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_anchor(c->ts, "nota-edicion");
    typeset_paragraph(c->ts, &c->s.heading, title);
    for (const layout_node *p = layout_child(n, "p", NULL); p && !c->bad;
         p = layout_child(n, "p", p)) {
        char *text = subst(c, p, layout_text(c->lay, p));
        if (text != NULL)
            typeset_paragraph(c->ts, &c->s.body, text);
        free(text);
    }
}

/* The annex of reconstructed values is printed when the layout has one
 * and there is something to list. */
static bool annex_wanted(const ctx *c)
{
    return c->annex != NULL && model_any_actividad(c->p, model_actividad_reconstruida);
}

/* `text` cut to the first line of the annex's Actividad column, with "…"
 * when cut: the annex identifies an activity, the calendar describes it,
 * and full descriptions would double its length. malloc'd, or NULL. */
static char *first_line(ctx *c, const char *text)
{
    const ts_style *st = &c->s.cal_td;
    double sum = 0;
    for (size_t i = 0; i < c->anx.n; i++)
        sum += c->anx.widths[i];
    double inner = c->anx.widths[1] * typeset_frame_width(c->ts) / sum - st->pad_left
                   - st->pad_right - typeset_text_width(c->ts, st, "…");
    size_t starts[2];
    int n = typeset_wrap_count(c->ts, st, text, inner, starts, 2);
    if (n < 0)
        return NULL;
    if (n <= 1)
        return format(c, "%s", text);
    size_t len = starts[1];
    while (len > 0 && text[len - 1] == ' ')
        len--;
    return format(c, "%.*s…", (int)len, text);
}

/* One annex row: the clave on every row, so each value names its
 * activity on any page; the description only on the activity's first. */
static void annex_row(ctx *c, ts_table *t, const paa_actividad *a, bool first,
                      const char *when, int m)
{
    char num[PAA_DEC_BUFSZ];
    model_cantidad_text(a, m, true, num);
    char *what = first ? first_line(c, a->descripcion) : NULL;
    if (first && what == NULL)
        return;
    ts_cell row[ANX_COLS] = {{a->clave, &c->s.cal_center, 1, NULL, NULL},
                             {what, &c->s.cal_td, 1, NULL, NULL},
                             {when, &c->s.cal_center, 1, NULL, NULL},
                             {num, &c->s.cal_num, 1, NULL, NULL}};
    char *anchor = format(c, "act-%s", a->clave);
    if (anchor != NULL)
        typeset_table_link(t, 0, anchor);
    free(anchor);
    typeset_table_row(t, TS_ROW_BODY, row, ANX_COLS);
    free(what);
}

/* Every reconstructed value of an activity: the annual quantity first,
 * then the months in calendar order. */
static void annex_activity(ctx *c, ts_table *t, const paa_actividad *a)
{
    bool first = true;
    typeset_context(c->ts, c->p->file, a->line, a->clave);
    if (a->anual_reconstruido && a->anual_present) {
        annex_row(c, t, a, first, layout_attr(c->annex, "anual"), PAA_ANUAL);
        first = false;
    }
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((a->meses_reconstruidos >> m) & (a->meses_present >> m) & 1u) {
            annex_row(c, t, a, first, paa_month_name[m], m);
            first = false;
        }
}

/* "Anexo. Valores reconstruidos": at the end of the document, so that the
 * edition note can point to it on paper; every word from the layout. */
static void annex_section(ctx *c)
{
    if (!annex_wanted(c))
        return;
    const char *title = layout_attr(c->annex, "titulo");
    typeset_context(c->ts, c->p->file, 0, NULL);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_anchor(c->ts, "anexo");
    typeset_paragraph(c->ts, &c->s.heading, title);
    for (const layout_node *p = layout_child(c->annex, "p", NULL); p && !c->bad;
         p = layout_child(c->annex, "p", p)) {
        char *text = subst(c, p, layout_text(c->lay, p));
        if (text != NULL)
            typeset_paragraph(c->ts, &c->s.body, text);
        free(text);
    }
    ts_table_spec spec;
    typeset_table_spec_of(&c->anx, &c->s.cal_th, &spec);
    ts_table *t;
    if (typeset_table_begin(c->ts, &spec, &t))
        return;
    for (size_t i = 0; i < c->p->n_subprogramas; i++)
        for (size_t j = 0; j < c->p->subprogramas[i].n_proyectos; j++) {
            const paa_proyecto *pr = &c->p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades && !typeset_failed(c->ts); k++)
                annex_activity(c, t, &pr->actividades[k]);
        }
    typeset_table_end(t);
}

/* ---- front matter --------------------------------------------------------- */

static void cover(ctx *c)
{
    const paa_documento *doc = &c->p->doc;
    typeset_numbering(c->ts, TS_NUM_NONE, 1);
    typeset_unnumbered_label(c->ts, text_of(c, "etiqueta-portada"));
    typeset_new_page(c->ts, TS_PAGE_BARE);
    typeset_bookmark(c->ts, 0, doc->titulo, false);
    /* the cover's first space is kept: reserve it as an empty box */
    ts_box box;
    typeset_reserve(c->ts, c->s.cover_title.space_before, &box);
    ts_style title = c->s.cover_title;
    title.space_before = 0;
    typeset_paragraph(c->ts, &title, doc->titulo);
    typeset_paragraph(c->ts, &c->s.cover_inst, doc->institucion);
    char *place = text_subst(c, "portada-lugar");
    if (place != NULL)
        typeset_paragraph(c->ts, &c->s.cover_place, place);
    /* The cover is one page: spilt over, the next page would carry the
     * running header and every page label would shift by one. */
    if (typeset_page_count(c->ts) > 1 && !typeset_failed(c->ts)) {
        double need = c->s.cover_title.space_before
                      + typeset_paragraph_height(c->ts, &title, doc->titulo)
                      + typeset_paragraph_height(c->ts, &c->s.cover_inst, doc->institucion)
                      + (place ? typeset_paragraph_height(c->ts, &c->s.cover_place, place) : 0);
        layout_error(c->lay, layout_find(c->lay, "estilo", "portada-titulo"), c->d,
                     "la portada no cabe en una página: el título, la institución y el "
                     "lugar, con sus espacios, ocupan %.1f pt y el área de texto de la "
                     "página mide %.1f pt de alto", need, c->body_h);
        c->bad = true;
    }
    free(place);
}

static void contents(ctx *c)
{
    static const struct { const char *text, *anchor; } front[] = {
        {"indice-presentacion", "presentacion"}, {"indice-marco-legal", "marco-legal"},
        {"indice-fines", "fines"}, {"indice-objetivos", "objetivos"},
        {"indice-politicas", "politicas"}, {"indice-estructura", "estructura"}};
    typeset_numbering(c->ts, TS_NUM_ROMAN, 1);
    section(c, "contenido", "contenido");
    for (size_t i = 0; i < sizeof front / sizeof front[0]; i++)
        typeset_toc_entry(c->ts, &c->s.toc, text_of(c, front[i].text), front[i].anchor);
    if (edition_note_wanted(c))
        typeset_toc_entry(c->ts, &c->s.toc, layout_attr(edition_note(c), "indice"),
                          "nota-edicion");
    for (size_t i = 0; i < c->p->n_subprogramas && !c->bad; i++) {
        const paa_subprograma *s = &c->p->subprogramas[i];
        char *anchor = format(c, "sp-%s", s->numero);
        if (anchor != NULL)
            typeset_toc_entry(c->ts, &c->s.toc, s->titulo, anchor);
        free(anchor);
    }
    if (annex_wanted(c))
        typeset_toc_entry(c->ts, &c->s.toc, layout_attr(c->annex, "indice"), "anexo");
    for (size_t i = 0; i < c->p->doc.n_creditos; i++) {
        const paa_credito *cr = &c->p->doc.creditos[i];
        size_t n = strlen(cr->nombre);
        bool dot = n > 0 && cr->nombre[n - 1] == '.';
        char *role = malloc(strlen(cr->rol) + 3);
        char *name = malloc(n + 2);
        if (role == NULL || name == NULL) {
            free(role);
            free(name);
            out_of_memory(c);
            return;
        }
        snprintf(role, strlen(cr->rol) + 3, "%s: ", cr->rol);
        snprintf(name, n + 2, "%s%s", cr->nombre, dot ? "" : ".");
        ts_style role_st = c->s.credit_role;
        role_st.space_before = c->s.credit.space_before * (i == 0 ? 3 : 1);
        ts_run runs[2] = {{&role_st, role}, {&c->s.credit, name}};
        typeset_paragraph_runs(c->ts, runs, 2);
        free(role);
        free(name);
    }
}

static void paragraphs(ctx *c, const paa_textos *t, const ts_style *st)
{
    for (size_t i = 0; i < t->n; i++)
        typeset_paragraph(c->ts, st, t->items[i]);
}

static void presentation(ctx *c)
{
    const paa_documento *doc = &c->p->doc;
    if (doc->fecha_mes < 1 || doc->fecha_mes > 12) {
        diag_add(c->d, RULE_PDF, c->p->file, 0, NULL, "la fecha del documento no tiene mes válido");
        c->bad = true;
        return;
    }
    section(c, "presentacion", "presentacion");
    /* no-break spaces (U+00A0): a date is never split between lines */
    char *date = format(c, "%s, %d\u00A0de\u00A0%s\u00A0de\u00A0%d.", doc->lugar, doc->fecha_dia,
                        paa_month_name[doc->fecha_mes - 1], doc->fecha_anio);
    if (date == NULL)
        return;
    /* the date, motto and signature block stay together and never stand
     * alone on a page: the last paragraph goes with them if need be */
    double block = typeset_paragraph_height(c->ts, &c->s.place, date)
                 + typeset_paragraph_height(c->ts, &c->s.motto, doc->lema ? doc->lema : "")
                 + typeset_paragraph_height(c->ts, &c->s.motto,
                                            doc->despedida ? doc->despedida : "")
                 + typeset_paragraph_height(c->ts, &c->s.sign, doc->firma_cargo)
                 + typeset_paragraph_height(c->ts, &c->s.sign_name,
                                            doc->firma_nombre ? doc->firma_nombre : "");
    const paa_textos *t = &c->p->presentacion;
    for (size_t i = 0; i < t->n; i++) {
        if (i + 1 == t->n)
            typeset_need(c->ts, block + typeset_paragraph_height(c->ts, &c->s.body,
                                                                 t->items[i]));
        typeset_paragraph(c->ts, &c->s.body, t->items[i]);
    }
    typeset_need(c->ts, block);
    typeset_paragraph(c->ts, &c->s.place, date);
    if (doc->lema)
        typeset_paragraph(c->ts, &c->s.motto, doc->lema);
    if (doc->despedida)
        typeset_paragraph(c->ts, &c->s.motto, doc->despedida);
    typeset_paragraph(c->ts, &c->s.sign, doc->firma_cargo);
    if (doc->firma_nombre)
        typeset_paragraph(c->ts, &c->s.sign_name, doc->firma_nombre);
    free(date);
}

static void front_matter(ctx *c)
{
    presentation(c);
    section(c, "marco-legal", "marco-legal");
    paragraphs(c, &c->p->marco_legal, &c->s.item);

    section(c, "fines", "fines");
    double lw = typeset_text_width(c->ts, &c->s.item, "VIII.") + c->s.item.size;
    for (size_t i = 0; i < c->p->n_fines && !c->bad; i++) {
        char *label = format(c, "%s.", c->p->fines[i].numero);
        if (label != NULL)
            typeset_list_item(c->ts, &c->s.item, label, lw, c->p->fines[i].texto);
        free(label);
    }

    section(c, "objetivos", "objetivos");
    for (size_t i = 0; i < c->p->objetivos.n; i++)
        typeset_list_item(c->ts, &c->s.item, "•", c->s.item.size * 1.5,
                          c->p->objetivos.items[i]);

    section(c, "politicas", "politicas");
    paragraphs(c, &c->p->politicas, &c->s.body);
}


/* Estructura: one row per subprograma, counts and totals computed. */
static void structure(ctx *c)
{
    section(c, "estructura", "estructura");
    ts_table_spec spec;
    typeset_table_spec_of(&c->est, &c->s.th, &spec);
    ts_table *t;
    if (typeset_table_begin(c->ts, &spec, &t))
        return;
    for (size_t i = 0; i < c->p->n_subprogramas; i++) {
        const paa_subprograma *s = &c->p->subprogramas[i];
        char np[PAA_DEC_BUFSZ], na[PAA_DEC_BUFSZ];
        count_text(s->n_proyectos, np);
        count_text(model_subprograma_actividades(s), na);
        ts_cell row[EST_COLS] = {{s->numero, &c->s.tdcenter, 1, NULL, NULL}, {s->area, &c->s.td, 1, NULL, NULL},
                                 {s->descripcion, &c->s.td, 1, NULL, NULL}, {np, &c->s.tdnum, 1, NULL, NULL},
                                 {na, &c->s.tdnum, 1, NULL, NULL}};
        char *anchor = format(c, "sp-%s", s->numero);
        if (anchor != NULL)
            typeset_table_link(t, 0, anchor);
        free(anchor);
        typeset_table_row(t, TS_ROW_BODY, row, EST_COLS);
    }
    char tp[PAA_DEC_BUFSZ], ta[PAA_DEC_BUFSZ];
    count_text(model_count_proyectos(c->p), tp);
    count_text(model_count_actividades(c->p), ta);
    ts_cell total[3] = {{"Total:", &c->s.tdtotal, 3, NULL, NULL}, {tp, &c->s.tdtotal, 1, NULL, NULL},
                        {ta, &c->s.tdtotal, 1, NULL, NULL}};
    typeset_table_row(t, TS_ROW_BODY, total, 3);
    typeset_table_end(t);
}

/* ---- subprogramas --------------------------------------------------------- */

/* "Subprograma NN: descripción", heap-allocated (NULL: reported). */
static char *subprogram_title(ctx *c, const paa_subprograma *s)
{
    return format(c, "Subprograma %s: %s", s->numero, s->descripcion);
}

static void subprogram_heading(ctx *c, const paa_subprograma *s, const char *title)
{
    typeset_paragraph(c->ts, &c->s.subprog, title);
    labelled(c, "Área: ", s->area, &c->s.data);
}

static void subprogram_summary(ctx *c, const paa_subprograma *s)
{
    char *anchor = format(c, "sp-%s", s->numero);
    char *title = subprogram_title(c, s);
    if (anchor == NULL || title == NULL) {
        free(anchor);
        free(title);
        return;
    }
    typeset_context(c->ts, c->p->file, s->line, s->numero);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_anchor(c->ts, anchor);
    subprogram_heading(c, s, title);
    free(anchor);
    free(title);
    ts_style lab = c->s.label;
    lab.space_after = c->s.data.space_after / 2;
    typeset_paragraph(c->ts, &lab, "Objetivo General:");
    typeset_paragraph(c->ts, &c->s.data, s->objetivo);

    ts_table_spec spec;
    typeset_table_spec_of(&c->pry, &c->s.th, &spec);
    ts_table *t;
    if (typeset_table_begin(c->ts, &spec, &t))
        return;
    for (size_t i = 0; i < s->n_proyectos; i++) {
        const paa_proyecto *pr = &s->proyectos[i];
        char na[PAA_DEC_BUFSZ];
        count_text(pr->n_actividades, na);
        typeset_context(c->ts, c->p->file, pr->line, pr->clave);
        ts_cell row[PRY_COLS] = {{pr->clave, &c->s.tdcenter, 1, NULL, NULL}, {pr->nombre, &c->s.td, 1, NULL, NULL},
                                 {na, &c->s.tdnum, 1, NULL, NULL}};
        char *target = format(c, "pr-%s", pr->clave);
        if (target != NULL)
            typeset_table_link(t, 0, target);
        free(target);
        typeset_table_row(t, TS_ROW_BODY, row, PRY_COLS);
    }
    char total[PAA_DEC_BUFSZ];
    count_text(model_subprograma_actividades(s), total);
    ts_cell trow[2] = {{"Total:", &c->s.tdtotal, 2, NULL, NULL}, {total, &c->s.tdtotal, 1, NULL, NULL}};
    typeset_table_row(t, TS_ROW_BODY, trow, 2);
    typeset_table_end(t);
    typeset_space(c->ts, c->s.data.space_after * 2);
    labelled(c, "Marco Legal: ", s->marco_legal, &c->s.data);
}

/* Quantity m of a (a month or PAA_ANUAL): the published notation (its
 * decimals too, «0.10»), the "sin dato" mark when the model lacks it, and
 * the layout's style with its mark hung in the column's mark area when
 * the importer reconstructed it. `buf` holds the number (PAA_DEC_BUFSZ). */
static ts_cell quantity_cell(ctx *c, const paa_actividad *a, int m, char *buf)
{
    size_t col = m == PAA_ANUAL ? 3 : 4 + (size_t)m;
    bool present = m == PAA_ANUAL ? a->anual_present : (a->meses_present >> m) & 1u;
    bool rebuilt = m == PAA_ANUAL ? a->anual_reconstruido : (a->meses_reconstruidos >> m) & 1u;
    if (!present)
        return (ts_cell){c->missing, &c->col_num[col], 1, NULL, c->missing};
    model_cantidad_text(a, m, true, buf);
    if (!rebuilt || c->mark == NULL)
        return (ts_cell){buf, &c->col_num[col], 1, NULL, NULL};
    return (ts_cell){buf, &c->col_rebuilt[col], 1, c->mark, NULL};
}

/* One size for the figures of a calendar: the largest at which every one
 * of them fits its column (the layout's when all do), so that figures in
 * a row, and a value wherever it stands, look the same. Never below the
 * style's minimum: a figure that would need less stops the document with
 * a layout error, naming it, when its cell is set. */
static void figure_size(ctx *c, ts_table *t, const paa_subprograma *s)
{
    double f = 1;
    for (size_t col = 3; col < 4 + PAA_MONTHS; col++) {
        int m = col == 3 ? PAA_ANUAL : (int)col - 4;
        double g = typeset_table_fit(t, col, &c->s.cal_num, c->missing);
        f = g < f ? g : f;
        for (size_t j = 0; j < s->n_proyectos; j++)
            for (size_t k = 0; k < s->proyectos[j].n_actividades; k++) {
                char buf[PAA_DEC_BUFSZ];
                ts_cell cell = quantity_cell(c, &s->proyectos[j].actividades[k], m, buf);
                g = typeset_table_fit(t, col, cell.style, cell.text);
                f = g < f ? g : f;
            }
    }
    const ts_style *base[2] = {&c->s.cal_num, &c->s.cal_rebuilt};
    for (int i = 0; i < 2; i++) {
        double min = base[i]->min_size > 0 ? base[i]->min_size : base[i]->size;
        double size = base[i]->size * f < min ? min : base[i]->size * f;
        for (size_t col = 3; col < 4 + PAA_MONTHS; col++)
            (i == 0 ? c->col_num : c->col_rebuilt)[col].size = size;
    }
}

/* A text cell, or the "sin dato" mark (a legend mark) when the source lost it. */
static ts_cell text_cell(ctx *c, const char *text, const ts_style *st)
{
    if (text == NULL)
        return (ts_cell){c->missing, st, 1, NULL, c->missing};
    return (ts_cell){text, st, 1, NULL, NULL};
}

/* One activity's calendar row: a datum the model does not have (a
 * quantity, or a text the source lost) is shown as the layout's "sin
 * dato" mark, never as 0 or as an empty cell. */
static void calendar_row(ctx *c, ts_table *t, const paa_actividad *a)
{
    size_t cap = PAA_DEC_BUFSZ;
    char *num = malloc((1 + PAA_MONTHS) * cap);
    if (num == NULL) {
        out_of_memory(c);
        return;
    }
    ts_cell row[CAL_COLS];
    typeset_context(c->ts, c->p->file, a->line, a->clave);
    row[0] = (ts_cell){a->clave, &c->s.cal_center, 1, NULL, NULL};
    row[1] = (ts_cell){a->descripcion, &c->s.cal_td, 1, NULL, NULL};
    row[2] = text_cell(c, a->unidad, &c->s.cal_center);
    row[3] = quantity_cell(c, a, PAA_ANUAL, num);
    for (int m = 0; m < PAA_MONTHS; m++)
        row[4 + m] = quantity_cell(c, a, m, num + (size_t)(1 + m) * cap);
    row[4 + PAA_MONTHS] = text_cell(c, a->benef_tipo, &c->s.cal_td);
    row[5 + PAA_MONTHS] = text_cell(c, a->benef_cantidad, &c->s.cal_center);
    char *anchor = format(c, "act-%s", a->clave);   /* the annex links here */
    ts_row_opts o = {TS_ROW_BODY, NULL, 0, false, anchor, NULL, 0};
    if (anchor != NULL)
        typeset_table_row_opts(t, &o, row, CAL_COLS);
    free(anchor);
    free(num);
}

/* The mark areas of a subprograma's calendar: when one of its values is
 * marked, every quantity column gives up the same room for the mark, so
 * that the figures of a row all end at the same distance from their
 * cells' edges. NULL when none is marked. */
static const double *mark_columns(const ctx *c, const paa_subprograma *s,
                                  double marks[CAL_COLS])
{
    bool any = false;
    for (size_t i = 0; i < CAL_COLS; i++)
        marks[i] = 0;
    if (c->mark_w <= 0)
        return NULL;
    for (size_t j = 0; j < s->n_proyectos; j++)
        for (size_t k = 0; k < s->proyectos[j].n_actividades; k++) {
            any = any || model_actividad_reconstruida(&s->proyectos[j].actividades[k]);
        }
    for (size_t i = 3; any && i < 4 + PAA_MONTHS; i++)
        marks[i] = c->mark_w;
    return any ? marks : NULL;
}

static void subprogram_calendar(ctx *c, const paa_subprograma *s)
{
    char *title = subprogram_title(c, s);
    if (title == NULL)
        return;
    typeset_context(c->ts, c->p->file, s->line, s->numero);
    typeset_page_legend(c->ts, &c->s.cal_legend, c->legend, c->nlegend, "   ");
    typeset_new_page(c->ts, 0);
    subprogram_heading(c, s, title);
    free(title);
    ts_table_spec spec;
    typeset_table_spec_of(&c->cal, &c->s.cal_th, &spec);
    double marks[CAL_COLS];
    spec.mark_width = mark_columns(c, s, marks);
    spec.mark_gap = c->mark_gap;
    ts_table *t;
    for (size_t col = 0; col < CAL_COLS; col++) {
        c->col_num[col] = c->s.cal_num;
        c->col_rebuilt[col] = c->s.cal_rebuilt;
    }
    if (typeset_table_begin(c->ts, &spec, &t) == 0) {
        figure_size(c, t, s);
        for (size_t i = 0; i < s->n_proyectos && !c->bad && !typeset_failed(c->ts); i++) {
            const paa_proyecto *pr = &s->proyectos[i];
            char *bookmark = format(c, "%s %s", pr->clave, pr->nombre);
            char *anchor = format(c, "pr-%s", pr->clave);   /* the summary links here */
            if (bookmark == NULL || anchor == NULL) {
                free(bookmark);
                free(anchor);
                break;
            }
            typeset_context(c->ts, c->p->file, pr->line, pr->clave);
            ts_row_opts o = {TS_ROW_GROUP, bookmark, 1, false, anchor, NULL, 0};
            ts_cell g[2] = {{pr->clave, &c->s.cal_group, 1, NULL, NULL},
                            {pr->nombre, &c->s.cal_group, CAL_COLS - 1, NULL, NULL}};
            typeset_table_row_opts(t, &o, g, 2);
            free(bookmark);
            free(anchor);
            for (size_t k = 0; k < pr->n_actividades; k++)
                calendar_row(c, t, &pr->actividades[k]);
        }
        typeset_table_end(t);
    }
    /* the legend belongs to calendar pages only */
    typeset_page_legend(c->ts, &c->s.cal_legend, NULL, 0, NULL);
}

/* ---- entry point ---------------------------------------------------------- */

static void set_info(ctx *c)
{
    char *subject = text_subst(c, "asunto");
    char *keywords = text_subst(c, "palabras-clave");
    if (subject && keywords)
        typeset_set_info(c->ts, c->p->doc.titulo, c->p->doc.institucion, subject,
                         keywords);
    free(subject);
    free(keywords);
}

/*
 * The legend of calendar pages: "«mark» explanation" for each mark this
 * programme shows (a reconstructed value, a missing datum), from the
 * layout; each page prints the parts of the marks it shows. And the
 * width of the mark area of quantity columns.
 */
static void build_legend(ctx *c)
{
    bool marks = c->mark != NULL && model_any_actividad(c->p, model_actividad_reconstruida);
    if (marks) {
        c->mark_gap = c->s.cal_rebuilt.size * 0.15;
        c->mark_w = c->mark_gap + typeset_text_width(c->ts, &c->s.cal_rebuilt, c->mark);
    }
    if (marks && c->mark_legend != NULL) {
        c->legend_text[c->nlegend] = format(c, "«%s» %s", c->mark, c->mark_legend);
        c->legend[c->nlegend] = (ts_legend_part){c->mark, c->legend_text[c->nlegend]};
        c->nlegend++;
    }
    if (c->missing_legend != NULL && model_any_actividad(c->p, model_actividad_incompleta)) {
        c->legend_text[c->nlegend] = format(c, "«%s» %s", c->missing, c->missing_legend);
        c->legend[c->nlegend] = (ts_legend_part){c->missing, c->legend_text[c->nlegend]};
        c->nlegend++;
    }
}

static void load_layout(ctx *c)
{
    load_styles(c);
    load_table(c, "estructura", EST_COLS, &c->est);
    load_table(c, "proyectos", PRY_COLS, &c->pry);
    load_table(c, "calendario", CAL_COLS, &c->cal);
    const layout_node *m = layout_find(c->lay, "sin-dato", NULL);
    c->missing = m && layout_attr(m, "texto") ? layout_attr(m, "texto") : "—";
    c->missing_legend = m ? layout_attr(m, "leyenda") : NULL;
    const layout_node *r = layout_find(c->lay, "reconstruido", NULL);
    if (r != NULL && !c->bad) {
        c->mark = layout_attr(r, "marca");
        c->mark_legend = layout_attr(r, "leyenda");
        const char *sid = layout_attr(r, "estilo");
        if (c->mark == NULL || sid == NULL) {
            layout_error(c->lay, r, c->d, "<reconstruido> necesita los atributos "
                         "estilo y marca");
            c->bad = true;
        } else {
            style(c, sid, &c->s.cal_rebuilt);
        }
    }
    c->annex = layout_find(c->lay, "anexo", NULL);
    if (c->annex != NULL) {
        if (layout_attr(c->annex, "titulo") == NULL || layout_attr(c->annex, "indice") == NULL
            || layout_attr(c->annex, "anual") == NULL) {
            layout_error(c->lay, c->annex, c->d, "<anexo> necesita los atributos "
                         "titulo, indice y anual");
            c->bad = true;
        }
        load_table(c, "anexo", ANX_COLS, &c->anx);
    }
    const layout_node *note = edition_note(c);
    if (note != NULL && (layout_attr(note, "titulo") == NULL
                         || layout_attr(note, "indice") == NULL)) {
        layout_error(c->lay, note, c->d, "<nota-edicion> necesita los atributos "
                     "titulo e indice");
        c->bad = true;
    }
    set_vars(c);
    if (!c->bad && typeset_running_load(c->ts, c->lay, c->vars, NVARS, c->d) != 0)
        c->bad = true;
    if (!c->bad)
        build_legend(c);
}

int pdf_programa(const paa_programa *p, const layout *lay, long long epoch,
                 const char *out_path, diag_list *d)
{
    ctx c = {.p = p, .lay = lay, .d = d};
    ts_page_spec page;
    if (typeset_open_layout(&c.ts, lay, epoch, &page, d) != 0)
        return -1;
    c.body_h = page.height - page.margin_top - page.margin_bottom - page.header_height
               - page.footer_height;
    load_layout(&c);
    if (!c.bad && !typeset_failed(c.ts)) {
        typeset_context(c.ts, p->file, 0, NULL);
        set_info(&c);
        cover(&c);
        contents(&c);
        front_matter(&c);
        structure(&c);
        edition_note_section(&c);
        typeset_numbering(c.ts, TS_NUM_ARABIC, 1);
        typeset_context(c.ts, p->file, 0, NULL);
        for (size_t i = 0; i < p->n_subprogramas && !c.bad && !typeset_failed(c.ts); i++) {
            subprogram_summary(&c, &p->subprogramas[i]);
            subprogram_calendar(&c, &p->subprogramas[i]);
        }
        if (!c.bad)
            annex_section(&c);
    }
    int rc = -1;
    typeset_context(c.ts, NULL, 0, NULL);
    if (!c.bad && !typeset_failed(c.ts))
        rc = typeset_save(c.ts, out_path, d);
    typeset_close(c.ts);
    paa_arena_free(&c.texts);
    for (size_t i = 0; i < c.nlegend; i++)
        free(c.legend_text[i]);
    return rc;
}
