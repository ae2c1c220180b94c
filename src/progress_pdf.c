/*
 * progress_pdf: the progress report as a PDF, set with the shared typeset
 * engine from the <pdf> element of layouts/avance.xml.
 *
 * Order: cover (unnumbered), executive summary (totals, table and bar
 * chart of the mean compliance by subprograma, method notes, general
 * remarks), then per subprograma its detail table with a heading row per
 * proyecto. Bookmarks: summary, each subprograma and, under it, each
 * proyecto. All figures come from progress_compute(); nothing is
 * computed here except layout.
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset.h"

#define DETAIL_COLS 11
#define SUMMARY_COLS 10
#define CHART_RIGHT 88.0   /* room right of the plot for threshold labels */

typedef struct {
    ts_style base, cover_inst, cover_title, cover_period, cover_note, sample,
        title, subtitle, body, note, head, cell, num, center, group, total,
        total_num, chart;
    ts_style state[PROGRESS_NSTATES];   /* semáforo cells */
    layout_rgb state_color[PROGRESS_NSTATES];
} styles;

typedef struct {
    const progress *a;
    const paa_programa *p;
    const progress_report *r;
    const layout *lay;
    diag_list *d;
    ts_doc *ts;
    styles s;
    char period[64];        /* "enero–junio" */
    bool failed;            /* a layout problem found here */
} pctx;

/* ---- text helpers ------------------------------------------------------- */

/* Copies `tmpl` into buf replacing {anio}, {periodo}, {corte},
 * {institucion} and {siglas}; other braces ({pagina}) are kept for the
 * engine. */
static void expand(const pctx *c, const char *tmpl, char *buf, size_t size)
{
    char anio[16];
    snprintf(anio, sizeof anio, "%d", c->p->anio);
    const char *keys[][2] = {
        {"{anio}", anio},
        {"{periodo}", c->period},
        {"{corte}", paa_month_name[c->r->corte - 1]},
        {"{institucion}", c->p->doc.institucion},
        {"{siglas}", c->p->doc.siglas},
    };
    size_t o = 0;
    while (*tmpl != '\0' && o + 1 < size) {
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0] &&
               strncmp(tmpl, keys[k][0], strlen(keys[k][0])) != 0)
            k++;
        if (k < sizeof keys / sizeof keys[0]) {
            int n = snprintf(buf + o, size - o, "%s", keys[k][1]);
            o += n > 0 ? (size_t)n : 0;
            if (o >= size)
                o = size - 1;
            tmpl += strlen(keys[k][0]);
        } else {
            buf[o++] = *tmpl++;
        }
    }
    buf[o] = '\0';
}

static void quantity(bool known, paa_dec v, char *buf)
{
    if (known)
        paa_dec_format(v, true, buf);
    else
        strcpy(buf, "s/d");
}

static void pct_or_dash(bool has, int64_t tenths, char *buf, size_t size)
{
    if (has)
        progress_pct_format(tenths, buf, size);
    else
        snprintf(buf, size, "—");
}

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

/* ---- setup -------------------------------------------------------------- */

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
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (typeset_style_by_id(c->ts, c->lay, list[i].id, list[i].st, c->d) != 0)
            return -1;
    /* Semáforo cells: the state's light fill behind its word in bold, in
     * the state's colour, so the mark survives a grey print as a word. */
    const ts_font *bold = typeset_font(c->ts, "negritas");
    for (int s = 0; s < PROGRESS_NSTATES; s++) {
        const layout_node *n = layout_require(c->lay, "estado", progress_state_id(s), c->d);
        ts_style st = c->s.center;
        if (n == NULL || layout_color(c->lay, n, "color", &c->s.state_color[s], c->d) != 0 ||
            layout_color(c->lay, n, "relleno", &st.fill, c->d) != 0)
            return -1;
        st.has_fill = true;
        st.color = c->s.state_color[s];
        if (bold != NULL)
            st.font = bold;
        c->s.state[s] = st;
    }
    return 0;
}

static int running_texts(pctx *c)
{
    const layout_node *h = layout_require(c->lay, "encabezado", NULL, c->d);
    const layout_node *f = layout_require(c->lay, "pie", NULL, c->d);
    if (h == NULL || f == NULL)
        return -1;
    char left[256], right[256], foot[256];
    expand(c, required_attr(c, h, "izquierda"), left, sizeof left);
    expand(c, required_attr(c, h, "derecha"), right, sizeof right);
    expand(c, required_attr(c, f, "texto"), foot, sizeof foot);
    ts_style st_right = c->s.base;
    ts_style st_left = c->s.base;
    ts_style st_sample = c->s.base;
    if (typeset_style_by_id(c->ts, c->lay, "encabezado", &st_left, c->d) != 0 ||
        typeset_style_by_id(c->ts, c->lay, "encabezado-ejemplo", &st_sample, c->d) != 0)
        return -1;
    st_right = st_left;
    st_right.align = TS_RIGHT;
    ts_running run = {
        .header = {left, right,
                   progress_is_sample(c->a) ? required_attr(c, h, "ejemplo") : NULL},
        .header_style = {st_left, st_right, st_sample},
        .footer = foot,
        .rule_width = 0,
    };
    if (typeset_style_by_id(c->ts, c->lay, "pie", &run.footer_style, c->d) != 0)
        return -1;
    if (layout_length(c->lay, h, "linea", &run.rule_width, c->d) < 0 ||
        layout_color(c->lay, h, "color-linea", &run.rule_color, c->d) < 0)
        return -1;
    return typeset_set_running(c->ts, &run);
}

/* ---- cover -------------------------------------------------------------- */

static void cover(pctx *c)
{
    const layout_node *n = layout_require(c->lay, "portada", NULL, c->d);
    char title[256], period[256], sample[256], note[512];
    expand(c, required_attr(c, n, "titulo"), title, sizeof title);
    expand(c, required_attr(c, n, "periodo"), period, sizeof period);
    expand(c, required_attr(c, n, "ejemplo"), sample, sizeof sample);

    typeset_numbering(c->ts, TS_NUM_NONE, 1);
    typeset_new_page(c->ts, TS_PAGE_BARE);
    typeset_bookmark(c->ts, 0, "Portada", false);
    /* Space before is dropped at the top of a page: reserve it instead. */
    ts_box box;
    typeset_reserve(c->ts, c->s.cover_inst.space_before, &box);
    typeset_paragraph(c->ts, &c->s.cover_inst, c->p->doc.institucion);
    typeset_paragraph(c->ts, &c->s.cover_title, title);
    typeset_paragraph(c->ts, &c->s.cover_period, period);
    if (progress_is_sample(c->a))
        typeset_paragraph(c->ts, &c->s.sample, sample);
    snprintf(note, sizeof note,
             "Secretaría Ejecutiva. Informe mensual de avance programático para la "
             "Comisión de Vigilancia de las Actividades Administrativas y Financieras, "
             "con corte al mes de %s de %d.",
             paa_month_name[c->r->corte - 1], c->p->anio);
    typeset_paragraph(c->ts, &c->s.cover_note, note);
    if (progress_note(c->a) != NULL)
        typeset_paragraph(c->ts, &c->s.cover_note, progress_note(c->a));
}

/* ---- executive summary --------------------------------------------------- */

static void counts_text(const progress_rollup *u, char *buf, size_t size)
{
    static const progress_state order[] = {
        PROGRESS_VERDE, PROGRESS_AMARILLO, PROGRESS_ROJO, PROGRESS_SOBRE,
        PROGRESS_SIN_PROGRAMACION, PROGRESS_SIN_DATOS};
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof order / sizeof order[0] && o < size; k++) {
        size_t n = u->count[order[k]];
        if (n == 0)
            continue;
        /* "206 en verde" but "29 sin programación". */
        bool colour = order[k] != PROGRESS_SIN_PROGRAMACION && order[k] != PROGRESS_SIN_DATOS;
        int w = snprintf(buf + o, size - o, "%s%zu %s%s", o ? ", " : "", n,
                         colour ? "en " : "", progress_state_word(order[k]));
        o += w > 0 ? (size_t)w : 0;
    }
}

static void summary_paragraph(pctx *c)
{
    const progress_rollup *u = &c->r->total;
    char counts[400], mean[32], text[900];
    counts_text(u, counts, sizeof counts);
    pct_or_dash(u->n_ratio > 0, u->mean_tenths, mean, sizeof mean);
    snprintf(text, sizeof text,
             "Al corte de %s de %d, de las %zu actividades del programa: %s. El "
             "cumplimiento promedio del periodo (enero a %s) de las %zu actividades "
             "con programación es de %s.",
             paa_month_name[c->r->corte - 1], c->p->anio, u->n, counts,
             paa_month_name[c->r->corte - 1], u->n_ratio, mean);
    typeset_paragraph(c->ts, &c->s.body, text);
}

/* One row of the summary table from a roll-up. */
static void summary_row(pctx *c, ts_table *t, const char *key, const char *name,
                        const progress_rollup *u, bool total)
{
    static const progress_state cols[] = {
        PROGRESS_SOBRE, PROGRESS_VERDE, PROGRESS_AMARILLO, PROGRESS_ROJO,
        PROGRESS_SIN_PROGRAMACION, PROGRESS_SIN_DATOS};
    char nums[7][24], mean[32];
    snprintf(nums[0], sizeof nums[0], "%zu", u->n);
    for (size_t k = 0; k < 6; k++)
        snprintf(nums[k + 1], sizeof nums[k + 1], "%zu", u->count[cols[k]]);
    pct_or_dash(u->n_ratio > 0, u->mean_tenths, mean, sizeof mean);
    const ts_style *txt = total ? &c->s.total : &c->s.cell;
    const ts_style *num = total ? &c->s.total_num : &c->s.num;
    ts_cell cells[SUMMARY_COLS] = {{key, txt, 1}, {name, txt, 1}};
    for (size_t k = 0; k < 7; k++)
        cells[2 + k] = (ts_cell){nums[k], num, 1};
    cells[9] = (ts_cell){mean, num, 1};
    typeset_table_row(t, TS_ROW_BODY, cells, SUMMARY_COLS);
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

/* Bar chart of the mean compliance by subprograma, drawn with libharu in
 * a box reserved from the engine: bars coloured by the semáforo of the
 * rounded mean, dashed lines at the green and yellow thresholds, the
 * value over each bar and the subprograma number under it. */
typedef struct {
    double alto, maximo, paso, label_w;
    layout_rgb axis, grid;
} chart_spec;

static int chart_spec_load(pctx *c, chart_spec *cs)
{
    const layout_node *n = layout_require(c->lay, "grafica", NULL, c->d);
    *cs = (chart_spec){.alto = 190, .maximo = 150, .paso = 25, .label_w = 30,
                       .axis = {0.25, 0.25, 0.25}, .grid = {0.85, 0.85, 0.85}};
    if (n == NULL || layout_length(c->lay, n, "alto", &cs->alto, c->d) < 0 ||
        layout_number(c->lay, n, "maximo", &cs->maximo, c->d) < 0 ||
        layout_number(c->lay, n, "paso", &cs->paso, c->d) < 0 ||
        layout_length(c->lay, n, "ancho-etiquetas", &cs->label_w, c->d) < 0 ||
        layout_color(c->lay, n, "color-eje", &cs->axis, c->d) < 0 ||
        layout_color(c->lay, n, "color-rejilla", &cs->grid, c->d) < 0)
        return -1;
    if (cs->paso <= 0 || cs->maximo < cs->paso) {
        layout_error(c->lay, n, c->d, "la gráfica necesita 0 < paso ≤ maximo");
        return -1;
    }
    return 0;
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

/* Threshold line with its label at the right end. */
static void threshold_line(pctx *c, const ts_box *b, const chart_spec *cs,
                           double x0, double y0, double h, paa_dec pct,
                           progress_state st)
{
    double v = paa_dec_to_double(pct);
    if (v > cs->maximo)
        return;
    double y = y0 + h * v / cs->maximo;
    HPDF_UINT16 dash[] = {3, 2};
    set_stroke(b->page, c->s.state_color[st], 0.8);
    HPDF_Page_SetDash(b->page, dash, 2, 0);
    hline(b->page, x0, b->x + b->width - CHART_RIGHT, y);
    HPDF_Page_SetDash(b->page, NULL, 0, 0);
    char label[48], num[PAA_DEC_BUFSZ];
    paa_dec_format(pct, false, num);
    snprintf(label, sizeof label, "%s %s %%", st == PROGRESS_SOBRE ? "sobre" : progress_state_word(st), num);
    ts_style st_label = c->s.chart;
    st_label.color = c->s.state_color[st];
    typeset_text_at(c->ts, b, &st_label, b->width - CHART_RIGHT + 3, y - b->y - 2.5,
                    CHART_RIGHT - 3, label);
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
                      "Cumplimiento promedio del periodo por subprograma");
    ts_box b;
    if (typeset_reserve(c->ts, cs.alto, &b) != 0)
        return;
    HPDF_Page pg = b.page;
    const double fs = c->s.chart.size;
    double x0 = b.x + cs.label_w, y0 = b.y + 2.6 * fs;   /* plot origin */
    double w = b.width - cs.label_w - CHART_RIGHT, h = b.height - 4 * fs;
    /* Grid and y labels every `paso` percent. */
    for (double v = 0; v <= cs.maximo + 1e-9; v += cs.paso) {
        double y = y0 + h * v / cs.maximo;
        set_stroke(pg, v == 0 ? cs.axis : cs.grid, v == 0 ? 0.8 : 0.4);
        hline(pg, x0, x0 + w, y);
        char lab[16];
        snprintf(lab, sizeof lab, "%.0f %%", v);
        double lw = typeset_text_width(c->ts, &c->s.chart, lab);
        typeset_text_at(c->ts, &b, &c->s.chart, cs.label_w - lw - 4, y - b.y - fs / 3,
                        cs.label_w, lab);
    }
    /* Thresholds first, so bars and their values are drawn over them. */
    threshold_line(c, &b, &cs, x0, y0, h, c->r->thr.sobre, PROGRESS_SOBRE);
    threshold_line(c, &b, &cs, x0, y0, h, c->r->thr.verde, PROGRESS_VERDE);
    threshold_line(c, &b, &cs, x0, y0, h, c->r->thr.amarillo, PROGRESS_AMARILLO);
    size_t n = c->p->n_subprogramas;
    double slot = n ? w / (double)n : w;
    for (size_t i = 0; i < n; i++) {
        const progress_rollup *u = &c->r->sub[i];
        double cx = x0 + slot * ((double)i + 0.5);
        const char *num = c->p->subprogramas[i].numero;
        double nw = typeset_text_width(c->ts, &c->s.chart, num);
        typeset_text_at(c->ts, &b, &c->s.chart, cx - b.x - nw / 2, 1.2 * fs, slot, num);
        if (u->n_ratio == 0)
            continue;   /* no programme up to the cut-off: no bar */
        progress_state st = progress_classify(u->mean_tenths, 1000, &c->r->thr);
        double v = (double)u->mean_tenths / 10.0;
        double bh = h * (v > cs.maximo ? cs.maximo : v) / cs.maximo;
        layout_rgb col = c->s.state_color[st];
        HPDF_Page_SetRGBFill(pg, (HPDF_REAL)col.r, (HPDF_REAL)col.g, (HPDF_REAL)col.b);
        HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - slot * 0.3), (HPDF_REAL)y0,
                            (HPDF_REAL)(slot * 0.6), (HPDF_REAL)bh);
        HPDF_Page_Fill(pg);
        char lab[32];
        progress_pct_format(u->mean_tenths, lab, sizeof lab);
        double lw = typeset_text_width(c->ts, &c->s.chart, lab);
        /* A white ground keeps the value legible over threshold lines. */
        HPDF_Page_SetRGBFill(pg, 1, 1, 1);
        HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - lw / 2 - 1), (HPDF_REAL)(y0 + bh + fs / 3 - 2),
                            (HPDF_REAL)(lw + 2), (HPDF_REAL)(fs + 1));
        HPDF_Page_Fill(pg);
        typeset_text_at(c->ts, &b, &c->s.chart, cx - b.x - lw / 2,
                        y0 + bh - b.y + fs / 3, slot, lab);
    }
    typeset_text_at(c->ts, &b, &c->s.chart, 0, 0.1 * fs, b.width,
                    "Subprograma (número). Barras: cumplimiento promedio del periodo; "
                    "color según el semáforo del promedio.");
}

static void method_notes(pctx *c)
{
    char v[PAA_DEC_BUFSZ], a[PAA_DEC_BUFSZ], s[PAA_DEC_BUFSZ], text[1200];
    const char *mes = paa_month_name[c->r->corte - 1];
    paa_dec_format(c->r->thr.verde, false, v);
    paa_dec_format(c->r->thr.amarillo, false, a);
    paa_dec_format(c->r->thr.sobre, false, s);
    typeset_paragraph(c->ts, &c->s.subtitle, "Notas metodológicas");
    snprintf(text, sizeof text,
             "Cumplimiento del periodo (%% periodo) = alcanzado acumulado de enero a %s "
             "entre programado acumulado del mismo periodo; avance anual (%% anual) = "
             "alcanzado acumulado entre la cantidad anual programada. Se calculan con "
             "aritmética decimal exacta y se redondean a un decimal (mitad hacia "
             "arriba) sólo al mostrarlos.", mes);
    typeset_paragraph(c->ts, &c->s.note, text);
    snprintf(text, sizeof text,
             "Semáforo del cumplimiento del periodo: sobrecumplimiento, más de %s %%; "
             "verde, de %s %% a %s %%; amarillo, desde %s %% y menos de %s %%; rojo, "
             "menos de %s %%. Toda actividad fuera de la banda verde, y toda actividad "
             "sin programación en el periodo con algo alcanzado, lleva justificación "
             "del área.", s, v, s, a, v, a);
    typeset_paragraph(c->ts, &c->s.note, text);
    typeset_paragraph(c->ts, &c->s.note,
                      "«Sin programación»: nada programado hasta el corte; no se divide "
                      "entre cero ni se supone 100 %. «Sin datos»: el programa no tiene la "
                      "cantidad de algún mes hasta el corte; «s/d» marca una cantidad "
                      "desconocida. Un mes sin reporte del área cuenta como alcanzado "
                      "cero; una actividad sin reporte se señala en su justificación.");
    typeset_paragraph(c->ts, &c->s.note,
                      "Agregación por proyecto, subprograma e Instituto: número de "
                      "actividades en cada estado del semáforo y cumplimiento promedio, "
                      "que es la media aritmética del cumplimiento exacto de las "
                      "actividades con programación hasta el corte, redondeada una sola "
                      "vez. Las cantidades no se suman entre actividades porque están en "
                      "unidades de medida distintas.");
    if (progress_is_sample(c->a))
        typeset_paragraph(c->ts, &c->s.note,
                          "DATOS DE EJEMPLO: las cantidades alcanzadas y las "
                          "justificaciones de este informe fueron generadas para revisar "
                          "su formato; no son cifras reales del Instituto.");
}

static void executive_summary(pctx *c)
{
    typeset_numbering(c->ts, TS_NUM_ARABIC, 1);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, "Resumen ejecutivo", true);
    typeset_paragraph(c->ts, &c->s.title, "Resumen ejecutivo");
    summary_paragraph(c);
    if (summary_table(c) != 0) {
        c->failed = true;
        return;
    }
    chart(c);
    method_notes(c);
    size_t n;
    const char *const *remarks = progress_remarks(c->a, &n);
    if (n > 0)
        typeset_paragraph(c->ts, &c->s.subtitle, "Observaciones");
    for (size_t i = 0; i < n; i++)
        typeset_paragraph(c->ts, &c->s.body, remarks[i]);
}

/* ---- detail per subprograma ---------------------------------------------- */

static void detail_row(pctx *c, ts_table *t, const progress_row *r)
{
    char q[4][PAA_DEC_BUFSZ], pp[32], pa[32];
    quantity(r->prog_mes_known, r->prog_mes, q[0]);
    quantity(true, r->alc_mes, q[1]);
    quantity(r->prog_acum_known, r->prog_acum, q[2]);
    quantity(true, r->alc_acum, q[3]);
    pct_or_dash(r->has_periodo, r->periodo_tenths, pp, sizeof pp);
    pct_or_dash(r->has_anual, r->anual_tenths, pa, sizeof pa);
    const char *just = !r->reported ? "Sin reporte del área (alcanzado cero)."
                                    : r->justificacion;
    ts_cell cells[DETAIL_COLS] = {
        {r->act->clave, &c->s.center, 1},
        {r->act->descripcion, &c->s.cell, 1},
        {r->act->unidad, &c->s.cell, 1},
        {q[0], &c->s.num, 1},
        {q[1], &c->s.num, 1},
        {q[2], &c->s.num, 1},
        {q[3], &c->s.num, 1},
        {pp, &c->s.num, 1},
        {pa, &c->s.num, 1},
        {progress_state_word(r->state), &c->s.state[r->state], 1},
        {just, &c->s.cell, 1},
    };
    typeset_table_row(t, TS_ROW_BODY, cells, DETAIL_COLS);
}

/* "n actividades: … · cumplimiento promedio 93.4 %" */
static void rollup_line(const progress_rollup *u, char *buf, size_t size)
{
    char counts[400], mean[32];
    counts_text(u, counts, sizeof counts);
    pct_or_dash(u->n_ratio > 0, u->mean_tenths, mean, sizeof mean);
    snprintf(buf, size, "%zu %s: %s · cumplimiento promedio %s", u->n,
             u->n == 1 ? "actividad" : "actividades", counts, mean);
}

static void subprograma(pctx *c, size_t i, size_t *proy)
{
    const paa_subprograma *s = &c->p->subprogramas[i];
    char title[900], line[600];
    snprintf(title, sizeof title, "Subprograma %s. %s", s->numero, s->descripcion);
    typeset_new_page(c->ts, 0);
    typeset_bookmark(c->ts, 0, title, false);
    typeset_paragraph(c->ts, &c->s.title, title);
    snprintf(line, sizeof line, "Área responsable: %s", s->area);
    typeset_paragraph(c->ts, &c->s.body, line);
    rollup_line(&c->r->sub[i], line, sizeof line);
    typeset_paragraph(c->ts, &c->s.body, line);

    double widths[DETAIL_COLS];
    const char *titles[DETAIL_COLS];
    ts_table_spec spec;
    ts_table *t = NULL;
    if (table_spec(c, "detalle", widths, titles, DETAIL_COLS, &spec) != 0 ||
        typeset_table_begin(c->ts, &spec, &t) != 0) {
        c->failed = true;
        return;
    }
    for (size_t j = 0; j < s->n_proyectos; j++, (*proy)++) {
        const paa_proyecto *pr = &s->proyectos[j];
        char head[900], bm[600];
        rollup_line(&c->r->proy[*proy], line, sizeof line);
        snprintf(head, sizeof head, "Proyecto %s. %s — %s", pr->clave, pr->nombre, line);
        snprintf(bm, sizeof bm, "Proyecto %s. %s", pr->clave, pr->nombre);
        ts_cell cell = {head, &c->s.group, DETAIL_COLS};
        ts_row_opts o = {.kind = TS_ROW_GROUP, .bookmark = bm, .bookmark_level = 1};
        typeset_table_row_opts(t, &o, &cell, 1);
        size_t first = c->r->proy_first[*proy], end = c->r->proy_first[*proy + 1];
        for (size_t k = first; k < end; k++)
            detail_row(c, t, &c->r->rows[k]);
    }
    typeset_table_end(t);
}

/* ---- entry point ----------------------------------------------------------- */

static void document(pctx *c)
{
    if (load_styles(c) != 0 || running_texts(c) != 0) {
        c->failed = true;
        return;
    }
    char title[256];
    snprintf(title, sizeof title,
             "Informe de avance del Programa Anual de Actividades %d, %s", c->p->anio,
             c->period);
    typeset_set_info(c->ts, title, c->p->doc.institucion,
                     progress_is_sample(c->a)
                         ? "Programado contra alcanzado (DATOS DE EJEMPLO)"
                         : "Programado contra alcanzado",
                     "PAA, informe de avance, semáforo");
    cover(c);
    executive_summary(c);
    size_t proy = 0;
    for (size_t i = 0; i < c->p->n_subprogramas && !c->failed; i++)
        subprograma(c, i, &proy);
}

int progress_render_pdf(const progress *a, const paa_programa *p,
                        const progress_report *r, const layout *lay,
                        long long epoch, const char *out_path, diag_list *d)
{
    pctx c = {.a = a, .p = p, .r = r, .lay = lay, .d = d};
    progress_period(a, c.period, sizeof c.period);

    ts_page_spec page;
    const layout_node *pn = layout_require(lay, "pagina", NULL, d);
    int rc = -1;
    if (pn != NULL && typeset_page_spec_load(lay, pn, &page, d) == 0 &&
        typeset_open(&c.ts, &page, epoch, d) == 0) {
        if (typeset_fonts_load(c.ts, lay, d) == 0)
            document(&c);
        if (!c.failed && !typeset_failed(c.ts))
            rc = typeset_save(c.ts, out_path, d);
        typeset_close(c.ts);
    }
    return rc;
}
