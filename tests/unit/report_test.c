/* Unit tests of report: escaping of each format, plurals, quiet text,
 * fingerprints that ignore lines, JUnit counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/internal.h"

typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
}

static char *cap_close(capture *c)
{
    fclose(c->f);
    return c->buf;
}

/* Two errors (one accepted), one warning. */
static void sample(diag_list *d)
{
    diag_list_init(d);
    diag_add(d, RULE_SUMA_MESES, "p.xml", 10, "080304", "la anual es %d", 14);
    diag_set_values(d, "anual=14 meses=13");
    diag_add(d, RULE_CANTIDAD_FORMATO, "p.xml", 20, "010101", "«4,060» no es una cantidad");
    diag_add(d, RULE_BENEFICIARIOS_VARIANTE, "p.xml", 30, "020102", "variante");
    d->items[0].accepted = true;
    d->items[0].reason = strdup("publicado así");
}

static const report_subject subject = {.command = "check", .file = "p.xml",
                                       .has_counts = true, .subprogramas = 1,
                                       .proyectos = 2, .actividades = 1, .baseline = true};

static char *render(const report_options *o, const diag_list *d)
{
    capture c;
    cap_open(&c);
    assert_int_equal(report_write(c.f, o, &subject, d), 0);
    return cap_close(&c);
}

static void test_format_names(void **state)
{
    (void)state;
    report_format f;
    assert_true(report_format_parse("texto", &f) && f == REPORT_TEXT);
    assert_true(report_format_parse("sarif", &f) && f == REPORT_SARIF);
    assert_true(report_format_parse("gitlab", &f) && f == REPORT_GITLAB);
    assert_false(report_format_parse("yaml", &f));
}

static void test_text_hides_accepted_and_counts_in_spanish(void **state)
{
    (void)state;
    diag_list d;
    sample(&d);
    report_options o = {.format = REPORT_TEXT};
    char *s = render(&o, &d);
    assert_null(strstr(s, "aceptado:"));
    assert_non_null(strstr(s, "p.xml:20: error: «4,060» no es una cantidad (010101) "
                              "[cantidad-formato]\n"));
    assert_non_null(strstr(s, "resumen: 1 subprograma, 2 proyectos, 1 actividad; 1 error, "
                              "1 aviso, 1 aceptado por la línea base\n"));
    free(s);
    o.quiet = true;
    s = render(&o, &d);
    assert_int_equal(strncmp(s, "resumen: ", 9), 0);   /* the only line */
    assert_string_equal(strchr(s, '\n'), "\n");
    free(s);
    o.quiet = false;
    o.show_accepted = true;
    s = render(&o, &d);
    assert_non_null(strstr(s, "p.xml:10: aceptado: la anual es 14 (080304) [suma-meses] "
                              "(línea base: publicado así)\n"));
    free(s);
    assert_true(report_fails(&o, &d));
    d.items[1].accepted = true;
    assert_false(report_fails(&o, &d));
    o.warnings_fail = true;
    assert_true(report_fails(&o, &d));
    diag_list_free(&d);
}

static void test_json_escapes_and_replaces_invalid_utf8(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    report_json_string(c.f, "a\"b\\c\n\t\x01 \xff ñ");
    char *s = cap_close(&c);
    assert_string_equal(s, "\"a\\\"b\\\\c\\n\\t\\u0001 \\ufffd ñ\"");
    free(s);
    cap_open(&c);
    report_json_string(c.f, NULL);
    s = cap_close(&c);
    assert_string_equal(s, "null");
    free(s);
}

static void test_xml_escapes(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    report_xml_text(c.f, "<a href=\"x\">&'\x02\n");
    char *s = cap_close(&c);
    assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\xef\xbf\xbd&#10;");
    free(s);
}

static void test_github_escaping(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    github_escape(c.f, "50%: a,b\r\n", false);
    fputc('|', c.f);
    github_escape(c.f, "50%: a,b\r\n", true);
    char *s = cap_close(&c);
    assert_string_equal(s, "50%25: a,b%0D%0A|50%25%3A a%2Cb%0D%0A");
    free(s);

    diag_list d;
    sample(&d);
    report_options o = {.format = REPORT_GITHUB};
    s = render(&o, &d);
    assert_non_null(strstr(s, "::error file=p.xml,line=20,title=paa check%3A cantidad-formato::"
                              "«4,060» no es una cantidad (010101)\n"));
    assert_non_null(strstr(s, "::warning file=p.xml,line=30,"));
    assert_null(strstr(s, "080304"));   /* accepted: not annotated */
    free(s);
    diag_list_free(&d);
}

static void test_gitlab_fingerprint_ignores_the_line(void **state)
{
    (void)state;
    diag_list d;
    sample(&d);
    char a[33], b[33], c[33];
    gitlab_fingerprint(&d.items[1], 0, a);
    d.items[1].line = 999;
    gitlab_fingerprint(&d.items[1], 0, b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 32);
    gitlab_fingerprint(&d.items[1], 1, c);   /* a second finding of the same key */
    assert_string_not_equal(a, c);
    gitlab_fingerprint(&d.items[2], 0, c);
    assert_string_not_equal(a, c);
    diag_list_free(&d);
}

static void test_junit_counts(void **state)
{
    (void)state;
    diag_list d;
    sample(&d);
    report_options o = {.format = REPORT_JUNIT};
    report_subject s = subject;
    s.rules = (1u << RULE_SUMA_MESES) | (1u << RULE_CANTIDAD_FORMATO) |
              (1u << RULE_BENEFICIARIOS_VARIANTE) | (1u << RULE_CLAVE_ORDEN);
    capture c;
    cap_open(&c);
    assert_int_equal(report_write(c.f, &o, &s, &d), 0);
    char *x = cap_close(&c);
    assert_non_null(strstr(x, "<testsuites name=\"paa check\" tests=\"4\" failures=\"1\""));
    assert_non_null(strstr(x, "<testcase classname=\"paa.check\" name=\"clave-orden\"/>"));
    assert_non_null(strstr(x, "<failure type=\"cantidad-formato\" message=\"1 hallazgo: "));
    free(x);
    o.warnings_fail = true;
    cap_open(&c);
    assert_int_equal(report_write(c.f, &o, &s, &d), 0);
    x = cap_close(&c);
    assert_non_null(strstr(x, "tests=\"4\" failures=\"2\""));
    free(x);
    diag_list_free(&d);
}

static void test_sarif_suppression_and_uri(void **state)
{
    (void)state;
    diag_list d;
    sample(&d);
    free(d.items[2].file);
    d.items[2].file = strdup("/ruta con espacio/ñ.xml");
    report_options o = {.format = REPORT_SARIF};
    char *s = render(&o, &d);
    assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(s, "\"suppressions\": [{\"kind\": \"external\", \"status\": "
                              "\"accepted\", \"justification\": \"publicado así\"}]"));
    assert_non_null(strstr(s, "\"uri\": \"file:///ruta%20con%20espacio/%C3%B1.xml\""));
    assert_non_null(strstr(s, "\"paaReglaClave/v1\": \"suma-meses:080304\""));
    free(s);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_text_hides_accepted_and_counts_in_spanish),
        cmocka_unit_test(test_json_escapes_and_replaces_invalid_utf8),
        cmocka_unit_test(test_xml_escapes),
        cmocka_unit_test(test_github_escaping),
        cmocka_unit_test(test_gitlab_fingerprint_ignores_the_line),
        cmocka_unit_test(test_junit_counts),
        cmocka_unit_test(test_sarif_suppression_and_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
