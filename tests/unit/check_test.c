/* Unit tests of check: every rule has a fixture under tests/fixtures/reglas/
 * that makes it fire at the line its first comment names, and the clean
 * fixture gives no finding at all. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "check/baseline.h"
#include "check/programa.h"
#include "read/programa.h"

#define FIXTURES PAA_TEST_DIR "/fixtures"
#define SCHEMA PAA_TEST_DIR "/../input/schema/programa.xsd"

/* Parses and checks `path`; the programme is freed before returning. */
static void run_check(const char *path, diag_list *d)
{
    paa_programa *p = NULL;
    if (parse_programa(path, SCHEMA, &p, d) == 0)
        assert_int_equal(check_programa(p, d), 0);
    model_free(p);
}

static bool has_finding(const diag_list *d, const char *rule, int line)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].rule->id, rule) == 0 && d->items[i].line == line)
            return true;
    return false;
}

static void test_clean_fixture_has_no_findings(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    run_check(FIXTURES "/base.xml", &d);
    if (d.n > 0)
        diag_print_all(stdout, &d);
    assert_int_equal(d.n, 0);
    diag_list_free(&d);
}

/* Reads "<!-- espera: LINE RULE -->" from the fixture's second line. */
static bool read_expectation(const char *path, int *line, char *rule, size_t n)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    char buf[256] = "";
    bool ok = fgets(buf, sizeof buf, f) && fgets(buf, sizeof buf, f);
    fclose(f);
    char fmt[32];
    snprintf(fmt, sizeof fmt, "<!-- espera: %%d %%%zus -->", n - 1);
    return ok && sscanf(buf, fmt, line, rule) == 2;
}

static void test_each_rule_fires_at_its_line(void **state)
{
    (void)state;
    DIR *dir = opendir(FIXTURES "/reglas");
    assert_non_null(dir);
    int checked = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (strstr(e->d_name, ".xml") == NULL)
            continue;
        char path[1024], rule[64];
        int line;
        snprintf(path, sizeof path, FIXTURES "/reglas/%s", e->d_name);
        assert_true(read_expectation(path, &line, rule, sizeof rule));
        diag_list d;
        diag_list_init(&d);
        run_check(path, &d);
        if (!has_finding(&d, rule, line)) {
            print_message("%s: no [%s] at line %d; got:\n", e->d_name, rule, line);
            diag_print_all(stdout, &d);
            fail();
        }
        diag_list_free(&d);
        checked++;
    }
    closedir(dir);
    assert_true(checked >= 19);
}

/* Programme rules must each have a fixture, so a new rule cannot land
 * untested. Rules of other stages are tested with their stage. */
static void test_every_programme_rule_has_a_fixture(void **state)
{
    (void)state;
    static const char *const other_stage[] = {"io", "layout", "pdf", "xlsx",
                                              "linea-base-formato",
                                              "linea-base-obsoleta", NULL};
    for (const diag_rule *r = diag_rules; r < diag_rules + RULE_COUNT; r++) {
        bool skip = strncmp(r->id, "avance-", 7) == 0;
        for (size_t i = 0; other_stage[i] != NULL; i++)
            skip |= strcmp(r->id, other_stage[i]) == 0;
        if (skip)
            continue;
        char path[1024];
        snprintf(path, sizeof path, FIXTURES "/reglas/%s.xml", r->id);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            print_message("missing fixture for rule %s\n", r->id);
        assert_non_null(f);
        fclose(f);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Writes `text` to a new temporary file whose name goes into path. */
static void temp_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, text);
}

/* Checks `fixture` and applies the baseline `text`; returns load status. */
static int check_with(const char *fixture, const char *text, bool complete, diag_list *d)
{
    char path[] = "/tmp/paa-baseline-XXXXXX";
    temp_file(path, text);
    run_check(fixture, d);
    check_baseline *b = NULL;
    int rc = check_baseline_load(path, false, &b, d);
    if (rc == 0)
        check_baseline_apply(b, d, complete ? diag_command_rules(false) : 0);
    check_baseline_free(b);
    unlink(path);
    return rc;
}

static void test_baseline_accepts_and_reports_stale_entries(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(check_with(FIXTURES "/reglas/suma-meses.xml",
                                "# accepted findings\n"
                                "suma-meses 010201 [anual=1699243 meses=1699242] publicado así\n"
                                "\n"
                                "suma-meses 999999 [anual=1 meses=2] ya corregido\n",
                                true, &d), 0);
    assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
    assert_int_equal(diag_count_accepted(&d), 1);
    assert_true(has_finding(&d, "linea-base-obsoleta", 4));
    diag_list_free(&d);
}

static void test_baseline_stale_only_after_a_complete_check(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(check_with(FIXTURES "/reglas/suma-meses.xml",
                                "suma-meses 999999 [anual=1 meses=2] ya corregido\n",
                                false, &d), 0);
    assert_false(has_finding(&d, "linea-base-obsoleta", 1));
    diag_list_free(&d);
}

static void test_baseline_stale_only_for_the_rules_that_ran(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    /* `paa check` runs no progress rule: that entry is neither used nor
     * stale; the programme entry that matches nothing is. */
    assert_int_equal(check_with(FIXTURES "/reglas/suma-meses.xml",
                                "avance-mes-faltante 010201 no aplica\n"
                                "suma-meses 999999 [anual=1 meses=2] ya corregido\n",
                                true, &d), 0);
    assert_false(has_finding(&d, "linea-base-obsoleta", 1));
    assert_true(has_finding(&d, "linea-base-obsoleta", 2));
    diag_list_free(&d);
}

static void test_baseline_refuses_invalid_utf8_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/paa-baseline-XXXXXX";
    temp_file(path, "# bien\n"
                    "# a\xf1o\n"
                    "suma-meses 010201 [anual=1] motivo \xc3\n");
    diag_list d;
    diag_list_init(&d);
    check_baseline *b = NULL;
    assert_int_equal(check_baseline_load(path, false, &b, &d), -1);
    assert_null(b);
    assert_int_equal(d.n, 2);
    assert_true(has_finding(&d, "linea-base-formato", 2));
    assert_true(has_finding(&d, "linea-base-formato", 3));
    assert_non_null(strstr(d.items[0].message, "UTF-8"));
    diag_list_free(&d);
    unlink(path);
}

static void test_baseline_pins_values(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(check_with(FIXTURES "/reglas/suma-meses.xml",
                                "suma-meses 010201 [anual=14 meses=13] publicado así\n",
                                true, &d), 0);
    assert_int_equal(diag_count_accepted(&d), 0);
    assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
    assert_non_null(strstr(d.items[0].message, "aceptaba otros valores: [anual=14 meses=13], "
                                               "ahora [anual=1699243 meses=1699242]"));
    assert_false(has_finding(&d, "linea-base-obsoleta", 1));   /* it is about that finding */
    diag_list_free(&d);
}

static void test_baseline_requires_reason_and_known_rule(void **state)
{
    (void)state;
    char path[] = "/tmp/paa-baseline-XXXXXX";
    temp_file(path, "suma-meses 010201\n"
                    "regla-inventada 010201 motivo\n"
                    "suma-meses 010202 [anual=1 meses=2] " CHECK_BASELINE_PLACEHOLDER "\n"
                    "suma-meses 010203 [anual=1 meses=2] bien\n"
                    "suma-meses 010203 [anual=1 meses=3] repetida\n"
                    "esquema - no se puede aceptar\n"
                    "suma-meses 010204 [anual=1 sin cerrar\n");
    diag_list d;
    diag_list_init(&d);
    check_baseline *b = NULL;
    assert_int_equal(check_baseline_load(path, false, &b, &d), -1);
    assert_null(b);
    for (int line = 1; line <= 7; line++)
        if (line != 4)
            assert_true(has_finding(&d, "linea-base-formato", line));
    assert_int_equal(d.n, 6);
    diag_list_free(&d);
    /* Rewriting allows the placeholder, not the other mistakes. */
    diag_list_init(&d);
    assert_int_equal(check_baseline_load(path, true, &b, &d), -1);
    assert_false(has_finding(&d, "linea-base-formato", 3));
    diag_list_free(&d);
    unlink(path);
}

static void test_baseline_refuses_what_is_not_a_file(void **state)
{
    (void)state;
    const char *paths[] = {"/nonexistent/base", FIXTURES, "/dev/zero", "/dev/null"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        diag_list d;
        diag_list_init(&d);
        check_baseline *b = NULL;
        assert_int_equal(check_baseline_load(paths[i], false, &b, &d), -1);
        assert_int_equal(d.n, 1);
        assert_string_equal(d.items[0].rule->id, "io");
        diag_list_free(&d);
    }
}

static void test_baseline_escape_round_trip(void **state)
{
    (void)state;
    const char *raw = "cantidad=8 E] \\x [a\tb";
    char *esc = baseline_escape(raw);
    assert_string_equal(esc, "cantidad=8 E\\] \\\\x \\[a\\x09b");
    char *back = NULL;
    assert_true(baseline_unescape(esc, strlen(esc), &back));
    assert_string_equal(back, raw);
    free(esc);
    free(back);
    char bad[] = "\\q";
    assert_false(baseline_unescape(bad, 2, &back));
}

/* Replaces every `from` in s by the shorter `to`, in place. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    for (char *p; (p = strstr(s, from)) != NULL;) {
        memcpy(p, to, tl);
        memmove(p + tl, p + fl, strlen(p + fl) + 1);
    }
}

static void test_baseline_render_then_load_accepts_everything(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    run_check(PAA_TEST_DIR "/../input/paa2024.xml", &d);
    size_t n = d.n;
    check_baseline_stats st;
    char *text = check_baseline_render(NULL, false, &d, &st);
    assert_non_null(text);
    assert_int_equal(st.entries, n);
    assert_int_equal(st.pending, n);
    assert_int_equal(st.pruned, 0);
    /* The placeholder is refused until a person writes the reasons. */
    char path[] = "/tmp/paa-baseline-XXXXXX";
    temp_file(path, text);
    check_baseline *b = NULL;
    diag_list e;
    diag_list_init(&e);
    assert_int_equal(check_baseline_load(path, false, &b, &e), -1);
    assert_int_equal(e.n, n);
    diag_list_free(&e);
    replace_all(text, CHECK_BASELINE_PLACEHOLDER, "motivo escrito");
    write_file(path, text);
    assert_int_equal(check_baseline_load(path, false, &b, &d), 0);
    check_baseline_apply(b, &d, diag_command_rules(false));
    check_baseline_free(b);
    assert_int_equal(diag_count_accepted(&d), n);
    assert_int_equal(d.n, n);   /* nothing stale */
    free(text);
    unlink(path);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_fixture_has_no_findings),
        cmocka_unit_test(test_each_rule_fires_at_its_line),
        cmocka_unit_test(test_every_programme_rule_has_a_fixture),
        cmocka_unit_test(test_baseline_accepts_and_reports_stale_entries),
        cmocka_unit_test(test_baseline_requires_reason_and_known_rule),
        cmocka_unit_test(test_baseline_stale_only_after_a_complete_check),
        cmocka_unit_test(test_baseline_stale_only_for_the_rules_that_ran),
        cmocka_unit_test(test_baseline_refuses_invalid_utf8_lines),
        cmocka_unit_test(test_baseline_pins_values),
        cmocka_unit_test(test_baseline_refuses_what_is_not_a_file),
        cmocka_unit_test(test_baseline_escape_round_trip),
        cmocka_unit_test(test_baseline_render_then_load_accepts_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
