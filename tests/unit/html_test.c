/* Unit tests of the web edition: escaping, sizes, the structure of the
 * pages rendered from a fixture, the progress pages measured against a
 * modified programme, and the atomic directory they go to. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "html/web.h"
#include "read/avance.h"
#include "read/programa.h"

#define ROOT PAA_TEST_DIR "/.."
#define SCHEMA ROOT "/input/schema/programa.xsd"

static char *escaped(const char *s)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    html_escape(f, s);
    fclose(f);
    return out;
}

static void test_escape(void **state)
{
    (void)state;
    char *s = escaped("<script>alert('x')</script> & \"A&amp;B\" — ñ");
    assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                           "&quot;A&amp;amp;B&quot; — ñ");
    free(s);
    s = escaped("");
    assert_string_equal(s, "");
    free(s);
}

static void test_size_text(void **state)
{
    (void)state;
    static const struct { long long bytes; const char *text; } cases[] = {
        {0, "0 B"}, {999, "999 B"}, {1000, "1.0 kB"}, {96349, "96.3 kB"},
        {999949, "999.9 kB"}, {999950, "1.0 MB"}, {1449999, "1.4 MB"},
        {1450000, "1.5 MB"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        html_size_text(cases[i].bytes, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Positions in order: each needle found after the previous one. */
static void assert_in_order(const char *page, const char *const *needles, size_t n)
{
    const char *at = page;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(at, needles[i]);
        if (p == NULL)
            fail_msg("falta, o está fuera de orden: %s", needles[i]);
        at = p + strlen(needles[i]);
    }
}

/* A scratch directory made from the template dir, and the site's path in
 * it. */
static void scratch_site(char *dir, char *out, size_t size)
{
    assert_non_null(mkdtemp(dir));
    snprintf(out, size, "%s/sitio", dir);
}

/* layouts/web.xml and layouts/programa.xml, as the site loads them. */
static void load_site_layouts(layout **weblay, layout **prog, diag_list *d)
{
    assert_int_equal(layout_load(ROOT "/layouts/web.xml", ROOT "/layouts/schema/web.xsd",
                                 weblay, d), 0);
    assert_int_equal(layout_load(ROOT "/layouts/programa.xml",
                                 ROOT "/layouts/schema/programa.xsd", prog, d), 0);
}

static void test_site_structure(void **state)
{
    (void)state;
    char dir[] = "/tmp/paa-html-XXXXXX", out[300], path[400];
    scratch_site(dir, out, sizeof out);
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    layout *weblay = NULL, *prog = NULL;
    assert_int_equal(parse_programa(PAA_TEST_DIR "/fixtures/minimo.xml", SCHEMA, &p, &d), 0);
    load_site_layouts(&weblay, &prog, &d);
    html_site site = {p, weblay, prog, NULL, NULL, 0, NULL, NULL};
    assert_int_equal(render_html(&site, out, &d), 0);
    assert_int_equal(d.n, 0);

    snprintf(path, sizeof path, "%s/index.html", out);
    char *index = slurp(path);
    const char *skeleton[] = {"<!DOCTYPE html>", "<html lang=\"es-MX\">",
                              "<a class=\"saltar\" href=\"#contenido\">", "<header",
                              "<nav class=\"secciones\" aria-label=", "aria-current=\"page\"",
                              "<main id=\"contenido\"", "<h1>", "</main>",
                              "<nav class=\"paginacion\"", "<footer", "</html>"};
    assert_in_order(index, skeleton, sizeof skeleton / sizeof skeleton[0]);
    assert_int_equal(count(index, "<h1>"), 1);
    assert_int_equal(count(index, "<main"), 1);
    /* the subprograma is listed under the Estructura */
    const char *contents[] = {"href=\"estructura.html\"", "<ol>",
                              "href=\"subprograma-01.html\"", "</ol>"};
    assert_in_order(index, contents, 4);
    free(index);

    snprintf(path, sizeof path, "%s/subprograma-01.html", out);
    char *sp = slurp(path);
    const char *calendar[] = {("<div class=\"tabla\" role=\"region\" tabindex=\"0\" "
                               "aria-labelledby=\"t-calendario\">"),
                              "<caption id=\"t-calendario\">", "<th scope=\"col\"",
                              "<span class=\"vh\">enero</span>",
                              "<span class=\"vh\">diciembre</span>",
                              "<th scope=\"rowgroup\" colspan=\"18\"><span class=\"grupo-texto\">0101 ",
                              "<tr id=\"a-010101\"><th scope=\"row\">010101</th>",
                              "<td class=\"n\">4,060</td>",
                              /* December was rebuilt: italic, mark, said */
                              "<td class=\"n rec\"><i>120</i><span aria-hidden=\"true\">†</span>",
                              "(valor reconstruido)"};
    assert_in_order(sp, calendar, sizeof calendar / sizeof calendar[0]);
    assert_int_equal(count(sp, "<h1>"), 1);
    /* the legend of the mark this page shows, and only that one */
    assert_non_null(strstr(sp, "<div class=\"leyenda\">\n<h3>"));
    assert_null(strstr(sp, "dato perdido: la exportación"));
    free(sp);

    /* the annex lists the rebuilt value, linked to its row */
    snprintf(path, sizeof path, "%s/anexo.html", out);
    char *annex = slurp(path);
    assert_non_null(strstr(annex, "<a href=\"subprograma-01.html#a-010101\">010101</a>"));
    assert_non_null(strstr(annex, "<td>diciembre</td><td class=\"n\">120</td>"));
    free(annex);

    snprintf(path, sizeof path, "%s/" OUTFILE_DIR_MARKER, out);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    layout_free(weblay);
    layout_free(prog);
    model_free(p);
    diag_list_free(&d);
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d != NULL)
        closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static paa_actividad *activity(paa_programa *p, const char *clave)
{
    for (size_t i = 0; i < p->n_subprogramas; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++) {
            paa_proyecto *pr = &p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++)
                if (strcmp(pr->actividades[k].clave, clave) == 0)
                    return &pr->actividades[k];
        }
    fail_msg("no activity %s", clave);
    return NULL;
}

/* The fixture's progress report measured against a copy of its programme
 * whose 010101 goes from 1,200 to 1,300 a year (December 100 → 200): both
 * programmed-to-date columns as real headers, the mark said in words, the
 * change note, and an adecuación that cancelled nothing says so. */
static void test_modified_programme(void **state)
{
    (void)state;
    char dir[] = "/tmp/paa-html-XXXXXX", out[300], path[400];
    scratch_site(dir, out, sizeof out);
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL, *q = NULL;
    avance *av = NULL;
    layout *weblay = NULL, *prog = NULL, *avlay = NULL;
    const char *prog_xml = PAA_TEST_DIR "/fixtures/avance/programa.xml";
    assert_int_equal(parse_programa(prog_xml, SCHEMA, &p, &d), 0);
    assert_int_equal(parse_programa(prog_xml, SCHEMA, &q, &d), 0);
    assert_int_equal(avance_load(PAA_TEST_DIR "/fixtures/avance/avance.xml",
                                 ROOT "/input/schema/avance.xsd", &av, &d), 0);
    load_site_layouts(&weblay, &prog, &d);
    assert_int_equal(layout_load(ROOT "/layouts/avance.xml",
                                 ROOT "/layouts/schema/avance.xsd", &avlay, &d), 0);
    paa_actividad *a = activity(q, "010101");
    a->anual = 1300 * PAA_DEC_SCALE;
    a->meses[11] = 200 * PAA_DEC_SCALE;
    avance_thresholds t;
    avance_thresholds_default(&t);
    avance_report r;
    assert_int_equal(avance_compute(av, q, &t, &r), 0);
    assert_int_equal(avance_compare_original(&r, p), 0);
    html_avance report = {av, &r};
    html_site site = {p, weblay, prog, avlay, &report, 1, NULL, q};
    assert_int_equal(render_html(&site, out, &d), 0);
    assert_int_equal(d.n, 0);

    snprintf(path, sizeof path, "%s/avance-2024-06-01.html", out);
    char *detail = slurp(path);
    const char *row[] = {
        "<th scope=\"col\" class=\"n\">Programado acumulado original</th>"
        "<th scope=\"col\" class=\"n\">Programado acumulado modificado</th>",
        "colspan=\"15\"", "<tr><th scope=\"row\">010101</th>",
        "<td class=\"n\">600</td><td class=\"n\">600<span class=\"marca-fila\" "
        "aria-hidden=\"true\">*</span><span class=\"vh\"> (meta modificada o actividad "
        "agregada por la adecuación)</span></td>",
        "<span class=\"nota-fila\">* Meta modificada por la adecuación: anual de 1,200 a "
        "1,300; diciembre de 100 a 200.</span>",
        "<tr><th scope=\"row\">010102</th>"};
    assert_in_order(detail, row, sizeof row / sizeof row[0]);
    assert_int_equal(count(detail, "aria-hidden=\"true\">*</span>"), 1);
    assert_int_equal(count(detail, "colspan=\"14\""), 0);
    snprintf(path, sizeof path, "%s/avance-2024-06.html", out);
    char *summary = slurp(path);
    const char *said[] = {"Cumplimiento medido contra el programa modificado (adecuación: "
                          "programa.xml). La adecuación modificó la meta de 1 actividad, "
                          "agregó 0, renumeró 0 y canceló 0",
                          "<h2 id=\"canceladas\">Actividades canceladas por la adecuación</h2>"
                          "\n<p>La adecuación no canceló ninguna actividad del programa "
                          "aprobado ("};
    assert_in_order(summary, said, sizeof said / sizeof said[0]);
    assert_null(strstr(summary, "t-canceladas"));

    free(detail);
    free(summary);
    avance_report_free(&r);
    avance_free(av);
    layout_free(weblay);
    layout_free(prog);
    layout_free(avlay);
    model_free(p);
    model_free(q);
    diag_list_free(&d);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

/* A directory is replaced whole, kept whole on abort, and one paa did not
 * write is refused. */
static void test_outfile_dir(void **state)
{
    (void)state;
    char dir[] = "/tmp/paa-dir-XXXXXX", target[300], path[400];
    assert_non_null(mkdtemp(dir));
    snprintf(target, sizeof target, "%s/web", dir);
    diag_list d;
    diag_list_init(&d);

    outfile_dir o;
    assert_int_equal(outfile_dir_open(&o, target, &d), 0);
    assert_int_equal(outfile_dir_mkdir(&o, "descargas", &d), 0);
    char *p = outfile_dir_path(&o, "a.html");
    put(p, "uno");
    free(p);
    assert_int_equal(outfile_dir_commit(&o, &d), 0);
    assert_int_equal(entries(target), 3);   /* marker, a.html, descargas */
    assert_int_equal(entries(dir), 1);

    /* abort: the previous directory stays, no temporary remains */
    assert_int_equal(outfile_dir_open(&o, target, &d), 0);
    assert_int_equal(entries(dir), 2);
    outfile_dir_abort(&o);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(entries(target), 3);

    /* commit: the new one replaces it whole */
    assert_int_equal(outfile_dir_open(&o, target, &d), 0);
    p = outfile_dir_path(&o, "b.html");
    put(p, "dos");
    free(p);
    assert_int_equal(outfile_dir_commit(&o, &d), 0);
    snprintf(path, sizeof path, "%s/a.html", target);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(entries(target), 2);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(d.n, 0);

    /* a directory without the marker is never replaced */
    snprintf(path, sizeof path, "%s/" OUTFILE_DIR_MARKER, target);
    unlink(path);
    assert_int_equal(outfile_dir_open(&o, target, &d), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, "io");
    assert_int_equal(entries(target), 1);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_size_text),
        cmocka_unit_test(test_site_structure),
        cmocka_unit_test(test_modified_programme),
        cmocka_unit_test(test_outfile_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
