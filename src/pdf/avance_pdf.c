/*
 * avance_pdf: the avance report as a PDF, set with the shared typeset
 * engine from the <pdf> element of layouts/avance.xml.
 *
 * Order: cover (page 1, unnumbered in print but counted, so that the
 * footer's "Página N de M" is the viewer's page number), executive summary
 * (totals, table and bar chart of the capped mean compliance by
 * subprograma, method notes, general remarks), then per subprograma its
 * detail table with a heading row per proyecto. Bookmarks: summary, each
 * subprograma and, under it, each proyecto. All figures come from
 * avance_compute(); nothing is computed here except layout.
 *
 * Texts are built in heap strings (strbuf) of any length: a fixed buffer
 * would cut a long name inside a UTF-8 character and the engine would then
 * reject valid input.
 */
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/template.h"
#include "base/text.h"
#include "pdf/placeholders.h"
#include "pdf/typeset.h"

#define DETAIL_COLS 11
/* No., Subprograma, Actividades, one per state, mean, share in green. */
#define SUMMARY_COLS (3 + AVANCE_NSTATES + 2)
#define CHART_RIGHT 64.0   /* room right of the plot for threshold labels */
#define CHART_MAX_STEPS 100   /* grid lines a chart may draw */
#define NVARS (PDF_COMMON_VARS + 3)   /* placeholders of the layout texts (set_vars) */
/* {ejemplo}: the warning of sample data in the running header */
#define SAMPLE_TEXT "DATOS DE EJEMPLO"

typedef struct {
    ts_style base, cover_inst, cover_title, cover_period, cover_note, sample,
        title, subtitle, body, note, head, cell, num, center, group, total,
        total_num, chart, legend;
    ts_style state[AVANCE_NSTATES];   /* semáforo cells */
    layout_rgb state_color[AVANCE_NSTATES];   /* threshold lines */
    layout_rgb state_text[AVANCE_NSTATES];    /* dark words, readable in grey */
} styles;

typedef struct {
    const avance *a;
    const paa_programa *p;
    const avance_report *r;
    const layout *lay;
    diag_list *d;
    ts_doc *ts;
    styles s;
    char period[64];        /* "enero–junio": two month names, bounded */
    const char *missing;    /* the "sin dato" mark of the layout */
    char anio[16];
    template_var vars[NVARS];   /* placeholders of the layout texts */
    bool failed;            /* a layout problem or lack of memory here */
} pctx;

/* ---- strings ---------------------------------------------------------------- */

static void out_of_memory(pctx *c)
{
    if (!c->failed)
        diag_add(c->d, RULE_IO, NULL, 0, NULL,
                 "memoria insuficiente al componer el informe de avance");
    c->failed = true;
}

/* The text built in b ("" when empty); a failed allocation while building
 * it is reported here, once. */
static const char *sb_text(pctx *c, const strbuf *b)
{
    if (b->failed)
        out_of_memory(c);
    return strbuf_str(b);
}

/* Ties every "N %" together with a no-break space (the engine breaks
 * lines only at plain spaces), so a figure never ends a line with its
 * "%" alone on the next. */
static void sb_keep_percent(strbuf *b)
{
    if (b->s == NULL || strstr(b->s, " %") == NULL)
        return;
    strbuf out = {0};
    for (const char *p = b->s; *p != '\0'; p++) {
        if (p[0] == ' ' && p[1] == '%')
            strbuf_add(&out, "\xC2\xA0", 2);   /* U+00A0 */
        else
            strbuf_putc(&out, *p);
    }
    bool failed = b->failed || out.failed;
    strbuf_free(b);
    *b = out;
    b->failed = failed;
}

/* A paragraph built here, set with its percentages kept whole. */
static void paragraph(pctx *c, const ts_style *st, strbuf *b)
{
    sb_keep_percent(b);
    typeset_paragraph(c->ts, st, sb_text(c, b));
}

/* The placeholders of the report's layout texts: the common ones
 * (placeholders.h), {periodo}, {corte} and {ejemplo} («DATOS DE EJEMPLO»
 * or nothing). */
static void set_vars(pctx *c)
{
    pdf_common_vars(c->p, c->anio, sizeof c->anio, c->vars);
    template_var *own = c->vars + PDF_COMMON_VARS;
    own[0] = (template_var){"{periodo}", c->period, false, false};
    own[1] = (template_var){"{corte}", paa_month_name[c->r->corte - 1], false, false};
    own[2] = (template_var){"{ejemplo}", avance_is_sample(c->a) ? SAMPLE_TEXT : NULL, false,
                            false};
}

/* Appends `tmpl`, a text of layout element n, with its placeholders
 * expanded (set_vars); any other placeholder is a layout error at n's
 * line. */
static void expand(pctx *c, strbuf *b, const layout_node *n, const char *tmpl)
{
    if (typeset_template(c->lay, n, b, tmpl, c->vars, NVARS, c->d) != 0)
        c->failed = true;
}

/* ---- figures --------------------------------------------------------------- */

/* A quantity, or the "sin dato" mark when unknown. */
static void quantity(pctx *c, strbuf *b, bool known, paa_dec v)
{
    char num[PAA_DEC_BUFSZ];
    const char *text = c->missing;
    if (known) {
        paa_dec_format(v, true, num);
        text = num;
    }
    strbuf_add(b, text, strlen(text));
}

/* A percentage, or the "sin dato" mark when it cannot be computed. */
static void pct_text(pctx *c, strbuf *b, bool has, int64_t tenths)
{
    char pct[32];
    const char *text = c->missing;
    if (has) {
        avance_pct_format(tenths, pct, sizeof pct);
        text = pct;
    }
    strbuf_add(b, text, strlen(text));
}

static bool colour_state(avance_state s)
{
    return s == AVANCE_SOBRE || s == AVANCE_VERDE || s == AVANCE_AMARILLO ||
           s == AVANCE_ROJO;
}

/* "4 en sobrecumplimiento, 20 en verde, 2 en rojo y 1 sin reporte", in
 * the one order of the states (the summary table's). */
static void counts_text(strbuf *b, const avance_rollup *u)
{
    size_t total = 0, shown = 0;
    for (int k = 0; k < AVANCE_NSTATES; k++)
        total += u->count[avance_state_order[k]] > 0;
    for (int k = 0; k < AVANCE_NSTATES; k++) {
        avance_state s = avance_state_order[k];
        if (u->count[s] == 0)
            continue;
        const char *sep = shown == 0 ? "" : shown + 1 == total ? " y " : ", ";
        strbuf_printf(b, "%s%zu %s%s", sep, u->count[s], colour_state(s) ? "en " : "",
                      avance_state_word(s));
        shown++;
    }
}

/* ---- layout ------------------------------------------------------------------ */

/* A layout attribute that the schema requires; "" if missing anyway. */
static const char *required_attr(pctx *c, const layout_node *n, const char *name)
{
    const char *v = n != NULL ? layout_attr(n, name) : NULL;
    if (v == NULL) {
        if (n != NULL)
            layout_error(c->lay, n, c->d, "falta el atributo %s", name);
        c->failed = true;
        return "";
    }
    return v;
}

/* Semáforo cells: the state's light fill behind its word in bold, in a
 * dark colour of the same hue, so the state reads in a grey print by its
 * word (the layout keeps the pair at 4.5:1 contrast or more). */
static int load_state_styles(pctx *c)
{
    const ts_font *bold = typeset_font(c->ts, "negritas");
    for (int s = 0; s < AVANCE_NSTATES; s++) {
        const layout_node *n = layout_require(c->lay, "estado", avance_state_id(s), c->d);
        ts_style st = c->s.center;
        if (n == NULL || layout_color(c->lay, n, "color", &c->s.state_color[s], c->d) != 0 ||
            layout_color(c->lay, n, "relleno", &st.fill, c->d) != 0 ||
            layout_color(c->lay, n, "texto", &c->s.state_text[s], c->d) != 0)
            return -1;
        st.has_fill = true;
        st.color = c->s.state_text[s];
        if (bold != NULL)
            st.font = bold;
        c->s.state[s] = st;
    }
    return 0;
}

static int load_styles(pctx *c)
{
    struct {
        const char *id;
        ts_style *st;
    } list[] = {
        {"base", &c->s.base}, {"portada-institucion", &c->s.cover_inst},
        {"portada-titulo", &c->s.cover_title}, {"portada-periodo", &c->s.cover_period},
        {"portada-nota", &c->s.cover_note}, {"ejemplo", &c->s.sample},
        {"titulo", &c->s.title}, {"subtitulo", &c->s.subtitle},
        {"cuerpo", &c->s.body}, {"nota", &c->s.note},
        {"tabla-encabezado", &c->s.head}, {"celda", &c->s.cell},
        {"celda-numero", &c->s.num}, {"celda-centro", &c->s.center},
        {"celda-grupo", &c->s.group}, {"celda-total", &c->s.total},
        {"celda-total-numero", &c->s.total_num}, {"grafica", &c->s.chart},
        {"leyenda", &c->s.legend},
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (typeset_style_by_id(c->ts, c->lay, list[i].id, list[i].st, c->d) != 0)
            return -1;
    const layout_node *m = layout_find(c->lay, "sin-dato", NULL);
    c->missing = m != NULL && layout_attr(m, "texto") != NULL ? layout_attr(m, "texto")
                                                              : "—";
    return load_state_styles(c);
}

/* ---- cover -------------------------------------------------------------- */

static void cover_paragraph(pctx *c, const ts_style *st, const layout_node *n,
                            const char *tmpl)
{
    strbuf b = {0};
    expand(c, &b, n, tmpl);
    typeset_paragraph(c->ts, st, sb_text(c, &b));
    strbuf_free(&b);
}

static void cover(pctx *c)
{
    const layout_node *n = layout_require(c->lay, "portada", NULL, c->d);
    if (n == NULL) {
        c->failed = true;
        return;
    }
    /* The cover is page 1 without a printed number: the footers then say
     * the page number a viewer shows, and their total is the page count. */
    typeset_numbering(c->ts, TS_NUM_ARABIC, 1);
    typeset_new_page(c->ts, TS_PAGE_BARE);
    typeset_bookmark(c->ts, 0, "Portada", false);
    typeset_context(c->ts, avance_file(c->a), avance_line(c->a), NULL);
    /* Space before is dropped at the top of a page: reserve it instead. */
    ts_box box;
    typeset_reserve(c->ts, c->s.cover_inst.space_before, &box);
    typeset_paragraph(c->ts, &c->s.cover_inst, c->p->doc.institucion);
    cover_paragraph(c, &c->s.cover_title, n, required_attr(c, n, "titulo"));
    cover_paragraph(c, &c->s.cover_period, n, required_attr(c, n, "periodo"));
    if (avance_is_sample(c->a))
        cover_paragraph(c, &c->s.sample, n, required_attr(c, n, "ejemplo"));
    /* Who presents the report to whom is institutional prose: the layout
     * says it, the code does not. */
    if (layout_attr(n, "nota") != NULL)
        cover_paragraph(c, &c->s.cover_note, n, layout_attr(n, "nota"));
    if (avance_note(c->a) != NULL)
        typeset_paragraph(c->ts, &c->s.cover_note, avance_note(c->a));
}

/* ---- executive summary --------------------------------------------------- */

static void summary_paragraph(pctx *c)
{
    const avance_rollup *u = &c->r->total;
    const char *mes = paa_month_name[c->r->corte - 1];
    strbuf b = {0};
    /* no-break spaces (U+00A0): a date is never split between lines */
    strbuf_printf(&b, "Al corte de %s\u00A0de\u00A0%d, de las %zu actividades del programa: ", mes,
                  c->p->anio, u->n);
    counts_text(&b, u);
    strbuf_add(&b, ".", 1);
    if (u->n_ratio > 0) {
        char verde[PAA_DEC_BUFSZ], share[32], mean[32];
        paa_dec_format(c->r->thr.verde, false, verde);
        avance_pct_format(u->green_share_tenths, share, sizeof share);
        avance_pct_format(u->mean_tenths, mean, sizeof mean);
        strbuf_printf(&b,
                      " De las %zu con programación y reporte hasta el corte, %zu (%s) "
                      "cumplen %s %% o más de lo programado (verde o sobrecumplimiento); "
                      "su cumplimiento promedio del periodo (enero a %s), con cada "
                      "actividad limitada a 100 %%, es de %s.",
                  u->n_ratio, u->n_green, share, verde, mes, mean);
    }
    paragraph(c, &c->s.body, &b);
    strbuf_free(&b);
}

/* One row of the summary table from a roll-up. */
static void summary_row(pctx *c, ts_table *t, const char *key, const char *name,
                        const avance_rollup *u, bool total)
{
    char nums[1 + AVANCE_NSTATES][24];
    snprintf(nums[0], sizeof nums[0], "%zu", u->n);
    for (int k = 0; k < AVANCE_NSTATES; k++)
        snprintf(nums[k + 1], sizeof nums[k + 1], "%zu", u->count[avance_state_order[k]]);
    strbuf mean = {0}, share = {0};
    pct_text(c, &mean, u->n_ratio > 0, u->mean_tenths);
    pct_text(c, &share, u->n_ratio > 0, u->green_share_tenths);
    typeset_context(c->ts, avance_file(c->a), avance_line(c->a), total ? NULL : key);
    const ts_style *txt = total ? &c->s.total : &c->s.cell;
    const ts_style *num = total ? &c->s.total_num : &c->s.num;
    ts_cell cells[SUMMARY_COLS] = {{key, txt, 1, NULL, NULL}, {name, txt, 1, NULL, NULL}};
    for (int k = 0; k <= AVANCE_NSTATES; k++)
        cells[2 + k] = (ts_cell){nums[k], num, 1, NULL, NULL};
    cells[SUMMARY_COLS - 2] = (ts_cell){sb_text(c, &mean), num, 1, NULL, NULL};
    cells[SUMMARY_COLS - 1] = (ts_cell){sb_text(c, &share), num, 1, NULL, NULL};
    typeset_table_row(t, TS_ROW_BODY, cells, SUMMARY_COLS);   /* copies the texts */
    strbuf_free(&mean);
    strbuf_free(&share);
}

/* Table spec from a <tabla id="…"> of the layout. */
static int table_spec(pctx *c, const char *id, double *widths,
                      const char **titles, size_t ncols, ts_table_spec *spec)
{
    const layout_node *n = layout_require(c->lay, "tabla", id, c->d);
    size_t got = 0;
    if (n == NULL ||
        typeset_columns_load(c->lay, n, widths, titles, ncols, &got, c->d) != 0)
        return -1;
    if (got != ncols) {
        layout_error(c->lay, n, c->d, "la tabla «%s» necesita %zu columnas y tiene %zu",
                     id, ncols, got);
        return -1;
    }
    *spec = (ts_table_spec){.ncols = ncols, .widths = widths, .header = titles,
                            .header_style = &c->s.head};
    /* a proyecto going on over a page break is named again, with this */
    spec->continued = layout_attr(n, "continuacion");
    if (layout_length(c->lay, n, "linea", &spec->rule_width, c->d) < 0 ||
        layout_color(c->lay, n, "color-linea", &spec->rule_color, c->d) < 0)
        return -1;
    return 0;
}

static int summary_table(pctx *c)
{
    double widths[SUMMARY_COLS];
    const char *titles[SUMMARY_COLS];
    ts_table_spec spec;
    ts_table *t = NULL;
    if (table_spec(c, "resumen", widths, titles, SUMMARY_COLS, &spec) != 0 ||
        typeset_table_begin(c->ts, &spec, &t) != 0)
        return -1;
    for (size_t i = 0; i < c->p->n_subprogramas; i++)
        summary_row(c, t, c->p->subprogramas[i].numero,
                    c->p->subprogramas[i].descripcion, &c->r->sub[i], false);
    summary_row(c, t, "", "Total del Instituto", &c->r->total, true);
    return typeset_table_end(t);
}

/* ---- chart ------------------------------------------------------------------
 *
 * Bar chart of the capped mean compliance by subprograma, drawn with
 * libharu in a box reserved from the engine. The bars wear one neutral
 * colour: a mean is not an activity and has no semáforo state. Dashed
 * lines, each with its own dash pattern (told apart in grey), mark the
 * green and yellow thresholds; no line runs through a value (bar_value).
 */
typedef struct {
    double alto, maximo, paso, label_w;
    layout_rgb axis, grid, bar;
} chart_spec;

static int chart_spec_load(pctx *c, chart_spec *cs)
{
    const layout_node *n = layout_require(c->lay, "grafica", NULL, c->d);
    *cs = (chart_spec){.alto = 190, .maximo = 100, .paso = 10, .label_w = 30,
                       .axis = {0.25, 0.25, 0.25}, .grid = {0.85, 0.85, 0.85},
                       .bar = {0.5, 0.5, 0.5}};
    if (n == NULL || layout_length(c->lay, n, "alto", &cs->alto, c->d) < 0 ||
        layout_number(c->lay, n, "maximo", &cs->maximo, c->d) < 0 ||
        layout_number(c->lay, n, "paso", &cs->paso, c->d) < 0 ||
        layout_length(c->lay, n, "ancho-etiquetas", &cs->label_w, c->d) < 0 ||
        layout_color(c->lay, n, "color-eje", &cs->axis, c->d) < 0 ||
        layout_color(c->lay, n, "color-rejilla", &cs->grid, c->d) < 0 ||
        layout_color(c->lay, n, "color-barra", &cs->bar, c->d) < 0)
        return -1;
    /* The grid has maximo / paso lines: a tiny step would draw millions. */
    if (!(cs->paso > 0) || cs->maximo < cs->paso ||
        cs->maximo / cs->paso > CHART_MAX_STEPS) {
        layout_error(c->lay, n, c->d,
                     "la gráfica necesita 0 < paso ≤ maximo y a lo más %d pasos "
                     "(maximo=\"%g\", paso=\"%g\")", CHART_MAX_STEPS, cs->maximo, cs->paso);
        return -1;
    }
    return 0;
}

/* Geometry of the plot inside the reserved box. */
typedef struct {
    ts_box b;
    double x0, y0, w, h, fs;
} plot;

static double plot_y(const plot *pl, const chart_spec *cs, double pct)
{
    return pl->y0 + pl->h * (pct > cs->maximo ? cs->maximo : pct) / cs->maximo;
}

static void hline(HPDF_Page pg, double x0, double x1, double y)
{
    HPDF_Page_MoveTo(pg, (HPDF_REAL)x0, (HPDF_REAL)y);
    HPDF_Page_LineTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_Stroke(pg);
}

static void set_stroke(HPDF_Page pg, layout_rgb c, double width)
{
    HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width);
}

/* Grid and y labels every `paso` percent, all written "N %". */
static void chart_grid(pctx *c, const plot *pl, const chart_spec *cs)
{
    int steps = (int)(cs->maximo / cs->paso + 1e-9);
    for (int i = 0; i <= steps; i++) {
        double v = i * cs->paso, y = plot_y(pl, cs, v);
        set_stroke(pl->b.page, i == 0 ? cs->axis : cs->grid, i == 0 ? 0.8 : 0.4);
        hline(pl->b.page, pl->x0, pl->x0 + pl->w, y);
        char lab[32];
        snprintf(lab, sizeof lab, "%g %%", v);
        double lw = typeset_text_width(c->ts, &c->s.chart, lab);
        typeset_text_at(c->ts, &pl->b, &c->s.chart, cs->label_w - lw - 4,
                        y - pl->b.y - pl->fs / 3, cs->label_w, lab);
    }
}

/* The two thresholds drawn, with the state whose band each one opens. */
static const struct {
    avance_state st;
    HPDF_UINT16 dash[2];
} chart_lines[] = {
    {AVANCE_VERDE, {5, 2}},
    {AVANCE_AMARILLO, {1, 2}},
};

static paa_dec threshold_of(const pctx *c, avance_state st)
{
    return st == AVANCE_VERDE ? c->r->thr.verde : c->r->thr.amarillo;
}

static void threshold_line(pctx *c, const plot *pl, const chart_spec *cs, size_t i)
{
    avance_state st = chart_lines[i].st;
    double v = paa_dec_to_double(threshold_of(c, st));
    if (v > cs->maximo)
        return;
    double y = plot_y(pl, cs, v);
    set_stroke(pl->b.page, c->s.state_color[st], 0.9);
    HPDF_Page_SetDash(pl->b.page, chart_lines[i].dash, 2, 0);
    hline(pl->b.page, pl->x0, pl->x0 + pl->w, y);
    HPDF_Page_SetDash(pl->b.page, NULL, 0, 0);
    char num[PAA_DEC_BUFSZ];
    paa_dec_format(threshold_of(c, st), false, num);
    strbuf lab = {0};
    strbuf_printf(&lab, "%s %s %%", avance_state_word(st), num);
    ts_style st_label = c->s.chart;
    st_label.color = c->s.state_text[st];
    typeset_text_at(c->ts, &pl->b, &st_label, pl->x0 + pl->w - pl->b.x + 4,
                    y - pl->b.y - pl->fs / 3, CHART_RIGHT - 4, sb_text(c, &lab));
    strbuf_free(&lab);
}

/* Whether a threshold line passes within `gap` pt of the heights
 * [lo, hi] of the plot (page coordinates). */
static bool meets_threshold(const pctx *c, const plot *pl, const chart_spec *cs, double lo,
                            double hi, double gap)
{
    for (size_t i = 0; i < sizeof chart_lines / sizeof chart_lines[0]; i++) {
        double v = paa_dec_to_double(threshold_of(c, chart_lines[i].st));
        double y = plot_y(pl, cs, v);
        if (v <= cs->maximo && y >= lo - gap && y <= hi + gap)
            return true;
    }
    return false;
}

/* The value of a bar goes inside its top, in white (the layout's bar
 * colour keeps 4.5:1 against white). The bar hides the threshold lines
 * behind it, but a line at the height of the value would still seem to
 * run through it, ending at the bar's sides: such a value, and one in a
 * bar too short or too narrow to hold it, goes just above the bar, on a
 * white ground that knocks out any line behind it with room to spare. */
static void bar_value(pctx *c, const plot *pl, const chart_spec *cs, double cx, double top,
                      double bar_w, const char *lab)
{
    const double pad = 3, descent = 0.25 * pl->fs;
    ts_style st = c->s.chart;
    double lw = typeset_text_width(c->ts, &st, lab);
    double base = top - pl->fs - 1;
    if (base - descent - 1 < pl->y0 || lw + 2 > bar_w
        || meets_threshold(c, pl, cs, base - descent, top, pad)) {
        base = top + 2 + descent;
        HPDF_Page pg = pl->b.page;
        HPDF_Page_SetRGBFill(pg, 1, 1, 1);
        HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - lw / 2 - pad), (HPDF_REAL)(base - descent - 1),
                            (HPDF_REAL)(lw + 2 * pad), (HPDF_REAL)(pl->fs + 1));
        HPDF_Page_Fill(pg);
    } else {
        st.color = (layout_rgb){1, 1, 1};
    }
    typeset_text_at(c->ts, &pl->b, &st, cx - pl->b.x - lw / 2, base - pl->b.y, lw + 1, lab);
}

static void chart_bar(pctx *c, const plot *pl, const chart_spec *cs, size_t i,
                      double slot)
{
    const avance_rollup *u = &c->r->sub[i];
    double cx = pl->x0 + slot * ((double)i + 0.5);
    const char *num = c->p->subprogramas[i].numero;
    double nw = typeset_text_width(c->ts, &c->s.chart, num);
    typeset_text_at(c->ts, &pl->b, &c->s.chart, cx - pl->b.x - nw / 2, 1.2 * pl->fs,
                    slot, num);
    if (u->n_ratio == 0)
        return;   /* nothing programmed and reported: no bar */
    double top = plot_y(pl, cs, (double)u->mean_tenths / 10.0);
    HPDF_Page pg = pl->b.page;
    HPDF_Page_SetRGBFill(pg, (HPDF_REAL)cs->bar.r, (HPDF_REAL)cs->bar.g, (HPDF_REAL)cs->bar.b);
    HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - slot * 0.3), (HPDF_REAL)pl->y0,
                        (HPDF_REAL)(slot * 0.6), (HPDF_REAL)(top - pl->y0));
    HPDF_Page_Fill(pg);
    char lab[32];
    avance_pct_format(u->mean_tenths, lab, sizeof lab);
    bar_value(c, pl, cs, cx, top, slot * 0.6, lab);
}

static void chart(pctx *c)
{
    chart_spec cs;
    if (chart_spec_load(c, &cs) != 0) {
        c->failed = true;
        return;
    }
    /* The heading goes with the chart: both move to the next page. */
    typeset_need(c->ts, cs.alto + 3 * c->s.subtitle.size + c->s.subtitle.space_after);
    typeset_paragraph(c->ts, &c->s.subtitle,
                      "Cumplimiento promedio del periodo por subprograma "
                      "(cada actividad limitada a 100 %)");
    plot pl = {.fs = c->s.chart.size};
    if (typeset_reserve(c->ts, cs.alto, &pl.b) != 0)
        return;
    pl.x0 = pl.b.x + cs.label_w;
    pl.y0 = pl.b.y + 2.6 * pl.fs;
    pl.w = pl.b.width - cs.label_w - CHART_RIGHT;
    pl.h = pl.b.height - 4.2 * pl.fs;   /* room above the top for a label */
    chart_grid(c, &pl, &cs);
    /* Thresholds first, so bars and their values are drawn over them. */
    for (size_t i = 0; i < sizeof chart_lines / sizeof chart_lines[0]; i++)
        threshold_line(c, &pl, &cs, i);
    size_t n = c->p->n_subprogramas;
    double slot = n ? pl.w / (double)n : pl.w;
    for (size_t i = 0; i < n; i++)
        chart_bar(c, &pl, &cs, i, slot);
    typeset_text_at(c->ts, &pl.b, &c->s.chart, 0, 0.1 * pl.fs, pl.b.width,
                    "Subprograma (número). Barras: cumplimiento promedio del periodo, "
                    "con cada actividad limitada a 100 %. Líneas: umbrales del semáforo.");
}

/* ---- notes ---------------------------------------------------------------------- */

static void method_notes(pctx *c)
{
    char v[PAA_DEC_BUFSZ], a[PAA_DEC_BUFSZ], s[PAA_DEC_BUFSZ];
    const char *mes = paa_month_name[c->r->corte - 1];
    paa_dec_format(c->r->thr.verde, false, v);
    paa_dec_format(c->r->thr.amarillo, false, a);
    paa_dec_format(c->r->thr.sobre, false, s);
    typeset_paragraph(c->ts, &c->s.subtitle, "Notas metodológicas");
    strbuf b = {0};
    strbuf_printf(&b,
                  "Cumplimiento del periodo (%% periodo) = alcanzado acumulado de enero a %s "
                  "entre programado acumulado del mismo periodo; avance anual (%% anual) = "
                  "alcanzado acumulado entre la cantidad anual programada. Se calculan con "
                  "aritmética decimal exacta y se redondean a un decimal (mitad hacia "
                  "arriba) sólo al mostrarlos.", mes);
    paragraph(c, &c->s.note, &b);
    strbuf_free(&b);
    strbuf_printf(&b,
                  "Semáforo del cumplimiento del periodo: sobrecumplimiento, más de %s %%; "
                  "verde, de %s %% a %s %%; amarillo, desde %s %% y menos de %s %%; rojo, "
                  "menos de %s %%. Toda actividad fuera de la banda verde, y toda actividad "
                  "sin programación en el periodo con algo alcanzado, lleva justificación "
                  "del área.", s, v, s, a, v, a);
    paragraph(c, &c->s.note, &b);
    strbuf_free(&b);
    strbuf_printf(&b,
                  "«Sin programación»: nada programado hasta el corte; no se divide entre "
                  "cero ni se supone 100 %%. «Sin datos»: el programa no tiene la cantidad "
                  "de algún mes hasta el corte. «Sin reporte»: la actividad no aparece en "
                  "el informe de las áreas; no se supone alcanzado cero y no entra en los "
                  "promedios. Un mes que falta dentro de una actividad reportada sí cuenta "
                  "como alcanzado cero. «%s»: sin dato (una cantidad que el programa no "
                  "tiene o que el área no reportó, o un porcentaje que no se puede "
                  "calcular).", c->missing);
    paragraph(c, &c->s.note, &b);
    strbuf_free(&b);
    strbuf_printf(&b,
                  "Agregación por proyecto, subprograma e Instituto, sobre las actividades "
                  "con programación y reporte hasta el corte: cumplimiento promedio = media "
                  "aritmética simple (sin ponderar: cada actividad pesa lo mismo, sea cual "
                  "sea su cantidad) del cumplimiento del periodo de cada actividad, limitado a "
                  "100 %%, para que lo que unas actividades rebasan no compense lo que a "
                  "otras les falta (aritmética exacta, redondeo una sola vez); «en verde o "
                  "más» = proporción de esas actividades con %s %% o más (verde o "
                  "sobrecumplimiento). Además se cuentan las actividades en cada estado. "
                  "Las cantidades no se suman entre actividades porque están en unidades "
                  "de medida distintas.", v);
    paragraph(c, &c->s.note, &b);
    strbuf_free(&b);
    strbuf_printf(&b,
                  "%s junto al %% anual: el programa de la actividad es inconsistente (sus "
                  "meses no suman la cantidad anual, la rebasan o falta alguna cantidad); "
                  "la nota de la fila dice qué ocurre y un %% anual mayor que 100 %% puede "
                  "deberse a ello. %s junto a lo programado: programado con valores "
                  "reconstruidos, meses que la exportación de la publicación perdió y que "
                  "se reconstruyeron; la nota de la fila dice cuáles.",
              AVANCE_MARK_INCONSISTENTE, AVANCE_MARK_RECONSTRUIDO);
    paragraph(c, &c->s.note, &b);
    strbuf_free(&b);
    if (avance_is_sample(c->a))
        typeset_paragraph(c->ts, &c->s.note,
                          "DATOS DE EJEMPLO: las cantidades alcanzadas y las "
                          "justificaciones de este informe fueron generadas para revisar "
                          "su formato; no son cifras reales del Instituto.");
}

static void executive_summary(pctx *c)
{
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, "Resumen ejecutivo", true);
    typeset_paragraph(c->ts, &c->s.title, "Resumen ejecutivo");
    typeset_context(c->ts, avance_file(c->a), avance_line(c->a), NULL);
    summary_paragraph(c);
    if (summary_table(c) != 0) {
        c->failed = true;
        return;
    }
    chart(c);
    method_notes(c);
    size_t n;
    const char *const *remarks = avance_remarks(c->a, &n);
    if (n > 0)
        typeset_paragraph(c->ts, &c->s.subtitle, "Observaciones");
    for (size_t i = 0; i < n; i++)
        typeset_paragraph(c->ts, &c->s.body, remarks[i]);
}

/* ---- detail per subprograma ---------------------------------------------- */

static void detail_row(pctx *c, ts_table *t, const avance_row *r)
{
    const int last = c->r->corte - 1;
    const char *rebuilt = AVANCE_MARK_RECONSTRUIDO;
    strbuf q[6] = {{0}}, just = {0}, anual_mark = {0};
    quantity(c, &q[0], r->prog_mes_known, r->prog_mes);
    quantity(c, &q[1], r->reported, r->alc_mes);
    quantity(c, &q[2], r->prog_acum_known, r->prog_acum);
    quantity(c, &q[3], r->reported, r->alc_acum);
    pct_text(c, &q[4], r->has_periodo, r->periodo_tenths);
    /* An annual percentage built on an inconsistent programme (041002:
     * 6 programmed to date against an annual of 5) never goes unmarked. */
    pct_text(c, &q[5], r->has_anual, r->anual_tenths);
    if (r->prog_issues != 0)
        strbuf_printf(&anual_mark, "%s", AVANCE_MARK_INCONSISTENTE);
    if (r->anual_reconstruido)
        strbuf_printf(&anual_mark, "%s%s", anual_mark.len ? " " : "", rebuilt);
    /* marks hang right of the figures; a "sin dato" dash is a legend mark */
    bool known[6] = {r->prog_mes_known, r->reported, r->prog_acum_known, r->reported,
                     r->has_periodo, r->has_anual};
    const char *marks[6] = {r->reconstruidos & (1u << last) ? rebuilt : NULL, NULL,
                            r->reconstruidos ? rebuilt : NULL, NULL, NULL,
                            anual_mark.len ? sb_text(c, &anual_mark) : NULL};

    char note[AVANCE_NOTE_BUFSZ];
    avance_row_note(r, c->r->corte, note, sizeof note);
    strbuf_add(&just, note, strlen(note));
    if (r->justificacion != NULL)
        strbuf_printf(&just, "%s%s", note[0] ? " " : "", r->justificacion);

    /* a failure setting this row names its activity: at the avance
     * file's line when reported (the justification comes from there),
     * else at the programme's */
    if (r->reported)
        typeset_context(c->ts, avance_file(c->a), r->line, r->act->clave);
    else
        typeset_context(c->ts, c->p->file, r->act->line, r->act->clave);
    const char *unidad = r->act->unidad != NULL ? r->act->unidad : c->missing;
    ts_cell cells[DETAIL_COLS] = {
        {r->act->clave, &c->s.center, 1, NULL, NULL},
        {r->act->descripcion, &c->s.cell, 1, NULL, NULL},
        {unidad, &c->s.cell, 1, NULL, r->act->unidad != NULL ? NULL : c->missing},
        [9] = {avance_state_word(r->state), &c->s.state[r->state], 1, NULL, NULL},
        [10] = {sb_text(c, &just), &c->s.cell, 1, NULL, NULL},
    };
    for (size_t i = 0; i < 6; i++)
        cells[3 + i] = (ts_cell){sb_text(c, &q[i]), &c->s.num, 1, marks[i],
                                 known[i] ? NULL : c->missing};
    typeset_table_row(t, TS_ROW_BODY, cells, DETAIL_COLS);   /* copies the texts */
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        strbuf_free(&q[i]);
    strbuf_free(&just);
    strbuf_free(&anual_mark);
}

/* "28 actividades: 4 en sobrecumplimiento, … · en verde o más 24 de 26
 * (92.3 %) · cumplimiento promedio 93.4 %" */
static void rollup_line(strbuf *b, const avance_rollup *u)
{
    strbuf_printf(b, "%zu %s: ", u->n, u->n == 1 ? "actividad" : "actividades");
    counts_text(b, u);
    if (u->n_ratio == 0)
        return;
    char share[32], mean[32];
    avance_pct_format(u->green_share_tenths, share, sizeof share);
    avance_pct_format(u->mean_tenths, mean, sizeof mean);
    strbuf_printf(b, " · en verde o más %zu de %zu (%s) · cumplimiento promedio %s",
                  u->n_green, u->n_ratio, share, mean);
}

/* The legend of the detail pages: a part per mark, each page printing
 * those of the marks it shows (the table runs over several pages). */
static void detail_legend(pctx *c)
{
    strbuf b[3] = {{0}};
    strbuf_printf(&b[0], "«%s» sin dato", c->missing);
    strbuf_printf(&b[1], "«%s» programa inconsistente (véase la nota de la fila)",
                  AVANCE_MARK_INCONSISTENTE);
    strbuf_printf(&b[2], "«%s» programado con valores reconstruidos",
                  AVANCE_MARK_RECONSTRUIDO);
    ts_legend_part parts[3] = {{c->missing, sb_text(c, &b[0])},
                               {AVANCE_MARK_INCONSISTENTE, sb_text(c, &b[1])},
                               {AVANCE_MARK_RECONSTRUIDO, sb_text(c, &b[2])}};
    typeset_page_legend(c->ts, &c->s.legend, parts, 3, " · ");
    for (size_t i = 0; i < 3; i++)
        strbuf_free(&b[i]);
}

/* The mark areas of a subprograma's detail table: the programmed
 * quantities may carry the reconstruction mark, the annual percentage
 * both marks; only the columns whose marks the subprograma uses give up
 * the room. NULL when none. */
static const double *detail_marks(pctx *c, const avance_rollup *u,
                                  double marks[DETAIL_COLS])
{
    const ts_style *st = &c->s.num;
    double gap = st->size * 0.25;
    const char *rebuilt = AVANCE_MARK_RECONSTRUIDO, *bad = AVANCE_MARK_INCONSISTENTE;
    for (size_t i = 0; i < DETAIL_COLS; i++)
        marks[i] = 0;
    if (u->n_reconstructed > 0)
        marks[3] = marks[5] = gap + typeset_text_width(c->ts, st, rebuilt);
    strbuf both = {0};
    strbuf_printf(&both, "%s%s%s", u->n_inconsistent > 0 ? bad : "",
                  u->n_inconsistent > 0 && u->n_reconstructed > 0 ? " " : "",
              u->n_reconstructed > 0 ? rebuilt : "");
    if (both.len > 0)
        marks[8] = gap + typeset_text_width(c->ts, st, sb_text(c, &both));
    strbuf_free(&both);
    return u->n_reconstructed > 0 || u->n_inconsistent > 0 ? marks : NULL;
}

static void proyecto_rows(pctx *c, ts_table *t, const paa_proyecto *pr, size_t proy)
{
    strbuf head = {0}, bm = {0};
    typeset_context(c->ts, c->p->file, pr->line, pr->clave);
    strbuf_printf(&head, "Proyecto %s. %s — ", pr->clave, pr->nombre);
    rollup_line(&head, &c->r->proy[proy]);
    sb_keep_percent(&head);
    strbuf_printf(&bm, "Proyecto %s. %s", pr->clave, pr->nombre);
    ts_cell cell = {sb_text(c, &head), &c->s.group, DETAIL_COLS, NULL, NULL};
    /* repeated over a page break without the rollup: the name is the context */
    ts_cell name = {sb_text(c, &bm), &c->s.group, DETAIL_COLS, NULL, NULL};
    ts_row_opts o = {.kind = TS_ROW_GROUP, .bookmark = sb_text(c, &bm), .bookmark_level = 1,
                     .continued = &name, .ncontinued = 1};
    typeset_table_row_opts(t, &o, &cell, 1);
    strbuf_free(&head);
    strbuf_free(&bm);
    size_t first = c->r->proy_first[proy], end = c->r->proy_first[proy + 1];
    for (size_t k = first; k < end; k++)
        detail_row(c, t, &c->r->rows[k]);
}

static void subprograma(pctx *c, size_t i, size_t *proy)
{
    const paa_subprograma *s = &c->p->subprogramas[i];
    strbuf title = {0}, line = {0};
    typeset_context(c->ts, c->p->file, s->line, s->numero);
    strbuf_printf(&title, "Subprograma %s. %s", s->numero, s->descripcion);
    /* The legend applies from this subprograma's first page on. */
    detail_legend(c);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, sb_text(c, &title), false);
    typeset_paragraph(c->ts, &c->s.title, sb_text(c, &title));
    strbuf_printf(&line, "Área responsable: %s", s->area);
    paragraph(c, &c->s.body, &line);
    strbuf_free(&line);
    rollup_line(&line, &c->r->sub[i]);
    paragraph(c, &c->s.body, &line);
    strbuf_free(&title);
    strbuf_free(&line);

    double widths[DETAIL_COLS];
    const char *titles[DETAIL_COLS];
    ts_table_spec spec;
    ts_table *t = NULL;
    double marks[DETAIL_COLS];
    if (table_spec(c, "detalle", widths, titles, DETAIL_COLS, &spec) != 0) {
        c->failed = true;
        return;
    }
    spec.mark_width = detail_marks(c, &c->r->sub[i], marks);
    spec.mark_gap = c->s.num.size * 0.25;
    if (typeset_table_begin(c->ts, &spec, &t) != 0) {
        c->failed = true;
        return;
    }
    for (size_t j = 0; j < s->n_proyectos && !c->failed; j++, (*proy)++)
        proyecto_rows(c, t, &s->proyectos[j], *proy);
    typeset_table_end(t);
}

/* ---- entry point ----------------------------------------------------------- */

static void document(pctx *c)
{
    if (load_styles(c) != 0 || typeset_running_load(c->ts, c->lay, c->vars, NVARS, c->d) != 0) {
        c->failed = true;
        return;
    }
    strbuf title = {0};
    strbuf_printf(&title, "Informe de avance del Programa Anual de Actividades %d, %s",
                  c->p->anio, c->period);
    typeset_set_info(c->ts, sb_text(c, &title), c->p->doc.institucion,
                     avance_is_sample(c->a)
                         ? "Programado contra alcanzado (DATOS DE EJEMPLO)"
                         : "Programado contra alcanzado",
                     "PAA, informe de avance, semáforo");
    strbuf_free(&title);
    cover(c);
    executive_summary(c);
    size_t proy = 0;
    for (size_t i = 0; i < c->p->n_subprogramas && !c->failed; i++)
        subprograma(c, i, &proy);
}

int pdf_avance(const avance *a, const paa_programa *p,
                        const avance_report *r, const layout *lay,
                        long long epoch, const char *out_path, diag_list *d)
{
    pctx c = {.a = a, .p = p, .r = r, .lay = lay, .d = d};
    avance_period(a, c.period, sizeof c.period);
    set_vars(&c);

    ts_page_spec page;
    const layout_node *pn = layout_require(lay, "pagina", NULL, d);
    int rc = -1;
    if (pn != NULL && typeset_page_spec_load(lay, pn, &page, d) == 0 &&
        typeset_open(&c.ts, &page, epoch, d) == 0) {
        if (typeset_fonts_load(c.ts, lay, d) == 0 && typeset_archive_load(c.ts, lay) == 0)
            document(&c);
        if (!c.failed && !typeset_failed(c.ts))
            rc = typeset_save(c.ts, out_path, d);
        typeset_close(c.ts);
    }
    return rc;
}
