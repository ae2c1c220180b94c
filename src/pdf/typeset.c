/* typeset: the shared typesetting engine over libharu. See typeset.h. */
#define _XOPEN_SOURCE 700   /* realpath, to keep fonts inside fonts/ */
#include "pdf/typeset.h"

#include "base/datadir.h"
#include "base/text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf_catalog.h>

#include "write/outfile.h"

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

    double y;       /* top of the free part of the body frame */
    bool at_top;    /* nothing set on the current page yet */

    bool has_running;
    ts_running running;
    char *running_text[TS_RUNNING_MAX_LINES + 1];   /* owned copies */

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
    ts_toc_rec *tocs;
    size_t ntocs, captocs;

    uint64_t hash[2];   /* of everything drawn, for the trailer /ID */

    const char *ctx_file, *ctx_clave;   /* typeset_context */
    int ctx_line;
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

/* ---- errors -------------------------------------------------------------- */

static void fail(ts_doc *ts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail(ts_doc *ts, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(ts->d, RULE_PDF, ts->ctx_file, ts->ctx_line, ts->ctx_clave, fmt, ap);
    va_end(ap);
    ts->failed = true;
}

static const char *hpdf_error_text(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "memoria insuficiente";
    case HPDF_FILE_IO_ERROR: return "error de entrada/salida al escribir el archivo";
    case HPDF_FILE_OPEN_ERROR: return "no se pudo abrir el archivo";
    case HPDF_INVALID_TTC_FILE:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_MISSING_TABLE: return "la fuente TrueType es inválida o está incompleta";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "la licencia de la fuente no permite incrustarla";
    case HPDF_UNSUPPORTED_FONT_TYPE: return "tipo de fuente no admitido";
    case HPDF_PAGE_INVALID_SIZE: return "tamaño de página inválido";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "tamaño de letra inválido";
    case HPDF_INVALID_DATE_TIME: return "fecha del documento inválida";
    case HPDF_STRING_OUT_OF_RANGE: return "texto demasiado largo para el PDF";
    case HPDF_REAL_OUT_OF_RANGE: return "coordenada o medida fuera de rango";
    case HPDF_INVALID_PARAMETER: return "parámetro inválido";
    case HPDF_ZLIB_ERROR: return "error de compresión (zlib)";
    /* a PDF array (the page tree) is full: something added pages without
     * end, which the engine itself should have refused before */
    case HPDF_ARRAY_COUNT_ERR: return "demasiados elementos en el PDF (¿páginas sin fin?)";
    default: return "error interno de libharu";
    }
}

/* A failure to write the output: rule "io", like every other output of
 * paa, so that the exit code says "could not write" (2), not "the input
 * has errors" (1). */
static void fail_write(ts_doc *ts, const char *cause)
{
    diag_add(ts->d, RULE_IO, ts->save_path, 0, NULL, "no se pudo escribir el PDF: %s", cause);
    ts->failed = true;
}

/*
 * A style that cannot be set where it is used: a "layout" error at the
 * style's <estilo> line, naming it (a style built in code has no line:
 * the text's context is given instead).
 */
static void fail_style(ts_doc *ts, const ts_style *st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_style(ts_doc *ts, const ts_style *st, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (st->src_file != NULL)
        diag_add(ts->d, RULE_LAYOUT, st->src_file, st->src_line, NULL, "estilo «%s»: %s",
                 st->name ? st->name : "", msg);
    else
        diag_add(ts->d, RULE_LAYOUT, ts->ctx_file, ts->ctx_line, ts->ctx_clave, "%s", msg);
    ts->failed = true;
}

/* libharu calls this with our document as user data: no globals. While
 * the file is being written, whatever fails (the disk is full, or the
 * compression or stream under it) is a failure to write the file. */
static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    ts_doc *ts = user;
    if (ts->failed)
        return;   /* report the first cause only; the rest follow from it */
    if (ts->saving) {
        fail_write(ts, hpdf_error_text(error));
        return;
    }
    fail(ts, "libharu: %s (código 0x%04X, detalle %u)",
         hpdf_error_text(error), (unsigned)error, (unsigned)detail);
}

/* Growable arrays: one helper so every push checks for memory. Returns
 * the array with room for item n (moved, maybe), or NULL when memory is
 * short; the old array is then still valid and *cap unchanged. */
static void *grow(ts_doc *ts, void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(items, ncap * size);
    if (p == NULL) {
        fail(ts, "memoria insuficiente al componer el PDF");
        return NULL;
    }
    *cap = ncap;
    return p;
}

static char *dup_str(ts_doc *ts, const char *s)
{
    char *c = strdup(s);
    if (c == NULL)
        fail(ts, "memoria insuficiente al componer el PDF");
    return c;
}

/* ---- text encoding ------------------------------------------------------- */

/* UTF-8 -> CP1252 (malloc'd, NUL-terminated); NULL after a failure. */
static char *to_cp1252(ts_doc *ts, const char *utf8, bool upper)
{
    /* +1 for typeset_text_at, which may append an ellipsis */
    char *out = malloc(strlen(utf8) + 2);
    if (out == NULL) {
        fail(ts, "memoria insuficiente al componer el PDF");
        return NULL;
    }
    char why[512];
    if (winansi_convert(utf8, upper, out, why, sizeof why) != 0) {
        fail(ts, "%s", why);
        free(out);
        return NULL;
    }
    return out;
}

/* FNV-1a over everything drawn: the trailer /ID is a function of the
 * content, never of the clock. */
static void hash_bytes(ts_doc *ts, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        ts->hash[0] = (ts->hash[0] ^ b[i]) * 0x100000001B3ULL;
        ts->hash[1] = (ts->hash[1] ^ b[i]) * 0x100000001B3ULL + 0x9E37;
    }
}

/* ---- measuring ----------------------------------------------------------- */

/* Measured in slices: libharu refuses to measure a string longer than
 * its own string limit, and a single word of the input may be longer. */
static double width_of(const ts_style *st, const char *s, size_t len)
{
    double units = 0;
    for (size_t off = 0; off < len; off += 4096) {
        size_t k = len - off < 4096 ? len - off : 4096;
        HPDF_TextWidth tw = HPDF_Font_TextWidth(st->font->font,
                                                (const HPDF_BYTE *)s + off, (HPDF_UINT)k);
        units += tw.width;
    }
    return units * st->size / 1000.0;
}

static double leading_of(const ts_style *st)
{
    return st->leading > 0 ? st->leading : st->size * 1.2;
}

/* Baseline of a line box whose top is `top`: the glyphs' ascent-descent
 * box is centred in the leading. */
static double baseline_in(const ts_style *st, double top)
{
    double asc = st->font->ascent * st->size / 1000.0;
    double desc = -st->font->descent * st->size / 1000.0;
    double lead = leading_of(st);
    return top - (lead - (asc + desc)) / 2.0 - asc;
}

/* ---- line breaking ------------------------------------------------------- */

static void text_free(ts_text *t)
{
    for (size_t i = 0; i < t->nbufs; i++)
        free(t->bufs[i]);
    free(t->bufs);
    free(t->pieces);
    free(t->lines);
    free(t->scaled);
    memset(t, 0, sizeof *t);
}

static int add_piece(ts_doc *ts, ts_text *t, const ts_style *st, const char *s,
                     size_t len, bool space, bool hyphen)
{
    ts_piece *pieces = grow(ts, t->pieces, &t->capp, t->np, sizeof *pieces);
    if (pieces == NULL)
        return -1;
    t->pieces = pieces;
    double w = width_of(st, s, len) + (hyphen ? width_of(st, "-", 1) : 0);
    t->pieces[t->np++] = (ts_piece){st, s, len, w, space, hyphen};
    return 0;
}

static int new_line(ts_doc *ts, ts_text *t, double indent, double avail)
{
    ts_line *lines = grow(ts, t->lines, &t->capl, t->nl, sizeof *lines);
    if (lines == NULL)
        return -1;
    t->lines = lines;
    t->lines[t->nl++] = (ts_line){t->np, 0, 0, 0, indent, avail};
    return 0;
}

/* Lower case of a CP1252 letter (other bytes unchanged). */
static int cp1252_lower(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 32;
    return c;
}

static bool is_letter(unsigned char c)
{
    int l = cp1252_lower(c);
    return (l >= 'a' && l <= 'z') || (l >= 0xDF && l <= 0xFF && l != 0xF7);
}

static bool is_vowel(unsigned char c)
{
    int l = cp1252_lower(c);
    return l != 0 && strchr("aeiou\xE1\xE9\xED\xF3\xFA\xFC", l) != NULL;
}

/*
 * Whether a Spanish word may be hyphenated before w[i]: a consonant that
 * starts a syllable (followed by a vowel) after a vowel ("pa-ra") or after
 * another consonant it does not cling to ("Requerimien-to", but "ha-bla",
 * "mu-cho", "ca-rro"), with two letters at least on each side. Good
 * enough for the names and units of a programme; any other break falls
 * back to the widest prefix.
 */
static bool syllable_break(const char *w, size_t i, size_t len)
{
    const unsigned char *u = (const unsigned char *)w;
    if (i < 2 || i + 2 > len || !is_letter(u[i - 1]) || !is_letter(u[i])
        || !is_letter(u[i - 2]) || is_vowel(u[i]) || !is_vowel(u[i + 1]))
        return false;
    if (is_vowel(u[i - 1]))
        return true;
    int a = cp1252_lower(u[i - 1]), b = cp1252_lower(u[i]);
    static const char *const clusters[] = {"bl", "br", "cl", "cr", "dr", "fl", "fr",
                                           "gl", "gr", "pl", "pr", "tr", "ch", "ll",
                                           "rr", "tl"};
    for (size_t k = 0; k < sizeof clusters / sizeof clusters[0]; k++)
        if (clusters[k][0] == a && clusters[k][1] == b)
            return false;
    return true;
}

/* Whether a break before w[i] splits two letters, and so wants a hyphen. */
static bool needs_hyphen(const char *w, size_t i)
{
    return i > 0 && is_letter((unsigned char)w[i - 1]) && is_letter((unsigned char)w[i]);
}

/*
 * Where to break word w[0..len), which does not fit in `room`: after a
 * hyphen, slash or comma in its second half; else between syllables in
 * its second half; else after the widest prefix. A break between two
 * letters leaves room for the hyphen (*hyphen is then set). At least one
 * character goes on the line, so that breaking always progresses.
 */
static size_t fitting_prefix(const ts_style *st, const char *w, size_t len,
                             double room, bool *hyphen)
{
    /* Widths are measured incrementally, one character at a time (the
     * fonts' advance widths add up, there is no kerning), so a long word
     * costs linear time, not quadratic. wk is the width of w[0..k). */
    *hyphen = false;
    size_t fit = 0;
    double wfit = 0;
    while (fit < len) {
        double cw = width_of(st, w + fit, 1);
        if (wfit + cw > room + 1e-6)
            break;
        wfit += cw;
        fit++;
    }
    if (fit == 0)
        return 1;
    for (size_t i = fit; i > fit / 2; i--)
        if (w[i - 1] == '-' || w[i - 1] == '/' || w[i - 1] == ',')
            return i;
    double hw = width_of(st, "-", 1);
    double wi = wfit;
    for (size_t i = fit; i > fit / 2; wi -= width_of(st, w + i - 1, 1), i--)
        if (syllable_break(w, i, len) && wi + hw <= room + 1e-6) {
            *hyphen = true;
            return i;
        }
    size_t k = fit;
    double wk = wfit;
    while (k > 1 && needs_hyphen(w, k) && wk + hw > room + 1e-6)
        wk -= width_of(st, w + --k, 1);
    *hyphen = needs_hyphen(w, k) && wk + hw <= room + 1e-6;
    return k;
}

/* Places the word w[0..len) of style st on the lines of t, breaking it
 * when it is wider than a whole line. */
static int place_word(ts_doc *ts, ts_text *t, const ts_style *st, const char *w,
                      size_t len, bool pending_space, double indent, double width)
{
    double space_w = width_of(st, " ", 1);
    double ww = width_of(st, w, len);   /* of what is left of the word */
    while (len > 0) {
        ts_line *ln = &t->lines[t->nl - 1];
        bool empty = ln->n == 0;
        double sp = empty ? 0 : (pending_space ? space_w : 0);
        if (ln->width + sp + ww <= ln->avail + 1e-6) {
            if (add_piece(ts, t, st, w, len, !empty && pending_space, false))
                return -1;
            ln = &t->lines[t->nl - 1];
            ln->n++;
            ln->width += sp + ww;
            if (sp > 0)
                ln->gaps++;
            return 0;
        }
        if (!empty) {   /* word to the next line */
            if (new_line(ts, t, indent, width - indent))
                return -1;
            continue;
        }
        /* a word wider than a whole line: split it */
        bool hyphen;
        size_t k = fitting_prefix(st, w, len, ln->avail, &hyphen);
        if (add_piece(ts, t, st, w, k, false, hyphen))
            return -1;
        ln = &t->lines[t->nl - 1];
        ln->n = 1;
        ln->width = t->pieces[t->np - 1].w;
        ww -= width_of(st, w, k);
        w += k;
        len -= k;
        if (len > 0 && new_line(ts, t, indent, width - indent))
            return -1;
    }
    return 0;
}

/*
 * Breaks runs into lines of `width` (first line: minus first_indent of the
 * first style; all: minus its indent). Greedy, which is what the
 * publication does; words wider than a line are split. t must be zeroed.
 */
static int wrap_greedy(ts_doc *ts, const ts_run *runs, size_t nruns,
                       double width, ts_text *t)
{
    const ts_style *st0 = runs[0].style;
    t->leading = leading_of(st0);
    double indent = st0->indent;
    if (new_line(ts, t, indent + st0->first_indent,
                 width - indent - st0->first_indent))
        return -1;
    bool pending_space = false;
    for (size_t r = 0; r < nruns; r++) {
        const ts_style *st = runs[r].style;
        if (runs[r].text == NULL)
            continue;
        char *buf = to_cp1252(ts, runs[r].text, st->uppercase);
        if (buf == NULL)
            return -1;
        char **bufs = grow(ts, t->bufs, &t->capb, t->nbufs, sizeof *bufs);
        if (bufs == NULL) {
            free(buf);
            return -1;
        }
        t->bufs = bufs;
        t->bufs[t->nbufs++] = buf;
        hash_bytes(ts, buf, strlen(buf));
        const char *p = buf;
        while (*p) {
            if (*p == ' ') {
                pending_space = true;
                p++;
                continue;
            }
            size_t len = strcspn(p, " ");
            if (place_word(ts, t, st, p, len, pending_space, indent, width))
                return -1;
            p += len;
            pending_space = false;
        }
    }
    if (t->nl == 1 && t->lines[0].n == 0)
        t->nl = 0;   /* blank text: no lines at all */
    return ts->failed ? -1 : 0;
}

/*
 * A nowrap text (see ts_style) on one line: measured unbounded, then, if
 * too wide, set again in copies of its styles shrunk by the one factor
 * that makes it fit (but not below min_size), with the line height kept.
 */
static int wrap_one_line(ts_doc *ts, const ts_run *runs, size_t nruns,
                         double width, ts_text *t)
{
    const ts_style *st0 = runs[0].style;
    double avail = width - st0->indent - st0->first_indent;
    if (wrap_greedy(ts, runs, nruns, 1e9, t))
        return -1;
    if (t->nl == 0)
        return 0;
    double natural = t->lines[0].width;
    if (natural <= avail + 1e-6) {
        t->lines[0].avail = avail;
        return 0;
    }
    text_free(t);
    /* Shrink by the factor that makes it fit; min_size only matters to the
     * layout's author (see ts_style): a figure is never split. */
    double f = avail / natural;
    ts_style *sc = calloc(nruns, sizeof *sc);
    ts_run *rr = calloc(nruns, sizeof *rr);
    if (sc == NULL || rr == NULL) {
        free(sc);
        free(rr);
        fail(ts, "memoria insuficiente al componer el PDF");
        return -1;
    }
    for (size_t i = 0; i < nruns; i++) {
        sc[i] = *runs[i].style;
        sc[i].leading = leading_of(runs[i].style);
        sc[i].size = runs[i].style->size * f;
        sc[i].nowrap = false;
        rr[i] = (ts_run){&sc[i], runs[i].text};
    }
    int rc = wrap_greedy(ts, rr, nruns, width, t);
    t->scaled = sc;
    free(rr);
    return rc;
}

/*
 * Whether style st leaves at least one em (its size) of a measure of
 * `width` for text on every line. Less would set a glyph per line past
 * the edge (drawn outside the frame or into the next column, or not at
 * all): a layout that cannot be set, reported at the style.
 */
static int measure_ok(ts_doc *ts, const ts_style *st, double width)
{
    double first = width - st->indent - st->first_indent, rest = width - st->indent;
    double avail = first < rest ? first : rest;
    if (avail >= st->size - 1e-6)
        return 0;
    fail_style(ts, st, "la sangría y el relleno dejan %.1f pt de %.1f pt para el texto, "
               "menos que el tamaño de letra (%.1f pt): el texto no cabe",
               avail, width, st->size);
    return -1;
}

static int wrap_runs(ts_doc *ts, const ts_run *runs, size_t nruns,
                     double width, ts_text *t)
{
    memset(t, 0, sizeof *t);
    if (nruns == 0)
        return 0;
    if (measure_ok(ts, runs[0].style, width))
        return -1;
    if (runs[0].style->nowrap)
        return wrap_one_line(ts, runs, nruns, width, t);
    return wrap_greedy(ts, runs, nruns, width, t);
}

static int wrap_text(ts_doc *ts, const ts_style *st, const char *text,
                     double width, ts_text *t)
{
    ts_run run = {st, text ? text : ""};
    return wrap_runs(ts, &run, 1, width, t);
}

/* TextOut of s[0..len) at (x, y): it wants a terminated string, so the
 * bytes are copied, in slices if long (CP1252: one byte per character). */
static void text_out(HPDF_Page page, const ts_style *st, double x, double y,
                     const char *s, size_t len)
{
    char tmp[512];
    size_t off = 0;
    while (off < len) {
        size_t k = len - off < sizeof tmp - 1 ? len - off : sizeof tmp - 1;
        memcpy(tmp, s + off, k);
        tmp[k] = '\0';
        HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, tmp);
        x += width_of(st, s + off, k);
        off += k;
    }
}

/* Draws line `li` of t with its block's left edge at x, the
 * line box's top at `top`. The alignment is the first piece's style's. */
static void draw_line(HPDF_Page page, const ts_text *t, size_t li,
                      const ts_style *block, double x, double top)
{
    const ts_line *ln = &t->lines[li];
    if (ln->n == 0)
        return;
    double slack = ln->avail - ln->width;
    double left = x + ln->indent, extra = 0;
    switch (block->align) {
    case TS_RIGHT: left += slack; break;
    case TS_CENTER: left += slack / 2; break;
    case TS_JUSTIFY:
        if (li + 1 < t->nl && ln->gaps > 0)
            extra = slack / (double)ln->gaps;
        break;
    case TS_LEFT: break;
    }
    double base = baseline_in(block, top);
    HPDF_Page_BeginText(page);
    double cx = left;
    for (size_t i = ln->first; i < ln->first + ln->n; i++) {
        const ts_piece *pc = &t->pieces[i];
        if (i > ln->first && pc->space_before)
            cx += width_of(pc->st, " ", 1) + extra;
        HPDF_Page_SetFontAndSize(page, pc->st->font->font, (HPDF_REAL)pc->st->size);
        HPDF_Page_SetRGBFill(page, (HPDF_REAL)pc->st->color.r,
                             (HPDF_REAL)pc->st->color.g, (HPDF_REAL)pc->st->color.b);
        text_out(page, pc->st, cx, base, pc->s, pc->len);
        if (pc->hyphen)
            text_out(page, pc->st, cx + width_of(pc->st, pc->s, pc->len), base, "-", 1);
        cx += pc->w;
    }
    HPDF_Page_EndText(page);
}

/* ---- document ------------------------------------------------------------ */

int typeset_open(ts_doc **out, const ts_page_spec *page, long long epoch,
                 diag_list *d)
{
    *out = NULL;
    ts_doc *ts = calloc(1, sizeof *ts);
    if (ts == NULL) {
        diag_add(d, RULE_PDF, NULL, 0, NULL, "memoria insuficiente al crear el PDF");
        return -1;
    }
    ts->d = d;
    ts->epoch = epoch;
    ts->spec = *page;
    ts->num_style = TS_NUM_ARABIC;
    ts->num_next = 1;
    ts->num_changed = true;
    ts->hash[0] = 0xCBF29CE484222325ULL;
    ts->hash[1] = 0x84222325CBF29CE4ULL;
    hash_bytes(ts, &epoch, sizeof epoch);
    ts->pdf = HPDF_New(on_hpdf_error, ts);
    if (ts->pdf == NULL) {
        diag_add(d, RULE_PDF, NULL, 0, NULL, "libharu no pudo crear el documento");
        free(ts);
        return -1;
    }
    HPDF_SetCompressionMode(ts->pdf, HPDF_COMP_ALL);
    /* UTF-8 encoder: document info and bookmarks are written as UTF-16
     * text strings from our UTF-8; page text uses WinAnsi fonts. */
    HPDF_UseUTFEncodings(ts->pdf);
    HPDF_SetCurrentEncoder(ts->pdf, "UTF-8");
    HPDF_SetPageMode(ts->pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    time_t t = (time_t)epoch;
    struct tm tm;
    if (epoch < 0 || gmtime_r(&t, &tm) == NULL) {
        fail(ts, "fecha de creación inválida (%lld)", epoch);
    } else {
        HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(ts->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(ts->pdf, HPDF_INFO_MOD_DATE, date);
    }
    if (ts->failed) {
        typeset_close(ts);
        return -1;
    }
    *out = ts;
    return 0;
}

void typeset_close(ts_doc *ts)
{
    if (ts == NULL)
        return;
    if (ts->pdf)
        HPDF_Free(ts->pdf);
    for (size_t i = 0; i < ts->nfonts; i++) {
        free(ts->fonts[i]->id);
        free(ts->fonts[i]);
    }
    free(ts->fonts);
    free(ts->pages);
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES + 1; i++)
        free(ts->running_text[i]);
    for (size_t i = 0; i < ts->nlegends; i++) {
        ts_legend *l = ts->legends[i];
        for (size_t k = 0; k < l->n; k++) {
            free(l->mark[k]);
            free(l->text[k]);
        }
        free(l->sep);
        free(l);
    }
    free(ts->legends);
    for (size_t i = 0; i < ts->nanchors; i++)
        free(ts->anchors[i].id);
    free(ts->anchors);
    for (size_t i = 0; i < ts->ntocs; i++)
        free(ts->tocs[i].id);
    free(ts->tocs);
    free(ts);
}

void typeset_context(ts_doc *ts, const char *file, int line, const char *clave)
{
    ts->ctx_file = file;
    ts->ctx_line = line;
    ts->ctx_clave = clave;
}

bool typeset_failed(const ts_doc *ts)
{
    return ts->failed;
}

HPDF_Doc typeset_hpdf(ts_doc *ts)
{
    return ts->pdf;
}

int typeset_set_info(ts_doc *ts, const char *title, const char *author,
                     const char *subject, const char *keywords)
{
    if (ts->failed)
        return -1;
    const struct { HPDF_InfoType type; const char *v; } f[] = {
        {HPDF_INFO_TITLE, title}, {HPDF_INFO_AUTHOR, author},
        {HPDF_INFO_SUBJECT, subject}, {HPDF_INFO_KEYWORDS, keywords},
        {HPDF_INFO_CREATOR, "paa " PAA_VERSION}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].v != NULL) {
            HPDF_SetInfoAttr(ts->pdf, f[i].type, f[i].v);
            hash_bytes(ts, f[i].v, strlen(f[i].v));
        }
    return ts->failed ? -1 : 0;
}

/* ---- fonts --------------------------------------------------------------- */

/* TrueType outlines only: 0x00010000 or 'true'. CFF ('OTTO') cannot be
 * embedded by libharu's TrueType loader. */
static int check_truetype(const layout *lay, const layout_node *n,
                          const char *path, diag_list *d)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        layout_error(lay, n, d, "no se encontró la fuente «%s»", path);
        return -1;
    }
    unsigned char sig[4] = {0};
    size_t got = fread(sig, 1, 4, f);
    fclose(f);
    bool tt = got == 4 && ((sig[0] == 0 && sig[1] == 1 && sig[2] == 0 && sig[3] == 0)
                           || memcmp(sig, "true", 4) == 0);
    if (!tt) {
        layout_error(lay, n, d, "la fuente «%s» no es TrueType (se requiere .ttf "
                     "con contornos TrueType, no CFF/OTF)", path);
        return -1;
    }
    return 0;
}

/* Canonical path of <data dir>/fonts, malloc'd; NULL (reported at n) when
 * it does not exist or memory is short. */
static char *shipped_fonts_dir(const layout *lay, const layout_node *n, diag_list *d)
{
    char *dir = datadir_path("fonts");
    char *real = dir != NULL ? realpath(dir, NULL) : NULL;
    if (real == NULL)
        layout_error(lay, n, d, "no se encontró el directorio de fuentes de paa «%s/fonts»",
                     datadir());
    free(dir);
    return real;
}

/*
 * Canonical path of a font file that lies inside `root` (the shipped
 * fonts), malloc'd; NULL, reported at n, for a missing file or one
 * elsewhere: a layout given with --layout is data from anywhere, and the
 * promise is that only the fonts paa ships (with their licence) are read
 * and embedded.
 */
static char *shipped_font(const layout *lay, const layout_node *n, const char *root,
                          const char *path, diag_list *d)
{
    char *real = realpath(path, NULL);
    if (real == NULL) {
        layout_error(lay, n, d, "no se encontró la fuente «%s»", path);
        return NULL;
    }
    size_t k = strlen(root);
    if (strncmp(real, root, k) != 0 || real[k] != '/') {
        layout_error(lay, n, d, "la fuente «%s» está fuera de «%s»: paa solo carga "
                     "las fuentes que distribuye", path, root);
        free(real);
        return NULL;
    }
    return real;
}

static int font_add(ts_doc *ts, const layout *lay, const layout_node *n,
                    const char *id, const char *path)
{
    if (typeset_font(ts, id) != NULL) {
        layout_error(lay, n, ts->d, "la fuente «%s» ya está definida", id);
        ts->failed = true;
        return -1;
    }
    if (check_truetype(lay, n, path, ts->d) != 0) {
        ts->failed = true;
        return -1;
    }
    const char *name = HPDF_LoadTTFontFromFile(ts->pdf, path, HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(ts->pdf, name, TS_FONT_ENCODING) : NULL;
    if (font == NULL || ts->failed) {
        layout_error(lay, n, ts->d, "libharu no pudo cargar la fuente «%s»", path);
        ts->failed = true;
        return -1;
    }
    ts_font **fonts = grow(ts, ts->fonts, &ts->capfonts, ts->nfonts, sizeof *fonts);
    if (fonts == NULL)
        return -1;
    ts->fonts = fonts;
    ts_font *f = calloc(1, sizeof *f);
    char *idc = f ? dup_str(ts, id) : NULL;
    if (idc == NULL) {
        free(f);
        fail(ts, "memoria insuficiente al cargar fuentes");
        return -1;
    }
    f->id = idc;
    f->font = font;
    f->ascent = HPDF_Font_GetAscent(font);
    f->descent = HPDF_Font_GetDescent(font);
    ts->fonts[ts->nfonts++] = f;
    return 0;
}

int typeset_fonts_load(ts_doc *ts, const layout *lay, diag_list *d)
{
    (void)d;   /* diagnostics go to the document's list */
    if (ts->failed)
        return -1;
    const layout_node *n = NULL;
    size_t count = 0;
    char *root = NULL;
    while ((n = layout_child(layout_root(lay), "fuente", n)) != NULL) {
        const char *id = layout_attr(n, "id");
        const char *file = layout_attr(n, "archivo");
        if (id == NULL || file == NULL) {
            layout_error(lay, n, ts->d, "<fuente> necesita los atributos id y archivo");
            ts->failed = true;
            break;
        }
        if (root == NULL && (root = shipped_fonts_dir(lay, n, ts->d)) == NULL) {
            ts->failed = true;
            break;
        }
        char *path = layout_resolve(lay, file);
        if (path == NULL) {
            fail(ts, "memoria insuficiente al cargar fuentes");
            break;
        }
        char *real = shipped_font(lay, n, root, path, ts->d);
        free(path);
        if (real == NULL) {
            ts->failed = true;
            break;
        }
        int rc = font_add(ts, lay, n, id, real);
        free(real);
        if (rc != 0)
            break;
        count++;
    }
    free(root);
    if (ts->failed)
        return -1;
    if (count == 0) {
        layout_error(lay, layout_root(lay), ts->d,
                     "el diseño no define ninguna <fuente>");
        ts->failed = true;
        return -1;
    }
    return 0;
}

const ts_font *typeset_font(const ts_doc *ts, const char *id)
{
    for (size_t i = 0; i < ts->nfonts; i++)
        if (strcmp(ts->fonts[i]->id, id) == 0)
            return ts->fonts[i];
    return NULL;
}

/* ---- layout readers ------------------------------------------------------- */

typedef struct {
    const char *name;
    double w, h;   /* portrait, pt */
} paper;

static const paper papers[] = {
    {"carta", 612, 792},
    {"oficio", 612, 963.78},      /* 216 × 340 mm, México */
    {"legal", 612, 1008},
    {"a3", 841.89, 1190.55},
    {"a4", 595.28, 841.89},
    {"a5", 419.53, 595.28},
};

/* A length ("9pt", "3mm") or a plain number taken as points, as font
 * sizes and column proportions are usually written. */
static int len_or_pt(const layout *lay, const layout_node *n, const char *attr,
                     double *v, diag_list *d)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    size_t k = strlen(s);
    if (k > 0 && (s[k - 1] == '.' || (s[k - 1] >= '0' && s[k - 1] <= '9')))
        return layout_number(lay, n, attr, v, d);
    return layout_length(lay, n, attr, v, d);
}

/* Every length attribute of a list, into fields; stops at the first
 * malformed one. */
static int lengths(const layout *lay, const layout_node *n, diag_list *d,
                   const char *const *attrs, double *const *dst, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (len_or_pt(lay, n, attrs[i], dst[i], d) < 0)
            return -1;
    return 0;
}

int typeset_page_spec_load(const layout *lay, const layout_node *n,
                           ts_page_spec *out, diag_list *d)
{
    const double mm = 72.0 / 25.4;
    *out = (ts_page_spec){792, 612, 20 * mm, 20 * mm, 20 * mm, 20 * mm, 0, 0};
    const char *p = layout_attr(n, "papel");
    double w = 612, h = 792;
    if (p != NULL) {
        size_t i = 0;
        while (i < sizeof papers / sizeof papers[0] && strcmp(papers[i].name, p) != 0)
            i++;
        if (i == sizeof papers / sizeof papers[0]) {
            layout_error(lay, n, d, "papel desconocido «%s» (carta, oficio, legal, "
                         "a3, a4, a5)", p);
            return -1;
        }
        w = papers[i].w;
        h = papers[i].h;
    }
    const char *o = layout_attr(n, "orientacion");
    bool landscape = true;
    if (o != NULL) {
        if (strcmp(o, "horizontal") != 0 && strcmp(o, "vertical") != 0) {
            layout_error(lay, n, d, "orientación «%s» inválida (horizontal o vertical)", o);
            return -1;
        }
        landscape = strcmp(o, "horizontal") == 0;
    }
    out->width = landscape ? h : w;
    out->height = landscape ? w : h;
    static const char *const attrs[] = {
        "ancho", "alto", "margen-superior", "margen-derecho", "margen-inferior",
        "margen-izquierdo", "encabezado", "pie"};
    double *const dst[] = {&out->width, &out->height, &out->margin_top,
                           &out->margin_right, &out->margin_bottom,
                           &out->margin_left, &out->header_height,
                           &out->footer_height};
    if (lengths(lay, n, d, attrs, dst, sizeof attrs / sizeof attrs[0]))
        return -1;
    double body_w = out->width - out->margin_left - out->margin_right;
    double body_h = out->height - out->margin_top - out->margin_bottom
                  - out->header_height - out->footer_height;
    if (out->width < 72 || out->height < 72 || out->width > 14400
        || out->height > 14400 || body_w < 72 || body_h < 72) {
        layout_error(lay, n, d, "la página (%.0f × %.0f pt) deja un área de texto "
                     "demasiado pequeña o es demasiado grande", out->width, out->height);
        return -1;
    }
    return 0;
}

static int parse_align(const layout *lay, const layout_node *n, ts_align *a,
                       diag_list *d)
{
    const char *v = layout_attr(n, "alineacion");
    if (v == NULL)
        return 0;
    static const struct { const char *k; ts_align a; } names[] = {
        {"izquierda", TS_LEFT}, {"centro", TS_CENTER},
        {"derecha", TS_RIGHT}, {"justificada", TS_JUSTIFY}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v, names[i].k) == 0) {
            *a = names[i].a;
            return 0;
        }
    layout_error(lay, n, d, "alineación «%s» inválida (izquierda, centro, "
                 "derecha o justificada)", v);
    return -1;
}

static int style_load_depth(ts_doc *ts, const layout *lay,
                            const layout_node *n, const ts_style *base,
                            ts_style *out, int depth)
{
    diag_list *d = ts->d;
    ts_style st;
    if (base)
        st = *base;
    else
        st = (ts_style){.size = 10, .align = TS_LEFT};
    const char *parent = layout_attr(n, "hereda");
    if (parent != NULL) {
        const layout_node *pn = layout_find(lay, "estilo", parent);
        if (pn == NULL || depth > 8) {
            layout_error(lay, n, d, pn ? "herencia de estilos circular en «%s»"
                                       : "el estilo «%s» no existe", parent);
            ts->failed = true;
            return -1;
        }
        if (style_load_depth(ts, lay, pn, base, &st, depth + 1))
            return -1;
    }
    st.name = layout_attr(n, "id");
    st.src_file = layout_file(lay);
    st.src_line = layout_line(n);
    const char *font = layout_attr(n, "fuente");
    if (font != NULL) {
        st.font = typeset_font(ts, font);
        if (st.font == NULL) {
            layout_error(lay, n, d, "la fuente «%s» no está definida con <fuente>", font);
            ts->failed = true;
            return -1;
        }
    }
    static const char *const attrs[] = {
        "tamano", "interlineado", "relleno-superior", "relleno-derecho",
        "relleno-inferior", "relleno-izquierdo", "espacio-antes",
        "espacio-despues", "sangria", "sangria-primera", "tamano-minimo"};
    double pad = -1;
    int rc = len_or_pt(lay, n, "relleno", &pad, d);
    if (rc < 0)
        goto bad;
    if (rc == 0)
        st.pad_top = st.pad_right = st.pad_bottom = st.pad_left = pad;
    double *const dst[] = {&st.size, &st.leading, &st.pad_top, &st.pad_right,
                           &st.pad_bottom, &st.pad_left, &st.space_before,
                           &st.space_after, &st.indent, &st.first_indent,
                           &st.min_size};
    if (lengths(lay, n, d, attrs, dst, sizeof attrs / sizeof attrs[0]))
        goto bad;
    if (layout_color(lay, n, "color", &st.color, d) < 0)
        goto bad;
    rc = layout_color(lay, n, "fondo", &st.fill, d);
    if (rc < 0)
        goto bad;
    if (rc == 0)
        st.has_fill = true;
    if (layout_bool(lay, n, "mayusculas", &st.uppercase, d) < 0
        || layout_bool(lay, n, "sin-corte", &st.nowrap, d) < 0)
        goto bad;
    if (parse_align(lay, n, &st.align, d))
        goto bad;
    if (st.font == NULL) {
        layout_error(lay, n, d, "el estilo no indica fuente (atributo fuente o hereda)");
        goto bad;
    }
    if (st.size < 1 || st.size > 200) {
        layout_error(lay, n, d, "tamaño de letra %.1f pt fuera de rango (1 a 200)", st.size);
        goto bad;
    }
    if (st.min_size != 0 && (st.min_size < 1 || st.min_size > st.size)) {
        layout_error(lay, n, d, "tamaño mínimo %.1f pt fuera de rango (1 al tamaño, "
                     "%.1f pt)", st.min_size, st.size);
        goto bad;
    }
    *out = st;
    return 0;
bad:
    ts->failed = true;
    return -1;
}

/* A style that fits no page of this document: its line is taller than
 * the body frame, or its indents leave less than one em of its width. */
static int style_fits_page(ts_doc *ts, const ts_style *st)
{
    double body_h = ts->spec.height - ts->spec.margin_top - ts->spec.margin_bottom
                  - ts->spec.header_height - ts->spec.footer_height;
    double line_h = leading_of(st) + st->pad_top + st->pad_bottom;
    if (line_h > body_h) {
        fail_style(ts, st, "una línea de %.1f pt (interlineado y relleno) no cabe en "
                   "el área de texto de la página (%.1f pt)", line_h, body_h);
        return -1;
    }
    return measure_ok(ts, st, typeset_frame_width(ts));
}

int typeset_style_load(ts_doc *ts, const layout *lay, const layout_node *n,
                       const ts_style *base, ts_style *out, diag_list *d)
{
    (void)d;
    if (ts->failed)
        return -1;
    if (style_load_depth(ts, lay, n, base, out, 0))
        return -1;
    return style_fits_page(ts, out);
}

int typeset_style_by_id(ts_doc *ts, const layout *lay, const char *id,
                        ts_style *out, diag_list *d)
{
    if (ts->failed)
        return -1;
    const layout_node *n = layout_require(lay, "estilo", id, ts->d);
    if (n == NULL) {
        ts->failed = true;
        return -1;
    }
    return typeset_style_load(ts, lay, n, NULL, out, d);
}

int typeset_columns_load(const layout *lay, const layout_node *table,
                         double *widths, const char **titles, size_t max,
                         size_t *n, diag_list *d)
{
    *n = 0;
    const layout_node *c = NULL;
    while ((c = layout_child(table, "columna", c)) != NULL) {
        if (*n == max) {
            layout_error(lay, c, d, "demasiadas columnas (máximo %zu)", max);
            return -1;
        }
        double w = 0;
        int rc = len_or_pt(lay, c, "ancho", &w, d);
        if (rc < 0)
            return -1;
        if (rc == 1 || w <= 0) {
            layout_error(lay, c, d, "la columna necesita un ancho positivo");
            return -1;
        }
        widths[*n] = w;
        if (titles)
            titles[*n] = layout_attr(c, "titulo") ? layout_attr(c, "titulo") : "";
        (*n)++;
    }
    if (*n == 0) {
        layout_error(lay, table, d, "la tabla no tiene ninguna <columna>");
        return -1;
    }
    return 0;
}

/* ---- pages --------------------------------------------------------------- */

static double frame_top(const ts_doc *ts)
{
    return ts->spec.height - ts->spec.margin_top - ts->spec.header_height;
}

static double frame_bottom(const ts_doc *ts)
{
    return ts->spec.margin_bottom + ts->spec.footer_height + ts->note_h;
}

static double frame_left(const ts_doc *ts)
{
    return ts->spec.margin_left;
}

double typeset_frame_width(const ts_doc *ts)
{
    return ts->spec.width - ts->spec.margin_left - ts->spec.margin_right;
}

double typeset_remaining(const ts_doc *ts)
{
    return ts->npages == 0 ? 0 : ts->y - frame_bottom(ts);
}

size_t typeset_page_count(const ts_doc *ts)
{
    return ts->npages;
}

static HPDF_Page cur_page(const ts_doc *ts)
{
    return ts->pages[ts->npages - 1].page;
}

int typeset_numbering(ts_doc *ts, ts_numbering style, int first)
{
    if (ts->failed)
        return -1;
    if (first < 1) {
        fail(ts, "numeración de páginas inválida (%d)", first);
        return -1;
    }
    ts->num_style = style;
    ts->num_next = first;
    ts->num_changed = true;
    return 0;
}

/* PDF page label for a page starting a new numbering range. */
static void add_page_label(ts_doc *ts, size_t index)
{
    static const HPDF_PageNumStyle styles[] = {
        HPDF_PAGE_NUM_STYLE_DECIMAL, HPDF_PAGE_NUM_STYLE_UPPER_ROMAN,
        HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, HPDF_PAGE_NUM_STYLE_DECIMAL};
    if (ts->num_style != TS_NUM_NONE) {
        HPDF_AddPageLabel(ts->pdf, (HPDF_UINT)index, styles[ts->num_style],
                          (HPDF_UINT)ts->num_next, "");
        return;
    }
    /* libharu has no style-less label; an empty dictionary means "no
     * number", which viewers show as an empty label. */
    HPDF_Dict label = HPDF_Dict_New(ts->pdf->mmgr);
    if (label != NULL)
        HPDF_Catalog_AddPageLabel(ts->pdf->catalog, (HPDF_UINT)index, label);
}

/* The legend's text with the parts whose bit is set in `used` (parts
 * without a mark always), joined by its separator; malloc'd, NULL when
 * out of memory (reported). */
static char *legend_text(ts_doc *ts, const ts_legend *l, uint32_t used)
{
    size_t len = 1;
    for (size_t i = 0; i < l->n; i++)
        len += strlen(l->text[i]) + strlen(l->sep);
    char *out = malloc(len);
    if (out == NULL) {
        fail(ts, "memoria insuficiente al componer el PDF");
        return NULL;
    }
    out[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (l->mark[i] != NULL && !((used >> i) & 1u))
            continue;
        if (out[0] != '\0')
            strcat(out, l->sep);
        strcat(out, l->text[i]);
    }
    return out;
}

/* Wraps the legend text of `used` parts across the frame; its height
 * (space before included) or -1. */
static double legend_wrap(ts_doc *ts, const ts_legend *l, uint32_t used, ts_text *t)
{
    memset(t, 0, sizeof *t);
    char *text = legend_text(ts, l, used);
    if (text == NULL)
        return -1;
    int rc = wrap_text(ts, &l->st, text, typeset_frame_width(ts), t);
    free(text);
    if (rc)
        return -1;
    return t->nl > 0 ? (double)t->nl * t->leading + l->st.space_before : 0;
}

/* A new page keeps room at its foot for the whole legend in effect: which
 * parts it needs is known only when the page is done. */
static void reserve_note(ts_doc *ts)
{
    ts_text t;
    double h = legend_wrap(ts, ts->page_note, UINT32_MAX, &t);
    text_free(&t);
    if (h < 0)
        return;
    if (h > (frame_top(ts) - frame_bottom(ts)) / 2) {
        fail(ts, "la nota al pie de página ocupa más de media página");
        return;
    }
    ts->note_h = h;
}

/* The current page is done: draws its legend with the parts whose marks
 * were drawn on it, at the foot of the body. */
static void finish_page(ts_doc *ts)
{
    const ts_legend *l = ts->page_note;
    if (ts->npages == 0 || l == NULL)
        return;
    ts->page_note = NULL;
    ts_text t;
    double h = legend_wrap(ts, l, ts->page_used, &t);
    if (h > 0) {
        double top = ts->spec.margin_bottom + ts->spec.footer_height + h
                     - l->st.space_before;
        for (size_t i = 0; i < t.nl; i++)
            draw_line(cur_page(ts), &t, i, &l->st, frame_left(ts),
                      top - (double)i * t.leading);
    }
    text_free(&t);
}

/* Records the legend marks found in `shown` (UTF-8) as used on this page. */
static void note_uses(ts_doc *ts, const char *shown)
{
    const ts_legend *l = ts->page_note;
    if (l == NULL || shown == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        if (l->mark[i] != NULL && strstr(shown, l->mark[i]) != NULL)
            ts->page_used |= 1u << i;
}

int typeset_new_page(ts_doc *ts, unsigned flags)
{
    if (ts->failed)
        return -1;
    finish_page(ts);
    ts_page_rec *pages = grow(ts, ts->pages, &ts->cappages, ts->npages, sizeof *pages);
    if (pages == NULL)
        return -1;
    ts->pages = pages;
    HPDF_Page page = HPDF_AddPage(ts->pdf);
    if (page == NULL || ts->failed)
        return -1;
    HPDF_Page_SetWidth(page, (HPDF_REAL)ts->spec.width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)ts->spec.height);
    if (ts->num_changed) {
        add_page_label(ts, ts->npages);
        ts->num_changed = false;
    }
    ts->pages[ts->npages++] = (ts_page_rec){page, flags, ts->num_style,
                                            ts->num_next++};
    ts->y = frame_top(ts);
    ts->at_top = true;
    ts->note_h = 0;
    ts->page_used = 0;
    ts->page_note = flags & TS_PAGE_BARE ? NULL : ts->note;
    if (ts->page_note != NULL)
        reserve_note(ts);
    return ts->failed ? -1 : 0;
}

int typeset_page_legend(ts_doc *ts, const ts_style *st, const ts_legend_part *parts,
                        size_t n, const char *sep)
{
    if (ts->failed)
        return -1;
    ts->note = NULL;
    if (n == 0)
        return 0;
    if (n > TS_LEGEND_MAX_PARTS) {
        fail(ts, "una leyenda admite a lo más %d partes", TS_LEGEND_MAX_PARTS);
        return -1;
    }
    ts_legend **all = grow(ts, ts->legends, &ts->caplegends, ts->nlegends, sizeof *all);
    ts_legend *l = all != NULL ? calloc(1, sizeof *l) : NULL;
    if (all != NULL)
        ts->legends = all;
    if (l == NULL) {
        fail(ts, "memoria insuficiente al componer el PDF");
        return -1;
    }
    ts->legends[ts->nlegends++] = l;   /* freed at close, even half made */
    l->st = *st;
    l->sep = dup_str(ts, sep != NULL ? sep : " ");
    for (size_t i = 0; i < n && !ts->failed; i++, l->n++) {
        l->text[i] = dup_str(ts, parts[i].text != NULL ? parts[i].text : "");
        if (parts[i].mark != NULL)
            l->mark[i] = dup_str(ts, parts[i].mark);
    }
    if (ts->failed)
        return -1;
    ts->note = l;
    return 0;
}

int typeset_page_note(ts_doc *ts, const ts_style *st, const char *text)
{
    ts_legend_part part = {NULL, text};
    return typeset_page_legend(ts, st, &part, text != NULL, NULL);
}

int typeset_need(ts_doc *ts, double height)
{
    if (ts->failed)
        return -1;
    if (ts->npages == 0 || (typeset_remaining(ts) < height - 1e-6 && !ts->at_top))
        return typeset_new_page(ts, 0);
    return 0;
}

int typeset_space(ts_doc *ts, double height)
{
    if (ts->failed)
        return -1;
    if (ts->npages == 0 || ts->at_top)
        return 0;
    if (typeset_remaining(ts) <= height)
        return typeset_new_page(ts, 0);
    ts->y -= height;
    return 0;
}

void typeset_roman(int n, bool upper, char *buf, size_t size)
{
    static const struct { int v; const char *s; } r[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
        {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"},
        {4, "IV"}, {1, "I"}};
    if (size == 0)
        return;
    buf[0] = '\0';
    if (n < 1 || n > 3999)
        return;
    size_t o = 0;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        while (n >= r[i].v) {
            for (const char *s = r[i].s; *s; s++) {
                if (o + 1 >= size) {
                    buf[o] = '\0';
                    return;
                }
                buf[o++] = upper ? *s : (char)(*s - 'A' + 'a');
            }
            n -= r[i].v;
        }
    buf[o] = '\0';
}

void typeset_page_number_text(const ts_doc *ts, size_t index, char *buf,
                              size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (index >= ts->npages)
        return;
    const ts_page_rec *p = &ts->pages[index];
    switch (p->numbering) {
    case TS_NUM_NONE: break;
    case TS_NUM_ROMAN: typeset_roman(p->number, true, buf, size); break;
    case TS_NUM_ROMAN_LOWER: typeset_roman(p->number, false, buf, size); break;
    case TS_NUM_ARABIC: snprintf(buf, size, "%d", p->number); break;
    }
}

int typeset_set_running(ts_doc *ts, const ts_running *r)
{
    if (ts->failed)
        return -1;
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES + 1; i++) {
        free(ts->running_text[i]);
        ts->running_text[i] = NULL;
    }
    ts->running = *r;
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES; i++) {
        if (r->header[i] == NULL)
            continue;
        if ((ts->running_text[i] = dup_str(ts, r->header[i])) == NULL)
            return -1;
        ts->running.header[i] = ts->running_text[i];
    }
    if (r->footer != NULL) {
        if ((ts->running_text[TS_RUNNING_MAX_LINES] = dup_str(ts, r->footer)) == NULL)
            return -1;
        ts->running.footer = ts->running_text[TS_RUNNING_MAX_LINES];
    }
    ts->has_running = true;
    return 0;
}

/* ---- flowing text --------------------------------------------------------- */

/* Sets lines [from, to) of t at the cursor, top-aligned. */
static void set_lines(ts_doc *ts, const ts_text *t, const ts_style *st,
                      size_t from, size_t to)
{
    HPDF_Page page = cur_page(ts);
    double x = frame_left(ts), w = typeset_frame_width(ts);
    if (st->has_fill && to > from)
        {
            HPDF_Page_SetRGBFill(page, (HPDF_REAL)st->fill.r, (HPDF_REAL)st->fill.g,
                                 (HPDF_REAL)st->fill.b);
            HPDF_Page_Rectangle(page, (HPDF_REAL)x,
                                (HPDF_REAL)(ts->y - (double)(to - from) * t->leading),
                                (HPDF_REAL)w, (HPDF_REAL)((double)(to - from) * t->leading));
            HPDF_Page_Fill(page);
        }
    for (size_t i = from; i < to; i++) {
        draw_line(page, t, i, st, x, ts->y);
        ts->y -= t->leading;
    }
    ts->at_top = false;
}

/* How many of the lines [i, nl) go on this page: widows and orphans are
 * avoided when the paragraph is long enough to allow it. */
static size_t lines_here(const ts_doc *ts, const ts_text *t, size_t i)
{
    size_t left = t->nl - i;
    double room = typeset_remaining(ts);
    size_t k = room <= 0 ? 0 : (size_t)((room + 1e-6) / t->leading);
    if (k >= left)
        return left;
    if (t->nl > 3) {
        if (left - k == 1 && k > 1 && i + k - 1 >= 2)
            k--;               /* no widow: bring a line along */
        if (i == 0 && k == 1)
            k = 0;             /* no orphan: start on the next page */
    }
    if (k == 0 && ts->at_top)
        k = 1;                 /* a line taller than a page still goes */
    return k;
}

static int flow_text(ts_doc *ts, const ts_text *t, const ts_style *st)
{
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    if (!ts->at_top && st->space_before > 0)
        typeset_space(ts, st->space_before);
    size_t i = 0;
    while (i < t->nl && !ts->failed) {
        size_t k = lines_here(ts, t, i);
        if (k == 0) {
            if (typeset_new_page(ts, 0))
                return -1;
            continue;
        }
        set_lines(ts, t, st, i, i + k);
        i += k;
        /* lines_here may stop short of the page end to avoid a widow:
         * the rest then starts a new page */
        if (i < t->nl && typeset_new_page(ts, 0))
            return -1;
    }
    if (st->space_after > 0)
        typeset_space(ts, st->space_after);
    return ts->failed ? -1 : 0;
}

int typeset_paragraph_runs(ts_doc *ts, const ts_run *runs, size_t n)
{
    if (ts->failed)
        return -1;
    if (n == 0)
        return 0;
    ts_text t;
    int rc = wrap_runs(ts, runs, n, typeset_frame_width(ts), &t);
    if (rc == 0)
        rc = flow_text(ts, &t, runs[0].style);
    text_free(&t);
    return rc;
}

int typeset_paragraph(ts_doc *ts, const ts_style *st, const char *text)
{
    ts_run run = {st, text};
    return typeset_paragraph_runs(ts, &run, 1);
}

double typeset_paragraph_height(ts_doc *ts, const ts_style *st, const char *text)
{
    if (ts->failed)
        return -1;
    ts_text t;
    double h = -1;
    if (wrap_text(ts, st, text, typeset_frame_width(ts), &t) == 0)
        h = st->space_before + (double)t.nl * t.leading + st->space_after;
    text_free(&t);
    return h;
}

int typeset_list_item(ts_doc *ts, const ts_style *st, const char *label,
                      double label_width, const char *text)
{
    if (ts->failed)
        return -1;
    ts_style body = *st;
    body.indent = st->indent + label_width;
    body.first_indent = 0;
    ts_text t;
    if (wrap_text(ts, &body, text, typeset_frame_width(ts), &t)) {
        text_free(&t);
        return -1;
    }
    /* keep the label with at least two lines of its text */
    size_t keep = t.nl < 2 ? t.nl : 2;
    if (typeset_need(ts, body.space_before + (double)keep * t.leading)) {
        text_free(&t);
        return -1;
    }
    if (!ts->at_top && body.space_before > 0)
        typeset_space(ts, body.space_before);
    body.space_before = 0;
    double top = ts->y;
    ts_style lab = *st;
    lab.align = TS_RIGHT;
    lab.indent = lab.first_indent = 0;
    ts_text lt;
    int rc = wrap_text(ts, &lab, label, 1e6, &lt);
    if (rc == 0 && lt.nl > 0) {
        /* right-aligned in the hanging column, with a small gap */
        double gap = st->size * 0.4;
        double x = frame_left(ts) + st->indent + label_width - gap - lt.lines[0].width;
        lt.lines[0].avail = lt.lines[0].width;
        draw_line(cur_page(ts), &lt, 0, &lab, x - lt.lines[0].indent, top);
    }
    text_free(&lt);
    if (rc == 0)
        rc = flow_text(ts, &t, &body);
    text_free(&t);
    return rc;
}

/* ---- outline, anchors, contents ------------------------------------------ */

static HPDF_Destination dest_at(ts_doc *ts, size_t page, double y)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(ts->pages[page].page);
    if (dst != NULL)
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)y);
    return dst;
}

/* Position a bookmark or anchor points at: the cursor, or the top of the
 * next page when this one is full. */
static double mark_y(const ts_doc *ts)
{
    return ts->at_top ? ts->spec.height : ts->y + 4;
}

int typeset_bookmark(ts_doc *ts, int level, const char *title, bool open)
{
    if (ts->failed)
        return -1;
    if (level < 0 || level >= TS_MAX_OUTLINE_DEPTH || level > ts->outline_depth) {
        fail(ts, "nivel de marcador %d inválido para «%s»", level, title);
        return -1;
    }
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    HPDF_Outline parent = level == 0 ? NULL : ts->outline[level - 1];
    HPDF_Outline o = HPDF_CreateOutline(ts->pdf, parent, title,
                                        HPDF_GetEncoder(ts->pdf, "UTF-8"));
    if (o == NULL || ts->failed)
        return -1;
    HPDF_Outline_SetOpened(o, open ? HPDF_TRUE : HPDF_FALSE);
    HPDF_Destination dst = dest_at(ts, ts->npages - 1, mark_y(ts));
    if (dst)
        HPDF_Outline_SetDestination(o, dst);
    ts->outline[level] = o;
    ts->outline_depth = level + 1;
    hash_bytes(ts, title, strlen(title));
    return ts->failed ? -1 : 0;
}

int typeset_anchor(ts_doc *ts, const char *id)
{
    if (ts->failed)
        return -1;
    for (size_t i = 0; i < ts->nanchors; i++)
        if (strcmp(ts->anchors[i].id, id) == 0) {
            fail(ts, "el ancla «%s» se definió dos veces", id);
            return -1;
        }
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    ts_anchor_rec *anchors = grow(ts, ts->anchors, &ts->capanchors, ts->nanchors,
                                  sizeof *anchors);
    if (anchors == NULL)
        return -1;
    ts->anchors = anchors;
    char *c = dup_str(ts, id);
    if (c == NULL)
        return -1;
    ts->anchors[ts->nanchors++] = (ts_anchor_rec){c, ts->npages - 1, mark_y(ts)};
    return 0;
}

int typeset_toc_entry(ts_doc *ts, const ts_style *st, const char *text,
                      const char *id)
{
    if (ts->failed)
        return -1;
    /* room on the right for the longest number we print, and leaders */
    double numcol = width_of(st, "XXXVIII", 7) + st->size * 1.5;
    double width = typeset_frame_width(ts) - numcol;
    ts_text t;
    if (wrap_text(ts, st, text, width, &t)) {
        text_free(&t);
        return -1;
    }
    if (t.nl == 0 || typeset_need(ts, st->space_before + (double)t.nl * t.leading)) {
        text_free(&t);
        return ts->failed ? -1 : 0;
    }
    if (!ts->at_top && st->space_before > 0)
        typeset_space(ts, st->space_before);
    ts_toc_rec *tocs = grow(ts, ts->tocs, &ts->captocs, ts->ntocs, sizeof *tocs);
    if (tocs == NULL) {
        text_free(&t);
        return -1;
    }
    ts->tocs = tocs;
    ts_toc_rec rec = {0};
    rec.id = dup_str(ts, id);
    rec.st = *st;
    rec.page = ts->npages - 1;
    rec.x0 = frame_left(ts);
    rec.x1 = frame_left(ts) + typeset_frame_width(ts);
    rec.top = ts->y;
    ts_style body = *st;
    body.space_before = 0;
    body.space_after = 0;
    const ts_line *last = &t.lines[t.nl - 1];
    double slack = last->avail - last->width;
    double shift = st->align == TS_RIGHT ? slack : st->align == TS_CENTER ? slack / 2 : 0;
    rec.text_end = frame_left(ts) + last->indent + shift + last->width;
    rec.baseline = baseline_in(st, ts->y - (double)(t.nl - 1) * t.leading);
    set_lines(ts, &t, &body, 0, t.nl);
    rec.bottom = ts->y;
    text_free(&t);
    if (rec.id == NULL)
        return -1;
    ts->tocs[ts->ntocs++] = rec;
    if (st->space_after > 0)
        typeset_space(ts, st->space_after);
    return ts->failed ? -1 : 0;
}

static const ts_anchor_rec *anchor_find(const ts_doc *ts, const char *id)
{
    for (size_t i = 0; i < ts->nanchors; i++)
        if (strcmp(ts->anchors[i].id, id) == 0)
            return &ts->anchors[i];
    return NULL;
}

long typeset_anchor_page(const ts_doc *ts, const char *id)
{
    const ts_anchor_rec *a = anchor_find(ts, id);
    return a ? (long)a->page : -1;
}

/* Leaders, number and link of one contents entry, now that the target's
 * page is known. Dots sit on a grid from the right edge so that the
 * columns of dots line up from entry to entry. */
static void toc_resolve(ts_doc *ts, const ts_toc_rec *e)
{
    const ts_anchor_rec *a = anchor_find(ts, e->id);
    if (a == NULL) {
        fail(ts, "el índice cita «%s», que no aparece en el documento", e->id);
        return;
    }
    char num[16];
    typeset_page_number_text(ts, a->page, num, sizeof num);
    HPDF_Page page = ts->pages[e->page].page;
    const ts_style *st = &e->st;
    double numw = width_of(st, num, strlen(num));
    double dotw = width_of(st, ". ", 2);
    double gap = st->size * 0.3;
    double lead_end = e->x1 - numw - gap;
    double lead_start = e->text_end + gap;
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, st->font->font, (HPDF_REAL)st->size);
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)st->color.r, (HPDF_REAL)st->color.g,
                         (HPDF_REAL)st->color.b);
    if (dotw > 0) {
        double x = e->x1 - numw - gap - dotw;
        double grid = floor((x - e->x0) / dotw) * dotw + e->x0;
        for (double dx = grid; dx >= lead_start && dx + dotw <= lead_end + 1e-6; dx -= dotw)
            HPDF_Page_TextOut(page, (HPDF_REAL)dx, (HPDF_REAL)e->baseline, ".");
    }
    HPDF_Page_TextOut(page, (HPDF_REAL)(e->x1 - numw), (HPDF_REAL)e->baseline, num);
    HPDF_Page_EndText(page);
    hash_bytes(ts, num, strlen(num));

    HPDF_Rect rect = {(HPDF_REAL)e->x0, (HPDF_REAL)e->bottom, (HPDF_REAL)e->x1,
                      (HPDF_REAL)e->top};
    HPDF_Destination dst = dest_at(ts, a->page, a->y);
    HPDF_Annotation link = dst ? HPDF_Page_CreateLinkAnnot(page, rect, dst) : NULL;
    if (link != NULL) {
        HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
        HPDF_LinkAnnot_SetHighlightMode(link, HPDF_ANNOT_INVERT_BOX);
        HPDF_Dict_AddNumber(link, "F", 4);   /* printable, as archives want */
    }
}

/* ---- running header and footer ------------------------------------------- */

/* Replaces {pagina} and {paginas} in a UTF-8 template. */
static char *expand_footer(ts_doc *ts, const char *tpl, size_t index)
{
    char num[16], total[24];
    typeset_page_number_text(ts, index, num, sizeof num);
    /* the total counts the pages of the last numbering range's style */
    typeset_page_number_text(ts, ts->npages - 1, total, sizeof total);
    size_t cap = strlen(tpl) * 2 + 64;
    char *out = malloc(cap);
    if (out == NULL) {
        fail(ts, "memoria insuficiente al componer el pie de página");
        return NULL;
    }
    size_t o = 0;
    for (const char *p = tpl; *p;) {
        const char *ins = NULL;
        size_t skip = 0;
        if (strncmp(p, "{paginas}", 9) == 0) {
            ins = total;
            skip = 9;
        } else if (strncmp(p, "{pagina}", 8) == 0) {
            ins = num;
            skip = 8;
        }
        if (ins) {
            size_t k = strlen(ins);
            if (o + k + 1 >= cap)
                break;
            memcpy(out + o, ins, k);
            o += k;
            p += skip;
        } else {
            if (o + 2 >= cap)
                break;
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return out;
}

/* Sets text in st within [x, x + width), its first line box's top at
 * `top`. */
static void draw_single(ts_doc *ts, HPDF_Page page, const ts_style *st,
                        const char *text, double x, double width, double top)
{
    ts_text t;
    if (wrap_text(ts, st, text, width, &t) == 0)
        for (size_t i = 0; i < t.nl; i++)
            draw_line(page, &t, i, st, x, top - (double)i * t.leading);
    text_free(&t);
}

/* Top of a line box in style st whose baseline is `base` (the inverse of
 * baseline_in), so texts of different sizes can share a baseline. */
static double top_for_baseline(const ts_style *st, double base)
{
    return base - baseline_in(st, 0);
}

/*
 * One row of the running header: lines [first, end) share the baseline
 * of the first one's line box at `top`. Each text gets the width the
 * others' natural widths leave (less a gap), placed by its alignment, so
 * a left title and a right-hand text never overlap. Returns the row's
 * height (the tallest leading).
 */
static double draw_header_row(ts_doc *ts, HPDF_Page page, size_t first, size_t end,
                              double top)
{
    const ts_running *r = &ts->running;
    double frame_w = typeset_frame_width(ts), gap = 0, natural[TS_RUNNING_MAX_LINES] = {0};
    double sum = 0, row_h = 0;
    for (size_t i = first; i < end; i++) {
        natural[i] = typeset_text_width(ts, &r->header_style[i], r->header[i]);
        sum += natural[i];
        if (r->header_style[i].size > gap)
            gap = r->header_style[i].size;
    }
    double base = baseline_in(&r->header_style[first], top);
    for (size_t i = first; i < end; i++) {
        const ts_style *st = &r->header_style[i];
        double w = end - first == 1 ? frame_w : frame_w - (sum - natural[i]) - gap;
        if (w < frame_w / 4)
            w = frame_w / 4;
        double x = frame_left(ts);
        if (st->align == TS_RIGHT)
            x += frame_w - w;
        else if (st->align == TS_CENTER)
            x += (frame_w - w) / 2;
        draw_single(ts, page, st, r->header[i], x, w, top_for_baseline(st, base));
        if (leading_of(st) > row_h)
            row_h = leading_of(st);
    }
    return row_h;
}

static void draw_running(ts_doc *ts, size_t index)
{
    const ts_running *r = &ts->running;
    HPDF_Page page = ts->pages[index].page;
    double top = ts->spec.height - ts->spec.margin_top;
    size_t i = 0;
    while (i < TS_RUNNING_MAX_LINES) {
        if (r->header[i] == NULL) {
            i++;
            continue;
        }
        size_t end = i + 1;
        while (end < TS_RUNNING_MAX_LINES && r->header[end] != NULL && r->header_joined[end])
            end++;
        top -= draw_header_row(ts, page, i, end, top);
        i = end;
    }
    if (r->rule_width > 0) {
        double y = frame_top(ts) + ts->spec.header_height * 0.25;
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->rule_width);
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)r->rule_color.r,
                               (HPDF_REAL)r->rule_color.g, (HPDF_REAL)r->rule_color.b);
        HPDF_Page_MoveTo(page, (HPDF_REAL)frame_left(ts), (HPDF_REAL)y);
        HPDF_Page_LineTo(page, (HPDF_REAL)(frame_left(ts) + typeset_frame_width(ts)),
                         (HPDF_REAL)y);
        HPDF_Page_Stroke(page);
    }
    if (r->footer != NULL) {
        char *text = expand_footer(ts, r->footer, index);
        if (text != NULL) {
            double fl = leading_of(&r->footer_style);
            draw_single(ts, page, &r->footer_style, text, frame_left(ts),
                        typeset_frame_width(ts), ts->spec.margin_bottom + fl);
            free(text);
        }
    }
}

/* The trailer /ID (two equal 16-byte strings), from the content hash:
 * PDF readers and archives expect one, and it must not depend on the
 * clock for the output to be reproducible. */
static void add_id(ts_doc *ts)
{
    HPDF_BYTE id[16];
    for (int i = 0; i < 8; i++) {
        id[i] = (HPDF_BYTE)(ts->hash[0] >> (8 * i));
        id[8 + i] = (HPDF_BYTE)(ts->hash[1] >> (8 * i));
    }
    HPDF_Array arr = HPDF_Array_New(ts->pdf->mmgr);
    if (arr == NULL || HPDF_Dict_Add(ts->pdf->trailer, "ID", arr) != HPDF_OK)
        return;
    HPDF_Array_Add(arr, HPDF_Binary_New(ts->pdf->mmgr, id, sizeof id));
    HPDF_Array_Add(arr, HPDF_Binary_New(ts->pdf->mmgr, id, sizeof id));
}

/*
 * Copies the document, saved into libharu's memory stream, to f. libharu
 * writing a file itself would close it without checking, so a full disk
 * could go unseen; here every write is checked, unbuffered so that the
 * failing one is the one reported (outfile_commit then checks the
 * flush, fsync and close).
 */
static void copy_out(ts_doc *ts, FILE *f)
{
    setvbuf(f, NULL, _IONBF, 0);
    HPDF_UINT32 left = HPDF_GetStreamSize(ts->pdf);
    if (HPDF_ResetStream(ts->pdf) != HPDF_OK)
        return;   /* reported by the error handler */
    HPDF_BYTE buf[65536];
    while (left > 0 && !ts->failed) {
        HPDF_UINT32 n = left < sizeof buf ? left : (HPDF_UINT32)sizeof buf;
        if (HPDF_ReadFromStream(ts->pdf, buf, &n) != HPDF_OK || n == 0) {
            if (!ts->failed)
                fail_write(ts, "libharu no entregó el documento completo");
            return;
        }
        if (fwrite(buf, 1, n, f) != n) {
            fail_write(ts, strerror(errno));
            return;
        }
        left -= n;
    }
}

int typeset_save(ts_doc *ts, const char *out_path, diag_list *d)
{
    (void)d;
    if (ts->failed)
        return -1;
    if (ts->npages == 0) {
        fail(ts, "el documento no tiene páginas");
        return -1;
    }
    finish_page(ts);
    for (size_t i = 0; i < ts->ntocs && !ts->failed; i++)
        toc_resolve(ts, &ts->tocs[i]);
    if (ts->has_running)
        for (size_t i = 0; i < ts->npages && !ts->failed; i++)
            if (!(ts->pages[i].flags & TS_PAGE_BARE))
                draw_running(ts, i);
    hash_bytes(ts, &ts->npages, sizeof ts->npages);
    if (!ts->failed)
        add_id(ts);
    if (ts->failed)
        return -1;
    outfile o = {0};
    if (outfile_open(&o, out_path, 1, ts->d) != 0) {
        ts->failed = true;
        return -1;
    }
    ts->saving = true;
    ts->save_path = out_path;
    HPDF_STATUS st = HPDF_SaveToStream(ts->pdf);
    if (st != HPDF_OK && !ts->failed)
        fail_write(ts, hpdf_error_text(st));
    if (!ts->failed)
        copy_out(ts, o.f);
    ts->saving = false;
    if (ts->failed) {
        outfile_abort(&o);
        return -1;
    }
    if (outfile_commit(&o, ts->d) != 0) {   /* cleans up after itself */
        ts->failed = true;
        return -1;
    }
    return 0;
}

/* ---- tables -------------------------------------------------------------- */

static void prow_free(ts_prow *r)
{
    for (size_t i = 0; i < r->ncells; i++) {
        text_free(&r->cells[i].text);
        free(r->cells[i].mark);
        free(r->cells[i].uses);
    }
    free(r->cells);
    free(r->bookmark);
    free(r->anchor);
    if (r->cont != NULL) {
        prow_free(r->cont);
        free(r->cont);
    }
    r->cells = NULL;
    r->bookmark = r->anchor = NULL;
    r->cont = NULL;
    r->ncells = 0;
}

static double cell_height(const ts_pcell *c, size_t from, size_t to)
{
    double lead = c->text.nl ? c->text.leading : leading_of(c->st);
    size_t n = to > from ? to - from : 0;
    if (n == 0 && from == 0)
        n = 1;   /* an empty cell still has one line's height */
    return c->st->pad_top + (double)n * lead + c->st->pad_bottom;
}

/* Copies a cell's mark (converted for drawing) and the legend marks it
 * shows. A mark needs a mark area in the cell's column. */
static int cell_marks(ts_table *t, ts_pcell *c, const ts_cell *in)
{
    ts_doc *ts = t->ts;
    bool area = t->mark_width != NULL && c->span == 1 && c->st->align == TS_RIGHT
                && t->mark_width[c->col] > 0;
    if (in->mark != NULL && in->mark[0] != '\0') {
        if (!area) {
            fail(ts, "una marca en la columna %zu, que no tiene espacio para marcas",
                 c->col + 1);
            return -1;
        }
        if ((c->mark = to_cp1252(ts, in->mark, c->st->uppercase)) == NULL)
            return -1;
    }
    size_t len = (in->mark ? strlen(in->mark) : 0) + (in->uses ? strlen(in->uses) : 0);
    if (len == 0)
        return 0;
    if ((c->uses = malloc(len + 2)) == NULL) {
        fail(ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    snprintf(c->uses, len + 2, "%s %s", in->mark ? in->mark : "", in->uses ? in->uses : "");
    return 0;
}

static int prow_build(ts_table *t, const ts_cell *cells, size_t n, ts_prow *r)
{
    ts_doc *ts = t->ts;
    memset(r, 0, sizeof *r);
    r->cells = calloc(n ? n : 1, sizeof *r->cells);
    if (r->cells == NULL) {
        fail(ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        size_t span = cells[i].span ? cells[i].span : 1;
        if (col + span > t->ncols || cells[i].style == NULL) {
            fail(ts, "fila de tabla inválida: las celdas no cubren %zu columnas", t->ncols);
            prow_free(r);
            return -1;
        }
        ts_pcell *c = &r->cells[r->ncells++];
        c->col = col;
        c->span = span;
        c->x = t->x[col];
        c->w = t->x[col + span] - t->x[col];
        c->st = cells[i].style;
        /* a measure under one em is refused by wrap_text (measure_ok) */
        double inner = c->w - c->st->pad_left - c->st->pad_right;
        if (t->mark_width != NULL && span == 1 && c->st->align == TS_RIGHT)
            inner -= t->mark_width[col];
        c->mark_x = c->x + c->st->pad_left + inner;
        if (cell_marks(t, c, &cells[i]) || wrap_text(ts, c->st, cells[i].text, inner, &c->text)) {
            prow_free(r);
            return -1;
        }
        double h = cell_height(c, 0, c->text.nl);
        if (h > r->height)
            r->height = h;
        col += span;
    }
    if (col != t->ncols) {
        fail(ts, "fila de tabla inválida: %zu de %zu columnas", col, t->ncols);
        prow_free(r);
        return -1;
    }
    return 0;
}

/* A cell's mark in its column's mark area, on the first line's baseline. */
static void draw_mark(const ts_table *t, HPDF_Page page, const ts_pcell *c, double top)
{
    const ts_style *st = c->st;
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, st->font->font, (HPDF_REAL)st->size);
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)st->color.r, (HPDF_REAL)st->color.g,
                         (HPDF_REAL)st->color.b);
    text_out(page, st, c->mark_x + t->mark_gap, baseline_in(st, top), c->mark,
             strlen(c->mark));
    HPDF_Page_EndText(page);
}

/* Draws lines [from[i], to[i]) of each cell as one band of height h. */
static void prow_draw_part(ts_table *t, const ts_prow *r, const size_t *from,
                           const size_t *to, double h)
{
    ts_doc *ts = t->ts;
    HPDF_Page page = cur_page(ts);
    double top = ts->y;
    for (size_t i = 0; i < r->ncells; i++) {
        const ts_pcell *c = &r->cells[i];
        if (!c->st->has_fill)
            continue;
        HPDF_Page_SetRGBFill(page, (HPDF_REAL)c->st->fill.r, (HPDF_REAL)c->st->fill.g,
                             (HPDF_REAL)c->st->fill.b);
        HPDF_Page_Rectangle(page, (HPDF_REAL)c->x, (HPDF_REAL)(top - h),
                            (HPDF_REAL)c->w, (HPDF_REAL)h);
        HPDF_Page_Fill(page);
    }
    for (size_t i = 0; i < r->ncells; i++) {
        const ts_pcell *c = &r->cells[i];
        double y = top - c->st->pad_top;
        for (size_t l = from[i]; l < to[i]; l++) {
            draw_line(page, &c->text, l, c->st, c->x + c->st->pad_left, y);
            y -= c->text.leading;
        }
        if (from[i] == 0 && (to[i] > 0 || c->text.nl == 0)) {
            note_uses(ts, c->uses);
            if (c->mark != NULL)
                draw_mark(t, page, c, top - c->st->pad_top);
        }
    }
    if (t->rule_width > 0) {
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)t->rule_width);
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)t->rule_color.r,
                               (HPDF_REAL)t->rule_color.g, (HPDF_REAL)t->rule_color.b);
        for (size_t i = 0; i < r->ncells; i++)
            HPDF_Page_Rectangle(page, (HPDF_REAL)r->cells[i].x, (HPDF_REAL)(top - h),
                                (HPDF_REAL)r->cells[i].w, (HPDF_REAL)h);
        HPDF_Page_Stroke(page);
    }
    ts->y -= h;
    ts->at_top = false;
}

static int header_draw(ts_table *t);

/* Height a new page of the table starts with: the header and, while a
 * group goes on (no new group waiting to start), its continuation
 * heading. */
static double top_height(const ts_table *t, double header_h)
{
    return header_h + (t->cont != NULL && t->npending == 0 ? t->cont->height : 0);
}

/* Height the top of the table takes if it is not yet on this page. */
static double header_cost(const ts_table *t, double header_h)
{
    return t->header_page != t->ts->npages - 1 ? top_height(t, header_h) : 0;
}

/* The group being drawn changes (NULL: a new one starts, or none). */
static void cont_set(ts_table *t, ts_prow *cont)
{
    if (t->cont != NULL) {
        prow_free(t->cont);
        free(t->cont);
    }
    t->cont = cont;
}

static int table_new_page(ts_table *t)
{
    if (typeset_new_page(t->ts, 0))
        return -1;
    return header_draw(t);
}

/*
 * Draws a row, splitting it between lines over as many pages as needed
 * (only reached for rows taller than a page: callers move shorter rows
 * whole to the next page first).
 */
static int prow_draw(ts_table *t, const ts_prow *r)
{
    ts_doc *ts = t->ts;
    size_t *from = calloc(r->ncells * 2 + 1, sizeof *from);
    if (from == NULL) {
        fail(ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    size_t *to = from + r->ncells;
    bool marked = false;
    for (;;) {
        if (header_draw(t))
            break;
        if (!marked) {
            marked = true;
            if (r->bookmark && typeset_bookmark(ts, r->bookmark_level, r->bookmark,
                                                r->bookmark_open))
                break;
            if (r->anchor && typeset_anchor(ts, r->anchor))
                break;
        }
        double room = typeset_remaining(ts), h = 0;
        bool done = true;
        for (size_t i = 0; i < r->ncells; i++) {
            const ts_pcell *c = &r->cells[i];
            size_t nl = c->text.nl;
            double lead = c->text.leading > 0 ? c->text.leading : 1;
            double inner = room - c->st->pad_top - c->st->pad_bottom;
            size_t fit = inner <= 0 ? 0 : (size_t)((inner + 1e-6) / lead);
            to[i] = from[i] + fit < nl ? from[i] + fit : nl;
            if (to[i] < nl)
                done = false;
            double ch = cell_height(c, from[i], to[i]);
            if (ch > h)
                h = ch;
        }
        /* A band progresses when some cell sets a line; an empty cell
         * never does (it would otherwise add blank pages without end
         * beside a line that fits on none), except in a row of empty
         * cells, which is one band. */
        bool progress = false, all_empty = true;
        const ts_pcell *stuck = NULL;
        for (size_t i = 0; i < r->ncells; i++) {
            if (to[i] > from[i])
                progress = true;
            if (r->cells[i].text.nl > 0)
                all_empty = false;
            if (to[i] < r->cells[i].text.nl && to[i] == from[i])
                stuck = &r->cells[i];
        }
        if (all_empty)
            progress = true;
        if (!progress && !t->fresh && !ts->at_top) {
            if (table_new_page(t))
                break;
            continue;
        }
        if (!progress) {
            fail_style(ts, stuck ? stuck->st : r->cells[0].st,
                       "una línea de tabla no cabe en la página (%.1f pt de alto, "
                       "con el relleno; quedan %.1f pt bajo el encabezado)",
                       stuck ? cell_height(stuck, 0, 1) : 0, room);
            break;
        }
        prow_draw_part(t, r, from, to, done ? h : room);
        t->fresh = false;
        if (done)
            break;
        memcpy(from, to, r->ncells * sizeof *from);
        if (table_new_page(t))
            break;
    }
    free(from);
    return ts->failed ? -1 : 0;
}

/* Draws a row known to fit on this page, all of its lines. */
static int prow_draw_whole(ts_table *t, const ts_prow *r)
{
    size_t *f = calloc(r->ncells * 2 + 1, sizeof *f);
    if (f == NULL) {
        fail(t->ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    for (size_t i = 0; i < r->ncells; i++)
        f[r->ncells + i] = r->cells[i].text.nl;
    prow_draw_part(t, r, f, f + r->ncells, r->height);
    free(f);
    return 0;
}

/* The header row, built anew (its cells are not kept between pages). */
static int header_build(ts_table *t, ts_prow *r)
{
    ts_cell *cells = calloc(t->ncols, sizeof *cells);
    if (cells == NULL) {
        fail(t->ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    for (size_t i = 0; i < t->ncols; i++)
        cells[i] = (ts_cell){t->header[i], t->header_style, 1, NULL, NULL};
    int rc = prow_build(t, cells, t->ncols, r);
    free(cells);
    return rc;
}

/*
 * Once per page the table reaches: the header row, then the heading of
 * the group that goes on here, if any (place() has dropped it when a
 * group starts on this page instead). The two start a new page together
 * when they do not fit at the foot of this one.
 */
static int header_draw(ts_table *t)
{
    ts_doc *ts = t->ts;
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    if (t->header_page == ts->npages - 1)
        return 0;
    ts_prow r = {0};
    if (t->header != NULL && header_build(t, &r))
        return -1;
    double cont_h = t->cont != NULL ? t->cont->height : 0;
    int rc = 0;
    if (typeset_remaining(ts) < r.height + cont_h && !ts->at_top)
        rc = typeset_new_page(ts, 0);
    if (rc == 0 && t->header != NULL)
        rc = prow_draw_whole(t, &r);
    /* a heading that would not fit under the header is left out: the
     * rows matter more than their reminder */
    bool heading = rc == 0 && t->cont != NULL && typeset_remaining(ts) + 1e-6 >= cont_h;
    if (heading)
        rc = prow_draw_whole(t, t->cont);
    prow_free(&r);
    t->header_page = ts->npages - 1;
    if (t->header != NULL || heading)
        t->fresh = true;
    return rc ? -1 : (ts->failed ? -1 : 0);
}

int typeset_table_begin(ts_doc *ts, const ts_table_spec *spec, ts_table **out)
{
    *out = NULL;
    if (ts->failed)
        return -1;
    if (spec->ncols == 0 || (spec->header && spec->header_style == NULL)) {
        fail(ts, "tabla sin columnas o sin estilo de encabezado");
        return -1;
    }
    ts_table *t = calloc(1, sizeof *t);
    double *x = calloc(spec->ncols + 1, sizeof *x);
    char **hdr = spec->header ? calloc(spec->ncols, sizeof *hdr) : NULL;
    ts_prow *held = calloc(TS_TABLE_HELD, sizeof *held);
    if (t == NULL || x == NULL || (spec->header && hdr == NULL) || held == NULL) {
        free(t);
        free(x);
        free(hdr);
        free(held);
        fail(ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    t->ts = ts;
    t->ncols = spec->ncols;
    t->x = x;
    t->held = held;
    t->header = hdr;
    t->header_style = spec->header_style;
    t->rule_width = spec->rule_width;
    t->rule_color = spec->rule_color;
    t->header_page = SIZE_MAX;
    t->mark_gap = spec->mark_gap;
    if (spec->continued != NULL && (t->continued = dup_str(ts, spec->continued)) == NULL) {
        typeset_table_end(t);
        return -1;
    }
    if (spec->mark_width != NULL) {
        if ((t->mark_width = calloc(spec->ncols, sizeof *t->mark_width)) == NULL) {
            fail(ts, "memoria insuficiente al componer una tabla");
            typeset_table_end(t);
            return -1;
        }
        memcpy(t->mark_width, spec->mark_width, spec->ncols * sizeof *t->mark_width);
    }
    double sum = 0;
    for (size_t i = 0; i < spec->ncols; i++)
        sum += spec->widths[i] > 0 ? spec->widths[i] : 0;
    double scale = sum > 0 ? typeset_frame_width(ts) / sum : 0;
    x[0] = frame_left(ts);
    for (size_t i = 0; i < spec->ncols; i++)
        x[i + 1] = x[i] + (spec->widths[i] > 0 ? spec->widths[i] : 0) * scale;
    for (size_t i = 0; hdr && i < spec->ncols; i++)
        if ((hdr[i] = dup_str(ts, spec->header[i] ? spec->header[i] : "")) == NULL) {
            typeset_table_end(t);
            return -1;
        }
    if (sum <= 0) {
        fail(ts, "la tabla no tiene anchos de columna positivos");
        typeset_table_end(t);
        return -1;
    }
    const ts_style *hs = spec->header_style;
    for (size_t i = 0; hs && i < spec->ncols; i++) {
        double w = x[i + 1] - x[i];
        if (w - hs->pad_left - hs->pad_right < hs->size - 1e-6) {
            fail_style(ts, hs, "la columna %zu mide %.1f pt: con el relleno (%.1f + %.1f pt) "
                       "no deja un cuadratín (%.1f pt) para el texto, que invadiría la "
                       "columna siguiente", i + 1, w, hs->pad_left, hs->pad_right, hs->size);
            typeset_table_end(t);
            return -1;
        }
    }
    *out = t;
    return 0;
}

/* Height of the header row, measured once per decision; 0 after a
 * failure, which is sticky (the caller's next call returns -1). */
static double header_height(ts_table *t)
{
    ts_prow r;
    if (t->header == NULL || header_build(t, &r))
        return 0;
    double h = r.height;
    prow_free(&r);
    return h;
}

/* Height of r that must share a page with what goes before it, given
 * `room` on a fresh page: all of it, or only its first lines when it is
 * taller than that and will be split anyway. */
static double keep_height(const ts_prow *r, double room)
{
    if (r->height <= room)
        return r->height;
    const ts_style *st = r->cells[0].st;
    return st->pad_top + st->pad_bottom + 2 * leading_of(st);
}

/*
 * Draws the pending group rows followed by body row `r` (NULL at the end
 * of a table that ends in group rows), on a new page unless the group
 * rows and r fit on this one. `next`, when not NULL, is the last row of
 * r's group: it must not start a page alone, so it counts as part of r
 * when the two fit on one page together.
 */
static int place(ts_table *t, const ts_prow *r, const ts_prow *next)
{
    ts_doc *ts = t->ts;
    /* group rows waiting: the previous group has ended, and a page the new
     * one starts on gets no continuation heading */
    if (t->npending > 0)
        cont_set(t, NULL);
    double hh = header_height(t);
    if (ts->failed)
        return -1;
    double need = 0;
    for (size_t i = 0; i < t->npending; i++)
        need += t->pending[i].height;
    double page_room = frame_top(ts) - frame_bottom(ts) - top_height(t, hh);
    double rh = r != NULL ? keep_height(r, page_room - need) : 0;
    if (r != NULL && next != NULL && need + r->height + next->height <= page_room)
        rh = r->height + next->height;
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    double room = typeset_remaining(ts) - header_cost(t, hh);
    bool fresh = ts->at_top || (t->fresh && t->header_page == ts->npages - 1);
    if (need + rh > room + 1e-6 && !fresh) {
        if (table_new_page(t))
            return -1;
    }
    for (size_t i = 0; i < t->npending && !ts->failed; i++) {
        prow_draw(t, &t->pending[i]);
        /* from here on its rows continue this group */
        cont_set(t, t->pending[i].cont);
        t->pending[i].cont = NULL;
        prow_free(&t->pending[i]);
    }
    t->npending = 0;
    if (r != NULL && !ts->failed)
        prow_draw(t, r);
    return ts->failed ? -1 : 0;
}

/* Draws the oldest held row (not the last of its group: more follow). */
static int place_first_held(ts_table *t)
{
    int rc = place(t, &t->held[0], NULL);
    prow_free(&t->held[0]);
    t->nheld--;
    memmove(t->held, t->held + 1, t->nheld * sizeof *t->held);
    return rc;
}

/* The group ends: draws its held rows, the last two together, and any
 * group rows still waiting (a group without rows). */
static int end_group(ts_table *t)
{
    int rc = 0;
    if (t->nheld == 2) {
        rc = place(t, &t->held[0], &t->held[1]);
        prow_free(&t->held[0]);
        t->held[0] = t->held[1];
        t->nheld = 1;
    }
    if (rc == 0 && t->nheld == 1)
        rc = place(t, &t->held[0], NULL);
    for (size_t i = 0; i < t->nheld; i++)
        prow_free(&t->held[i]);
    t->nheld = 0;
    if (rc == 0 && t->npending > 0)
        rc = place(t, NULL, NULL);
    return rc;
}

/* A group row's continuation heading: `cells` with the table's suffix
 * appended to the last one's text. */
static int cont_build(ts_table *t, const ts_cell *cells, size_t n, ts_prow **out)
{
    *out = NULL;
    if (n == 0) {
        fail(t->ts, "fila de tabla inválida: un encabezado de continuación sin celdas");
        return -1;
    }
    const char *last = cells[n - 1].text != NULL ? cells[n - 1].text : "";
    size_t len = strlen(last) + strlen(t->continued) + 1;
    ts_cell *copy = malloc(n * sizeof *copy);
    char *text = malloc(len);
    ts_prow *r = malloc(sizeof *r);
    int rc = -1;
    if (copy == NULL || text == NULL || r == NULL) {
        fail(t->ts, "memoria insuficiente al componer una tabla");
    } else {
        memcpy(copy, cells, n * sizeof *copy);
        snprintf(text, len, "%s%s", last, t->continued);
        copy[n - 1].text = text;
        rc = prow_build(t, copy, n, r);   /* copies the texts */
    }
    free(copy);
    free(text);
    if (rc == 0)
        *out = r;
    else
        free(r);
    return rc;
}

int typeset_table_row(ts_table *t, ts_row_kind kind, const ts_cell *cells,
                      size_t n)
{
    ts_row_opts o = {kind, NULL, 0, false, NULL, NULL, 0};
    return typeset_table_row_opts(t, &o, cells, n);
}

int typeset_table_row_opts(ts_table *t, const ts_row_opts *o,
                           const ts_cell *cells, size_t n)
{
    ts_doc *ts = t->ts;
    if (ts->failed)
        return -1;
    ts_prow r;
    if (prow_build(t, cells, n, &r))
        return -1;
    if ((o->bookmark && (r.bookmark = dup_str(ts, o->bookmark)) == NULL)
        || (o->anchor && (r.anchor = dup_str(ts, o->anchor)) == NULL)) {
        prow_free(&r);
        return -1;
    }
    r.bookmark_level = o->bookmark_level;
    r.bookmark_open = o->bookmark_open;
    if (o->kind == TS_ROW_GROUP && t->continued != NULL
        && (o->continued != NULL ? cont_build(t, o->continued, o->ncontinued, &r.cont)
                                 : cont_build(t, cells, n, &r.cont))) {
        prow_free(&r);
        return -1;
    }
    if (o->kind == TS_ROW_GROUP) {
        /* a new group: the rows held so far ended the previous one */
        if (t->nheld > 0 && end_group(t)) {
            prow_free(&r);
            return -1;
        }
        ts_prow *pending = grow(ts, t->pending, &t->cappending, t->npending,
                                sizeof *pending);
        if (pending == NULL) {
            prow_free(&r);
            return -1;
        }
        t->pending = pending;
        t->pending[t->npending++] = r;
        return 0;
    }
    if (t->nheld == TS_TABLE_HELD && place_first_held(t)) {
        prow_free(&r);
        return -1;
    }
    t->held[t->nheld++] = r;
    return 0;
}

int typeset_table_end(ts_table *t)
{
    if (t == NULL)
        return 0;
    ts_doc *ts = t->ts;
    int rc = 0;
    if ((t->nheld > 0 || t->npending > 0) && !ts->failed)
        rc = end_group(t);
    for (size_t i = 0; i < t->nheld; i++)
        prow_free(&t->held[i]);
    free(t->held);
    for (size_t i = 0; i < t->npending; i++)
        prow_free(&t->pending[i]);
    free(t->pending);
    if (t->header)
        for (size_t i = 0; i < t->ncols; i++)
            free(t->header[i]);
    free(t->header);
    free(t->mark_width);
    free(t->continued);
    cont_set(t, NULL);
    free(t->x);
    free(t);
    return rc || ts->failed ? -1 : 0;
}

/* ---- free drawing -------------------------------------------------------- */

int typeset_reserve(ts_doc *ts, double height, ts_box *box)
{
    if (ts->failed)
        return -1;
    if (typeset_need(ts, height))
        return -1;
    double h = height < typeset_remaining(ts) ? height : typeset_remaining(ts);
    *box = (ts_box){cur_page(ts), frame_left(ts), ts->y - h,
                    typeset_frame_width(ts), h};
    ts->y -= h;
    ts->at_top = false;
    return 0;
}

int typeset_text_at(ts_doc *ts, const ts_box *box, const ts_style *st,
                    double x, double y, double max_width, const char *text)
{
    if (ts->failed)
        return -1;
    char *s = to_cp1252(ts, text, st->uppercase);
    if (s == NULL)
        return -1;
    hash_bytes(ts, s, strlen(s));
    size_t len = strlen(s);
    bool cut = false;
    double ell = width_of(st, "\x85", 1);   /* CP1252 ellipsis */
    double w_len = width_of(st, s, len);      /* of s[0..len), kept as it shrinks */
    while (len > 0 && w_len + (cut ? ell : 0) > max_width) {
        w_len -= width_of(st, s + --len, 1);
        cut = true;
    }
    if (cut && ell > max_width) {
        len = 0;   /* not even the ellipsis fits: draw nothing */
        cut = false;
    }
    if (cut) {
        s[len] = '\x85';
        s[len + 1] = '\0';
    } else {
        s[len] = '\0';
    }
    double w = width_of(st, s, strlen(s));
    double px = box->x + x;
    if (st->align == TS_RIGHT)
        px -= w;
    else if (st->align == TS_CENTER)
        px -= w / 2;
    HPDF_Page_BeginText(box->page);
    HPDF_Page_SetFontAndSize(box->page, st->font->font, (HPDF_REAL)st->size);
    HPDF_Page_SetRGBFill(box->page, (HPDF_REAL)st->color.r, (HPDF_REAL)st->color.g,
                         (HPDF_REAL)st->color.b);
    HPDF_Page_TextOut(box->page, (HPDF_REAL)px, (HPDF_REAL)(box->y + y), s);
    HPDF_Page_EndText(box->page);
    free(s);
    return ts->failed ? -1 : 0;
}

double typeset_text_width(ts_doc *ts, const ts_style *st, const char *text)
{
    if (ts->failed)
        return 0;
    char *s = to_cp1252(ts, text, st->uppercase);
    if (s == NULL)
        return 0;
    double w = width_of(st, s, strlen(s));
    free(s);
    return w;
}

int typeset_wrap_count(ts_doc *ts, const ts_style *st, const char *text,
                       double width, size_t *starts, size_t max)
{
    if (ts->failed)
        return -1;
    ts_text t;
    if (wrap_text(ts, st, text, width, &t)) {
        text_free(&t);
        return -1;
    }
    /* offsets are in the CP1252 copy; map them back to UTF-8 bytes */
    for (size_t i = 0; starts && i < t.nl && i < max; i++) {
        const char *buf = t.nbufs ? t.bufs[0] : "";
        size_t cp_off = (size_t)(t.pieces[t.lines[i].first].s - buf);
        const unsigned char *u = (const unsigned char *)text;
        size_t off = 0;
        for (size_t k = 0; k < cp_off && u[off]; k++) {
            uint32_t cp;
            size_t n = utf8_decode(u + off, &cp);
            off += n ? n : 1;
        }
        starts[i] = off;
    }
    int n = (int)t.nl;
    text_free(&t);
    return n;
}
