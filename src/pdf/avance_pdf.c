/*
 * avance_pdf: the avance report as a PDF, set with the shared typeset
 * engine from the <pdf> element of layouts/avance.xml.
 *
 * Order: cover (page 1, unnumbered in print but counted, so that the
 * footer's "Página N de M" is the viewer's page number), executive summary
 * (led by the share in green or better and the count in rojo, then the
 * states, the activities achieving something without programme, the
 * quarter and the capped mean last; a table in that order and a chart of
 * the state distribution per subprograma; method notes, general
 * remarks), then per subprograma its detail table (month, quarter of the
 * cut-off, cumulative) with a heading row per proyecto. Bookmarks: summary, each
 * subprograma and, under it, each proyecto. All figures come from
 * avance_compute(); nothing is computed here except layout.
 *
 * Texts are built in heap strings (strbuf) of any length: a fixed buffer
 * would cut a long name inside a UTF-8 character and the engine would then
 * reject valid input.
 */
#include "pdf/pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/template.h"
#include "base/text.h"
#include "pdf/placeholders.h"
#include "pdf/typeset.h"

/* Columns of the detail table: clave, actividad, unidad, then the month,
 * the quarter of the cut-off (its % with its state's word), the
 * cumulative, % periodo, % anual, semáforo and the notes. */
enum {
    D_CLAVE, D_ACTIVIDAD, D_UNIDAD, D_PROG_MES, D_ALC_MES, D_PROG_TRIM, D_ALC_TRIM,
    D_TRIM, D_PROG_ACUM, D_ALC_ACUM, D_PERIODO, D_ANUAL, D_SEMAFORO, D_NOTAS,
    DETAIL_COLS
};
/* With a modified programme: "Prog. acum. original" before the
 * programmed-to-date (then the modified one's, D_PROG_ACUM + 1 on). */
#define DETAIL_COLS_MOD (DETAIL_COLS + 1)
#define CANCEL_COLS 6
/* Columns of the summary table: what cannot hide a red comes first (the
 * share in green or better, amarillo and rojo), the capped mean last. */
enum {
    R_NUMERO, R_NOMBRE, R_ACTIVIDADES, R_CON_PCT, R_VERDE_N, R_VERDE_PCT, R_AMARILLO,
    R_ROJO, R_SIN_PROG, R_SIN_PROG_AVANCE, R_SIN_DATOS, R_SIN_REPORTE, R_PROMEDIO,
    SUMMARY_COLS
};
/* The states a chart bar stacks (those with a % periodo), bottom up. */
#define CHART_STATES 4
#define CHART_RIGHT 96.0   /* room right of the plot for the legend */
#define CHART_MAX_STEPS 100   /* grid lines a chart may draw */
#define NVARS (PDF_COMMON_VARS + 4)   /* placeholders of the layout texts (set_vars) */
/* {ejemplo}: the warning of sample data in the running header */
#define SAMPLE_TEXT "DATOS DE EJEMPLO"

typedef struct {
    ts_style base, cover_inst, cover_title, cover_period, cover_note, sample,
        title, subtitle, body, note, head, cell, num, center, state_word, group, total,
        total_num, chart, legend;
    ts_style state[AVANCE_NSTATES];   /* semáforo cells */
    layout_rgb state_color[AVANCE_NSTATES];   /* chart segments */
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
    char quarter[64];       /* "2.º trim. (abr–jun)" */
    char quarter_long[64];  /* "2.º trimestre (abril a junio)" */
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
 * (placeholders.h), {periodo}, {corte}, {ejemplo} («DATOS DE EJEMPLO»
 * or nothing) and {trimestre} («2.º trim. (abr–jun)»). */
static void set_vars(pctx *c)
{
    pdf_common_vars(c->p, c->anio, sizeof c->anio, c->vars);
    template_var *own = c->vars + PDF_COMMON_VARS;
    own[0] = (template_var){"{periodo}", c->period, false, false};
    own[1] = (template_var){"{corte}", paa_month_name[c->r->corte - 1], false, false};
    own[2] = (template_var){"{ejemplo}", avance_is_sample(c->a) ? SAMPLE_TEXT : NULL, false,
                            false};
    own[3] = (template_var){"{trimestre}", c->quarter, false, false};
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
        ts_style st = c->s.state_word;
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
        {"celda-estado", &c->s.state_word},
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

/* "de las 287 actividades con programación y reporte hasta el corte,
 * 237 (82.6 %) están en verde o más (90 % o más de lo programado) y 36 en
 * rojo.": what a mean could hide, first. */
static void green_red_text(pctx *c, strbuf *b, const char *until, size_t n_ratio,
                           size_t green, int64_t share, size_t red)
{
    if (n_ratio == 0) {
        strbuf_printf(b, "ninguna actividad tiene programación y reporte %s.", until);
        return;
    }
    char pct[32], verde[PAA_DEC_BUFSZ];
    avance_pct_format(share, pct, sizeof pct);
    paa_dec_format(c->r->thr.verde, false, verde);
    strbuf_printf(b, "de las %zu actividades con programación y reporte %s, %zu (%s) "
                  "%s en verde o más (%s %% o más de lo programado) y %zu en rojo.",
                  n_ratio, until, green, pct, green == 1 ? "está" : "están", verde, red);
}

/* " 29 actividades están sin nada programado hasta el corte; 15 de ellas
 * reportan algo alcanzado, que ningún porcentaje puede mostrar." */
static void unprogrammed_text(strbuf *b, size_t n, size_t with_work, const char *until)
{
    if (n == 0)
        return;
    strbuf_printf(b, " %zu %s sin nada programado %s", n,
                  n == 1 ? "actividad está" : "actividades están", until);
    if (with_work > 0)
        strbuf_printf(b, "; %zu de ellas %s algo alcanzado, que ningún porcentaje "
                      "puede mostrar", with_work, with_work == 1 ? "reporta" : "reportan");
    strbuf_puts(b, ".");
}

static void summary_paragraph(pctx *c)
{
    const avance_rollup *u = &c->r->total;
    const char *mes = paa_month_name[c->r->corte - 1];
    strbuf b = {0};
    /* no-break spaces (U+00A0): a date is never split between lines */
    strbuf_printf(&b, "Al corte de %s\u00A0de\u00A0%d, ", mes, c->p->anio);
    green_red_text(c, &b, "hasta el corte", u->n_ratio, u->n_green, u->green_share_tenths,
                   u->count[AVANCE_ROJO]);
    strbuf_printf(&b, " Las %zu actividades del programa: ", u->n);
    counts_text(&b, u);
    strbuf_add(&b, ".", 1);
    unprogrammed_text(&b, u->count[AVANCE_SIN_PROGRAMACION], u->n_sin_prog_con_avance,
                      "hasta el corte");
    strbuf_printf(&b, " En el %s, ", c->quarter_long);
    green_red_text(c, &b, "en el trimestre", u->trim_n_ratio, u->trim_n_green,
                   u->trim_green_share_tenths, u->trim_count[AVANCE_ROJO]);
    unprogrammed_text(&b, u->trim_count[AVANCE_SIN_PROGRAMACION],
                      u->trim_n_sin_prog_con_avance, "en el trimestre");
    if (u->n_ratio > 0) {
        char mean[32];
        avance_pct_format(u->mean_tenths, mean, sizeof mean);
        strbuf_printf(&b, " Cumplimiento promedio del periodo (enero a %s), con cada "
                      "actividad limitada a 100 %%: %s.", mes, mean);
    }
    paragraph(c, &c->s.body, &b);
    strbuf_free(&b);
}

/* One row of the summary table from a roll-up: counts, the share in green
 * or better and the capped mean (the "sin dato" mark without a ratio). */
static void summary_row(pctx *c, ts_table *t, const char *key, const char *name,
                        const avance_rollup *u, bool total)
{
    const size_t counts[SUMMARY_COLS] = {
        [R_ACTIVIDADES] = u->n, [R_CON_PCT] = u->n_ratio, [R_VERDE_N] = u->n_green,
        [R_AMARILLO] = u->count[AVANCE_AMARILLO], [R_ROJO] = u->count[AVANCE_ROJO],
        [R_SIN_PROG] = u->count[AVANCE_SIN_PROGRAMACION],
        [R_SIN_PROG_AVANCE] = u->n_sin_prog_con_avance,
        [R_SIN_DATOS] = u->count[AVANCE_SIN_DATOS],
        [R_SIN_REPORTE] = u->count[AVANCE_SIN_REPORTE]};
    char nums[SUMMARY_COLS][24];
    strbuf mean = {0}, share = {0};
    pct_text(c, &mean, u->n_ratio > 0, u->mean_tenths);
    pct_text(c, &share, u->n_ratio > 0, u->green_share_tenths);
    typeset_context(c->ts, avance_file(c->a), avance_line(c->a), total ? NULL : key);
    const ts_style *txt = total ? &c->s.total : &c->s.cell;
    const ts_style *num = total ? &c->s.total_num : &c->s.num;
    ts_cell cells[SUMMARY_COLS];
    for (int k = 0; k < SUMMARY_COLS; k++) {
        snprintf(nums[k], sizeof nums[k], "%zu", counts[k]);
        cells[k] = (ts_cell){nums[k], num, 1, NULL, NULL};
    }
    cells[R_NUMERO] = (ts_cell){key, txt, 1, NULL, NULL};
    cells[R_NOMBRE] = (ts_cell){name, txt, 1, NULL, NULL};
    cells[R_VERDE_PCT] = (ts_cell){sb_text(c, &share), num, 1, NULL, NULL};
    cells[R_PROMEDIO] = (ts_cell){sb_text(c, &mean), num, 1, NULL, NULL};
    typeset_table_row(t, TS_ROW_BODY, cells, SUMMARY_COLS);   /* copies the texts */
    strbuf_free(&mean);
    strbuf_free(&share);
}

/* Table spec from a <tabla id="…"> of the layout; its column titles,
 * with their placeholders expanded ({trimestre}), are built in
 * expanded[0..ncols), which the caller frees after the table. */
static int table_spec(pctx *c, const char *id, double *widths,
                      const char **titles, strbuf *expanded, size_t ncols,
                      ts_table_spec *spec)
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
    for (size_t i = 0; i < ncols; i++) {
        expand(c, &expanded[i], n, titles[i]);
        titles[i] = sb_text(c, &expanded[i]);
    }
    if (c->failed)
        return -1;
    *spec = (ts_table_spec){.ncols = ncols, .widths = widths, .header = titles,
                            .header_style = &c->s.head};
    /* a proyecto going on over a page break is named again, with this */
    spec->continued = layout_attr(n, "continuacion");
    if (layout_length(c->lay, n, "linea", &spec->rule_width, c->d) < 0 ||
        layout_color(c->lay, n, "color-linea", &spec->rule_color, c->d) < 0)
        return -1;
    return 0;
}

static void free_titles(strbuf *titles, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_free(&titles[i]);
}

static int summary_table(pctx *c)
{
    double widths[SUMMARY_COLS];
    const char *titles[SUMMARY_COLS];
    strbuf expanded[SUMMARY_COLS] = {{0}};
    ts_table_spec spec;
    ts_table *t = NULL;
    int rc = -1;
    if (table_spec(c, "resumen", widths, titles, expanded, SUMMARY_COLS, &spec) == 0 &&
        typeset_table_begin(c->ts, &spec, &t) == 0) {
        for (size_t i = 0; i < c->p->n_subprogramas; i++)
            summary_row(c, t, c->p->subprogramas[i].numero,
                        c->p->subprogramas[i].descripcion, &c->r->sub[i], false);
        summary_row(c, t, "", "Total del Instituto", &c->r->total, true);
        rc = typeset_table_end(t);
    }
    free_titles(expanded, SUMMARY_COLS);
    return rc;
}

/* ---- chart ------------------------------------------------------------------
 *
 * Stacked bars, one per subprograma: its activities with a % periodo
 * (100 % of the bar) by state, sobrecumplimiento and verde at the bottom,
 * so the top of verde reads "% en verde o más" against the axis, then
 * amarillo and rojo. Each segment says how many activities it holds; above
 * the bar, the share in green or better. Drawn with libharu in a box
 * reserved from the engine, in the states' chart colours. No threshold
 * lines: thresholds classify activities, and a line drawn across bars of
 * shares or means would read as a verdict on them.
 */
typedef struct {
    double alto, maximo, paso, label_w;
    layout_rgb axis, grid;
} chart_spec;

static const avance_state chart_states[CHART_STATES] = {
    AVANCE_SOBRE, AVANCE_VERDE, AVANCE_AMARILLO, AVANCE_ROJO};

static int chart_spec_load(pctx *c, chart_spec *cs)
{
    const layout_node *n = layout_require(c->lay, "grafica", NULL, c->d);
    *cs = (chart_spec){.alto = 190, .maximo = 100, .paso = 10, .label_w = 30,
                       .axis = {0.25, 0.25, 0.25}, .grid = {0.85, 0.85, 0.85}};
    if (n == NULL || layout_length(c->lay, n, "alto", &cs->alto, c->d) < 0 ||
        layout_number(c->lay, n, "maximo", &cs->maximo, c->d) < 0 ||
        layout_number(c->lay, n, "paso", &cs->paso, c->d) < 0 ||
        layout_length(c->lay, n, "ancho-etiquetas", &cs->label_w, c->d) < 0 ||
        layout_color(c->lay, n, "color-eje", &cs->axis, c->d) < 0 ||
        layout_color(c->lay, n, "color-rejilla", &cs->grid, c->d) < 0)
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

static void fill_rect(HPDF_Page pg, layout_rgb c, double x, double y, double w, double h)
{
    HPDF_Page_SetRGBFill(pg, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
    HPDF_Page_Fill(pg);
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

/* WCAG relative luminance and contrast of two colours. */
static double luminance(layout_rgb c)
{
    double ch[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; i++)
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double contrast(layout_rgb a, layout_rgb b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The count inside a segment: white or the state's dark word colour,
 * whichever reads better on the segment's colour. */
static layout_rgb segment_text(const pctx *c, avance_state st)
{
    layout_rgb white = {1, 1, 1}, fill = c->s.state_color[st];
    return contrast(white, fill) >= contrast(c->s.state_text[st], fill)
               ? white : c->s.state_text[st];
}

/* One segment of bar i: `count` activities of state st from height
 * `from` (percent) up; the count is written inside when it fits. */
static double chart_segment(pctx *c, const plot *pl, const chart_spec *cs, double cx,
                            double bar_w, avance_state st, size_t count, size_t n,
                            double from)
{
    double to = from + 100.0 * (double)count / (double)n;
    double y0 = plot_y(pl, cs, from), y1 = plot_y(pl, cs, to);
    fill_rect(pl->b.page, c->s.state_color[st], cx - bar_w / 2, y0, bar_w, y1 - y0);
    /* a white rule keeps neighbouring segments apart in a grey print */
    set_stroke(pl->b.page, (layout_rgb){1, 1, 1}, 0.6);
    hline(pl->b.page, cx - bar_w / 2, cx + bar_w / 2, y1);
    char lab[24];
    snprintf(lab, sizeof lab, "%zu", count);
    ts_style st_lab = c->s.chart;
    st_lab.color = segment_text(c, st);
    double lw = typeset_text_width(c->ts, &st_lab, lab);
    if (y1 - y0 >= pl->fs + 1 && lw + 2 <= bar_w)
        typeset_text_at(c->ts, &pl->b, &st_lab, cx - pl->b.x - lw / 2,
                        (y0 + y1) / 2 - pl->b.y - pl->fs / 3, lw + 1, lab);
    return to;
}

static void chart_bar(pctx *c, const plot *pl, const chart_spec *cs, size_t i,
                      double slot)
{
    const avance_rollup *u = &c->r->sub[i];
    double cx = pl->x0 + slot * ((double)i + 0.5), bar_w = slot * 0.6;
    const char *num = c->p->subprogramas[i].numero;
    double nw = typeset_text_width(c->ts, &c->s.chart, num);
    typeset_text_at(c->ts, &pl->b, &c->s.chart, cx - pl->b.x - nw / 2, 1.2 * pl->fs,
                    slot, num);
    if (u->n_ratio == 0)
        return;   /* nothing programmed and reported: no bar */
    double h = 0;
    for (int k = 0; k < CHART_STATES; k++)
        if (u->count[chart_states[k]] > 0)
            h = chart_segment(c, pl, cs, cx, bar_w, chart_states[k],
                              u->count[chart_states[k]], u->n_ratio, h);
    char lab[32];
    avance_pct_format(u->green_share_tenths, lab, sizeof lab);
    double lw = typeset_text_width(c->ts, &c->s.chart, lab);
    typeset_text_at(c->ts, &pl->b, &c->s.chart, cx - pl->b.x - lw / 2,
                    plot_y(pl, cs, h) - pl->b.y + 2 + 0.25 * pl->fs, slot, lab);
}

/* The legend right of the plot, top down as the segments are stacked. */
static void chart_legend(pctx *c, const plot *pl)
{
    double x = pl->x0 + pl->w + 8, sw = pl->fs;
    for (int k = 0; k < CHART_STATES; k++) {
        avance_state st = chart_states[CHART_STATES - 1 - k];
        double y = pl->y0 + pl->h - (k + 1) * 1.6 * pl->fs;
        fill_rect(pl->b.page, c->s.state_color[st], x, y, sw, sw);
        typeset_text_at(c->ts, &pl->b, &c->s.chart, x + sw + 3 - pl->b.x,
                        y - pl->b.y + 0.15 * pl->fs, CHART_RIGHT - sw - 11,
                        avance_state_word(st));
    }
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
                      "Actividades con % periodo por estado del semáforo, por subprograma");
    plot pl = {.fs = c->s.chart.size};
    if (typeset_reserve(c->ts, cs.alto, &pl.b) != 0)
        return;
    pl.x0 = pl.b.x + cs.label_w;
    pl.y0 = pl.b.y + 2.6 * pl.fs;
    pl.w = pl.b.width - cs.label_w - CHART_RIGHT;
    pl.h = pl.b.height - 4.2 * pl.fs;   /* room above the top for a label */
    chart_grid(c, &pl, &cs);
    size_t n = c->p->n_subprogramas;
    double slot = n ? pl.w / (double)n : pl.w;
    for (size_t i = 0; i < n; i++)
        chart_bar(c, &pl, &cs, i, slot);
    chart_legend(c, &pl);
    typeset_text_at(c->ts, &pl.b, &c->s.chart, 0, 0.1 * pl.fs, pl.b.width,
                    "Subprograma (número). Cada barra: sus actividades con % periodo (100 %) "
                    "por estado, con cuántas hay en cada uno; encima, el % en verde o más.");
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
                  "arriba) sólo al mostrarlos. Trimestre (%s): programado y alcanzado de "
                  "los meses del trimestre del corte hasta el corte, y su cumplimiento "
                  "(%% trim.), clasificado con el mismo semáforo.", mes, c->quarter_long);
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
                  "cero ni se supone 100 %%. Las que aun así reportan algo alcanzado no "
                  "pueden tener porcentaje ni entrar en los promedios: se cuentan aparte, "
                  "«con avance sin programación», en el resumen y en cada subprograma y "
                  "proyecto. «Sin datos»: el programa no tiene la cantidad "
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
                  "sobrecumplimiento), que el resumen da primero, con el número en rojo: un "
                  "promedio puede ocultar actividades en rojo, esa proporción no. Además se "
                  "cuentan las actividades en cada estado; las líneas de umbral del "
                  "semáforo clasifican actividades, no promedios. "
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

/* ---- adecuación -------------------------------------------------------------
 *
 * With a modified programme (paa avance --modificado) c->p is the modified
 * programme the compliance is measured against and c->r->original the
 * approved one.
 */

/* The sentence and what the adecuación changed, in the summary. */
static void adecuacion_summary(pctx *c)
{
    if (c->r->original == NULL)
        return;
    strbuf b = {0};
    avance_adecuacion_resumen(c->r, c->p, "Prog. acum. original", "Prog. acum. modificado",
                              false, &b);
    paragraph(c, &c->s.body, &b);
    strbuf_free(&b);
}

static void executive_summary(pctx *c)
{
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, "Resumen ejecutivo", true);
    typeset_paragraph(c->ts, &c->s.title, "Resumen ejecutivo");
    typeset_context(c->ts, avance_file(c->a), avance_line(c->a), NULL);
    summary_paragraph(c);
    adecuacion_summary(c);
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

/* The quarter's cell: its % and its state's word, in the state's colours
 * («83.3 % amarillo»); the word alone without a percentage. */
static void quarter_cell(pctx *c, strbuf *b, const avance_row *r)
{
    if (r->has_trim) {
        pct_text(c, b, true, r->trim_tenths);
        strbuf_putc(b, ' ');
    }
    strbuf_puts(b, avance_state_word(r->trim_state));
    sb_keep_percent(b);
}

static void detail_row(pctx *c, ts_table *t, const avance_row *r)
{
    const int last = c->r->corte - 1;
    const char *rebuilt = AVANCE_MARK_RECONSTRUIDO;
    /* the figures, in column order from D_PROG_MES (D_TRIM is set apart) */
    enum { NQ = D_ANUAL - D_PROG_MES + 1 };
    strbuf q[NQ] = {{0}}, just = {0}, anual_mark = {0}, trim = {0}, orig = {0},
           acum_mark = {0};
    quantity(c, &q[D_PROG_MES - D_PROG_MES], r->prog_mes_known, r->prog_mes);
    quantity(c, &q[D_ALC_MES - D_PROG_MES], r->reported, r->alc_mes);
    quantity(c, &q[D_PROG_TRIM - D_PROG_MES], r->trim_known, r->prog_trim);
    quantity(c, &q[D_ALC_TRIM - D_PROG_MES], r->reported, r->alc_trim);
    quantity(c, &q[D_PROG_ACUM - D_PROG_MES], r->prog_acum_known, r->prog_acum);
    quantity(c, &q[D_ALC_ACUM - D_PROG_MES], r->reported, r->alc_acum);
    pct_text(c, &q[D_PERIODO - D_PROG_MES], r->has_periodo, r->periodo_tenths);
    /* An annual percentage built on an inconsistent programme (041002:
     * 6 programmed to date against an annual of 5) never goes unmarked. */
    pct_text(c, &q[D_ANUAL - D_PROG_MES], r->has_anual, r->anual_tenths);
    quarter_cell(c, &trim, r);
    if (r->prog_issues != 0)
        strbuf_printf(&anual_mark, "%s", AVANCE_MARK_INCONSISTENTE);
    if (r->anual_reconstruido)
        strbuf_printf(&anual_mark, "%s%s", anual_mark.len ? " " : "", rebuilt);
    /* marks hang right of the figures; a "sin dato" dash is a legend mark */
    int first_trim = avance_quarter_first(c->r->corte) - 1;
    uint16_t trim_months = (uint16_t)(((1u << c->r->corte) - 1) & ~((1u << first_trim) - 1));
    const bool known[NQ] = {
        [D_PROG_MES - D_PROG_MES] = r->prog_mes_known, [D_ALC_MES - D_PROG_MES] = r->reported,
        [D_PROG_TRIM - D_PROG_MES] = r->trim_known, [D_ALC_TRIM - D_PROG_MES] = r->reported,
        [D_PROG_ACUM - D_PROG_MES] = r->prog_acum_known,
        [D_ALC_ACUM - D_PROG_MES] = r->reported, [D_PERIODO - D_PROG_MES] = r->has_periodo,
        [D_ANUAL - D_PROG_MES] = r->has_anual};
    const char *marks[NQ] = {
        [D_PROG_MES - D_PROG_MES] = r->reconstruidos & (1u << last) ? rebuilt : NULL,
        [D_PROG_TRIM - D_PROG_MES] = r->reconstruidos & trim_months ? rebuilt : NULL,
        [D_ANUAL - D_PROG_MES] = anual_mark.len ? sb_text(c, &anual_mark) : NULL};
    /* the goal the adecuación changed, or an activity it added, is
     * marked next to the programmed-to-date it is measured against */
    if (r->reconstruidos)
        strbuf_puts(&acum_mark, rebuilt);
    if (r->cambios & (AVANCE_CAMBIO_META | AVANCE_CAMBIO_NUEVA))
        strbuf_printf(&acum_mark, "%s%s", acum_mark.len ? " " : "", AVANCE_MARK_MODIFICADO);
    marks[D_PROG_ACUM - D_PROG_MES] = acum_mark.len ? sb_text(c, &acum_mark) : NULL;

    char note[AVANCE_NOTE_BUFSZ];
    avance_row_cambio_note(r, note, sizeof note);
    strbuf_add(&just, note, strlen(note));
    size_t lead = just.len;
    avance_row_note(r, c->r->corte, note, sizeof note);
    strbuf_printf(&just, "%s%s", lead && note[0] ? " " : "", note);
    if (r->justificacion != NULL)
        strbuf_printf(&just, "%s%s", just.len ? " " : "", r->justificacion);

    /* a failure setting this row names its activity: at the avance
     * file's line when reported (the justification comes from there),
     * else at the programme's */
    if (r->reported)
        typeset_context(c->ts, avance_file(c->a), r->line, r->act->clave);
    else
        typeset_context(c->ts, c->p->file, r->act->line, r->act->clave);
    const char *unidad = r->act->unidad != NULL ? r->act->unidad : c->missing;
    ts_cell cells[DETAIL_COLS_MOD] = {
        [D_CLAVE] = {r->act->clave, &c->s.center, 1, NULL, NULL},
        [D_ACTIVIDAD] = {r->act->descripcion, &c->s.cell, 1, NULL, NULL},
        [D_UNIDAD] = {unidad, &c->s.cell, 1, NULL, r->act->unidad != NULL ? NULL : c->missing},
        [D_SEMAFORO] = {avance_state_word(r->state), &c->s.state[r->state], 1, NULL, NULL},
        [D_NOTAS] = {sb_text(c, &just), &c->s.cell, 1, NULL, NULL},
    };
    for (size_t i = 0; i < NQ; i++) {
        size_t col = D_PROG_MES + i;
        if (col == D_TRIM)
            continue;
        cells[col] = (ts_cell){sb_text(c, &q[i]), &c->s.num, 1, marks[i],
                               known[i] ? NULL : c->missing};
    }
    cells[D_TRIM] = (ts_cell){sb_text(c, &trim), &c->s.state[r->trim_state], 1, NULL, NULL};
    size_t ncols = DETAIL_COLS;
    if (c->r->original != NULL) {
        /* an added activity has no original figure: «—» like any unknown */
        bool k = r->orig != NULL && r->orig_prog_acum_known;
        quantity(c, &orig, k, r->orig_prog_acum);
        memmove(&cells[D_PROG_ACUM + 1], &cells[D_PROG_ACUM],
                (DETAIL_COLS - D_PROG_ACUM) * sizeof cells[0]);
        cells[D_PROG_ACUM] = (ts_cell){sb_text(c, &orig), &c->s.num, 1, NULL,
                                       k ? NULL : c->missing};
        ncols = DETAIL_COLS_MOD;
    }
    typeset_table_row(t, TS_ROW_BODY, cells, ncols);   /* copies the texts */
    for (size_t i = 0; i < NQ; i++)
        strbuf_free(&q[i]);
    strbuf_free(&just);
    strbuf_free(&anual_mark);
    strbuf_free(&trim);
    strbuf_free(&orig);
    strbuf_free(&acum_mark);
}

/* "28 actividades: 4 en sobrecumplimiento, … · en verde o más 24 de 26
 * (92.3 %) · cumplimiento promedio 93.4 %" */
static void rollup_line(pctx *c, strbuf *b, const avance_rollup *u)
{
    strbuf_printf(b, "%zu %s: ", u->n, u->n == 1 ? "actividad" : "actividades");
    counts_text(b, u);
    char share[32], mean[32];
    if (u->n_ratio > 0) {
        avance_pct_format(u->green_share_tenths, share, sizeof share);
        strbuf_printf(b, " · en verde o más %zu de %zu (%s)", u->n_green, u->n_ratio, share);
    }
    if (u->n_sin_prog_con_avance > 0)
        strbuf_printf(b, " · con avance sin programación %zu", u->n_sin_prog_con_avance);
    if (u->trim_n_ratio > 0) {
        avance_pct_format(u->trim_green_share_tenths, share, sizeof share);
        strbuf_printf(b, " · %s: en verde o más %zu de %zu (%s), en rojo %zu", c->quarter,
                      u->trim_n_green, u->trim_n_ratio, share, u->trim_count[AVANCE_ROJO]);
    }
    if (u->n_ratio > 0) {
        avance_pct_format(u->mean_tenths, mean, sizeof mean);
        strbuf_printf(b, " · cumplimiento promedio %s", mean);
    }
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
    strbuf mod = {0};
    strbuf_printf(&mod, "«%s» meta modificada o actividad agregada por la adecuación",
                  AVANCE_MARK_MODIFICADO);
    ts_legend_part all[4] = {parts[0], parts[1], parts[2],
                             {AVANCE_MARK_MODIFICADO, sb_text(c, &mod)}};
    typeset_page_legend(c->ts, &c->s.legend, all, c->r->original != NULL ? 4 : 3, " · ");
    for (size_t i = 0; i < 3; i++)
        strbuf_free(&b[i]);
    strbuf_free(&mod);
}

/* The mark areas of a subprograma's detail table: the programmed
 * quantities may carry the reconstruction mark, the annual percentage
 * both marks; only the columns whose marks the subprograma uses give up
 * the room. NULL when none. */
static const double *detail_marks(pctx *c, const avance_rollup *u,
                                  double marks[DETAIL_COLS_MOD])
{
    const ts_style *st = &c->s.num;
    double gap = st->size * 0.25;
    const char *rebuilt = AVANCE_MARK_RECONSTRUIDO, *bad = AVANCE_MARK_INCONSISTENTE;
    for (size_t i = 0; i < DETAIL_COLS_MOD; i++)
        marks[i] = 0;
    if (u->n_reconstructed > 0)
        marks[D_PROG_MES] = marks[D_PROG_TRIM] = marks[D_PROG_ACUM] =
            gap + typeset_text_width(c->ts, st, rebuilt);
    if (c->r->original != NULL) {
        strbuf acum = {0};
        strbuf_printf(&acum, "%s%s", u->n_reconstructed > 0 ? rebuilt : "",
                      u->n_reconstructed > 0 ? " " AVANCE_MARK_MODIFICADO
                                             : AVANCE_MARK_MODIFICADO);
        marks[D_PROG_ACUM] = gap + typeset_text_width(c->ts, st, sb_text(c, &acum));
        strbuf_free(&acum);
    }
    strbuf both = {0};
    strbuf_printf(&both, "%s%s%s", u->n_inconsistent > 0 ? bad : "",
                  u->n_inconsistent > 0 && u->n_reconstructed > 0 ? " " : "",
              u->n_reconstructed > 0 ? rebuilt : "");
    if (both.len > 0)
        marks[D_ANUAL] = gap + typeset_text_width(c->ts, st, sb_text(c, &both));
    strbuf_free(&both);
    if (c->r->original != NULL) {
        /* the original's column goes before the programmed-to-date */
        memmove(&marks[D_PROG_ACUM + 1], &marks[D_PROG_ACUM],
                (DETAIL_COLS - D_PROG_ACUM) * sizeof marks[0]);
        marks[D_PROG_ACUM] = 0;
        return marks;
    }
    return u->n_reconstructed > 0 || u->n_inconsistent > 0 ? marks : NULL;
}

static void proyecto_rows(pctx *c, ts_table *t, const paa_proyecto *pr, size_t proy)
{
    strbuf head = {0}, bm = {0};
    typeset_context(c->ts, c->p->file, pr->line, pr->clave);
    strbuf_printf(&head, "Proyecto %s. %s — ", pr->clave, pr->nombre);
    rollup_line(c, &head, &c->r->proy[proy]);
    sb_keep_percent(&head);
    strbuf_printf(&bm, "Proyecto %s. %s", pr->clave, pr->nombre);
    size_t span = c->r->original != NULL ? DETAIL_COLS_MOD : DETAIL_COLS;
    ts_cell cell = {sb_text(c, &head), &c->s.group, span, NULL, NULL};
    /* repeated over a page break without the rollup: the name is the context */
    ts_cell name = {sb_text(c, &bm), &c->s.group, span, NULL, NULL};
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
    rollup_line(c, &line, &c->r->sub[i]);
    paragraph(c, &c->s.body, &line);
    strbuf_free(&title);
    strbuf_free(&line);

    double widths[DETAIL_COLS_MOD];
    const char *titles[DETAIL_COLS_MOD];
    strbuf expanded[DETAIL_COLS_MOD] = {{0}};
    ts_table_spec spec;
    ts_table *t = NULL;
    double marks[DETAIL_COLS_MOD];
    bool mod = c->r->original != NULL;
    int rc = table_spec(c, mod ? "detalle-modificado" : "detalle", widths, titles, expanded,
                        mod ? DETAIL_COLS_MOD : DETAIL_COLS, &spec);
    if (rc == 0) {
        spec.mark_width = detail_marks(c, &c->r->sub[i], marks);
        spec.mark_gap = c->s.num.size * 0.25;
        rc = typeset_table_begin(c->ts, &spec, &t);
    }
    if (rc != 0) {
        c->failed = true;
        free_titles(expanded, DETAIL_COLS_MOD);
        return;
    }
    for (size_t j = 0; j < s->n_proyectos && !c->failed; j++, (*proy)++)
        proyecto_rows(c, t, &s->proyectos[j], *proy);
    typeset_table_end(t);
    free_titles(expanded, DETAIL_COLS_MOD);
}

/* ---- cancelled activities --------------------------------------------------- */

/* One dropped activity: what it had programmed in the original. */
static void cancel_row(pctx *c, ts_table *t, const avance_cancelada *k)
{
    const paa_actividad *a = k->act;
    strbuf q[2] = {{0}};
    quantity(c, &q[0], k->prog_acum_known, k->prog_acum);
    quantity(c, &q[1], k->anual_known, k->anual);
    typeset_context(c->ts, c->r->original->file, a->line, a->clave);
    const char *unidad = a->unidad != NULL ? a->unidad : c->missing;
    ts_cell cells[CANCEL_COLS] = {
        {a->clave, &c->s.center, 1, NULL, NULL},
        {a->proyecto != NULL ? a->proyecto->clave : c->missing, &c->s.center, 1, NULL, NULL},
        {a->descripcion, &c->s.cell, 1, NULL, NULL},
        {unidad, &c->s.cell, 1, NULL, a->unidad != NULL ? NULL : c->missing},
        {sb_text(c, &q[0]), &c->s.num, 1, NULL, k->prog_acum_known ? NULL : c->missing},
        {sb_text(c, &q[1]), &c->s.num, 1, NULL, k->anual_known ? NULL : c->missing},
    };
    typeset_table_row(t, TS_ROW_BODY, cells, CANCEL_COLS);
    strbuf_free(&q[0]);
    strbuf_free(&q[1]);
}

/* «Actividades canceladas por la adecuación»: outside the compliance. */
static void cancelled(pctx *c)
{
    if (c->r->original == NULL)
        return;
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, "Actividades canceladas por la adecuación", false);
    typeset_paragraph(c->ts, &c->s.title, "Actividades canceladas por la adecuación");
    typeset_context(c->ts, c->r->original->file, 0, NULL);
    strbuf b = {0};
    if (c->r->n_canceladas == 0)
        strbuf_printf(&b, "La adecuación no canceló ninguna actividad del programa aprobado "
                      "(%s).", c->r->original->file);
    else
        strbuf_printf(&b, "Actividades del programa aprobado (%s) que el programa modificado "
                      "ya no tiene: no entran en el cumplimiento. Se muestra lo que tenían "
                      "programado hasta %s y en el año.", c->r->original->file,
                      paa_month_name[c->r->corte - 1]);
    paragraph(c, &c->s.body, &b);
    strbuf_free(&b);
    if (c->r->n_canceladas == 0)
        return;
    double widths[CANCEL_COLS];
    const char *titles[CANCEL_COLS];
    strbuf expanded[CANCEL_COLS] = {{0}};
    ts_table_spec spec;
    ts_table *t = NULL;
    if (table_spec(c, "canceladas", widths, titles, expanded, CANCEL_COLS, &spec) != 0 ||
        typeset_table_begin(c->ts, &spec, &t) != 0) {
        c->failed = true;
        free_titles(expanded, CANCEL_COLS);
        return;
    }
    for (size_t i = 0; i < c->r->n_canceladas; i++)
        cancel_row(c, t, &c->r->canceladas[i]);
    typeset_table_end(t);
    free_titles(expanded, CANCEL_COLS);
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
    if (!c->failed)
        cancelled(c);
}

int pdf_avance(const avance *a, const paa_programa *p,
                        const avance_report *r, const layout *lay,
                        long long epoch, const char *out_path, diag_list *d)
{
    pctx c = {.a = a, .p = p, .r = r, .lay = lay, .d = d};
    avance_period(a, c.period, sizeof c.period);
    avance_quarter_label(r->corte, true, c.quarter, sizeof c.quarter);
    avance_quarter_label(r->corte, false, c.quarter_long, sizeof c.quarter_long);
    set_vars(&c);

    ts_page_spec page;
    int rc = -1;
    if (typeset_open_layout(&c.ts, lay, epoch, &page, d) == 0) {
        document(&c);
        if (!c.failed && !typeset_failed(c.ts))
            rc = typeset_save(c.ts, out_path, d);
        typeset_close(c.ts);
    }
    return rc;
}
