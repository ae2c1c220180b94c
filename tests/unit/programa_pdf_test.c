/* Unit tests of the programme's PDF (pdf_programa): a small programme is
 * set with the shipped layout; a layout text with an unknown placeholder
 * and an output that cannot be written fail with the right finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pdf/pdf.h"
#include "read/layout.h"
#include "read/programa.h"

#include "pdf_fixture.h"

typedef struct {
    diag_list d;
    paa_programa *p;
    char out[256];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list_init(&f->d);
    assert_int_equal(parse_programa(ROOT "/tests/fixtures/minimo.xml",
                                    ROOT "/input/schema/programa.xsd", &f->p, &f->d), 0);
    snprintf(f->out, sizeof f->out, "/tmp/paa_%ld_programa.pdf", (long)getpid());
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    model_free(f->p);
    diag_list_free(&f->d);
    remove(f->out);
    free(f);
    return 0;
}

/* Renders with layouts/programa.xml, `old` replaced by `new` (NULL: as
 * shipped); *line: the line of the change. */
static int render(fixture *f, const char *old, const char *new, int *line, char *lay_path,
                  size_t size)
{
    assert_non_null(layout_variant("programa.xml", old, new, line, lay_path, size));
    layout *lay = NULL;
    assert_int_equal(layout_load(lay_path, ROOT "/layouts/schema/programa.xsd", &lay, &f->d),
                     0);
    int rc = pdf_programa(f->p, lay, EPOCH, f->out, &f->d);
    layout_free(lay);
    remove(lay_path);
    return rc;
}

static void test_renders(void **state)
{
    fixture *f = *state;
    char lay[256];
    assert_int_equal(render(f, NULL, NULL, NULL, lay, sizeof lay), 0);
    assert_int_equal(f->d.n, 0);
    /* cover, contents, front matter, structure, a subprograma */
    assert_true(pdf_pages(f->out) >= 4);
    char *text = pdf_text(f->out);
    if (text != NULL) {
        assert_non_null(strstr(text, "Programa Anual de Actividades 2024"));
        assert_non_null(strstr(text, "INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO"));
        assert_non_null(strstr(text, "CONTENIDO"));
    }
    free(text);
}

/* Same input, same bytes. */
static void test_reproducible(void **state)
{
    fixture *f = *state;
    char lay[256];
    assert_int_equal(render(f, NULL, NULL, NULL, lay, sizeof lay), 0);
    size_t n1, n2;
    char *a = slurp(f->out, &n1);
    assert_int_equal(render(f, NULL, NULL, NULL, lay, sizeof lay), 0);
    char *b = slurp(f->out, &n2);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
}

static void expect_unknown(fixture *f, const char *old, const char *new, const char *bad)
{
    char lay[256];
    int line = 0;
    assert_int_equal(render(f, old, new, &line, lay, sizeof lay), -1);
    assert_true(line > 0);
    assert_unknown_placeholder(&f->d, f->out, bad, line, 0);
    assert_string_equal(find_diag(&f->d, RULE_LAYOUT)->file, lay);
}

/* A mistyped placeholder never prints literally, wherever it is. */
static void test_unknown_in_header(void **state)
{
    expect_unknown(*state, "centro=\"{titulo}\"", "centro=\"{tituloo}\"", "{tituloo}");
}

static void test_unknown_in_footer(void **state)
{
    expect_unknown(*state, "centro=\"{pagina}\"", "centro=\"{pagina} {total}\"", "{total}");
}

static void test_unknown_in_text(void **state)
{
    expect_unknown(*state, "<texto id=\"contenido\">Contenido",
                   "<texto id=\"contenido\">{Contenido}", "{Contenido}");
}

/* A file that cannot be written is an "io" finding and leaves nothing. */
static void test_unwritable(void **state)
{
    fixture *f = *state;
    snprintf(f->out, sizeof f->out, "/nonexistent-paa-dir/programa.pdf");
    char lay[256];
    assert_int_equal(render(f, NULL, NULL, NULL, lay, sizeof lay), -1);
    assert_non_null(find_diag(&f->d, RULE_IO));
    assert_null(find_diag(&f->d, RULE_LAYOUT));
    assert_false(file_exists(f->out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_renders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reproducible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_in_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_in_footer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_in_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
