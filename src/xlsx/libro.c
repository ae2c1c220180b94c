/*
 * libro: the core of the workbook engine — context, errors, layout texts
 * and document properties, formats and colours, sheets and cells. See
 * libro.h.
 */
#include "xlsx/libro.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/text.h"

/* ---- errors ------------------------------------------------------------- */

STATIC const char *libro_strerror(lxw_error e)
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

static void vfail(libro_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
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

void libro_fail(libro_ctx *x, const lxw_worksheet *ws, lxw_row_t row,
                   lxw_col_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(x, ws, row, col, fmt, ap);
    va_end(ap);
}

bool libro_check(libro_ctx *x, lxw_error e, const lxw_worksheet *ws,
                    lxw_row_t row, lxw_col_t col)
{
    if (e != LXW_NO_ERROR)
        libro_fail(x, ws, row, col, "%s", libro_strerror(e));
    return e == LXW_NO_ERROR;
}

int libro_layout_rc(libro_ctx *x, int rc)
{
    if (rc < 0)
        x->failed = true;
    return rc;
}

int libro_choice(libro_ctx *x, const layout_node *n, const char *attr,
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

int libro_begin(libro_ctx *x, const char *out_path, const char *font,
                   const layout *lay, diag_list *d)
{
    memset(x, 0, sizeof *x);
    x->d = d;
    x->lay = lay;
    x->out_path = out_path;
    if (outfile_open(&x->out, out_path, 0, d) != 0)
        return -1;
    /* libxlsxwriter stages the parts in temporary files: beside the
     * output, on the disk whose errors the commit sees, not in /tmp. */
    const char *slash = strrchr(x->out.tmp, '/');
    x->tmpdir = slash != NULL ? strndup(x->out.tmp, (size_t)(slash - x->out.tmp) + 1)
                              : strdup(".");
    lxw_workbook_options opts = {.tmpdir = x->tmpdir};
    x->wb = x->tmpdir != NULL ? workbook_new_opt(x->out.tmp, &opts) : NULL;
    if (x->wb == NULL) {
        free(x->tmpdir);
        x->tmpdir = NULL;
        diag_add(d, RULE_XLSX, out_path, 0, NULL,
                 "no se pudo iniciar el libro (memoria insuficiente)");
        outfile_abort(&x->out);
        return -1;
    }
    base_font(x->wb, font);
    return 0;
}

/*
 * libxlsxwriter prints its own English messages to stderr when writing the
 * package fails; paa reports the failure itself, in Spanish. Standard error
 * is pointed at /dev/null while the package is written. The descriptor is
 * the process's, so workbooks finished at once by parallel renderers take
 * turns (the one lock of the engine).
 */
static pthread_mutex_t stderr_lock = PTHREAD_MUTEX_INITIALIZER;

static int silence_stderr(void)
{
    pthread_mutex_lock(&stderr_lock);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void restore_stderr(int saved)
{
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    pthread_mutex_unlock(&stderr_lock);
}

int libro_end(libro_ctx *x)
{
    if (x->failed) {
        /* Discard without writing: closing would package a partial book. */
        lxw_workbook_free(x->wb);
        x->wb = NULL;
        free(x->tmpdir);
        x->tmpdir = NULL;
        libro_metrics_free(x);
        outfile_abort(&x->out);
        return -1;
    }
    libro_metrics_free(x);
    int saved = silence_stderr();
    lxw_error e = workbook_close(x->wb);
    restore_stderr(saved);
    x->wb = NULL;
    free(x->tmpdir);
    x->tmpdir = NULL;
    char why[300];
    if (e != LXW_NO_ERROR) {
        /* Everything is valid by now: what fails is writing the file. */
        diag_add(x->d, RULE_IO, x->out_path, 0, NULL,
                 "no se pudo escribir el libro: %s", libro_strerror(e));
        outfile_abort(&x->out);
        return -1;
    }
    if (libro_verify_zip(x->out.tmp, why, sizeof why) != 0) {
        diag_add(x->d, RULE_IO, x->out_path, 0, NULL,
                 "no se pudo escribir el libro: el archivo escrito %s (¿disco lleno?); "
                 "no se publica", why);
        outfile_abort(&x->out);
        return -1;
    }
    return outfile_commit(&x->out, x->d);
}

/* ---- texts, numbers, colours -------------------------------------------- */

const char *libro_nonempty(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

int libro_decimals(paa_dec v)
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

int libro_numfmts(libro_ctx *x, const layout_node *numeros,
                     const char *codes[LIBRO_NDEC])
{
    for (int i = 0; i < LIBRO_NDEC; i++)
        codes[i] = NULL;
    for (const layout_node *n = layout_child(numeros, "numero", NULL); n != NULL;
         n = layout_child(numeros, "numero", n)) {
        double dec;
        int rc = layout_number(x->lay, n, "decimales", &dec, x->d);
        const char *code = layout_attr(n, "formato");
        if (rc != 0 || dec < 0 || dec > PAA_DEC_DIGITS || (int)dec != dec ||
            libro_nonempty(code) == NULL || !utf8_valid(code)) {
            if (rc >= 0)
                layout_error(x->lay, n, x->d,
                             "<numero> necesita decimales=\"0\" … \"%d\" y un formato",
                             PAA_DEC_DIGITS);
            x->failed = true;
            return -1;
        }
        codes[(int)dec] = code;
    }
    for (int i = 0; i < LIBRO_NDEC; i++) {
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

STATIC lxw_color_t libro_color(layout_rgb c)
{
    unsigned r = (unsigned)(c.r * 255.0 + 0.5);
    unsigned g = (unsigned)(c.g * 255.0 + 0.5);
    unsigned b = (unsigned)(c.b * 255.0 + 0.5);
    lxw_color_t v = (lxw_color_t)((r << 16) | (g << 8) | b);
    return v == 0 ? LXW_COLOR_BLACK : v;
}

int libro_color_attr(libro_ctx *x, const layout_node *n,
                        const char *attr, lxw_color_t *out)
{
    layout_rgb c;
    int rc = libro_layout_rc(x, layout_color(x->lay, n, attr, &c, x->d));
    if (rc == 0)
        *out = libro_color(c);
    return rc;
}

int libro_series_fill(libro_ctx *x, lxw_chart_series *s,
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
    int rc = libro_color_attr(x, n, "color", &color);
    if (rc == 1) {
        layout_error(x->lay, n, x->d, "falta el atributo color en <%s>", layout_name(n));
        x->failed = true;
    }
    int has_type = libro_choice(x, n, "trama", words, types,
                                   sizeof words / sizeof words[0], &type);
    int has_back = libro_color_attr(x, n, "fondo", &back);
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
        libro_fail(x, NULL, 0, 0, "memoria insuficiente para la gráfica");
        return -1;
    }
    return 0;
}

lxw_format *libro_format(libro_ctx *x)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (f == NULL)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente para los formatos");
    return f;
}

static bool fits_format_field(libro_ctx *x, const char *what, const char *s)
{
    if (strlen(s) < LXW_FORMAT_FIELD_LEN)
        return true;
    libro_fail(x, NULL, 0, 0, "%s «%s» pasa de los %d bytes que admite la "
                  "biblioteca de Excel", what, s, LXW_FORMAT_FIELD_LEN - 1);
    return false;
}

void libro_num_format(libro_ctx *x, lxw_format *f, const char *code)
{
    if (f != NULL && code != NULL && fits_format_field(x, "el formato de número", code))
        format_set_num_format(f, code);
}

void libro_font_name(libro_ctx *x, lxw_format *f, const char *name)
{
    if (f != NULL && name != NULL && fits_format_field(x, "el nombre de fuente", name))
        format_set_font_name(f, name);
}

/* ---- layout texts ------------------------------------------------------- */

int libro_expand_into(libro_ctx *x, strbuf *out, const layout_node *n,
                      const char *attr, const template_var *vars,
                      size_t n_vars, template_escape escape)
{
    if (x->failed)
        return -1;
    const char *tmpl = layout_attr(n, attr);
    char bad[64];
    template_status st = template_expand(out, tmpl != NULL ? tmpl : "", vars,
                                         n_vars, escape, bad, sizeof bad);
    if (st == TEMPLATE_UNKNOWN) {
        char *known = template_names(vars, n_vars);
        layout_error(x->lay, n, x->d, "marcador desconocido «%s» en %s=\"%s\" de <%s> "
                     "(se admiten %s)", bad, attr, tmpl, layout_name(n),
                     known != NULL ? known : "…");
        free(known);
        x->failed = true;
        return -1;
    }
    if (st == TEMPLATE_NOMEM) {
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
        return -1;
    }
    return 0;
}

char *libro_expand(libro_ctx *x, const layout_node *n, const char *attr,
                   const template_var *vars, size_t n_vars)
{
    strbuf b = {0};
    strbuf_puts(&b, "");
    if (libro_expand_into(x, &b, n, attr, vars, n_vars, NULL) != 0) {
        strbuf_free(&b);
        return NULL;
    }
    char *s = strbuf_take(&b);
    if (s == NULL)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
    return s;
}

void libro_common_vars(const paa_programa *p, char anio[16],
                       template_var vars[LIBRO_COMMON_VARS])
{
    snprintf(anio, 16, "%d", p->anio);
    const template_var v[LIBRO_COMMON_VARS] = {
        {.name = "{titulo}", .value = p->doc.titulo},
        {.name = "{institucion}", .value = p->doc.institucion},
        {.name = "{siglas}", .value = p->doc.siglas},
        {.name = "{lugar}", .value = p->doc.lugar},
        {.name = "{anio}", .value = anio},
    };
    memcpy(vars, v, sizeof v);
}

/* ---- document properties ------------------------------------------------ */

/* Attribute `attr` of n expanded (its "-ejemplo" variant with sample
 * data, when n has one); NULL when failed. */
static char *property(libro_ctx *x, const layout_node *n, const char *attr,
                      const template_var *vars, size_t n_vars, bool sample)
{
    char variant[64];
    snprintf(variant, sizeof variant, "%s-ejemplo", attr);
    if (sample && layout_attr(n, variant) != NULL)
        attr = variant;
    char *s = libro_expand(x, n, attr, vars, n_vars);
    if (s != NULL && !utf8_valid(s)) {
        libro_fail(x, NULL, 0, 0, "una propiedad del libro no es UTF-8 válido");
        free(s);
        return NULL;
    }
    return s;
}

void libro_properties(libro_ctx *x, const layout_node *n,
                      const template_var *vars, size_t n_vars, bool sample,
                      long long created)
{
    enum { TITLE, SUBJECT, AUTHOR, COMPANY, CATEGORY, KEYWORDS, COMMENTS, N };
    static const char *const attrs[N] = {"titulo", "asunto", "autor", "compania",
                                         "categoria", "palabras-clave",
                                         "comentarios"};
    char *v[N] = {NULL};
    for (int i = 0; i < N && !x->failed; i++)
        v[i] = property(x, n, attrs[i], vars, n_vars, sample);
    /* libxlsxwriter copies the strings; its struct just lacks const. */
    lxw_doc_properties props = {
        .title = (char *)libro_nonempty(v[TITLE]),
        .subject = (char *)libro_nonempty(v[SUBJECT]),
        .author = (char *)libro_nonempty(v[AUTHOR]),
        .company = (char *)libro_nonempty(v[COMPANY]),
        .category = (char *)libro_nonempty(v[CATEGORY]),
        .keywords = (char *)libro_nonempty(v[KEYWORDS]),
        .comments = (char *)libro_nonempty(v[COMMENTS]),
        /* 0 would mean "now" to libxlsxwriter: never the clock. */
        .created = created != 0 ? (time_t)created : 1,
    };
    if (!x->failed)
        libro_check(x, workbook_set_properties(x->wb, &props), NULL, 0, 0);
    for (int i = 0; i < N; i++)
        free(v[i]);
}

/* ---- sheets ------------------------------------------------------------- */

lxw_worksheet *libro_add_sheet(libro_ctx *x, const char *name,
                                  const char *file, int line)
{
    if (x->failed)
        return NULL;
    if (libro_nonempty(name) == NULL) {
        diag_add(x->d, RULE_XLSX, file, line, NULL, "falta el nombre de una hoja");
        x->failed = true;
        return NULL;
    }
    lxw_error e = utf8_valid(name)
                      ? workbook_validate_sheet_name(x->wb, name)
                      : LXW_ERROR_PARAMETER_VALIDATION;
    if (e != LXW_NO_ERROR) {
        diag_add(x->d, RULE_XLSX, file, line, NULL,
                 "«%s» no sirve como nombre de hoja: %s", name,
                 libro_strerror(e));
        x->failed = true;
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws == NULL) {
        libro_fail(x, NULL, 0, 0, "no se pudo crear la hoja «%s»", name);
        return NULL;
    }
    /* libxlsxwriter 1.1.4 leaves names such as "01" unquoted in the print
     * area and print titles it writes ("01!$A$1:$R$9"), which Excel does
     * not accept: a name starting with a digit must be quoted. It keeps an
     * already quoted name as it is, so give it the quoted form (the
     * library frees it with free()). */
    char *quoted = libro_sheet_ref(x, name);
    if (quoted == NULL)
        return NULL;
    free(ws->quoted_name);
    ws->quoted_name = quoted;
    memset(x->width, 0, sizeof x->width);
    x->row_height = 0;
    return ws;
}

/* Column c's width (characters), noted for row heights; o: options
 * (hidden), or NULL. */
static void set_column(libro_ctx *x, lxw_worksheet *ws, lxw_col_t c, double width,
                       lxw_row_col_options *o)
{
    if (x->failed)
        return;
    if (c >= LIBRO_MAX_COLS) {
        libro_fail(x, ws, 0, c, "demasiadas columnas");
        return;
    }
    x->width[c] = width;
    libro_check(x, worksheet_set_column_opt(ws, c, c, width, NULL, o), ws, 0, c);
}

void libro_column(libro_ctx *x, lxw_worksheet *ws, lxw_col_t c, double width)
{
    set_column(x, ws, c, width, NULL);
}

void libro_hidden_column(libro_ctx *x, lxw_worksheet *ws, lxw_col_t c,
                         double width)
{
    lxw_row_col_options hide = {.hidden = 1};
    set_column(x, ws, c, width, &hide);
}

/* ---- cells -------------------------------------------------------------- */

/* Whether s can go into a cell; records why not. */
static bool cell_text_ok(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                         lxw_col_t c, const char *s)
{
    if (!utf8_valid(s)) {
        libro_fail(x, ws, r, c, "el texto no es UTF-8 válido");
        return false;
    }
    if (utf8_chars(s) > LIBRO_MAX_TEXT) {
        libro_fail(x, ws, r, c, "%s",
                      libro_strerror(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED));
        return false;
    }
    return true;
}

STATIC void libro_blank(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                    lxw_col_t c, lxw_format *f)
{
    if (!x->failed)
        libro_check(x, worksheet_write_blank(ws, r, c, f), ws, r, c);
}

void libro_text(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                   lxw_col_t c, const char *s, const libro_style *st)
{
    if (x->failed)
        return;
    if (libro_nonempty(s) == NULL) {
        libro_blank(x, ws, r, c, st->f);
        return;
    }
    if (!cell_text_ok(x, ws, r, c, s))
        return;
    if (st->wrap)
        libro_note_lines(x, c, c, s, st);
    libro_check(x, worksheet_write_string(ws, r, c, s, st->f), ws, r, c);
}

void libro_merged(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c0, lxw_col_t c1, const char *s,
                     const libro_style *st)
{
    if (x->failed)
        return;
    if (c0 == c1 || libro_nonempty(s) == NULL) {
        /* merge_range needs a non-empty string; blanks keep the fill. */
        libro_text(x, ws, r, c0, s, st);
        for (lxw_col_t c = c0 + 1; c <= c1; c++)
            libro_blank(x, ws, r, c, st->f);
        return;
    }
    if (!cell_text_ok(x, ws, r, c0, s))
        return;
    if (st->wrap)
        libro_note_lines(x, c0, c1, s, st);
    libro_check(x, worksheet_merge_range(ws, r, c0, r, c1, s, st->f), ws,
                   r, c0);
}

void libro_number(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c, double v, lxw_format *f)
{
    if (!x->failed)
        libro_check(x, worksheet_write_number(ws, r, c, v, f), ws, r, c);
}

static bool formula_ok(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                       lxw_col_t c, const char *formula)
{
    if (x->failed || formula == NULL)
        return false;
    if (strlen(formula) > LIBRO_MAX_FORMULA) {
        libro_fail(x, ws, r, c, "la fórmula pasa de los %d caracteres que "
                      "admite Excel", LIBRO_MAX_FORMULA);
        return false;
    }
    return true;
}

void libro_formula_num(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          double cached)
{
    if (formula_ok(x, ws, r, c, formula))
        libro_check(x, worksheet_write_formula_num(ws, r, c, formula, f, cached),
                       ws, r, c);
}

void libro_formula_str(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r,
                          lxw_col_t c, const char *formula, lxw_format *f,
                          const char *cached)
{
    if (formula_ok(x, ws, r, c, formula))
        libro_check(x, worksheet_write_formula_str(ws, r, c, formula, f, cached),
                       ws, r, c);
}

void libro_text_columns(libro_ctx *x, lxw_worksheet *ws,
                           const lxw_col_t *cols, size_t n, lxw_row_t first,
                           lxw_row_t last)
{
    if (x->failed || n == 0 || last < first)
        return;
    /* "A2:A319 C2:C319" */
    strbuf ranges = {0};
    for (size_t i = 0; i < n; i++) {
        char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(a, first, cols[i]);
        lxw_rowcol_to_cell(b, last, cols[i]);
        strbuf_printf(&ranges, "%s%s:%s", i > 0 ? " " : "", a, b);
    }
    if (ranges.failed) {
        strbuf_free(&ranges);
        libro_fail(x, ws, 0, 0, "memoria insuficiente");
        return;
    }
    libro_check(x, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                           ranges.s),
                ws, first, cols[0]);
    strbuf_free(&ranges);
}


void libro_series_cache(libro_ctx *x, lxw_chart_series *s, const double *v,
                        const bool *known, size_t n)
{
    if (x->failed || s == NULL || s->values == NULL || s->values->data_cache == NULL)
        return;
    if (n > UINT16_MAX) {
        libro_fail(x, NULL, 0, 0, "la gráfica tiene demasiados puntos");
        return;
    }
    /* The library would read the cells' cached values as 0 for formulas:
     * the series keeps these instead (the library frees them). */
    s->values->ignore_cache = LXW_TRUE;
    for (size_t i = 0; i < n; i++) {
        lxw_series_data_point *p = calloc(1, sizeof *p);
        if (p == NULL) {
            libro_fail(x, NULL, 0, 0, "memoria insuficiente");
            return;
        }
        p->number = v[i];
        p->no_data = known != NULL && !known[i];
        STAILQ_INSERT_TAIL(s->values->data_cache, p, list_pointers);
    }
    s->values->num_data_points = (uint16_t)n;
}

/* ---- editing model ------------------------------------------------------ */

void libro_protect(lxw_worksheet *ws)
{
    lxw_protection o = {.format_cells = 1, .format_columns = 1,
                        .format_rows = 1, .autofilter = 1, .sort = 1};
    worksheet_protect(ws, NULL, &o);
}

void libro_quantity_validation(libro_ctx *x, lxw_worksheet *ws,
                               const layout_node *sheet, const char *missing,
                               lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                               lxw_col_t c1)
{
    const layout_node *v = layout_child(sheet, "validacion", NULL);
    if (x->failed)
        return;
    if (v == NULL) {
        layout_error(x->lay, sheet, x->d, "falta <validacion> en <%s>",
                     layout_name(sheet));
        x->failed = true;
        return;
    }
    char c[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(c, r0, c0);
    /* IF, not AND: AND would evaluate ROUND of a text into an error. */
    char *f = libro_printf(x, "=IF(ISNUMBER(%s),AND(%s>=0,ROUND(%s,4)=%s),"
                           "%s=\"%s\")", c, c, c, c, c, missing);
    if (f == NULL)
        return;
    lxw_data_validation dv = {
        .validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA,
        .value_formula = f,
        .ignore_blank = LXW_VALIDATION_ON,
        .show_input = LXW_VALIDATION_ON,
        .show_error = LXW_VALIDATION_ON,
        .error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
        .input_title = (char *)(uintptr_t)layout_attr(v, "titulo"),
        .input_message = (char *)(uintptr_t)layout_attr(v, "mensaje"),
        .error_title = (char *)(uintptr_t)layout_attr(v, "titulo-error"),
        .error_message = (char *)(uintptr_t)layout_attr(v, "error")};
    if (!libro_check(x, worksheet_data_validation_range(ws, r0, c0, r1, c1, &dv),
                     ws, r0, c0))
        layout_error(x->lay, v, x->d, "<validacion>: un título pasa de 32 "
                     "caracteres o un mensaje de 255");
    free(f);
}
