/* typeset: pages, numbering, flowing text, outline, anchors, contents
 * and free drawing. See typeset.h. */
#include "pdf/typeset_internal.h"
#include "pdf/pdfa.h"

#include "base/text.h"

#include "base/static.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_catalog.h>

/* ---- pages --------------------------------------------------------------- */

double ts_frame_top(const ts_doc *ts)
{
    return ts->spec.height - ts->spec.margin_top - ts->spec.header_height;
}

double ts_frame_bottom(const ts_doc *ts)
{
    return ts->spec.margin_bottom + ts->spec.footer_height + ts->note_h;
}

double ts_frame_left(const ts_doc *ts)
{
    return ts->spec.margin_left;
}

double typeset_frame_width(const ts_doc *ts)
{
    return ts->spec.width - ts->spec.margin_left - ts->spec.margin_right;
}

double typeset_remaining(const ts_doc *ts)
{
    return ts->npages == 0 ? 0 : ts->y - ts_frame_bottom(ts);
}

size_t typeset_page_count(const ts_doc *ts)
{
    return ts->npages;
}

HPDF_Page ts_cur_page(const ts_doc *ts)
{
    return ts->pages[ts->npages - 1].page;
}

int typeset_numbering(ts_doc *ts, ts_numbering style, int first)
{
    if (ts->failed)
        return -1;
    if (first < 1) {
        ts_fail(ts, "numeración de páginas inválida (%d)", first);
        return -1;
    }
    ts->num_style = style;
    ts->num_next = first;
    ts->num_changed = true;
    return 0;
}

int typeset_unnumbered_label(ts_doc *ts, const char *label)
{
    if (ts->failed)
        return -1;
    free(ts->num_label);
    ts->num_label = NULL;
    if (label != NULL && label[0] != '\0' && (ts->num_label = ts_dup_str(ts, label)) == NULL)
        return -1;
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
    /* libharu has no style-less label: a dictionary without /S means "no
     * number", shown as its prefix /P (or an empty label). */
    HPDF_Dict label = HPDF_Dict_New(ts->pdf->mmgr);
    if (label != NULL && ts->num_label != NULL)
        HPDF_Dict_Add(label, "P", HPDF_String_New(ts->pdf->mmgr, ts->num_label,
                                                  HPDF_GetEncoder(ts->pdf, "UTF-8")));
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
        ts_fail(ts, "memoria insuficiente al componer el PDF");
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
    int rc = ts_wrap_text(ts, &l->st, text, typeset_frame_width(ts), t);
    free(text);
    if (rc)
        return -1;
    return t->nl > 0 ? (double)t->nl * t->leading + l->st.space_before : 0;
}

double ts_note_height(ts_doc *ts, uint32_t used)
{
    if (ts->page_note == NULL)
        return 0;
    ts_text t;
    double h = legend_wrap(ts, ts->page_note, used, &t);
    ts_text_free(&t);
    return h < 0 ? 0 : h;
}

double ts_note_extra(ts_doc *ts, uint32_t bits)
{
    if ((ts->page_used | bits) == ts->page_used)
        return 0;
    return ts_note_height(ts, ts->page_used | bits) - ts->note_h;
}

uint32_t ts_note_bits(const ts_doc *ts, const char *shown)
{
    const ts_legend *l = ts->page_note;
    uint32_t bits = 0;
    if (l == NULL || shown == NULL)
        return 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->mark[i] != NULL && strstr(shown, l->mark[i]) != NULL)
            bits |= 1u << i;
    return bits;
}

/* A new page keeps room at its foot for the legend parts it already
 * needs (those without a mark); the room of a marked part is taken when
 * the first thing showing its mark is placed (ts_note_uses). The whole
 * legend must leave half a page. */
static void reserve_note(ts_doc *ts)
{
    double h = ts_note_height(ts, UINT32_MAX);
    if (h > (ts_frame_top(ts) - ts_frame_bottom(ts)) / 2) {
        ts_fail(ts, "la nota al pie de página ocupa más de media página");
        return;
    }
    ts->note_h = ts_note_height(ts, 0);
}

/* The current page is done: draws its legend with the parts whose marks
 * were drawn on it, at the foot of the body. */
void ts_finish_page(ts_doc *ts)
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
            ts_draw_line(ts_cur_page(ts), &t, i, &l->st, ts_frame_left(ts),
                         top - (double)i * t.leading);
    }
    ts_text_free(&t);
}

/* Records the legend marks found in `shown` (UTF-8) as used on this page. */
void ts_note_uses(ts_doc *ts, const char *shown)
{
    uint32_t bits = ts_note_bits(ts, shown);
    if ((ts->page_used | bits) == ts->page_used)
        return;
    ts->page_used |= bits;
    ts->note_h = ts_note_height(ts, ts->page_used);
}

int typeset_new_page(ts_doc *ts, unsigned flags)
{
    if (ts->failed)
        return -1;
    ts_finish_page(ts);
    ts_page_rec *pages = ts_grow(ts, ts->pages, &ts->cappages, ts->npages, sizeof *pages);
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
    ts->y = ts_frame_top(ts);
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
        ts_fail(ts, "una leyenda admite a lo más %d partes", TS_LEGEND_MAX_PARTS);
        return -1;
    }
    ts_legend **all = ts_grow(ts, ts->legends, &ts->caplegends, ts->nlegends, sizeof *all);
    ts_legend *l = all != NULL ? calloc(1, sizeof *l) : NULL;
    if (all != NULL)
        ts->legends = all;
    if (l == NULL) {
        ts_fail(ts, "memoria insuficiente al componer el PDF");
        return -1;
    }
    ts->legends[ts->nlegends++] = l;   /* freed at close, even half made */
    l->st = *st;
    l->sep = ts_dup_str(ts, sep != NULL ? sep : " ");
    for (size_t i = 0; i < n && !ts->failed; i++, l->n++) {
        l->text[i] = ts_dup_str(ts, parts[i].text != NULL ? parts[i].text : "");
        if (parts[i].mark != NULL)
            l->mark[i] = ts_dup_str(ts, parts[i].mark);
    }
    if (ts->failed)
        return -1;
    ts->note = l;
    return 0;
}

#ifdef PAA_TESTING   /* a test hook: see typeset.h */
int typeset_page_note(ts_doc *ts, const ts_style *st, const char *text)
{
    ts_legend_part part = {NULL, text};
    return typeset_page_legend(ts, st, &part, text != NULL, NULL);
}
#endif

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

STATIC void typeset_roman(int n, bool upper, char *buf, size_t size)
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

size_t ts_band_row_end(const ts_band *band, size_t i)
{
    size_t end = i + 1;
    while (end < TS_RUNNING_MAX_LINES && band->text[end] != NULL && band->joined[end])
        end++;
    return end;
}

double ts_band_height(const ts_band *band)
{
    double h = 0;
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES;) {
        if (band->text[i] == NULL) {
            i++;
            continue;
        }
        size_t end = ts_band_row_end(band, i);
        double row_h = 0;
        for (size_t k = i; k < end; k++)
            if (ts_leading_of(&band->style[k]) > row_h)
                row_h = ts_leading_of(&band->style[k]);
        h += row_h;
        i = end;
    }
    return h;
}

/* Points band->text at owned copies in owned[0..TS_RUNNING_MAX_LINES). */
static int own_band(ts_doc *ts, ts_band *band, char **owned)
{
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES; i++) {
        if (band->text[i] == NULL)
            continue;
        if ((owned[i] = ts_dup_str(ts, band->text[i])) == NULL)
            return -1;
        band->text[i] = owned[i];
    }
    return 0;
}

int typeset_set_running(ts_doc *ts, const ts_running *r)
{
    if (ts->failed)
        return -1;
    for (size_t i = 0; i < 2 * TS_RUNNING_MAX_LINES; i++) {
        free(ts->running_text[i]);
        ts->running_text[i] = NULL;
    }
    ts->running = *r;
    if (own_band(ts, &ts->running.header, ts->running_text) != 0
        || own_band(ts, &ts->running.footer, ts->running_text + TS_RUNNING_MAX_LINES) != 0)
        return -1;
    ts->has_running = true;
    return 0;
}

/* ---- flowing text --------------------------------------------------------- */

/* Sets lines [from, to) of t at the cursor, top-aligned. */
static void set_lines(ts_doc *ts, const ts_text *t, const ts_style *st,
                      size_t from, size_t to)
{
    HPDF_Page page = ts_cur_page(ts);
    double x = ts_frame_left(ts), w = typeset_frame_width(ts);
    if (st->has_fill && to > from)
        {
            ts_fill_color(page, st->fill);
            HPDF_Page_Rectangle(page, (HPDF_REAL)x,
                                (HPDF_REAL)(ts->y - (double)(to - from) * t->leading),
                                (HPDF_REAL)w, (HPDF_REAL)((double)(to - from) * t->leading));
            HPDF_Page_Fill(page);
        }
    for (size_t i = from; i < to; i++) {
        ts_draw_line(page, t, i, st, x, ts->y);
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
    int rc = ts_wrap_runs(ts, runs, n, typeset_frame_width(ts), &t);
    if (rc == 0)
        rc = flow_text(ts, &t, runs[0].style);
    ts_text_free(&t);
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
    if (ts_wrap_text(ts, st, text, typeset_frame_width(ts), &t) == 0)
        h = st->space_before + (double)t.nl * t.leading + st->space_after;
    ts_text_free(&t);
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
    if (ts_wrap_text(ts, &body, text, typeset_frame_width(ts), &t)) {
        ts_text_free(&t);
        return -1;
    }
    /* keep the label with at least two lines of its text */
    size_t keep = t.nl < 2 ? t.nl : 2;
    if (typeset_need(ts, body.space_before + (double)keep * t.leading)) {
        ts_text_free(&t);
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
    int rc = ts_wrap_text(ts, &lab, label, 1e6, &lt);
    if (rc == 0 && lt.nl > 0) {
        /* right-aligned in the hanging column, with a small gap */
        double gap = st->size * 0.4;
        double x = ts_frame_left(ts) + st->indent + label_width - gap - lt.lines[0].width;
        lt.lines[0].avail = lt.lines[0].width;
        ts_draw_line(ts_cur_page(ts), &lt, 0, &lab, x - lt.lines[0].indent, top);
    }
    ts_text_free(&lt);
    if (rc == 0)
        rc = flow_text(ts, &t, &body);
    ts_text_free(&t);
    return rc;
}

/* ---- outline, anchors, contents ------------------------------------------ */

static HPDF_Destination dest_at(ts_doc *ts, size_t page, double y)
{
    return pdfa_dest(ts->pdf, ts->pages[page].page, y);
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
        ts_fail(ts, "nivel de marcador %d inválido para «%s»", level, title);
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
    ts_hash_bytes(ts, title, strlen(title));
    return ts->failed ? -1 : 0;
}

/* Anchors are looked up by id in a hash (a programme of 30,000 activities
 * has an anchor and a link per activity): the index + 1 of each. */
static const ts_anchor_rec *anchor_find(const ts_doc *ts, const char *id)
{
    uintptr_t k = (uintptr_t)strmap_get(&ts->anchor_index, id);
    return k > 0 ? &ts->anchors[k - 1] : NULL;
}

int typeset_anchor(ts_doc *ts, const char *id)
{
    if (ts->failed)
        return -1;
    if (anchor_find(ts, id) != NULL) {
        ts_fail(ts, "el ancla «%s» se definió dos veces", id);
        return -1;
    }
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    ts_anchor_rec *anchors = ts_grow(ts, ts->anchors, &ts->capanchors, ts->nanchors,
                                     sizeof *anchors);
    if (anchors == NULL)
        return -1;
    ts->anchors = anchors;
    char *c = ts_dup_str(ts, id);
    if (c == NULL)
        return -1;
    bool oom = false;
    strmap_put(&ts->anchor_index, c, (const void *)(uintptr_t)(ts->nanchors + 1), &oom);
    if (oom) {
        free(c);
        ts_fail(ts, "memoria insuficiente al componer el PDF");
        return -1;
    }
    ts->anchors[ts->nanchors++] = (ts_anchor_rec){c, ts->npages - 1, mark_y(ts)};
    return 0;
}

int typeset_toc_entry(ts_doc *ts, const ts_style *st, const char *text,
                      const char *id)
{
    if (ts->failed)
        return -1;
    /* room on the right for the longest number we print, and leaders */
    double numcol = ts_width_of(st, "XXXVIII", 7) + st->size * 1.5;
    double width = typeset_frame_width(ts) - numcol;
    ts_text t;
    if (ts_wrap_text(ts, st, text, width, &t)) {
        ts_text_free(&t);
        return -1;
    }
    if (t.nl == 0 || typeset_need(ts, st->space_before + (double)t.nl * t.leading)) {
        ts_text_free(&t);
        return ts->failed ? -1 : 0;
    }
    if (!ts->at_top && st->space_before > 0)
        typeset_space(ts, st->space_before);
    ts_toc_rec *tocs = ts_grow(ts, ts->tocs, &ts->captocs, ts->ntocs, sizeof *tocs);
    if (tocs == NULL) {
        ts_text_free(&t);
        return -1;
    }
    ts->tocs = tocs;
    ts_toc_rec rec = {0};
    rec.id = ts_dup_str(ts, id);
    rec.st = *st;
    rec.page = ts->npages - 1;
    rec.x0 = ts_frame_left(ts);
    rec.x1 = ts_frame_left(ts) + typeset_frame_width(ts);
    rec.top = ts->y;
    ts_style body = *st;
    body.space_before = 0;
    body.space_after = 0;
    const ts_line *last = &t.lines[t.nl - 1];
    double slack = last->avail - last->width;
    double shift = st->align == TS_RIGHT ? slack : st->align == TS_CENTER ? slack / 2 : 0;
    rec.text_end = ts_frame_left(ts) + last->indent + shift + last->width;
    rec.baseline = ts_baseline_in(st, ts->y - (double)(t.nl - 1) * t.leading);
    set_lines(ts, &t, &body, 0, t.nl);
    rec.bottom = ts->y;
    ts_text_free(&t);
    if (rec.id == NULL)
        return -1;
    ts->tocs[ts->ntocs++] = rec;
    if (st->space_after > 0)
        typeset_space(ts, st->space_after);
    return ts->failed ? -1 : 0;
}

#ifdef PAA_TESTING   /* a test hook: see typeset.h */
long typeset_anchor_page(const ts_doc *ts, const char *id)
{
    const ts_anchor_rec *a = anchor_find(ts, id);
    return a ? (long)a->page : -1;
}
#endif

/* n leader dots from x: ". . ." in one string (the last without its
 * trailing space, as when drawn one by one). */
static void leaders(HPDF_Page page, const ts_style *st, double x, double y, size_t n)
{
    strbuf b = {0};
    for (size_t i = 0; i < n; i++)
        strbuf_puts(&b, i + 1 < n ? ". " : ".");
    if (!b.failed && n > 0)
        ts_text_out(page, st, x, y, strbuf_str(&b), b.len);
    strbuf_free(&b);
}

/* A link annotation over `rect` of page `page` to anchor a: an inline
 * destination, no border, printable (PDF/A wants the print flag and no
 * actions). */
static void link_annot(ts_doc *ts, size_t page, HPDF_Rect rect, const ts_anchor_rec *a)
{
    HPDF_Destination dst = dest_at(ts, a->page, a->y);
    HPDF_Annotation link = dst ? HPDF_Page_CreateLinkAnnot(ts->pages[page].page, rect, dst)
                               : NULL;
    if (link != NULL) {
        HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
        HPDF_LinkAnnot_SetHighlightMode(link, HPDF_ANNOT_INVERT_BOX);
        HPDF_Dict_AddNumber(link, "F", 4);
    }
}

/* Leaders, number and link of one contents entry, now that the target's
 * page is known. Dots sit on a grid from the right edge so that the
 * columns of dots line up from entry to entry. */
void ts_toc_resolve(ts_doc *ts, const ts_toc_rec *e)
{
    const ts_anchor_rec *a = anchor_find(ts, e->id);
    if (a == NULL) {
        ts_fail(ts, "el índice cita «%s», que no aparece en el documento", e->id);
        return;
    }
    char num[16];
    typeset_page_number_text(ts, a->page, num, sizeof num);
    HPDF_Page page = ts->pages[e->page].page;
    const ts_style *st = &e->st;
    double numw = ts_width_of(st, num, strlen(num));
    double dotw = ts_width_of(st, ". ", 2);
    double gap = st->size * 0.3;
    double lead_end = e->x1 - numw - gap;
    double lead_start = e->text_end + gap;
    HPDF_Page_BeginText(page);
    ts_use_style(page, st);
    if (dotw > 0) {
        /* the dots sit on a grid shared by every entry; ". " repeated
         * from the leftmost one places them all in one call */
        double x = e->x1 - numw - gap - dotw;
        double grid = floor((x - e->x0) / dotw) * dotw + e->x0;
        size_t n = 0;
        double first = grid;
        for (double dx = grid; dx >= lead_start && dx + dotw <= lead_end + 1e-6; dx -= dotw) {
            first = dx;
            n++;
        }
        leaders(page, st, first, e->baseline, n);
    }
    HPDF_Page_TextOut(page, (HPDF_REAL)(e->x1 - numw), (HPDF_REAL)e->baseline, num);
    HPDF_Page_EndText(page);
    ts_hash_bytes(ts, num, strlen(num));

    link_annot(ts, e->page, (HPDF_Rect){(HPDF_REAL)e->x0, (HPDF_REAL)e->bottom,
                                        (HPDF_REAL)e->x1, (HPDF_REAL)e->top}, a);
}

void ts_link_add(ts_doc *ts, const char *id, double x0, double y0, double x1, double y1)
{
    if (ts->failed || ts->npages == 0)
        return;
    ts_link_rec *links = ts_grow(ts, ts->links, &ts->caplinks, ts->nlinks, sizeof *links);
    if (links == NULL)
        return;
    ts->links = links;
    char *c = ts_dup_str(ts, id);
    if (c != NULL)
        ts->links[ts->nlinks++] = (ts_link_rec){c, ts->npages - 1, x0, y0, x1, y1};
}

void ts_links_resolve(ts_doc *ts)
{
    for (size_t i = 0; i < ts->nlinks && !ts->failed; i++) {
        const ts_link_rec *l = &ts->links[i];
        const ts_anchor_rec *a = anchor_find(ts, l->id);
        if (a == NULL) {
            ts_fail(ts, "un enlace cita «%s», que no aparece en el documento", l->id);
            return;
        }
        link_annot(ts, l->page, (HPDF_Rect){(HPDF_REAL)l->x0, (HPDF_REAL)l->y0,
                                            (HPDF_REAL)l->x1, (HPDF_REAL)l->y1}, a);
    }
}

/* ---- free drawing -------------------------------------------------------- */

int typeset_reserve(ts_doc *ts, double height, ts_box *box)
{
    if (ts->failed)
        return -1;
    if (typeset_need(ts, height))
        return -1;
    double h = height < typeset_remaining(ts) ? height : typeset_remaining(ts);
    *box = (ts_box){ts_cur_page(ts), ts_frame_left(ts), ts->y - h,
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
    char *s = ts_to_cp1252(ts, text, st->uppercase);
    if (s == NULL)
        return -1;
    ts_hash_bytes(ts, s, strlen(s));
    size_t len = strlen(s);
    bool cut = false;
    double ell = ts_width_of(st, "\x85", 1);   /* CP1252 ellipsis */
    double w_len = ts_width_of(st, s, len);      /* of s[0..len), kept as it shrinks */
    while (len > 0 && w_len + (cut ? ell : 0) > max_width) {
        w_len -= ts_width_of(st, s + --len, 1);
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
    double w = ts_width_of(st, s, strlen(s));
    double px = box->x + x;
    if (st->align == TS_RIGHT)
        px -= w;
    else if (st->align == TS_CENTER)
        px -= w / 2;
    HPDF_Page_BeginText(box->page);
    ts_use_style(box->page, st);
    HPDF_Page_TextOut(box->page, (HPDF_REAL)px, (HPDF_REAL)(box->y + y), s);
    HPDF_Page_EndText(box->page);
    free(s);
    return ts->failed ? -1 : 0;
}
