/*
 * typeset: the shared typesetting engine over libharu.
 *
 * Both PDF documents (the programme, programa_pdf.c, and the progress
 * reports, avance_pdf.c) are set with this module, so it knows nothing
 * about programmes: it knows pages, fonts, styles, paragraphs, tables,
 * outlines, page labels and a contents list whose page numbers are
 * filled in after layout.
 *
 * Model of use (one pass, top to bottom):
 *
 *   ts_doc *ts;
 *   typeset_open(&ts, &page_spec, epoch, d);      // page spec from layout
 *   typeset_fonts_load(ts, lay, d);               // every <fuente>
 *   typeset_style_by_id(ts, lay, "id", &st, d);   // one per <estilo>
 *   typeset_running_load(ts, lay, vars, n, d);    // header/footer
 *   typeset_new_page(ts, TS_PAGE_BARE);           // cover
 *   typeset_paragraph(ts, &title, "Programa…");
 *   typeset_numbering(ts, TS_NUM_ROMAN, 1);       // front matter
 *   typeset_new_page(ts, 0);
 *   typeset_toc_entry(ts, &toc, "Presentación.", "presentacion");
 *   ...
 *   typeset_anchor(ts, "presentacion");           // later, where it is
 *   typeset_page_legend(ts, &legend, parts, n, " "); // foot of pages to come
 *   ...
 *   typeset_save(ts, out_path, d);                // resolves, writes
 *   typeset_close(ts);
 *
 * Text: every string passed in is UTF-8. Fonts are TrueType files
 * embedded with libharu's single-byte WinAnsiEncoding (CP1252), which
 * covers Spanish (á é í ó ú ü ñ Á É Í Ó Ú Ñ ¿ ¡ “ ” « » – —); text is
 * converted on the way in and a character outside CP1252 is an error
 * (rule "pdf") naming the character, never a silent "?".
 *
 * Errors are values and they are sticky: the first failure (a libharu
 * error, a layout error, an unrepresentable character, out of memory)
 * adds a diagnostic and marks the document failed; every later call is
 * a no-op returning -1, and typeset_save() then refuses to write. So a
 * caller may check each call or only the final typeset_save().
 *
 * Units are PostScript points (1/72 in). Coordinates given to callers
 * (ts_box) are libharu's: origin at the bottom-left of the page.
 *
 * Reproducibility: compression is on, the creation and modification
 * dates come from `epoch`, and the trailer /ID is derived from the
 * document content, so equal inputs give equal bytes.
 */
#ifndef PAA_TYPESET_H
#define PAA_TYPESET_H

#include <stdbool.h>
#include <stddef.h>

#include <hpdf.h>

#include "base/diag.h"
#include "base/template.h"
#include "read/layout.h"

typedef struct ts_doc ts_doc;
typedef struct ts_font ts_font;   /* owned by the document */

/* ---- page geometry ------------------------------------------------------ */

typedef struct {
    double width, height;                  /* pt, already oriented */
    double margin_top, margin_right, margin_bottom, margin_left;
    /* Space reserved between the margin and the body for the running
     * header (above) and footer (below); the running texts are drawn
     * inside these bands. */
    double header_height, footer_height;
} ts_page_spec;

/*
 * Reads a page spec from a layout element such as
 *   <pagina papel="carta" orientacion="horizontal" margen-superior="15mm"
 *           margen-inferior="15mm" margen-izquierdo="15mm"
 *           margen-derecho="15mm" encabezado="14mm" pie="8mm"/>
 * papel: carta | oficio | a4 | a3 | medio-oficio ... or explicit
 * ancho/alto lengths (which win); orientacion: horizontal | vertical.
 * Defaults: US Letter landscape, 20mm margins, no header/footer bands.
 * 0, or -1 with a "layout" diagnostic naming the line.
 */
int typeset_page_spec_load(const layout *lay, const layout_node *n,
                           ts_page_spec *out, diag_list *d);

/* ---- styles ------------------------------------------------------------- */

typedef enum { TS_LEFT, TS_CENTER, TS_RIGHT, TS_JUSTIFY } ts_align;

typedef struct {
    const ts_font *font;
    double size;            /* pt */
    double leading;         /* baseline to baseline, pt; 0 = 1.2 × size */
    layout_rgb color;
    ts_align align;
    bool has_fill;          /* paint `fill` behind the block / cell */
    layout_rgb fill;
    /* Padding inside a table cell or around a filled block. */
    double pad_top, pad_right, pad_bottom, pad_left;
    /* Vertical space around a paragraph (ignored inside cells). */
    double space_before, space_after;
    /* Left indent of every line, and extra indent of the first line
     * (negative = hanging, as in a numbered list). */
    double indent, first_indent;
    bool uppercase;         /* set the text in capitals */
    /* Set the text on one line (a number in a table cell): when it is
     * wider than its measure the font is shrunk, keeping the line height.
     * `min_size` is the smallest size a layout expects to need; a figure
     * that does not fit even then is shrunk further rather than split
     * (a reader would see two numbers) or drawn past its cell. */
    bool nowrap;
    double min_size;
    /* Where the style was defined (set by typeset_style_by_id; NULL / 0 for
     * a style built in code), so that a style that cannot be set -- a
     * line taller than the page, a measure narrower than one em -- is
     * reported as a "layout" error at its <estilo> line, by its id. */
    const char *name, *src_file;
    int src_line;
} ts_style;

/*
 * Registers every <fuente id="…" archivo="…"/> child of the layout root
 * (archivo is relative to the layout file, resolved with layout_resolve).
 * Only the fonts shipped in the data directory's fonts/ are loaded: the
 * data directory is $PAA_DATA_DIR or, unset, the build's PAA_DATA_DIR,
 * and a path resolving (symbolic links followed) outside its fonts/ is
 * a "layout" error at the <fuente> line. Fonts are TrueType, embedded.
 */
int typeset_fonts_load(ts_doc *ts, const layout *lay, diag_list *d);

/*
 * Reads the layout's <documento pdfa="si|no" perfil-color="…" idioma="…">
 * (optional): by default the document is PDF/A-1b, its output intent the
 * profile color/sRGB.icc that paa ships, its language es-MX. The profile
 * must lie in the data directory's color/ and be one PDF/A-1 accepts
 * (ICC version 2, RGB); otherwise a layout error at the element. 0 or -1.
 */
int typeset_archive_load(ts_doc *ts, const layout *lay);

/*
 * Opens a document as its layout describes it: the <pagina> (into *page),
 * then typeset_open, typeset_fonts_load and typeset_archive_load — what
 * every document does first. 0 with *out open; -1 (reported) with *out
 * NULL and nothing left to close.
 */
int typeset_open_layout(ts_doc **out, const layout *lay, long long epoch,
                        ts_page_spec *page, diag_list *d);

/* Font registered under `id`, or NULL. */
const ts_font *typeset_font(const ts_doc *ts, const char *id);

/*
 * Fills *out from the attributes of the <estilo id="id"> element
 * (required):
 *   fuente (font id, required unless inherited), tamano,
 *   interlineado (lengths; a plain number is points), color, fondo,
 *   alineacion (izquierda | centro | derecha | justificada), relleno (all
 *   four paddings) and relleno-superior / -derecho / -inferior /
 *   -izquierdo, espacio-antes, espacio-despues, sangria, sangria-primera,
 *   mayusculas (si/no), sin-corte (si/no: `nowrap`) and tamano-minimo
 *   (`min_size`, at most tamano).
 * Attributes absent keep the built-in defaults (10pt black, left
 * aligned, no padding), or with attribute hereda="id" the values of the
 * <estilo> with that id, so styles can inherit. 0, or -1 with a diagnostic naming the line. A style
 * that can never be set on the document's page is refused here: a line
 * (leading plus vertical padding) taller than the body frame, or indents
 * that leave less than one em (the font size) of the frame's width.
 * Narrower measures (table cells, list items) are checked when text is
 * set in them, with the same "layout" error at the style's line.
 */
int typeset_style_by_id(ts_doc *ts, const layout *lay, const char *id,
                        ts_style *out, diag_list *d);

/*
 * Appends the text `tmpl` of layout element n to out with the placeholders
 * of vars[0..nvars) expanded (base/template.h). An unknown placeholder is
 * a "layout" error at n's line listing the accepted ones, out of memory an
 * error too; 0 or -1 (reported). Every layout text of a PDF goes through
 * here, so both documents treat placeholders alike.
 */
int typeset_template(const layout *lay, const layout_node *n, strbuf *out,
                     const char *tmpl, const template_var *vars, size_t nvars,
                     diag_list *d);

/* ---- document ----------------------------------------------------------- */

/*
 * Creates a document. libharu errors are routed, through the handler's
 * user data (no globals), to Spanish diagnostics of rule "pdf" in `d`;
 * `d` must outlive the document. 0, or -1 with a diagnostic.
 */
int typeset_open(ts_doc **out, const ts_page_spec *page, long long epoch,
                 diag_list *d);
/* Releases everything; accepts NULL. Never writes a file. */
void typeset_close(ts_doc *ts);

/*
 * Where the text being set comes from, for diagnostics: a failure while
 * setting it (e.g. a character the fonts cannot show) is reported at
 * file:line with the clave. Strings are not copied: they must outlive
 * the next typeset_context call. NULL / 0 clear a field.
 */
void typeset_context(ts_doc *ts, const char *file, int line, const char *clave);

/* true once any call has failed (see "sticky errors" above). */
bool typeset_failed(const ts_doc *ts);

/* Document information dictionary (UTF-8; NULL leaves a field out). */
int typeset_set_info(ts_doc *ts, const char *title, const char *author,
                     const char *subject, const char *keywords);

/*
 * Writes the document atomically to out_path (outfile.h): resolves the
 * contents entries and links, draws the running header and footer of
 * every page, and saves. On any failure no file is left. 0 or -1; a
 * failure to write the file (disk full, including libharu's own errors
 * while saving) is reported under rule "io", as every output of paa is.
 */
int typeset_save(ts_doc *ts, const char *out_path, diag_list *d);

/* ---- pages, numbering, running header and footer ------------------------ */

typedef enum {
    TS_NUM_NONE,          /* no printed number (a cover); empty page label */
    TS_NUM_ROMAN,         /* I, II, III … */
    TS_NUM_ROMAN_LOWER,   /* i, ii, iii … */
    TS_NUM_ARABIC         /* 1, 2, 3 … */
} ts_numbering;

/*
 * From the next new page on, pages are numbered in `style` starting at
 * `first`; the PDF page labels say the same (HPDF_AddPageLabel), so a
 * viewer's page box shows "II" where the printed footer shows "II".
 */
int typeset_numbering(ts_doc *ts, ts_numbering style, int first);

/* The page label of unnumbered pages (TS_NUM_NONE) from the next new page
 * on: a viewer shows it (e.g. "Portada") instead of an empty box. NULL or
 * "": empty. */
int typeset_unnumbered_label(ts_doc *ts, const char *label);

/* Flags for typeset_new_page. */
#define TS_PAGE_BARE 1u   /* no running header or footer (a cover) */

/* Starts a page; the body frame begins below the header band. */
int typeset_new_page(ts_doc *ts, unsigned flags);

/* Pages so far (the current page is the last, index count - 1). */
size_t typeset_page_count(const ts_doc *ts);

/* Starts a new page unless at least `height` pt remain on this one (or
 * no page exists yet). */
int typeset_need(ts_doc *ts, double height);

/* Vertical space; dropped at the top of a page (no leading white). */
int typeset_space(ts_doc *ts, double height);

/* Width of the body frame of the current page. */
double typeset_frame_width(const ts_doc *ts);

/*
 * Running texts: a header band and a footer band, each of up to
 * TS_RUNNING_MAX_LINES texts drawn, in their style (alignment included),
 * on every page not marked TS_PAGE_BARE: the header from the top margin
 * down, the footer so that its last line sits on the bottom margin. A
 * rule of `rule_width` pt (0: none) in `rule_color` separates the header
 * band from the body. Any running text may contain "{pagina}" (printed
 * page number) and "{paginas}" (total pages). Strings are copied.
 *
 * A text with `joined[i]` set shares the baseline of the text before it
 * instead of going below it: a left-aligned title and a right-aligned
 * page number side by side, whatever their sizes. Each text of such a row
 * is given the width the others leave, so they never overlap.
 */
#define TS_RUNNING_MAX_LINES 3
typedef struct {
    const char *text[TS_RUNNING_MAX_LINES];   /* NULL = unused line */
    ts_style style[TS_RUNNING_MAX_LINES];
    bool joined[TS_RUNNING_MAX_LINES];        /* [0] is ignored */
} ts_band;

typedef struct {
    ts_band header, footer;
    double rule_width;
    layout_rgb rule_color;
} ts_running;

int typeset_set_running(ts_doc *ts, const ts_running *r);

/*
 * Reads the running header and footer from the layout (the first
 * <encabezado> and <pie> of the file) in the vocabulary every layout
 * shares:
 *   <encabezado linea="0.5pt" color-linea="#000000">
 *     <renglon estilo="id" [tamano="8"] izquierda="…" centro="…" derecha="…"/>
 *   </encabezado>
 *   <pie><renglon estilo="id" centro="Página {pagina} de {paginas}"/></pie>
 * Each text of a <renglon> is set in the row's style aligned by its
 * position (the texts of one row share its baseline); a text that expands
 * to nothing is left out, and so is a row with no text. Texts are expanded
 * with vars (typeset_template), which must keep {pagina} and {paginas} for
 * the engine. At most TS_RUNNING_MAX_LINES texts per band. Then
 * typeset_set_running. 0, or -1 with a
 * "layout" diagnostic at the line.
 */
int typeset_running_load(ts_doc *ts, const layout *lay, const template_var *vars,
                         size_t nvars, diag_list *d);

/*
 * A legend at the foot of the body of every page started from now on,
 * until changed (the legend of a table that runs over several pages), made
 * of parts of which a page prints only those it needs: a part with a `mark`
 * is printed on a page only if that mark was drawn there in a table cell
 * (ts_cell.mark or ts_cell.uses); a part without one is always printed.
 * The parts printed are joined with `sep`. Room for all of them is kept
 * at the foot of every page; the legend is drawn when the page is done,
 * so the marks of the whole page are known. Strings are copied; n = 0
 * removes the legend. At most TS_LEGEND_MAX_PARTS parts. It is set in
 * `st` across the body frame, just above the footer band, and the body
 * frame ends above it (with the style's space_before as the gap).
 */
#define TS_LEGEND_MAX_PARTS 16
typedef struct {
    const char *mark;   /* UTF-8; NULL: always printed */
    const char *text;   /* the explanation, mark included as it is to read */
} ts_legend_part;

int typeset_page_legend(ts_doc *ts, const ts_style *st, const ts_legend_part *parts,
                        size_t n, const char *sep);

/* ---- flowing text ------------------------------------------------------- */

/* A run of text in one style; paragraphs mix runs ("Área:" bold, then
 * the name in the body style). */
typedef struct {
    const ts_style *style;
    const char *text;   /* UTF-8 */
} ts_run;

/*
 * Sets a paragraph in the body frame with the first run's alignment,
 * indents and spacing; breaks across pages between lines, never leaving
 * a single first or last line alone on a page when the paragraph has
 * more than three lines. A word wider than the line is broken (see
 * typeset_wrap_count). Text drawn never passes the frame.
 */
int typeset_paragraph(ts_doc *ts, const ts_style *st, const char *text);
int typeset_paragraph_runs(ts_doc *ts, const ts_run *runs, size_t n);

/* Height typeset_paragraph would take in the body frame, spacing
 * included (as at the middle of a page); -1 on failure. */
double typeset_paragraph_height(ts_doc *ts, const ts_style *st, const char *text);

/* A list item: `label` ("IX.", "•") right-aligned in a hanging column of
 * `label_width` pt, then the text. */
int typeset_list_item(ts_doc *ts, const ts_style *st, const char *label,
                      double label_width, const char *text);

/* ---- outline, anchors, contents ------------------------------------------ */

/*
 * Adds a bookmark at the current position, at nesting `level` (0 = top;
 * a level opens under the last bookmark of the level above). The
 * bookmark is open when `open`.
 */
int typeset_bookmark(ts_doc *ts, int level, const char *title, bool open);

/* Names the current position `id` (copied); targets of contents entries
 * and links. Defining an id twice is an error. */
int typeset_anchor(ts_doc *ts, const char *id);

/*
 * A contents line: the text (wrapped in the style if long), dot leaders
 * and the printed page number of anchor `id`, which may be defined
 * later. Number, leaders and a link over the whole entry are filled in
 * by typeset_save; an id never defined is an error then.
 */
int typeset_toc_entry(ts_doc *ts, const ts_style *st, const char *text,
                      const char *id);

/* ---- tables ------------------------------------------------------------- */

typedef struct ts_table ts_table;

/*
 * Column widths in pt; they are scaled to the frame width when their sum
 * differs from it (so layouts may give proportions). The header cells
 * (one per column, UTF-8) are repeated at the top of every page the
 * table occupies. Rules: `rule_width` pt in `rule_color` around cells
 * (0: none).
 */
typedef struct {
    size_t ncols;
    const double *widths;
    const char *const *header;        /* NULL: no header row */
    const ts_style *header_style;
    double rule_width;
    layout_rgb rule_color;
    /* Mark areas: when not NULL, mark_width[i] > 0 reserves that many pt at
     * the right of every right-aligned one-column cell of column i, inside
     * its padding, for the cell's mark (ts_cell.mark), which is drawn
     * there `mark_gap` pt after the text's end: the digits of marked and
     * plain values line up, and every mark sits at the same distance. */
    const double *mark_width;
    double mark_gap;
    /* Continuation headings: when a group (see ts_row_kind) goes on over a
     * page break, its GROUP row is drawn again under the repeated header,
     * with this suffix (UTF-8, e.g. " (continuación)") appended to its last
     * cell, so the rows at the top of the page keep their context. Not
     * drawn on a page where a group starts afresh. NULL: never. */
    const char *continued;
} ts_table_spec;

/*
 * Reads column widths (and titles, when `titles` is not NULL) from the
 * <columna ancho="…" titulo="…"/> children of a layout element, at most
 * `max` of them; *n receives the count. Titles point into the layout.
 * ancho is a length or a plain number (points or proportions).
 */
int typeset_columns_load(const layout *lay, const layout_node *table,
                         double *widths, const char **titles, size_t max,
                         size_t *n, diag_list *d);

/*
 * A <tabla id="id" linea="…" color-linea="…" continuacion="…"> of the
 * layout with its <columna>s (typeset_columns_load), which must be exactly
 * `ncols`: what a document needs to begin it (typeset_table_spec_of).
 * Titles and the continuation suffix point into the layout. 0, or -1 with
 * a "layout" diagnostic at the line.
 */
#define TS_TABLE_MAX_COLS 24
typedef struct {
    double widths[TS_TABLE_MAX_COLS];
    const char *titles[TS_TABLE_MAX_COLS];
    size_t n;
    double rule;
    layout_rgb rule_color;
    /* suffix of a group row repeated where it goes on over a page break;
     * NULL: not repeated */
    const char *continued;
} ts_table_layout;

int typeset_table_load(const layout *lay, const char *id, size_t ncols,
                       ts_table_layout *out, diag_list *d);

/* The spec of table tl with its header set in style th. */
void typeset_table_spec_of(const ts_table_layout *tl, const ts_style *th,
                           ts_table_spec *spec);

/* A column whose width leaves less than one em of the header style's
 * size inside that style's padding is a "layout" error naming the style:
 * text would be drawn into the next column. Body cells are held to the
 * same rule when their text is set. */
int typeset_table_begin(ts_doc *ts, const ts_table_spec *spec,
                        ts_table **out);

/* One cell: text in a style; `span` > 1 joins columns to the right. */
typedef struct {
    const char *text;      /* UTF-8; NULL or "" for an empty cell */
    const ts_style *style;
    size_t span;           /* 0 or 1: one column */
    /* Drawn in the column's mark area (see ts_table_spec), in the cell's
     * style; NULL: none. Its legend marks count as used on the page. */
    const char *mark;
    /* Legend marks this cell shows within its text (a "sin dato" dash):
     * counted as used on the page where the cell is drawn; NULL: none. */
    const char *uses;
} ts_cell;

/* Row kinds. A GROUP row (a heading inside the table) is kept with the
 * row after it: it is never the last row on a page. A BODY row is moved
 * whole to the next page unless it alone is taller than a page, in which
 * case it is split between lines. The last BODY row of a group (the rows
 * up to the next GROUP row or the end of the table) is never alone at the
 * top of a page when it can share a page with the row before it: the last
 * two rows go together. So a table decides where a row goes only once it
 * knows the row after it: rows are drawn late (a GROUP row, the end of the
 * table) and nothing else may be set on the page while a table is open. */
typedef enum { TS_ROW_BODY, TS_ROW_GROUP } ts_row_kind;

/* Adds a row; the cells' spans must add up to the column count. */
int typeset_table_row(ts_table *t, ts_row_kind kind, const ts_cell *cells,
                      size_t n);

/*
 * A row with a bookmark and/or an anchor placed where the row is finally
 * drawn: a group row waits for the row after it, so the caller cannot
 * know its page or position when adding it.
 */
typedef struct {
    ts_row_kind kind;
    const char *bookmark;    /* UTF-8 title (copied); NULL: none */
    int bookmark_level;      /* as in typeset_bookmark */
    bool bookmark_open;
    const char *anchor;      /* copied; NULL: none */
    /* A GROUP row's continuation heading (see ts_table_spec.continued):
     * these cells instead of the row's own (a shorter text), the suffix
     * still appended to the last. NULL: the row's own cells. */
    const ts_cell *continued;
    size_t ncontinued;
} ts_row_opts;

int typeset_table_row_opts(ts_table *t, const ts_row_opts *o,
                           const ts_cell *cells, size_t n);

/* The cell in column `col` of the next row added links to `anchor` (set
 * with typeset_anchor or a row's anchor, anywhere in the document; one
 * never set is an error at save). 0 or -1. */
int typeset_table_link(ts_table *t, size_t col, const char *anchor);

/* The fraction (at most 1) of st's size at which `text` fits on one line
 * in column `col` of t, inside st's padding and the column's mark area:
 * for a document that sets every figure of a column in one size. */
double typeset_table_fit(ts_table *t, size_t col, const ts_style *st, const char *text);

/* Draws the rows still held back and frees the table; accepts NULL. */
int typeset_table_end(ts_table *t);

/* ---- free drawing (charts, marks) --------------------------------------- */

typedef struct {
    HPDF_Page page;
    double x, y;            /* bottom-left, libharu coordinates */
    double width, height;
} ts_box;

/* Reserves `height` pt of the body frame (new page first if it does not
 * fit) and returns its rectangle for libharu drawing. */
int typeset_reserve(ts_doc *ts, double height, ts_box *box);

/* Draws one line of text with its style in a box-relative position
 * (x from the left edge of `box`, baseline `y` above its bottom),
 * clipped to `max_width` by shortening with "…" (nothing when even "…"
 * is wider than `max_width`). */
int typeset_text_at(ts_doc *ts, const ts_box *box, const ts_style *st,
                    double x, double y, double max_width, const char *text);

/* Width of `text` (UTF-8) in style `st`, with the font's real metrics. */
double typeset_text_width(ts_doc *ts, const ts_style *st, const char *text);

/* ---- helpers shared by both documents ----------------------------------- */

/*
 * Breaks `text` into lines no wider than `width` with the style's real
 * metrics (words at blanks; a word wider than the line is split, between
 * syllables when it can be, and a split between two letters is marked
 * with a hyphen drawn at the end of the line). Returns the line count (0
 * for empty text) or -1; when `starts` is not NULL the byte offset of
 * each line's start in `text` is stored (up to `max` of them) so tests
 * can check the breaks.
 */
int typeset_wrap_count(ts_doc *ts, const ts_style *st, const char *text,
                       double width, size_t *starts, size_t max);

/* ---- for unit tests only ------------------------------------------------ */

#ifdef PAA_TESTING
/* Roman numeral of 1..3999 into buf ("XIV"); "" outside that range. */
void typeset_roman(int n, bool upper, char *buf, size_t size);
/* Test hooks, compiled only in the test build: */
/* Raw libharu handle (e.g. to turn compression off and read the content). */
HPDF_Doc typeset_hpdf(ts_doc *ts);
/* Page index (0-based) where anchor `id` was defined, or -1. */
long typeset_anchor_page(const ts_doc *ts, const char *id);
/* typeset_page_legend with one part always printed; NULL text removes it. */
int typeset_page_note(ts_doc *ts, const ts_style *st, const char *text);
#endif
#endif
