/*
 * report: SARIF 2.1.0 (code scanning, editors). The whole rule table goes
 * in tool.driver.rules; findings a baseline accepts are results with an
 * external suppression whose justification is the baseline's reason.
 */
#include "report/internal.h"

#include <stdlib.h>
#include <string.h>

/* A file path as a URI reference: relative paths stay relative (they are
 * resolved against the repository), absolute ones become file:// URIs;
 * everything but unreserved characters and '/' is percent-encoded. */
static void sarif_uri(FILE *out, const char *path)
{
    fputc('"', out);
    if (path[0] == '/')
        fputs("file://", out);
    for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
    fputc('"', out);
}

static void sarif_rules(FILE *out)
{
    fputs("          \"rules\": [\n", out);
    for (size_t r = 0; r < RULE_COUNT; r++) {
        const diag_rule *rule = &diag_rules[r];
        fputs("            {\"id\": ", out);
        report_json_string(out, rule->id);
        fputs(", \"shortDescription\": {\"text\": ", out);
        report_json_string(out, rule->summary);
        fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}%s\n",
                report_level(rule->severity, "note"), r + 1 < RULE_COUNT ? "," : "");
    }
    fputs("          ]\n", out);
}

static void sarif_location(FILE *out, const diag *x)
{
    fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
    sarif_uri(out, x->file);
    fputc('}', out);
    if (x->line > 0) {
        fprintf(out, ", \"region\": {\"startLine\": %d", x->line);
        if (x->col > 0)
            fprintf(out, ", \"startColumn\": %d", x->col);
        fputc('}', out);
    }
    fputs("}}]", out);
}

static void sarif_result(FILE *out, const report_options *o, const diag *x, bool last)
{
    fputs("        {\"ruleId\": ", out);
    report_json_string(out, x->rule->id);
    fprintf(out, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ",
            (int)x->rule->code, report_level(x->severity, "note"));
    char *msg = report_message(x);
    report_json_string(out, msg != NULL ? msg : x->message);
    free(msg);
    fputc('}', out);
    if (x->file != NULL)
        sarif_location(out, x);
    if (x->clave != NULL) {
        fputs(", \"partialFingerprints\": {\"paaReglaClave/v1\": ", out);
        char *key = malloc(strlen(x->rule->id) + strlen(x->clave) + 2);
        if (key != NULL)
            sprintf(key, "%s:%s", x->rule->id, x->clave);
        report_json_string(out, key != NULL ? key : x->clave);
        free(key);
        fputc('}', out);
    }
    if (x->accepted) {
        fputs(", \"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\", "
              "\"justification\": ", out);
        report_json_string(out, x->reason != NULL ? x->reason : "");
        fputs("}]", out);
    }
    if (x->clave != NULL || x->values != NULL || (o->detail && x->detail != NULL)) {
        fputs(", \"properties\": {\"clave\": ", out);
        report_json_string(out, x->clave);
        fputs(", \"valores\": ", out);
        report_json_string(out, x->values);
        if (o->detail && x->detail != NULL) {
            fputs(", \"detalle\": ", out);
            report_json_string(out, x->detail);
        }
        fputc('}', out);
    }
    fputs(last ? "}\n" : "},\n", out);
}

void report_write_sarif(FILE *out, const report_options *o, const report_subject *s,
                        const diag_list *d)
{
    fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
          "      \"tool\": {\n        \"driver\": {\n"
          "          \"name\": \"paa\",\n"
          "          \"fullName\": \"paa: Programa Anual de Actividades del IEEM\",\n"
          "          \"informationUri\": \"https://www.ieem.org.mx/\",\n"
          "          \"version\": ", out);
    report_json_string(out, PAA_VERSION);
    fputs(",\n          \"language\": \"es-MX\",\n", out);
    sarif_rules(out);
    fputs("        }\n      },\n", out);
    fprintf(out, "      \"invocations\": [{\"executionSuccessful\": %s}],\n",
            d->oom ? "false" : "true");
    fputs("      \"results\": [\n", out);
    (void)s;
    for (size_t i = 0; i < d->n; i++)
        sarif_result(out, o, &d->items[i], i + 1 == d->n);
    fputs("      ]\n    }\n  ]\n}\n", out);
}
