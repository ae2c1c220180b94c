/* Unit tests of the avance report's PDF (pdf_avance): a small report is
 * set with the shipped layout (header with the sample-data warning, footer
 * "Página N de M"); an unknown placeholder and an output that cannot be
 * written fail with the right finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "check/avance.h"
#include "pdf/pdf.h"
#include "read/layout.h"
#include "read/programa.h"

#include "pdf_fixture.h"

#define FIX ROOT "/tests/fixtures/avance/"

typedef struct {
    diag_list d;
    paa_programa *p;
    avance *a;
    avance_report r;
    char out[256];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list_init(&f->d);
    assert_int_equal(parse_programa(FIX "programa.xml", ROOT "/input/schema/programa.xsd",
                                    &f->p, &f->d), 0);
    assert_int_equal(avance_load(FIX "avance.xml", ROOT "/input/schema/avance.xsd", &f->a,
                                 &f->d), 0);
    avance_thresholds t;
    avance_thresholds_default(&t);
    assert_int_equal(avance_compute(f->a, f->p, &t, &f->r), 0);
    snprintf(f->out, sizeof f->out, "/tmp/paa_%ld_avance.pdf", (long)getpid());
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    avance_report_free(&f->r);
    avance_free(f->a);
    model_free(f->p);
    diag_list_free(&f->d);
    remove(f->out);
    free(f);
    return 0;
}

static int render(fixture *f, const char *old, const char *new, int *line)
{
    char lay_path[256];
    assert_non_null(layout_variant("avance.xml", old, new, line, lay_path, sizeof lay_path));
    layout *lay = NULL;
    assert_int_equal(layout_load(lay_path, ROOT "/layouts/schema/avance.xsd", &lay, &f->d), 0);
    int rc = pdf_avance(f->a, f->p, &f->r, lay, EPOCH, f->out, &f->d);
    layout_free(lay);
    remove(lay_path);
    return rc;
}

static void test_renders(void **state)
{
    fixture *f = *state;
    assert_int_equal(render(f, NULL, NULL, NULL), 0);
    assert_int_equal(f->d.n, 0);
    int pages = pdf_pages(f->out);
    assert_true(pages >= 2);   /* cover, summary, detail */
    char *text = pdf_text(f->out);
    if (text != NULL) {
        char last[64];
        snprintf(last, sizeof last, "Página %d de %d", pages, pages);
        assert_non_null(strstr(text, last));
        assert_non_null(strstr(text, "DATOS DE EJEMPLO"));
        assert_non_null(strstr(text, "enero–junio"));
        assert_null(strstr(text, "{"));
    }
    free(text);
}

/* The text in drawing order (pdftotext -raw: a table header's title
 * stays whole), every run of blanks made one space; NULL when pdftotext
 * is missing. */
static char *raw_text(const char *path)
{
    char *t = pdf_text_mode(path, "-raw");
    if (t == NULL)
        return NULL;
    char *o = t;
    for (const char *p = t; *p != '\0'; p++) {
        bool blank = *p == ' ' || *p == '\n' || *p == '\f';
        if (blank && o > t && o[-1] == ' ')
            continue;
        *o++ = blank ? ' ' : *p;
    }
    *o = '\0';
    return t;
}

/* The executive summary leads with what a mean cannot hide: the share in
 * green or better and the count in rojo first, the capped mean last; the
 * table counts the activities with a percentage and those with something
 * achieved without programme; the chart draws no threshold line (none of
 * its labels); the detail names the quarter of the cut-off. */
static void test_summary_leads_with_green_and_red(void **state)
{
    fixture *f = *state;
    assert_int_equal(render(f, NULL, NULL, NULL), 0);
    char *text = raw_text(f->out);
    if (text == NULL)
        skip();
    const avance_rollup *u = &f->r.total;
    char share[32], lead[256];
    avance_pct_format(u->green_share_tenths, share, sizeof share);
    snprintf(lead, sizeof lead, "Al corte de junio de 2024, de las %zu actividades con "
             "programación y reporte hasta el corte, %zu (%s) %s en verde o más", u->n_ratio,
             u->n_green, share, u->n_green == 1 ? "está" : "están");
    const char *first = strstr(text, lead);
    assert_non_null(first);
    char red[64];
    snprintf(red, sizeof red, "y %zu en rojo.", u->count[AVANCE_ROJO]);
    const char *r = strstr(first, red);
    const char *mean = strstr(first, "Cumplimiento promedio del periodo");
    assert_non_null(r);
    assert_non_null(mean);
    assert_true(r < mean);
    assert_non_null(strstr(text, "En el 2.º trimestre (abril a junio), de las"));
    /* summary table: count with a percentage, sin programación con avance */
    assert_non_null(strstr(text, "Con % periodo"));
    assert_non_null(strstr(text, "Con avance sin programación"));
    /* detail: the quarter in its header */
    assert_non_null(strstr(text, "% 2.º trim. (abr–jun)"));
    /* no threshold line labels on the chart */
    assert_null(strstr(text, "verde 90 %"));
    assert_null(strstr(text, "amarillo 70 %"));
    assert_non_null(strstr(text, "encima, el % en verde o más"));
    free(text);
}

static void expect_unknown(fixture *f, const char *old, const char *new, const char *bad)
{
    int line = 0;
    assert_int_equal(render(f, old, new, &line), -1);
    assert_true(line > 0);
    /* the element's line: its start tag may run over several lines */
    assert_unknown_placeholder(&f->d, f->out, bad, line, 3);
}

static void test_unknown_in_header(void **state)
{
    expect_unknown(*state, "derecha=\"{institucion}\"", "derecha=\"{institucionn}\"",
                   "{institucionn}");
}

static void test_unknown_on_cover(void **state)
{
    expect_unknown(*state, "periodo=\"{periodo}\"", "periodo=\"{period}\"", "{period}");
}

static void test_unwritable(void **state)
{
    fixture *f = *state;
    snprintf(f->out, sizeof f->out, "/nonexistent-paa-dir/avance.pdf");
    assert_int_equal(render(f, NULL, NULL, NULL), -1);
    assert_non_null(find_diag(&f->d, RULE_IO));
    assert_false(file_exists(f->out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_renders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_leads_with_green_and_red, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unknown_in_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_on_cover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
