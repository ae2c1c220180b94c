/*
 * xlsxutil: the libxlsxwriter plumbing both workbooks share.
 *
 * programa_xlsx.c (the programme) and avance_xlsx.c (the progress report)
 * write through one context whose errors are sticky: the first failing
 * call or bad layout value is reported in Spanish (with the sheet and cell
 * it concerns) and every later write becomes a no-op, so sheet builders
 * read as straight-line code and the result is checked once, when the
 * workbook is finished. Also here: text cells that are valid for Excel,
 * number formats by decimals, colours, validated sheet names, quoted
 * references and formulas built on the heap (never truncated), row heights
 * for wrapped text, and print setup read from a layout's <impresion>.
 */
#ifndef PAA_XLSXUTIL_H
#define PAA_XLSXUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

#include "base/diag.h"
#include "read/layout.h"
#include "model/programa.h"
#include "write/outfile.h"

#define XLSXUTIL_NDEC (PAA_DEC_DIGITS + 1)   /* number formats: 0…4 decimals */
#define XLSXUTIL_MAX_COLS 32                 /* columns a sheet may size */
#define XLSXUTIL_MAX_TEXT 32767              /* characters in a cell (Excel) */
#define XLSXUTIL_MAX_FORMULA 8192            /* characters in a formula (Excel) */

/* Advance widths of a TrueType font, read from its hmtx and cmap, so
 * wrapped texts are measured as the spreadsheet will set them. */
typedef struct {
    uint16_t *adv;    /* by character U+0000…U+FFFF, font units */
    double upm;       /* units per em */
    double line;      /* ascender + descender + line gap, em */
} xlsxutil_metrics;

typedef struct {
    diag_list *d;
    const layout *lay;        /* getters and "layout" findings */
    const char *out_path;     /* named in "xlsx" and "io" findings */
    lxw_workbook *wb;
    outfile out;
    bool failed;              /* sticky: see the file comment */
    /* The sheet being written: column widths (characters of the default
     * font) and the height the current row needs for its wrapped texts. */
    double width[XLSXUTIL_MAX_COLS];
    double row_height;
    /* Metrics of the cells' font, regular and bold (xlsxutil_metrics_load),
     * and the pixel width of a digit of the base font (10 pt). */
    xlsxutil_metrics font[2];
    double digit_px;
} xlsxutil_ctx;

/* A cell format with what row heights need to know about it. */
typedef struct {
    lxw_format *f;
    bool wrap;      /* text wraps: the row grows with it */
    double size;    /* font size, points */
    bool bold;      /* measured with the bold metrics */
} xlsxutil_style;

/* ---- workbook ----------------------------------------------------------- */

/* Starts a workbook that xlsxutil_end() writes atomically to out_path,
 * with `font` (the layout's) as the workbook's base font. 0, or -1 with a
 * diagnostic (nothing to end then). */
int xlsxutil_begin(xlsxutil_ctx *x, const char *out_path, const char *font,
                   const layout *lay, diag_list *d);

/* Reads the advance widths of the cells' font from the TrueType files
 * named by attributes `metricas` (regular) and `metricas-negritas` (bold)
 * of n, relative to the layout: the spreadsheet's font (Arial) is not
 * shipped, its metric twin (Liberation Sans) is. Wrapped texts cannot be
 * measured without them. 0, or -1 (reported at n). */
int xlsxutil_metrics_load(xlsxutil_ctx *x, const layout_node *n);

/* Without a recorded error, writes the workbook and renames it over
 * out_path; a write failure (disk full, …) is an "io" finding. With an
 * error, discards the workbook without writing anything. 0 or -1. */
int xlsxutil_end(xlsxutil_ctx *x);

/* ---- errors ------------------------------------------------------------- */

/* Spanish text of a libxlsxwriter error (its own strings are English). */
const char *xlsxutil_strerror(lxw_error e);

/* Records the first error (rule "xlsx"), with the sheet and cell when ws is
 * not NULL. */
void xlsxutil_fail(xlsxutil_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
                   lxw_col_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Records e (unless it is LXW_NO_ERROR) at that cell; returns e == OK. */
bool xlsxutil_check(xlsxutil_ctx *x, lxw_error e, const lxw_worksheet *ws,
                    lxw_row_t row, lxw_col_t col);

/* A layout getter's result: -1 (already reported with file:line) fails
 * the workbook. Returns rc. */
int xlsxutil_layout_rc(xlsxutil_ctx *x, int rc);

/* Maps attribute `attr` of n through words[i] -> values[i]. 0 when set,
 * 1 when absent, -1 (reported) for any other word. */
int xlsxutil_choice(xlsxutil_ctx *x, const layout_node *n, const char *attr,
                    const char *const words[], const uint8_t values[],
                    size_t count, uint8_t *out);

/* ---- texts, numbers, colours -------------------------------------------- */

/* Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
bool xlsxutil_utf8_valid(const char *s);

/* s, or NULL when s is NULL or "" (libxlsxwriter rejects empty strings). */
const char *xlsxutil_nonempty(const char *s);

/* Decimals that show v exactly (0 … PAA_DEC_DIGITS). */
int xlsxutil_decimals(paa_dec v);

/* Reads the number format of each number of decimals from the
 * <numero decimales="0…4" formato="…"> children of `numeros`. 0 or -1. */
int xlsxutil_numfmts(xlsxutil_ctx *x, const layout_node *numeros,
                     const char *codes[XLSXUTIL_NDEC]);

/* A layout colour as libxlsxwriter wants it; black is not 0, which
 * libxlsxwriter reads as "no colour". */
lxw_color_t xlsxutil_color(layout_rgb c);

/* Colour attribute `attr` of n: 0 and *out set, 1 when absent, -1. */
int xlsxutil_color_attr(xlsxutil_ctx *x, const layout_node *n,
                        const char *attr, lxw_color_t *out);

/* Fill of chart series s from layout node n, so that series stay apart
 * in a grey print as well as in colour: solid in `color`, or, with
 * attribute `trama` (diagonal, horizontal, vertical, rejilla, puntos),
 * that pattern drawn in `color` over `fondo` (white when absent; `fondo`
 * without `trama` is an error). 0, or -1 (reported at n's line). */
int xlsxutil_series_fill(xlsxutil_ctx *x, lxw_chart_series *s,
                         const layout_node *n);

/* A new format (NULL after recording the failure). */
lxw_format *xlsxutil_format(xlsxutil_ctx *x);

/* Number format and font name of f, refused (an error) when longer than
 * the 127 bytes libxlsxwriter keeps: it would cut them, maybe inside a
 * character. f NULL is a no-op. */
void xlsxutil_num_format(xlsxutil_ctx *x, lxw_format *f, const char *code);
void xlsxutil_font_name(xlsxutil_ctx *x, lxw_format *f, const char *name);

/* ---- sheets ------------------------------------------------------------- */

/* Adds sheet `name` after checking it (non-empty, UTF-8, Excel's rules),
 * so a bad name gets a Spanish message at file:line (the layout or source
 * line that gave it). Resets the column widths noted for row heights.
 * NULL after recording the failure. */
lxw_worksheet *xlsxutil_add_sheet(xlsxutil_ctx *x, const char *name,
                                  const char *file, int line);

/* Sets the width of column c (characters) and notes it for row heights. */
void xlsxutil_column(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_col_t c,
                     double width);

/* ---- cells (no-ops once failed) ----------------------------------------- */

/* A text, or a formatted blank when s is NULL or "". */
void xlsxutil_text(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                   lxw_col_t c, const char *s, const xlsxutil_style *st);

/* s across columns c0..c1 of row r, merged when it spans. */
void xlsxutil_merged(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c0, lxw_col_t c1, const char *s,
                     const xlsxutil_style *st);

void xlsxutil_number(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c, double v, lxw_format *f);
void xlsxutil_blank(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                    lxw_col_t c, lxw_format *f);

/* A formula with its cached value, for viewers that do not recalculate.
 * formula NULL (a failed xlsxutil_printf) is a no-op; one longer than
 * Excel admits is an error. */
void xlsxutil_formula_num(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          double cached);
void xlsxutil_formula_str(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          const char *cached);

/* Notes that a text of style st wraps in columns c0..c1 of the current
 * row (xlsxutil_text/merged do it for wrapping styles). */
void xlsxutil_note_lines(xlsxutil_ctx *x, lxw_col_t c0, lxw_col_t c1,
                         const char *s, const xlsxutil_style *st);

/* Lines that s takes, set in style st and wrapped at spaces (and inside a
 * word longer than a line) into `width` points. */
int xlsxutil_text_lines(const xlsxutil_ctx *x, const char *s, double width,
                        const xlsxutil_style *st);

/* Gives row r the height its wrapped texts need (LibreOffice keeps the
 * default height of wrapped rows on import, and no spreadsheet grows a
 * row for a merged cell) and starts the next row. */
void xlsxutil_finish_row(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r);

/* Texts that look like numbers (claves "01", quantities "18") are text on
 * purpose: turns off Excel's "number stored as text" mark on columns
 * cols[0..n) over rows first..last. */
void xlsxutil_text_columns(xlsxutil_ctx *x, lxw_worksheet *ws,
                           const lxw_col_t *cols, size_t n, lxw_row_t first,
                           lxw_row_t last);

/* ---- formulas ----------------------------------------------------------- */

/* printf into a new heap string (free() it); NULL once failed or when out
 * of memory. Formulas are built this way so none is ever truncated. */
char *xlsxutil_printf(xlsxutil_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A placeholder of layout texts (headings, legends, headers and footers):
 * "{key}" becomes value. */
typedef struct {
    const char *key;     /* with braces: "{titulo}" */
    const char *value;   /* NULL reads as "" */
} xlsxutil_var;

/* Attribute `attr` of n with its placeholders vars[0..n_vars) replaced, as
 * a heap string ("" when n lacks it); a "{" that starts none of them is a
 * layout error at n's line. NULL once failed. */
char *xlsxutil_expand(xlsxutil_ctx *x, const layout_node *n, const char *attr,
                      const xlsxutil_var *vars, size_t n_vars);

/* Sheet name as formulas cite it: always quoted, apostrophes doubled
 * ("Det'alle" -> 'Det''alle'). Heap string, NULL as above. */
char *xlsxutil_sheet_ref(xlsxutil_ctx *x, const char *name);

/* Absolute reference to a cell of sheet `sheet` ('Det''alle'!$B$5); a
 * NULL sheet cites the formula's own sheet ($B$5). Heap string. */
char *xlsxutil_cell_ref(xlsxutil_ctx *x, const char *sheet, lxw_row_t r,
                        lxw_col_t c);

/* The same for a range ('Hoja'!$B$5:$B$9, even when it is one cell). */
char *xlsxutil_range_ref(xlsxutil_ctx *x, const char *sheet, lxw_row_t r0,
                         lxw_col_t c0, lxw_row_t r1, lxw_col_t c1);

/* Defines workbook name `name` as the range of `sheet`. */
void xlsxutil_define_name(xlsxutil_ctx *x, const char *name,
                          const char *sheet, lxw_row_t r0, lxw_col_t c0,
                          lxw_row_t r1, lxw_col_t c1);

/* ---- printing ----------------------------------------------------------- */

typedef struct {
    /* <impresion papel orientacion paginas-ancho|escala margen-…> with
     * <encabezado> and <pie>; `sheet` (may be NULL) may override
     * paginas-ancho or escala for its sheet, and <pie> with a child. */
    const layout_node *impresion;
    const layout_node *sheet;
    const xlsxutil_var *vars;   /* besides {pagina} and {paginas} */
    size_t n_vars;
    int repeat_row;             /* table header, printed on every page;
                                   -1: none */
    int repeat_col;             /* key column printed on every page when a
                                   row spans pages; -1: none */
    lxw_col_t first_col, last_col;   /* print area: rows 0..last_row */
    lxw_row_t last_row;
} xlsxutil_page;

/* Paper, orientation, margins, scaling, running header and footer,
 * repeated rows and print area of ws. */
void xlsxutil_page_setup(xlsxutil_ctx *x, lxw_worksheet *ws,
                         const xlsxutil_page *pg);

#endif
