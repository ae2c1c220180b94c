/*
 * libro_referencias: what formulas cite — quoted sheet names, absolute
 * cell and range references, defined names — built on the heap so none
 * is ever truncated. See libro.h.
 */
#include "xlsx/libro.h"

#include <stdarg.h>
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

