/*
 * libro_referencias: what formulas cite — quoted sheet names, absolute
 * cell and range references, defined names — built on the heap so none
 * is ever truncated. See libro.h.
 */
#include "xlsx/libro.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* ---- formulas ----------------------------------------------------------- */

char *libro_printf(libro_ctx *x, const char *fmt, ...)
{
    if (x->failed)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *s = paa_vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
    return s;
}

/* ---- references --------------------------------------------------------- */

char *libro_sheet_ref(libro_ctx *x, const char *name)
{
    if (x->failed)
        return NULL;
    strbuf ref = {0};
    strbuf_putc(&ref, '\'');
    for (const char *s = name; *s != '\0'; s++) {
        if (*s == '\'')
            strbuf_putc(&ref, '\'');
        strbuf_putc(&ref, *s);
    }
    strbuf_putc(&ref, '\'');
    char *quoted = strbuf_take(&ref);
    if (quoted == NULL)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
    return quoted;
}

/* 'Sheet'!A1[:B2] with the quoted sheet (none when sheet is NULL). */
static char *sheet_cells(libro_ctx *x, const char *sheet, const char *a,
                         const char *b)
{
    char *quoted = sheet != NULL ? libro_sheet_ref(x, sheet) : NULL;
    if (sheet != NULL && quoted == NULL)
        return NULL;
    char *ref = libro_printf(x, "%s%s%s%s%s", quoted ? quoted : "",
                                quoted ? "!" : "", a, b ? ":" : "", b ? b : "");
    free(quoted);
    return ref;
}

char *libro_range_ref(libro_ctx *x, const char *sheet, lxw_row_t r0,
                         lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
{
    char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(a, r0, c0, 1, 1);
    lxw_rowcol_to_cell_abs(b, r1, c1, 1, 1);
    return sheet_cells(x, sheet, a, b);
}

void libro_define_name(libro_ctx *x, const char *name,
                          const char *sheet, lxw_row_t r0, lxw_col_t c0,
                          lxw_row_t r1, lxw_col_t c1)
{
    char *ref = libro_range_ref(x, sheet, r0, c0, r1, c1);
    char *formula = ref != NULL ? libro_printf(x, "=%s", ref) : NULL;
    /* libxlsxwriter 1.1.4 keeps both in 128-byte buffers and would cut a
     * longer one, maybe inside a character. */
    if (formula != NULL && (strlen(name) >= LXW_DEFINED_NAME_LENGTH ||
                            strlen(formula) >= LXW_DEFINED_NAME_LENGTH))
        libro_fail(x, NULL, 0, 0, "el nombre definido «%s» o su referencia "
                      "pasa de los %d bytes que admite la biblioteca de Excel",
                      name, LXW_DEFINED_NAME_LENGTH - 1);
    else if (formula != NULL &&
             workbook_define_name(x->wb, name, formula) != LXW_NO_ERROR)
        libro_fail(x, NULL, 0, 0, "no se pudo definir el nombre «%s» (%s)",
                      name, formula);
    free(ref);
    free(formula);
}


char *libro_col_ref(libro_ctx *x, const char *table, const char *title)
{
    strbuf b = {0};
    strbuf_printf(&b, "%s[", table);
    /* Inside a structured reference these characters are escaped by an
     * apostrophe. */
    for (const char *s = title; *s != '\0'; s++) {
        if (strchr("[]#'", *s) != NULL)
            strbuf_putc(&b, '\'');
        strbuf_putc(&b, *s);
    }
    strbuf_putc(&b, ']');
    char *r = strbuf_take(&b);
    if (r == NULL && !x->failed)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
    return x->failed ? (free(r), NULL) : r;
}

char *libro_row_ref(libro_ctx *x, const char *table, const char *title)
{
    char *inner = libro_col_ref(x, "", title);
    char *r = inner != NULL ? libro_printf(x, "%s[@%s]", table, inner) : NULL;
    free(inner);
    return r;
}

char *libro_this_row(libro_ctx *x, const char *formula)
{
    if (formula == NULL)
        return NULL;
    strbuf b = {0};
    for (const char *s = formula; *s != '\0'; s++) {
        if (*s == '@')
            strbuf_puts(&b, "[#This Row],");
        else
            strbuf_putc(&b, *s);
    }
    char *r = strbuf_take(&b);
    if (r == NULL && !x->failed)
        libro_fail(x, NULL, 0, 0, "memoria insuficiente");
    return x->failed ? (free(r), NULL) : r;
}

void libro_table(libro_ctx *x, lxw_worksheet *ws, const libro_table_spec *t)
{
    if (x->failed)
        return;
    size_t n = (size_t)(t->c1 - t->c0) + 1;
    lxw_table_column *cols = calloc(n, sizeof *cols);
    lxw_table_column **list = calloc(n + 1, sizeof *list);
    if (cols == NULL || list == NULL) {
        libro_fail(x, ws, t->r0, t->c0, "memoria insuficiente");
    } else {
        for (size_t i = 0; i < n; i++) {
            /* The library copies these strings and never writes them. */
            cols[i].header = (char *)(uintptr_t)t->titles[i];
            cols[i].formula = t->formulas != NULL
                                  ? (char *)(uintptr_t)t->formulas[i] : NULL;
            cols[i].header_format = t->header_format;
            list[i] = &cols[i];
        }
        lxw_table_options o = {.name = (char *)(uintptr_t)t->name,
                               .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
                               .style_type_number = 0,
                               .columns = list};
        /* A table needs a data row: an empty one stays blank. */
        lxw_row_t r1 = t->r1 > t->r0 ? t->r1 : t->r0 + 1;
        libro_check(x, worksheet_add_table(ws, t->r0, t->c0, r1, t->c1, &o),
                    ws, t->r0, t->c0);
    }
    free(cols);
    free(list);
}

void libro_link(libro_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *sheet, lxw_row_t to_row, lxw_col_t to_col,
                const char *text, lxw_format *f)
{
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(cell, to_row, to_col);
    char *ref = libro_sheet_ref(x, sheet);
    char *url = ref != NULL ? libro_printf(x, "internal:%s!%s", ref, cell) : NULL;
    if (url != NULL)
        libro_check(x, worksheet_write_url_opt(ws, r, c, url, f, text, NULL),
                    ws, r, c);
    free(ref);
    free(url);
}
