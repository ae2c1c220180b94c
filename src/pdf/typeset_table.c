/* typeset: tables. See typeset.h. */
#include "pdf/typeset_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables -------------------------------------------------------------- */

static void prow_free(ts_prow *r)
{
    for (size_t i = 0; i < r->ncells; i++) {
        ts_text_free(&r->cells[i].text);
        free(r->cells[i].mark);
        free(r->cells[i].uses);
        free(r->cells[i].link);
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
    double lead = c->text.nl ? c->text.leading : ts_leading_of(c->st);
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
            ts_fail(ts, "una marca en la columna %zu, que no tiene espacio para marcas",
                    c->col + 1);
            return -1;
        }
        if ((c->mark = ts_to_cp1252(ts, in->mark, c->st->uppercase)) == NULL)
            return -1;
    }
    size_t len = (in->mark ? strlen(in->mark) : 0) + (in->uses ? strlen(in->uses) : 0);
    if (len == 0)
        return 0;
    if ((c->uses = malloc(len + 2)) == NULL) {
        ts_fail(ts, "memoria insuficiente al componer una tabla");
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
        ts_fail(ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        size_t span = cells[i].span ? cells[i].span : 1;
        if (col + span > t->ncols || cells[i].style == NULL) {
            ts_fail(ts, "fila de tabla inválida: las celdas no cubren %zu columnas", t->ncols);
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
        if (t->next_link != NULL && col <= t->next_link_col && t->next_link_col < col + span) {
            c->link = t->next_link;
            t->next_link = NULL;
        }
        ts->ctx_column = t->header != NULL ? t->header[col] : "";
        ts->ctx_column_w = c->w;
        int rc = cell_marks(t, c, &cells[i]) || ts_wrap_text(ts, c->st, cells[i].text, inner, &c->text);
        ts->ctx_column = NULL;
        if (rc) {
            prow_free(r);
            return -1;
        }
        double h = cell_height(c, 0, c->text.nl);
        if (h > r->height)
            r->height = h;
        col += span;
    }
    if (col != t->ncols) {
        ts_fail(ts, "fila de tabla inválida: %zu de %zu columnas", col, t->ncols);
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
    ts_use_style(page, st);
    ts_text_out(page, st, c->mark_x + t->mark_gap, ts_baseline_in(st, top), c->mark,
                strlen(c->mark));
    HPDF_Page_EndText(page);
}

/* Draws lines [from[i], to[i]) of each cell as one band of height h. */
static void prow_draw_part(ts_table *t, const ts_prow *r, const size_t *from,
                           const size_t *to, double h)
{
    ts_doc *ts = t->ts;
    HPDF_Page page = ts_cur_page(ts);
    double top = ts->y;
    for (size_t i = 0; i < r->ncells; i++) {
        const ts_pcell *c = &r->cells[i];
        if (!c->st->has_fill)
            continue;
        ts_fill_color(page, c->st->fill);
        HPDF_Page_Rectangle(page, (HPDF_REAL)c->x, (HPDF_REAL)(top - h),
                            (HPDF_REAL)c->w, (HPDF_REAL)h);
        HPDF_Page_Fill(page);
    }
    for (size_t i = 0; i < r->ncells; i++) {
        const ts_pcell *c = &r->cells[i];
        double y = top - c->st->pad_top;
        for (size_t l = from[i]; l < to[i]; l++) {
            ts_draw_line(page, &c->text, l, c->st, c->x + c->st->pad_left, y);
            y -= c->text.leading;
        }
        if (from[i] == 0 && (to[i] > 0 || c->text.nl == 0)) {
            ts_note_uses(ts, c->uses);
            if (c->link != NULL)
                ts_link_add(ts, c->link, c->x, top - h, c->x + c->w, top);
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

/* Legend parts the cells of r show. */
static uint32_t prow_bits(const ts_table *t, const ts_prow *r)
{
    uint32_t bits = 0;
    for (size_t i = 0; r != NULL && i < r->ncells; i++)
        bits |= ts_note_bits(t->ts, r->cells[i].uses);
    return bits;
}


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
        ts_fail(ts, "memoria insuficiente al componer una tabla");
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
        double room = typeset_remaining(ts) - ts_note_extra(ts, prow_bits(t, r)), h = 0;
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
            ts_fail_style(ts, stuck ? stuck->st : r->cells[0].st,
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
        ts_fail(t->ts, "memoria insuficiente al componer una tabla");
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
        ts_fail(t->ts, "memoria insuficiente al componer una tabla");
        return -1;
    }
    for (size_t i = 0; i < t->ncols; i++)
        cells[i] = (ts_cell){t->header[i], t->header_style, 1, NULL, NULL};
    t->ts->ctx_header = true;
    int rc = prow_build(t, cells, t->ncols, r);
    t->ts->ctx_header = false;
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
        ts_fail(ts, "tabla sin columnas o sin estilo de encabezado");
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
        ts_fail(ts, "memoria insuficiente al componer una tabla");
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
    if (spec->continued != NULL && (t->continued = ts_dup_str(ts, spec->continued)) == NULL) {
        typeset_table_end(t);
        return -1;
    }
    if (spec->mark_width != NULL) {
        if ((t->mark_width = calloc(spec->ncols, sizeof *t->mark_width)) == NULL) {
            ts_fail(ts, "memoria insuficiente al componer una tabla");
            typeset_table_end(t);
            return -1;
        }
        memcpy(t->mark_width, spec->mark_width, spec->ncols * sizeof *t->mark_width);
    }
    double sum = 0;
    for (size_t i = 0; i < spec->ncols; i++)
        sum += spec->widths[i] > 0 ? spec->widths[i] : 0;
    double scale = sum > 0 ? typeset_frame_width(ts) / sum : 0;
    x[0] = ts_frame_left(ts);
    for (size_t i = 0; i < spec->ncols; i++)
        x[i + 1] = x[i] + (spec->widths[i] > 0 ? spec->widths[i] : 0) * scale;
    for (size_t i = 0; hdr && i < spec->ncols; i++)
        if ((hdr[i] = ts_dup_str(ts, spec->header[i] ? spec->header[i] : "")) == NULL) {
            typeset_table_end(t);
            return -1;
        }
    if (sum <= 0) {
        ts_fail(ts, "la tabla no tiene anchos de columna positivos");
        typeset_table_end(t);
        return -1;
    }
    const ts_style *hs = spec->header_style;
    for (size_t i = 0; hs && i < spec->ncols; i++) {
        double w = x[i + 1] - x[i];
        if (w - hs->pad_left - hs->pad_right < hs->size - 1e-6) {
            ts_fail_style(ts, hs, "la columna %zu («%s») mide %.1f pt: con el relleno "
                          "(%.1f + %.1f pt) no deja un cuadratín (%.1f pt) para el texto, que "
                          "invadiría la columna siguiente", i + 1,
                          spec->header && spec->header[i] ? spec->header[i] : "", w,
                          hs->pad_left, hs->pad_right, hs->size);
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
    return st->pad_top + st->pad_bottom + 2 * ts_leading_of(st);
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
    double page_room = ts_frame_top(ts) - ts_frame_bottom(ts) - top_height(t, hh);
    double rh = r != NULL ? keep_height(r, page_room - need) : 0;
    if (r != NULL && next != NULL && need + r->height + next->height <= page_room)
        rh = r->height + next->height;
    if (ts->npages == 0 && typeset_new_page(ts, 0))
        return -1;
    uint32_t bits = prow_bits(t, r) | (rh > (r != NULL ? r->height : 0) ? prow_bits(t, next) : 0);
    for (size_t i = 0; i < t->npending; i++)
        bits |= prow_bits(t, &t->pending[i]);
    double room = typeset_remaining(ts) - header_cost(t, hh) - ts_note_extra(ts, bits);
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
        ts_fail(t->ts, "fila de tabla inválida: un encabezado de continuación sin celdas");
        return -1;
    }
    const char *last = cells[n - 1].text != NULL ? cells[n - 1].text : "";
    size_t len = strlen(last) + strlen(t->continued) + 1;
    ts_cell *copy = malloc(n * sizeof *copy);
    char *text = malloc(len);
    ts_prow *r = malloc(sizeof *r);
    int rc = -1;
    if (copy == NULL || text == NULL || r == NULL) {
        ts_fail(t->ts, "memoria insuficiente al componer una tabla");
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

double typeset_table_fit(ts_table *t, size_t col, const ts_style *st, const char *text)
{
    if (t->ts->failed || col >= t->ncols || text == NULL)
        return 1;
    double inner = t->x[col + 1] - t->x[col] - st->pad_left - st->pad_right - st->indent;
    if (t->mark_width != NULL && st->align == TS_RIGHT)
        inner -= t->mark_width[col];
    double w = typeset_text_width(t->ts, st, text);
    return w > inner && w > 0 ? inner / w : 1;
}

int typeset_table_link(ts_table *t, size_t col, const char *anchor)
{
    if (t->ts->failed)
        return -1;
    free(t->next_link);
    t->next_link = ts_dup_str(t->ts, anchor);
    t->next_link_col = col;
    return t->next_link != NULL ? 0 : -1;
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
    if ((o->bookmark && (r.bookmark = ts_dup_str(ts, o->bookmark)) == NULL)
        || (o->anchor && (r.anchor = ts_dup_str(ts, o->anchor)) == NULL)) {
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
        ts_prow *pending = ts_grow(ts, t->pending, &t->cappending, t->npending,
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
    free(t->next_link);
    cont_set(t, NULL);
    free(t->x);
    free(t);
    return rc || ts->failed ? -1 : 0;
}
