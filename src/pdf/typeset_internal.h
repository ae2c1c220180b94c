/*
 * typeset_internal: what the files of the typesetting engine share (its
 * types and helpers). Private to src/pdf/typeset_*.c; the documents use
 * typeset.h.
 */
#ifndef PAA_PDF_TYPESET_INTERNAL_H
#define PAA_PDF_TYPESET_INTERNAL_H

#include "pdf/typeset.h"
#include "base/strmap.h"

#include <stdint.h>


#define TS_MAX_OUTLINE_DEPTH 8
#define TS_FONT_ENCODING "WinAnsiEncoding"
/* ---- internal types ------------------------------------------------------ */

struct ts_font {
    char *id;
    HPDF_Font font;
    double ascent, descent;   /* per 1000 units; descent negative */
};

typedef struct {
    HPDF_Page page;
    unsigned flags;
    ts_numbering numbering;
    int number;
} ts_page_rec;

typedef struct {
    char *id;
    size_t page;
    double y;
} ts_anchor_rec;

/* A link from a rectangle of a page to an anchor, made at save. */
typedef struct {
    char *id;
    size_t page;
    double x0, y0, x1, y1;
} ts_link_rec;

typedef struct {
    char *id;
    ts_style st;             /* the entry's style, for leaders and number */
    size_t page;
    double x0, x1;          /* entry's horizontal extent */
    double top, bottom;     /* link rectangle */
    double text_end;        /* end of the last line's text */
    double baseline;        /* of the last line */
} ts_toc_rec;

/* A piece of text in one style, placed on a line. */
typedef struct {
    const ts_style *st;
    const char *s;   /* CP1252 bytes, not terminated */
    size_t len;
    double w;            /* hyphen included */
    bool space_before;
    bool hyphen;         /* a word broken here: draw "-" after it */
} ts_piece;

typedef struct {
    size_t first, n;   /* pieces[first .. first + n) */
    double width;      /* natural width, spaces included */
    size_t gaps;       /* inter-word spaces, for justification */
    double indent;     /* left offset within the block */
    double avail;      /* line measure */
} ts_line;

/* Wrapped text: owns its converted buffers. */
typedef struct {
    ts_piece *pieces;
    size_t np, capp;
    ts_line *lines;
    size_t nl, capl;
    char **bufs;
    size_t nbufs, capb;
    double leading;     /* of the first run's style */
    ts_style *scaled;   /* shrunk copies of the runs' styles (nowrap) */
} ts_text;

/* A page legend (typeset_page_legend); immutable once made, owned by the
 * document, shared by the pages it applies to. */
typedef struct {
    ts_style st;
    char *sep;
    size_t n;
    char *mark[TS_LEGEND_MAX_PARTS];   /* NULL: always printed */
    char *text[TS_LEGEND_MAX_PARTS];
} ts_legend;

struct ts_doc {
    HPDF_Doc pdf;
    diag_list *d;
    bool failed;
    long long epoch;
    ts_page_spec spec;

    ts_font **fonts;
    size_t nfonts, capfonts;

    ts_page_rec *pages;
    size_t npages, cappages;
    ts_numbering num_style;
    int num_next;
    bool num_changed;
    char *num_label;   /* label of TS_NUM_NONE pages; NULL: empty */

    double y;       /* top of the free part of the body frame */
    bool at_top;    /* nothing set on the current page yet */

    bool has_running;
    ts_running running;
    char *running_text[2 * TS_RUNNING_MAX_LINES];   /* owned copies:
                                                      header, footer */

    ts_legend **legends;  /* every legend made, freed at close */
    size_t nlegends, caplegends;
    const ts_legend *note;        /* for pages to come; NULL: none */
    const ts_legend *page_note;   /* the current page's, drawn when it is done */
    uint32_t page_used;   /* bit i: part i's mark was drawn on this page */
    double note_h;        /* reserved for the note on the current page */

    bool saving;          /* writing the file: errors are I/O errors */
    const char *save_path;

    HPDF_Outline outline[TS_MAX_OUTLINE_DEPTH];
    int outline_depth;   /* levels currently open */

    ts_anchor_rec *anchors;
    size_t nanchors, capanchors;
    strmap anchor_index;   /* id -> 1 + its index in anchors */
    ts_toc_rec *tocs;
    size_t ntocs, captocs;
    ts_link_rec *links;
    size_t nlinks, caplinks;

    uint64_t hash[2];   /* of everything drawn, for the trailer /ID */

    /* Archive: the information dictionary's texts (title, author,
     * subject, keywords; NULL: absent), the document's language and, for
     * PDF/A, the output intent's ICC profile (NULL: a plain PDF). */
    char *info[4];
    char *lang;
    unsigned char *icc;
    size_t icc_len;

    const char *ctx_file, *ctx_clave;   /* typeset_context */
    int ctx_line;
    /* The table cell being set (for layout errors): its column's title
     * (NULL outside a table) and width; in a header row, words are never
     * split either. */
    const char *ctx_column;
    double ctx_column_w;
    bool ctx_header;
};

struct ts_table {
    ts_doc *ts;
    size_t ncols;
    double *x;        /* left edge of each column, plus the right edge */
    double rule_width;
    layout_rgb rule_color;
    const ts_style *header_style;
    char **header;    /* copies; NULL when no header row */
    double *mark_width;   /* per column; NULL: no mark areas */
    double mark_gap;
    /* Continuation headings: the suffix (copy; NULL: none) and the heading
     * of the group being drawn, repeated under the header of each page the
     * group goes on to (NULL: no group, or it has ended). */
    char *continued;
    struct ts_prow *cont;
    size_t header_page;   /* page where the header was last drawn */
    bool fresh;       /* only the header (and heading) is on this page so far */
    struct ts_prow *pending;   /* group rows waiting for their next row */
    size_t npending, cappending;
    /* Body rows held back until it is known whether they end their group
     * (TS_TABLE_HELD of them at most). */
    struct ts_prow *held;
    size_t nheld;
    /* typeset_table_link: the next row's link (copy; NULL: none). */
    char *next_link;
    size_t next_link_col;
};

/* Body rows a table holds back: the last two of a group go together, and
 * the last is only known as such when the row after it (or the end)
 * comes. */
#define TS_TABLE_HELD 2

typedef struct {
    size_t col, span;
    double x, w;
    const ts_style *st;
    ts_text text;
    char *mark;       /* CP1252, drawn in the mark area; NULL: none */
    char *uses;       /* UTF-8 legend marks shown (mark included) */
    char *link;       /* anchor id; NULL: none */
    double mark_x;    /* left edge of the mark area */
} ts_pcell;

typedef struct ts_prow {
    ts_pcell *cells;
    size_t ncells;
    double height;
    char *bookmark, *anchor;   /* placed when the row is drawn */
    int bookmark_level;
    bool bookmark_open;
    struct ts_prow *cont;      /* a GROUP row's continuation heading; NULL: none */
} ts_prow;

/* ---- shared helpers ------------------------------------------------------ */

/* typeset_doc.c: errors (sticky: each marks the document failed) and memory. */

/* An error of rule "pdf" at the current context (typeset_context). */
void ts_fail(ts_doc *ts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A style that cannot be set where it is used: a "layout" error at the
 * style's <estilo> line, naming it (a style built in code has no line:
 * the text's context is given instead). */
void ts_fail_style(ts_doc *ts, const ts_style *st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* " en la columna «Clave» (28.0 pt)" when a table cell is being set,
 * else ""; into buf. */
const char *ts_where(const ts_doc *ts, char *buf, size_t size);
/* Growable arrays: returns the array with room for item n (moved, maybe),
 * or NULL when memory is short; the old array is then still valid and
 * *cap unchanged. */
void *ts_grow(ts_doc *ts, void *items, size_t *cap, size_t n, size_t size);
char *ts_dup_str(ts_doc *ts, const char *s);

/* typeset_text.c: encoding, measuring, line breaking, drawing lines. */

/* UTF-8 -> CP1252 (malloc'd, NUL-terminated, one spare byte for an
 * ellipsis); NULL after a failure. */
char *ts_to_cp1252(ts_doc *ts, const char *utf8, bool upper);
/* Adds bytes drawn to the content hash behind the trailer /ID. */
void ts_hash_bytes(ts_doc *ts, const void *p, size_t n);
/* Width of CP1252 s[0..len) in st, pt. */
double ts_width_of(const ts_style *st, const char *s, size_t len);
double ts_leading_of(const ts_style *st);
/* Baseline of a line box whose top is `top`. */
double ts_baseline_in(const ts_style *st, double top);
void ts_text_free(ts_text *t);
/* Whether st leaves at least one em of a measure of `width` for text;
 * otherwise a layout error at the style. 0 or -1. */
int ts_measure_ok(ts_doc *ts, const ts_style *st, double width);
/* Breaks runs (or one text) into lines of `width`; 0 or -1. */
int ts_wrap_runs(ts_doc *ts, const ts_run *runs, size_t nruns, double width,
                 ts_text *t);
int ts_wrap_text(ts_doc *ts, const ts_style *st, const char *text, double width,
                 ts_text *t);
/* TextOut of CP1252 s[0..len) at (x, y). */
/* Graphics state set only when it changes: libharu writes (and clears a
 * 512-byte buffer for) every call, and a table sets the same font and
 * colour in thousands of cells. */
void ts_fill_color(HPDF_Page page, layout_rgb c);
/* The text state of st: font, size and colour. */
void ts_use_style(HPDF_Page page, const ts_style *st);
void ts_text_out(HPDF_Page page, const ts_style *st, double x, double y,
                 const char *s, size_t len);
/* Draws line `li` of t with its block's left edge at x, the line box's
 * top at `top`. */
void ts_draw_line(HPDF_Page page, const ts_text *t, size_t li,
                  const ts_style *block, double x, double top);

/* typeset_page.c: the body frame of the current page, and pages. */

/* What is left of the body frame of the current page. */
double typeset_remaining(const ts_doc *ts);
/* Printed number of page `index` ("VIII", "12", "" for unnumbered) into
 * buf (at least 16 bytes). */
void typeset_page_number_text(const ts_doc *ts, size_t index, char *buf,
                              size_t size);

double ts_frame_top(const ts_doc *ts);
double ts_frame_bottom(const ts_doc *ts);
double ts_frame_left(const ts_doc *ts);
HPDF_Page ts_cur_page(const ts_doc *ts);
/* The current page is done: draws its legend. */
void ts_finish_page(ts_doc *ts);
/* Height of the current page's legend with the parts of `used` (and the
 * unmarked ones); 0 without a legend. */
double ts_note_height(ts_doc *ts, uint32_t used);
/* Legend parts whose marks `shown` (UTF-8) holds. */
uint32_t ts_note_bits(const ts_doc *ts, const char *shown);
/* Extra legend room rows showing `bits` would take on this page. */
double ts_note_extra(ts_doc *ts, uint32_t bits);
/* Records the legend marks found in `shown` (UTF-8) as used on this page,
 * making room for their legend parts. */
void ts_note_uses(ts_doc *ts, const char *shown);
/* Leaders, number and link of one contents entry (at save). */
void ts_toc_resolve(ts_doc *ts, const ts_toc_rec *e);
/* Records a link from a rectangle of the current page to anchor `id`. */
void ts_link_add(ts_doc *ts, const char *id, double x0, double y0, double x1, double y1);
/* Makes the recorded links (at save); an anchor never set is an error. */
void ts_links_resolve(ts_doc *ts);

/* Running bands (typeset_page.c): the end of the row of texts starting at
 * i (joined texts follow it), and the height of all rows (the sum of each
 * row's tallest leading). */
size_t ts_band_row_end(const ts_band *band, size_t i);
double ts_band_height(const ts_band *band);

#endif
