/*
 * libro_metricas: TrueType advance widths and the row heights of wrapped
 * text measured with them. See libro.h.
 */
#include "xlsx/libro.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "base/text.h"

/* Limit on a font file (the shipped ones are under 1 MB). */
#define FONT_MAX_BYTES (32L * 1024 * 1024)

/* ---- font metrics ------------------------------------------------------- */

/* Big-endian reads inside a font file of `len` bytes; 0 past its end. */
static unsigned be16(const unsigned char *b, size_t len, size_t at)
{
    return at + 2 <= len ? (unsigned)b[at] << 8 | b[at + 1] : 0;
}

static unsigned long be32(const unsigned char *b, size_t len, size_t at)
{
    return (unsigned long)be16(b, len, at) << 16 | be16(b, len, at + 2);
}

/* Offset of table `tag` (its size in *size), 0 when missing or when it
 * does not lie inside the file. */
static size_t ttf_table(const unsigned char *b, size_t len, const char *tag, size_t *size)
{
    unsigned n = be16(b, len, 4);
    for (unsigned i = 0; i < n; i++) {
        size_t rec = 12 + 16 * (size_t)i;
        if (rec + 16 <= len && memcmp(b + rec, tag, 4) == 0) {
            unsigned long off = be32(b, len, rec + 8);
            unsigned long sz = be32(b, len, rec + 12);
            *size = sz;
            return off < len && sz <= len - off ? off : 0;
        }
    }
    return 0;
}

/* Advance of glyph g: glyphs past the hmtx metrics take the last one. */
static unsigned ttf_advance(const unsigned char *b, size_t len, size_t hmtx,
                            unsigned nmetrics, unsigned g)
{
    return be16(b, len, hmtx + 4 * (size_t)(g < nmetrics ? g : nmetrics - 1));
}

/* Fills adv[] from the format 4 (Unicode BMP) subtable of cmap at `sub`
 * (`sublen` bytes, already checked to lie in the file). False when the
 * subtable is inconsistent: segments that overlap would map more code
 * points than the BMP has, which only a damaged font does. */
static bool ttf_map(const unsigned char *b, size_t len, size_t sub, size_t sublen,
                    size_t hmtx, unsigned nmetrics, uint16_t *adv)
{
    unsigned segs = be16(b, len, sub + 6) / 2;
    if (16 + 8 * (size_t)segs > sublen)
        return false;
    size_t end_of_sub = sub + sublen;
    size_t ends = sub + 14, starts = ends + 2 * (size_t)segs + 2;
    size_t deltas = starts + 2 * (size_t)segs, ranges = deltas + 2 * (size_t)segs;
    size_t mapped = 0;
    for (unsigned i = 0; i < segs; i++) {
        unsigned start = be16(b, len, starts + 2 * i), end = be16(b, len, ends + 2 * i);
        unsigned delta = be16(b, len, deltas + 2 * i);
        unsigned range = be16(b, len, ranges + 2 * i);
        for (unsigned c = start; c <= end && c < 0xFFFF; c++) {
            if (++mapped > 0x10000)
                return false;
            size_t at = ranges + 2 * i + range + 2 * (size_t)(c - start);
            unsigned g = range == 0 ? (c + delta) & 0xFFFF
                                    : at + 2 <= end_of_sub ? be16(b, len, at) : 0;
            if (range != 0 && g != 0)
                g = (g + delta) & 0xFFFF;
            if (g != 0)
                adv[c] = (uint16_t)ttf_advance(b, len, hmtx, nmetrics, g);
        }
    }
    return true;
}

/* Parses the font file b; false when a table it needs is missing or
 * inconsistent (sizes checked against what is read from it). */
static bool ttf_parse(const unsigned char *b, size_t len, libro_metrics *m)
{
    size_t head_len = 0, hhea_len = 0, hmtx_len = 0, cmap_len = 0;
    size_t head = ttf_table(b, len, "head", &head_len);
    size_t hhea = ttf_table(b, len, "hhea", &hhea_len);
    size_t hmtx = ttf_table(b, len, "hmtx", &hmtx_len);
    size_t cmap = ttf_table(b, len, "cmap", &cmap_len);
    if (head == 0 || head_len < 54 || hhea == 0 || hhea_len < 36 || hmtx == 0 ||
        cmap == 0 || cmap_len < 4)
        return false;
    unsigned nmetrics = be16(b, len, hhea + 34);
    m->upm = be16(b, len, head + 18);
    if (nmetrics == 0 || hmtx_len < 4 * (size_t)nmetrics || m->upm == 0)
        return false;
    m->line = ((int16_t)be16(b, len, hhea + 4) - (int16_t)be16(b, len, hhea + 6) +
               (int16_t)be16(b, len, hhea + 8)) / m->upm;
    if (m->line <= 0)
        return false;
    unsigned n = be16(b, len, cmap + 2);
    for (unsigned i = 0; i < n && 4 + 8 * (size_t)(i + 1) <= cmap_len; i++) {
        size_t rec = cmap + 4 + 8 * (size_t)i;
        unsigned platform = be16(b, len, rec), encoding = be16(b, len, rec + 2);
        unsigned long off = be32(b, len, rec + 4);
        if (off + 14 > cmap_len)
            continue;
        size_t sub = cmap + off, sublen = be16(b, len, sub + 2);
        if (sublen > cmap_len - off)
            continue;
        if ((platform == 0 || (platform == 3 && encoding == 1)) && be16(b, len, sub) == 4) {
            /* Characters the font lacks are set as its "missing" glyph. */
            unsigned missing = ttf_advance(b, len, hmtx, nmetrics, 0);
            for (size_t c = 0; c <= 0xFFFF; c++)
                m->adv[c] = (uint16_t)missing;
            return ttf_map(b, len, sub, sublen, hmtx, nmetrics, m->adv) &&
                   m->adv['0'] > 0;
        }
    }
    return false;
}

/* Reads the file at attribute `attr` of n into m. 0 or -1 (reported). */
static int metrics_read(libro_ctx *x, const layout_node *n, const char *attr,
                        libro_metrics *m)
{
    const char *rel = layout_attr(n, attr);
    if (rel == NULL) {
        layout_error(x->lay, n, x->d, "falta el atributo %s (las métricas de la fuente)", attr);
        return -1;
    }
    /* The rule for every file a layout names: only the shipped fonts. */
    char *path = layout_shipped_file(x->lay, n, rel, x->d);
    if (path == NULL)
        return -1;
    char *buf = NULL;
    size_t len = 0;
    if (input_read(path, FONT_MAX_BYTES, &buf, &len, x->d) != 0) {
        free(path);
        return -1;
    }
    m->adv = malloc(0x10000 * sizeof *m->adv);
    bool ok = buf != NULL && len > 0 && m->adv != NULL &&
              ttf_parse((const unsigned char *)buf, len, m);
    if (!ok)
        layout_error(x->lay, n, x->d, "no se pudieron leer las métricas de la fuente «%s»",
                     path != NULL ? path : rel);
    free(buf);
    free(path);
    return ok ? 0 : -1;
}

int libro_metrics_load(libro_ctx *x, const layout_node *n)
{
    if (x->failed)
        return -1;
    if (metrics_read(x, n, "metricas", &x->font[0]) != 0 ||
        metrics_read(x, n, "metricas-negritas", &x->font[1]) != 0) {
        x->failed = true;
        return -1;
    }
    /* Excel's and LibreOffice's unit of column width: the pixel width of a
     * digit of the base font (10 pt, see base_font) at 96 dpi, rounded. */
    x->digit_px = (double)(long)(x->font[0].adv['0'] / x->font[0].upm * 10 * 96 / 72 + 0.5);
    return 0;
}

void libro_metrics_free(libro_ctx *x)
{
    for (size_t i = 0; i < 2; i++) {
        free(x->font[i].adv);
        x->font[i].adv = NULL;
    }
}

/* ---- row heights -------------------------------------------------------- */

/* Decodes the character at *s and advances past it; a broken byte (cells
 * are checked first, so only a direct caller gives one) counts as one
 * missing glyph. */
static uint32_t next_char(const char **s)
{
    uint32_t c = 0xFFFD;
    size_t n = utf8_decode((const unsigned char *)*s, &c);
    *s += n > 0 ? n : 1;
    return c;
}

/* Width in points of character c of font m at `size` points. */
static double char_width(const libro_metrics *m, uint32_t c, double size)
{
    return c <= 0xFFFF ? m->adv[c] / m->upm * size : size;
}

/*
 * Greedy wrapping as Excel and LibreOffice do it: a word goes on the line
 * when it fits after a space, else it starts the next line; a word wider
 * than the line is cut wherever it fills it. They also break after a
 * hyphen; not doing so can only count a line more, never less.
 */
STATIC int libro_text_lines(const libro_ctx *x, const char *s, double width,
                        const libro_style *st)
{
    const libro_metrics *m = &x->font[st->bold ? 1 : 0];
    double space = char_width(m, ' ', st->size);
    int lines = 1;
    double col = 0;   /* width used on the current line */
    while (*s != '\0') {
        double word = 0;
        while (*s != '\0' && *s != ' ' && *s != '\n') {
            double w = char_width(m, next_char(&s), st->size);
            if (word > 0 && word + w > width) {   /* a word wider than a line */
                lines += col > 0 ? 2 : 1;
                col = word = 0;
            }
            word += w;
        }
        if (col > 0 && col + space + word > width) {
            lines++;
            col = word;
        } else {
            col += (col > 0 ? space : 0) + word;
        }
        if (*s == '\n') {
            lines++;
            col = 0;
            s++;
        }
        while (*s == ' ')
            s++;
    }
    return lines;
}

/*
 * A column w characters wide is w digits plus 5 pixels (libxlsxwriter
 * writes it so, for Excel's 2-pixel margins and the grid line); the
 * margins leave the text w digits. A line is the font's line spacing,
 * rounded up to whole pixels as Excel sets it (LibreOffice's is at most
 * as tall), and a row adds 3 pixels above and below the text.
 */
void libro_note_lines(libro_ctx *x, lxw_col_t c0, lxw_col_t c1,
                         const char *s, const libro_style *st)
{
    if (x->failed || s == NULL || c1 >= LIBRO_MAX_COLS)
        return;
    const libro_metrics *m = &x->font[st->bold ? 1 : 0];
    if (m->adv == NULL) {
        libro_fail(x, NULL, 0, c0, "faltan las métricas de la fuente para medir el texto");
        return;
    }
    double px = 0;
    for (lxw_col_t c = c0; c <= c1; c++)
        px += x->width[c] * x->digit_px + (c > c0 ? 5 : 0);
    double line_px = ceil(m->line * st->size * 96 / 72);
    int lines = libro_text_lines(x, s, px * 0.75, st);
    /* Excel refuses rows taller than 409 pt; longer text scrolls in the
     * cell and prints in full only through its own page layout. */
    double h = fmin((lines * line_px + 3) * 0.75, 409);
    if (h > x->row_height)
        x->row_height = h;
}

void libro_finish_row(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r)
{
    if (!x->failed && x->row_height > LXW_DEF_ROW_HEIGHT)
        libro_check(x, worksheet_set_row(ws, r, x->row_height, NULL), ws, r, 0);
    x->row_height = 0;
}

