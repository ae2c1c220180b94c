/* typeset: documents (open, close, save), errors and the running header
 * and footer. See typeset.h. */
#include "pdf/typeset_internal.h"
#include "pdf/pdfa.h"

#include "base/syserr.h"
#include "base/template.h"
#include "base/text.h"
#include "write/outfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- errors -------------------------------------------------------------- */

void ts_fail(ts_doc *ts, const char *fmt, ...)
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

const char *ts_where(const ts_doc *ts, char *buf, size_t size)
{
    if (ts->ctx_column == NULL)
        return "";
    snprintf(buf, size, " en la columna «%s» (%.1f pt de ancho)", ts->ctx_column,
             ts->ctx_column_w);
    return buf;
}

/*
 * A style that cannot be set where it is used: a "layout" error at the
 * style's <estilo> line, naming it (a style built in code has no line:
 * the text's context is given instead).
 */
void ts_fail_style(ts_doc *ts, const ts_style *st, const char *fmt, ...)
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
    ts_fail(ts, "libharu: %s (código 0x%04X, detalle %u)",
            hpdf_error_text(error), (unsigned)error, (unsigned)detail);
}

/* Growable arrays: one helper so every push checks for memory. Returns
 * the array with room for item n (moved, maybe), or NULL when memory is
 * short; the old array is then still valid and *cap unchanged. */
void *ts_grow(ts_doc *ts, void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(items, ncap * size);
    if (p == NULL) {
        ts_fail(ts, "memoria insuficiente al componer el PDF");
        return NULL;
    }
    *cap = ncap;
    return p;
}

char *ts_dup_str(ts_doc *ts, const char *s)
{
    char *c = strdup(s);
    if (c == NULL)
        ts_fail(ts, "memoria insuficiente al componer el PDF");
    return c;
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
    ts_hash_bytes(ts, &epoch, sizeof epoch);
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
        ts_fail(ts, "fecha de creación inválida (%lld)", epoch);
    } else {
        HPDF_Date date;
        pdfa_info_date(epoch, &date);
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
    for (size_t i = 0; i < 2 * TS_RUNNING_MAX_LINES; i++)
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
    strmap_free(&ts->anchor_index);
    for (size_t i = 0; i < ts->nanchors; i++)
        free(ts->anchors[i].id);
    free(ts->anchors);
    for (size_t i = 0; i < ts->ntocs; i++)
        free(ts->tocs[i].id);
    free(ts->tocs);
    for (size_t i = 0; i < ts->nlinks; i++)
        free(ts->links[i].id);
    free(ts->links);
    for (size_t i = 0; i < sizeof ts->info / sizeof ts->info[0]; i++)
        free(ts->info[i]);
    free(ts->lang);
    free(ts->num_label);
    free(ts->icc);
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

#ifdef PAA_TESTING   /* a test hook: see typeset.h */
HPDF_Doc typeset_hpdf(ts_doc *ts)
{
    return ts->pdf;
}
#endif

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
            ts_hash_bytes(ts, f[i].v, strlen(f[i].v));
            if (i < sizeof ts->info / sizeof ts->info[0]) {
                free(ts->info[i]);
                ts->info[i] = ts_dup_str(ts, f[i].v);
            }
        }
    return ts->failed ? -1 : 0;
}

/* ---- running header and footer ------------------------------------------- */

/* Expands {pagina} and {paginas} of a running text (base/template.h):
 * the document kept them for the engine, with its data braces doubled.
 * malloc'd; NULL after a failure (reported). */
static char *expand_running(ts_doc *ts, const char *tpl, size_t index)
{
    char num[16], total[24];
    typeset_page_number_text(ts, index, num, sizeof num);
    /* the total counts the pages of the last numbering range's style */
    typeset_page_number_text(ts, ts->npages - 1, total, sizeof total);
    const template_var vars[] = {{"{pagina}", num, false, false},
                                 {"{paginas}", total, false, false}};
    strbuf b = {0};
    char bad[48];
    switch (template_expand(&b, tpl, vars, sizeof vars / sizeof vars[0], NULL, bad,
                            sizeof bad)) {
    case TEMPLATE_OK: {
        char *out = strbuf_take(&b);
        if (out == NULL)
            ts_fail(ts, "memoria insuficiente al componer el encabezado o el pie de página");
        return out;
    }
    case TEMPLATE_UNKNOWN:
        ts_fail(ts, "el encabezado o el pie de página tiene un marcador desconocido «%s»",
                bad);
        break;
    case TEMPLATE_NOMEM:
        ts_fail(ts, "memoria insuficiente al componer el encabezado o el pie de página");
        break;
    }
    strbuf_free(&b);
    return NULL;
}

/* Sets text in st within [x, x + width), its first line box's top at
 * `top`. */
static void draw_single(ts_doc *ts, HPDF_Page page, const ts_style *st,
                        const char *text, double x, double width, double top)
{
    ts_text t;
    if (ts_wrap_text(ts, st, text, width, &t) == 0)
        for (size_t i = 0; i < t.nl; i++)
            ts_draw_line(page, &t, i, st, x, top - (double)i * t.leading);
    ts_text_free(&t);
}

/* Top of a line box in style st whose baseline is `base` (the inverse of
 * baseline_in), so texts of different sizes can share a baseline. */
static double top_for_baseline(const ts_style *st, double base)
{
    return base - ts_baseline_in(st, 0);
}

/*
 * One row of a running band: texts [first, end) of `text` (expanded) share
 * the baseline of the first one's line box at `top`. Each text gets the
 * width the others' natural widths leave (less a gap), placed by its
 * alignment, so a left title and a right-hand text never overlap. Returns
 * the row's height (the tallest leading).
 */
static double draw_band_row(ts_doc *ts, HPDF_Page page, const ts_band *band,
                            char *const *text, size_t first, size_t end, double top)
{
    double frame_w = typeset_frame_width(ts), gap = 0, natural[TS_RUNNING_MAX_LINES] = {0};
    double sum = 0, row_h = 0;
    for (size_t i = first; i < end; i++) {
        natural[i] = typeset_text_width(ts, &band->style[i], text[i]);
        sum += natural[i];
        if (band->style[i].size > gap)
            gap = band->style[i].size;
    }
    double base = ts_baseline_in(&band->style[first], top);
    for (size_t i = first; i < end; i++) {
        const ts_style *st = &band->style[i];
        double w = end - first == 1 ? frame_w : frame_w - (sum - natural[i]) - gap;
        if (w < frame_w / 4)
            w = frame_w / 4;
        double x = ts_frame_left(ts);
        if (st->align == TS_RIGHT)
            x += frame_w - w;
        else if (st->align == TS_CENTER)
            x += (frame_w - w) / 2;
        /* a lone text keeps `top` itself: no rounding through the baseline */
        double t = end - first == 1 ? top : top_for_baseline(st, base);
        draw_single(ts, page, st, text[i], x, w, t);
        if (ts_leading_of(st) > row_h)
            row_h = ts_leading_of(st);
    }
    return row_h;
}

/* Draws a band's rows downwards from `top`, page numbers expanded. */
static void draw_band(ts_doc *ts, size_t index, const ts_band *band, double top)
{
    char *text[TS_RUNNING_MAX_LINES] = {NULL};
    bool ok = true;
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES && ok; i++)
        if (band->text[i] != NULL)
            ok = (text[i] = expand_running(ts, band->text[i], index)) != NULL;
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES && ok;) {
        if (band->text[i] == NULL) {
            i++;
            continue;
        }
        size_t end = ts_band_row_end(band, i);
        top -= draw_band_row(ts, ts->pages[index].page, band, text, i, end, top);
        i = end;
    }
    for (size_t i = 0; i < TS_RUNNING_MAX_LINES; i++)
        free(text[i]);
}

static void draw_running(ts_doc *ts, size_t index)
{
    const ts_running *r = &ts->running;
    HPDF_Page page = ts->pages[index].page;
    draw_band(ts, index, &r->header, ts->spec.height - ts->spec.margin_top);
    if (r->rule_width > 0) {
        double y = ts_frame_top(ts) + ts->spec.header_height * 0.25;
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->rule_width);
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)r->rule_color.r,
                               (HPDF_REAL)r->rule_color.g, (HPDF_REAL)r->rule_color.b);
        HPDF_Page_MoveTo(page, (HPDF_REAL)ts_frame_left(ts), (HPDF_REAL)y);
        HPDF_Page_LineTo(page, (HPDF_REAL)(ts_frame_left(ts) + typeset_frame_width(ts)),
                         (HPDF_REAL)y);
        HPDF_Page_Stroke(page);
    }
    /* the footer's last line sits on the bottom margin */
    draw_band(ts, index, &r->footer, ts->spec.margin_bottom + ts_band_height(&r->footer));
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

/* The catalog's language and viewer preference and, for PDF/A, the output
 * intent and the XMP metadata, agreeing with the information dictionary. */
static void write_archive(ts_doc *ts)
{
    pdfa_meta m = {ts->info[0], ts->info[1], ts->info[2], ts->info[3],
                   "paa " PAA_VERSION, HPDF_GetInfoAttr(ts->pdf, HPDF_INFO_PRODUCER),
                   ts->lang != NULL ? ts->lang : "es-MX", ts->epoch, ts->icc, ts->icc_len};
    if (pdfa_write(ts->pdf, &m) != HPDF_OK && !ts->failed)
        ts_fail(ts, "libharu no pudo escribir los metadatos de archivo (PDF/A)");
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
            fail_write(ts, syserr_text(errno));
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
        ts_fail(ts, "el documento no tiene páginas");
        return -1;
    }
    ts_finish_page(ts);
    for (size_t i = 0; i < ts->ntocs && !ts->failed; i++)
        ts_toc_resolve(ts, &ts->tocs[i]);
    ts_links_resolve(ts);
    if (ts->has_running)
        for (size_t i = 0; i < ts->npages && !ts->failed; i++)
            if (!(ts->pages[i].flags & TS_PAGE_BARE))
                draw_running(ts, i);
    ts_hash_bytes(ts, &ts->npages, sizeof ts->npages);
    if (!ts->failed)
        add_id(ts);
    if (!ts->failed)
        write_archive(ts);
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
