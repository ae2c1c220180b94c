/* xlsxutil: shared libxlsxwriter plumbing. See xlsxutil.h. */
#include "xlsx/libro.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------- */

const char *xlsxutil_strerror(lxw_error e)
{
    switch (e) {
    case LXW_NO_ERROR:
        return "sin error";
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return "memoria insuficiente";
    case LXW_ERROR_CREATING_XLSX_FILE:
        return "no se pudo crear el archivo";
    case LXW_ERROR_CREATING_TMPFILE:
        return "no se pudo crear un archivo temporal";
    case LXW_ERROR_READING_TMPFILE:
        return "no se pudo leer un archivo temporal";
    case LXW_ERROR_ZIP_FILE_OPERATION:
        return "falló la escritura del paquete zip (¿disco lleno o sin permiso?)";
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
        return "parámetro inválido al escribir el paquete zip";
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
        return "el paquete zip resultó inválido (demasiado grande)";
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
        return "error interno al escribir el paquete zip";
    case LXW_ERROR_ZIP_FILE_ADD:
        return "no se pudo agregar una parte al paquete zip (¿disco lleno?)";
    case LXW_ERROR_ZIP_CLOSE:
        return "no se pudo cerrar el paquete zip (¿disco lleno?)";
    case LXW_ERROR_FEATURE_NOT_SUPPORTED:
        return "la biblioteca de Excel no admite esta función";
    case LXW_ERROR_NULL_PARAMETER_IGNORED:
        return "falta un valor obligatorio";
    case LXW_ERROR_PARAMETER_VALIDATION:
        return "valor no válido";
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
        return "el nombre de hoja pasa de 31 caracteres";
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
        return "el nombre de hoja contiene alguno de [ ] : * ? / \\";
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
        return "el nombre de hoja empieza o termina con apóstrofo";
    case LXW_ERROR_SHEETNAME_ALREADY_USED:
        return "el nombre de hoja ya está en uso";
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
        return "el texto pasa de 32 caracteres";
    case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
        return "el texto pasa de 128 caracteres";
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
        return "el texto pasa de 255 caracteres";
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
        return "el texto pasa de los 32,767 caracteres de una celda";
    case LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND:
        return "error interno en la tabla de textos del libro";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
        return "fila o columna fuera de los límites de Excel";
    case LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED:
        return "el enlace pasa de 2,079 caracteres";
    case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED:
        return "la hoja pasa de 65,530 enlaces";
    case LXW_ERROR_IMAGE_DIMENSIONS:
        return "no se pudieron leer las dimensiones de una imagen";
    case LXW_MAX_ERRNO:
        break;
    }
    return "error desconocido de la biblioteca de Excel";
}

static void vfail(xlsxutil_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
                  lxw_col_t col, const char *fmt, va_list ap)
{
    if (x->failed)
        return;
    x->failed = true;
    char what[512];
    vsnprintf(what, sizeof what, fmt, ap);
    if (ws == NULL) {
        diag_add(x->d, RULE_XLSX, x->out_path, 0, NULL, "%s", what);
        return;
    }
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(cell, row, col);
    diag_add(x->d, RULE_XLSX, x->out_path, 0, NULL, "hoja «%s», celda %s: %s",
             ws->name, cell, what);
}

void xlsxutil_fail(xlsxutil_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
                   lxw_col_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(x, ws, row, col, fmt, ap);
    va_end(ap);
}

bool xlsxutil_check(xlsxutil_ctx *x, lxw_error e, const lxw_worksheet *ws,
                    lxw_row_t row, lxw_col_t col)
{
    if (e != LXW_NO_ERROR)
        xlsxutil_fail(x, ws, row, col, "%s", xlsxutil_strerror(e));
    return e == LXW_NO_ERROR;
}

int xlsxutil_layout_rc(xlsxutil_ctx *x, int rc)
{
    if (rc < 0)
        x->failed = true;
    return rc;
}

int xlsxutil_choice(xlsxutil_ctx *x, const layout_node *n, const char *attr,
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
static bool ttf_parse(const unsigned char *b, size_t len, xlsxutil_metrics *m)
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
static int metrics_read(xlsxutil_ctx *x, const layout_node *n, const char *attr,
                        xlsxutil_metrics *m)
{
    const char *rel = layout_attr(n, attr);
    if (rel == NULL) {
        layout_error(x->lay, n, x->d, "falta el atributo %s (las métricas de la fuente)", attr);
        return -1;
    }
    char *path = layout_resolve(x->lay, rel);
    FILE *fp = path != NULL ? fopen(path, "rb") : NULL;
    unsigned char *buf = NULL;
    long len = -1;
    if (fp != NULL && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len)) != NULL &&
        fread(buf, 1, (size_t)len, fp) != (size_t)len)
        len = -1;
    if (fp != NULL)
        fclose(fp);
    m->adv = malloc(0x10000 * sizeof *m->adv);
    bool ok = buf != NULL && len > 0 && m->adv != NULL &&
              ttf_parse(buf, (size_t)len, m);
    if (!ok)
        layout_error(x->lay, n, x->d, "no se pudieron leer las métricas de la fuente «%s»",
                     path != NULL ? path : rel);
    free(buf);
    free(path);
    return ok ? 0 : -1;
}

int xlsxutil_metrics_load(xlsxutil_ctx *x, const layout_node *n)
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

static void metrics_free(xlsxutil_ctx *x)
{
    for (size_t i = 0; i < 2; i++) {
        free(x->font[i].adv);
        x->font[i].adv = NULL;
    }
}

/* ---- workbook ----------------------------------------------------------- */

/*
 * Column widths are counted in digits of the base ("Normal") font, which
 * libxlsxwriter leaves as Calibri 11. Where Calibri is missing LibreOffice
 * measures with a wider substitute (DejaVu Sans) and prints every sheet a
 * sixth wider, so smaller. The layout's font at 10 pt has the same 7-pixel
 * digit as Calibri 11 in Excel (widths do not change there) and a metric
 * twin everywhere (Liberation Sans for Arial). libxlsxwriter 1.1.4 has no
 * call for it: the base font is that of its first format.
 */
static void base_font(lxw_workbook *wb, const char *font)
{
    lxw_format *base = STAILQ_FIRST(wb->formats);
    if (base != NULL && font != NULL && strlen(font) < LXW_FORMAT_FIELD_LEN) {
        format_set_font_name(base, font);
        format_set_font_size(base, 10);
    }
}

int xlsxutil_begin(xlsxutil_ctx *x, const char *out_path, const char *font,
                   const layout *lay, diag_list *d)
{
    memset(x, 0, sizeof *x);
    x->d = d;
    x->lay = lay;
    x->out_path = out_path;
    if (outfile_open(&x->out, out_path, 0, d) != 0)
        return -1;
    x->wb = workbook_new(x->out.tmp);
    if (x->wb == NULL) {
        diag_add(d, RULE_XLSX, out_path, 0, NULL,
                 "no se pudo iniciar el libro (memoria insuficiente)");
        outfile_abort(&x->out);
        return -1;
    }
    base_font(x->wb, font);
    return 0;
}

int xlsxutil_end(xlsxutil_ctx *x)
{
    if (x->failed) {
        /* Discard without writing: closing would package a partial book. */
        lxw_workbook_free(x->wb);
        x->wb = NULL;
        metrics_free(x);
        outfile_abort(&x->out);
        return -1;
    }
    metrics_free(x);
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (e != LXW_NO_ERROR) {
        /* Everything is valid by now: what fails is writing the file. */
        diag_add(x->d, RULE_IO, x->out_path, 0, NULL,
                 "no se pudo escribir el libro: %s", xlsxutil_strerror(e));
        outfile_abort(&x->out);
        return -1;
    }
    return outfile_commit(&x->out, x->d);
}

/* ---- texts, numbers, colours -------------------------------------------- */

bool xlsxutil_utf8_valid(const char *s)
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

const char *xlsxutil_nonempty(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Characters (code points) of valid UTF-8. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

int xlsxutil_decimals(paa_dec v)
{
    int64_t frac = v % PAA_DEC_SCALE;
    if (frac < 0)
        frac = -frac;
    if (frac == 0)
        return 0;
    int n = PAA_DEC_DIGITS;
    for (; frac % 10 == 0; frac /= 10)
        n--;
    return n;
}

int xlsxutil_numfmts(xlsxutil_ctx *x, const layout_node *numeros,
                     const char *codes[XLSXUTIL_NDEC])
{
    for (int i = 0; i < XLSXUTIL_NDEC; i++)
        codes[i] = NULL;
    for (const layout_node *n = layout_child(numeros, "numero", NULL); n != NULL;
         n = layout_child(numeros, "numero", n)) {
        double dec;
        int rc = layout_number(x->lay, n, "decimales", &dec, x->d);
        const char *code = layout_attr(n, "formato");
        if (rc != 0 || dec < 0 || dec > PAA_DEC_DIGITS || (int)dec != dec ||
            xlsxutil_nonempty(code) == NULL || !xlsxutil_utf8_valid(code)) {
            if (rc >= 0)
                layout_error(x->lay, n, x->d,
                             "<numero> necesita decimales=\"0\" … \"%d\" y un formato",
                             PAA_DEC_DIGITS);
            x->failed = true;
            return -1;
        }
        codes[(int)dec] = code;
    }
    for (int i = 0; i < XLSXUTIL_NDEC; i++) {
        if (codes[i] == NULL) {
            layout_error(x->lay, numeros, x->d,
                         "falta <numero decimales=\"%d\"> en <%s>", i,
                         layout_name(numeros));
            x->failed = true;
            return -1;
        }
    }
    return 0;
}

lxw_color_t xlsxutil_color(layout_rgb c)
{
    unsigned r = (unsigned)(c.r * 255.0 + 0.5);
    unsigned g = (unsigned)(c.g * 255.0 + 0.5);
    unsigned b = (unsigned)(c.b * 255.0 + 0.5);
    lxw_color_t v = (lxw_color_t)((r << 16) | (g << 8) | b);
    return v == 0 ? LXW_COLOR_BLACK : v;
}

int xlsxutil_color_attr(xlsxutil_ctx *x, const layout_node *n,
                        const char *attr, lxw_color_t *out)
{
    layout_rgb c;
    int rc = xlsxutil_layout_rc(x, layout_color(x->lay, n, attr, &c, x->d));
    if (rc == 0)
        *out = xlsxutil_color(c);
    return rc;
}

int xlsxutil_series_fill(xlsxutil_ctx *x, lxw_chart_series *s,
                         const layout_node *n)
{
    /* Coarse patterns: finer ones (5 %, light diagonals) print as a flat
     * grey that cannot be told from a solid fill. */
    static const char *const words[] = {"diagonal", "horizontal", "vertical",
                                        "rejilla", "puntos"};
    static const uint8_t types[] = {
        LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL, LXW_CHART_PATTERN_NARROW_HORIZONTAL,
        LXW_CHART_PATTERN_NARROW_VERTICAL, LXW_CHART_PATTERN_LARGE_GRID,
        LXW_CHART_PATTERN_PERCENT_25};
    lxw_color_t color = 0, back = LXW_COLOR_WHITE;
    uint8_t type = LXW_CHART_PATTERN_NONE;
    int rc = xlsxutil_color_attr(x, n, "color", &color);
    if (rc == 1) {
        layout_error(x->lay, n, x->d, "falta el atributo color en <%s>", layout_name(n));
        x->failed = true;
    }
    int has_type = xlsxutil_choice(x, n, "trama", words, types,
                                   sizeof words / sizeof words[0], &type);
    int has_back = xlsxutil_color_attr(x, n, "fondo", &back);
    if (has_type == 1 && has_back == 0) {
        layout_error(x->lay, n, x->d, "fondo solo se usa con trama en <%s>",
                     layout_name(n));
        x->failed = true;
    }
    if (x->failed)
        return -1;
    if (has_type == 0) {
        lxw_chart_pattern pattern = {.fg_color = color, .bg_color = back, .type = type};
        chart_series_set_pattern(s, &pattern);
    } else {
        lxw_chart_fill fill = {.color = color};
        chart_series_set_fill(s, &fill);
    }
    /* The library keeps a copy, or nothing when out of memory. */
    if (has_type == 0 ? s->pattern == NULL : s->fill == NULL) {
        xlsxutil_fail(x, NULL, 0, 0, "memoria insuficiente para la gráfica");
        return -1;
    }
    return 0;
}

lxw_format *xlsxutil_format(xlsxutil_ctx *x)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (f == NULL)
        xlsxutil_fail(x, NULL, 0, 0, "memoria insuficiente para los formatos");
    return f;
}

static bool fits_format_field(xlsxutil_ctx *x, const char *what, const char *s)
{
    if (strlen(s) < LXW_FORMAT_FIELD_LEN)
        return true;
    xlsxutil_fail(x, NULL, 0, 0, "%s «%s» pasa de los %d bytes que admite la "
                  "biblioteca de Excel", what, s, LXW_FORMAT_FIELD_LEN - 1);
    return false;
}

void xlsxutil_num_format(xlsxutil_ctx *x, lxw_format *f, const char *code)
{
    if (f != NULL && code != NULL && fits_format_field(x, "el formato de número", code))
        format_set_num_format(f, code);
}

void xlsxutil_font_name(xlsxutil_ctx *x, lxw_format *f, const char *name)
{
    if (f != NULL && name != NULL && fits_format_field(x, "el nombre de fuente", name))
        format_set_font_name(f, name);
}

/* ---- formulas ----------------------------------------------------------- */

char *xlsxutil_printf(xlsxutil_ctx *x, const char *fmt, ...)
{
    if (x->failed)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *s = paa_vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        xlsxutil_fail(x, NULL, 0, 0, "memoria insuficiente");
    return s;
}

/* The value of the placeholder at the start of s and its length in *len;
 * NULL when s starts with none of vars. */
static const char *var_at(const char *s, const xlsxutil_var *vars,
                          size_t n_vars, size_t *len)
{
    for (size_t i = 0; i < n_vars; i++) {
        size_t k = strlen(vars[i].key);
        if (strncmp(s, vars[i].key, k) == 0) {
            *len = k;
            return vars[i].value != NULL ? vars[i].value : "";
        }
    }
    return NULL;
}

char *xlsxutil_expand(xlsxutil_ctx *x, const layout_node *n, const char *attr,
                      const xlsxutil_var *vars, size_t n_vars)
{
    const char *tmpl = layout_attr(n, attr);
    char *out = xlsxutil_printf(x, "%s", "");
    for (const char *s = tmpl != NULL ? tmpl : ""; out != NULL && *s != '\0';) {
        size_t len = 1;
        const char *value = var_at(s, vars, n_vars, &len);
        if (value == NULL && *s == '{') {
            char known[512] = "";
            size_t o = 0;
            for (size_t i = 0; i < n_vars && o < sizeof known; i++)
                o += (size_t)snprintf(known + o, sizeof known - o, "%s%s",
                                      i > 0 ? ", " : "", vars[i].key);
            layout_error(x->lay, n, x->d, "marcador desconocido en %s=\"%s\" "
                         "(se admiten %s)", attr, tmpl, known);
            x->failed = true;
            free(out);
            return NULL;
        }
        char *next = xlsxutil_printf(x, "%s%.*s", out,
                                     value != NULL ? (int)strlen(value) : 1,
                                     value != NULL ? value : s);
        free(out);
        out = next;
        s += len;
    }
    return out;
}

char *xlsxutil_sheet_ref(xlsxutil_ctx *x, const char *name)
{
    if (x->failed)
        return NULL;
    size_t quotes = 0;
    for (const char *s = name; *s != '\0'; s++)
        quotes += *s == '\'';
    char *ref = malloc(strlen(name) + quotes + 3);
    if (ref == NULL) {
        xlsxutil_fail(x, NULL, 0, 0, "memoria insuficiente");
        return NULL;
    }
    size_t o = 0;
    ref[o++] = '\'';
    for (const char *s = name; *s != '\0'; s++) {
        if (*s == '\'')
            ref[o++] = '\'';
        ref[o++] = *s;
    }
    ref[o++] = '\'';
    ref[o] = '\0';
    return ref;
}

/* 'Sheet'!A1[:B2] with the quoted sheet (none when sheet is NULL). */
static char *sheet_cells(xlsxutil_ctx *x, const char *sheet, const char *a,
                         const char *b)
{
    char *quoted = sheet != NULL ? xlsxutil_sheet_ref(x, sheet) : NULL;
    if (sheet != NULL && quoted == NULL)
        return NULL;
    char *ref = xlsxutil_printf(x, "%s%s%s%s%s", quoted ? quoted : "",
                                quoted ? "!" : "", a, b ? ":" : "", b ? b : "");
    free(quoted);
    return ref;
}

char *xlsxutil_cell_ref(xlsxutil_ctx *x, const char *sheet, lxw_row_t r,
                        lxw_col_t c)
{
    char a[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(a, r, c, 1, 1);
    return sheet_cells(x, sheet, a, NULL);
}

char *xlsxutil_range_ref(xlsxutil_ctx *x, const char *sheet, lxw_row_t r0,
                         lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
{
    char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(a, r0, c0, 1, 1);
    lxw_rowcol_to_cell_abs(b, r1, c1, 1, 1);
    return sheet_cells(x, sheet, a, b);
}

void xlsxutil_define_name(xlsxutil_ctx *x, const char *name,
                          const char *sheet, lxw_row_t r0, lxw_col_t c0,
                          lxw_row_t r1, lxw_col_t c1)
{
    char *ref = xlsxutil_range_ref(x, sheet, r0, c0, r1, c1);
    char *formula = ref != NULL ? xlsxutil_printf(x, "=%s", ref) : NULL;
    /* libxlsxwriter 1.1.4 keeps both in 128-byte buffers and would cut a
     * longer one, maybe inside a character. */
    if (formula != NULL && (strlen(name) >= LXW_DEFINED_NAME_LENGTH ||
                            strlen(formula) >= LXW_DEFINED_NAME_LENGTH))
        xlsxutil_fail(x, NULL, 0, 0, "el nombre definido «%s» o su referencia "
                      "pasa de los %d bytes que admite la biblioteca de Excel",
                      name, LXW_DEFINED_NAME_LENGTH - 1);
    else if (formula != NULL &&
             workbook_define_name(x->wb, name, formula) != LXW_NO_ERROR)
        xlsxutil_fail(x, NULL, 0, 0, "no se pudo definir el nombre «%s» (%s)",
                      name, formula);
    free(ref);
    free(formula);
}

/* ---- sheets ------------------------------------------------------------- */

lxw_worksheet *xlsxutil_add_sheet(xlsxutil_ctx *x, const char *name,
                                  const char *file, int line)
{
    if (x->failed)
        return NULL;
    if (xlsxutil_nonempty(name) == NULL) {
        diag_add(x->d, RULE_XLSX, file, line, NULL, "falta el nombre de una hoja");
        x->failed = true;
        return NULL;
    }
    lxw_error e = xlsxutil_utf8_valid(name)
                      ? workbook_validate_sheet_name(x->wb, name)
                      : LXW_ERROR_PARAMETER_VALIDATION;
    if (e != LXW_NO_ERROR) {
        diag_add(x->d, RULE_XLSX, file, line, NULL,
                 "«%s» no sirve como nombre de hoja: %s", name,
                 xlsxutil_strerror(e));
        x->failed = true;
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws == NULL) {
        xlsxutil_fail(x, NULL, 0, 0, "no se pudo crear la hoja «%s»", name);
        return NULL;
    }
    /* libxlsxwriter 1.1.4 leaves names such as "01" unquoted in the print
     * area and print titles it writes ("01!$A$1:$R$9"), which Excel does
     * not accept: a name starting with a digit must be quoted. It keeps an
     * already quoted name as it is, so give it the quoted form (the
     * library frees it with free()). */
    char *quoted = xlsxutil_sheet_ref(x, name);
    if (quoted == NULL)
        return NULL;
    free(ws->quoted_name);
    ws->quoted_name = quoted;
    memset(x->width, 0, sizeof x->width);
    x->row_height = 0;
    return ws;
}

void xlsxutil_column(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_col_t c,
                     double width)
{
    if (x->failed)
        return;
    if (c >= XLSXUTIL_MAX_COLS) {
        xlsxutil_fail(x, ws, 0, c, "demasiadas columnas");
        return;
    }
    x->width[c] = width;
    xlsxutil_check(x, worksheet_set_column(ws, c, c, width, NULL), ws, 0, c);
}

/* ---- row heights -------------------------------------------------------- */

/* Decodes the character at *s (valid UTF-8: cells are checked first) and
 * advances past it. */
static unsigned next_char(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    int n = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
    unsigned c = n == 1 ? u[0] : u[0] & (0x7F >> n);
    int i = 1;
    for (; i < n && (u[i] & 0xC0) == 0x80; i++)
        c = c << 6 | (u[i] & 0x3F);
    *s += i;   /* never past a NUL, even in broken text */
    return c;
}

/* Width in points of character c of font m at `size` points. */
static double char_width(const xlsxutil_metrics *m, unsigned c, double size)
{
    return c <= 0xFFFF ? m->adv[c] / m->upm * size : size;
}

/*
 * Greedy wrapping as Excel and LibreOffice do it: a word goes on the line
 * when it fits after a space, else it starts the next line; a word wider
 * than the line is cut wherever it fills it. They also break after a
 * hyphen; not doing so can only count a line more, never less.
 */
int xlsxutil_text_lines(const xlsxutil_ctx *x, const char *s, double width,
                        const xlsxutil_style *st)
{
    const xlsxutil_metrics *m = &x->font[st->bold ? 1 : 0];
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
void xlsxutil_note_lines(xlsxutil_ctx *x, lxw_col_t c0, lxw_col_t c1,
                         const char *s, const xlsxutil_style *st)
{
    if (x->failed || s == NULL || c1 >= XLSXUTIL_MAX_COLS)
        return;
    const xlsxutil_metrics *m = &x->font[st->bold ? 1 : 0];
    if (m->adv == NULL) {
        xlsxutil_fail(x, NULL, 0, c0, "faltan las métricas de la fuente para medir el texto");
        return;
    }
    double px = 0;
    for (lxw_col_t c = c0; c <= c1; c++)
        px += x->width[c] * x->digit_px + (c > c0 ? 5 : 0);
    double line_px = ceil(m->line * st->size * 96 / 72);
    int lines = xlsxutil_text_lines(x, s, px * 0.75, st);
    /* Excel refuses rows taller than 409 pt; longer text scrolls in the
     * cell and prints in full only through its own page layout. */
    double h = fmin((lines * line_px + 3) * 0.75, 409);
    if (h > x->row_height)
        x->row_height = h;
}

void xlsxutil_finish_row(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r)
{
    if (!x->failed && x->row_height > LXW_DEF_ROW_HEIGHT)
        xlsxutil_check(x, worksheet_set_row(ws, r, x->row_height, NULL), ws, r, 0);
    x->row_height = 0;
}

/* ---- cells -------------------------------------------------------------- */

/* Whether s can go into a cell; records why not. */
static bool cell_text_ok(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                         lxw_col_t c, const char *s)
{
    if (!xlsxutil_utf8_valid(s)) {
        xlsxutil_fail(x, ws, r, c, "el texto no es UTF-8 válido");
        return false;
    }
    if (utf8_chars(s) > XLSXUTIL_MAX_TEXT) {
        xlsxutil_fail(x, ws, r, c, "%s",
                      xlsxutil_strerror(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED));
        return false;
    }
    return true;
}

void xlsxutil_blank(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                    lxw_col_t c, lxw_format *f)
{
    if (!x->failed)
        xlsxutil_check(x, worksheet_write_blank(ws, r, c, f), ws, r, c);
}

void xlsxutil_text(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                   lxw_col_t c, const char *s, const xlsxutil_style *st)
{
    if (x->failed)
        return;
    if (xlsxutil_nonempty(s) == NULL) {
        xlsxutil_blank(x, ws, r, c, st->f);
        return;
    }
    if (!cell_text_ok(x, ws, r, c, s))
        return;
    if (st->wrap)
        xlsxutil_note_lines(x, c, c, s, st);
    xlsxutil_check(x, worksheet_write_string(ws, r, c, s, st->f), ws, r, c);
}

void xlsxutil_merged(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c0, lxw_col_t c1, const char *s,
                     const xlsxutil_style *st)
{
    if (x->failed)
        return;
    if (c0 == c1 || xlsxutil_nonempty(s) == NULL) {
        /* merge_range needs a non-empty string; blanks keep the fill. */
        xlsxutil_text(x, ws, r, c0, s, st);
        for (lxw_col_t c = c0 + 1; c <= c1; c++)
            xlsxutil_blank(x, ws, r, c, st->f);
        return;
    }
    if (!cell_text_ok(x, ws, r, c0, s))
        return;
    if (st->wrap)
        xlsxutil_note_lines(x, c0, c1, s, st);
    xlsxutil_check(x, worksheet_merge_range(ws, r, c0, r, c1, s, st->f), ws,
                   r, c0);
}

void xlsxutil_number(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c, double v, lxw_format *f)
{
    if (!x->failed)
        xlsxutil_check(x, worksheet_write_number(ws, r, c, v, f), ws, r, c);
}

static bool formula_ok(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                       lxw_col_t c, const char *formula)
{
    if (x->failed || formula == NULL)
        return false;
    if (strlen(formula) > XLSXUTIL_MAX_FORMULA) {
        xlsxutil_fail(x, ws, r, c, "la fórmula pasa de los %d caracteres que "
                      "admite Excel", XLSXUTIL_MAX_FORMULA);
        return false;
    }
    return true;
}

void xlsxutil_formula_num(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          double cached)
{
    if (formula_ok(x, ws, r, c, formula))
        xlsxutil_check(x, worksheet_write_formula_num(ws, r, c, formula, f, cached),
                       ws, r, c);
}

void xlsxutil_formula_str(xlsxutil_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          const char *cached)
{
    if (formula_ok(x, ws, r, c, formula))
        xlsxutil_check(x, worksheet_write_formula_str(ws, r, c, formula, f, cached),
                       ws, r, c);
}

void xlsxutil_text_columns(xlsxutil_ctx *x, lxw_worksheet *ws,
                           const lxw_col_t *cols, size_t n, lxw_row_t first,
                           lxw_row_t last)
{
    if (x->failed || n == 0 || last < first)
        return;
    /* "A2:A319 C2:C319": at most 2 × 12 characters per column. */
    char *ranges = malloc(n * 2 * LXW_MAX_CELL_NAME_LENGTH);
    if (ranges == NULL) {
        xlsxutil_fail(x, ws, 0, 0, "memoria insuficiente");
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(a, first, cols[i]);
        lxw_rowcol_to_cell(b, last, cols[i]);
        o += (size_t)sprintf(ranges + o, "%s%s:%s", i > 0 ? " " : "", a, b);
    }
    xlsxutil_check(x, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                              ranges),
                   ws, first, cols[0]);
    free(ranges);
}

/* ---- printing: header and footer ---------------------------------------- */

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

/* The placeholder at the start of tmpl: its length, its value and whether
 * the value is an Excel code; 0 when tmpl does not start with one. */
static size_t hf_var(const xlsxutil_page *pg, const char *tmpl,
                     const char **value, bool *code)
{
    static const xlsxutil_var codes[] = {{"{pagina}", "&P"}, {"{paginas}", "&N"}};
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(codes[i].key);
        if (strncmp(tmpl, codes[i].key, k) == 0) {
            *value = codes[i].value;
            *code = true;
            return k;
        }
    }
    for (size_t i = 0; i < pg->n_vars; i++) {
        size_t k = strlen(pg->vars[i].key);
        if (strncmp(tmpl, pg->vars[i].key, k) == 0) {
            *value = pg->vars[i].value != NULL ? pg->vars[i].value : "";
            *code = false;
            return k;
        }
    }
    return 0;
}

static void unknown_placeholder(xlsxutil_ctx *x, const layout_node *n,
                                const xlsxutil_page *pg, const char *at)
{
    char known[512] = "{pagina}, {paginas}";
    size_t o = strlen(known);
    for (size_t i = 0; i < pg->n_vars && o < sizeof known; i++)
        o += (size_t)snprintf(known + o, sizeof known - o, ", %s",
                              pg->vars[i].key);
    layout_error(x->lay, n, x->d,
                 "marcador desconocido en «%s» de <%s> (se admiten %s)", at,
                 layout_name(n), known);
    x->failed = true;
}

/* Expands the placeholders of one header/footer section into Excel text. */
static bool hf_expand(xlsxutil_ctx *x, const layout_node *n,
                      const xlsxutil_page *pg, const char *tmpl, char *buf,
                      size_t cap, size_t *o)
{
    while (*tmpl != '\0') {
        const char *value;
        bool code;
        size_t k = hf_var(pg, tmpl, &value, &code);
        if (k > 0) {
            if (!hf_append(buf, cap, o, value, !code))
                return false;
            tmpl += k;
            continue;
        }
        if (*tmpl == '{') {
            unknown_placeholder(x, n, pg, tmpl);
            return false;
        }
        char one[2] = {*tmpl++, '\0'};
        if (!hf_append(buf, cap, o, one, true))
            return false;
    }
    return true;
}

/* Builds "&L…&C…&R…" from an <encabezado>/<pie> element; an element with
 * no sections leaves buf empty. */
static bool hf_build(xlsxutil_ctx *x, const layout_node *n,
                     const xlsxutil_page *pg, char *buf, size_t cap)
{
    static const struct {
        const char *attr, *code;
    } sections[] = {{"izquierda", "&L"}, {"centro", "&C"}, {"derecha", "&R"}};
    double size = 0;
    int rc = xlsxutil_layout_rc(x, layout_number(x->lay, n, "tamano", &size, x->d));
    char size_code[16] = "";
    if (rc == 0)
        snprintf(size_code, sizeof size_code, "&%d", (int)(size + 0.5));
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < 3 && !x->failed; i++) {
        const char *tmpl = layout_attr(n, sections[i].attr);
        if (xlsxutil_nonempty(tmpl) == NULL)
            continue;
        char text[LXW_HEADER_FOOTER_MAX + 1];
        size_t t = 0;
        text[0] = '\0';
        bool ok = hf_expand(x, n, pg, tmpl, text, sizeof text, &t);
        if (x->failed)
            return false;
        /* "&8" followed by a digit would read as a larger font size. */
        const char *sep =
            size_code[0] != '\0' && text[0] >= '0' && text[0] <= '9' ? " " : "";
        ok = ok && hf_append(buf, cap, &o, sections[i].code, false) &&
             hf_append(buf, cap, &o, size_code, false) &&
             hf_append(buf, cap, &o, sep, false) &&
             hf_append(buf, cap, &o, text, false) && o <= LXW_HEADER_FOOTER_MAX;
        if (!ok) {
            layout_error(x->lay, n, x->d,
                         "el texto de <%s> pasa de los %d caracteres que Excel "
                         "admite en un encabezado o pie",
                         layout_name(n), LXW_HEADER_FOOTER_MAX);
            x->failed = true;
        }
    }
    return !x->failed;
}

/* ---- printing: scaling and page --------------------------------------- */

/* Scaling of element n: fit to `pages` pages wide, or a fixed `scale` in
 * percent. 1 when n sets neither, 0 when it sets one, -1 on error. */
static int scaling_of(xlsxutil_ctx *x, const layout_node *n, double *pages,
                      double *scale)
{
    int rp = xlsxutil_layout_rc(x, layout_number(x->lay, n, "paginas-ancho",
                                                 pages, x->d));
    int rs = xlsxutil_layout_rc(x, layout_number(x->lay, n, "escala", scale,
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
static bool apply_scaling(xlsxutil_ctx *x, lxw_worksheet *ws,
                          const xlsxutil_page *pg)
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
static void paper_and_margins(xlsxutil_ctx *x, lxw_worksheet *ws,
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
    xlsxutil_choice(x, imp, "papel", papers, paper_v, 5, &paper);
    xlsxutil_choice(x, imp, "orientacion", orient, orient_v, 2, &landscape);
    /* Excel's defaults, in points, for any margin the layout leaves out. */
    const double defaults[6] = {50.4, 50.4, 54, 54, 21.6, 21.6};
    for (int i = 0; i < 6; i++) {
        m[i] = defaults[i];
        xlsxutil_layout_rc(x, layout_length(x->lay, imp, margin_attr[i], &m[i], x->d));
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
static void titles_and_area(xlsxutil_ctx *x, lxw_worksheet *ws,
                            const xlsxutil_page *pg, bool spans)
{
    if (pg->repeat_row >= 0 && !x->failed)
        xlsxutil_check(x, worksheet_repeat_rows(ws, (lxw_row_t)pg->repeat_row,
                                                (lxw_row_t)pg->repeat_row),
                       ws, (lxw_row_t)pg->repeat_row, 0);
    if (spans && pg->repeat_col >= 0 && (pg->repeat_row < 0 || titles_fit(ws)) &&
        !x->failed)
        xlsxutil_check(x, worksheet_repeat_columns(ws, (lxw_col_t)pg->repeat_col,
                                                   (lxw_col_t)pg->repeat_col),
                       ws, 0, (lxw_col_t)pg->repeat_col);
    if (!x->failed)
        xlsxutil_check(x, worksheet_print_area(ws, 0, pg->first_col, pg->last_row,
                                               pg->last_col),
                       ws, 0, 0);
}

void xlsxutil_page_setup(xlsxutil_ctx *x, lxw_worksheet *ws,
                         const xlsxutil_page *pg)
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
    char head[512], foot[512];
    if (!hf_build(x, hdr, pg, head, sizeof head) ||
        !hf_build(x, ftr, pg, foot, sizeof foot))
        return;
    double m[6];
    paper_and_margins(x, ws, imp, m);
    bool spans = apply_scaling(x, ws, pg);
    if (x->failed)
        return;
    lxw_header_footer_options ho = {.margin = m[4]};
    lxw_header_footer_options fo = {.margin = m[5]};
    if (head[0] != '\0')
        xlsxutil_check(x, worksheet_set_header_opt(ws, head, &ho), ws, 0, 0);
    if (foot[0] != '\0' && !x->failed)
        xlsxutil_check(x, worksheet_set_footer_opt(ws, foot, &fo), ws, 0, 0);
    titles_and_area(x, ws, pg, spans);
}
