/*
 * programa_xlsx: the programme as an Excel workbook. See xlsx.h.
 *
 * Sheets, in order:
 *   Estructura   the 13 subprogramas with proyectos/actividades counted by
 *                formulas over Actividades, beside the declared counts;
 *   Actividades  one row per activity, the published quantities, a live
 *                "Suma meses" and "Revisión" per row, autofilter;
 *   01 … 13      the calendar of each subprograma, ready to print;
 *   Reconstruidos one row per value the importer rebuilt (only when there
 *                is any), which the legends of the marks cite.
 * Every sheet shows a value the source lost as "—" (a text: the formulas
 * count numbers, so it reads as unknown, never as 0) and marks rebuilt
 * ones.
 *
 * Everything presentational comes from layouts/libro.xml; the column order
 * is fixed here because the formulas depend on it. Writing goes through
 * the workbook engine (libro.h), whose errors are sticky: the workbook is
 * checked once, when it is finished, and discarded (never written) after
 * any error.
 */
#include "xlsx/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "xlsx/libro.h"

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
    ST_RECONSTRUIDO, /* a quantity the importer rebuilt */
    ST_SIN_DATO,     /* where the source lost a value */
    ST_FORMULA,
    ST_FORMULA_TEXTO,
    ST_TOTAL,
    ST_DIFERENCIA,   /* conditional format: annual differs / counts differ */
    ST_FALTANTE,     /* conditional format: a quantity is missing */
    ST_COUNT
};

static const char *const style_ids[ST_COUNT] = {
    "titulo", "subtitulo", "nota", "encabezado", "proyecto", "texto",
    "clave", "numero", "reconstruido", "sin-dato", "formula",
    "formula-texto", "total", "diferencia", "faltante"};

/* Styles that hold quantities get one format per number of decimals. */
enum { NUM_NUMERO, NUM_RECONSTRUIDO, NUM_FORMULA, NUM_TOTAL, NUM_COUNT };
static const int num_style[NUM_COUNT] = {ST_NUMERO, ST_RECONSTRUIDO,
                                         ST_FORMULA, ST_TOTAL};

/* ---- column plans ------------------------------------------------------- */

/* Actividades. The helper columns (Suma meses, Revisión, reconstructed)
 * come last so that the layout can leave them out of the print area. */
enum {
    A_SUB, A_PROY, A_CLAVE, A_ACT, A_UNIDAD, A_ANUAL,
    A_ENE,
    A_BENEF = A_ENE + PAA_MONTHS,
    A_BENEF_CANT, A_SUMA, A_REVISION, A_RECONS,
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
enum { C_ROW_TITULO, C_ROW_AREA, C_ROW_LEYENDA, C_ROW_HEAD };

/* Reconstruidos: one row per rebuilt value, under a title and a note. */
enum { R_CLAVE, R_ACT, R_MES, R_VALOR, R_NCOLS };
static const char *const rec_cols[R_NCOLS] = {"clave", "actividad", "mes",
                                              "valor"};
enum { R_ROW_TITULO, R_ROW_NOTA, R_ROW_HEAD };

/* Texts of the Revisión column (formula results). */
#define REV_OK "correcta"
#define REV_FALTA "faltan cantidades"
#define REV_DIFIERE "anual distinta de la suma"
#define REV_EXCEDE "faltan cantidades y los meses ya superan la anual"
#define TABLA_ACT "TablaActividades"
#define TABLA_REC "TablaReconstruidos"

/* ---- context ------------------------------------------------------------ */

/* The columns of a sheet that print: a contiguous run (see header_row). */
typedef struct {
    lxw_col_t first, last;
} col_span;

typedef struct {
    const paa_programa *p;
    libro_ctx u;
    long long epoch;              /* dates the document */

    const char *font_name;
    double font_size;
    const char *numfmt[LIBRO_NDEC];    /* number format per decimals */
    /* Marks, as in the PDF: what stands for a value the source lost, what
     * follows a value the importer rebuilt, and what each means. */
    const char *missing, *missing_legend, *mark;
    const layout_node *mark_node;  /* <reconstruido>: its leyenda names the
                                      Reconstruidos sheet */
    libro_style st[ST_COUNT];
    lxw_format *num[NUM_COUNT][LIBRO_NDEC];
    const layout_node *impresion;

    const char *act_sheet;        /* sheet names as written in the layout;
                                     act_sheet is set before any sheet
                                     because Estructura refers to it */
    const char *est_sheet;
    const layout_node *rec_spec;  /* <reconstrucciones> */
    const char *rec_sheet;        /* cited by legends and footers */
    size_t n_act;                 /* activity rows */
    const char *act_title[A_NCOLS];  /* Actividades' column titles: the
                                        table's column names */
    char *act_ref[A_NCOLS];       /* TablaActividades[Título] */
    char *act_row[A_NCOLS];       /* TablaActividades[@[Título]] */
} xctx;

/* ---- cell writers (no-ops once failed) ---------------------------------- */

static void put_text(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     const char *s, int style)
{
    libro_text(&x->u, ws, r, c, s, &x->st[style]);
}

static void put_merged(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
                       lxw_col_t c1, const char *s, int style)
{
    libro_merged(&x->u, ws, r, c0, c1, s, &x->st[style]);
}

/* A quantity; an unknown one (never 0) is the missing mark, a text that
 * the formulas' COUNT and SUM skip. */
static void put_qty(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    bool present, paa_dec v, int kind)
{
    if (!present)
        put_text(x, ws, r, c, x->missing, ST_SIN_DATO);
    else
        libro_number(&x->u, ws, r, c, paa_dec_to_double(v),
                        x->num[kind][libro_decimals(v)]);
}

static void put_int(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    double v, int kind)
{
    libro_number(&x->u, ws, r, c, v, x->num[kind][0]);
}

/* ---- formats from the layout -------------------------------------------- */

static void apply_colors(xctx *x, lxw_format *f, const layout_node *n)
{
    lxw_color_t c;
    if (libro_color_attr(&x->u, n, "color", &c) == 0)
        format_set_font_color(f, c);
    if (libro_color_attr(&x->u, n, "relleno", &c) == 0)
        format_set_bg_color(f, c);
    if (libro_color_attr(&x->u, n, "color-borde", &c) == 0)
        format_set_border_color(f, c);
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
    if (libro_choice(&x->u, n, "borde", borders, border_v, 4, &v) == 0)
        format_set_border(f, v);
    if (libro_choice(&x->u, n, "alinear", halign, halign_v, 3, &v) == 0)
        format_set_align(f, v);
    if (libro_choice(&x->u, n, "alinear-vertical", valign, valign_v, 3, &v) == 0)
        format_set_align(f, v);
    bool wrap = false;
    int rc = libro_layout_rc(&x->u, layout_bool(x->u.lay, n, "ajustar", &wrap,
                                                   x->u.d));
    if (rc == 0 && wrap)
        format_set_text_wrap(f);
    return rc == 0 && wrap;
}

/* Returns the style's font size (the sheet's when it sets none) and in
 * *bold whether it is bold. */
static double apply_font(xctx *x, lxw_format *f, const layout_node *n, bool *bold)
{
    const layout *lay = x->u.lay;
    const char *font = layout_attr(n, "fuente");
    if (libro_nonempty(font) != NULL)
        libro_font_name(&x->u, f, font);
    double size = x->font_size;
    if (libro_layout_rc(&x->u, layout_number(lay, n, "tamano", &size, x->u.d)) == 0)
        format_set_font_size(f, size);
    bool on;
    *bold = false;
    if (libro_layout_rc(&x->u, layout_bool(lay, n, "negritas", &on, x->u.d)) == 0 && on) {
        format_set_bold(f);
        *bold = true;
    }
    if (libro_layout_rc(&x->u, layout_bool(lay, n, "cursiva", &on, x->u.d)) == 0 && on)
        format_set_italic(f);
    return size;
}

/* A format of style `style` with number format for `dec` decimals (-1:
 * none). Conditional-format styles only take colours and font weight. */
static libro_style make_format(xctx *x, int style, int dec)
{
    libro_style st = {0};
    const layout_node *n = layout_require(x->u.lay, "estilo", style_ids[style],
                                          x->u.d);
    if (n == NULL) {
        x->u.failed = true;
        return st;
    }
    st.f = libro_format(&x->u);
    if (st.f == NULL)
        return st;
    bool conditional = style == ST_DIFERENCIA || style == ST_FALTANTE;
    if (!conditional) {
        libro_font_name(&x->u, st.f, x->font_name);
        format_set_font_size(st.f, x->font_size);
        st.wrap = apply_alignment(x, st.f, n);
    }
    st.size = apply_font(x, st.f, n, &st.bold);
    apply_colors(x, st.f, n);
    if (dec >= 0 && style == ST_RECONSTRUIDO) {
        /* The mark follows the number, as in the PDF ("120†"); the value
         * stays a number for formulas. */
        char *code = libro_printf(&x->u, "%s\"%s\"", x->numfmt[dec], x->mark);
        libro_num_format(&x->u, st.f, code);
        free(code);
    } else if (dec >= 0) {
        libro_num_format(&x->u, st.f, x->numfmt[dec]);
    }
    return st;
}

/* <sin-dato texto leyenda> and <reconstruido marca leyenda>. */
static void load_marks(xctx *x)
{
    const layout *lay = x->u.lay;
    const layout_node *m = layout_require(lay, "sin-dato", NULL, x->u.d);
    const layout_node *r = layout_require(lay, "reconstruido", NULL, x->u.d);
    if (m == NULL || r == NULL) {
        x->u.failed = true;
        return;
    }
    x->missing = layout_attr(m, "texto");
    x->missing_legend = layout_attr(m, "leyenda");
    x->mark = layout_attr(r, "marca");
    x->mark_node = r;
    /* The mark goes inside a quoted literal of the number format. */
    if (libro_nonempty(x->missing) == NULL || x->missing_legend == NULL ||
        libro_nonempty(x->mark) == NULL || strchr(x->mark, '"') != NULL ||
        layout_attr(r, "leyenda") == NULL) {
        layout_error(lay, m, x->u.d, "<sin-dato> necesita texto y leyenda, y "
                     "<reconstruido> una marca sin comillas y su leyenda");
        x->u.failed = true;
    }
}

static void load_formats(xctx *x)
{
    const layout *lay = x->u.lay;
    const layout_node *font = layout_require(lay, "fuente", NULL, x->u.d);
    const layout_node *nums = layout_require(lay, "numeros", NULL, x->u.d);
    x->impresion = layout_require(lay, "impresion", NULL, x->u.d);
    if (font == NULL || nums == NULL || x->impresion == NULL) {
        x->u.failed = true;
        return;
    }
    x->font_name = layout_attr(font, "nombre");
    int rc = layout_number(lay, font, "tamano", &x->font_size, x->u.d);
    if (rc != 0 || libro_nonempty(x->font_name) == NULL ||
        !utf8_valid(x->font_name)) {
        if (rc >= 0)
            layout_error(lay, font, x->u.d,
                         "<fuente> necesita nombre y tamano válidos");
        x->u.failed = true;
        return;
    }
    if (libro_numfmts(&x->u, nums, x->numfmt) != 0 ||
        libro_metrics_load(&x->u, font) != 0)
        return;
    load_marks(x);
    for (int s = 0; s < ST_COUNT && !x->u.failed; s++)
        x->st[s] = make_format(x, s, -1);
    for (int k = 0; k < NUM_COUNT && !x->u.failed; k++)
        for (int dec = 0; dec < LIBRO_NDEC && !x->u.failed; dec++)
            x->num[k][dec] = make_format(x, num_style[k], dec).f;
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
    layout_error(x->u.lay, sheet, x->u.d, "falta <columna id=\"%s\"> en <%s>",
                 id, layout_name(sheet));
    x->u.failed = true;
    return NULL;
}

/* Width of column c from n's ancho, and whether it prints (imprimir). */
static void column_setup(xctx *x, lxw_worksheet *ws, lxw_col_t c,
                         const layout_node *n, col_span *print, bool *any)
{
    double w;
    if (libro_layout_rc(&x->u, layout_number(x->u.lay, n, "ancho", &w,
                                                x->u.d)) == 0)
        libro_column(&x->u, ws, c, w);
    bool printed = true;
    libro_layout_rc(&x->u, layout_bool(x->u.lay, n, "imprimir", &printed,
                                          x->u.d));
    if (!printed || x->u.failed)
        return;
    /* A print area is one block of columns. */
    if (*any && c != print->last + 1) {
        layout_error(x->u.lay, n, x->u.d,
                     "solo las primeras o las últimas columnas pueden llevar "
                     "imprimir=\"no\"");
        x->u.failed = true;
        return;
    }
    if (!*any)
        print->first = c;
    print->last = c;
    *any = true;
}

/*
 * Column widths and the header row; returns the columns that print. ids[c]
 * names the layout column; NULL entries are the twelve months starting at
 * `month0` (-1: no months), which share <meses> and are titled Ene … Dic.
 * Called before any other row of the sheet, whose heights depend on the
 * widths.
 */
static col_span header_row(xctx *x, lxw_worksheet *ws, const layout_node *sheet,
                           const char *const ids[], int ncols, int month0,
                           lxw_row_t row, const char **titles)
{
    col_span print = {0, 0};
    bool any = false;
    const layout_node *meses = NULL;
    if (month0 >= 0) {
        meses = layout_child(sheet, "meses", NULL);
        if (meses == NULL) {
            layout_error(x->u.lay, sheet, x->u.d, "falta <meses> en <%s>",
                         layout_name(sheet));
            x->u.failed = true;
            return print;
        }
    }
    for (int c = 0; c < ncols && !x->u.failed; c++) {
        const layout_node *n = ids[c] == NULL ? meses : column_node(x, sheet, ids[c]);
        if (n == NULL)
            return print;
        column_setup(x, ws, (lxw_col_t)c, n, &print, &any);
        const char *title = ids[c] == NULL ? paa_month_abbr[c - month0]
                                           : layout_attr(n, "titulo");
        put_text(x, ws, row, (lxw_col_t)c, title, ST_ENCABEZADO);
        if (titles != NULL)
            titles[c] = title != NULL ? title : "";
    }
    if (!any && !x->u.failed) {
        layout_error(x->u.lay, sheet, x->u.d, "<%s> no imprime ninguna columna",
                     layout_name(sheet));
        x->u.failed = true;
    }
    libro_finish_row(&x->u, ws, row);
    return print;
}

/* The placeholders of the layout's texts: those of every layout, the
 * sheet being printed ({hoja}, NULL outside print setup) and the name of
 * the sheet of rebuilt values. anio: room for the year. */
enum { N_VARS = LIBRO_COMMON_VARS + 2 };
static void layout_vars(const xctx *x, char anio[16], const char *hoja,
                        template_var vars[N_VARS])
{
    libro_common_vars(x->p, anio, vars);
    vars[LIBRO_COMMON_VARS] = (template_var){.name = "{hoja}", .value = hoja};
    vars[LIBRO_COMMON_VARS + 1] =
        (template_var){.name = "{reconstrucciones}", .value = x->rec_sheet};
}

/* Print setup of a sheet from <impresion> and the sheet's element. */
static void page_setup(xctx *x, lxw_worksheet *ws, const layout_node *sheet,
                       const char *hoja, int repeat_row, int repeat_col,
                       lxw_row_t last_row, col_span cols)
{
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, hoja, vars);
    libro_page pg = {
        .impresion = x->impresion, .sheet = sheet, .vars = vars,
        .n_vars = N_VARS, .repeat_row = repeat_row,
        .repeat_col = repeat_col, .first_col = cols.first,
        .last_col = cols.last, .last_row = last_row};
    libro_page_setup(&x->u, ws, &pg);
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
    bool summed = model_sum_meses(a, &sum);
    if (!a->anual_present || !all_months(a))
        return a->anual_present && summed && sum > a->anual ? REV_EXCEDE
                                                            : REV_FALTA;
    if (!summed || sum != a->anual)
        return REV_DIFIERE;
    return REV_OK;
}

/* "anual, dic": the quantities the importer rebuilt ("" if none), as a
 * heap string (NULL after recording the failure). */
static char *reconstructed(xctx *x, const paa_actividad *a)
{
    strbuf b = {0};
    strbuf_puts(&b, a->anual_reconstruido ? "anual" : "");
    for (int m = 0; m < PAA_MONTHS; m++)
        if (a->meses_reconstruidos & (1u << m))
            strbuf_printf(&b, "%s%s", b.len > 0 ? ", " : "", paa_month_key[m]);
    char *s = strbuf_take(&b);
    if (s == NULL)
        libro_fail(&x->u, NULL, 0, 0, "memoria insuficiente");
    return s;
}

/* Annual and months of an activity from column `c0` on; rebuilt values
 * take the reconstructed style, unknown ones the missing mark. */
static void quantities(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
                       const paa_actividad *a)
{
    put_qty(x, ws, r, c0, a->anual_present, a->anual,
            a->anual_reconstruido ? NUM_RECONSTRUIDO : NUM_NUMERO);
    for (int m = 0; m < PAA_MONTHS; m++)
        put_qty(x, ws, r, (lxw_col_t)(c0 + 1 + m), a->meses_present & (1u << m),
                a->meses[m],
                a->meses_reconstruidos & (1u << m) ? NUM_RECONSTRUIDO : NUM_NUMERO);
}

/* A text the source may have lost (NULL): then the missing mark. */
static void put_known(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                      const char *s, int style)
{
    if (s == NULL)
        put_text(x, ws, r, c, x->missing, ST_SIN_DATO);
    else
        put_text(x, ws, r, c, s, style);
}

/* The table's references: TablaActividades[Título] (whole column) and
 * TablaActividades[@[Título]] (this row). */
static void table_refs(xctx *x)
{
    for (int c = 0; c < A_NCOLS && !x->u.failed; c++) {
        x->act_ref[c] = libro_col_ref(&x->u, TABLA_ACT, x->act_title[c]);
        x->act_row[c] = libro_row_ref(&x->u, TABLA_ACT, x->act_title[c]);
    }
}

static void free_table_refs(xctx *x)
{
    for (int c = 0; c < A_NCOLS; c++) {
        free(x->act_ref[c]);
        free(x->act_row[c]);
    }
}

/* TablaActividades[@[first]:[last]] */
static char *row_span(xctx *x, int first, int last)
{
    char *a = libro_col_ref(&x->u, "", x->act_title[first]);
    char *b = libro_col_ref(&x->u, "", x->act_title[last]);
    char *r = a && b ? libro_printf(&x->u, TABLA_ACT "[@%s:%s]", a, b) : NULL;
    free(a);
    free(b);
    return r;
}

/* Suma meses: empty, not 0, when no month is known (as 090501). A
 * calculated column: Excel gives it to every row added to the table. */
static char *suma_formula(xctx *x)
{
    char *m = row_span(x, A_ENE, A_ENE + PAA_MONTHS - 1);
    char *f = m ? libro_printf(&x->u, "=IF(COUNT(%s)=0,\"\",SUM(%s))", m, m) : NULL;
    free(m);
    return f;
}

/* Revisión: a quantity that is not a number (the missing mark, a cleared
 * cell, a typed text) is unknown, so fewer than 13 numbers means something
 * is missing; then the known months may already pass the annual. ROUND
 * absorbs the binary noise of adding decimals such as 0.08 in floating
 * point. */
static char *revision_formula(xctx *x)
{
    char *all = row_span(x, A_ANUAL, A_ENE + PAA_MONTHS - 1);
    char *m = row_span(x, A_ENE, A_ENE + PAA_MONTHS - 1);
    const char *an = x->act_row[A_ANUAL];
    char *f = all && m && an
                  ? libro_printf(&x->u,
                                 "=IF(COUNT(%s)<%d,IF(ISNUMBER(%s),"
                                 "IF(ROUND(SUM(%s)-%s,4)>0,\"" REV_EXCEDE "\",\""
                                 REV_FALTA "\"),\"" REV_FALTA "\"),"
                                 "IF(ROUND(%s-SUM(%s),4)<>0,\"" REV_DIFIERE
                                 "\",\"" REV_OK "\"))",
                                 all, PAA_MONTHS + 1, an, m, an, an, m)
                  : NULL;
    free(all);
    free(m);
    return f;
}

/* Suma meses and Revisión of row r, the table's formulas with their
 * values computed exactly from the model. */
static void row_checks(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                       const paa_actividad *a, const char *suma,
                       const char *rev)
{
    paa_dec sum = 0;
    if (!model_sum_meses(a, &sum)) {
        diag_add(x->u.d, RULE_XLSX, x->p->file, a->line, a->clave,
                 "la suma de los meses se desborda");
        x->u.failed = true;
        return;
    }
    char *f = libro_this_row(&x->u, suma);
    lxw_format *fmt = x->num[NUM_FORMULA][libro_decimals(sum)];
    if (a->meses_present == 0)
        libro_formula_str(&x->u, ws, r, A_SUMA, f, fmt, "");
    else
        libro_formula_num(&x->u, ws, r, A_SUMA, f, fmt, paa_dec_to_double(sum));
    free(f);
    f = libro_this_row(&x->u, rev);
    libro_formula_str(&x->u, ws, r, A_REVISION, f, x->st[ST_FORMULA_TEXTO].f,
                      revision(a));
    free(f);
}

static void activity_row(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                         const paa_subprograma *s, const paa_proyecto *pr,
                         const paa_actividad *a, const char *const *formulas)
{
    put_text(x, ws, r, A_SUB, s->numero, ST_CLAVE);
    put_text(x, ws, r, A_PROY, pr->clave, ST_CLAVE);
    put_text(x, ws, r, A_CLAVE, a->clave, ST_CLAVE);
    put_text(x, ws, r, A_ACT, a->descripcion, ST_TEXTO);
    put_known(x, ws, r, A_UNIDAD, a->unidad, ST_TEXTO);
    quantities(x, ws, r, A_ANUAL, a);
    put_known(x, ws, r, A_BENEF, a->benef_tipo, ST_TEXTO);
    put_known(x, ws, r, A_BENEF_CANT, a->benef_cantidad, ST_CLAVE);
    row_checks(x, ws, r, a, formulas[A_SUMA], formulas[A_REVISION]);
    char *rec = reconstructed(x, a);
    put_text(x, ws, r, A_RECONS, rec, ST_TEXTO);
    free(rec);
    libro_finish_row(&x->u, ws, r);
}

/* Row highlighting that follows edits, read from Revisión: missing
 * quantities, then annual ≠ sum of months (or known months past it). It
 * covers every row below the header, so rows added to the table get it. */
static void activity_highlights(xctx *x, lxw_worksheet *ws)
{
    char rev[16];
    lxw_rowcol_to_cell_abs(rev, 1, A_REVISION, 0, 1);
    char *f1 = libro_printf(&x->u, "=%s=\"" REV_FALTA "\"", rev);
    char *f2 = libro_printf(&x->u, "=OR(%s=\"" REV_DIFIERE "\",%s=\"" REV_EXCEDE "\")",
                            rev, rev);
    lxw_conditional_format falta = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                    .value_string = f1,
                                    .format = x->st[ST_FALTANTE].f};
    lxw_conditional_format difiere = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                      .value_string = f2,
                                      .format = x->st[ST_DIFERENCIA].f};
    if (!x->u.failed)
        libro_check(&x->u, worksheet_conditional_format_range(
                                  ws, 1, 0, LXW_ROW_MAX - 1, A_NCOLS - 1, &falta),
                       ws, 1, 0);
    if (!x->u.failed)
        libro_check(&x->u, worksheet_conditional_format_range(
                                  ws, 1, 0, LXW_ROW_MAX - 1, A_NCOLS - 1, &difiere),
                       ws, 1, 0);
    free(f1);
    free(f2);
}

static void sheet_actividades(xctx *x)
{
    const layout_node *sheet = layout_require(x->u.lay, "actividades", NULL, x->u.d);
    if (sheet == NULL) {
        x->u.failed = true;
        return;
    }
    lxw_worksheet *ws = libro_add_sheet(&x->u, x->act_sheet,
                                           layout_file(x->u.lay), layout_line(sheet));
    if (ws == NULL)
        return;
    col_span print = header_row(x, ws, sheet, act_cols, A_NCOLS, A_ENE, 0,
                                NULL);
    const char *formulas[A_NCOLS] = {0};
    char *suma = suma_formula(x), *rev = revision_formula(x);
    formulas[A_SUMA] = suma;
    formulas[A_REVISION] = rev;
    lxw_row_t last = x->n_act > 0 ? (lxw_row_t)x->n_act : 1;
    libro_table(&x->u, ws, &(libro_table_spec){
        .name = TABLA_ACT, .r0 = 0, .r1 = last, .c0 = 0, .c1 = A_NCOLS - 1,
        .titles = x->act_title, .formulas = formulas,
        .header_format = x->st[ST_ENCABEZADO].f});

    lxw_row_t r = 1;
    for (size_t i = 0; i < x->p->n_subprogramas; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++) {
            const paa_proyecto *pr = &s->proyectos[j];
            for (size_t k = 0; k < pr->n_actividades && !x->u.failed; k++)
                activity_row(x, ws, r++, s, pr, &pr->actividades[k], formulas);
        }
    }
    free(suma);
    free(rev);
    worksheet_freeze_panes(ws, 1, A_ACT);
    activity_highlights(x, ws);
    /* <validacion>: what a quantity cell (annual, months) accepts, over
     * every row below the header. */
    libro_quantity_validation(&x->u, ws, sheet, x->missing, 1, A_ANUAL,
                              LXW_ROW_MAX - 1, A_ENE + PAA_MONTHS - 1);
    if (x->n_act > 0) {
        static const lxw_col_t text_cols[] = {A_SUB, A_PROY, A_CLAVE, A_BENEF_CANT};
        libro_text_columns(&x->u, ws, text_cols, 4, 1, last);
    }
    page_setup(x, ws, sheet, x->act_sheet, 0, A_CLAVE, last, print);
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
    char key[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(key, r, E_NUM, 0, 1);
    const char *sub = x->act_ref[A_SUB], *proy = x->act_ref[A_PROY];
    /* Exact text comparison (=) rather than COUNTIF, which reads "01" as
     * the number 1. Distinct proyectos: the sum over the subprograma's
     * rows of 1/occurrences of their (subprograma, proyecto) pair; a row
     * of another subprograma or without proyecto (a cleared row) adds
     * 0/(occurrences + 1), never a division by zero. The whole table
     * columns are cited, so rows added or deleted are counted. */
    char *f1 = sub && proy ? libro_printf(&x->u,
                                          "=SUMPRODUCT((%s=%s)*(%s<>\"\")/"
                                          "(COUNTIFS(%s,%s,%s,%s)+(%s<>%s)+(%s=\"\")))",
                                          sub, key, proy, sub, sub, proy, proy,
                                          sub, key, proy)
                           : NULL;
    char *f2 = sub ? libro_printf(&x->u, "=SUMPRODUCT(--(%s=%s))", sub, key) : NULL;
    libro_formula_num(&x->u, ws, r, E_PROY, f1, x->num[NUM_FORMULA][0],
                         (double)distinct_proyectos(x->p, s->numero));
    libro_formula_num(&x->u, ws, r, E_ACT, f2, x->num[NUM_FORMULA][0],
                         (double)count_actividades(x->p, s->numero));
    free(f1);
    free(f2);
}

static void estructura_totals(xctx *x, lxw_worksheet *ws, lxw_row_t first,
                              lxw_row_t r, double proy, double act)
{
    put_merged(x, ws, r, E_NUM, E_DESC, "Total", ST_TOTAL);
    const int cols[2] = {E_PROY, E_ACT};
    const double cached[2] = {proy, act};
    for (int i = 0; i < 2; i++) {
        char c0[LXW_MAX_CELL_NAME_LENGTH], c1[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(c0, first, (lxw_col_t)cols[i]);
        lxw_rowcol_to_cell(c1, r - 1, (lxw_col_t)cols[i]);
        char *f = libro_printf(&x->u, "=SUM(%s:%s)", c0, c1);
        libro_formula_num(&x->u, ws, r, (lxw_col_t)cols[i], f,
                             x->num[NUM_TOTAL][0], cached[i]);
        free(f);
    }
    put_int(x, ws, r, E_PROY_DECL, x->p->decl_proyectos, NUM_TOTAL);
    put_int(x, ws, r, E_ACT_DECL, x->p->decl_actividades, NUM_TOTAL);
}

static void estructura_highlight(xctx *x, lxw_worksheet *ws, lxw_row_t first,
                                 lxw_row_t last)
{
    char c[LXW_MAX_CELL_NAME_LENGTH], decl[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(c, first, E_PROY);
    lxw_rowcol_to_cell(decl, first, E_PROY_DECL);
    char *f = libro_printf(&x->u, "=%s<>%s", c, decl);
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                 .value_string = f,
                                 .format = x->st[ST_DIFERENCIA].f};
    if (f != NULL)
        libro_check(&x->u, worksheet_conditional_format_range(ws, first, E_PROY,
                                                                 last, E_ACT, &cf),
                       ws, first, E_PROY);
    free(f);
}

static void estructura_heading(xctx *x, lxw_worksheet *ws,
                               const layout_node *sheet)
{
    const struct {
        lxw_row_t row;
        const char *text;
        int style;
    } heading[] = {
        {E_ROW_TITULO, x->p->doc.titulo, ST_TITULO},
        {E_ROW_INST, x->p->doc.institucion, ST_SUBTITULO},
        {E_ROW_SUBT, layout_attr(sheet, "titulo"), ST_SUBTITULO},
        {E_ROW_NOTA, layout_attr(sheet, "nota"), ST_NOTA},
    };
    for (size_t i = 0; i < sizeof heading / sizeof heading[0]; i++) {
        put_merged(x, ws, heading[i].row, 0, E_NCOLS - 1, heading[i].text,
                   heading[i].style);
        libro_finish_row(&x->u, ws, heading[i].row);
    }
}

static void sheet_estructura(xctx *x)
{
    const layout_node *sheet = layout_require(x->u.lay, "estructura", NULL, x->u.d);
    if (sheet == NULL) {
        x->u.failed = true;
        return;
    }
    x->est_sheet = layout_attr(sheet, "nombre");
    lxw_worksheet *ws = libro_add_sheet(&x->u, x->est_sheet,
                                           layout_file(x->u.lay), layout_line(sheet));
    if (ws == NULL)
        return;
    const paa_programa *p = x->p;
    col_span print = header_row(x, ws, sheet, est_cols, E_NCOLS, -1, E_ROW_HEAD,
                                NULL);
    estructura_heading(x, ws, sheet);

    lxw_row_t first = E_ROW_HEAD + 1, r = first;
    double proy = 0, act = 0;
    for (size_t i = 0; i < p->n_subprogramas && !x->u.failed; i++, r++) {
        const paa_subprograma *s = &p->subprogramas[i];
        /* The number leads to the subprograma's calendar. */
        libro_link(&x->u, ws, r, E_NUM, s->numero, 0, 0, s->numero,
                   x->st[ST_CLAVE].f);
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
        libro_finish_row(&x->u, ws, r);
    }
    estructura_totals(x, ws, first, r, proy, act);
    estructura_highlight(x, ws, first, r);
    /* Only formulas (and the published totals): protected. */
    libro_protect(ws);
    static const lxw_col_t text_cols[] = {E_NUM};
    libro_text_columns(&x->u, ws, text_cols, 1, first, r - 1);
    worksheet_freeze_panes(ws, E_ROW_HEAD + 1, 0);
    page_setup(x, ws, sheet, x->est_sheet, E_ROW_HEAD, E_NUM, r, print);
    libro_define_name(&x->u, "TablaEstructura", x->est_sheet, E_ROW_HEAD, 0, r,
                         E_NCOLS - 1);
}

/* ---- calendar sheets ---------------------------------------------------- */

/* Expands {numero}, {titulo}, {area} of a calendar heading template into
 * a heap string (NULL after reporting). */
static char *cal_heading(xctx *x, const layout_node *n, const char *attr,
                         const paa_subprograma *s)
{
    const template_var vars[] = {
        {.name = "{numero}", .value = s->numero},
        {.name = "{titulo}", .value = s->titulo != NULL ? s->titulo : s->descripcion},
        {.name = "{area}", .value = s->area},
    };
    return libro_expand(&x->u, n, attr, vars, sizeof vars / sizeof vars[0]);
}

static bool any_activity(const paa_subprograma *s, bool (*pred)(const paa_actividad *))
{
    for (size_t j = 0; j < s->n_proyectos; j++)
        for (size_t k = 0; k < s->proyectos[j].n_actividades; k++)
            if (pred(&s->proyectos[j].actividades[k]))
                return true;
    return false;
}

/* "† meaning   — meaning" for the marks the sheet shows, as the PDF's
 * legend; NULL when it shows none (or after a failure). */
static char *legend(xctx *x, const paa_subprograma *s)
{
    bool marks = any_activity(s, model_actividad_reconstruida),
         dashes = any_activity(s, model_actividad_incompleta);
    if (!marks && !dashes)
        return NULL;
    const template_var vars[] = {{.name = "{reconstrucciones}", .value = x->rec_sheet}};
    char *mark_legend = marks ? libro_expand(&x->u, x->mark_node, "leyenda",
                                                vars, 1)
                              : NULL;
    char *text = NULL;
    if (marks && dashes)
        text = libro_printf(&x->u, "%s %s   %s %s", x->mark, mark_legend,
                               x->missing, x->missing_legend);
    else if (marks)
        text = libro_printf(&x->u, "%s %s", x->mark, mark_legend);
    else
        text = libro_printf(&x->u, "%s %s", x->missing, x->missing_legend);
    free(mark_legend);
    return text;
}

/* Column of Actividades that each calendar column shows. */
static const int cal_source[C_NCOLS] = {
    [C_CLAVE] = A_CLAVE, [C_ACT] = A_ACT, [C_UNIDAD] = A_UNIDAD,
    [C_ANUAL] = A_ANUAL, [C_BENEF] = A_BENEF, [C_BENEF_CANT] = A_BENEF_CANT};

static int cal_src(int c)
{
    return c >= C_ENE && c < C_ENE + PAA_MONTHS ? A_ENE + (c - C_ENE) : cal_source[c];
}

/* A calendar cell: the activity's value in Actividades, found by its clave
 * (column A of the row), so that an edit there shows here; the missing
 * mark when the cell is empty or the activity is gone. */
static char *cal_formula(xctx *x, lxw_row_t r, int c)
{
    char key[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(key, r, C_CLAVE, 0, 1);
    char *idx = libro_printf(&x->u, "INDEX(%s,MATCH(%s,%s,0))",
                             x->act_ref[cal_src(c)], key, x->act_ref[A_CLAVE]);
    char *f = idx ? libro_printf(&x->u, "=IFERROR(IF(%s=\"\",\"%s\",%s),\"%s\")",
                                 idx, x->missing, idx, x->missing)
                  : NULL;
    free(idx);
    return f;
}

static void cal_text(xctx *x, lxw_worksheet *ws, lxw_row_t r, int c,
                     const char *s, int style)
{
    char *f = cal_formula(x, r, c);
    if (s == NULL)
        libro_formula_str(&x->u, ws, r, (lxw_col_t)c, f, x->st[ST_SIN_DATO].f,
                          x->missing);
    else
        libro_formula_str(&x->u, ws, r, (lxw_col_t)c, f, x->st[style].f, s);
    if (s != NULL && x->st[style].wrap)
        libro_note_lines(&x->u, (lxw_col_t)c, (lxw_col_t)c, s, &x->st[style]);
    free(f);
}

static void cal_qty(xctx *x, lxw_worksheet *ws, lxw_row_t r, int c,
                    bool present, paa_dec v, bool rebuilt_value)
{
    char *f = cal_formula(x, r, c);
    int kind = rebuilt_value ? NUM_RECONSTRUIDO : NUM_NUMERO;
    if (!present)
        libro_formula_str(&x->u, ws, r, (lxw_col_t)c, f, x->st[ST_SIN_DATO].f,
                          x->missing);
    else
        libro_formula_num(&x->u, ws, r, (lxw_col_t)c, f,
                          x->num[kind][libro_decimals(v)], paa_dec_to_double(v));
    free(f);
}

static void calendar_row(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                         const paa_actividad *a)
{
    put_text(x, ws, r, C_CLAVE, a->clave, ST_CLAVE);
    cal_text(x, ws, r, C_ACT, a->descripcion, ST_TEXTO);
    cal_text(x, ws, r, C_UNIDAD, a->unidad, ST_TEXTO);
    cal_qty(x, ws, r, C_ANUAL, a->anual_present, a->anual, a->anual_reconstruido);
    for (int m = 0; m < PAA_MONTHS; m++)
        cal_qty(x, ws, r, C_ENE + m, (a->meses_present & (1u << m)) != 0,
                a->meses[m], (a->meses_reconstruidos & (1u << m)) != 0);
    cal_text(x, ws, r, C_BENEF, a->benef_tipo, ST_TEXTO);
    cal_text(x, ws, r, C_BENEF_CANT, a->benef_cantidad, ST_CLAVE);
    libro_finish_row(&x->u, ws, r);
}

/* Title, area and, when the sheet has marked values, the legend. */
static void calendar_heading(xctx *x, lxw_worksheet *ws, const layout_node *sheet,
                             const paa_subprograma *s)
{
    const struct {
        lxw_row_t row;
        const char *attr;
        int style;
    } lines[] = {{C_ROW_TITULO, "titulo", ST_TITULO},
                 {C_ROW_AREA, "area", ST_SUBTITULO}};
    for (size_t i = 0; i < 2; i++) {
        char *text = cal_heading(x, sheet, lines[i].attr, s);
        put_merged(x, ws, lines[i].row, 0, C_NCOLS - 1, text, lines[i].style);
        libro_finish_row(&x->u, ws, lines[i].row);
        free(text);
    }
    char *text = legend(x, s);
    if (text != NULL) {
        put_merged(x, ws, C_ROW_LEYENDA, 0, C_NCOLS - 1, text, ST_NOTA);
        libro_finish_row(&x->u, ws, C_ROW_LEYENDA);
    }
    free(text);
}

static void sheet_calendario(xctx *x, const layout_node *sheet,
                             const paa_subprograma *s)
{
    lxw_worksheet *ws = libro_add_sheet(&x->u, s->numero, x->p->file, s->line);
    if (ws == NULL)
        return;
    col_span print = header_row(x, ws, sheet, cal_cols, C_NCOLS, C_ENE, C_ROW_HEAD,
                                NULL);
    calendar_heading(x, ws, sheet, s);

    lxw_row_t r = C_ROW_HEAD + 1;
    for (size_t j = 0; j < s->n_proyectos && !x->u.failed; j++) {
        const paa_proyecto *pr = &s->proyectos[j];
        put_text(x, ws, r, C_CLAVE, pr->clave, ST_PROYECTO);
        put_merged(x, ws, r, C_ACT, C_NCOLS - 1, pr->nombre, ST_PROYECTO);
        libro_finish_row(&x->u, ws, r++);
        for (size_t k = 0; k < pr->n_actividades && !x->u.failed; k++)
            calendar_row(x, ws, r++, &pr->actividades[k]);
    }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(ws, C_ROW_HEAD + 1, 0);
    /* Only formulas (and the published totals): protected. */
    libro_protect(ws);
    static const lxw_col_t text_cols[] = {C_CLAVE, C_BENEF_CANT};
    libro_text_columns(&x->u, ws, text_cols, 2, C_ROW_HEAD + 1, last);
    char *hoja = libro_printf(&x->u, "Subprograma %s", s->numero);
    char *name = libro_printf(&x->u, "Calendario_%s", s->numero);
    if (hoja != NULL && name != NULL) {
        page_setup(x, ws, sheet, hoja, C_ROW_HEAD, C_CLAVE, last, print);
        /* Each calendar numbers its own pages, even when the whole
         * workbook is printed at once. */
        worksheet_set_start_page(ws, 1);
        libro_define_name(&x->u, name, s->numero, C_ROW_HEAD, 0, last,
                             C_NCOLS - 1);
    }
    free(hoja);
    free(name);
}

/* ---- Reconstruidos ------------------------------------------------------ */

/* One row: the activity, which quantity (`mes`) and its rebuilt value. */
static void rebuilt_row(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                        const paa_actividad *a, lxw_row_t act_row,
                        const char *mes, bool present, paa_dec v)
{
    /* The clave leads to the activity's row in Actividades. */
    libro_link(&x->u, ws, r, R_CLAVE, x->act_sheet, act_row, A_CLAVE, a->clave,
               x->st[ST_CLAVE].f);
    put_text(x, ws, r, R_ACT, a->descripcion, ST_TEXTO);
    put_text(x, ws, r, R_MES, mes, ST_TEXTO);
    put_qty(x, ws, r, R_VALOR, present, v, NUM_NUMERO);
    libro_finish_row(&x->u, ws, r);
}

/* The rows of activity a, which is in row act_row of Actividades (annual
 * first, then the months); returns the next free row. */
static lxw_row_t rebuilt_rows(xctx *x, lxw_worksheet *ws, lxw_row_t r,
                              const layout_node *sheet, const paa_actividad *a,
                              lxw_row_t act_row)
{
    if (a->anual_reconstruido)
        rebuilt_row(x, ws, r++, a, act_row, layout_attr(sheet, "anual"),
                    a->anual_present, a->anual);
    for (int m = 0; m < PAA_MONTHS; m++)
        if (a->meses_reconstruidos & (1u << m))
            rebuilt_row(x, ws, r++, a, act_row, paa_month_abbr[m],
                        (a->meses_present & (1u << m)) != 0, a->meses[m]);
    return r;
}

static void sheet_reconstruidos(xctx *x, const layout_node *sheet)
{
    lxw_worksheet *ws = libro_add_sheet(&x->u, x->rec_sheet,
                                           layout_file(x->u.lay), layout_line(sheet));
    if (ws == NULL)
        return;
    const char *rec_title[R_NCOLS] = {0};
    col_span print = header_row(x, ws, sheet, rec_cols, R_NCOLS, -1, R_ROW_HEAD,
                                rec_title);
    put_merged(x, ws, R_ROW_TITULO, 0, R_NCOLS - 1, layout_attr(sheet, "titulo"),
               ST_TITULO);
    libro_finish_row(&x->u, ws, R_ROW_TITULO);
    put_merged(x, ws, R_ROW_NOTA, 0, R_NCOLS - 1, layout_attr(sheet, "nota"),
               ST_NOTA);
    libro_finish_row(&x->u, ws, R_ROW_NOTA);

    /* A table over the rows, added before them (they replace its blank
     * cells). */
    lxw_row_t n = 0;
    for (size_t i = 0; i < x->p->n_subprogramas; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++)
            for (size_t k = 0; k < s->proyectos[j].n_actividades; k++) {
                const paa_actividad *a = &s->proyectos[j].actividades[k];
                n += a->anual_reconstruido;
                for (int m = 0; m < PAA_MONTHS; m++)
                    n += (a->meses_reconstruidos >> m) & 1u;
            }
    }
    libro_table(&x->u, ws, &(libro_table_spec){
        .name = TABLA_REC, .r0 = R_ROW_HEAD, .r1 = R_ROW_HEAD + n, .c0 = 0,
        .c1 = R_NCOLS - 1, .titles = rec_title,
        .header_format = x->st[ST_ENCABEZADO].f});

    lxw_row_t r = R_ROW_HEAD + 1, act_row = 1;  /* Actividades: same order */
    for (size_t i = 0; i < x->p->n_subprogramas; i++) {
        const paa_subprograma *s = &x->p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++)
            for (size_t k = 0; k < s->proyectos[j].n_actividades && !x->u.failed; k++)
                r = rebuilt_rows(x, ws, r, sheet, &s->proyectos[j].actividades[k],
                                 act_row++);
    }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(ws, R_ROW_HEAD + 1, 0);
    static const lxw_col_t text_cols[] = {R_CLAVE};
    libro_text_columns(&x->u, ws, text_cols, 1, R_ROW_HEAD + 1, last);
    page_setup(x, ws, sheet, x->rec_sheet, R_ROW_HEAD, R_CLAVE, last, print);
}

/* ---- workbook ----------------------------------------------------------- */

/* <propiedades>: title, subject, author… with the layout's placeholders. */
static void set_properties(xctx *x)
{
    const layout_node *n = layout_require(x->u.lay, "propiedades", NULL, x->u.d);
    if (n == NULL) {
        x->u.failed = true;
        return;
    }
    char anio[16];
    template_var vars[N_VARS];
    layout_vars(x, anio, NULL, vars);
    libro_properties(&x->u, n, vars, N_VARS, false, x->epoch);
}

/* The column titles of Actividades, which name its table's columns and
 * which Estructura and the calendars cite before the sheet is written. */
static void load_act_titles(xctx *x)
{
    const layout_node *sheet = layout_require(x->u.lay, "actividades", NULL, x->u.d);
    if (sheet == NULL) {
        x->u.failed = true;
        return;
    }
    for (int c = 0; c < A_NCOLS && !x->u.failed; c++) {
        if (act_cols[c] == NULL) {
            x->act_title[c] = paa_month_abbr[c - A_ENE];
            continue;
        }
        const layout_node *n = column_node(x, sheet, act_cols[c]);
        const char *t = n != NULL ? layout_attr(n, "titulo") : NULL;
        x->act_title[c] = t != NULL ? t : "";
    }
    table_refs(x);
}

/* Builds every sheet; on return x->u.failed says whether the workbook is
 * complete. Estructura comes first but its formulas point at Actividades,
 * whose name and row count are therefore known beforehand; so is the name
 * of Reconstruidos, which legends and footers cite. */
static void build(xctx *x)
{
    set_properties(x);
    load_formats(x);
    load_act_titles(x);
    sheet_estructura(x);
    sheet_actividades(x);
    const layout_node *cal = layout_require(x->u.lay, "calendario", NULL, x->u.d);
    if (cal == NULL)
        x->u.failed = true;
    for (size_t i = 0; i < x->p->n_subprogramas && !x->u.failed; i++)
        sheet_calendario(x, cal, &x->p->subprogramas[i]);
    if (!x->u.failed && model_any_actividad(x->p, model_actividad_reconstruida))
        sheet_reconstruidos(x, x->rec_spec);
}

int xlsx_programa(const paa_programa *p, const layout *lay, long long epoch,
                const char *out_path, diag_list *d)
{
    xctx x = {.p = p};
    x.epoch = epoch;
    x.n_act = model_count_actividades(p);
    const layout_node *act = layout_require(lay, "actividades", NULL, d);
    if (act == NULL)
        return -1;
    x.act_sheet = layout_attr(act, "nombre");
    if (libro_nonempty(x.act_sheet) == NULL) {
        layout_error(lay, act, d, "<actividades> necesita nombre");
        return -1;
    }
    x.rec_spec = layout_require(lay, "reconstrucciones", NULL, d);
    if (x.rec_spec == NULL)
        return -1;
    x.rec_sheet = layout_attr(x.rec_spec, "nombre");
    const layout_node *font = layout_require(lay, "fuente", NULL, d);
    if (font == NULL || libro_begin(&x.u, out_path, layout_attr(font, "nombre"),
                                       lay, d) != 0)
        return -1;
    build(&x);
    free_table_refs(&x);
    return libro_end(&x.u);
}
