/*
 * render_xlsx: the programme as an Excel workbook. See render_xlsx.h.
 *
 * Sheets, in order:
 *   Estructura   the 13 subprogramas with proyectos/actividades counted by
 *                formulas over Actividades, beside the declared counts;
 *   Actividades  one row per activity, the published quantities, a live
 *                "Suma meses" and "Revisión" per row, autofilter;
 *   01 … 13      the calendar of each subprograma, ready to print.
 *
 * Everything presentational comes from layouts/libro.xml; the column order
 * is fixed here because the formulas depend on it.
 *
 * Errors are sticky: the first failing libxlsxwriter call (or bad layout
 * value) is reported and every later write becomes a no-op, so the sheet
 * builders read as straight-line code; render_xlsx() checks once at the
 * end and then discards the workbook instead of closing it, so no partial
 * file is ever written.
 */
#include "render_xlsx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "outfile.h"

/* ---- layout-driven styles ---------------------------------------------- */

enum {
    ST_TITULO,
    ST_SUBTITULO,
    ST_NOTA,
    ST_ENCABEZADO,
    ST_PROYECTO,
    ST_TEXTO,
    ST_CLAVE,
    ST_NUMERO,
    ST_FORMULA,
    ST_FORMULA_TEXTO,
    ST_TOTAL,
    ST_DIFERENCIA,   /* conditional format: annual differs / counts differ */
    ST_FALTANTE,     /* conditional format: a quantity is missing */
    ST_COUNT
};

static const char *const style_ids[ST_COUNT] = {
    "titulo", "subtitulo", "nota", "encabezado", "proyecto", "texto",
    "clave", "numero", "formula", "formula-texto", "total", "diferencia",
    "faltante"};

/* Styles that hold quantities get one format per number of decimals. */
enum { NUM_NUMERO, NUM_FORMULA, NUM_TOTAL, NUM_COUNT };
static const int num_style[NUM_COUNT] = {ST_NUMERO, ST_FORMULA, ST_TOTAL};

#define N_DEC (PAA_DEC_DIGITS + 1)

/* ---- column plans ------------------------------------------------------- */

/* Actividades */
enum {
    A_SUB, A_PROY, A_CLAVE, A_ACT, A_UNIDAD, A_ANUAL,
    A_ENE,
    A_SUMA = A_ENE + PAA_MONTHS,
    A_BENEF, A_BENEF_CANT, A_REVISION, A_RECONS,
    A_NCOLS
};
static const char *const act_cols[A_NCOLS] = {
    [A_SUB] = "subprograma", [A_PROY] = "proyecto", [A_CLAVE] = "clave",
    [A_ACT] = "actividad", [A_UNIDAD] = "unidad", [A_ANUAL] = "anual",
    [A_SUMA] = "suma", [A_BENEF] = "beneficiarios",
    [A_BENEF_CANT] = "cantidad-beneficiarios", [A_REVISION] = "revision",
    [A_RECONS] = "reconstruidas"};

/* Calendar sheet of one subprograma (the PDF's table). */
enum {
    C_CLAVE, C_ACT, C_UNIDAD, C_ANUAL,
    C_ENE,
    C_BENEF = C_ENE + PAA_MONTHS,
    C_BENEF_CANT,
    C_NCOLS
};
static const char *const cal_cols[C_NCOLS] = {
    [C_CLAVE] = "clave", [C_ACT] = "actividad", [C_UNIDAD] = "unidad",
    [C_ANUAL] = "anual", [C_BENEF] = "beneficiarios",
    [C_BENEF_CANT] = "cantidad-beneficiarios"};

/* Estructura */
enum { E_NUM, E_AREA, E_DESC, E_PROY, E_ACT, E_PROY_DECL, E_ACT_DECL, E_NCOLS };
static const char *const est_cols[E_NCOLS] = {
    "numero", "area", "descripcion", "proyectos", "actividades",
    "proyectos-declarados", "actividades-declaradas"};

/* Rows of the Estructura sheet: title block, then the table. */
enum { E_ROW_TITULO, E_ROW_INST, E_ROW_SUBT, E_ROW_NOTA, E_ROW_HEAD };
/* Rows of a calendar sheet. */
enum { C_ROW_TITULO, C_ROW_AREA, C_ROW_HEAD = 3 };

/* Texts of the Revisión column (formula results). */
#define REV_OK "correcta"
#define REV_FALTA "faltan cantidades"
#define REV_DIFIERE "anual distinta de la suma"

/* ---- context ------------------------------------------------------------ */

typedef struct {
    const paa_programa *p;
    const layout *lay;
    diag_list *d;
    const char *out_path;
    lxw_workbook *wb;
    bool failed;                  /* sticky: see the file comment */
    time_t created;               /* document creation date */

    const char *font_name;
    double font_size;
    const char *numfmt[N_DEC];    /* number format per decimals */
    lxw_format *st[ST_COUNT];
    bool st_wrap[ST_COUNT];       /* style wraps text */
    double st_size[ST_COUNT];     /* style's font size in points */
    lxw_format *num[NUM_COUNT][N_DEC];

    /* Row heights: LibreOffice keeps the default height for wrapped text
     * on import, and no spreadsheet grows a row for a merged cell, so the
     * height is estimated from the texts and the column widths. */
    double width[64];             /* current sheet's column widths */
    double row_height;            /* tallest wrapped cell of the row */

    const char *act_sheet;        /* sheet names as written in the layout;
                                     act_sheet is set before any sheet
                                     because Estructura refers to it */
    const char *est_sheet;
    size_t n_act;                 /* activity rows */
} xctx;

/* ---- error plumbing ----------------------------------------------------- */

static void fail(xctx *x, const lxw_worksheet *ws, lxw_row_t row,
                 lxw_col_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Records the first error with the sheet and cell it concerns. */
static void fail(xctx *x, const lxw_worksheet *ws, lxw_row_t row,
                 lxw_col_t col, const char *fmt, ...)
{
    if (x->failed)
        return;
    x->failed = true;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (ws == NULL) {
        diag_add(x->d, "xlsx", x->out_path, 0, NULL, "%s", what);
        return;
    }
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(cell, row, col);
    diag_add(x->d, "xlsx", x->out_path, 0, NULL, "hoja «%s», celda %s: %s",
             ws->name, cell, what);
}

static void check(xctx *x, lxw_error e, const lxw_worksheet *ws,
                  lxw_row_t row, lxw_col_t col)
{
    if (e != LXW_NO_ERROR)
        fail(x, ws, row, col, "%s", lxw_strerror(e));
}

/* A layout getter returned -1: it already reported file:line. */
static void layout_failed(xctx *x, int rc)
{
    if (rc < 0)
        x->failed = true;
}

/* Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
static bool utf8_valid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u != 0) {
        unsigned c = *u;
        int extra;
        unsigned min;
        if (c < 0x80) {
            u++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        u++;
        for (int i = 0; i < extra; i++, u++) {
            if ((*u & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (*u & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
    }
    return true;
}

/* NULL for absent or empty strings: libxlsxwriter 1.1.4 mishandles "". */
static const char *nonempty(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* ---- cell writers (no-ops once failed) ---------------------------------- */

/* Lines a text needs when wrapped at spaces into `cap` characters. */
static int text_lines(const char *s, double cap)
{
    int lines = 1;
    double col = 0;
    while (*s != '\0') {
        double chars = 0;
        for (; *s != '\0' && *s != ' '; s++)
            if ((*s & 0xC0) != 0x80)   /* count characters, not bytes */
                chars++;
        if (col > 0 && col + 1 + chars > cap) {
            lines++;
            col = chars;
        } else {
            col += (col > 0) + chars;
        }
        for (; col > cap; col -= cap)   /* a word longer than the line */
            lines++;
        while (*s == ' ')
            s++;
    }
    return lines;
}

/*
 * Notes the height a wrapped text needs in columns c0..c1. Column widths
 * are in widths of "0" of the default font (7 px); an average character of
 * the cell's font is taken as 0.40 em and a line as 1.25 em (measured on
 * the programme's Spanish text in Arial in LibreOffice: 0.37 em; the margin
 * is for renderers with wider metrics, so a last line is never clipped).
 */
static void note_lines(xctx *x, lxw_col_t c0, lxw_col_t c1, const char *s,
                       int style)
{
    if (!x->st_wrap[style] || s == NULL || c1 >= sizeof x->width / sizeof x->width[0])
        return;
    double width = 0;
    for (lxw_col_t c = c0; c <= c1; c++)
        width += x->width[c];
    double size = x->st_size[style];
    double cap = width * 7.0 / (size * 96.0 / 72.0 * 0.40);
    double h = text_lines(s, cap > 1 ? cap : 1) * size * 1.25 + 3.0;
    if (h > x->row_height)
        x->row_height = h;
}

/* Gives row r the height its wrapped texts need (default when one line). */
static void finish_row(xctx *x, lxw_worksheet *ws, lxw_row_t r)
{
    if (!x->failed && x->row_height > LXW_DEF_ROW_HEIGHT)
        check(x, worksheet_set_row(ws, r, x->row_height, NULL), ws, r, 0);
    x->row_height = 0;
}

static void put_text(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     const char *s, int style)
{
    if (x->failed)
        return;
    lxw_format *f = x->st[style];
    note_lines(x, c, c, s, style);
    if (nonempty(s) == NULL) {
        check(x, worksheet_write_blank(ws, r, c, f), ws, r, c);
    } else if (!utf8_valid(s)) {
        fail(x, ws, r, c, "el texto no es UTF-8 válido");
    } else {
        check(x, worksheet_write_string(ws, r, c, s, f), ws, r, c);
    }
}

/* Decimals needed to show v exactly (0 … PAA_DEC_DIGITS). */
static int dec_places(paa_dec v)
{
    int64_t frac = v % PAA_DEC_SCALE;
    if (frac == 0)
        return 0;
    if (frac < 0)
        frac = -frac;
    int n = PAA_DEC_DIGITS;
    while (frac % 10 == 0) {
        frac /= 10;
        n--;
    }
    return n;
}

/* A quantity, or a blank cell when it is unknown (never 0). */
static void put_qty(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    bool present, paa_dec v, int kind)
{
    if (x->failed)
        return;
    if (!present)
        check(x, worksheet_write_blank(ws, r, c, x->num[kind][0]), ws, r, c);
    else
        check(x, worksheet_write_number(ws, r, c, paa_dec_to_double(v),
                                        x->num[kind][dec_places(v)]),
              ws, r, c);
}

static void put_int(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    double v, int kind)
{
    if (!x->failed)
        check(x, worksheet_write_number(ws, r, c, v, x->num[kind][0]), ws, r, c);
}

/* A formula with its cached value, for viewers that do not recalculate. */
static void put_formula(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                        const char *formula, lxw_format *f, double cached)
{
    if (!x->failed)
        check(x, worksheet_write_formula_num(ws, r, c, formula, f, cached),
              ws, r, c);
}

static void put_formula_str(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                            lxw_col_t c, const char *formula, lxw_format *f,
                            const char *cached)
{
    if (!x->failed)
        check(x, worksheet_write_formula_str(ws, r, c, formula, f, cached),
              ws, r, c);
}

/* Writes s across columns c0..c1 of row r, merged when it spans. */
static void put_merged(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
                       lxw_col_t c1, const char *s, int style)
{
    if (x->failed)
        return;
    lxw_format *f = x->st[style];
    if (c0 == c1 || nonempty(s) == NULL) {
        /* merge_range needs a non-empty string; blanks keep the fill. */
        put_text(x, ws, r, c0, s, style);
        for (lxw_col_t c = c0 + 1; c <= c1; c++)
            put_text(x, ws, r, c, NULL, style);
        return;
    }
    note_lines(x, c0, c1, s, style);
    if (!utf8_valid(s)) {
        fail(x, ws, r, c0, "el texto no es UTF-8 válido");
    } else {
        check(x, worksheet_merge_range(ws, r, c0, r, c1, s, f), ws, r, c0);
    }
}

/* printf into buf; a truncated formula would be wrong, so it is an error. */
static bool fmt_buf(xctx *x, char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool fmt_buf(xctx *x, char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap) {
        fail(x, NULL, 0, 0, "texto interno demasiado largo (%d caracteres)", n);
        return false;
    }
    return true;
}

/* 'Sheet name' quoted for formulas ('' doubles an apostrophe): 31
 * characters of up to 4 bytes, each possibly doubled, plus the quotes. */
#define SHEET_REF_MAX (31 * 4 * 2 + 3)
static bool sheet_ref(xctx *x, const char *name, char *buf, size_t cap)
{
    size_t o = 0;
    buf[o++] = '\'';
    for (const char *s = name; *s != '\0'; s++) {
        size_t need = (*s == '\'') ? 2 : 1;
        if (o + need + 2 > cap) {
            fail(x, NULL, 0, 0, "nombre de hoja demasiado largo: %s", name);
            return false;
        }
        if (*s == '\'')
            buf[o++] = '\'';
        buf[o++] = *s;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return true;
}

/* ---- formats from the layout -------------------------------------------- */

static lxw_color_t to_lxw_color(layout_rgb c)
{
    unsigned r = (unsigned)(c.r * 255.0 + 0.5);
    unsigned g = (unsigned)(c.g * 255.0 + 0.5);
    unsigned b = (unsigned)(c.b * 255.0 + 0.5);
    lxw_color_t v = (lxw_color_t)((r << 16) | (g << 8) | b);
    /* libxlsxwriter reads 0 as "no colour"; black has its own constant. */
    return v == 0 ? LXW_COLOR_BLACK : v;
}

/* Maps attribute `attr` of n through a word list; 1 when absent. */
static int layout_choice(xctx *x, const layout_node *n, const char *attr,
                         const char *const words[], const uint8_t values[],
                         size_t count, uint8_t *out)
{
    const char *s = layout_attr(n, attr);
    if (s == NULL)
        return 1;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(s, words[i]) == 0) {
            *out = values[i];
            return 0;
        }
    }
    layout_error(x->lay, n, x->d, "valor no admitido %s=\"%s\" en <%s>", attr,
                 s, layout_name(n));
    x->failed = true;
    return -1;
}

static void apply_colors(xctx *x, lxw_format *f, const layout_node *n)
{
    layout_rgb c;
    int rc = layout_color(x->lay, n, "color", &c, x->d);
    if (rc == 0)
        format_set_font_color(f, to_lxw_color(c));
    layout_failed(x, rc);
    rc = layout_color(x->lay, n, "relleno", &c, x->d);
    if (rc == 0)
        format_set_bg_color(f, to_lxw_color(c));
    layout_failed(x, rc);
    rc = layout_color(x->lay, n, "color-borde", &c, x->d);
    if (rc == 0)
        format_set_border_color(f, to_lxw_color(c));
    layout_failed(x, rc);
}

/* Returns whether the style wraps text. */
static bool apply_alignment(xctx *x, lxw_format *f, const layout_node *n)
{
    static const char *const borders[] = {"ninguno", "fino", "medio", "grueso"};
    static const uint8_t border_v[] = {LXW_BORDER_NONE, LXW_BORDER_THIN,
                                       LXW_BORDER_MEDIUM, LXW_BORDER_THICK};
    static const char *const halign[] = {"izquierda", "centro", "derecha"};
    static const uint8_t halign_v[] = {LXW_ALIGN_LEFT, LXW_ALIGN_CENTER,
                                       LXW_ALIGN_RIGHT};
    static const char *const valign[] = {"arriba", "centro", "abajo"};
    static const uint8_t valign_v[] = {LXW_ALIGN_VERTICAL_TOP,
                                       LXW_ALIGN_VERTICAL_CENTER,
                                       LXW_ALIGN_VERTICAL_BOTTOM};
    uint8_t v;
    if (layout_choice(x, n, "borde", borders, border_v, 4, &v) == 0)
        format_set_border(f, v);
    if (layout_choice(x, n, "alinear", halign, halign_v, 3, &v) == 0)
        format_set_align(f, v);
    if (layout_choice(x, n, "alinear-vertical", valign, valign_v, 3, &v) == 0)
        format_set_align(f, v);
    bool wrap = false;
    int rc = layout_bool(x->lay, n, "ajustar", &wrap, x->d);
    if (rc == 0 && wrap)
        format_set_text_wrap(f);
    layout_failed(x, rc);
    return rc == 0 && wrap;
}

/* Returns the style's font size (the sheet's when it sets none). */
static double apply_font(xctx *x, lxw_format *f, const layout_node *n)
{
    const char *font = layout_attr(n, "fuente");
    if (nonempty(font) != NULL)
        format_set_font_name(f, font);
    double size = x->font_size;
    int rc = layout_number(x->lay, n, "tamano", &size, x->d);
    if (rc == 0)
        format_set_font_size(f, size);
    layout_failed(x, rc);
    bool on;
    rc = layout_bool(x->lay, n, "negritas", &on, x->d);
    if (rc == 0 && on)
        format_set_bold(f);
    layout_failed(x, rc);
    rc = layout_bool(x->lay, n, "cursiva", &on, x->d);
    if (rc == 0 && on)
        format_set_italic(f);
    layout_failed(x, rc);
    return size;
}

/* A format of style `style` with number format for `dec` decimals (-1:
 * none). Conditional-format styles only take colours and font weight. */
static lxw_format *make_format(xctx *x, int style, int dec)
{
    const layout_node *n = layout_require(x->lay, "estilo", style_ids[style], x->d);
    if (n == NULL) {
        x->failed = true;
        return NULL;
    }
    lxw_format *f = workbook_add_format(x->wb);
    if (f == NULL) {
        fail(x, NULL, 0, 0, "memoria insuficiente para los formatos");
        return NULL;
    }
    bool conditional = style == ST_DIFERENCIA || style == ST_FALTANTE;
    if (!conditional) {
        format_set_font_name(f, x->font_name);
        format_set_font_size(f, x->font_size);
        x->st_wrap[style] = apply_alignment(x, f, n);
    }
    x->st_size[style] = apply_font(x, f, n);
    apply_colors(x, f, n);
    if (dec >= 0)
        format_set_num_format(f, x->numfmt[dec]);
    return f;
}

static void load_number_formats(xctx *x)
{
    const layout_node *nums = layout_require(x->lay, "numeros", NULL, x->d);
    if (nums == NULL) {
        x->failed = true;
        return;
    }
    for (const layout_node *n = layout_child(nums, "numero", NULL); n != NULL;
         n = layout_child(nums, "numero", n)) {
        double dec;
        int rc = layout_number(x->lay, n, "decimales", &dec, x->d);
        const char *code = layout_attr(n, "formato");
        if (rc != 0 || dec < 0 || dec > PAA_DEC_DIGITS || (int)dec != dec ||
            nonempty(code) == NULL || !utf8_valid(code)) {
            if (rc >= 0)
                layout_error(x->lay, n, x->d,
                             "<numero> necesita decimales=\"0\" … \"%d\" y un formato",
                             PAA_DEC_DIGITS);
            x->failed = true;
            continue;
        }
        x->numfmt[(int)dec] = code;
    }
    for (int i = 0; i < N_DEC; i++) {
        if (x->numfmt[i] == NULL && !x->failed) {
            layout_error(x->lay, nums, x->d,
                         "falta <numero decimales=\"%d\"> en <numeros>", i);
            x->failed = true;
        }
    }
}

static void load_formats(xctx *x)
{
    const layout_node *font = layout_require(x->lay, "fuente", NULL, x->d);
    if (font == NULL) {
        x->failed = true;
        return;
    }
    x->font_name = layout_attr(font, "nombre");
    int rc = layout_number(x->lay, font, "tamano", &x->font_size, x->d);
    if (rc != 0 || nonempty(x->font_name) == NULL || !utf8_valid(x->font_name)) {
        if (rc >= 0)
            layout_error(x->lay, font, x->d,
                         "<fuente> necesita nombre y tamano válidos");
        x->failed = true;
        return;
    }
    load_number_formats(x);
    for (int s = 0; s < ST_COUNT && !x->failed; s++)
        x->st[s] = make_format(x, s, -1);
    for (int k = 0; k < NUM_COUNT && !x->failed; k++)
        for (int dec = 0; dec < N_DEC && !x->failed; dec++)
            x->num[k][dec] = make_format(x, num_style[k], dec);
}

/* ---- sheet scaffolding -------------------------------------------------- */

/* The <columna id=…> child of a sheet element; reports when missing. */
static const layout_node *column_node(xctx *x, const layout_node *sheet,
                                      const char *id)
{
    for (const layout_node *c = layout_child(sheet, "columna", NULL); c != NULL;
         c = layout_child(sheet, "columna", c)) {
        const char *cid = layout_attr(c, "id");
        if (cid != NULL && strcmp(cid, id) == 0)
            return c;
    }
    layout_error(x->lay, sheet, x->d, "falta <columna id=\"%s\"> en <%s>", id,
                 layout_name(sheet));
    x->failed = true;
    return NULL;
}

static void set_width(xctx *x, lxw_worksheet *ws, lxw_col_t c,
                      const layout_node *n)
{
    double w;
    int rc = layout_number(x->lay, n, "ancho", &w, x->d);
    layout_failed(x, rc);
    if (rc == 0 && !x->failed) {
        x->width[c] = w;
        check(x, worksheet_set_column(ws, c, c, w, NULL), ws, 0, c);
    }
}

/*
 * Column widths and the header row. ids[c] names the layout column; NULL
 * entries are the twelve months starting at `month0` (-1: no months), which
 * share the width of <meses> and are titled Ene … Dic. Called before any
 * other row of the sheet, whose heights depend on the widths.
 */
static void header_row(xctx *x, lxw_worksheet *ws, const layout_node *sheet,
                       const char *const ids[], int ncols, int month0,
                       lxw_row_t row)
{
    memset(x->width, 0, sizeof x->width);
    const layout_node *meses = NULL;
    if (month0 >= 0) {
        meses = layout_child(sheet, "meses", NULL);
        if (meses == NULL) {
            layout_error(x->lay, sheet, x->d, "falta <meses> en <%s>",
                         layout_name(sheet));
            x->failed = true;
            return;
        }
    }
    for (int c = 0; c < ncols && !x->failed; c++) {
        if (ids[c] == NULL) {
            set_width(x, ws, (lxw_col_t)c, meses);
            put_text(x, ws, row, (lxw_col_t)c, paa_month_abbr[c - month0],
                     ST_ENCABEZADO);
            continue;
        }
        const layout_node *n = column_node(x, sheet, ids[c]);
        if (n == NULL)
            return;
        set_width(x, ws, (lxw_col_t)c, n);
        put_text(x, ws, row, (lxw_col_t)c, layout_attr(n, "titulo"),
                 ST_ENCABEZADO);
    }
    finish_row(x, ws, row);
}

/* Adds a sheet after checking its name, so a bad name gets a clear message. */
static lxw_worksheet *add_sheet(xctx *x, const char *name, const char *file,
                                int line)
{
    if (x->failed)
        return NULL;
    if (nonempty(name) == NULL) {
        diag_add(x->d, "xlsx", file, line, NULL, "falta el nombre de una hoja");
        x->failed = true;
        return NULL;
    }
    lxw_error e = utf8_valid(name) ? workbook_validate_sheet_name(x->wb, name)
                                   : LXW_ERROR_PARAMETER_VALIDATION;
    if (e != LXW_NO_ERROR) {
        diag_add(x->d, "xlsx", file, line, NULL,
                 "«%s» no sirve como nombre de hoja: %s", name, lxw_strerror(e));
        x->failed = true;
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws == NULL) {
        fail(x, NULL, 0, 0, "no se pudo crear la hoja «%s»", name);
        return NULL;
    }
    /* libxlsxwriter 1.1.4 leaves names such as "01" unquoted in the print
     * area and print titles it writes ("01!$A$1:$R$9"), which Excel does
     * not accept: a name starting with a digit must be quoted. It keeps an
     * already quoted name as it is, so give it the quoted form (freed by
     * the library with free()). */
    char quoted[SHEET_REF_MAX];
    char *copy = sheet_ref(x, name, quoted, sizeof quoted) ? strdup(quoted) : NULL;
    if (copy == NULL) {
        fail(x, NULL, 0, 0, "memoria insuficiente para la hoja «%s»", name);
        return NULL;
    }
    free(ws->quoted_name);
    ws->quoted_name = copy;
    return ws;
}

/* ---- page setup --------------------------------------------------------- */

/* Appends s to buf (header/footer syntax: a literal & is written &&). */
static bool hf_append(char *buf, size_t cap, size_t *o, const char *s,
                      bool escape)
{
    for (; *s != '\0'; s++) {
        size_t need = (escape && *s == '&') ? 2 : 1;
        if (*o + need >= cap)
            return false;
        if (escape && *s == '&')
            buf[(*o)++] = '&';
        buf[(*o)++] = *s;
    }
    buf[*o] = '\0';
    return true;
}

/* Expands {placeholders} of a header/footer section into Excel codes. */
static bool hf_expand(xctx *x, const layout_node *n, const char *tmpl,
                      const char *hoja, char *buf, size_t cap, size_t *o)
{
    char anio[16];
    snprintf(anio, sizeof anio, "%d", x->p->anio);
    const struct {
        const char *key, *value;
        bool code;   /* an Excel code, not text */
    } vars[] = {
        {"{titulo}", x->p->doc.titulo, false},
        {"{institucion}", x->p->doc.institucion, false},
        {"{siglas}", x->p->doc.siglas, false},
        {"{anio}", anio, false},
        {"{hoja}", hoja, false},
        {"{pagina}", "&P", true},
        {"{paginas}", "&N", true},
    };
    while (*tmpl != '\0') {
        bool matched = false;
        for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !matched; i++) {
            size_t k = strlen(vars[i].key);
            if (strncmp(tmpl, vars[i].key, k) != 0)
                continue;
            const char *v = vars[i].value != NULL ? vars[i].value : "";
            if (!hf_append(buf, cap, o, v, !vars[i].code))
                return false;
            tmpl += k;
            matched = true;
        }
        if (matched)
            continue;
        if (*tmpl == '{') {
            layout_error(x->lay, n, x->d,
                         "marcador desconocido en «%s» de <%s> (se admiten "
                         "{titulo}, {institucion}, {siglas}, {anio}, {hoja}, "
                         "{pagina}, {paginas})",
                         tmpl, layout_name(n));
            x->failed = true;
            return false;
        }
        char one[2] = {*tmpl++, '\0'};
        if (!hf_append(buf, cap, o, one, true))
            return false;
    }
    return true;
}

/*
 * Builds "&L…&C…&R…" from an <encabezado>/<pie> element. Returns false on
 * error; an element with no sections leaves buf empty.
 */
static bool hf_build(xctx *x, const layout_node *n, const char *hoja,
                     char *buf, size_t cap)
{
    static const struct {
        const char *attr, *code;
    } sections[] = {{"izquierda", "&L"}, {"centro", "&C"}, {"derecha", "&R"}};
    double size = 0;
    int rc = layout_number(x->lay, n, "tamano", &size, x->d);
    layout_failed(x, rc);
    char size_code[16] = "";
    if (rc == 0)
        snprintf(size_code, sizeof size_code, "&%d", (int)(size + 0.5));
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < 3 && !x->failed; i++) {
        const char *tmpl = layout_attr(n, sections[i].attr);
        if (nonempty(tmpl) == NULL)
            continue;
        char text[LXW_HEADER_FOOTER_MAX + 1];
        size_t t = 0;
        text[0] = '\0';
        bool ok = hf_expand(x, n, tmpl, hoja, text, sizeof text, &t);
        /* "&8" followed by a digit would read as a larger font size. */
        const char *sep =
            size_code[0] != '\0' && text[0] >= '0' && text[0] <= '9' ? " " : "";
        ok = ok && hf_append(buf, cap, &o, sections[i].code, false) &&
             hf_append(buf, cap, &o, size_code, false) &&
             hf_append(buf, cap, &o, sep, false) &&
             hf_append(buf, cap, &o, text, false) && o <= LXW_HEADER_FOOTER_MAX;
        if (!ok && !x->failed) {
            layout_error(x->lay, n, x->d,
                         "el texto de <%s> pasa de los %d caracteres que Excel "
                         "admite en un encabezado o pie",
                         layout_name(n), LXW_HEADER_FOOTER_MAX);
            x->failed = true;
        }
    }
    return !x->failed;
}

static double inches(double pt)
{
    return pt / 72.0;
}

/*
 * Landscape/fit-to-width printing with the running header and footer.
 * `repeat_row` (the table header) is printed on every page; the print area
 * is rows 0..last_row, columns 0..last_col.
 */
static void page_setup(xctx *x, lxw_worksheet *ws, const char *hoja,
                       lxw_row_t repeat_row, lxw_row_t last_row,
                       lxw_col_t last_col)
{
    if (x->failed)
        return;
    const layout_node *imp = layout_require(x->lay, "impresion", NULL, x->d);
    const layout_node *hdr = imp ? layout_child(imp, "encabezado", NULL) : NULL;
    const layout_node *ftr = imp ? layout_child(imp, "pie", NULL) : NULL;
    if (imp == NULL || hdr == NULL || ftr == NULL) {
        if (imp != NULL)
            layout_error(x->lay, imp, x->d,
                         "<impresion> necesita <encabezado> y <pie>");
        x->failed = true;
        return;
    }
    static const char *const papers[] = {"carta", "oficio", "tabloide", "a4", "a3"};
    static const uint8_t paper_v[] = {1, 5, 3, 9, 8};   /* Excel paper codes */
    static const char *const orient[] = {"horizontal", "vertical"};
    static const uint8_t orient_v[] = {1, 0};
    uint8_t paper = 1, landscape = 1;
    layout_choice(x, imp, "papel", papers, paper_v, 5, &paper);
    layout_choice(x, imp, "orientacion", orient, orient_v, 2, &landscape);
    bool fit = true;
    layout_failed(x, layout_bool(x->lay, imp, "ajustar-ancho", &fit, x->d));

    static const char *const margin_attr[] = {
        "margen-izquierdo", "margen-derecho", "margen-superior",
        "margen-inferior", "margen-encabezado", "margen-pie"};
    /* Excel's defaults, in points, for any margin the layout leaves out. */
    double m[6] = {50.4, 50.4, 54, 54, 21.6, 21.6};
    for (int i = 0; i < 6; i++)
        layout_failed(x, layout_length(x->lay, imp, margin_attr[i], &m[i], x->d));

    char head[512], foot[512];
    if (!hf_build(x, hdr, hoja, head, sizeof head) ||
        !hf_build(x, ftr, hoja, foot, sizeof foot))
        return;
    if (x->failed)
        return;

    worksheet_set_paper(ws, paper);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    if (fit)
        worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, inches(m[0]), inches(m[1]), inches(m[2]),
                          inches(m[3]));
    lxw_header_footer_options ho = {.margin = inches(m[4])};
    lxw_header_footer_options fo = {.margin = inches(m[5])};
    if (head[0] != '\0')
        check(x, worksheet_set_header_opt(ws, head, &ho), ws, 0, 0);
    if (foot[0] != '\0' && !x->failed)
        check(x, worksheet_set_footer_opt(ws, foot, &fo), ws, 0, 0);
    if (!x->failed)
        check(x, worksheet_repeat_rows(ws, repeat_row, repeat_row), ws,
              repeat_row, 0);
    if (!x->failed)
        check(x, worksheet_print_area(ws, 0, 0, last_row, last_col), ws, 0, 0);
}

static void define_name(xctx *x, const char *name, const char *sheet,
                        lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
{
    if (x->failed)
        return;
    char ref[SHEET_REF_MAX], a[LXW_MAX_CELL_NAME_LENGTH];
    char b[LXW_MAX_CELL_NAME_LENGTH], formula[SHEET_REF_MAX + 64];
    lxw_rowcol_to_cell_abs(a, r0, c0, 1, 1);
    lxw_rowcol_to_cell_abs(b, r1, c1, 1, 1);
    if (!sheet_ref(x, sheet, ref, sizeof ref) ||
        !fmt_buf(x, formula, sizeof formula, "=%s!%s:%s", ref, a, b))
        return;
    if (workbook_define_name(x->wb, name, formula) != LXW_NO_ERROR)
        fail(x, NULL, 0, 0, "no se pudo definir el nombre «%s» (%s)", name,
             formula);
}

/* ---- Actividades -------------------------------------------------------- */

static bool all_months(const paa_actividad *a)
{
    return a->meses_present == (1u << PAA_MONTHS) - 1;
}

/* The Revisión formula's value, computed exactly from the model. */
static const char *revision(const paa_actividad *a)
{
    paa_dec sum;
    if (!a->anual_present || !all_months(a))
        return REV_FALTA;
    if (!model_sum_meses(a, &sum) || sum != a->anual)
        return REV_DIFIERE;
    return REV_OK;
}

/* "anual, dic": the quantities the importer rebuilt (empty if none). */
static void reconstructed(const paa_actividad *a, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    if (a->anual_reconstruido)
        o += (size_t)snprintf(buf + o, cap - o, "anual");
    for (int m = 0; m < PAA_MONTHS && o < cap; m++)
        if (a->meses_reconstruidos & (1u << m))
            o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? ", " : "",
                                  paa_month_key[m]);
}

static void activity_row(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                         const paa_subprograma *s, const paa_proyecto *pr,
                         const paa_actividad *a)
{
    put_text(x, ws, r, A_SUB, s->numero, ST_CLAVE);
    put_text(x, ws, r, A_PROY, pr->clave, ST_CLAVE);
    put_text(x, ws, r, A_CLAVE, a->clave, ST_CLAVE);
    put_text(x, ws, r, A_ACT, a->descripcion, ST_TEXTO);
    put_text(x, ws, r, A_UNIDAD, a->unidad, ST_TEXTO);
    put_qty(x, ws, r, A_ANUAL, a->anual_present, a->anual, NUM_NUMERO);
    for (int m = 0; m < PAA_MONTHS; m++)
        put_qty(x, ws, r, (lxw_col_t)(A_ENE + m), a->meses_present & (1u << m),
                a->meses[m], NUM_NUMERO);

    char c_anual[16], c_ene[16], c_dic[16], c_suma[16], f[512];
    lxw_rowcol_to_cell(c_anual, r, A_ANUAL);
    lxw_rowcol_to_cell(c_ene, r, A_ENE);
    lxw_rowcol_to_cell(c_dic, r, A_ENE + PAA_MONTHS - 1);
    lxw_rowcol_to_cell(c_suma, r, A_SUMA);

    paa_dec sum = 0;
    if (!model_sum_meses(a, &sum)) {
        diag_add(x->d, "xlsx", x->p->file, a->line, a->clave,
                 "la suma de los meses se desborda");
        x->failed = true;
        return;
    }
    if (fmt_buf(x, f, sizeof f, "=SUM(%s:%s)", c_ene, c_dic))
        put_formula(x, ws, r, A_SUMA, f, x->num[NUM_FORMULA][dec_places(sum)],
                    paa_dec_to_double(sum));
    /* Live check: blanks are unknown quantities; ROUND absorbs the binary
     * noise of adding decimals such as 0.08 in floating point. */
    if (fmt_buf(x, f, sizeof f,
                "=IF(COUNTBLANK(%s:%s)>0,\"" REV_FALTA "\","
                "IF(ROUND(%s-%s,4)<>0,\"" REV_DIFIERE "\",\"" REV_OK "\"))",
                c_anual, c_dic, c_anual, c_suma))
        put_formula_str(x, ws, r, A_REVISION, f, x->st[ST_FORMULA_TEXTO],
                        revision(a));
    put_text(x, ws, r, A_BENEF, a->benef_tipo, ST_TEXTO);
    put_text(x, ws, r, A_BENEF_CANT, a->benef_cantidad, ST_CLAVE);
    char rec[128];
    reconstructed(a, rec, sizeof rec);
    put_text(x, ws, r, A_RECONS, rec, ST_TEXTO);
    finish_row(x, ws, r);
}

/* Row highlighting that follows edits: missing quantities, then annual ≠
 * sum of months. */
static void activity_highlights(xctx *x, lxw_worksheet *ws, lxw_row_t last)
{
    char c_anual[16], c_dic[16], c_suma[16], f1[128], f2[160];
    lxw_rowcol_to_cell_abs(c_anual, 1, A_ANUAL, 0, 1);
    lxw_rowcol_to_cell_abs(c_dic, 1, A_ENE + PAA_MONTHS - 1, 0, 1);
    lxw_rowcol_to_cell_abs(c_suma, 1, A_SUMA, 0, 1);
    if (!fmt_buf(x, f1, sizeof f1, "=COUNTBLANK(%s:%s)>0", c_anual, c_dic) ||
        !fmt_buf(x, f2, sizeof f2, "=AND(COUNTBLANK(%s:%s)=0,ROUND(%s-%s,4)<>0)",
                 c_anual, c_dic, c_anual, c_suma))
        return;
    lxw_conditional_format falta = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                    .value_string = f1,
                                    .format = x->st[ST_FALTANTE]};
    lxw_conditional_format difiere = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                      .value_string = f2,
                                      .format = x->st[ST_DIFERENCIA]};
    if (!x->failed)
        check(x, worksheet_conditional_format_range(ws, 1, 0, last, A_NCOLS - 1,
                                                    &falta),
              ws, 1, 0);
    if (!x->failed)
        check(x, worksheet_conditional_format_range(ws, 1, 0, last, A_NCOLS - 1,
                                                    &difiere),
              ws, 1, 0);
}

static void sheet_actividades(xctx *x)
{
    const layout_node *sheet = layout_require(x->lay, "actividades", NULL, x->d);
    if (sheet == NULL) {
        x->failed = true;
        return;
    }
    lxw_worksheet *ws = add_sheet(x, x->act_sheet, layout_file(x->lay),
                                  layout_line(sheet));
    if (ws == NULL)
        return;
    header_row(x, ws, sheet, act_cols, A_NCOLS, A_ENE, 0);

    lxw_row_t r = 1;
    for (size_t i = 0; i < x->p->n_subprogramas; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            for (size_t k = 0; k < pr->n_actividades && !x->failed; k++)
                activity_row(x, ws, r++, s, pr, &pr->actividades[k]);
        }
    }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(ws, 1, A_ACT);
    if (!x->failed)
        check(x, worksheet_autofilter(ws, 0, 0, last, A_NCOLS - 1), ws, 0, 0);
    if (x->n_act > 0)
        activity_highlights(x, ws, last);
    page_setup(x, ws, x->act_sheet, 0, last, A_NCOLS - 1);
    define_name(x, "TablaActividades", x->act_sheet, 0, 0, last, A_NCOLS - 1);
}

/* ---- Estructura --------------------------------------------------------- */

/* Distinct proyecto claves among the activities of subprograma `num`,
 * counted like the sheet's formula does (over numero/clave texts). */
static size_t distinct_proyectos(const paa_programa *p, const char *num)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        if (strcmp(s->numero, num) != 0)
            continue;
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            if (pr->n_actividades == 0)
                continue;
            bool seen = false;
            for (size_t i2 = 0; i2 <= i && !seen; i2++) {
                const paa_subprograma *s2 = &p->subprogramas[i2];
                if (strcmp(s2->numero, num) != 0)
                    continue;
                size_t lim = i2 == i ? j : s2->n_proyectos;
                for (size_t j2 = 0; j2 < lim && !seen; j2++)
                    seen = s2->proyectos[j2].n_actividades > 0 &&
                           strcmp(s2->proyectos[j2].clave, pr->clave) == 0;
            }
            n += !seen;
        }
    }
    return n;
}

static size_t count_actividades(const paa_programa *p, const char *num)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        if (strcmp(p->subprogramas[i].numero, num) == 0)
            n += model_subprograma_actividades(&p->subprogramas[i]);
    return n;
}

static void estructura_counts(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                              const paa_subprograma *s)
{
    char ref[SHEET_REF_MAX], sub[SHEET_REF_MAX + 32], proy[SHEET_REF_MAX + 32];
    char key[16], f[8 * SHEET_REF_MAX];
    char a0[16], a1[16], b0[16], b1[16];
    lxw_row_t last = (lxw_row_t)x->n_act;
    lxw_rowcol_to_cell_abs(a0, 1, A_SUB, 1, 1);
    lxw_rowcol_to_cell_abs(a1, last, A_SUB, 1, 1);
    lxw_rowcol_to_cell_abs(b0, 1, A_PROY, 1, 1);
    lxw_rowcol_to_cell_abs(b1, last, A_PROY, 1, 1);
    lxw_rowcol_to_cell_abs(key, r, E_NUM, 0, 1);
    if (!sheet_ref(x, x->act_sheet, ref, sizeof ref) ||
        !fmt_buf(x, sub, sizeof sub, "%s!%s:%s", ref, a0, a1) ||
        !fmt_buf(x, proy, sizeof proy, "%s!%s:%s", ref, b0, b1))
        return;
    /* Exact text comparison (=) rather than COUNTIF, which reads "01" as
     * the number 1; distinct proyectos are counted as the sum of
     * 1/occurrences of each (subprograma, proyecto) pair. */
    if (fmt_buf(x, f, sizeof f,
                "=SUMPRODUCT((%s=%s)/COUNTIFS(%s,%s,%s,%s))", sub, key, sub,
                sub, proy, proy))
        put_formula(x, ws, r, E_PROY, f, x->num[NUM_FORMULA][0],
                    (double)distinct_proyectos(x->p, s->numero));
    if (fmt_buf(x, f, sizeof f, "=SUMPRODUCT(--(%s=%s))", sub, key))
        put_formula(x, ws, r, E_ACT, f, x->num[NUM_FORMULA][0],
                    (double)count_actividades(x->p, s->numero));
}

static void estructura_totals(xctx *x, lxw_worksheet *ws, lxw_row_t first,
                              lxw_row_t r, double proy, double act)
{
    put_merged(x, ws, r, E_NUM, E_DESC, "Total", ST_TOTAL);
    char c0[16], c1[16], f[64];
    const int cols[2] = {E_PROY, E_ACT};
    const double cached[2] = {proy, act};
    for (int i = 0; i < 2; i++) {
        lxw_rowcol_to_cell(c0, first, (lxw_col_t)cols[i]);
        lxw_rowcol_to_cell(c1, r - 1, (lxw_col_t)cols[i]);
        if (fmt_buf(x, f, sizeof f, "=SUM(%s:%s)", c0, c1))
            put_formula(x, ws, r, (lxw_col_t)cols[i], f, x->num[NUM_TOTAL][0],
                        cached[i]);
    }
    put_int(x, ws, r, E_PROY_DECL, x->p->decl_proyectos, NUM_TOTAL);
    put_int(x, ws, r, E_ACT_DECL, x->p->decl_actividades, NUM_TOTAL);
}

static void estructura_highlight(xctx *x, lxw_worksheet *ws, lxw_row_t first,
                                 lxw_row_t last)
{
    char c[16], decl[16], f[64];
    lxw_rowcol_to_cell(c, first, E_PROY);
    lxw_rowcol_to_cell(decl, first, E_PROY_DECL);
    if (!fmt_buf(x, f, sizeof f, "=%s<>%s", c, decl))
        return;
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                 .value_string = f,
                                 .format = x->st[ST_DIFERENCIA]};
    if (!x->failed)
        check(x, worksheet_conditional_format_range(ws, first, E_PROY, last,
                                                    E_ACT, &cf),
              ws, first, E_PROY);
}

static void sheet_estructura(xctx *x)
{
    const layout_node *sheet = layout_require(x->lay, "estructura", NULL, x->d);
    if (sheet == NULL) {
        x->failed = true;
        return;
    }
    x->est_sheet = layout_attr(sheet, "nombre");
    lxw_worksheet *ws = add_sheet(x, x->est_sheet, layout_file(x->lay),
                                  layout_line(sheet));
    if (ws == NULL)
        return;
    const paa_programa *p = x->p;
    header_row(x, ws, sheet, est_cols, E_NCOLS, -1, E_ROW_HEAD);
    const struct {
        lxw_row_t row;
        const char *text;
        int style;
    } heading[] = {
        {E_ROW_TITULO, p->doc.titulo, ST_TITULO},
        {E_ROW_INST, p->doc.institucion, ST_SUBTITULO},
        {E_ROW_SUBT, layout_attr(sheet, "titulo"), ST_SUBTITULO},
        {E_ROW_NOTA, layout_attr(sheet, "nota"), ST_NOTA},
    };
    for (size_t i = 0; i < sizeof heading / sizeof heading[0]; i++) {
        put_merged(x, ws, heading[i].row, 0, E_NCOLS - 1, heading[i].text,
                   heading[i].style);
        finish_row(x, ws, heading[i].row);
    }

    lxw_row_t first = E_ROW_HEAD + 1, r = first;
    double proy = 0, act = 0;
    for (size_t i = 0; i < p->n_subprogramas && !x->failed; i++, r++) {
        const paa_subprograma *s = &p->subprogramas[i];
        put_text(x, ws, r, E_NUM, s->numero, ST_CLAVE);
        put_text(x, ws, r, E_AREA, s->area, ST_TEXTO);
        put_text(x, ws, r, E_DESC, s->descripcion, ST_TEXTO);
        if (x->n_act > 0) {
            estructura_counts(x, ws, r, s);
        } else {
            /* No activity rows to count over: the counts are plain zeros. */
            put_int(x, ws, r, E_PROY, 0, NUM_NUMERO);
            put_int(x, ws, r, E_ACT, 0, NUM_NUMERO);
        }
        proy += (double)distinct_proyectos(p, s->numero);
        act += (double)count_actividades(p, s->numero);
        put_int(x, ws, r, E_PROY_DECL, s->decl_proyectos, NUM_NUMERO);
        put_int(x, ws, r, E_ACT_DECL, s->decl_actividades, NUM_NUMERO);
        finish_row(x, ws, r);
    }
    estructura_totals(x, ws, first, r, proy, act);
    estructura_highlight(x, ws, first, r);
    worksheet_freeze_panes(ws, E_ROW_HEAD + 1, 0);
    page_setup(x, ws, x->est_sheet, E_ROW_HEAD, r, E_NCOLS - 1);
    define_name(x, "TablaEstructura", x->est_sheet, E_ROW_HEAD, 0, r,
                E_NCOLS - 1);
}

/* ---- calendar sheets ---------------------------------------------------- */

/* Expands {numero}, {titulo}, {area} of a calendar heading template. */
static void cal_heading(xctx *x, const layout_node *n, const char *attr,
                        const paa_subprograma *s, char *buf, size_t cap)
{
    const char *tmpl = layout_attr(n, attr);
    const struct {
        const char *key, *value;
    } vars[] = {
        {"{numero}", s->numero},
        {"{titulo}", s->titulo != NULL ? s->titulo : s->descripcion},
        {"{area}", s->area},
    };
    size_t o = 0;
    buf[0] = '\0';
    while (tmpl != NULL && *tmpl != '\0' && !x->failed) {
        const char *piece = NULL;
        size_t len = 1;
        for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
            size_t k = strlen(vars[i].key);
            if (strncmp(tmpl, vars[i].key, k) == 0) {
                piece = vars[i].value != NULL ? vars[i].value : "";
                len = k;
            }
        }
        if (piece == NULL && *tmpl == '{') {
            layout_error(x->lay, n, x->d,
                         "marcador desconocido en %s=\"%s\" (se admiten "
                         "{numero}, {titulo}, {area})",
                         attr, layout_attr(n, attr));
            x->failed = true;
            return;
        }
        size_t plen = piece != NULL ? strlen(piece) : 1;
        if (o + plen >= cap) {
            fail(x, NULL, 0, 0, "el título del subprograma %s es demasiado largo",
                 s->numero);
            return;
        }
        memcpy(buf + o, piece != NULL ? piece : tmpl, plen);
        o += plen;
        buf[o] = '\0';
        tmpl += len;
    }
}

static void calendar_row(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                         const paa_actividad *a)
{
    put_text(x, ws, r, C_CLAVE, a->clave, ST_CLAVE);
    put_text(x, ws, r, C_ACT, a->descripcion, ST_TEXTO);
    put_text(x, ws, r, C_UNIDAD, a->unidad, ST_TEXTO);
    put_qty(x, ws, r, C_ANUAL, a->anual_present, a->anual, NUM_NUMERO);
    for (int m = 0; m < PAA_MONTHS; m++)
        put_qty(x, ws, r, (lxw_col_t)(C_ENE + m), a->meses_present & (1u << m),
                a->meses[m], NUM_NUMERO);
    put_text(x, ws, r, C_BENEF, a->benef_tipo, ST_TEXTO);
    put_text(x, ws, r, C_BENEF_CANT, a->benef_cantidad, ST_CLAVE);
    finish_row(x, ws, r);
}

static void sheet_calendario(xctx *x, const layout_node *sheet,
                             const paa_subprograma *s)
{
    lxw_worksheet *ws = add_sheet(x, s->numero, x->p->file, s->line);
    if (ws == NULL)
        return;
    header_row(x, ws, sheet, cal_cols, C_NCOLS, C_ENE, C_ROW_HEAD);
    char text[2048], hoja[64];
    cal_heading(x, sheet, "titulo", s, text, sizeof text);
    put_merged(x, ws, C_ROW_TITULO, 0, C_NCOLS - 1, text, ST_TITULO);
    finish_row(x, ws, C_ROW_TITULO);
    cal_heading(x, sheet, "area", s, text, sizeof text);
    put_merged(x, ws, C_ROW_AREA, 0, C_NCOLS - 1, text, ST_SUBTITULO);
    finish_row(x, ws, C_ROW_AREA);

    lxw_row_t r = C_ROW_HEAD + 1;
    for (size_t j = 0; j < s->n_proyectos && !x->failed; j++) {
        const paa_proyecto *pr = &s->proyectos[j];
        put_text(x, ws, r, C_CLAVE, pr->clave, ST_PROYECTO);
        put_merged(x, ws, r, C_ACT, C_NCOLS - 1, pr->nombre, ST_PROYECTO);
        finish_row(x, ws, r++);
        for (size_t k = 0; k < pr->n_actividades && !x->failed; k++)
            calendar_row(x, ws, r++, &pr->actividades[k]);
    }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(ws, C_ROW_HEAD + 1, 0);
    snprintf(hoja, sizeof hoja, "Subprograma %s", s->numero);
    page_setup(x, ws, hoja, C_ROW_HEAD, last, C_NCOLS - 1);
    char name[64];
    if (fmt_buf(x, name, sizeof name, "Calendario_%s", s->numero))
        define_name(x, name, s->numero, C_ROW_HEAD, 0, last, C_NCOLS - 1);
}

/* ---- workbook ----------------------------------------------------------- */

static void set_properties(xctx *x)
{
    const layout_node *n = layout_require(x->lay, "propiedades", NULL, x->d);
    if (n == NULL) {
        x->failed = true;
        return;
    }
    const paa_documento *doc = &x->p->doc;
    const char *fields[] = {doc->titulo, doc->institucion,
                            layout_attr(n, "asunto"), layout_attr(n, "categoria"),
                            layout_attr(n, "palabras-clave"),
                            layout_attr(n, "comentarios")};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i] != NULL && !utf8_valid(fields[i])) {
            fail(x, NULL, 0, 0, "una propiedad del libro no es UTF-8 válido");
            return;
        }
    }
    /* libxlsxwriter copies the strings; its struct just lacks const. */
    lxw_doc_properties props = {
        .title = (char *)nonempty(doc->titulo),
        .author = (char *)nonempty(doc->institucion),
        .company = (char *)nonempty(doc->institucion),
        .subject = (char *)nonempty(fields[2]),
        .category = (char *)nonempty(fields[3]),
        .keywords = (char *)nonempty(fields[4]),
        .comments = (char *)nonempty(fields[5]),
        .created = x->created,
    };
    check(x, workbook_set_properties(x->wb, &props), NULL, 0, 0);
}

/* Builds every sheet; on return x->failed says whether the workbook is
 * complete. Estructura comes first but its formulas point at Actividades,
 * whose name and row count are therefore known beforehand. */
static void build(xctx *x)
{
    set_properties(x);
    load_formats(x);
    sheet_estructura(x);
    sheet_actividades(x);
    const layout_node *cal = layout_require(x->lay, "calendario", NULL, x->d);
    if (cal == NULL)
        x->failed = true;
    for (size_t i = 0; i < x->p->n_subprogramas && !x->failed; i++)
        sheet_calendario(x, cal, &x->p->subprogramas[i]);
}

int render_xlsx(const paa_programa *p, const layout *lay, long long epoch,
                const char *out_path, diag_list *d)
{
    xctx x = {.p = p, .lay = lay, .d = d, .out_path = out_path};
    /* libxlsxwriter replaces a zero creation time by the clock, which
     * would make equal inputs give different bytes: use one second later. */
    x.created = epoch != 0 ? (time_t)epoch : 1;
    x.n_act = model_count_actividades(p);
    const layout_node *act = layout_require(lay, "actividades", NULL, d);
    if (act == NULL)
        return -1;
    x.act_sheet = layout_attr(act, "nombre");
    if (nonempty(x.act_sheet) == NULL) {
        layout_error(lay, act, d, "<actividades> necesita nombre");
        return -1;
    }

    outfile o;
    if (outfile_open(&o, out_path, 0, d) != 0)
        return -1;
    x.wb = workbook_new(o.tmp);
    if (x.wb == NULL) {
        diag_add(d, "xlsx", out_path, 0, NULL,
                 "no se pudo iniciar el libro (memoria insuficiente)");
        outfile_abort(&o);
        return -1;
    }
    build(&x);
    if (x.failed) {
        /* Discard without writing: closing would package a partial book. */
        lxw_workbook_free(x.wb);
        outfile_abort(&o);
        return -1;
    }
    lxw_error e = workbook_close(x.wb);
    if (e != LXW_NO_ERROR) {
        diag_add(d, "xlsx", out_path, 0, NULL, "no se pudo escribir el libro: %s",
                 lxw_strerror(e));
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, d);
}
