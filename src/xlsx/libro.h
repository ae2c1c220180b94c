/*
 * libro: the workbook engine both workbooks share (private to src/xlsx/;
 * libxlsxwriter's types never leave this folder — other folders include
 * xlsx.h).
 *
 * programa_xlsx.c (the programme) and avance_xlsx.c (the progress report)
 * write through one context whose errors are sticky: the first failing
 * call or bad layout value is reported in Spanish (with the sheet and cell
 * it concerns) and every later write becomes a no-op, so sheet builders
 * read as straight-line code and the result is checked once, when the
 * workbook is finished.
 *
 *   libro.c             context, errors, layout texts and properties,
 *                       formats and colours, sheets and cells;
 *   libro_metricas.c    TrueType advance widths and the row heights of
 *                       wrapped text;
 *   libro_referencias.c quoted sheet names, cell and range references,
 *                       defined names, heap-built formulas;
 *   libro_impresion.c   print setup from a layout's <impresion>;
 *   libro_zip.c         the finished file read back before it is published.
 */
#ifndef PAA_XLSX_LIBRO_H
#define PAA_XLSX_LIBRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <xlsxwriter.h>
/* libxlsxwriter's common.h defines a STATIC of its own (always "static"
 * here): this folder's is base/static.h's. */
#undef STATIC
#undef PAA_BASE_STATIC_H
#include "base/static.h"

#include "base/diag.h"
#include "base/template.h"
#include "model/programa.h"
#include "read/layout.h"
#include "write/outfile.h"

#define LIBRO_NDEC (PAA_DEC_DIGITS + 1)   /* number formats: 0…4 decimals */
#define LIBRO_MAX_COLS 32                 /* columns a sheet may size */
#define LIBRO_MAX_TEXT 32767              /* characters in a cell (Excel) */
#define LIBRO_MAX_FORMULA 8192            /* characters in a formula (Excel) */

/* Advance widths of a TrueType font, read from its hmtx and cmap, so
 * wrapped texts are measured as the spreadsheet will set them. */
typedef struct {
    uint16_t *adv;    /* by character U+0000…U+FFFF, font units */
    double upm;       /* units per em */
    double line;      /* ascender + descender + line gap, em */
} libro_metrics;

typedef struct {
    diag_list *d;
    const layout *lay;        /* getters and "layout" findings */
    const char *out_path;     /* named in "xlsx" and "io" findings */
    lxw_workbook *wb;
    outfile out;
    char *tmpdir;             /* libxlsxwriter's staging: beside the output */
    bool failed;              /* sticky: see the file comment */
    /* The sheet being written: column widths (characters of the default
     * font) and the height the current row needs for its wrapped texts. */
    double width[LIBRO_MAX_COLS];
    double row_height;
    /* Metrics of the cells' font, regular and bold (libro_metrics_load),
     * and the pixel width of a digit of the base font (10 pt). */
    libro_metrics font[2];
    double digit_px;
} libro_ctx;

/* A cell format with what row heights need to know about it. */
typedef struct {
    lxw_format *f;
    bool wrap;      /* text wraps: the row grows with it */
    double size;    /* font size, points */
    bool bold;      /* measured with the bold metrics */
} libro_style;

/* ==== libro.c ============================================================ */

/* ---- workbook ----------------------------------------------------------- */

/* Starts a workbook that libro_end() writes atomically to out_path,
 * with `font` (the layout's) as the workbook's base font. 0, or -1 with a
 * diagnostic (nothing to end then). */
int libro_begin(libro_ctx *x, const char *out_path, const char *font,
                const layout *lay, diag_list *d);

/* Without a recorded error, writes the workbook and renames it over
 * out_path; a write failure (disk full, …) is an "io" finding. With an
 * error, discards the workbook without writing anything. 0 or -1. */
int libro_end(libro_ctx *x);

/*
 * Document properties from layout element n (<propiedades>): attributes
 * titulo, asunto, autor, compania, categoria, palabras-clave and
 * comentarios, each a text with placeholders vars[0..n_vars). With
 * `sample` (example data), an attribute's "-ejemplo" variant
 * (asunto-ejemplo) replaces it when present. `created` dates the
 * document (0 would mean the clock to libxlsxwriter: 1 is used then).
 */
void libro_properties(libro_ctx *x, const layout_node *n,
                      const template_var *vars, size_t n_vars, bool sample,
                      long long created);

/* ---- errors ------------------------------------------------------------- */

/* Records the first error (rule "xlsx"), with the sheet and cell when ws is
 * not NULL. */
void libro_fail(libro_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
                lxw_col_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Records e (unless it is LXW_NO_ERROR) at that cell; returns e == OK. */
bool libro_check(libro_ctx *x, lxw_error e, const lxw_worksheet *ws,
                 lxw_row_t row, lxw_col_t col);

/* A layout getter's result: -1 (already reported with file:line) fails
 * the workbook. Returns rc. */
int libro_layout_rc(libro_ctx *x, int rc);

/* Maps attribute `attr` of n through words[i] -> values[i]. 0 when set,
 * 1 when absent, -1 (reported) for any other word. */
int libro_choice(libro_ctx *x, const layout_node *n, const char *attr,
                 const char *const words[], const uint8_t values[],
                 size_t count, uint8_t *out);

/* ---- layout texts ------------------------------------------------------- */

/*
 * Appends attribute `attr` of n (nothing when absent) to out with its
 * placeholders vars[0..n_vars) expanded by template_expand, each piece
 * passed through `escape` (may be NULL). An unknown placeholder is a
 * layout error at n's line naming the accepted ones. 0, or -1 (reported).
 */
int libro_expand_into(libro_ctx *x, strbuf *out, const layout_node *n,
                      const char *attr, const template_var *vars,
                      size_t n_vars, template_escape escape);

/* The same as a heap string ("" when n lacks attr); NULL once failed. */
char *libro_expand(libro_ctx *x, const layout_node *n, const char *attr,
                   const template_var *vars, size_t n_vars);

/* The placeholders every layout knows, from the programme p: {titulo},
 * {institucion}, {siglas}, {lugar} and {anio} (written into anio). */
#define LIBRO_COMMON_VARS 5
void libro_common_vars(const paa_programa *p, char anio[16],
                       template_var vars[LIBRO_COMMON_VARS]);

/* ---- texts, numbers, colours -------------------------------------------- */

/* s, or NULL when s is NULL or "" (libxlsxwriter rejects empty strings). */
const char *libro_nonempty(const char *s);

/* Decimals that show v exactly (0 … PAA_DEC_DIGITS). */
int libro_decimals(paa_dec v);

/* Reads the number format of each number of decimals from the
 * <numero decimales="0…4" formato="…"> children of `numeros`. 0 or -1. */
int libro_numfmts(libro_ctx *x, const layout_node *numeros,
                  const char *codes[LIBRO_NDEC]);

/* Colour attribute `attr` of n: 0 and *out set, 1 when absent, -1. */
int libro_color_attr(libro_ctx *x, const layout_node *n, const char *attr,
                     lxw_color_t *out);

/* Fill of chart series s from layout node n, so that series stay apart
 * in a grey print as well as in colour: solid in `color`, or, with
 * attribute `trama` (diagonal, horizontal, vertical, rejilla, puntos),
 * that pattern drawn in `color` over `fondo` (white when absent; `fondo`
 * without `trama` is an error). 0, or -1 (reported at n's line). */
int libro_series_fill(libro_ctx *x, lxw_chart_series *s, const layout_node *n);

/* The values a chart shows before any recalculation (its data cache):
 * v[i] of n points, a gap where known[i] is false (known NULL: all are). */
void libro_series_cache(libro_ctx *x, lxw_chart_series *s, const double *v,
                        const bool *known, size_t n);

/* A new format (NULL after recording the failure). */
lxw_format *libro_format(libro_ctx *x);

/* Number format and font name of f, refused (an error) when longer than
 * the 127 bytes libxlsxwriter keeps: it would cut them, maybe inside a
 * character. f NULL is a no-op. */
void libro_num_format(libro_ctx *x, lxw_format *f, const char *code);
void libro_font_name(libro_ctx *x, lxw_format *f, const char *name);

/* ---- sheets ------------------------------------------------------------- */

/* Adds sheet `name` after checking it (non-empty, UTF-8, Excel's rules),
 * so a bad name gets a Spanish message at file:line (the layout or source
 * line that gave it). Resets the column widths noted for row heights.
 * NULL after recording the failure. */
lxw_worksheet *libro_add_sheet(libro_ctx *x, const char *name,
                               const char *file, int line);

/* Sets the width of column c (characters) and notes it for row heights. */
void libro_column(libro_ctx *x, lxw_worksheet *ws, lxw_col_t c, double width);

/* The same for a hidden column (its texts are still measured at that
 * width: a hidden header must not make its row tall). */
void libro_hidden_column(libro_ctx *x, lxw_worksheet *ws, lxw_col_t c,
                         double width);

/* ---- cells (no-ops once failed) ----------------------------------------- */

/* A text, or a formatted blank when s is NULL or "". */
void libro_text(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *s, const libro_style *st);

/* s across columns c0..c1 of row r, merged when it spans. */
void libro_merged(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
                  lxw_col_t c1, const char *s, const libro_style *st);

void libro_number(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                  double v, lxw_format *f);

/* A formula with its cached value, for viewers that do not recalculate.
 * formula NULL (a failed libro_printf) is a no-op; one longer than
 * Excel admits is an error. */
void libro_formula_num(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                       lxw_col_t c, const char *formula, lxw_format *f,
                       double cached);
void libro_formula_str(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                       lxw_col_t c, const char *formula, lxw_format *f,
                       const char *cached);

/* Texts that look like numbers (claves "01", quantities "18") are text on
 * purpose: turns off Excel's "number stored as text" mark on columns
 * cols[0..n) over rows first..last. */
void libro_text_columns(libro_ctx *x, lxw_worksheet *ws, const lxw_col_t *cols,
                        size_t n, lxw_row_t first, lxw_row_t last);

/* ---- editing model ------------------------------------------------------ */

/* Protects ws without a password: formulas cannot be overwritten by
 * accident, cells formatted unlocked stay editable, and whoever means to
 * can unprotect the sheet. Selecting, formatting, sorting and filtering
 * stay allowed. */
void libro_protect(lxw_worksheet *ws);

/* <validacion titulo mensaje titulo-error error> of layout element
 * `sheet`: what a quantity cell accepts over rows r0..r1, columns c0..c1
 * (a number >= 0 with at most four decimals, or the `missing` mark, which
 * holds no double quote); anything else is refused with the layout's
 * message. A missing <validacion> is a layout error. */
void libro_quantity_validation(libro_ctx *x, lxw_worksheet *ws,
                               const layout_node *sheet, const char *missing,
                               lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                               lxw_col_t c1);

/* ==== libro_metricas.c =================================================== */

/* Reads the advance widths of the cells' font from the TrueType files
 * named by attributes `metricas` (regular) and `metricas-negritas` (bold)
 * of n, relative to the layout: the spreadsheet's font (Arial) is not
 * shipped, its metric twin (Liberation Sans) is. Wrapped texts cannot be
 * measured without them. 0, or -1 (reported at n). */
int libro_metrics_load(libro_ctx *x, const layout_node *n);

/* Frees what libro_metrics_load read (libro_end does it). */
void libro_metrics_free(libro_ctx *x);

/* Notes that a text of style st wraps in columns c0..c1 of the current
 * row (libro_text/merged do it for wrapping styles). */
void libro_note_lines(libro_ctx *x, lxw_col_t c0, lxw_col_t c1, const char *s,
                      const libro_style *st);

/* Gives row r the height its wrapped texts need (LibreOffice keeps the
 * default height of wrapped rows on import, and no spreadsheet grows a
 * row for a merged cell) and starts the next row. */
void libro_finish_row(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r);

/* ==== libro_referencias.c ================================================ */

/* printf into a new heap string (free() it); NULL once failed or when out
 * of memory. Formulas are built this way so none is ever truncated. */
char *libro_printf(libro_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sheet name as formulas cite it: always quoted, apostrophes doubled
 * ("Det'alle" -> 'Det''alle'). Heap string, NULL as above. */
char *libro_sheet_ref(libro_ctx *x, const char *name);

/* Absolute reference to a range of sheet `sheet` ('Hoja'!$B$5:$B$9, even
 * when it is one cell); a NULL sheet cites the formula's own sheet. */
char *libro_range_ref(libro_ctx *x, const char *sheet, lxw_row_t r0,
                      lxw_col_t c0, lxw_row_t r1, lxw_col_t c1);

/* Defines workbook name `name` as the range of `sheet`. */
void libro_define_name(libro_ctx *x, const char *name, const char *sheet,
                       lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1);

/* Structured reference to column `title` of table `table`
 * (Tabla[Título], with [ ] # ' escaped). Heap string, NULL as above. */
char *libro_col_ref(libro_ctx *x, const char *table, const char *title);

/* The same column in the table's row of the formula, in the "@" form
 * (Tabla[@[Título]]) that libro_this_row turns into what cells hold. */
char *libro_row_ref(libro_ctx *x, const char *table, const char *title);

/* A calculated column's formula ("@" for this row, as Excel's table
 * columns are written) as a cell of the column holds it. */
char *libro_this_row(libro_ctx *x, const char *formula);

/* An Excel Table (ListObject) over rows r0..r1, columns c0..c1, row r0
 * its header: titles[i] are the columns' names (formulas cite them),
 * formulas[i] (or NULL) a calculated column that Excel extends to new
 * rows. Added before the data cells, which replace the table's uncached
 * formulas. Unstyled: the cells keep the layout's formats. */
typedef struct {
    const char *name;
    lxw_row_t r0, r1;
    lxw_col_t c0, c1;
    const char *const *titles;
    const char *const *formulas;
    lxw_format *header_format;
} libro_table_spec;
void libro_table(libro_ctx *x, lxw_worksheet *ws, const libro_table_spec *t);

/* Text `text` in cell (r, c), in format f, linking to cell (to_row,
 * to_col) of sheet `sheet` of the same workbook. */
void libro_link(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *sheet, lxw_row_t to_row, lxw_col_t to_col,
                const char *text, lxw_format *f);

/* ==== libro_impresion.c ================================================== */

typedef struct {
    /* <impresion papel orientacion paginas-ancho|escala margen-…> with
     * <encabezado> and <pie> (each of one or more <renglon tamano
     * izquierda centro derecha>); `sheet` (may be NULL) may override
     * paginas-ancho or escala for its sheet, and <pie> with a child. */
    const layout_node *impresion;
    const layout_node *sheet;
    const template_var *vars;   /* besides {pagina} and {paginas} */
    size_t n_vars;
    int repeat_row;             /* table header, printed on every page;
                                   -1: none */
    int repeat_col;             /* key column printed on every page when a
                                   row spans pages; -1: none */
    lxw_col_t first_col, last_col;   /* print area: rows 0..last_row */
    lxw_row_t last_row;
} libro_page;

/* Paper, orientation, margins, scaling, running header and footer,
 * repeated rows and print area of ws. */
void libro_page_setup(libro_ctx *x, lxw_worksheet *ws, const libro_page *pg);

/* ==== reachable from unit tests only ===================================== */

/* Reads the finished workbook at path back: a complete zip whose every
 * part inflates to the length and CRC-32 its directory records, with the
 * parts every workbook has. 0, or -1 with the Spanish reason in why. */
int libro_verify_zip(const char *path, char *why, size_t size);

#ifdef PAA_TESTING
/* Spanish text of a libxlsxwriter error (its own strings are English). */
const char *libro_strerror(lxw_error e);

/* A layout colour as libxlsxwriter wants it; black is not 0, which
 * libxlsxwriter reads as "no colour". */
lxw_color_t libro_color(layout_rgb c);

/* A formatted blank cell. */
void libro_blank(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                 lxw_format *f);

/* Lines that s takes, set in style st and wrapped at spaces (and inside a
 * word longer than a line) into `width` points. */
int libro_text_lines(const libro_ctx *x, const char *s, double width,
                     const libro_style *st);

/* avance_xlsx.c's formula builders (heap strings with the "=", NULL once
 * failed): a detail row's semáforo, % periodo, capped % and % anual from
 * references to its cells (the quarter's state and % are the same
 * builders over the quarter's pair); a roll-up's count of a state and
 * capped mean. */
char *state_formula(libro_ctx *u, const char *alc, const char *prog);
char *periodo_formula(libro_ctx *u, const char *alc, const char *prog,
                      const char *state, const char *missing);
char *tope_formula(libro_ctx *u, const char *alc, const char *prog,
                   const char *pct);
char *anual_formula(libro_ctx *u, const char *alc, const char *anual,
                    const char *missing);
char *count_formula(libro_ctx *u, const char *match, const char *state,
                    const char *word);
char *mean_formula(libro_ctx *u, const char *match, const char *tope,
                   const char *con, const char *missing);
/* The quarter's achieved (cumulative less the achieved before the
 * quarter, never below 0); a roll-up's sin programación with something
 * achieved, its count in green or better, and a share n/con. */
char *quarter_formula(libro_ctx *u, const char *alc, const char *prev,
                      const char *missing);
char *con_avance_formula(libro_ctx *u, const char *match, const char *state,
                         const char *alc);
char *green_formula(libro_ctx *u, const char *match, const char *state);
char *share_formula(libro_ctx *u, const char *n, const char *con,
                    const char *missing);
#endif

#endif
