/*
 * progress_xlsx: the progress report as an Excel workbook (libxlsxwriter).
 *
 * Sheets: a summary per subprograma (counts per semáforo state and the
 * mean compliance, as COUNTIFS/AVERAGEIFS formulas over the detail sheet,
 * with two charts), the same per proyecto, and the detail: one row per
 * activity with the quantities as numbers and % periodo / % anual as
 * formulas over them. Every formula carries its cached value, so readers
 * that do not recalculate (viewers, openpyxl) see the figures. The
 * semáforo word is a value, not a formula: it is decided with exact
 * decimals (progress.c), which spreadsheet floating point cannot repeat
 * at the thresholds. Styling comes from the <libro> and <semaforo>
 * elements of layouts/avance.xml.
 */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "outfile.h"

/* Columns of the detail sheet, in order (the layout gives 14 titles). */
enum {
    C_CLAVE, C_SUB, C_PROY, C_ACT, C_UNIDAD, C_ANUAL, C_PROG_MES, C_ALC_MES,
    C_PROG_ACUM, C_ALC_ACUM, C_PCT_PERIODO, C_PCT_ANUAL, C_SEMAFORO, C_JUST,
    N_DETAIL_COLS
};

#define DETAIL_HEADER_ROW 3      /* 0-based; data starts below it */
#define SUMMARY_HEADER_ROW 5
#define N_SUMMARY_COLS 11

typedef struct {
    const progress *a;
    const paa_programa *p;
    const progress_report *r;
    const layout *lay;
    diag_list *d;
    lxw_workbook *wb;
    bool failed;
    char period[64];             /* "enero–junio" */
    const char *detail_name;
    lxw_format *title, *subtitle, *sample, *note, *header, *text, *center,
        *pct, *total, *total_pct, *missing;
    lxw_format *num[PAA_DEC_DIGITS + 1];   /* by decimals shown */
    lxw_format *state_fill[PROGRESS_NSTATES];
    lxw_color_t state_color[PROGRESS_NSTATES];
    lxw_color_t header_fill;
} xctx;

/* Records the first libxlsxwriter failure as an "xlsx" diagnostic. */
static bool ok(xctx *x, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR)
        return true;
    if (!x->failed)
        diag_add(x->d, "xlsx", NULL, 0, NULL, "%s: %s", what, lxw_strerror(e));
    x->failed = true;
    return false;
}

static void fail(xctx *x, const char *fmt, ...)
{
    if (!x->failed) {
        va_list ap;
        va_start(ap, fmt);
        diag_vadd(x->d, "xlsx", NULL, 0, NULL, fmt, ap);
        va_end(ap);
    }
    x->failed = true;
}

static lxw_color_t rgb(layout_rgb c)
{
    return ((lxw_color_t)(c.r * 255 + 0.5) << 16) |
           ((lxw_color_t)(c.g * 255 + 0.5) << 8) | (lxw_color_t)(c.b * 255 + 0.5);
}

/* A colour attribute of the layout (required by the schema). */
static lxw_color_t color_attr(xctx *x, const layout_node *n, const char *name)
{
    layout_rgb c = {0, 0, 0};
    if (layout_color(x->lay, n, name, &c, x->d) != 0)
        x->failed = true;
    return rgb(c);
}

/* ---- formats ------------------------------------------------------------ */

static lxw_format *cell_format(xctx *x, const char *font, double size)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (f == NULL) {
        fail(x, "memoria insuficiente para los formatos del libro");
        return NULL;
    }
    format_set_font_name(f, font);
    format_set_font_size(f, size);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    return f;
}

static void make_formats(xctx *x, const layout_node *book)
{
    const char *font = layout_attr(book, "fuente");
    double size = 9;
    if (layout_number(x->lay, book, "tamano", &size, x->d) < 0)
        x->failed = true;
    x->header_fill = color_attr(x, book, "color-encabezado");
    lxw_color_t header_text = color_attr(x, book, "color-letra-encabezado");

    x->title = workbook_add_format(x->wb);
    x->subtitle = workbook_add_format(x->wb);
    x->sample = workbook_add_format(x->wb);
    x->note = workbook_add_format(x->wb);
    x->header = cell_format(x, font, size);
    x->text = cell_format(x, font, size);
    x->center = cell_format(x, font, size);
    x->pct = cell_format(x, font, size);
    x->total = cell_format(x, font, size);
    x->total_pct = cell_format(x, font, size);
    x->missing = cell_format(x, font, size);
    if (x->failed || !x->title || !x->subtitle || !x->sample || !x->note) {
        fail(x, "memoria insuficiente para los formatos del libro");
        return;
    }
    format_set_font_name(x->title, font);
    format_set_font_size(x->title, size + 4);
    format_set_bold(x->title);
    format_set_font_name(x->subtitle, font);
    format_set_font_size(x->subtitle, size + 1);
    format_set_font_color(x->subtitle, x->header_fill);
    format_set_bold(x->subtitle);
    format_set_font_name(x->sample, font);
    format_set_font_size(x->sample, size + 2);
    format_set_bold(x->sample);
    format_set_font_color(x->sample, 0xC00000);
    format_set_font_name(x->note, font);
    format_set_font_size(x->note, size - 1);
    format_set_italic(x->note);
    format_set_font_color(x->note, 0x404040);

    format_set_bold(x->header);
    format_set_bg_color(x->header, x->header_fill);
    format_set_font_color(x->header, header_text);
    format_set_align(x->header, LXW_ALIGN_CENTER);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(x->center, LXW_ALIGN_CENTER);
    format_set_num_format(x->pct, "0.0%");
    format_set_align(x->missing, LXW_ALIGN_RIGHT);
    format_set_font_color(x->missing, 0x7F7F7F);
    format_set_bold(x->total);
    format_set_bg_color(x->total, 0xD9D9D9);
    format_set_bold(x->total_pct);
    format_set_bg_color(x->total_pct, 0xD9D9D9);
    format_set_num_format(x->total_pct, "0.0%");

    /* Quantities keep the decimals they have: 4060, 0.08, 0.125. */
    static const char *const num_formats[PAA_DEC_DIGITS + 1] = {
        "#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000"};
    for (int k = 0; k <= PAA_DEC_DIGITS; k++) {
        x->num[k] = cell_format(x, font, size);
        if (x->num[k] != NULL)
            format_set_num_format(x->num[k], num_formats[k]);
    }
}

/* Fills of the semáforo states, for the conditional formats. */
static void make_state_formats(xctx *x)
{
    for (int s = 0; s < PROGRESS_NSTATES; s++) {
        const layout_node *n = layout_find(x->lay, "estado", progress_state_id(s));
        if (n == NULL) {
            fail(x, "el diseño no define el estado «%s» del semáforo",
                 progress_state_id(s));
            return;
        }
        x->state_color[s] = color_attr(x, n, "color");
        x->state_fill[s] = workbook_add_format(x->wb);
        if (x->state_fill[s] == NULL) {
            fail(x, "memoria insuficiente para los formatos del libro");
            return;
        }
        format_set_bg_color(x->state_fill[s], color_attr(x, n, "relleno"));
        format_set_bold(x->state_fill[s]);
    }
}

/* ---- cells ---------------------------------------------------------------- */

static int decimals_of(paa_dec v)
{
    int k = PAA_DEC_DIGITS;
    paa_dec frac = (v < 0 ? -v : v) % PAA_DEC_SCALE;
    if (frac == 0)
        return 0;
    while (frac % 10 == 0) {
        frac /= 10;
        k--;
    }
    return k;
}

static void put_string(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       const char *s, lxw_format *f)
{
    /* libxlsxwriter refuses "": an empty text is a formatted blank. */
    if (s == NULL || s[0] == '\0')
        ok(x, worksheet_write_blank(ws, row, col, f), "celda vacía");
    else
        ok(x, worksheet_write_string(ws, row, col, s, f), "texto de celda");
}

/* A quantity, or "s/d" when the programme does not know it. */
static void put_quantity(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, bool known, paa_dec v)
{
    if (!known)
        put_string(x, ws, row, col, "s/d", x->missing);
    else
        ok(x, worksheet_write_number(ws, row, col, paa_dec_to_double(v),
                                     x->num[decimals_of(v)]),
           "cantidad");
}

/* A formula with its cached result: a number, or "" (no ratio). */
static void put_formula(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *formula, lxw_format *f, bool has_value,
                        double value)
{
    if (has_value)
        ok(x, worksheet_write_formula_num(ws, row, col, formula, f, value), formula);
    else
        ok(x, worksheet_write_formula_str(ws, row, col, formula, f, ""), formula);
}

static void col_name(lxw_col_t col, char *buf)
{
    buf[0] = (char)('A' + col);   /* every sheet here has < 26 columns */
    buf[1] = '\0';
}

/* Excel ratio of a row as a spreadsheet computes it (cached value). */
static double ratio(paa_dec num, paa_dec den)
{
    return paa_dec_to_double(num) / paa_dec_to_double(den);
}

/* ---- print setup ------------------------------------------------------------ */

static void print_setup(xctx *x, lxw_worksheet *ws, const layout_node *book,
                        lxw_row_t repeat_row)
{
    const char *paper = layout_attr(book, "papel");
    const char *orient = layout_attr(book, "orientacion");
    /* Excel paper codes: 1 letter, 5 legal, 9 A4. */
    uint8_t code = 1;
    if (paper != NULL && strcmp(paper, "oficio") == 0)
        code = 5;
    else if (paper != NULL && strcmp(paper, "a4") == 0)
        code = 9;
    worksheet_set_paper(ws, code);
    if (orient == NULL || strcmp(orient, "horizontal") == 0)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.6);
    ok(x, worksheet_repeat_rows(ws, repeat_row, repeat_row), "filas repetidas");

    /* "&" starts a code in Excel headers: the period has none. */
    char header[160];
    snprintf(header, sizeof header, "&L&8Informe de avance %d · %s&R&8%s",
             x->p->anio, x->period, progress_is_sample(x->a)
                                          ? "DATOS DE EJEMPLO" : "");
    ok(x, worksheet_set_header(ws, header), "encabezado de impresión");
    ok(x, worksheet_set_footer(ws, "&C&8Página &P de &N"), "pie de impresión");
}

/* Title lines shared by every sheet; returns the next free row. */
static lxw_row_t sheet_title(xctx *x, lxw_worksheet *ws, const char *what)
{
    char buf[256];
    snprintf(buf, sizeof buf,
             "Informe de avance del Programa Anual de Actividades %d, %s",
             x->p->anio, x->period);
    put_string(x, ws, 0, 0, buf, x->title);
    snprintf(buf, sizeof buf, "%s · %s", x->p->doc.institucion, what);
    put_string(x, ws, 1, 0, buf, x->subtitle);
    if (progress_is_sample(x->a))
        put_string(x, ws, 2, 0,
                   "DATOS DE EJEMPLO: las cantidades alcanzadas no son cifras "
                   "reales del Instituto.", x->sample);
    return 3;
}

/* ---- detail sheet -------------------------------------------------------------- */

static void detail_row(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                       const progress_row *pr)
{
    const paa_actividad *act = pr->act;
    char f[160];
    unsigned n = (unsigned)row + 1;   /* Excel row number */
    put_string(x, ws, row, C_CLAVE, act->clave, x->center);
    put_string(x, ws, row, C_SUB, act->proyecto->subprograma->numero, x->center);
    put_string(x, ws, row, C_PROY, act->proyecto->clave, x->center);
    put_string(x, ws, row, C_ACT, act->descripcion, x->text);
    put_string(x, ws, row, C_UNIDAD, act->unidad, x->text);
    put_quantity(x, ws, row, C_ANUAL, pr->anual_known, pr->anual);
    put_quantity(x, ws, row, C_PROG_MES, pr->prog_mes_known, pr->prog_mes);
    put_quantity(x, ws, row, C_ALC_MES, true, pr->alc_mes);
    put_quantity(x, ws, row, C_PROG_ACUM, pr->prog_acum_known, pr->prog_acum);
    put_quantity(x, ws, row, C_ALC_ACUM, true, pr->alc_acum);
    /* N() turns "s/d" into 0, so unknown and zero both give no ratio. */
    snprintf(f, sizeof f, "=IF(N(I%u)>0,J%u/I%u,\"\")", n, n, n);
    put_formula(x, ws, row, C_PCT_PERIODO, f, x->pct, pr->has_periodo,
                pr->has_periodo ? ratio(pr->alc_acum, pr->prog_acum) : 0);
    snprintf(f, sizeof f, "=IF(N(F%u)>0,J%u/F%u,\"\")", n, n, n);
    put_formula(x, ws, row, C_PCT_ANUAL, f, x->pct, pr->has_anual,
                pr->has_anual ? ratio(pr->alc_acum, pr->anual) : 0);
    put_string(x, ws, row, C_SEMAFORO, progress_state_word(pr->state), x->center);
    put_string(x, ws, row, C_JUST,
               pr->reported ? pr->justificacion
                            : "Sin reporte del área: se cuenta como alcanzado cero.",
               x->text);
}

static void detail_conditional_formats(xctx *x, lxw_worksheet *ws,
                                       lxw_row_t first, lxw_row_t last)
{
    for (int s = 0; s < PROGRESS_NSTATES; s++) {
        char value[64];
        snprintf(value, sizeof value, "\"%s\"", progress_state_word(s));
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
            .value_string = value,
            .format = x->state_fill[s],
        };
        ok(x, worksheet_conditional_format_range(ws, first, C_SEMAFORO, last,
                                                 C_SEMAFORO, &cf),
           "formato condicional del semáforo");
    }
}

/* Adds the sheet described by layout element `element` (its name from the
 * attribute nombre) with its title row; NULL after reporting a failure. */
static lxw_worksheet *add_sheet(xctx *x, const char *element, const char *title,
                                const layout_node **spec_out)
{
    const layout_node *spec = layout_find(x->lay, element, NULL);
    if (spec == NULL) {
        fail(x, "el diseño no tiene <%s>", element);
        return NULL;
    }
    const char *name = layout_attr(spec, "nombre");
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws == NULL) {
        fail(x, "no se pudo crear la hoja «%s»", name);
        return NULL;
    }
    sheet_title(x, ws, title);
    *spec_out = spec;
    return ws;
}

static void write_detail(xctx *x, const layout_node *book)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "detalle", "detalle por actividad", &spec);
    if (ws == NULL)
        return;
    lxw_col_t col = 0;
    for (const layout_node *c = layout_child(spec, "columna", NULL);
         c != NULL && col < N_DETAIL_COLS; c = layout_child(spec, "columna", c), col++) {
        double width = 10;
        if (layout_number(x->lay, c, "ancho", &width, x->d) < 0)
            x->failed = true;
        ok(x, worksheet_set_column(ws, col, col, width, NULL), "ancho de columna");
        put_string(x, ws, DETAIL_HEADER_ROW, col, layout_attr(c, "titulo"), x->header);
    }
    ok(x, worksheet_set_row(ws, DETAIL_HEADER_ROW, 30, NULL), "alto del encabezado");
    lxw_row_t row = DETAIL_HEADER_ROW + 1;
    for (size_t i = 0; i < x->r->n_rows && !x->failed; i++)
        detail_row(x, ws, row++, &x->r->rows[i]);
    lxw_row_t last = row > DETAIL_HEADER_ROW + 1 ? row - 1 : DETAIL_HEADER_ROW + 1;
    detail_conditional_formats(x, ws, DETAIL_HEADER_ROW + 1, last);
    worksheet_freeze_panes(ws, DETAIL_HEADER_ROW + 1, C_SUB);
    ok(x, worksheet_autofilter(ws, DETAIL_HEADER_ROW, 0, last, N_DETAIL_COLS - 1),
       "autofiltro");
    print_setup(x, ws, book, DETAIL_HEADER_ROW);
}

/* ---- roll-up sheets --------------------------------------------------------------- */

/* One group of a roll-up table: the key as written in the detail sheet's
 * key column, its name, its rows and its computed roll-up. */
typedef struct {
    const char *key, *name;
    const progress_row *rows;
    size_t n;
    const progress_rollup *u;
} group;

static const char *const summary_titles[N_SUMMARY_COLS] = {
    "Clave", "Nombre", "Actividades", "Sobrecumplimiento", "Verde", "Amarillo",
    "Rojo", "Sin programación", "Sin datos", "Con % periodo",
    "Cumplimiento promedio"};
static const double summary_widths[N_SUMMARY_COLS] = {8, 60, 11, 11, 9, 9, 9,
                                                      11, 9, 10, 13};
/* Column of each state in the table (D … I). */
static const progress_state column_state[6] = {
    PROGRESS_SOBRE, PROGRESS_VERDE, PROGRESS_AMARILLO, PROGRESS_ROJO,
    PROGRESS_SIN_PROGRAMACION, PROGRESS_SIN_DATOS};

/* Mean of the rows' ratios in binary floating point: the value a
 * spreadsheet computes for AVERAGEIFS, cached with the formula. */
static double float_mean(const progress_row *rows, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].has_periodo) {
            sum += ratio(rows[i].alc_acum, rows[i].prog_acum);
            k++;
        }
    return k ? sum / (double)k : 0;
}

static void rollup_row(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                       const group *g, char key_col, lxw_format *text,
                       lxw_format *pct)
{
    char f[400], rng_key[64], rng_pct[64], rng_state[64];
    unsigned first = DETAIL_HEADER_ROW + 2, last = DETAIL_HEADER_ROW + 1 + (unsigned)x->r->n_rows;
    const char *d = x->detail_name;
    snprintf(rng_key, sizeof rng_key, "'%s'!$%c$%u:$%c$%u", d, key_col, first, key_col, last);
    snprintf(rng_pct, sizeof rng_pct, "'%s'!$K$%u:$K$%u", d, first, last);
    snprintf(rng_state, sizeof rng_state, "'%s'!$M$%u:$M$%u", d, first, last);
    unsigned n = (unsigned)row + 1;

    put_string(x, ws, row, 0, g->key, text);
    put_string(x, ws, row, 1, g->name, text);
    snprintf(f, sizeof f, "=COUNTIFS(%s,$A%u)", rng_key, n);
    put_formula(x, ws, row, 2, f, text, true, (double)g->u->n);
    for (int k = 0; k < 6; k++) {
        snprintf(f, sizeof f, "=COUNTIFS(%s,$A%u,%s,\"%s\")", rng_key, n, rng_state,
                 progress_state_word(column_state[k]));
        put_formula(x, ws, row, (lxw_col_t)(3 + k), f, text, true,
                    (double)g->u->count[column_state[k]]);
    }
    snprintf(f, sizeof f, "=SUMPRODUCT((%s=$A%u)*ISNUMBER(%s))", rng_key, n, rng_pct);
    put_formula(x, ws, row, 9, f, text, true, (double)g->u->n_ratio);
    snprintf(f, sizeof f, "=IF(J%u>0,AVERAGEIFS(%s,%s,$A%u),\"\")", n, rng_pct, rng_key, n);
    put_formula(x, ws, row, 10, f, pct, g->u->n_ratio > 0, float_mean(g->rows, g->n));
}

static void total_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_row_t first)
{
    char f[200];
    const progress_rollup *u = &x->r->total;
    unsigned a = (unsigned)first + 1, b = (unsigned)row;
    put_string(x, ws, row, 0, "Total", x->total);
    put_string(x, ws, row, 1, x->p->doc.institucion, x->total);
    double cached[8] = {(double)u->n};
    for (int k = 0; k < 6; k++)
        cached[1 + k] = (double)u->count[column_state[k]];
    cached[7] = (double)u->n_ratio;
    for (lxw_col_t c = 2; c <= 9; c++) {
        char col[2];
        col_name(c, col);
        snprintf(f, sizeof f, "=SUM(%s%u:%s%u)", col, a, col, b);
        put_formula(x, ws, row, c, f, x->total, true, cached[c - 2]);
    }
    snprintf(f, sizeof f, "=IF(J%u>0,AVERAGE('%s'!$K$%u:$K$%u),\"\")", b + 1,
             x->detail_name, DETAIL_HEADER_ROW + 2,
             DETAIL_HEADER_ROW + 1 + (unsigned)x->r->n_rows);
    put_formula(x, ws, row, 10, f, x->total_pct, u->n_ratio > 0,
                float_mean(x->r->rows, x->r->n_rows));
}

/* Header and groups of a roll-up table; returns the row after it. */
static lxw_row_t rollup_table(xctx *x, lxw_worksheet *ws, const group *groups,
                              size_t n, char key_col, bool with_total)
{
    for (lxw_col_t c = 0; c < N_SUMMARY_COLS; c++) {
        ok(x, worksheet_set_column(ws, c, c, summary_widths[c], NULL), "ancho de columna");
        put_string(x, ws, SUMMARY_HEADER_ROW, c, summary_titles[c], x->header);
    }
    ok(x, worksheet_set_row(ws, SUMMARY_HEADER_ROW, 30, NULL), "alto del encabezado");
    lxw_row_t row = SUMMARY_HEADER_ROW + 1;
    for (size_t i = 0; i < n && !x->failed; i++)
        rollup_row(x, ws, row++, &groups[i], key_col, x->text, x->pct);
    if (with_total)
        total_row(x, ws, row++, SUMMARY_HEADER_ROW + 1);
    worksheet_freeze_panes(ws, SUMMARY_HEADER_ROW + 1, 0);
    return row;
}

/* Notes on the method, under a table. */
static lxw_row_t method_notes(xctx *x, lxw_worksheet *ws, lxw_row_t row)
{
    char v[32], a[32], s[32], buf[600];
    paa_dec_format(x->r->thr.verde, false, v);
    paa_dec_format(x->r->thr.amarillo, false, a);
    paa_dec_format(x->r->thr.sobre, false, s);
    snprintf(buf, sizeof buf,
             "Semáforo del cumplimiento del periodo (alcanzado acumulado / programado "
             "acumulado, enero a %s): sobrecumplimiento más de %s %%; verde de %s %% a "
             "%s %%; amarillo desde %s %%; rojo debajo de %s %%. Calculado con "
             "aritmética decimal exacta.",
             paa_month_name[x->r->corte - 1], s, v, s, a, a);
    put_string(x, ws, row++, 0, buf, x->note);
    put_string(x, ws, row++, 0,
               "Cumplimiento promedio: media aritmética del cumplimiento de las "
               "actividades con programación hasta el corte; las cantidades no se "
               "suman entre actividades porque tienen unidades distintas.", x->note);
    put_string(x, ws, row++, 0,
               "«Sin programación»: nada programado hasta el corte; «sin datos»: el "
               "programa no tiene la cantidad de algún mes; «s/d»: cantidad "
               "desconocida. Un mes sin reporte cuenta como alcanzado cero.", x->note);
    return row;
}

static lxw_chart *new_chart(xctx *x, uint8_t type, const char *title)
{
    lxw_chart *c = workbook_add_chart(x->wb, type);
    if (c == NULL) {
        fail(x, "no se pudo crear la gráfica «%s»", title);
        return NULL;
    }
    chart_title_set_name(c, title);
    return c;
}

/* Compliance by subprograma, and activities per state (stacked). */
static void summary_charts(xctx *x, lxw_worksheet *ws, const char *sheet,
                           lxw_row_t at, size_t n)
{
    lxw_row_t first = SUMMARY_HEADER_ROW + 1, last = SUMMARY_HEADER_ROW + (lxw_row_t)n;
    lxw_chart *bars = new_chart(x, LXW_CHART_COLUMN,
                                "Cumplimiento promedio por subprograma");
    lxw_chart *stack = new_chart(x, LXW_CHART_BAR_STACKED,
                                 "Actividades por estado del semáforo");
    if (bars == NULL || stack == NULL)
        return;
    lxw_chart_series *s = chart_add_series(bars, NULL, NULL);
    if (s == NULL) {
        fail(x, "no se pudo crear la serie de la gráfica");
        return;
    }
    chart_series_set_categories(s, sheet, first, 0, last, 0);
    chart_series_set_values(s, sheet, first, 10, last, 10);
    chart_series_set_name(s, "Cumplimiento promedio");
    lxw_chart_fill fill = {.color = x->header_fill};
    chart_series_set_fill(s, &fill);
    chart_legend_set_position(bars, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(bars->y_axis, "0%");
    chart_axis_set_name(bars->x_axis, "Subprograma");

    for (int k = 0; k < 6; k++) {
        lxw_chart_series *t = chart_add_series(stack, NULL, NULL);
        if (t == NULL) {
            fail(x, "no se pudo crear la serie de la gráfica");
            return;
        }
        chart_series_set_categories(t, sheet, first, 0, last, 0);
        chart_series_set_values(t, sheet, first, (lxw_col_t)(3 + k), last,
                                (lxw_col_t)(3 + k));
        chart_series_set_name_range(t, sheet, SUMMARY_HEADER_ROW, (lxw_col_t)(3 + k));
        lxw_chart_fill sf = {.color = x->state_color[column_state[k]]};
        chart_series_set_fill(t, &sf);
    }
    chart_axis_set_reverse(stack->x_axis);
    chart_legend_set_position(stack, LXW_CHART_LEGEND_BOTTOM);

    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.3};
    ok(x, worksheet_insert_chart_opt(ws, at, 1, bars, &opt), "gráfica de cumplimiento");
    ok(x, worksheet_insert_chart_opt(ws, at + 22, 1, stack, &opt), "gráfica de estados");
}

static void write_summary(xctx *x, const layout_node *book)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "resumen", "resumen por subprograma", &spec);
    if (ws == NULL)
        return;
    const char *name = layout_attr(spec, "nombre");
    size_t n = x->p->n_subprogramas;
    group *groups = calloc(n + 1, sizeof *groups);
    if (groups == NULL) {
        fail(x, "memoria insuficiente");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        size_t first = x->r->sub_first[i];
        groups[i] = (group){s->numero, s->descripcion, x->r->rows + first,
                            x->r->sub_first[i + 1] - first, &x->r->sub[i]};
    }
    lxw_row_t row = rollup_table(x, ws, groups, n, 'B', true);
    free(groups);
    row = method_notes(x, ws, row + 1);
    summary_charts(x, ws, name, row + 1, n);
    print_setup(x, ws, book, SUMMARY_HEADER_ROW);
    worksheet_activate(ws);
}

static void write_projects(xctx *x, const layout_node *book)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "proyectos", "resumen por proyecto", &spec);
    if (ws == NULL)
        return;
    size_t n = model_count_proyectos(x->p), k = 0;
    group *groups = calloc(n + 1, sizeof *groups);
    if (groups == NULL) {
        fail(x, "memoria insuficiente");
        return;
    }
    for (size_t i = 0; i < x->p->n_subprogramas; i++)
        for (size_t j = 0; j < x->p->subprogramas[i].n_proyectos; j++, k++) {
            const paa_proyecto *pr = &x->p->subprogramas[i].proyectos[j];
            size_t first = x->r->proy_first[k];
            groups[k] = (group){pr->clave, pr->nombre, x->r->rows + first,
                                x->r->proy_first[k + 1] - first, &x->r->proy[k]};
        }
    rollup_table(x, ws, groups, n, 'C', false);
    free(groups);
    print_setup(x, ws, book, SUMMARY_HEADER_ROW);
}

/* ---- workbook ----------------------------------------------------------------------- */

static void set_properties(xctx *x, long long epoch)
{
    char title[200];
    snprintf(title, sizeof title, "Informe de avance del Programa Anual de Actividades %d, %s",
             x->p->anio, x->period);
    lxw_doc_properties props = {
        .title = title,
        .subject = progress_is_sample(x->a) ? "Programado contra alcanzado (DATOS DE EJEMPLO)"
                                            : "Programado contra alcanzado",
        .author = (char *)x->p->doc.institucion,
        .company = (char *)x->p->doc.institucion,
        .keywords = "PAA, informe de avance, semáforo",
        /* 0 would mean "now" to libxlsxwriter: never the clock. */
        .created = epoch != 0 ? (time_t)epoch : 1,
    };
    ok(x, workbook_set_properties(x->wb, &props), "propiedades del libro");
}

int progress_render_xlsx(const progress *a, const paa_programa *p,
                         const progress_report *r, const layout *lay,
                         long long epoch, const char *out_path, diag_list *d)
{
    xctx x = {.a = a, .p = p, .r = r, .lay = lay, .d = d};
    progress_period(a, x.period, sizeof x.period);

    const layout_node *book = layout_require(lay, "libro", NULL, d);
    outfile o;
    if (book == NULL || outfile_open(&o, out_path, 0, d) != 0)
        return -1;
    x.wb = workbook_new(o.tmp);
    if (x.wb == NULL) {
        fail(&x, "no se pudo crear el libro %s", out_path);
    } else {
        set_properties(&x, epoch);
        make_formats(&x, book);
        make_state_formats(&x);
        /* The detail comes first in code (its name is needed by the
         * formulas) but the summary is the active, first-shown sheet. */
        const layout_node *spec = layout_find(lay, "detalle", NULL);
        x.detail_name = spec != NULL ? layout_attr(spec, "nombre") : NULL;
        if (!x.failed && x.detail_name != NULL) {
            write_summary(&x, book);
            write_projects(&x, book);
            write_detail(&x, book);
        }
        lxw_error e = workbook_close(x.wb);
        if (e != LXW_NO_ERROR)
            ok(&x, e, "no se pudo escribir el libro");
    }
    if (x.failed) {
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, d);
}
