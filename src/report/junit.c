/*
 * report: JUnit XML, which every CI dashboard reads. One test case per rule
 * of the command: it fails when the rule has findings that make the run
 * fail, and lists its other findings (warnings, accepted) as output.
 */
#include "report/internal.h"

#include <stdlib.h>
#include <string.h>

/* Rules shown: those of the command and any other that has a finding. */
static bool rule_shown(const report_subject *s, const diag_list *d, size_t r)
{
    if (r < 64 && (s->rules >> r & 1u))
        return true;
    for (size_t i = 0; i < d->n; i++)
        if ((size_t)d->items[i].rule->code == r)
            return true;
    return false;
}

/* Whether finding x makes the run fail. */
static bool failing(const report_options *o, const diag *x)
{
    return !x->accepted && (x->severity == DIAG_ERROR ||
                            (o->warnings_fail && x->severity == DIAG_WARNING));
}

static size_t count_rule(const report_options *o, const diag_list *d, size_t r,
                         bool want_failing)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += (size_t)d->items[i].rule->code == r && failing(o, &d->items[i]) == want_failing;
    return n;
}

/* The findings of rule r that are (or are not) failing, one per line. */
static void rule_lines(FILE *out, const report_options *o, const diag_list *d, size_t r,
                       bool want_failing)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL)
        return;
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        if ((size_t)x->rule->code == r && failing(o, x) == want_failing)
            diag_print(mem, x);
    }
    if (fclose(mem) == 0)
        report_xml_text(out, buf);
    free(buf);
}

static void testcase(FILE *out, const report_options *o, const report_subject *s,
                     const diag_list *d, size_t r)
{
    const diag_rule *rule = &diag_rules[r];
    size_t bad = count_rule(o, d, r, true), other = count_rule(o, d, r, false);
    fputs("    <testcase classname=\"paa.", out);
    report_xml_text(out, s->command);
    fputs("\" name=\"", out);
    report_xml_text(out, rule->id);
    fputs("\"", out);
    if (bad == 0 && other == 0) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (bad > 0) {
        fprintf(out, "      <failure type=\"%s\" message=\"%zu %s: ", rule->id, bad,
                report_plural(bad, "hallazgo", "hallazgos"));
        report_xml_text(out, rule->summary);
        fputs("\">", out);
        rule_lines(out, o, d, r, true);
        fputs("</failure>\n", out);
    }
    if (other > 0) {
        fputs("      <system-out>", out);
        rule_lines(out, o, d, r, false);
        fputs("</system-out>\n", out);
    }
    fputs("    </testcase>\n", out);
}

void report_write_junit(FILE *out, const report_options *o, const report_subject *s,
                        const diag_list *d)
{
    size_t tests = 0, failures = 0;
    for (size_t r = 0; r < RULE_COUNT; r++) {
        if (!rule_shown(s, d, r))
            continue;
        tests++;
        failures += count_rule(o, d, r, true) > 0;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"paa ", out);
    report_xml_text(out, s->command);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests, failures);
    fputs("  <testsuite name=\"paa ", out);
    report_xml_text(out, s->command);
    fputs(" ", out);
    report_xml_text(out, s->file);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
            tests, failures);
    for (size_t r = 0; r < RULE_COUNT; r++)
        if (rule_shown(s, d, r))
            testcase(out, o, s, d, r);
    if (d->oom)
        fputs("    <system-err>memoria insuficiente; algunos hallazgos no se "
              "registraron</system-err>\n", out);
    fputs("  </testsuite>\n</testsuites>\n", out);
}
