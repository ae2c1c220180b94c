/*
 * avance_xlsx: the avance report as an Excel workbook (libxlsxwriter).
 *
 * Sheets: a summary per subprograma (counts per semáforo state, the share
 * in green or better, the sin programación with something achieved, the
 * cut-off quarter's block and last the mean compliance capped at 100 %
 * per activity, with two charts on a page of their own), the same per
 * proyecto, the detail: one row per activity in the Excel Table
 * TablaDetalle, and, measured against a modified programme, the
 * activities the adecuación cancelled.
 *
 * Editing model: the achieved to date (and the notes) are the inputs,
 * unlocked and validated; % periodo, % anual, the semáforo and the capped
 * % are the table's calculated columns over them and the programme's
 * figures, and so are the cut-off quarter's achieved (the achieved to
 * date less the file's achieved before the quarter, a hidden column), %
 * and state, by the same builders as the period's, the semáforo reading the thresholds from named cells of the
 * summary (UmbralSobre, UmbralVerde, UmbralAmarillo, from the layout's
 * <semaforo>); every roll-up is a formula over the table's columns; every
 * sheet is protected without a password. The semáforo formula compares
 * the quantities scaled to integers by their four decimals, so it decides
 * as avance_classify's exact decimals do (see state_formula), and %
 * periodo stays on its state's side as avance_pct_shown keeps the PDF's.
 * Every formula carries as its cached value what paa computed, so readers
 * that do not recalculate (viewers, openpyxl) see the figures.
 *
 * The states, their order and the marks come from semaforo.h; styling,
 * column titles and widths, number formats, validation messages and
 * printing from the <libro> element of layouts/avance.xml, the cells'
 * state fills from its <semaforo>. The charts' titles, data labels and
 * series fills come from <libro> too: the states' series are solid fills
 * of distinct lightness or patterns, so they stay apart in a grey print,
 * and the thresholds go into the states chart's titles, never onto the
 * mean's chart: thresholds classify activities, not means.
 *
 * Marks stay out of the values: a programmed quantity built on rebuilt
 * months, or a % anual on an inconsistent programme, keeps its number
 * and shows the mark through its number format ("1,200 ‡"), so formulas
 * and filters still work on it.
 */
#include "xlsx/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx/libro.h"

/*
 * Columns of the detail sheet, in order: <detalle> in the layout gives a
 * title and a width to each, in this order; the titles name the columns
 * of the sheet's Excel Table, which the formulas cite (TablaDetalle[…]).
 * What a column is (detail_kind) decides its cells' protection and
 * printing: adding a column is an entry here and in detail_kind, a
 * <columna> in the layout and its writer in detail_row. The original
 * programme's columns exist only when progress is measured against a
 * modified programme: the sheet's columns are then numbered at run time
 * (xctx.at), the ids below stay the names the code uses.
 */
enum {
    C_CLAVE, C_SUB, C_PROY, C_ACT, C_UNIDAD, C_ANUAL_ORIG, C_ANUAL, C_PROG_MES,
    C_ALC_MES, C_PROG_TRIM, C_ALC_TRIM, C_PCT_TRIM, C_TRIM_STATE, C_PROG_ORIG,
    C_PROG_ACUM, C_ALC_ACUM, C_PCT_PERIODO, C_PCT_ANUAL, C_SEMAFORO, C_JUST,
    C_TOPE, C_ALC_PREV,
    N_DETAIL_COLS
};

typedef enum {
    K_DATA,      /* from the files: locked */
    K_INPUT,     /* what the user may correct: unlocked, validated */
    K_FORMULA,   /* a calculated column of the table: locked */
    K_HELPER     /* what formulas read but nobody edits (the capped %, the
                    achieved before the quarter): locked, hidden, not
                    printed (helpers go last) */
} col_kind;

static const col_kind detail_kind[N_DETAIL_COLS] = {
    [C_CLAVE] = K_DATA, [C_SUB] = K_DATA, [C_PROY] = K_DATA, [C_ACT] = K_DATA,
    [C_UNIDAD] = K_DATA, [C_ANUAL_ORIG] = K_DATA, [C_ANUAL] = K_DATA,
    [C_PROG_MES] = K_DATA,
    [C_ALC_MES] = K_DATA, [C_PROG_TRIM] = K_DATA, [C_ALC_TRIM] = K_FORMULA,
    [C_PCT_TRIM] = K_FORMULA, [C_TRIM_STATE] = K_FORMULA,
    [C_PROG_ORIG] = K_DATA, [C_PROG_ACUM] = K_DATA, [C_ALC_ACUM] = K_INPUT,
    [C_PCT_PERIODO] = K_FORMULA, [C_PCT_ANUAL] = K_FORMULA,
    [C_SEMAFORO] = K_FORMULA, [C_JUST] = K_INPUT, [C_TOPE] = K_HELPER,
    [C_ALC_PREV] = K_HELPER};

#define TABLA_DET "TablaDetalle"

/* The named cells of the summary that hold the semáforo's thresholds, in
 * percent (90 for 90 %). */
#define UMBRAL_SOBRE "UmbralSobre"
#define UMBRAL_VERDE "UmbralVerde"
#define UMBRAL_AMARILLO "UmbralAmarillo"

/* Columns of the roll-up tables: one per state, in avance_state_order;
 * then, as the PDF's summary, the share in green or better before the
 * counts without a ratio and the quarter's block, the capped mean last. */
enum { S_CLAVE, S_NOMBRE, S_ACTIVIDADES, S_STATE0 };
enum {
    S_CON_PERIODO = S_STATE0 + AVANCE_NSTATES,
    S_EN_VERDE,      /* % en verde o más */
    S_CON_AVANCE,    /* sin programación with something achieved */
    S_T_CON,         /* the quarter: activities with a % */
    S_T_VERDE_N,     /* the quarter: in green or better */
    S_T_VERDE,       /* the quarter: % in green or better */
    S_T_ROJO,        /* the quarter: rojo */
    S_PROMEDIO,
    N_SUMMARY_COLS
};

/* The roll-up tables print two pages wide: the counts per state on the
 * first (with the notes and the charts below), then the period's shares,
 * the counts without a ratio, the quarter and the mean, the key repeated
 * (a page break before S_CON_PERIODO). */
#define FIRST_PAGE_LAST (S_CON_PERIODO - 1)

#define TITLE_ROWS 3             /* title, subtitle, sample notice */
#define DETAIL_HEADER_ROW 3      /* 0-based; data starts below it */
#define THRESHOLD_ROW 4          /* the summary's named thresholds */
#define SUMMARY_HEADER_ROW 5

/* Marks a quantity can carry (bits): rebuilt months ‡, a goal the
 * adecuación changed (or an activity it added) *. */
enum { NUM_REBUILT = 1, NUM_MODIFIED = 2, NUM_MARKS = 4 };

/* Marks a % anual can carry: none, †, ‡, † ‡. */
enum { PCT_PLAIN, PCT_INCONS, PCT_REBUILT, PCT_BOTH, PCT_KINDS };

typedef struct {
    const avance *a;
    const paa_programa *p;
    const avance_report *r;
    libro_ctx u;
    const layout_node *book, *impresion;
    char period[64];             /* "enero–junio" */
    char quarter[64];            /* "2.º trim. (abr–jun)" */
    const char *missing;         /* the "sin dato" mark */
    char *det_title[N_DETAIL_COLS];   /* the table's column names */
    char *det_ref[N_DETAIL_COLS];     /* TablaDetalle[Título] */
    char *det_row[N_DETAIL_COLS];     /* TablaDetalle[@[Título]] */
    bool det_shown[N_DETAIL_COLS];    /* the column is in the sheet */
    lxw_col_t at[N_DETAIL_COLS];      /* its position there, if shown */
    lxw_col_t n_det;                  /* columns in the sheet */
    lxw_col_t det_last_printed;       /* last column that prints */
    libro_style title, subtitle, sample, note, header, text, center,
        absent, total;
    lxw_format *num[NUM_MARKS][LIBRO_NDEC];   /* by marks and decimals */
    lxw_format *pct[PCT_KINDS];
    lxw_format *count, *total_count, *total_pct;
    /* Inputs (unlocked): a quantity by decimals, the "sin dato" mark, a
     * text. */
    lxw_format *input_num[LIBRO_NDEC], *input_absent, *input_text;
    lxw_format *state_fill[AVANCE_NSTATES];
    lxw_color_t header_fill;
    double size;                 /* the cells' font size, points */
} xctx;

#define SAMPLE_TEXT "DATOS DE EJEMPLO"

/* ---- formats ------------------------------------------------------------ */

/* A text style of the book's font; `size` in points. */
static libro_style style(xctx *x, double size, bool wrap)
{
    libro_style st = {libro_format(&x->u), wrap, size, false};
    if (st.f == NULL)
        return st;
    libro_font_name(&x->u, st.f, layout_attr(x->book, "fuente"));
    format_set_font_size(st.f, size);
    format_set_align(st.f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap)
        format_set_text_wrap(st.f);
    return st;
}

/* A table cell: wrapped, top-aligned, thin grey border. */
static libro_style cell_style(xctx *x, double size)
{
    libro_style st = style(x, size, true);
    if (st.f != NULL) {
        format_set_border(st.f, LXW_BORDER_THIN);
        format_set_border_color(st.f, 0xBFBFBF);
    }
    return st;
}

/* A numeric cell with number format `code`. */
static lxw_format *number_format(xctx *x, double size, const char *code)
{
    lxw_format *f = cell_style(x, size).f;
    libro_num_format(&x->u, f, code);
    return f;
}

/* code followed by the marks, as literal text ("#,##0 \"‡\""). A
 * one-section code gets all four sections, the text one included: a
 * formula's "—" (no ratio) keeps the row's marks too ("— †"). */
static char *marked(xctx *x, const char *code, const char *marks)
{
    if (marks[0] == '\0')
        return libro_printf(&x->u, "%s", code);
    if (strchr(code, ';') != NULL)
        return libro_printf(&x->u, "%s \"%s\"", code, marks);
    return libro_printf(&x->u, "%s \"%s\";-%s \"%s\";%s \"%s\";@ \"%s\"", code,
                        marks, code, marks, code, marks, marks);
}

static void quantity_formats(xctx *x, double size, const layout_node *numeros)
{
    const char *codes[LIBRO_NDEC];
    if (numeros == NULL) {
        layout_error(x->u.lay, x->book, x->u.d, "falta <numeros> en <libro>");
        x->u.failed = true;
        return;
    }
    if (libro_numfmts(&x->u, numeros, codes) != 0)
        return;
    static const char *const marks[NUM_MARKS] = {
        "", AVANCE_MARK_RECONSTRUIDO, AVANCE_MARK_MODIFICADO,
        AVANCE_MARK_RECONSTRUIDO " " AVANCE_MARK_MODIFICADO};
    for (int k = 0; k < LIBRO_NDEC; k++) {
        for (int m = 0; m < NUM_MARKS; m++) {
            char *code = marked(x, codes[k], marks[m]);
            x->num[m][k] = number_format(x, size, code);
            free(code);
        }
        x->input_num[k] = number_format(x, size, codes[k]);
        if (x->input_num[k] != NULL)
            format_set_unlocked(x->input_num[k]);
    }
}

static void percent_formats(xctx *x, double size)
{
    const char *code = layout_attr(x->book, "formato-porcentaje");
    static const char *const marks[PCT_KINDS] = {
        "", AVANCE_MARK_INCONSISTENTE, AVANCE_MARK_RECONSTRUIDO,
        AVANCE_MARK_INCONSISTENTE " " AVANCE_MARK_RECONSTRUIDO};
    if (code == NULL) {
        layout_error(x->u.lay, x->book, x->u.d, "<libro> necesita formato-porcentaje");
        x->u.failed = true;
        return;
    }
    for (int k = 0; k < PCT_KINDS; k++) {
        char *c = marked(x, code, marks[k]);
        x->pct[k] = number_format(x, size, c);
        free(c);
        /* "—" (no ratio) is text: aligned with the numbers. */
        if (x->pct[k] != NULL)
            format_set_align(x->pct[k], LXW_ALIGN_RIGHT);
    }
    x->total_pct = number_format(x, size, code);
    if (x->total_pct != NULL) {
        format_set_align(x->total_pct, LXW_ALIGN_RIGHT);
        format_set_bold(x->total_pct);
        format_set_bg_color(x->total_pct, 0xD9D9D9);
    }
}

static void text_formats(xctx *x, double size, lxw_color_t header_text)
{
    x->title = style(x, size + 4, true);
    x->subtitle = style(x, size + 1, true);
    x->sample = style(x, size + 2, true);
    x->note = style(x, size, true);
    x->header = cell_style(x, size);
    x->text = cell_style(x, size);
    x->center = cell_style(x, size);
    x->absent = cell_style(x, size);
    x->total = cell_style(x, size);
    x->title.bold = x->subtitle.bold = x->sample.bold = true;
    x->header.bold = x->total.bold = true;
    if (x->u.failed)
        return;
    format_set_bold(x->title.f);
    format_set_font_color(x->subtitle.f, x->header_fill);
    format_set_bold(x->subtitle.f);
    format_set_bold(x->sample.f);
    format_set_font_color(x->sample.f, 0xC00000);
    format_set_italic(x->note.f);
    format_set_font_color(x->note.f, 0x404040);
    format_set_bold(x->header.f);
    format_set_bg_color(x->header.f, x->header_fill);
    format_set_font_color(x->header.f, header_text);
    format_set_align(x->header.f, LXW_ALIGN_CENTER);
    format_set_align(x->header.f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(x->center.f, LXW_ALIGN_CENTER);
    format_set_align(x->absent.f, LXW_ALIGN_RIGHT);
    format_set_font_color(x->absent.f, 0x7F7F7F);
    format_set_bold(x->total.f);
    format_set_bg_color(x->total.f, 0xD9D9D9);
    /* Inputs: the absent mark and the text, unlocked. */
    x->input_absent = cell_style(x, size).f;
    x->input_text = cell_style(x, size).f;
    if (x->u.failed)
        return;
    format_set_align(x->input_absent, LXW_ALIGN_RIGHT);
    format_set_font_color(x->input_absent, 0x7F7F7F);
    format_set_unlocked(x->input_absent);
    format_set_unlocked(x->input_text);
}

static void make_formats(xctx *x)
{
    double size = 9;
    lxw_color_t header_text = LXW_COLOR_WHITE;
    libro_layout_rc(&x->u, layout_number(x->u.lay, x->book, "tamano", &size,
                                            x->u.d));
    libro_color_attr(&x->u, x->book, "color-encabezado", &x->header_fill);
    libro_color_attr(&x->u, x->book, "color-letra-encabezado", &header_text);
    if (x->u.failed || libro_metrics_load(&x->u, x->book) != 0)
        return;
    x->size = size;
    text_formats(x, size, header_text);
    quantity_formats(x, size, layout_child(x->book, "numeros", NULL));
    percent_formats(x, size);
    x->count = number_format(x, size, "0");
    x->total_count = number_format(x, size, "0");
    if (x->total_count != NULL) {
        format_set_bold(x->total_count);
        format_set_bg_color(x->total_count, 0xD9D9D9);
    }
}

/* Fills of the semáforo states' cells (the chart's series have their own
 * fills, <grafica-estados>, made to stay apart in grey). */
static void make_state_formats(xctx *x)
{
    for (int s = 0; s < AVANCE_NSTATES && !x->u.failed; s++) {
        const layout_node *n = layout_find(x->u.lay, "estado", avance_state_id(s));
        if (n == NULL) {
            layout_error(x->u.lay, layout_root(x->u.lay), x->u.d,
                         "el diseño no define el estado «%s» del semáforo",
                         avance_state_id(s));
            x->u.failed = true;
            return;
        }
        lxw_color_t fill = LXW_COLOR_WHITE;
        libro_color_attr(&x->u, n, "relleno", &fill);
        x->state_fill[s] = libro_format(&x->u);
        if (x->state_fill[s] != NULL) {
            format_set_bg_color(x->state_fill[s], fill);
            format_set_bold(x->state_fill[s]);
        }
    }
}

/* ---- cells ---------------------------------------------------------------- */

/* A quantity, or the "sin dato" mark when it is unknown (never 0). */
static void put_quantity(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, bool known, paa_dec v, unsigned marks)
{
    if (!known)
        libro_text(&x->u, ws, row, col, x->missing, &x->absent);
    else
        libro_number(&x->u, ws, row, col, paa_dec_to_double(v),
                        x->num[marks][libro_decimals(v)]);
}

/* A formula with its cached result: a number, or the "sin dato" mark
 * (no ratio: it prints "—" as in the PDF, and ISNUMBER skips it). */
static void put_formula(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *formula, lxw_format *f, bool has_value,
                        double value)
{
    if (has_value)
        libro_formula_num(&x->u, ws, row, col, formula, f, value);
    else
        libro_formula_str(&x->u, ws, row, col, formula, f, x->missing);
}

/* Excel ratio of a row as a spreadsheet computes it (cached value). */
static double ratio(paa_dec num, paa_dec den)
{
    return paa_dec_to_double(num) / paa_dec_to_double(den);
}

/* Column letter(s) of c, for formulas within a row ("K"). */
static void col_name(lxw_col_t c, char buf[LXW_MAX_CELL_NAME_LENGTH])
{
    lxw_rowcol_to_cell(buf, 0, c);
    buf[strcspn(buf, "0123456789")] = '\0';
}

/* ---- sheet scaffolding ------------------------------------------------------ */

/* The placeholders of the <libro> texts: those of every layout, the
 * report's period and cut-off month, the sheet being printed ({hoja},
 * NULL outside print setup), the sample notice and the cut-off's quarter
 * ({trimestre}, «2.º trim. (abr–jun)»). anio: room for the year. */
enum { N_VARS = LIBRO_COMMON_VARS + 5 };
static void layout_vars(const xctx *x, char anio[16], const char *hoja,
                        template_var vars[N_VARS])
{
    libro_common_vars(x->p, anio, vars);
    const template_var own[] = {
        {.name = "{periodo}", .value = x->period},
        {.name = "{corte}", .value = paa_month_name[x->r->corte - 1]},
        {.name = "{hoja}", .value = hoja},
        {.name = "{ejemplo}", .value = avance_is_sample(x->a) ? SAMPLE_TEXT : ""},
        {.name = "{trimestre}", .value = x->quarter},
    };
    memcpy(vars + LIBRO_COMMON_VARS, own, sizeof own);
}

static void print_setup(xctx *x, lxw_worksheet *ws, const layout_node *spec,
                        int repeat_row, int repeat_col, lxw_row_t last_row,
                        lxw_col_t last_col)
{
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, layout_attr(spec, "nombre"), vars);
    libro_page pg = {
        .impresion = x->impresion, .sheet = spec, .vars = vars,
        .n_vars = N_VARS, .repeat_row = repeat_row,
        .repeat_col = repeat_col, .first_col = 0, .last_col = last_col,
        .last_row = last_row};
    libro_page_setup(&x->u, ws, &pg);
}

/* Title lines shared by every sheet, across columns 0..last_col. */
static void sheet_title(xctx *x, lxw_worksheet *ws, const char *what,
                        lxw_col_t last_col)
{
    char *title = libro_printf(&x->u,
                                  "Informe de avance del Programa Anual de "
                                  "Actividades %d, %s", x->p->anio, x->period);
    char *sub = libro_printf(&x->u, "%s · %s", x->p->doc.institucion, what);
    libro_merged(&x->u, ws, 0, 0, last_col, title, &x->title);
    libro_finish_row(&x->u, ws, 0);
    libro_merged(&x->u, ws, 1, 0, last_col, sub, &x->subtitle);
    libro_finish_row(&x->u, ws, 1);
    if (avance_is_sample(x->a)) {
        libro_merged(&x->u, ws, 2, 0, last_col,
                        SAMPLE_TEXT ": las cantidades alcanzadas no son cifras "
                        "reales del Instituto.", &x->sample);
        libro_finish_row(&x->u, ws, 2);
    }
    free(title);
    free(sub);
}

/* Adds the sheet described by layout element `element` of <libro> (its
 * name from the attribute nombre); NULL after reporting a failure. */
static lxw_worksheet *add_sheet(xctx *x, const char *element,
                                const layout_node **spec_out)
{
    const layout_node *spec = layout_child(x->book, element, NULL);
    if (spec == NULL) {
        layout_error(x->u.lay, x->book, x->u.d, "el diseño no tiene <%s> en <libro>",
                     element);
        x->u.failed = true;
        return NULL;
    }
    *spec_out = spec;
    return libro_add_sheet(&x->u, layout_attr(spec, "nombre"),
                              layout_file(x->u.lay), layout_line(spec));
}

/* Width of column c from n's ancho attribute. */
static void column_width(xctx *x, lxw_worksheet *ws, lxw_col_t c,
                         const layout_node *n)
{
    double width = 10;
    if (libro_layout_rc(&x->u, layout_number(x->u.lay, n, "ancho", &width,
                                                x->u.d)) >= 0)
        libro_column(&x->u, ws, c, width);
}

/* ---- detail sheet -------------------------------------------------------------- */

static int pct_kind(const avance_row *pr)
{
    return (pr->prog_issues != 0 ? PCT_INCONS : PCT_PLAIN) +
           (pr->anual_reconstruido ? PCT_REBUILT : PCT_PLAIN);
}

/* Quoted state word, as formulas compare it ("\"verde\""). */
#define W(s) avance_state_word(s)

/*
 * Semáforo of a row from its achieved (alc) and programmed (prog)
 * to-date quantities and the named thresholds, the decision of
 * avance_compute_row and avance_classify: not a number achieved (the
 * "sin dato" mark, a cleared cell) is sin reporte; then an unknown
 * programme is sin datos, nothing programmed sin programación; else the
 * ratio against the thresholds, compared exactly as avance_classify
 * does: alc/prog ≥ t/100 is A·10⁶ ≥ T·P with A, P and T the quantities
 * and the threshold scaled to integers by their four decimals, products
 * a double holds exactly while below 2⁵³ (quantities up to 900,000).
 * Heap string (formula with "="), NULL once failed.
 */
STATIC char *state_formula(libro_ctx *u, const char *alc, const char *prog)
{
    char *a = libro_printf(u, "ROUND(%s*1E4,0)*1E6", alc);
    char *p = libro_printf(u, "ROUND(%s*1E4,0)", prog);
    char *f = a != NULL && p != NULL
                  ? libro_printf(u,
                                 "=IF(ISNUMBER(%s),IF(ISNUMBER(%s),IF(%s>0,"
                                 "IF(%s>ROUND(" UMBRAL_SOBRE "*1E4,0)*%s,\"%s\","
                                 "IF(%s>=ROUND(" UMBRAL_VERDE "*1E4,0)*%s,\"%s\","
                                 "IF(%s>=ROUND(" UMBRAL_AMARILLO "*1E4,0)*%s,\"%s\","
                                 "\"%s\"))),\"%s\"),\"%s\"),\"%s\")",
                                 alc, prog, prog, a, p, W(AVANCE_SOBRE), a, p,
                                 W(AVANCE_VERDE), a, p, W(AVANCE_AMARILLO),
                                 W(AVANCE_ROJO), W(AVANCE_SIN_PROGRAMACION),
                                 W(AVANCE_SIN_DATOS), W(AVANCE_SIN_REPORTE))
                  : NULL;
    free(a);
    free(p);
    return f;
}

/*
 * % periodo of a row: alc/prog kept on its state's side as
 * avance_pct_shown keeps the PDF's figure, so that the "0.0 %" format
 * never rounds a rojo 69.96 % up to «70.0 %»: rojo at most the last tenth
 * below amarillo (69.9 %), amarillo within [amarillo, last tenth below
 * verde], verde within [verde, sobre], sobrecumplimiento at least the
 * first tenth above sobre; those edges (in tenths of a percent) come
 * from the named thresholds, so they follow them. States without a ratio
 * give the "sin dato" mark. Heap string, NULL once failed.
 */
STATIC char *periodo_formula(libro_ctx *u, const char *alc, const char *prog,
                             const char *state, const char *missing)
{
    /* A threshold in tenths of a percent, rounded up or down. */
    static const char *const edge[] = {
        "ROUNDUP(ROUND(" UMBRAL_AMARILLO "*1E4,0)/1E3,0)",
        "ROUNDUP(ROUND(" UMBRAL_VERDE "*1E4,0)/1E3,0)",
        "ROUNDDOWN(ROUND(" UMBRAL_SOBRE "*1E4,0)/1E3,0)"};
    char *r = libro_printf(u, "%s/%s", alc, prog);
    char *f = r != NULL
                  ? libro_printf(u,
                                 "=IF(%s=\"%s\",MIN(%s,(%s-1)/1000),"
                                 "IF(%s=\"%s\",MIN(MAX(%s,%s/1000),(%s-1)/1000),"
                                 "IF(%s=\"%s\",MIN(MAX(%s,%s/1000),%s/1000),"
                                 "IF(%s=\"%s\",MAX(%s,(%s+1)/1000),\"%s\"))))",
                                 state, W(AVANCE_ROJO), r, edge[0],
                                 state, W(AVANCE_AMARILLO), r, edge[0], edge[1],
                                 state, W(AVANCE_VERDE), r, edge[1], edge[2],
                                 state, W(AVANCE_SOBRE), r, edge[2], missing)
                  : NULL;
    free(r);
    return f;
}

/* % periodo capped at 100 % (the roll-ups' mean), from the exact ratio;
 * empty without a ratio. */
STATIC char *tope_formula(libro_ctx *u, const char *alc, const char *prog,
                          const char *pct)
{
    return libro_printf(u, "=IF(ISNUMBER(%s),MIN(%s/%s,1),\"\")", pct, alc, prog);
}

/* % anual: achieved over the annual quantity, the mark without one. */
STATIC char *anual_formula(libro_ctx *u, const char *alc, const char *anual,
                           const char *missing)
{
    return libro_printf(u, "=IF(AND(ISNUMBER(%s),N(%s)>0),%s/%s,\"%s\")", alc, anual,
                        alc, anual, missing);
}

/*
 * Achieved in the cut-off's quarter: the achieved to date (the input)
 * less what was achieved before the quarter (`prev`, from the file), so
 * that correcting the achieved to date moves the quarter too; never
 * below zero (a correction below what the earlier months gave leaves the
 * quarter nothing), rounded to the quantities' four decimals so that no
 * binary residue reaches the state. The mark without an achieved. Heap
 * string, NULL once failed.
 */
STATIC char *quarter_formula(libro_ctx *u, const char *alc, const char *prev,
                             const char *missing)
{
    return libro_printf(u, "=IF(ISNUMBER(%s),MAX(ROUND(%s-N(%s),4),0),\"%s\")", alc,
                        alc, prev, missing);
}

#undef W

/* The table's calculated columns, in the "@" form (this row). */
typedef struct {
    char *f[N_DETAIL_COLS];
} detail_formulas;

static void make_detail_formulas(xctx *x, detail_formulas *df)
{
    char *const *r = x->det_row;
    memset(df, 0, sizeof *df);
    df->f[C_SEMAFORO] = state_formula(&x->u, r[C_ALC_ACUM], r[C_PROG_ACUM]);
    df->f[C_PCT_PERIODO] = periodo_formula(&x->u, r[C_ALC_ACUM], r[C_PROG_ACUM],
                                           r[C_SEMAFORO], x->missing);
    df->f[C_PCT_ANUAL] = anual_formula(&x->u, r[C_ALC_ACUM], r[C_ANUAL], x->missing);
    df->f[C_TOPE] = tope_formula(&x->u, r[C_ALC_ACUM], r[C_PROG_ACUM],
                                 r[C_PCT_PERIODO]);
    /* The quarter: the same state and % builders over its own pair. */
    df->f[C_ALC_TRIM] = quarter_formula(&x->u, r[C_ALC_ACUM], r[C_ALC_PREV], x->missing);
    df->f[C_TRIM_STATE] = state_formula(&x->u, r[C_ALC_TRIM], r[C_PROG_TRIM]);
    df->f[C_PCT_TRIM] = periodo_formula(&x->u, r[C_ALC_TRIM], r[C_PROG_TRIM],
                                        r[C_TRIM_STATE], x->missing);
}

static void free_detail_formulas(detail_formulas *df)
{
    for (int c = 0; c < N_DETAIL_COLS; c++)
        free(df->f[c]);
}

/* Column c's calculated formula as row cells hold it. */
static char *row_formula(xctx *x, const detail_formulas *df, int c)
{
    return libro_this_row(&x->u, df->f[c]);
}

/* A % kept on its state's side (% periodo, % of the quarter): the
 * table's formula with paa's figure as its cache, the exact ratio as a
 * double, or the band's edge when it was moved there (shown: the tenths
 * avance_pct_shown gave). */
static void put_state_pct(xctx *x, lxw_worksheet *ws, lxw_row_t row, int col,
                          const detail_formulas *df, bool has, int64_t shown,
                          paa_dec alc, paa_dec prog)
{
    bool moved = has && shown != avance_pct_tenths(alc, prog);
    char *f = row_formula(x, df, col);
    put_formula(x, ws, row, x->at[col], f, x->pct[PCT_PLAIN], has,
                !has ? 0 : moved ? (double)shown / 1000 : ratio(alc, prog));
    free(f);
}

/* The quarter's achieved, % and state of a row (formulas with paa's
 * figures as caches). */
static void quarter_cells(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const avance_row *pr, const detail_formulas *df)
{
    char *f = row_formula(x, df, C_ALC_TRIM);
    put_formula(x, ws, row, x->at[C_ALC_TRIM], f, x->num[0][libro_decimals(pr->alc_trim)],
                pr->reported, paa_dec_to_double(pr->alc_trim));
    free(f);
    put_state_pct(x, ws, row, C_PCT_TRIM, df, pr->has_trim, pr->trim_tenths,
                  pr->alc_trim, pr->prog_trim);
    f = row_formula(x, df, C_TRIM_STATE);
    libro_formula_str(&x->u, ws, row, x->at[C_TRIM_STATE], f, x->center.f,
                      avance_state_word(pr->trim_state));
    free(f);
}

/* % periodo, % anual, the semáforo and the capped % of a row, each the
 * table's formula with the value paa computed exactly as its cache. */
static void detail_formula_cells(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                                 const avance_row *pr, const detail_formulas *df)
{
    double r = pr->has_periodo ? ratio(pr->alc_acum, pr->prog_acum) : 0;
    put_state_pct(x, ws, row, C_PCT_PERIODO, df, pr->has_periodo, pr->periodo_tenths,
                  pr->alc_acum, pr->prog_acum);
    char *f = row_formula(x, df, C_PCT_ANUAL);
    put_formula(x, ws, row, x->at[C_PCT_ANUAL], f, x->pct[pct_kind(pr)], pr->has_anual,
                pr->has_anual ? ratio(pr->alc_acum, pr->anual) : 0);
    free(f);
    f = row_formula(x, df, C_SEMAFORO);
    libro_formula_str(&x->u, ws, row, x->at[C_SEMAFORO], f, x->center.f,
                      avance_state_word(pr->state));
    free(f);
    f = row_formula(x, df, C_TOPE);
    if (pr->has_periodo)
        libro_formula_num(&x->u, ws, row, x->at[C_TOPE], f, x->pct[PCT_PLAIN], r < 1 ? r : 1);
    else
        libro_formula_str(&x->u, ws, row, x->at[C_TOPE], f, x->pct[PCT_PLAIN], "");
    free(f);
}

/* Justification and notes: the row's note (what its marks mean), then
 * what the area said; an input, like the achieved quantity. */
static void detail_notes(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         const avance_row *pr)
{
    char note[AVANCE_NOTE_BUFSZ], cambio[AVANCE_NOTE_BUFSZ];
    avance_row_note(pr, x->r->corte, note, sizeof note);
    avance_row_cambio_note(pr, cambio, sizeof cambio);
    const char *just = pr->justificacion != NULL ? pr->justificacion : "";
    char *text = libro_printf(&x->u, "%s%s%s%s%s", cambio,
                              cambio[0] && (note[0] || just[0]) ? " " : "", note,
                              note[0] && just[0] ? " " : "", just);
    libro_style st = x->text;
    st.f = x->input_text;
    libro_text(&x->u, ws, row, x->at[C_JUST], text, &st);
    free(text);
}

/* The achieved to date, the input the semáforo reads: unlocked, the mark
 * when the activity was not reported. */
static void put_achieved(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         const avance_row *pr)
{
    libro_style st = x->absent;
    st.f = x->input_absent;
    if (!pr->reported)
        libro_text(&x->u, ws, row, x->at[C_ALC_ACUM], x->missing, &st);
    else
        libro_number(&x->u, ws, row, x->at[C_ALC_ACUM], paa_dec_to_double(pr->alc_acum),
                     x->input_num[libro_decimals(pr->alc_acum)]);
}

/* Bits of the quarter's months up to the cut-off (as reconstruidos). */
static uint16_t quarter_months(int corte)
{
    uint16_t bits = 0;
    for (int m = avance_quarter_first(corte); m <= corte; m++)
        bits |= (uint16_t)(1u << (m - 1));
    return bits;
}

/* Against a modified programme, what the approved one had for the same
 * activity (found by clave or through its renumbering): its annual and
 * its programmed to date; the missing mark for an activity the
 * adecuación added. */
static void detail_original(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                            const avance_row *pr)
{
    if (!x->det_shown[C_PROG_ORIG])
        return;
    bool known = pr->orig != NULL;
    put_quantity(x, ws, row, x->at[C_ANUAL_ORIG], known && pr->orig_anual_known,
                 pr->orig_anual, 0);
    put_quantity(x, ws, row, x->at[C_PROG_ORIG], known && pr->orig_prog_acum_known,
                 pr->orig_prog_acum, 0);
}

static void detail_row(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                       const avance_row *pr, const detail_formulas *df)
{
    const paa_actividad *act = pr->act;
    const uint16_t last_month = (uint16_t)(1u << (x->r->corte - 1));
    const lxw_col_t *at = x->at;
    libro_text(&x->u, ws, row, at[C_CLAVE], act->clave, &x->center);
    libro_text(&x->u, ws, row, at[C_SUB], act->proyecto->subprograma->numero, &x->center);
    libro_text(&x->u, ws, row, at[C_PROY], act->proyecto->clave, &x->center);
    libro_text(&x->u, ws, row, at[C_ACT], act->descripcion, &x->text);
    if (act->unidad != NULL)
        libro_text(&x->u, ws, row, at[C_UNIDAD], act->unidad, &x->text);
    else
        libro_text(&x->u, ws, row, at[C_UNIDAD], x->missing, &x->absent);
    detail_original(x, ws, row, pr);
    put_quantity(x, ws, row, at[C_ANUAL], pr->anual_known, pr->anual, 0);
    put_quantity(x, ws, row, at[C_PROG_MES], pr->prog_mes_known, pr->prog_mes,
                 (pr->reconstruidos & last_month) != 0);
    put_quantity(x, ws, row, at[C_ALC_MES], pr->reported, pr->alc_mes, 0);
    /* Measured against a modified programme: * on a goal it changed. */
    bool modified = (pr->cambios & (AVANCE_CAMBIO_META | AVANCE_CAMBIO_NUEVA)) != 0;
    put_quantity(x, ws, row, at[C_PROG_ACUM], pr->prog_acum_known, pr->prog_acum,
                 (pr->reconstruidos != 0 ? NUM_REBUILT : 0u) |
                     (modified ? NUM_MODIFIED : 0u));
    put_quantity(x, ws, row, at[C_PROG_TRIM], pr->trim_known, pr->prog_trim,
                 (pr->reconstruidos & quarter_months(x->r->corte)) != 0);
    put_achieved(x, ws, row, pr);
    /* Achieved before the quarter: the hidden datum its formula reads. */
    paa_dec prev = pr->reported ? pr->alc_acum - pr->alc_trim : 0;
    libro_number(&x->u, ws, row, at[C_ALC_PREV], paa_dec_to_double(prev),
                 x->num[0][libro_decimals(prev)]);
    quarter_cells(x, ws, row, pr, df);
    detail_formula_cells(x, ws, row, pr, df);
    detail_notes(x, ws, row, pr);
    libro_finish_row(&x->u, ws, row);
}

/* The state's fill follows the state cell's value, formula result
 * included. */
static void detail_conditional_formats(xctx *x, lxw_worksheet *ws,
                                       lxw_row_t first, lxw_row_t last)
{
    for (int s = 0; s < AVANCE_NSTATES && !x->u.failed; s++) {
        char *value = libro_printf(&x->u, "\"%s\"", avance_state_word(s));
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
            .value_string = value,
            .format = x->state_fill[s],
        };
        const lxw_col_t cols[] = {x->at[C_TRIM_STATE], x->at[C_SEMAFORO]};
        for (size_t k = 0; k < 2 && value != NULL; k++)
            libro_check(&x->u, worksheet_conditional_format_range(
                                      ws, first, cols[k], last, cols[k], &cf),
                           ws, first, cols[k]);
        free(value);
    }
}

/* "— sin dato · † …": what the marks of the detail mean, and what may be
 * edited. */
static char *marks_legend(xctx *x)
{
    char *adecuacion =
        x->r->original == NULL
            ? libro_printf(&x->u, "%s", "")
            : libro_printf(&x->u,
                           "«%s» y «%s»: lo que tenía el programa aprobado para la misma "
                           "actividad (%s si la adecuación la agregó); " AVANCE_MARK_MODIFICADO
                           " junto al programado acumulado: meta modificada o actividad "
                           "agregada por la adecuación (la nota de la fila dice qué cambió; "
                           "la hoja de canceladas lista las que canceló). ",
                           x->det_title[C_ANUAL_ORIG], x->det_title[C_PROG_ORIG], x->missing);
    char *legend =
        adecuacion == NULL
            ? NULL
            : libro_printf(&x->u,
                           "%s%s: sin dato (cantidad que el programa no tiene o que el "
                           "área no reportó). %s junto al %% anual: programa "
                           "inconsistente; %s: calculado con valores reconstruidos "
                           "(la columna de notas dice qué ocurre en cada fila). "
                           "Se pueden corregir «%s» y «%s»; %% periodo, %% anual, "
                           "el semáforo y las cifras del trimestre se recalculan (lo "
                           "alcanzado en el trimestre es el acumulado menos lo "
                           "alcanzado antes del trimestre según el archivo, nunca "
                           "menos de cero; la hoja está protegida sin contraseña).",
                           adecuacion, x->missing, AVANCE_MARK_INCONSISTENTE,
                           AVANCE_MARK_RECONSTRUIDO, x->det_title[C_ALC_ACUM],
                           x->det_title[C_JUST]);
    free(adecuacion);
    return legend;
}

/* Which columns the sheet has, and where: the original programme's only
 * beside a modified one. */
static void detail_positions(xctx *x)
{
    x->n_det = 0;
    for (int c = 0; c < N_DETAIL_COLS; c++) {
        x->det_shown[c] = x->r->original != NULL || (c != C_ANUAL_ORIG && c != C_PROG_ORIG);
        if (x->det_shown[c])
            x->at[c] = x->n_det++;
    }
}

/* Attribute `plain` of a detail <columna>, or against a modified
 * programme its variant `modified` when the column has one: the title
 * «Programado acumulado modificado» beside the original's, a narrower
 * width to leave room for the original's columns. */
static const char *detail_attr(const xctx *x, const layout_node *c, const char *plain,
                               const char *modified)
{
    return x->r->original != NULL && layout_attr(c, modified) != NULL ? modified : plain;
}

static char *detail_title(xctx *x, const layout_node *c, const template_var *vars)
{
    return libro_expand(&x->u, c, detail_attr(x, c, "titulo", "titulo-modificado"), vars,
                        N_VARS);
}

/* Excel refuses a table with two columns of the same name (it compares
 * them ignoring case): a layout error at <detalle>, not a broken file. */
static void detail_unique_titles(xctx *x, const layout_node *spec)
{
    for (int a = 0; a < N_DETAIL_COLS && !x->u.failed; a++)
        for (int b = a + 1; b < N_DETAIL_COLS && x->det_shown[a] && !x->u.failed; b++)
            if (x->det_shown[b] && utf8_same_ignoring_case(x->det_title[a], x->det_title[b])) {
                layout_error(x->u.lay, spec, x->u.d,
                             "<detalle> tiene dos columnas con el mismo título, «%s» y "
                             "«%s» (una tabla de Excel no distingue mayúsculas)",
                             x->det_title[a], x->det_title[b]);
                x->u.failed = true;
            }
}

/* The titles of <detalle>, one <columna> per column, and the table's
 * references to them (the summaries cite them before the detail is
 * written). */
static void detail_columns(xctx *x)
{
    const layout_node *spec = layout_child(x->book, "detalle", NULL);
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, NULL, vars);
    detail_positions(x);
    int col = 0;
    for (const layout_node *c = layout_child(spec, "columna", NULL);
         c != NULL && col < N_DETAIL_COLS; c = layout_child(spec, "columna", c))
        x->det_title[col++] = detail_title(x, c, vars);
    if (col != N_DETAIL_COLS && !x->u.failed) {
        layout_error(x->u.lay, spec, x->u.d, "<detalle> necesita %d columnas",
                     N_DETAIL_COLS);
        x->u.failed = true;
    }
    detail_unique_titles(x, spec);
    for (int c = 0; c < N_DETAIL_COLS && !x->u.failed; c++) {
        x->det_ref[c] = libro_col_ref(&x->u, TABLA_DET, x->det_title[c]);
        x->det_row[c] = libro_row_ref(&x->u, TABLA_DET, x->det_title[c]);
    }
}

/* Widths and header cells of the detail; the helper columns hidden. */
static void detail_header(xctx *x, lxw_worksheet *ws, const layout_node *spec)
{
    int col = 0;
    x->det_last_printed = 0;
    for (const layout_node *c = layout_child(spec, "columna", NULL);
         c != NULL && col < N_DETAIL_COLS && !x->u.failed;
         c = layout_child(spec, "columna", c), col++) {
        if (!x->det_shown[col])
            continue;
        lxw_col_t at = x->at[col];
        double width = 10;
        if (libro_layout_rc(&x->u, layout_number(x->u.lay, c,
                                                 detail_attr(x, c, "ancho", "ancho-modificado"),
                                                 &width, x->u.d)) < 0)
            break;
        if (detail_kind[col] == K_HELPER) {
            libro_hidden_column(&x->u, ws, at, width);
        } else {
            libro_column(&x->u, ws, at, width);
            x->det_last_printed = at;
        }
        libro_text(&x->u, ws, DETAIL_HEADER_ROW, at, x->det_title[col], &x->header);
    }
    libro_finish_row(&x->u, ws, DETAIL_HEADER_ROW);
}

static void free_detail_refs(xctx *x)
{
    for (int c = 0; c < N_DETAIL_COLS; c++) {
        free(x->det_title[c]);
        free(x->det_ref[c]);
        free(x->det_row[c]);
    }
}

/*
 * The detail: an Excel Table (TablaDetalle) whose % periodo, % anual,
 * semáforo and capped % are calculated columns over the achieved to date
 * (an input, validated) and the programme's figures; the sheet is
 * protected without a password, so only the inputs can be typed over.
 */
static void write_detail(xctx *x)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "detalle", &spec);
    if (ws == NULL)
        return;
    detail_header(x, ws, spec);
    sheet_title(x, ws, "detalle por actividad", x->det_last_printed);
    lxw_row_t first = DETAIL_HEADER_ROW + 1;
    lxw_row_t last = DETAIL_HEADER_ROW + (lxw_row_t)(x->r->n_rows > 0 ? x->r->n_rows : 1);
    detail_formulas df;
    make_detail_formulas(x, &df);
    const char *titles[N_DETAIL_COLS], *formulas[N_DETAIL_COLS];
    for (int c = 0; c < N_DETAIL_COLS; c++)
        if (x->det_shown[c]) {
            titles[x->at[c]] = x->det_title[c];
            formulas[x->at[c]] = df.f[c];
        }
    libro_table(&x->u, ws, &(libro_table_spec){
        .name = TABLA_DET, .r0 = DETAIL_HEADER_ROW, .r1 = last, .c0 = 0,
        .c1 = x->n_det - 1, .titles = titles, .formulas = formulas,
        .header_format = x->header.f});
    lxw_row_t row = first;
    for (size_t i = 0; i < x->r->n_rows && !x->u.failed; i++)
        detail_row(x, ws, row++, &x->r->rows[i], &df);
    free_detail_formulas(&df);
    char *legend = marks_legend(x);
    libro_merged(&x->u, ws, last + 2, 0, x->det_last_printed, legend, &x->note);
    libro_finish_row(&x->u, ws, last + 2);
    free(legend);
    detail_conditional_formats(x, ws, first, last);
    libro_quantity_validation(&x->u, ws, spec, x->missing, first, x->at[C_ALC_ACUM], last,
                              x->at[C_ALC_ACUM]);
    const lxw_col_t text_cols[] = {x->at[C_CLAVE], x->at[C_SUB], x->at[C_PROY]};
    libro_text_columns(&x->u, ws, text_cols, 3, first, last);
    worksheet_freeze_panes(ws, first, x->at[C_SUB]);
    libro_protect(ws);
    print_setup(x, ws, spec, DETAIL_HEADER_ROW, x->at[C_CLAVE], last + 2,
                x->det_last_printed);
}

/* ---- roll-up sheets --------------------------------------------------------------- */

/* One group of a roll-up table: the key as written in the detail sheet's
 * key column, its name, its rows and its computed roll-up. */
typedef struct {
    const char *key, *name;
    const avance_row *rows;
    size_t n;
    const avance_rollup *u;
} group;

/* The detail table's columns the roll-up formulas read: the group's
 * key column (Subprograma or Proyecto), % periodo, the semáforo and the
 * capped %. Whole table columns: a row added, deleted or cleared is
 * counted as it is. */
typedef struct {
    const char *key, *pct, *state, *tope, *alc, *t_pct, *t_state;
} detail_ranges;

static detail_ranges ranges_of(const xctx *x, lxw_col_t key_col)
{
    detail_ranges rg = {x->det_ref[key_col],     x->det_ref[C_PCT_PERIODO],
                        x->det_ref[C_SEMAFORO],  x->det_ref[C_TOPE],
                        x->det_ref[C_ALC_ACUM],  x->det_ref[C_PCT_TRIM],
                        x->det_ref[C_TRIM_STATE]};
    return rg;
}

/* Activities of a group in state `word` (match: "TablaDetalle[Subprograma]=$A7";
 * the exact text comparison, where COUNTIFS would read the key "01" as
 * the number 1). Heap string, NULL once failed. */
STATIC char *count_formula(libro_ctx *u, const char *match, const char *state,
                           const char *word)
{
    return libro_printf(u, "=SUMPRODUCT((%s)*(%s=\"%s\"))", match, state, word);
}

/* Activities of a group "sin programación" that achieved something
 * (alc > 0; a row in that state always has a number achieved): counted
 * since no percentage can show them. Heap string, NULL once failed. */
STATIC char *con_avance_formula(libro_ctx *u, const char *match, const char *state,
                                const char *alc)
{
    return libro_printf(u, "=SUMPRODUCT((%s)*(%s=\"%s\")*(%s>0))", match, state,
                        avance_state_word(AVANCE_SIN_PROGRAMACION), alc);
}

/* Activities of a group in green or better (verde or sobrecumplimiento)
 * by the state column `state`. Heap string, NULL once failed. */
STATIC char *green_formula(libro_ctx *u, const char *match, const char *state)
{
    return libro_printf(u, "=SUMPRODUCT((%s)*((%s=\"%s\")+(%s=\"%s\")))", match,
                        state, avance_state_word(AVANCE_VERDE), state,
                        avance_state_word(AVANCE_SOBRE));
}

/* n/con with the mark when con is 0 (cells of the same row). Heap
 * string, NULL once failed. */
STATIC char *share_formula(libro_ctx *u, const char *n, const char *con,
                           const char *missing)
{
    return libro_printf(u, "=IF(%s>0,%s/%s,\"%s\")", con, n, con, missing);
}

/* Mean % periodo capped at 100 % over the group's `con` activities with
 * a ratio (the capped column is empty for the others, and SUMPRODUCT and
 * SUM skip texts); match NULL: every row. The mark when none has one:
 * never a division by zero, whatever rows are cleared. */
STATIC char *mean_formula(libro_ctx *u, const char *match, const char *tope,
                          const char *con, const char *missing)
{
    if (match == NULL)
        return libro_printf(u, "=IF(%s>0,SUM(%s)/%s,\"%s\")", con, tope, con, missing);
    return libro_printf(u, "=IF(%s>0,SUMPRODUCT(--(%s),%s)/%s,\"%s\")", con, match,
                        tope, con, missing);
}

/* The cached values of a group as a spreadsheet computes them: the mean
 * of min(ratio, 1) in binary floating point. */
static double capped_mean(const avance_row *rows, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].has_periodo) {
            double r = ratio(rows[i].alc_acum, rows[i].prog_acum);
            sum += r < 1 ? r : 1;
            k++;
        }
    return k ? sum / (double)k : 0;
}

/* Index of state s among the state columns. */
static lxw_col_t state_col(avance_state s)
{
    for (int k = 0; k < AVANCE_NSTATES; k++)
        if (avance_state_order[k] == s)
            return (lxw_col_t)(S_STATE0 + k);
    return S_STATE0;
}

/* Mean capped at 100 % and share in verde or better, from the row's own
 * counts and the detail's capped %; `match` selects the group's rows
 * ("TablaDetalle[Subprograma]=$A7"; NULL: all). */
static void compliance(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                       const char *match, const char *tope, const group *g,
                       bool total)
{
    unsigned n = (unsigned)row + 1;
    char con[LXW_MAX_CELL_NAME_LENGTH], verde[LXW_MAX_CELL_NAME_LENGTH];
    char sobre[LXW_MAX_CELL_NAME_LENGTH], con_cell[LXW_MAX_CELL_NAME_LENGTH];
    col_name(S_CON_PERIODO, con);
    col_name(state_col(AVANCE_VERDE), verde);
    col_name(state_col(AVANCE_SOBRE), sobre);
    lxw_rowcol_to_cell(con_cell, row, S_CON_PERIODO);
    bool has = g->u->n_ratio > 0;
    char *f = mean_formula(&x->u, match, tope, con_cell, x->missing);
    put_formula(x, ws, row, S_PROMEDIO, f, total ? x->total_pct : x->pct[PCT_PLAIN],
                has, capped_mean(g->rows, g->n));
    free(f);
    f = libro_printf(&x->u, "=IF(%s%u>0,(%s%u+%s%u)/%s%u,\"%s\")", con, n, verde,
                        n, sobre, n, con, n, x->missing);
    put_formula(x, ws, row, S_EN_VERDE, f, total ? x->total_pct : x->pct[PCT_PLAIN],
                has, has ? (double)g->u->n_green / (double)g->u->n_ratio : 0);
    free(f);
}

/* What paa counted for count column c of a roll-up (cached values). */
static double count_cached(const avance_rollup *u, lxw_col_t c)
{
    switch (c) {
    case S_ACTIVIDADES: return (double)u->n;
    case S_CON_PERIODO: return (double)u->n_ratio;
    case S_CON_AVANCE: return (double)u->n_sin_prog_con_avance;
    case S_T_CON: return (double)u->trim_n_ratio;
    case S_T_VERDE_N: return (double)u->trim_n_green;
    case S_T_ROJO: return (double)u->trim_count[AVANCE_ROJO];
    default: return (double)u->count[avance_state_order[c - S_STATE0]];
    }
}

/* The count columns that are not one state's: summed in the total. */
static const lxw_col_t other_counts[] = {S_CON_PERIODO, S_CON_AVANCE, S_T_CON,
                                         S_T_VERDE_N, S_T_ROJO};
#define N_OTHER_COUNTS (sizeof other_counts / sizeof other_counts[0])

/* The quarter's % in green or better from the row's own counts. */
static void quarter_share(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const avance_rollup *u, bool total)
{
    char n[LXW_MAX_CELL_NAME_LENGTH], con[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(n, row, S_T_VERDE_N);
    lxw_rowcol_to_cell(con, row, S_T_CON);
    char *f = share_formula(&x->u, n, con, x->missing);
    bool has = u->trim_n_ratio > 0;
    put_formula(x, ws, row, S_T_VERDE, f, total ? x->total_pct : x->pct[PCT_PLAIN], has,
                has ? (double)u->trim_n_green / (double)u->trim_n_ratio : 0);
    free(f);
}

/* The group's counts without a ratio and of the quarter, over the
 * detail table's columns (match selects the group's rows). */
static void other_count_cells(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                              const char *match, const group *g,
                              const detail_ranges *rg)
{
    char *f[N_OTHER_COUNTS] = {
        libro_printf(&x->u, "=SUMPRODUCT((%s)*ISNUMBER(%s))", match, rg->pct),
        con_avance_formula(&x->u, match, rg->state, rg->alc),
        libro_printf(&x->u, "=SUMPRODUCT((%s)*ISNUMBER(%s))", match, rg->t_pct),
        green_formula(&x->u, match, rg->t_state),
        count_formula(&x->u, match, rg->t_state, avance_state_word(AVANCE_ROJO))};
    for (size_t i = 0; i < N_OTHER_COUNTS; i++) {
        put_formula(x, ws, row, other_counts[i], f[i], x->count, true,
                    count_cached(g->u, other_counts[i]));
        free(f[i]);
    }
    quarter_share(x, ws, row, g->u, false);
}

/* Counts of one group, over the detail table's columns. */
static void rollup_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const group *g,
                       const detail_ranges *rg)
{
    unsigned n = (unsigned)row + 1;
    char *match = libro_printf(&x->u, "%s=$A%u", rg->key, n);
    libro_text(&x->u, ws, row, S_CLAVE, g->key, &x->center);
    libro_text(&x->u, ws, row, S_NOMBRE, g->name, &x->text);
    char *f = libro_printf(&x->u, "=SUMPRODUCT(--(%s))", match ? match : "");
    put_formula(x, ws, row, S_ACTIVIDADES, f, x->count, true, (double)g->u->n);
    free(f);
    for (int k = 0; k < AVANCE_NSTATES && match != NULL; k++) {
        avance_state s = avance_state_order[k];
        f = count_formula(&x->u, match, rg->state, avance_state_word(s));
        put_formula(x, ws, row, (lxw_col_t)(S_STATE0 + k), f, x->count, true,
                    (double)g->u->count[s]);
        free(f);
    }
    if (match != NULL) {
        other_count_cells(x, ws, row, match, g, rg);
        compliance(x, ws, row, match, rg->tope, g, false);
    }
    free(match);
    libro_finish_row(&x->u, ws, row);
}

static void total_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_row_t first,
                      const detail_ranges *rg)
{
    const avance_rollup *u = &x->r->total;
    libro_text(&x->u, ws, row, S_CLAVE, "Total", &x->total);
    libro_text(&x->u, ws, row, S_NOMBRE, x->p->doc.institucion, &x->total);
    for (lxw_col_t c = S_ACTIVIDADES; c < S_PROMEDIO; c++) {
        if (c == S_EN_VERDE || c == S_T_VERDE)
            continue;   /* shares, below */
        double cached = count_cached(u, c);
        char col[LXW_MAX_CELL_NAME_LENGTH];
        col_name(c, col);
        char *f = libro_printf(&x->u, "=SUM(%s%u:%s%u)", col, (unsigned)first + 1,
                                  col, (unsigned)row);
        put_formula(x, ws, row, c, f, x->total_count, true, cached);
        free(f);
    }
    group all = {NULL, NULL, x->r->rows, x->r->n_rows, u};
    quarter_share(x, ws, row, u, true);
    compliance(x, ws, row, NULL, rg->tope, &all, true);
    libro_finish_row(&x->u, ws, row);
}

/* "Sobrecumplimiento": a state word as a column title. */
static char *state_title(xctx *x, avance_state s)
{
    char *t = libro_printf(&x->u, "%s", avance_state_word(s));
    if (t != NULL && t[0] >= 'a' && t[0] <= 'z')
        t[0] = (char)(t[0] - 'a' + 'A');
    return t;
}

/* The layout node that sizes the column of state s: <estados> or its
 * <columna-estado id="…"> child for that state. */
static const layout_node *state_width_node(const layout_node *estados,
                                           avance_state s)
{
    for (const layout_node *k = layout_child(estados, "columna-estado", NULL);
         k != NULL; k = layout_child(estados, "columna-estado", k))
        if (layout_attr(k, "id") != NULL &&
            strcmp(layout_attr(k, "id"), avance_state_id(s)) == 0)
            return k;
    return estados;
}

/* Widths and titles of a roll-up table from <resumen>: its <columna id=…>
 * children and, for the state columns, <estados>. */
static void rollup_header(xctx *x, lxw_worksheet *ws, const layout_node *spec)
{
    static const char *const ids[N_SUMMARY_COLS] = {
        [S_CLAVE] = "clave", [S_NOMBRE] = "nombre", [S_ACTIVIDADES] = "actividades",
        [S_CON_PERIODO] = "con-periodo", [S_PROMEDIO] = "promedio",
        [S_EN_VERDE] = "en-verde", [S_CON_AVANCE] = "con-avance",
        [S_T_CON] = "trim-con", [S_T_VERDE_N] = "trim-en-verde-n",
        [S_T_VERDE] = "trim-en-verde", [S_T_ROJO] = "trim-rojo"};
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, NULL, vars);
    const layout_node *estados = layout_child(spec, "estados", NULL);
    for (lxw_col_t c = 0; c < N_SUMMARY_COLS && !x->u.failed; c++) {
        const layout_node *n = NULL;
        for (const layout_node *k = ids[c] ? layout_child(spec, "columna", NULL) : NULL;
             k != NULL && n == NULL; k = layout_child(spec, "columna", k))
            if (layout_attr(k, "id") != NULL && strcmp(layout_attr(k, "id"), ids[c]) == 0)
                n = k;
        if (ids[c] == NULL && estados != NULL)
            n = state_width_node(estados, avance_state_order[c - S_STATE0]);
        if (n == NULL) {
            layout_error(x->u.lay, spec, x->u.d, "falta <%s%s%s> en <%s>",
                         ids[c] ? "columna id=\"" : "estados",
                         ids[c] ? ids[c] : "", ids[c] ? "\"" : "", layout_name(spec));
            x->u.failed = true;
            return;
        }
        column_width(x, ws, c, n);
        char *t = ids[c] ? libro_expand(&x->u, n, "titulo", vars, N_VARS)
                         : state_title(x, avance_state_order[c - S_STATE0]);
        if (t != NULL)
            libro_text(&x->u, ws, SUMMARY_HEADER_ROW, c, t, &x->header);
        free(t);
    }
    libro_finish_row(&x->u, ws, SUMMARY_HEADER_ROW);
}

/* Header and groups of a roll-up table; returns the row after it. */
static lxw_row_t rollup_table(xctx *x, lxw_worksheet *ws, const group *groups,
                              size_t n, lxw_col_t key_col, bool with_total)
{
    detail_ranges rg = ranges_of(x, key_col);
    lxw_row_t row = SUMMARY_HEADER_ROW + 1;
    lxw_col_t breaks[2] = {FIRST_PAGE_LAST + 1, 0};   /* copied */
    libro_check(&x->u, worksheet_set_v_pagebreaks(ws, breaks), ws, 0, FIRST_PAGE_LAST + 1);
    for (size_t i = 0; i < n && !x->u.failed; i++)
        rollup_row(x, ws, row++, &groups[i], &rg);
    if (with_total)
        total_row(x, ws, row++, SUMMARY_HEADER_ROW + 1, &rg);
    static const lxw_col_t text_cols[] = {S_CLAVE};
    libro_text_columns(&x->u, ws, text_cols, 1, SUMMARY_HEADER_ROW + 1, row - 1);
    worksheet_freeze_panes(ws, SUMMARY_HEADER_ROW + 1, 0);
    return row;
}

/* Notes on the method, under a table, merged across it; returns the row
 * after them. */
static lxw_row_t method_notes(xctx *x, lxw_worksheet *ws, lxw_row_t row)
{
    char v[PAA_DEC_BUFSZ], a[PAA_DEC_BUFSZ], s[PAA_DEC_BUFSZ];
    paa_dec_format(x->r->thr.verde, false, v);
    paa_dec_format(x->r->thr.amarillo, false, a);
    paa_dec_format(x->r->thr.sobre, false, s);
    char *notes[] = {
        libro_printf(&x->u,
                        "Semáforo del cumplimiento del periodo (alcanzado acumulado / "
                        "programado acumulado, enero a %s): %s más de %s %%; %s de %s %% "
                        "a %s %%; %s desde %s %%; %s debajo de %s %%. Calculado con "
                        "aritmética decimal exacta.",
                        paa_month_name[x->r->corte - 1],
                        avance_state_word(AVANCE_SOBRE), s,
                        avance_state_word(AVANCE_VERDE), v, s,
                        avance_state_word(AVANCE_AMARILLO), a,
                        avance_state_word(AVANCE_ROJO), a),
        libro_printf(&x->u,
                        "Cumplimiento promedio: media simple, sin ponderar (cada "
                        "actividad pesa lo mismo), del cumplimiento de las "
                        "actividades con programación y reporte hasta el corte, con "
                        "cada una limitada a 100 %%; «%% en verde o más»: proporción de "
                        "ellas en %s o %s. Las cantidades no se suman entre actividades "
                        "porque tienen unidades distintas.",
                        avance_state_word(AVANCE_VERDE),
                        avance_state_word(AVANCE_SOBRE)),
        libro_printf(&x->u,
                        "«%s»: nada programado hasta el corte; «%s»: el programa no "
                        "tiene la cantidad de algún mes; «%s»: la actividad no aparece "
                        "en el informe (no se supone cero ni entra en los promedios).",
                        avance_state_word(AVANCE_SIN_PROGRAMACION),
                        avance_state_word(AVANCE_SIN_DATOS),
                        avance_state_word(AVANCE_SIN_REPORTE)),
    };
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        libro_merged(&x->u, ws, row, 0, FIRST_PAGE_LAST, notes[i], &x->note);
        libro_finish_row(&x->u, ws, row++);
        free(notes[i]);
    }
    return row;
}

/* ---- charts ------------------------------------------------------------------------- */

/* Element `element` of <libro> describing a chart, with the number format
 * of its data labels; NULL after reporting. */
static const layout_node *chart_spec(xctx *x, const char *element)
{
    const layout_node *n = layout_child(x->book, element, NULL);
    if (n == NULL || layout_attr(n, "formato-etiquetas") == NULL) {
        layout_error(x->u.lay, n != NULL ? n : x->book, x->u.d, "falta <%s%s> en <libro>",
                     element, n != NULL ? " formato-etiquetas=\"…\"" : "");
        x->u.failed = true;
        return NULL;
    }
    return n;
}

/* Attribute `attr` of a chart's element with the semáforo thresholds
 * ({verde}, …) in place, for the states chart's titles. Heap string, "" when absent, NULL after failing. */
static char *chart_text(xctx *x, const layout_node *n, const char *attr)
{
    char v[PAA_DEC_BUFSZ], a[PAA_DEC_BUFSZ], s[PAA_DEC_BUFSZ];
    paa_dec_format(x->r->thr.verde, false, v);
    paa_dec_format(x->r->thr.amarillo, false, a);
    paa_dec_format(x->r->thr.sobre, false, s);
    const template_var vars[] = {
        {.name = "{verde}", .value = v},
        {.name = "{amarillo}", .value = a},
        {.name = "{sobrecumplimiento}", .value = s},
    };
    return libro_expand(&x->u, n, attr, vars, sizeof vars / sizeof vars[0]);
}

/* A new chart titled, and with the axis titles, of layout element n. */
static lxw_chart *new_chart(xctx *x, uint8_t type, const layout_node *n)
{
    if (x->u.failed)
        return NULL;
    lxw_chart *c = workbook_add_chart(x->u.wb, type);
    if (c == NULL) {
        libro_fail(&x->u, NULL, 0, 0, "no se pudo crear la gráfica «%s»",
                      layout_attr(n, "titulo"));
        return NULL;
    }
    /* A bar chart's categories run on its y axis (vertical). */
    bool bar = type == LXW_CHART_BAR || type == LXW_CHART_BAR_STACKED ||
               type == LXW_CHART_BAR_STACKED_PERCENT;
    static const char *const attrs[] = {"titulo", "eje-categorias", "eje-valores"};
    lxw_chart_axis *const axes[] = {NULL, bar ? c->y_axis : c->x_axis,
                                    bar ? c->x_axis : c->y_axis};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        char *t = chart_text(x, n, attrs[i]);
        /* The library copies the texts; "" (absent) leaves no title. */
        if (libro_nonempty(t) != NULL && axes[i] == NULL)
            chart_title_set_name(c, t);
        else if (libro_nonempty(t) != NULL)
            chart_axis_set_name(axes[i], t);
        free(t);
    }
    return x->u.failed ? NULL : c;
}

static lxw_chart_series *new_series(xctx *x, lxw_chart *c)
{
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    if (s == NULL)
        libro_fail(&x->u, NULL, 0, 0, "no se pudo crear la gráfica");
    return s;
}

/* Data labels of s in the number format and size of chart element n
 * (tamano-etiquetas: thirteen "91.6 %" side by side overlap at the
 * default size), in the colour-etiqueta of its <serie> when given. */
static void series_labels(xctx *x, lxw_chart_series *s, const layout_node *n,
                          const layout_node *serie)
{
    chart_series_set_labels(s);
    chart_series_set_labels_num_format(s, layout_attr(n, "formato-etiquetas"));
    double size = 0;
    lxw_color_t color = 0;
    bool colored = serie != NULL && libro_color_attr(&x->u, serie, "color-etiqueta", &color) == 0;
    if (libro_layout_rc(&x->u, layout_number(x->u.lay, n, "tamano-etiquetas", &size,
                                             x->u.d)) < 0)
        return;
    if (size > 0 || colored) {
        lxw_chart_font font = {.size = size, .color = colored ? color : 0};
        chart_series_set_labels_font(s, &font);
    }
}

/* The summary's values a series shows, one per subprograma, as its data
 * cache: state k's counts, or (k < 0) the capped mean compliance, a gap
 * where no activity has a ratio (the cell shows the missing mark). */
static void series_cache(xctx *x, lxw_chart_series *s, int k)
{
    size_t nsub = x->p->n_subprogramas;
    double *v = calloc(nsub + 1, sizeof *v);
    bool *known = calloc(nsub + 1, sizeof *known);
    if (v == NULL || known == NULL) {
        libro_fail(&x->u, NULL, 0, 0, "memoria insuficiente");
    } else {
        for (size_t i = 0; i < nsub; i++) {
            size_t f0 = x->r->sub_first[i];
            known[i] = k >= 0 || x->r->sub[i].n_ratio > 0;
            v[i] = k >= 0 ? (double)x->r->sub[i].count[avance_state_order[k]]
                          : capped_mean(x->r->rows + f0, x->r->sub_first[i + 1] - f0);
        }
        libro_series_cache(&x->u, s, v, known, nsub);
    }
    free(v);
    free(known);
}

/* Mean compliance by subprograma on a 0–100 % axis, its value at the end
 * of each bar: horizontal bars, since thirteen labels side by side over
 * columns overlapped. */
static lxw_chart *compliance_chart(xctx *x, const char *sheet, lxw_row_t first,
                                   lxw_row_t last)
{
    const layout_node *n = chart_spec(x, "grafica-cumplimiento");
    lxw_chart *bars = n != NULL ? new_chart(x, LXW_CHART_BAR, n) : NULL;
    lxw_chart_series *s = bars != NULL ? new_series(x, bars) : NULL;
    if (s == NULL)
        return NULL;
    chart_series_set_categories(s, sheet, first, S_CLAVE, last, S_CLAVE);
    chart_series_set_values(s, sheet, first, S_PROMEDIO, last, S_PROMEDIO);
    chart_series_set_name(s, "Cumplimiento promedio");
    series_cache(x, s, -1);
    lxw_chart_fill fill = {.color = x->header_fill};
    chart_series_set_fill(s, &fill);
    series_labels(x, s, n, NULL);
    chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
    chart_legend_set_position(bars, LXW_CHART_LEGEND_NONE);
    /* As the states chart beside it: 01 on top, the values at the bottom. */
    chart_axis_set_reverse(bars->y_axis);
    chart_axis_set_crossing_max(bars->y_axis);
    chart_axis_set_num_format(bars->x_axis, "0 %");
    chart_axis_set_min(bars->x_axis, 0);
    chart_axis_set_max(bars->x_axis, 1);
    chart_axis_set_major_unit(bars->x_axis, 0.2);   /* eleven ticks crowd a half page */
    return bars;
}

/* The <serie> of state s in <grafica-estados> n; NULL after reporting. */
static const layout_node *state_series_node(xctx *x, const layout_node *n,
                                            avance_state s)
{
    for (const layout_node *k = layout_child(n, "serie", NULL); k != NULL;
         k = layout_child(n, "serie", k))
        if (layout_attr(k, "id") != NULL &&
            strcmp(layout_attr(k, "id"), avance_state_id(s)) == 0)
            return k;
    layout_error(x->u.lay, n, x->u.d, "falta <serie id=\"%s\"> en <%s>",
                 avance_state_id(s), layout_name(n));
    x->u.failed = true;
    return NULL;
}

/* Where a summary chart reads: the sheet, its subprogramas' rows and the
 * column of their category labels. */
typedef struct {
    const char *sheet;
    lxw_row_t first, last;
    lxw_col_t categories;
} chart_rows;

/* One series of the states chart: the state's column, its fill (solid or
 * a pattern, to be told apart in grey) and its counts, zeros hidden by the
 * labels' format. */
static bool state_series(xctx *x, lxw_chart *stack, const layout_node *n, int k,
                         const chart_rows *cr)
{
    const char *sheet = cr->sheet;
    lxw_row_t first = cr->first, last = cr->last;
    const layout_node *spec = state_series_node(x, n, avance_state_order[k]);
    lxw_chart_series *t = spec != NULL ? new_series(x, stack) : NULL;
    if (t == NULL || libro_series_fill(&x->u, t, spec) != 0)
        return false;
    lxw_col_t c = (lxw_col_t)(S_STATE0 + k);
    chart_series_set_categories(t, sheet, first, cr->categories, last, cr->categories);
    chart_series_set_values(t, sheet, first, c, last, c);
    chart_series_set_name_range(t, sheet, SUMMARY_HEADER_ROW, c);
    series_cache(x, t, k);
    series_labels(x, t, n, spec);
    return !x->u.failed;
}

/* Activities per state, stacked, subprograma 01 at the top, each named
 * with its share in green or better (the categories, from a hidden
 * column: hidden data shown). */
static lxw_chart *states_chart(xctx *x, const chart_rows *cr)
{
    const layout_node *n = chart_spec(x, "grafica-estados");
    lxw_chart *stack = n != NULL ? new_chart(x, LXW_CHART_BAR_STACKED, n) : NULL;
    if (stack == NULL)
        return NULL;
    for (int k = 0; k < AVANCE_NSTATES; k++)
        if (!state_series(x, stack, n, k, cr))
            return NULL;
    chart_show_hidden_data(stack);
    /* In a bar chart the categories run on the vertical (y) axis: reverse
     * it so 01 is on top, and keep the value axis at the bottom. */
    chart_axis_set_reverse(stack->y_axis);
    chart_axis_set_crossing_max(stack->y_axis);
    chart_legend_set_position(stack, LXW_CHART_LEGEND_BOTTOM);
    return stack;
}

/* Pixel width of columns 0..last of the sheet being written, as
 * libxlsxwriter converts a width in characters (7 px a digit, 5 of
 * padding). */
static double sheet_pixels(const xctx *x, lxw_col_t last)
{
    double px = 0;
    for (lxw_col_t c = 0; c <= last; c++)
        px += (double)(int)(x->u.width[c] * 7 + 0.5) + 5;
    return px;
}

/*
 * Both charts side by side at row `at`, on the printed page that starts
 * at row `brk` (a page break there keeps them from being split across
 * pages or printed under the table); together they are about as wide as
 * the table, so fitting the sheet to the page width shrinks the sheet no
 * more than the table needs. Returns the last row they use.
 */
static lxw_row_t summary_charts(xctx *x, lxw_worksheet *ws, const char *sheet,
                                lxw_row_t brk, lxw_row_t at, size_t n,
                                lxw_col_t categories)
{
    enum { CHART_ROWS = 34, GAP_PX = 12 };   /* rows the charts span, and more */
    const double chart_px = 480, y_scale = 2.2;   /* libxlsxwriter's width */
    lxw_row_t first = SUMMARY_HEADER_ROW + 1, last = SUMMARY_HEADER_ROW + (lxw_row_t)n;
    lxw_chart *bars = compliance_chart(x, sheet, first, last);
    lxw_chart *stack = states_chart(x, &(chart_rows){sheet, first, last, categories});
    if (bars == NULL || stack == NULL)
        return at;
    lxw_row_t page_breaks[2] = {brk, 0};   /* copied */
    libro_check(&x->u, worksheet_set_h_pagebreaks(ws, page_breaks), ws, brk, 0);
    /* A little narrower than the table: LibreOffice's column widths come
     * out a few pixels apart from libxlsxwriter's. */
    double width = (0.95 * sheet_pixels(x, FIRST_PAGE_LAST) - GAP_PX) / 2;
    /* Alternative text (read by screen readers): each chart's title. */
    const char *const specs[2] = {"grafica-cumplimiento", "grafica-estados"};
    for (int i = 0; i < 2 && !x->u.failed; i++) {
        const layout_node *spec = chart_spec(x, specs[i]);
        char *alt = spec != NULL ? chart_text(x, spec, "titulo") : NULL;
        lxw_chart_options opt = {.x_offset = i == 0 ? 0 : (int32_t)(width + GAP_PX),
                                 .x_scale = width / chart_px, .y_scale = y_scale,
                                 .description = alt};
        if (alt != NULL)
            libro_check(&x->u, worksheet_insert_chart_opt(ws, at, S_CLAVE,
                                                             i == 0 ? bars : stack, &opt),
                           ws, at, S_CLAVE);
        free(alt);
    }
    return at + CHART_ROWS;
}

/* ---- roll-up sheets ---------------------------------------------------------------- */

/* A threshold's cell format: `sign` then the percent with the decimals
 * it has ("≥ 90 %", "≥ 87.5 %"), bold and centred. */
static lxw_format *threshold_format(xctx *x, const char *sign, paa_dec v)
{
    static const char zeros[] = "0000";
    int d = libro_decimals(v);
    char *code = libro_printf(&x->u, "\"%s \"0%s%.*s\" %%\"", sign, d > 0 ? "." : "",
                              d, zeros);
    lxw_format *f = code != NULL ? number_format(x, x->size, code) : NULL;
    free(code);
    if (f != NULL) {
        format_set_bold(f);
        format_set_align(f, LXW_ALIGN_CENTER);
    }
    return f;
}

/*
 * The semáforo's thresholds (layout <semaforo>), in percent, above the
 * state columns they open, each a named cell (UmbralSobre, UmbralVerde,
 * UmbralAmarillo) that the detail's semáforo and % periodo formulas
 * read; rojo's "< 70 %" is a formula over UmbralAmarillo.
 */
static void threshold_cells(xctx *x, lxw_worksheet *ws, const char *sheet)
{
    const avance_thresholds *t = &x->r->thr;
    static const struct {
        const char *name, *sign;
        avance_state s;
    } cells[] = {{UMBRAL_SOBRE, ">", AVANCE_SOBRE},
                 {UMBRAL_VERDE, "≥", AVANCE_VERDE},
                 {UMBRAL_AMARILLO, "≥", AVANCE_AMARILLO}};
    const paa_dec v[] = {t->sobre, t->verde, t->amarillo};
    libro_style label = x->note;
    label.f = libro_format(&x->u);
    if (label.f != NULL) {
        libro_font_name(&x->u, label.f, layout_attr(x->book, "fuente"));
        format_set_font_size(label.f, x->size);
        format_set_bold(label.f);
        format_set_align(label.f, LXW_ALIGN_RIGHT);
    }
    label.wrap = false;
    libro_merged(&x->u, ws, THRESHOLD_ROW, S_CLAVE, S_ACTIVIDADES,
                 "Umbrales del semáforo (% periodo):", &label);
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        lxw_col_t c = state_col(cells[i].s);
        libro_number(&x->u, ws, THRESHOLD_ROW, c, paa_dec_to_double(v[i]),
                     threshold_format(x, cells[i].sign, v[i]));
        libro_define_name(&x->u, cells[i].name, sheet, THRESHOLD_ROW, c,
                          THRESHOLD_ROW, c);
    }
    libro_formula_num(&x->u, ws, THRESHOLD_ROW, state_col(AVANCE_ROJO),
                      "=" UMBRAL_AMARILLO, threshold_format(x, "<", t->amarillo),
                      paa_dec_to_double(t->amarillo));
    libro_finish_row(&x->u, ws, THRESHOLD_ROW);
}

/*
 * The states chart's categories, «01 (82.6 %)»: each subprograma with its
 * share in green or better, so that the bar that hides a red says so
 * beside it. A formula over the table's share (an edit of the detail
 * moves it too) in a hidden column after the table, which prints nothing
 * and is headed by the chart's columna-categorias, as the detail's
 * helper columns are; the chart is told to show hidden data. Returns that
 * column.
 */
static lxw_col_t chart_categories(xctx *x, lxw_worksheet *ws, size_t n)
{
    const lxw_col_t c = N_SUMMARY_COLS;
    libro_hidden_column(&x->u, ws, c, 14);
    const layout_node *spec = chart_spec(x, "grafica-estados");
    char *title = spec != NULL ? chart_text(x, spec, "columna-categorias") : NULL;
    /* Its header row is finished: a hidden title must not size a later row. */
    libro_style st = x->header;
    st.wrap = false;
    if (title != NULL)
        libro_text(&x->u, ws, SUMMARY_HEADER_ROW, c, title, &st);
    free(title);
    for (size_t i = 0; i < n && !x->u.failed; i++) {
        lxw_row_t row = SUMMARY_HEADER_ROW + 1 + (lxw_row_t)i;
        char key[LXW_MAX_CELL_NAME_LENGTH], share[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(key, row, S_CLAVE);
        lxw_rowcol_to_cell(share, row, S_EN_VERDE);
        char *f = libro_printf(&x->u, "=IF(ISNUMBER(%s),%s&\" (\"&FIXED(%s*100,1)&\" %%)\",%s)",
                               share, key, share, key);
        const avance_rollup *u = &x->r->sub[i];
        const char *numero = x->p->subprogramas[i].numero;
        char pct[32];
        avance_pct_format(u->green_share_tenths, pct, sizeof pct);
        char *cached = u->n_ratio > 0 ? libro_printf(&x->u, "%s (%s)", numero, pct)
                                      : libro_printf(&x->u, "%s", numero);
        if (cached != NULL)
            libro_formula_str(&x->u, ws, row, c, f, NULL, cached);
        free(f);
        free(cached);
    }
    return c;
}

static void write_summary(xctx *x)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "resumen", &spec);
    if (ws == NULL)
        return;
    rollup_header(x, ws, spec);
    sheet_title(x, ws, "resumen por subprograma", N_SUMMARY_COLS - 1);
    threshold_cells(x, ws, layout_attr(spec, "nombre"));
    size_t n = x->p->n_subprogramas;
    group *groups = calloc(n + 1, sizeof *groups);
    if (groups == NULL) {
        libro_fail(&x->u, NULL, 0, 0, "memoria insuficiente");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        size_t first = x->r->sub_first[i];
        groups[i] = (group){s->numero, s->descripcion, x->r->rows + first,
                            x->r->sub_first[i + 1] - first, &x->r->sub[i]};
    }
    lxw_row_t row = rollup_table(x, ws, groups, n, C_SUB, true);
    free(groups);
    lxw_col_t categories = chart_categories(x, ws, n);
    /* The table fills its page: the notes on the method go with the
     * charts on the next one (LibreOffice shrinks a sheet whose page
     * before a manual break would overflow), a row below the break, since
     * LibreOffice draws an object that touches a page's last row on that
     * page too. */
    lxw_row_t brk = row;
    row = method_notes(x, ws, brk + 1);
    lxw_row_t last = summary_charts(x, ws, layout_attr(spec, "nombre"), brk, row + 1, n,
                                    categories);
    /* The chart page must not get the table header printed over it. */
    print_setup(x, ws, spec, -1, S_CLAVE, last, N_SUMMARY_COLS - 1);
    libro_protect(ws);
    worksheet_activate(ws);
}

static void write_projects(xctx *x)
{
    const layout_node *spec;
    lxw_worksheet *ws = add_sheet(x, "proyectos", &spec);
    if (ws == NULL)
        return;
    /* Same table as the summary: its columns are described once. */
    rollup_header(x, ws, layout_child(x->book, "resumen", NULL));
    sheet_title(x, ws, "resumen por proyecto", N_SUMMARY_COLS - 1);
    size_t n = model_count_proyectos(x->p), k = 0;
    group *groups = calloc(n + 1, sizeof *groups);
    if (groups == NULL) {
        libro_fail(&x->u, NULL, 0, 0, "memoria insuficiente");
        return;
    }
    for (size_t i = 0; i < x->p->n_subprogramas; i++)
        for (size_t j = 0; j < x->p->subprogramas[i].n_proyectos; j++, k++) {
            const paa_proyecto *pr = &x->p->subprogramas[i].proyectos[j];
            size_t first = x->r->proy_first[k];
            groups[k] = (group){pr->clave, pr->nombre, x->r->rows + first,
                                x->r->proy_first[k + 1] - first, &x->r->proy[k]};
        }
    lxw_row_t row = rollup_table(x, ws, groups, n, C_PROY, false);
    free(groups);
    print_setup(x, ws, spec, SUMMARY_HEADER_ROW, S_CLAVE, row - 1, N_SUMMARY_COLS - 1);
    libro_protect(ws);
}

/* ---- cancelled activities ---------------------------------------------------------- */

/* Measured against a modified programme: the original's activities the
 * adecuación dropped (not in the compliance), with what they had
 * programmed, on a sheet of their own described by <canceladas> (its
 * five <columna>: clave, actividad, unidad, programado acumulado and
 * anual of the original). */
static void write_cancelled(xctx *x)
{
    const layout_node *spec;
    lxw_worksheet *ws = x->r->original != NULL ? add_sheet(x, "canceladas", &spec) : NULL;
    if (ws == NULL)
        return;
    enum { K_CLAVE, K_ACT, K_UNIDAD, K_PROG, K_ANUAL, N_K };
    lxw_col_t c = 0;
    for (const layout_node *k = layout_child(spec, "columna", NULL); k != NULL && c < N_K;
         k = layout_child(spec, "columna", k), c++) {
        column_width(x, ws, c, k);
        libro_text(&x->u, ws, DETAIL_HEADER_ROW, c, layout_attr(k, "titulo"), &x->header);
    }
    libro_finish_row(&x->u, ws, DETAIL_HEADER_ROW);   /* before the titles' rows */
    if (c != N_K && !x->u.failed) {
        layout_error(x->u.lay, spec, x->u.d, "<canceladas> necesita %d columnas", N_K);
        x->u.failed = true;
        return;
    }
    sheet_title(x, ws, "actividades canceladas por la adecuación", N_K - 1);
    lxw_row_t row = DETAIL_HEADER_ROW + 1;
    for (size_t i = 0; i < x->r->n_canceladas && !x->u.failed; i++, row++) {
        const avance_cancelada *k = &x->r->canceladas[i];
        libro_text(&x->u, ws, row, K_CLAVE, k->act->clave, &x->center);
        libro_text(&x->u, ws, row, K_ACT, k->act->descripcion, &x->text);
        if (k->act->unidad != NULL)
            libro_text(&x->u, ws, row, K_UNIDAD, k->act->unidad, &x->text);
        else
            libro_text(&x->u, ws, row, K_UNIDAD, x->missing, &x->absent);
        put_quantity(x, ws, row, K_PROG, k->prog_acum_known, k->prog_acum, 0);
        put_quantity(x, ws, row, K_ANUAL, k->anual_known, k->anual, 0);
        libro_finish_row(&x->u, ws, row);
    }
    if (x->r->n_canceladas == 0) {
        libro_merged(&x->u, ws, row, 0, N_K - 1,
                     "La adecuación no canceló ninguna actividad.", &x->note);
        libro_finish_row(&x->u, ws, row++);
    }
    static const lxw_col_t text_cols[] = {K_CLAVE};
    libro_text_columns(&x->u, ws, text_cols, 1, DETAIL_HEADER_ROW + 1, row);
    libro_protect(ws);
    print_setup(x, ws, spec, DETAIL_HEADER_ROW, -1, row, N_K - 1);
}

/* ---- workbook ----------------------------------------------------------------------- */

/* <propiedades> of <libro>: title, subject, author… with the layout's
 * placeholders; sample data take the -ejemplo variants. */
static void set_properties(xctx *x, long long epoch)
{
    const layout_node *n = layout_child(x->book, "propiedades", NULL);
    if (n == NULL) {
        layout_error(x->u.lay, x->book, x->u.d, "falta <propiedades> en <libro>");
        x->u.failed = true;
        return;
    }
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, NULL, vars);
    libro_properties(&x->u, n, vars, N_VARS, avance_is_sample(x->a), epoch);
}

/* The layout elements the workbook needs; false after reporting. */
static bool find_layout(xctx *x, const layout *lay, diag_list *d)
{
    x->book = layout_require(lay, "libro", NULL, d);
    x->impresion = x->book ? layout_child(x->book, "impresion", NULL) : NULL;
    const layout_node *det = x->book ? layout_child(x->book, "detalle", NULL) : NULL;
    if (x->book != NULL && (x->impresion == NULL || det == NULL)) {
        layout_error(lay, x->book, d, "<libro> necesita <detalle> e <impresion>");
        return false;
    }
    if (x->book == NULL)
        return false;
    const layout_node *m = layout_find(lay, "sin-dato", NULL);
    x->missing = m != NULL && layout_attr(m, "texto") ? layout_attr(m, "texto") : "—";
    /* The mark is also a formula's string literal (no ratio). */
    if (strchr(x->missing, '"') != NULL) {
        layout_error(lay, m, d, "el texto de <sin-dato> no puede llevar comillas dobles");
        return false;
    }
    return true;
}

int xlsx_avance(const avance *a, const paa_programa *p,
                         const avance_report *r, const layout *lay,
                         long long epoch, const char *out_path, diag_list *d)
{
    xctx x = {.a = a, .p = p, .r = r};
    avance_period(a, x.period, sizeof x.period);
    avance_quarter_label(r->corte, true, x.quarter, sizeof x.quarter);
    if (!find_layout(&x, lay, d) ||
        libro_begin(&x.u, out_path, layout_attr(x.book, "fuente"), lay, d) != 0)
        return -1;
    set_properties(&x, epoch);
    make_formats(&x);
    make_state_formats(&x);
    /* The detail's name is needed by the summaries' formulas; the summary
     * is the first sheet and the one shown on opening. */
    detail_columns(&x);
    write_summary(&x);
    write_projects(&x);
    write_detail(&x);
    write_cancelled(&x);
    free_detail_refs(&x);
    return libro_end(&x.u);
}
