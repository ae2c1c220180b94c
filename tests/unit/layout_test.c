/* Unit tests of layout: lookups, units, colours and errors with lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "read/layout.h"

static const char sample[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<diseno>\n"
    "  <pagina ancho=\"279.4mm\" alto=\"8.5in\" margen=\"36pt\"/>\n"
    "  <estilo id=\"titulo\" tamano=\"20\" color=\"#6B2C5F\" negrita=\"si\"/>\n"
    "  <estilo id=\"malo\" tamano=\"veinte\" color=\"rojo\" ancho=\"3 furlongs\" negrita=\"quizá\"/>\n"
    "  <texto id=\"pie\">  Página\n   {pagina}  </texto>\n"
    "  <fuente archivo=\"../fonts/x.ttf\"/>\n"
    "</diseno>\n";

static char path[] = "/tmp/paa-layout-XXXXXX";
static layout *lay;

static int setup(void **state)
{
    (void)state;
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, sample, sizeof sample - 1) != (ssize_t)(sizeof sample - 1))
        return -1;
    close(fd);
    diag_list d;
    diag_list_init(&d);
    int st = layout_load(path, NULL, &lay, &d);
    diag_list_free(&d);
    return st;
}

static int teardown(void **state)
{
    (void)state;
    layout_free(lay);
    unlink(path);
    return 0;
}

static void test_lookup_and_units(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    const layout_node *pg = layout_require(lay, "pagina", NULL, &d);
    assert_non_null(pg);
    double v = 0;
    assert_int_equal(layout_length(lay, pg, "ancho", &v, &d), 0);
    assert_true(v > 791.9 && v < 792.1);
    assert_int_equal(layout_length(lay, pg, "alto", &v, &d), 0);
    assert_true(v == 612.0);
    assert_int_equal(layout_length(lay, pg, "margen", &v, &d), 0);
    assert_true(v == 36.0);
    assert_int_equal(layout_length(lay, pg, "ausente", &v, &d), 1);

    const layout_node *t = layout_find(lay, "estilo", "titulo");
    layout_rgb c;
    assert_int_equal(layout_color(lay, t, "color", &c, &d), 0);
    assert_true(c.r > 0.41 && c.r < 0.42);
    bool b = false;
    assert_int_equal(layout_bool(lay, t, "negrita", &b, &d), 0);
    assert_true(b);
    assert_int_equal(layout_number(lay, t, "tamano", &v, &d), 0);
    assert_true(v == 20.0);
    assert_int_equal(layout_line(t), 4);

    assert_string_equal(layout_text(lay, layout_find(lay, "texto", "pie")),
                        "Página {pagina}");
    assert_null(layout_find(lay, "estilo", "no-existe"));
    assert_int_equal(d.n, 0);
    diag_list_free(&d);
}

static void test_bad_values_report_line(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    const layout_node *m = layout_find(lay, "estilo", "malo");
    double v;
    layout_rgb c;
    bool b;
    assert_int_equal(layout_number(lay, m, "tamano", &v, &d), -1);
    assert_int_equal(layout_color(lay, m, "color", &c, &d), -1);
    assert_int_equal(layout_length(lay, m, "ancho", &v, &d), -1);
    assert_int_equal(layout_bool(lay, m, "negrita", &b, &d), -1);
    assert_int_equal(d.n, 4);
    for (size_t i = 0; i < d.n; i++) {
        assert_int_equal(d.items[i].line, 5);
        assert_string_equal(d.items[i].rule->id, "layout");
        assert_string_equal(d.items[i].file, path);
    }
    assert_null(layout_require(lay, "tabla", "x", &d));
    assert_int_equal(d.n, 5);
    diag_list_free(&d);
}

static void test_resolve_relative_to_layout(void **state)
{
    (void)state;
    const layout_node *f = layout_find(lay, "fuente", NULL);
    char *p = layout_resolve(lay, layout_attr(f, "archivo"));
    assert_string_equal(p, "/tmp/../fonts/x.ttf");
    free(p);
    const layout_node *first = layout_child(layout_root(lay), "estilo", NULL);
    const layout_node *second = layout_child(layout_root(lay), "estilo", first);
    assert_string_equal(layout_attr(second, "id"), "malo");
    assert_null(layout_child(layout_root(lay), "estilo", second));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_and_units),
        cmocka_unit_test(test_bad_values_report_line),
        cmocka_unit_test(test_resolve_relative_to_layout),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
