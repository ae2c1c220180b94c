/*
 * libro_impresion: print setup of a sheet from a layout's <impresion> —
 * paper, margins, scaling, running header and footer, repeated titles and
 * print area. See libro.h.
 */
#include "xlsx/libro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/template.h"

/* ---- header and footer -------------------------------------------------- */

/* Header/footer syntax: a literal "&" is written "&&". */
static void hf_escape(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            strbuf_putc(out, '&');
        strbuf_putc(out, s[i]);
    }
}

/* The placeholders of a header or footer: the page codes, which are
 * Excel's own (never escaped), then the document's. malloc'd; NULL after
 * recording the failure. */
static template_var *hf_vars(libro_ctx *x, const libro_page *pg)
{
    template_var *vars = malloc((pg->n_vars + 2) * sizeof *vars);
    if (vars == NULL) {
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
        return NULL;
    }
    vars[0] = (template_var){.name = "{pagina}", .value = "&P", .raw = true};
    vars[1] = (template_var){.name = "{paginas}", .value = "&N", .raw = true};
    for (size_t i = 0; i < pg->n_vars; i++)
        vars[i + 2] = pg->vars[i];
    return vars;
}

/* Section `attr` (izquierda, centro, derecha) of <renglon> r: its size
 * code, then its text. 0 or -1 (reported). */
static int hf_line(libro_ctx *x, strbuf *out, const layout_node *r,
                   const char *attr, const template_var *vars, size_t n)
{
    if (x->failed)
        return -1;
    double size = 0;
    int rc = libro_layout_rc(x, layout_number(x->lay, r, "tamano", &size, x->d));
    strbuf text = {0};
    if (rc < 0 || libro_expand_into(x, &text, r, attr, vars, n, hf_escape) != 0) {
        strbuf_free(&text);
        return -1;
    }
    if (rc == 0)
        strbuf_printf(out, "&%d", (int)(size + 0.5));
    /* "&8" followed by a digit would read as a larger font size. */
    const char *t = strbuf_str(&text);
    if (rc == 0 && t[0] >= '0' && t[0] <= '9')
        strbuf_putc(out, ' ');
    strbuf_add(out, t, text.len);
    strbuf_free(&text);
    return 0;
}

/* One section of an <encabezado>/<pie>: its code ("&L") and the lines of
 * its <renglon>s that give it; a <renglon> that leaves it out keeps the
 * line empty, so the lines of the three sections stay level. */
static int hf_section(libro_ctx *x, strbuf *out, const layout_node *n,
                      const char *attr, const char *code,
                      const template_var *vars, size_t nv)
{
    const layout_node *last = NULL;
    for (const layout_node *r = layout_child(n, "renglon", NULL); r != NULL;
         r = layout_child(n, "renglon", r))
        if (libro_nonempty(layout_attr(r, attr)) != NULL)
            last = r;
    if (last == NULL)
        return 0;
    strbuf_puts(out, code);
    for (const layout_node *r = layout_child(n, "renglon", NULL); r != NULL;
         r = layout_child(n, "renglon", r)) {
        if (r != layout_child(n, "renglon", NULL))
            strbuf_putc(out, '\n');
        if (libro_nonempty(layout_attr(r, attr)) != NULL &&
            hf_line(x, out, r, attr, vars, nv) != 0)
            return -1;
        if (r == last)
            break;
    }
    return 0;
}

/* Builds "&L…&C…&R…" from an <encabezado>/<pie> element; one with no
 * text leaves out empty. 0 or -1 (reported). */
static int hf_build(libro_ctx *x, const layout_node *n, const template_var *vars,
                    size_t nv, strbuf *out)
{
    static const struct {
        const char *attr, *code;
    } sections[] = {{"izquierda", "&L"}, {"centro", "&C"}, {"derecha", "&R"}};
    for (size_t i = 0; i < 3; i++)
        if (hf_section(x, out, n, sections[i].attr, sections[i].code, vars, nv) != 0)
            return -1;
    if (out->failed) {
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
        return -1;
    }
    if (out->len > LXW_HEADER_FOOTER_MAX) {
        layout_error(x->lay, n, x->d,
                     "el texto de <%s> pasa de los %d caracteres que Excel "
                     "admite en un encabezado o pie",
                     layout_name(n), LXW_HEADER_FOOTER_MAX);
        x->failed = true;
        return -1;
    }
    return 0;
}

/* ---- scaling, paper and titles --------------------------------------------- */

/* Scaling of element n: fit to `pages` pages wide, or a fixed `scale` in
 * percent. 1 when n sets neither, 0 when it sets one, -1 on error. */
static int scaling_of(libro_ctx *x, const layout_node *n, double *pages,
                      double *scale)
{
    int rp = libro_layout_rc(x, layout_number(x->lay, n, "paginas-ancho",
                                                 pages, x->d));
    int rs = libro_layout_rc(x, layout_number(x->lay, n, "escala", scale,
                                                 x->d));
    if (rp < 0 || rs < 0)
        return -1;
    if (rp == 0 && rs == 0) {
        layout_error(x->lay, n, x->d, "<%s> da paginas-ancho y escala: use "
                     "solo una", layout_name(n));
        x->failed = true;
        return -1;
    }
    bool bad = (rp == 0 && (*pages < 1 || *pages > 16 || (int)*pages != *pages)) ||
               (rs == 0 && (*scale < 10 || *scale > 400 || (int)*scale != *scale));
    if (bad) {
        layout_error(x->lay, n, x->d, "<%s> necesita paginas-ancho de 1 a 16 "
                     "o escala de 10 a 400 (enteros)", layout_name(n));
        x->failed = true;
        return -1;
    }
    if (rp == 0)
        *scale = 0;
    if (rs == 0)
        *pages = 0;
    return rp == 0 || rs == 0 ? 0 : 1;
}

/* Fit to pages wide or a fixed scale: the sheet's own setting, else
 * <impresion>'s, else one page wide. Returns whether a row may span
 * several pages (so the key column is worth repeating). */
static bool apply_scaling(libro_ctx *x, lxw_worksheet *ws,
                          const libro_page *pg)
{
    double pages = 1, scale = 0;
    int rc = pg->sheet != NULL ? scaling_of(x, pg->sheet, &pages, &scale) : 1;
    if (rc == 1)
        rc = scaling_of(x, pg->impresion, &pages, &scale);
    if (rc == 1) {
        pages = 1;
        scale = 0;
    }
    if (x->failed)
        return false;
    if (scale > 0)
        worksheet_set_print_scale(ws, (uint16_t)scale);
    else
        worksheet_fit_to_pages(ws, (uint16_t)pages, 0);
    bool spans = scale > 0 || pages > 1;
    /* The pages of one band of rows follow each other. */
    if (spans)
        worksheet_print_across(ws);
    return spans;
}

static double inches(double pt)
{
    return pt / 72.0;
}

/*
 * libxlsxwriter 1.1.4 writes repeated rows and columns as one defined name
 * ("'Hoja'!$C:$C,'Hoja'!$4:$4") in a 128-byte buffer and cuts a longer
 * one, even inside a character, which corrupts the workbook. The bound
 * allows the widest column and row numbers. With a sheet name that long
 * (31 × "ñ") only the header row is repeated: the key column is a
 * printing aid, not data.
 */
static bool titles_fit(const lxw_worksheet *ws)
{
    return 2 * strlen(ws->quoted_name) + sizeof "!$XFD:$XFD,!$1048576:$1048576" <=
           LXW_DEFINED_NAME_LENGTH;
}

/* Paper, orientation and margins of <impresion>; m[4], m[5] get the
 * header and footer margins in inches. */
static void paper_and_margins(libro_ctx *x, lxw_worksheet *ws,
                              const layout_node *imp, double m[6])
{
    static const char *const papers[] = {"carta", "oficio", "tabloide", "a4", "a3"};
    static const uint8_t paper_v[] = {1, 5, 3, 9, 8};   /* Excel paper codes */
    static const char *const orient[] = {"horizontal", "vertical"};
    static const uint8_t orient_v[] = {1, 0};
    static const char *const margin_attr[] = {
        "margen-izquierdo", "margen-derecho", "margen-superior",
        "margen-inferior", "margen-encabezado", "margen-pie"};
    uint8_t paper = 1, landscape = 1;
    libro_choice(x, imp, "papel", papers, paper_v, 5, &paper);
    libro_choice(x, imp, "orientacion", orient, orient_v, 2, &landscape);
    /* Excel's defaults, in points, for any margin the layout leaves out. */
    const double defaults[6] = {50.4, 50.4, 54, 54, 21.6, 21.6};
    for (int i = 0; i < 6; i++) {
        m[i] = defaults[i];
        libro_layout_rc(x, layout_length(x->lay, imp, margin_attr[i], &m[i], x->d));
        m[i] = inches(m[i]);
    }
    if (x->failed)
        return;
    worksheet_set_paper(ws, paper);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_margins(ws, m[0], m[1], m[2], m[3]);
}

/* Rows (and, when a row spans pages, the key column) printed on every
 * page, and the print area. */
static void titles_and_area(libro_ctx *x, lxw_worksheet *ws,
                            const libro_page *pg, bool spans)
{
    if (pg->repeat_row >= 0 && !x->failed)
        libro_check(x, worksheet_repeat_rows(ws, (lxw_row_t)pg->repeat_row,
                                                (lxw_row_t)pg->repeat_row),
                       ws, (lxw_row_t)pg->repeat_row, 0);
    if (spans && pg->repeat_col >= 0 && (pg->repeat_row < 0 || titles_fit(ws)) &&
        !x->failed)
        libro_check(x, worksheet_repeat_columns(ws, (lxw_col_t)pg->repeat_col,
                                                   (lxw_col_t)pg->repeat_col),
                       ws, 0, (lxw_col_t)pg->repeat_col);
    if (!x->failed)
        libro_check(x, worksheet_print_area(ws, 0, pg->first_col, pg->last_row,
                                               pg->last_col),
                       ws, 0, 0);
}

void libro_page_setup(libro_ctx *x, lxw_worksheet *ws,
                         const libro_page *pg)
{
    if (x->failed)
        return;
    const layout_node *imp = pg->impresion;
    const layout_node *hdr = layout_child(imp, "encabezado", NULL);
    /* A sheet may print its own footer (a legend of its marks, say). */
    const layout_node *ftr = pg->sheet != NULL ? layout_child(pg->sheet, "pie", NULL)
                                                : NULL;
    if (ftr == NULL)
        ftr = layout_child(imp, "pie", NULL);
    if (hdr == NULL || ftr == NULL) {
        layout_error(x->lay, imp, x->d, "<impresion> necesita <encabezado> y <pie>");
        x->failed = true;
        return;
    }
    template_var *vars = hf_vars(x, pg);
    strbuf head = {0}, foot = {0};
    bool ok = vars != NULL && hf_build(x, hdr, vars, pg->n_vars + 2, &head) == 0 &&
              hf_build(x, ftr, vars, pg->n_vars + 2, &foot) == 0;
    free(vars);
    double m[6] = {0};
    bool spans = false;
    if (ok) {
        paper_and_margins(x, ws, imp, m);
        spans = apply_scaling(x, ws, pg);
    }
    lxw_header_footer_options ho = {.margin = m[4]}, fo = {.margin = m[5]};
    if (!x->failed && head.len > 0)
        libro_check(x, worksheet_set_header_opt(ws, head.s, &ho), ws, 0, 0);
    if (!x->failed && foot.len > 0)
        libro_check(x, worksheet_set_footer_opt(ws, foot.s, &fo), ws, 0, 0);
    strbuf_free(&head);
    strbuf_free(&foot);
    if (x->failed)
        return;
    titles_and_area(x, ws, pg, spans);
}
