/*
 * libro_impresion: unit tests of print setup from a layout.
 *
 * Pages wide or a fixed scale (the sheet's own or <impresion>'s), the
 * repeated header row and key column, the print area, paper and
 * orientation; running headers and footers with their placeholders, "&"
 * kept literal and one line per <renglon>; print titles that stay valid
 * with long names; contradictory or unknown settings reported at the
 * layout's line.
 */
#include "libro_fixture.h"

/* ---- printing ----------------------------------------------------------- */

static lxw_worksheet *page(fixture *f, const char *name, const char *sheet_id,
                           int repeat_col)
{
    lxw_worksheet *ws = libro_add_sheet(&f->x, name, "diseno.xml", 3);
    assert_non_null(ws);
    const template_var vars[] = {{.name = "{titulo}", .value = "Programa & más"},
                                 {.name = "{hoja}", .value = name}};
    libro_page pg = {
        .impresion = layout_find(f->lay, "impresion", NULL),
        .sheet = sheet_id ? layout_find(f->lay, "hoja", sheet_id) : NULL,
        .vars = vars, .n_vars = 2, .repeat_row = 3, .repeat_col = repeat_col,
        .first_col = 2, .last_col = 17, .last_row = 40};
    libro_page_setup(&f->x, ws, &pg);
    return ws;
}

static void print_setup_follows_the_layout(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *one = page(f, "Una", NULL, 2);
    assert_false(f->x.failed);
    assert_int_equal(one->fit_page, 1);
    assert_int_equal(one->fit_width, 1);
    assert_int_equal(one->fit_height, 0);
    assert_false(one->repeat_cols.in_use);   /* one page wide: nothing to repeat */
    assert_true(one->repeat_rows.in_use);
    assert_int_equal(one->repeat_rows.first_row, 3);
    assert_true(one->print_area.in_use);
    assert_int_equal(one->print_area.first_col, 2);
    assert_int_equal(one->print_area.last_col, 17);
    assert_int_equal(one->paper_size, 1);
    assert_int_equal(one->orientation, 0);   /* landscape */
    /* The "&" of a value is literal text, not an Excel code. */
    assert_string_equal(one->header, "&L&8Programa && más&R&8Una");
    assert_string_equal(one->footer, "&R&8Página &P de &N");

    lxw_worksheet *two = page(f, "Dos", "dos", 2);
    assert_int_equal(two->fit_width, 2);
    assert_true(two->repeat_cols.in_use);
    assert_int_equal(two->repeat_cols.first_col, 2);
    assert_int_equal(two->page_order, 1);   /* across, then down */

    lxw_worksheet *fixed = page(f, "Fija", "escala", 0);
    assert_int_equal(fixed->fit_page, 0);
    assert_int_equal(fixed->print_scale, 80);
    assert_true(fixed->repeat_cols.in_use);
    assert_false(f->x.failed);
}

/* A footer of two <renglon>: each is one line of every section it gives,
 * with its own size; a section a line leaves out stays empty, so the
 * lines of the three sections stay level. */
static void header_lines_follow_the_renglones(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *ws = page(f, "Renglones", "renglones", 2);
    assert_false(f->x.failed);
    assert_string_equal(ws->footer,
                        "&L&8Programa && más&C\n&7 1 && 2&R&8&P/&N\n&7Renglones");
}

/* libxlsxwriter would cut "'ñ…'!$C:$C,'ñ…'!$4:$4" at 127 bytes. */
static void long_names_keep_a_valid_print_title(void **state)
{
    fixture *f = *state;
    begin(f);
    char name[31 * 2 + 1] = "";
    for (int i = 0; i < 31; i++)
        strcat(name, "ñ");
    lxw_worksheet *ws = page(f, name, "dos", 2);
    assert_false(f->x.failed);
    assert_true(ws->repeat_rows.in_use);
    assert_false(ws->repeat_cols.in_use);
    /* …and a defined name that would be cut is an error, not a corrupt book. */
    char defined[200];
    snprintf(defined, sizeof defined, "Calendario_%s%s", name, name);
    libro_define_name(&f->x, defined, name, 0, 0, 9, 9);
    assert_true(has_rule(&f->d, "xlsx", "pasa de los 127 bytes"));
}

static void print_layout_errors_name_the_line(void **state)
{
    fixture *f = *state;
    begin(f);
    page(f, "Ambos", "ambos", 2);
    assert_true(f->x.failed);
    assert_true(has_rule(&f->d, "layout", "paginas-ancho y escala"));
    assert_int_equal(f->d.items[f->d.n - 1].line, 12);

    f->x.failed = false;
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Mala", "diseno.xml", 3);
    const template_var vars[] = {{.name = "{titulo}", .value = "T"}};
    libro_page pg = {
        .impresion = layout_child(layout_find(f->lay, "mala", NULL), "impresion", NULL),
        .vars = vars, .n_vars = 1, .repeat_row = -1, .repeat_col = -1};
    libro_page_setup(&f->x, ws, &pg);
    assert_true(has_rule(&f->d, "layout", "{nada}"));
    assert_true(has_rule(&f->d, "layout", "se admiten {pagina}, {paginas}, {titulo}"));
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(print_setup_follows_the_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(header_lines_follow_the_renglones, setup, teardown),
        cmocka_unit_test_setup_teardown(long_names_keep_a_valid_print_title, setup, teardown),
        cmocka_unit_test_setup_teardown(print_layout_errors_name_the_line, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
