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

static void test_baseline_accepts_and_reports_stale_entries(void **state)
{
    (void)state;
    char path[] = "/tmp/paa-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    write_file(path, "# accepted findings\n"
                     "suma-meses 010201 publicado así\n"
                     "\n"
                     "suma-meses 999999 ya corregido\n");
    diag_list d;
    diag_list_init(&d);
    run_check(FIXTURES "/reglas/suma-meses.xml", &d);
    check_baseline *b = NULL;
    assert_int_equal(check_baseline_load(path, &b, &d), 0);
    check_baseline_apply(b, &d, BASELINE_PROGRAMA);
    check_baseline_free(b);
    assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
    assert_int_equal(diag_count_accepted(&d), 1);
    assert_true(has_finding(&d, "linea-base-obsoleta", 4));
    diag_list_free(&d);
    unlink(path);
}

static void test_baseline_requires_reason_and_known_rule(void **state)
{
    (void)state;
    char path[] = "/tmp/paa-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    write_file(path, "suma-meses 010201\nregla-inventada 010201 motivo\n");
    diag_list d;
    diag_list_init(&d);
    check_baseline *b = NULL;
    assert_int_equal(check_baseline_load(path, &b, &d), -1);
    assert_null(b);
    assert_true(has_finding(&d, "linea-base-formato", 1));
    assert_true(has_finding(&d, "linea-base-formato", 2));
    diag_list_free(&d);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_fixture_has_no_findings),
        cmocka_unit_test(test_each_rule_fires_at_its_line),
        cmocka_unit_test(test_every_programme_rule_has_a_fixture),
        cmocka_unit_test(test_baseline_accepts_and_reports_stale_entries),
        cmocka_unit_test(test_baseline_requires_reason_and_known_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
