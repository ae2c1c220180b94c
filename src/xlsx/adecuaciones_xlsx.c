/*
 * adecuaciones_xlsx: the adecuaciones annex as a workbook, with the rows
 * of the PDF (diff/anexo.h): the sheet «Adecuaciones», an Excel Table of
 * every datum that changed (quantities as numbers in the format of their
 * decimals, so they can be summed and filtered), and «Resumen» with the
 * two versions, the totals, the changes by kind, the planning checks and
 * the findings the adecuación adds or resolves. Styling, column titles
 * and widths, number formats, properties and printing come from the
 * <libro> of layouts/adecuaciones.xml.
 */
#include "xlsx/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/anexo.h"
#include "xlsx/libro.h"

/* Columns of «Adecuaciones», in order (the layout gives 9 titles). */
enum { C_SUB, C_CLAVE, C_TITULO, C_CAMBIO, C_CAMPO, C_ANTES, C_DESPUES, C_OBS, C_MOTIVO, N_COLS };
#define HEADER_ROW 3      /* 0-based: title, versions, blank, header */
#define SUMMARY_COLS 4

typedef struct {
    const diff_result *r;
    const paa_programa *antes, *nuevo;
    diff_anexo anexo;
    libro_ctx u;
    const layout_node *book, *impresion;
    libro_style title, bold, plain, text, header, warn;
    lxw_format *num[LIBRO_NDEC];
    lxw_format *count;
    lxw_color_t header_fill;
} xctx;

/* ---- formats ---------------------------------------------------------------- */

static libro_style make_style(xctx *x, double size, bool border)
{
    libro_style st = {libro_format(&x->u), true, size, false};
    if (st.f == NULL)
        return st;
    libro_font_name(&x->u, st.f, layout_attr(x->book, "fuente"));
    format_set_font_size(st.f, size);
    format_set_align(st.f, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(st.f);
    if (border) {
        format_set_border(st.f, LXW_BORDER_THIN);
        format_set_border_color(st.f, 0xBFBFBF);
    }
    return st;
}

static void make_formats(xctx *x)
{
    double size = 9;
    lxw_color_t header_text = LXW_COLOR_WHITE;
    libro_layout_rc(&x->u, layout_number(x->u.lay, x->book, "tamano", &size, x->u.d));
    libro_color_attr(&x->u, x->book, "color-encabezado", &x->header_fill);
    libro_color_attr(&x->u, x->book, "color-letra-encabezado", &header_text);
    if (x->u.failed || libro_metrics_load(&x->u, x->book) != 0)
        return;
    x->title = make_style(x, size + 4, false);
    x->bold = make_style(x, size, false);
    x->plain = make_style(x, size, false);
    x->text = make_style(x, size, true);
    x->header = make_style(x, size, true);
    x->warn = make_style(x, size, true);
    x->title.bold = x->bold.bold = x->header.bold = x->warn.bold = true;
    const char *codes[LIBRO_NDEC];
    const layout_node *numeros = layout_child(x->book, "numeros", NULL);
    if (x->u.failed || libro_numfmts(&x->u, numeros, codes) != 0)
        return;
    format_set_bold(x->title.f);
    format_set_bold(x->bold.f);
    format_set_bold(x->header.f);
    format_set_bg_color(x->header.f, x->header_fill);
    format_set_font_color(x->header.f, header_text);
    format_set_align(x->header.f, LXW_ALIGN_CENTER);
    format_set_bold(x->warn.f);
    format_set_font_color(x->warn.f, 0x9C0006);
    for (int k = 0; k < LIBRO_NDEC; k++) {
        x->num[k] = make_style(x, size, true).f;
        libro_num_format(&x->u, x->num[k], codes[k]);
    }
    x->count = make_style(x, size, true).f;
    libro_num_format(&x->u, x->count, codes[0]);
}

/* ---- shared scaffolding ---------------------------------------------------- */

/* The placeholders of the <libro> texts: those of every layout (of the
 * new programme), {anterior}, {nuevo}, {corte} and {hoja} (NULL outside
 * print setup). */
enum { N_VARS = LIBRO_COMMON_VARS + 4 };
static void layout_vars(const xctx *x, char anio[16], const char *hoja,
                        template_var vars[N_VARS])
{
    libro_common_vars(x->nuevo, anio, vars);
    const template_var own[] = {
        {.name = "{anterior}", .value = diff_anexo_archivo(x->r->antes.archivo)},
        {.name = "{nuevo}", .value = diff_anexo_archivo(x->r->despues.archivo)},
        {.name = "{corte}", .value = x->r->corte > 0 ? paa_month_name[x->r->corte - 1] : NULL},
        {.name = "{hoja}", .value = hoja},
    };
    memcpy(vars + LIBRO_COMMON_VARS, own, sizeof own);
}

static void print_setup(xctx *x, lxw_worksheet *ws, const layout_node *spec, int repeat_row,
                        lxw_row_t last_row, lxw_col_t last_col)
{
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, layout_attr(spec, "nombre"), vars);
    libro_page pg = {.impresion = x->impresion, .sheet = spec, .vars = vars, .n_vars = N_VARS,
                     .repeat_row = repeat_row, .repeat_col = -1, .first_col = 0,
                     .last_col = last_col, .last_row = last_row};
    libro_page_setup(&x->u, ws, &pg);
}

/* The sheet of <libro> element `element`, its columns' widths set and
 * their titles in titles[0..ncols); NULL after reporting. */
static lxw_worksheet *add_sheet(xctx *x, const char *element, size_t ncols,
                                const layout_node **spec_out, const char **titles)
{
    const layout_node *spec = layout_child(x->book, element, NULL);
    lxw_worksheet *ws = libro_add_sheet(&x->u, layout_attr(spec, "nombre"),
                                        layout_file(x->u.lay), layout_line(spec));
    if (ws == NULL)
        return NULL;
    size_t col = 0;
    for (const layout_node *c = layout_child(spec, "columna", NULL); c != NULL && col < ncols;
         c = layout_child(spec, "columna", c), col++) {
        double width = 10;
        if (libro_layout_rc(&x->u, layout_number(x->u.lay, c, "ancho", &width, x->u.d)) >= 0)
            libro_column(&x->u, ws, (lxw_col_t)col, width);
        titles[col] = layout_attr(c, "titulo");
    }
    *spec_out = spec;
    return ws;
}

/* Title and versions across columns 0..last (rows 0 and 1). */
static void sheet_title(xctx *x, lxw_worksheet *ws, lxw_col_t last)
{
    char *title = libro_printf(&x->u, "Anexo. Adecuaciones al Programa Anual de Actividades %d",
                               x->nuevo->anio);
    char *what = libro_printf(&x->u, "%s · de %s a %s", x->nuevo->doc.institucion,
                              diff_anexo_archivo(x->r->antes.archivo),
                              diff_anexo_archivo(x->r->despues.archivo));
    libro_merged(&x->u, ws, 0, 0, last, title, &x->title);
    libro_finish_row(&x->u, ws, 0);
    libro_merged(&x->u, ws, 1, 0, last, what, &x->bold);
    libro_finish_row(&x->u, ws, 1);
    free(title);
    free(what);
}

/* ---- «Adecuaciones» ------------------------------------------------------------ */

static void value(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const diff_anexo_valor *v)
{
    if (v->es_cantidad)
        libro_number(&x->u, ws, row, col, paa_dec_to_double(v->cantidad),
                     x->num[libro_decimals(v->cantidad)]);
    else
        libro_text(&x->u, ws, row, col, v->texto, &x->text);
}

static void change_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const diff_anexo_grupo *g,
                       const diff_anexo_fila *f)
{
    libro_text(&x->u, ws, row, C_SUB, g->clave != NULL ? g->clave : "", &x->text);
    libro_text(&x->u, ws, row, C_CLAVE, f->clave, &x->text);
    libro_text(&x->u, ws, row, C_TITULO, f->titulo, &x->text);
    libro_text(&x->u, ws, row, C_CAMBIO, f->cambio, &x->text);
    libro_text(&x->u, ws, row, C_CAMPO, f->campo, &x->text);
    value(x, ws, row, C_ANTES, &f->antes);
    value(x, ws, row, C_DESPUES, &f->despues);
    libro_text(&x->u, ws, row, C_OBS, f->observacion, f->aviso ? &x->warn : &x->text);
    libro_text(&x->u, ws, row, C_MOTIVO, f->motivo, &x->text);
    libro_finish_row(&x->u, ws, row);
}

static void write_changes(xctx *x)
{
    const layout_node *spec;
    const char *titles[N_COLS] = {0};
    lxw_worksheet *ws = add_sheet(x, "adecuaciones", N_COLS, &spec, titles);
    if (ws == NULL)
        return;
    sheet_title(x, ws, N_COLS - 1);
    size_t n = x->anexo.n_filas;
    lxw_row_t last = HEADER_ROW + (lxw_row_t)(n > 0 ? n : 1);
    libro_table(&x->u, ws, &(libro_table_spec){
        .name = layout_attr(spec, "tabla"), .r0 = HEADER_ROW, .r1 = last, .c0 = 0,
        .c1 = N_COLS - 1, .titles = titles, .header_format = x->header.f});
    for (size_t c = 0; c < N_COLS; c++)
        libro_text(&x->u, ws, HEADER_ROW, (lxw_col_t)c, titles[c], &x->header);
    libro_finish_row(&x->u, ws, HEADER_ROW);
    lxw_row_t row = HEADER_ROW + 1;
    for (size_t g = 0; g < x->anexo.n_grupos && !x->u.failed; g++)
        for (size_t i = 0; i < x->anexo.grupos[g].n; i++)
            change_row(x, ws, row++, &x->anexo.grupos[g], &x->anexo.grupos[g].filas[i]);
    static const lxw_col_t text_cols[] = {C_SUB, C_CLAVE, C_ANTES, C_DESPUES};
    libro_text_columns(&x->u, ws, text_cols, 4, HEADER_ROW + 1, last);
    worksheet_freeze_panes(ws, HEADER_ROW + 1, 0);
    print_setup(x, ws, spec, HEADER_ROW, last, N_COLS - 1);
}

/* ---- «Resumen» -------------------------------------------------------------------- */

/* A header row of the summary: titles[0..n). */
static void summary_header(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *const *titles,
                           size_t n)
{
    for (size_t c = 0; c < n; c++)
        libro_text(&x->u, ws, row, (lxw_col_t)c, titles[c], &x->header);
    libro_finish_row(&x->u, ws, row);
}

/* Label and the first nv counts of each row; returns the next free row. */
static lxw_row_t count_rows(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                            const diff_anexo_cuenta *rows, size_t n, size_t nv)
{
    for (size_t i = 0; i < n; i++, row++) {
        libro_text(&x->u, ws, row, 0, rows[i].etiqueta, &x->text);
        for (size_t k = 0; k < nv; k++)
            libro_number(&x->u, ws, row, (lxw_col_t)(k + 1), (double)rows[i].v[k], x->count);
        libro_finish_row(&x->u, ws, row);
    }
    return row + 1;
}

/* A line across the summary's columns; returns the next row. */
static lxw_row_t line(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *s,
                      const libro_style *st)
{
    libro_merged(&x->u, ws, row, 0, SUMMARY_COLS - 1, s, st);
    libro_finish_row(&x->u, ws, row);
    return row + 1;
}

static lxw_row_t version_line(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *which,
                              const char *path, const paa_programa *p)
{
    char *date = diff_anexo_fecha(p);
    char *s = libro_printf(&x->u, "Versión %s: %s%s%s", which, diff_anexo_archivo(path),
                           date ? ", aprobada el " : "", date ? date : "");
    row = line(x, ws, row, s, &x->plain);
    free(s);
    free(date);
    return row;
}

static lxw_row_t findings(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *title,
                          const diff_hallazgos *h)
{
    char *head = libro_printf(&x->u, "%s: %zu", title, h->n);
    row = line(x, ws, row, head, &x->bold);
    free(head);
    for (size_t i = 0; i < h->n && !x->u.failed; i++) {
        const diff_hallazgo *f = &h->items[i];
        char *s = libro_printf(&x->u, "%s:%d · %s · %s%s%s", diff_anexo_archivo(f->archivo ? f->archivo : ""),
                               f->linea, f->regla, f->clave ? f->clave : "",
                               f->clave ? " · " : "", f->mensaje);
        row = line(x, ws, row, s, &x->plain);
        free(s);
    }
    return row + 1;
}

static void write_summary(xctx *x)
{
    const layout_node *spec;
    const char *titles[SUMMARY_COLS] = {0};
    lxw_worksheet *ws = add_sheet(x, "resumen", SUMMARY_COLS, &spec, titles);
    if (ws == NULL)
        return;
    sheet_title(x, ws, SUMMARY_COLS - 1);
    lxw_row_t row = version_line(x, ws, 2, "anterior", x->r->antes.archivo, x->antes);
    row = version_line(x, ws, row, "nueva", x->r->despues.archivo, x->nuevo);
    if (x->r->corte > 0) {
        char *s = libro_printf(&x->u, "Meses cerrados: enero a %s.",
                               paa_month_name[x->r->corte - 1]);
        row = line(x, ws, row, s, &x->plain);
        free(s);
    }
    char *frase = diff_anexo_frase(x->r);
    if (frase == NULL)
        libro_fail(&x->u, NULL, 0, 0, "memoria insuficiente");
    row = line(x, ws, row + 1, frase, &x->bold) + 1;
    free(frase);
    diff_anexo_cuenta rows[DIFF_ANEXO_REVISION];
    static const char *const totals[] = {"En el programa", "Versión anterior", "Versión nueva"};
    summary_header(x, ws, row, totals, 3);
    row = count_rows(x, ws, row + 1, rows, diff_anexo_totales(x->r, rows), 2);
    summary_header(x, ws, row, titles, SUMMARY_COLS);
    row = count_rows(x, ws, row + 1, rows, diff_anexo_cambios(x->r, rows), 3);
    static const char *const checks[] = {"Revisión", "Cantidad"};
    summary_header(x, ws, row, checks, 2);
    row = count_rows(x, ws, row + 1, rows, diff_anexo_revision(x->r, rows), 1);
    row = findings(x, ws, row, "Hallazgos nuevos con la adecuación", &x->r->nuevos);
    row = findings(x, ws, row, "Hallazgos resueltos con la adecuación", &x->r->resueltos);
    if (x->r->linea_base != NULL)
        row = findings(x, ws, row, "Entradas de la línea base que quedan obsoletas",
                       &x->r->obsoletas);
    print_setup(x, ws, spec, -1, row, SUMMARY_COLS - 1);
    worksheet_activate(ws);
}

/* ---- workbook ------------------------------------------------------------------------ */

static bool find_layout(xctx *x, const layout *lay, diag_list *d)
{
    x->book = layout_require(lay, "libro", NULL, d);
    if (x->book == NULL)
        return false;
    x->impresion = layout_child(x->book, "impresion", NULL);
    if (x->impresion == NULL || layout_child(x->book, "resumen", NULL) == NULL ||
        layout_child(x->book, "adecuaciones", NULL) == NULL ||
        layout_child(x->book, "numeros", NULL) == NULL ||
        layout_child(x->book, "propiedades", NULL) == NULL) {
        layout_error(lay, x->book, d, "<libro> necesita <propiedades>, <numeros>, <resumen>, "
                                      "<adecuaciones> e <impresion>");
        return false;
    }
    return true;
}

int xlsx_adecuaciones(const diff_result *r, const paa_programa *antes,
                      const paa_programa *nuevo, const layout *lay, long long epoch,
                      const char *out_path, diag_list *d)
{
    xctx x = {.r = r, .antes = antes, .nuevo = nuevo};
    if (diff_anexo_build(r, &x.anexo) != 0) {
        diag_add(d, RULE_XLSX, out_path, 0, NULL, "memoria insuficiente");
        return -1;
    }
    if (!find_layout(&x, lay, d) ||
        libro_begin(&x.u, out_path, layout_attr(x.book, "fuente"), lay, d) != 0) {
        diff_anexo_free(&x.anexo);
        return -1;
    }
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(&x, anio, NULL, vars);
    libro_properties(&x.u, layout_child(x.book, "propiedades", NULL), vars, N_VARS, false,
                     epoch);
    make_formats(&x);
    write_summary(&x);
    write_changes(&x);
    int rc = libro_end(&x.u);
    diff_anexo_free(&x.anexo);
    return rc;
}
