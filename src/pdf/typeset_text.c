/* typeset: text encoding, measuring and line breaking. See typeset.h. */
#include "pdf/typeset_internal.h"

#include "base/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- text encoding ------------------------------------------------------- */

/* UTF-8 -> CP1252 (malloc'd, NUL-terminated); NULL after a failure. */
char *ts_to_cp1252(ts_doc *ts, const char *utf8, bool upper)
{
    /* +1 for typeset_text_at, which may append an ellipsis */
    char *out = malloc(strlen(utf8) + 2);
    if (out == NULL) {
        ts_fail(ts, "memoria insuficiente al componer el PDF");
        return NULL;
    }
    char why[512];
    if (winansi_convert(utf8, upper, out, why, sizeof why) != 0) {
        ts_fail(ts, "%s", why);
        free(out);
        return NULL;
    }
    return out;
}

/* FNV-1a over everything drawn: the trailer /ID is a function of the
 * content, never of the clock. */
void ts_hash_bytes(ts_doc *ts, const void *p, size_t n)
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
double ts_width_of(const ts_style *st, const char *s, size_t len)
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

double ts_leading_of(const ts_style *st)
{
    return st->leading > 0 ? st->leading : st->size * 1.2;
}

/* Baseline of a line box whose top is `top`: the glyphs' ascent-descent
 * box is centred in the leading. */
double ts_baseline_in(const ts_style *st, double top)
{
    double asc = st->font->ascent * st->size / 1000.0;
    double desc = -st->font->descent * st->size / 1000.0;
    double lead = ts_leading_of(st);
    return top - (lead - (asc + desc)) / 2.0 - asc;
}

/* ---- line breaking ------------------------------------------------------- */

void ts_text_free(ts_text *t)
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
    ts_piece *pieces = ts_grow(ts, t->pieces, &t->capp, t->np, sizeof *pieces);
    if (pieces == NULL)
        return -1;
    t->pieces = pieces;
    double w = ts_width_of(st, s, len) + (hyphen ? ts_width_of(st, "-", 1) : 0);
    t->pieces[t->np++] = (ts_piece){st, s, len, w, space, hyphen};
    return 0;
}

static int new_line(ts_doc *ts, ts_text *t, double indent, double avail)
{
    ts_line *lines = ts_grow(ts, t->lines, &t->capl, t->nl, sizeof *lines);
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
        double cw = ts_width_of(st, w + fit, 1);
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
    double hw = ts_width_of(st, "-", 1);
    double wi = wfit;
    for (size_t i = fit; i > fit / 2; wi -= ts_width_of(st, w + i - 1, 1), i--)
        if (syllable_break(w, i, len) && wi + hw <= room + 1e-6) {
            *hyphen = true;
            return i;
        }
    size_t k = fit;
    double wk = wfit;
    while (k > 1 && needs_hyphen(w, k) && wk + hw > room + 1e-6)
        wk -= ts_width_of(st, w + --k, 1);
    *hyphen = needs_hyphen(w, k) && wk + hw <= room + 1e-6;
    return k;
}

/* A word never split between lines: one with a digit (a clave, a figure,
 * a date: split, a reader would see two) or in a table's header row. */
static bool unbreakable(const ts_doc *ts, const char *w, size_t len)
{
    if (ts->ctx_header)
        return true;
    for (size_t i = 0; i < len; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return true;
    return false;
}

/* Whether a list of figures ("30,12,261,306", "13,1,S/C") may break
 * after w[i - 1], a comma or slash: not when a three-digit group follows
 * (a thousands separator: "16,992,418" is one figure). */
static bool list_break(const char *w, size_t len, size_t i)
{
    if (i == 0 || i >= len || (w[i - 1] != ',' && w[i - 1] != '/'))
        return false;
    size_t d = 0;
    while (i + d < len && w[i + d] >= '0' && w[i + d] <= '9')
        d++;
    return !(d == 3 && w[i - 1] == ',');
}

/* The longest prefix of an unbreakable word that ends at a list break and
 * fits in `room`; 0 when none (in a header row: never). */
static size_t list_prefix(const ts_style *st, const char *w, size_t len, double room)
{
    size_t best = 0;
    for (size_t i = 1; i < len; i++)
        if (list_break(w, len, i) && ts_width_of(st, w, i) <= room + 1e-6)
            best = i;
    return best;
}

/* Reports an unbreakable word wider than its measure (CP1252 w[0..len),
 * quoted back in UTF-8). */
static void fail_unbreakable(ts_doc *ts, const ts_style *st, const char *w, size_t len,
                             double avail)
{
    char word[160], where[200];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 3 < sizeof word; i++) {
        unsigned char b = (unsigned char)w[i];
        if (b < 0x80) {
            word[k++] = (char)b;
        } else if (b >= 0xA0) {   /* Latin-1 range: two UTF-8 bytes */
            word[k++] = (char)(0xC0 | (b >> 6));
            word[k++] = (char)(0x80 | (b & 0x3F));
        } else {
            word[k++] = '?';
        }
    }
    word[k] = '\0';
    ts_fail_style(ts, st, "«%s» mide %.1f pt en %.1f pt y solo hay %.1f pt para el "
                  "texto%s: %s nunca se parte entre renglones", word,
                  ts_width_of(st, w, len), st->size, avail, ts_where(ts, where, sizeof where),
                  ts->ctx_header ? "un título de columna" : "una clave, una cifra o una fecha");
}

/* Places the word w[0..len) of style st on the lines of t, breaking it
 * when it is wider than a whole line. */
static int place_word(ts_doc *ts, ts_text *t, const ts_style *st, const char *w,
                      size_t len, bool pending_space, double indent, double width)
{
    double space_w = ts_width_of(st, " ", 1);
    double ww = ts_width_of(st, w, len);   /* of what is left of the word */
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
        /* a word wider than a whole line: split it, unless it is a clave,
         * a figure or a date (it has a digit) or a column title */
        bool hyphen = false;
        size_t k;
        if (unbreakable(ts, w, len)) {
            k = ts->ctx_header ? 0 : list_prefix(st, w, len, ln->avail);
            if (k == 0) {
                fail_unbreakable(ts, st, w, len, ln->avail);
                return -1;
            }
        } else {
            k = fitting_prefix(st, w, len, ln->avail, &hyphen);
        }
        if (add_piece(ts, t, st, w, k, false, hyphen))
            return -1;
        ln = &t->lines[t->nl - 1];
        ln->n = 1;
        ln->width = t->pieces[t->np - 1].w;
        ww -= ts_width_of(st, w, k);
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
    t->leading = ts_leading_of(st0);
    double indent = st0->indent;
    if (new_line(ts, t, indent + st0->first_indent,
                 width - indent - st0->first_indent))
        return -1;
    bool pending_space = false;
    for (size_t r = 0; r < nruns; r++) {
        const ts_style *st = runs[r].style;
        if (runs[r].text == NULL)
            continue;
        char *buf = ts_to_cp1252(ts, runs[r].text, st->uppercase);
        if (buf == NULL)
            return -1;
        char **bufs = ts_grow(ts, t->bufs, &t->capb, t->nbufs, sizeof *bufs);
        if (bufs == NULL) {
            free(buf);
            return -1;
        }
        t->bufs = bufs;
        t->bufs[t->nbufs++] = buf;
        ts_hash_bytes(ts, buf, strlen(buf));
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
    /* Shrink by the factor that makes it fit, never below the style's
     * minimum size (its size when it has none): a figure is never split,
     * and never set smaller than the layout allows. */
    double f = avail / natural;
    double min = st0->min_size > 0 ? st0->min_size : st0->size;
    if (st0->size * f < min - 1e-6) {
        char where[200];
        ts_fail_style(ts, st0, "«%s» mide %.1f pt en %.1f pt y solo hay %.1f pt para el "
                      "texto%s: cabría en %.2f pt, menos que el tamaño mínimo del estilo "
                      "(%.1f pt)", runs[0].text, natural, st0->size, avail,
                      ts_where(ts, where, sizeof where), st0->size * f, min);
        ts_text_free(t);
        return -1;
    }
    ts_text_free(t);
    ts_style *sc = calloc(nruns, sizeof *sc);
    ts_run *rr = calloc(nruns, sizeof *rr);
    if (sc == NULL || rr == NULL) {
        free(sc);
        free(rr);
        ts_fail(ts, "memoria insuficiente al componer el PDF");
        return -1;
    }
    for (size_t i = 0; i < nruns; i++) {
        sc[i] = *runs[i].style;
        sc[i].leading = ts_leading_of(runs[i].style);
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
int ts_measure_ok(ts_doc *ts, const ts_style *st, double width)
{
    double first = width - st->indent - st->first_indent, rest = width - st->indent;
    double avail = first < rest ? first : rest;
    if (avail >= st->size - 1e-6)
        return 0;
    char where[200];
    (void)width;
    ts_fail_style(ts, st, "quedan %.1f pt para el texto%s, tras el relleno (%.1f + %.1f pt)"
                  "%s y la sangría (%.1f pt), menos que el tamaño de letra (%.1f pt): el "
                  "texto no cabe", avail, ts_where(ts, where, sizeof where), st->pad_left,
                  st->pad_right, ts->ctx_column != NULL ? ", el espacio de la marca" : "",
                  st->indent + (st->first_indent > 0 ? st->first_indent : 0), st->size);
    return -1;
}

int ts_wrap_runs(ts_doc *ts, const ts_run *runs, size_t nruns,
                 double width, ts_text *t)
{
    memset(t, 0, sizeof *t);
    if (nruns == 0)
        return 0;
    if (ts_measure_ok(ts, runs[0].style, width))
        return -1;
    if (runs[0].style->nowrap)
        return wrap_one_line(ts, runs, nruns, width, t);
    return wrap_greedy(ts, runs, nruns, width, t);
}

int ts_wrap_text(ts_doc *ts, const ts_style *st, const char *text,
                 double width, ts_text *t)
{
    ts_run run = {st, text ? text : ""};
    return ts_wrap_runs(ts, &run, 1, width, t);
}

/* TextOut of s[0..len) at (x, y): it wants a terminated string, so the
 * bytes are copied, in slices if long (CP1252: one byte per character). */
void ts_fill_color(HPDF_Page page, layout_rgb c)
{
    HPDF_RGBColor cur = HPDF_Page_GetRGBFill(page);
    if (HPDF_Page_GetFillingColorSpace(page) != HPDF_CS_DEVICE_RGB ||
        cur.r != (HPDF_REAL)c.r || cur.g != (HPDF_REAL)c.g || cur.b != (HPDF_REAL)c.b)
        HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

void ts_use_style(HPDF_Page page, const ts_style *st)
{
    if (HPDF_Page_GetCurrentFont(page) != st->font->font ||
        HPDF_Page_GetCurrentFontSize(page) != (HPDF_REAL)st->size)
        HPDF_Page_SetFontAndSize(page, st->font->font, (HPDF_REAL)st->size);
    ts_fill_color(page, st->color);
}

void ts_text_out(HPDF_Page page, const ts_style *st, double x, double y,
                 const char *s, size_t len)
{
    char tmp[512];
    size_t off = 0;
    while (off < len) {
        size_t k = len - off < sizeof tmp - 1 ? len - off : sizeof tmp - 1;
        memcpy(tmp, s + off, k);
        tmp[k] = '\0';
        HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, tmp);
        x += ts_width_of(st, s + off, k);
        off += k;
    }
}

/* End of the run of pieces from `first` that can be shown as one string:
 * same style, single spaces between them (no justification stretch). */
static size_t run_end(const ts_text *t, const ts_line *ln, size_t first, double extra)
{
    size_t end = first + 1;
    while (end < ln->first + ln->n && extra == 0 &&
           t->pieces[end].st == t->pieces[first].st && !t->pieces[end - 1].hyphen)
        end++;
    return end;
}

/* Shows pieces [from, to) as one string at x (spaces where the pieces
 * have them, a hyphen after a broken word); returns the width the line
 * advances by, measured as the piece-by-piece layout did. */
static double draw_run(HPDF_Page page, const ts_text *t, size_t from, size_t to,
                       double x, double base)
{
    double advance = 0;
    strbuf b = {0};
    for (size_t i = from; i < to; i++) {
        const ts_piece *pc = &t->pieces[i];
        if (i > from && pc->space_before) {
            strbuf_putc(&b, ' ');
            advance += ts_width_of(pc->st, " ", 1);
        }
        strbuf_add(&b, pc->s, pc->len);
        advance += pc->w;
        if (pc->hyphen)
            strbuf_putc(&b, '-');
    }
    if (!b.failed) {
        ts_text_out(page, t->pieces[from].st, x, base, strbuf_str(&b), b.len);
    } else {   /* short of memory: the pieces one by one, as before */
        double cx = x;
        for (size_t i = from; i < to; i++) {
            const ts_piece *pc = &t->pieces[i];
            if (i > from && pc->space_before)
                cx += ts_width_of(pc->st, " ", 1);
            ts_text_out(page, pc->st, cx, base, pc->s, pc->len);
            if (pc->hyphen)
                ts_text_out(page, pc->st, cx + ts_width_of(pc->st, pc->s, pc->len), base, "-", 1);
            cx += pc->w;
        }
    }
    strbuf_free(&b);
    return advance;
}

/* Draws line `li` of t with its block's left edge at x, the
 * line box's top at `top`. The alignment is the first piece's style's. */
void ts_draw_line(HPDF_Page page, const ts_text *t, size_t li,
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
    double base = ts_baseline_in(block, top);
    HPDF_Page_BeginText(page);
    double cx = left;
    for (size_t i = ln->first; i < ln->first + ln->n;) {
        const ts_piece *pc = &t->pieces[i];
        if (i > ln->first && pc->space_before)
            cx += ts_width_of(pc->st, " ", 1) + extra;
        size_t end = run_end(t, ln, i, extra);
        ts_use_style(page, pc->st);
        cx += draw_run(page, t, i, end, cx, base);
        i = end;
    }
    HPDF_Page_EndText(page);
}

double typeset_text_width(ts_doc *ts, const ts_style *st, const char *text)
{
    if (ts->failed)
        return 0;
    char *s = ts_to_cp1252(ts, text, st->uppercase);
    if (s == NULL)
        return 0;
    double w = ts_width_of(st, s, strlen(s));
    free(s);
    return w;
}

int typeset_wrap_count(ts_doc *ts, const ts_style *st, const char *text,
                       double width, size_t *starts, size_t max)
{
    if (ts->failed)
        return -1;
    ts_text t;
    if (ts_wrap_text(ts, st, text, width, &t)) {
        ts_text_free(&t);
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
    ts_text_free(&t);
    return n;
}
