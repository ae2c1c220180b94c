/*
 * libro_metricas: unit tests of the font metrics and row heights.
 *
 * Wrapped text is measured with the font's real advance widths (Liberation
 * Sans, Arial's metric twin) and gives its row the height Excel sets;
 * without metrics, or with a file that is not a TrueType font, the
 * workbook fails at the layout's line instead of guessing.
 */
#include "libro_fixture.h"

static void load_metrics(fixture *f)
{
    const layout_node *n = layout_child(layout_root(f->lay), "fuente", NULL);
    assert_non_null(n);
    assert_int_equal(libro_metrics_load(&f->x, n), 0);
}

/* Lines are counted with the font's real advance widths (Liberation Sans,
 * Arial's metric twin): a digit is 1139/2048 em, a space 569/2048 em, "m"
 * 1706/2048 em regular and 1821/2048 em bold. */
static void wrapping_uses_the_font_metrics(void **state)
{
    fixture *f = *state;
    begin(f);
    load_metrics(f);
    assert_true(f->x.digit_px == 7);   /* Arial 10: Excel's 7-pixel digit */
    libro_style reg = {NULL, true, 9, false}, bold = {NULL, true, 9, true};
    /* 52.5 pt (a column 10 digits wide) holds 10 digits at 9 pt, not 11. */
    assert_int_equal(libro_text_lines(&f->x, "0000000000", 52.5, &reg), 1);
    assert_int_equal(libro_text_lines(&f->x, "00000000000", 52.5, &reg), 2);
    /* Two 4-digit words and a space fit (42.5 pt), a third does not. */
    assert_int_equal(libro_text_lines(&f->x, "0000 0000", 52.5, &reg), 1);
    assert_int_equal(libro_text_lines(&f->x, "0000 0000 0000", 52.5, &reg), 2);
    /* A word longer than the line is cut; an explicit break counts. */
    assert_int_equal(libro_text_lines(&f->x, "00 000000000000000000000", 52.5, &reg), 4);
    assert_int_equal(libro_text_lines(&f->x, "00\n00", 52.5, &reg), 2);
    /* Bold is wider: 13 "m" take 97.5 pt regular, 104 pt bold. */
    assert_int_equal(libro_text_lines(&f->x, "mmmmmmmmmmmmm", 100, &reg), 1);
    assert_int_equal(libro_text_lines(&f->x, "mmmmmmmmmmmmm", 100, &bold), 2);
    /* Accented letters are measured, not taken as the missing glyph. */
    assert_int_equal(libro_text_lines(&f->x, "ááááááááá", 45.1, &reg), 1);
    assert_false(f->x.failed);
}

static void wrapped_rows_get_their_height(void **state)
{
    fixture *f = *state;
    begin(f);
    load_metrics(f);
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Hoja", "diseno.xml", 3);
    libro_column(&f->x, ws, 0, 10);
    libro_column(&f->x, ws, 1, 10);
    libro_style wrap = {libro_format(&f->x), true, 9, false};
    libro_style flat = {wrap.f, false, 9, false};
    /* 4 lines in 52.5 pt; a 9 pt line is 14 px, plus 3 px: 44.25 pt. */
    libro_text(&f->x, ws, 1, 0, "0000 0000 0000 0000 0000 0000 0000 0000", &wrap);
    libro_finish_row(&f->x, ws, 1);
    lxw_row *row = lxw_worksheet_find_row(ws, 1);
    assert_non_null(row);
    assert_true(row->height == 44.25);
    /* Merged across two columns (10 + 10 digits + 5 px): 2 lines, the
     * height of the row's tallest cell counts. */
    libro_merged(&f->x, ws, 2, 0, 1, "0000 0000 0000 0000 0000 0000 0000 0000", &wrap);
    libro_text(&f->x, ws, 2, 0, "0000 0000 0000", &wrap);
    libro_finish_row(&f->x, ws, 2);
    assert_true(lxw_worksheet_find_row(ws, 2)->height == (2 * 14 + 3) * 0.75);
    /* One line, or no wrapping: the default height. */
    libro_text(&f->x, ws, 3, 0, "uno", &wrap);
    libro_text(&f->x, ws, 3, 1, "uno dos tres cuatro cinco seis siete ocho", &flat);
    libro_finish_row(&f->x, ws, 3);
    row = lxw_worksheet_find_row(ws, 3);
    assert_true(row == NULL || !row->height_changed || row->height == LXW_DEF_ROW_HEIGHT);
    assert_false(f->x.failed);
}

/* Without metrics wrapped text cannot be measured: an error, not a guess;
 * a file that is not a TrueType font is reported at its layout line. */
static void metrics_are_required(void **state)
{
    fixture *f = *state;
    begin(f);
    lxw_worksheet *ws = libro_add_sheet(&f->x, "Hoja", "diseno.xml", 3);
    libro_style wrap = {libro_format(&f->x), true, 9, false};
    libro_text(&f->x, ws, 1, 0, "texto", &wrap);
    assert_true(f->x.failed);
    assert_true(has_rule(&f->d, "xlsx", "métricas"));
    f->x.failed = false;
    const layout_node *bad = layout_child(layout_root(f->lay), "sin-metricas", NULL);
    assert_int_equal(libro_metrics_load(&f->x, bad), -1);
    assert_true(has_rule(&f->d, "layout", "README.md"));
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(wrapping_uses_the_font_metrics, setup, teardown),
        cmocka_unit_test_setup_teardown(wrapped_rows_get_their_height, setup, teardown),
        cmocka_unit_test_setup_teardown(metrics_are_required, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
