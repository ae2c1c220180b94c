/* typeset: what the layout file says: fonts, styles, page spec and
 * table columns. See typeset.h. */
#define _XOPEN_SOURCE 700   /* realpath, to keep fonts inside fonts/ */
#include "pdf/typeset_internal.h"

#include "base/text.h"
#include "base/datadir.h"
#include "pdf/pdfa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Canonical path of <data dir>/sub (fonts, color), malloc'd; NULL
 * (reported at n) when it does not exist or memory is short. */
static char *shipped_dir(const layout *lay, const layout_node *n, const char *sub,
                         diag_list *d)
{
    char *dir = datadir_path(sub);
    char *real = dir != NULL ? realpath(dir, NULL) : NULL;
    if (real == NULL)
        layout_error(lay, n, d, "no se encontró el directorio «%s/%s» de paa", datadir(), sub);
    free(dir);
    return real;
}

/*
 * Canonical path of a file (a font, a colour profile: `what`) that lies
 * inside `root`, malloc'd; NULL, reported at n, for a missing file or one
 * elsewhere: a layout given with --layout is data from anywhere, and the
 * promise is that only the files paa ships (with their licences) are read
 * and embedded.
 */
static char *shipped_file(const layout *lay, const layout_node *n, const char *root,
                          const char *path, const char *what, diag_list *d)
{
    char *real = realpath(path, NULL);
    if (real == NULL) {
        layout_error(lay, n, d, "no se encontró %s «%s»", what, path);
        return NULL;
    }
    size_t k = strlen(root);
    if (strncmp(real, root, k) != 0 || real[k] != '/') {
        layout_error(lay, n, d, "%s «%s» está fuera de «%s»: paa solo carga "
                     "los archivos que distribuye", what, path, root);
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
    ts_font **fonts = ts_grow(ts, ts->fonts, &ts->capfonts, ts->nfonts, sizeof *fonts);
    if (fonts == NULL)
        return -1;
    ts->fonts = fonts;
    ts_font *f = calloc(1, sizeof *f);
    char *idc = f ? ts_dup_str(ts, id) : NULL;
    if (idc == NULL) {
        free(f);
        ts_fail(ts, "memoria insuficiente al cargar fuentes");
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
    while ((n = layout_child(layout_root(lay), "fuente", n)) != NULL) {
        const char *id = layout_attr(n, "id");
        const char *file = layout_attr(n, "archivo");
        if (id == NULL || file == NULL) {
            layout_error(lay, n, ts->d, "<fuente> necesita los atributos id y archivo");
            ts->failed = true;
            break;
        }
        /* The rule for every file a layout names: only the shipped fonts. */
        char *real = layout_shipped_file(lay, n, file, ts->d);
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

/* ---- archive (PDF/A) ------------------------------------------------------ */

/* The whole of a small file (a colour profile: at most 1 MiB), malloc'd;
 * NULL, reported at n. */
static unsigned char *read_small(ts_doc *ts, const layout *lay, const layout_node *n,
                                 const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = f != NULL ? malloc(1u << 20) : NULL;
    size_t got = buf != NULL ? fread(buf, 1, 1u << 20, f) : 0;
    bool bad = f == NULL || buf == NULL || ferror(f) || !feof(f);
    if (f != NULL)
        fclose(f);
    if (bad) {
        layout_error(lay, n, ts->d, "no se pudo leer el perfil de color «%s»%s", path,
                     buf != NULL ? " (¿más de 1 MiB?)" : "");
        free(buf);
        ts->failed = true;
        return NULL;
    }
    *len = got;
    return buf;
}

static int load_profile(ts_doc *ts, const layout *lay, const layout_node *n,
                        const char *rel)
{
    char *root = shipped_dir(lay, n, "color", ts->d);
    char *path = root == NULL ? NULL
                 : rel != NULL ? layout_resolve(lay, rel) : datadir_path("color/sRGB.icc");
    char *real = path != NULL ? shipped_file(lay, n, root, path, "el perfil de color", ts->d)
                              : NULL;
    free(root);
    free(path);
    if (real == NULL) {
        ts->failed = true;
        return -1;
    }
    ts->icc = read_small(ts, lay, n, real, &ts->icc_len);
    const char *why = ts->icc != NULL ? pdfa_icc_problem(ts->icc, ts->icc_len) : NULL;
    if (why != NULL) {
        layout_error(lay, n, ts->d, "«%s»: %s", real, why);
        ts->failed = true;
    }
    free(real);
    return ts->failed ? -1 : 0;
}

int typeset_archive_load(ts_doc *ts, const layout *lay)
{
    if (ts->failed)
        return -1;
    const layout_node *n = layout_find(lay, "documento", NULL);
    bool pdfa = true;
    const char *lang = n != NULL ? layout_attr(n, "idioma") : NULL;
    if (n != NULL && layout_bool(lay, n, "pdfa", &pdfa, ts->d) < 0) {
        ts->failed = true;
        return -1;
    }
    if ((ts->lang = ts_dup_str(ts, lang != NULL ? lang : "es-MX")) == NULL)
        return -1;
    if (!pdfa)
        return 0;
    return load_profile(ts, lay, n != NULL ? n : layout_root(lay),
                        n != NULL ? layout_attr(n, "perfil-color") : NULL);
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
        layout_error(lay, n, d, "la página mide %.1f × %.1f pt y, quitados márgenes "
                     "(%.1f, %.1f, %.1f, %.1f pt), encabezado (%.1f pt) y pie (%.1f pt), deja "
                     "un área de texto de %.1f × %.1f pt: se requieren de 72 × 72 pt a "
                     "14400 × 14400 pt de página y al menos 72 × 72 pt de texto",
                     out->width, out->height, out->margin_top, out->margin_right,
                     out->margin_bottom, out->margin_left, out->header_height,
                     out->footer_height, body_w, body_h);
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
    double line_h = ts_leading_of(st) + st->pad_top + st->pad_bottom;
    if (line_h > body_h) {
        ts_fail_style(ts, st, "una línea de %.1f pt (interlineado y relleno) no cabe en "
                      "el área de texto de la página (%.1f pt)", line_h, body_h);
        return -1;
    }
    return ts_measure_ok(ts, st, typeset_frame_width(ts));
}

static int typeset_style_load(ts_doc *ts, const layout *lay, const layout_node *n,
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

int typeset_table_load(const layout *lay, const char *id, size_t ncols,
                       ts_table_layout *out, diag_list *d)
{
    memset(out, 0, sizeof *out);
    const layout_node *n = layout_require(lay, "tabla", id, d);
    if (n == NULL
        || typeset_columns_load(lay, n, out->widths, out->titles, TS_TABLE_MAX_COLS, &out->n, d)
        || layout_length(lay, n, "linea", &out->rule, d) < 0
        || layout_color(lay, n, "color-linea", &out->rule_color, d) < 0)
        return -1;
    out->continued = layout_attr(n, "continuacion");
    if (out->n != ncols) {
        layout_error(lay, n, d, "la tabla «%s» debe tener %zu columnas, tiene %zu", id, ncols,
                     out->n);
        return -1;
    }
    return 0;
}

void typeset_table_spec_of(const ts_table_layout *tl, const ts_style *th,
                           ts_table_spec *spec)
{
    *spec = (ts_table_spec){.ncols = tl->n, .widths = tl->widths, .header = tl->titles,
                            .header_style = th, .rule_width = tl->rule,
                            .rule_color = tl->rule_color, .continued = tl->continued};
}

/* typeset_template with an escape for the expanded text. */
static int expand_text(const layout *lay, const layout_node *n, strbuf *out,
                       const char *tmpl, const template_var *vars, size_t nvars,
                       template_escape escape, diag_list *d)
{
    /* A layout's own text must be printable too, and is blamed on the
     * layout's line (the placeholders are plain ASCII). */
    char why[512];
    if (winansi_convert(tmpl, false, NULL, why, sizeof why) != 0) {
        layout_error(lay, n, d, "el texto no se puede imprimir con las fuentes del PDF: %s",
                     why);
        return -1;
    }
    char bad[48];
    switch (template_expand(out, tmpl, vars, nvars, escape, bad, sizeof bad)) {
    case TEMPLATE_OK:
        return 0;
    case TEMPLATE_UNKNOWN: {
        char *names = template_names(vars, nvars);
        layout_error(lay, n, d, "marcador desconocido «%s»; se admiten: %s", bad,
                     names != NULL ? names : "");
        free(names);
        return -1;
    }
    case TEMPLATE_NOMEM:
        break;
    }
    diag_add(d, RULE_PDF, layout_file(lay), layout_line(n), NULL,
             "memoria insuficiente al componer el PDF");
    return -1;
}

int typeset_template(const layout *lay, const layout_node *n, strbuf *out,
                     const char *tmpl, const template_var *vars, size_t nvars,
                     diag_list *d)
{
    return expand_text(lay, n, out, tmpl, vars, nvars, NULL, d);
}

/* ---- running header and footer ---------------------------------------------- */

static const struct {
    const char *attr;
    ts_align align;
} row_positions[] = {{"izquierda", TS_LEFT}, {"centro", TS_CENTER}, {"derecha", TS_RIGHT}};

/* The style of a <renglon>: estilo (required), tamano over its size. */
static int row_style(ts_doc *ts, const layout *lay, const layout_node *row, ts_style *st,
                     diag_list *d)
{
    const char *sid = layout_attr(row, "estilo");
    if (sid == NULL) {
        layout_error(lay, row, d, "<renglon> necesita el atributo estilo");
        return -1;
    }
    if (typeset_style_by_id(ts, lay, sid, st, d) != 0)
        return -1;
    return layout_length(lay, row, "tamano", &st->size, d) < 0 ? -1 : 0;
}

/* Loads the texts of the rows of `node` into band, expanded for the
 * engine's second pass (page numbers): data braces are doubled. texts[]
 * owns them. 0 or -1 (reported). */
static int band_load(ts_doc *ts, const layout *lay, const layout_node *node,
                     const template_var *vars, size_t nvars, strbuf *texts,
                     ts_band *band, diag_list *d)
{
    size_t n = 0;
    for (const layout_node *row = layout_child(node, "renglon", NULL); row != NULL;
         row = layout_child(node, "renglon", row)) {
        ts_style st;
        if (row_style(ts, lay, row, &st, d) != 0)
            return -1;
        bool first = true;
        for (size_t p = 0; p < sizeof row_positions / sizeof row_positions[0]; p++) {
            const char *tmpl = layout_attr(row, row_positions[p].attr);
            if (tmpl == NULL)
                continue;
            strbuf *text = &texts[n < TS_RUNNING_MAX_LINES ? n : TS_RUNNING_MAX_LINES];
            if (expand_text(lay, row, text, tmpl, vars, nvars, template_escape_braces,
                            d) != 0)
                return -1;
            if (text->len == 0)
                continue;
            if (n == TS_RUNNING_MAX_LINES) {
                layout_error(lay, row, d, "<%s> admite a lo más %d textos",
                             layout_name(node), TS_RUNNING_MAX_LINES);
                return -1;
            }
            band->text[n] = strbuf_str(text);
            band->style[n] = st;
            band->style[n].align = row_positions[p].align;
            band->joined[n] = !first;
            first = false;
            n++;
        }
    }
    return 0;
}

/* A footer taller than the band the page reserves for it (pie="…") would
 * be drawn over the body. */
static bool band_fits(const layout *lay, const layout_node *node, const ts_band *band,
                      double room, diag_list *d)
{
    double h = ts_band_height(band);
    if (h <= room + 0.005)
        return true;
    layout_error(lay, node, d, "los renglones del <%s> ocupan %.1f pt y la página le "
                 "reserva %.1f pt (atributo %s de <pagina>)", layout_name(node), h, room,
                 layout_name(node));
    return false;
}

int typeset_running_load(ts_doc *ts, const layout *lay, const template_var *vars,
                         size_t nvars, diag_list *d)
{
    if (ts->failed)
        return -1;
    const layout_node *h = layout_require(lay, "encabezado", NULL, d);
    const layout_node *f = layout_require(lay, "pie", NULL, d);
    if (h == NULL || f == NULL)
        return -1;
    ts_running r;
    memset(&r, 0, sizeof r);
    /* one spare buffer per band for a text past the limit (reported) */
    strbuf texts[2][TS_RUNNING_MAX_LINES + 1] = {{{0}}};
    int rc = -1;
    if (layout_length(lay, h, "linea", &r.rule_width, d) >= 0
        && layout_color(lay, h, "color-linea", &r.rule_color, d) >= 0
        && band_load(ts, lay, h, vars, nvars, texts[0], &r.header, d) == 0
        && band_load(ts, lay, f, vars, nvars, texts[1], &r.footer, d) == 0
        && band_fits(lay, f, &r.footer, ts->spec.footer_height, d))
        rc = typeset_set_running(ts, &r);   /* copies the strings */
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i <= TS_RUNNING_MAX_LINES; i++)
            strbuf_free(&texts[b][i]);
    return rc;
}

int typeset_open_layout(ts_doc **out, const layout *lay, long long epoch,
                        ts_page_spec *page, diag_list *d)
{
    *out = NULL;
    const layout_node *pn = layout_require(lay, "pagina", NULL, d);
    if (pn == NULL || typeset_page_spec_load(lay, pn, page, d) != 0
        || typeset_open(out, page, epoch, d) != 0)
        return -1;
    if (typeset_fonts_load(*out, lay, d) == 0 && typeset_archive_load(*out, lay) == 0)
        return 0;
    typeset_close(*out);
    *out = NULL;
    return -1;
}
