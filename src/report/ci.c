/*
 * report: GitHub workflow commands and GitLab Code Quality. Both show only
 * the findings a baseline does not accept: they annotate a change.
 */
#include "report/internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/static.h"

/* ---- GitHub ------------------------------------------------------------------ */

/*
 * GitHub's escaping of workflow command data: '%', CR and LF; property
 * values (file=, title=) also ':' and ','.
 */
STATIC void github_escape(FILE *out, const char *s, bool property)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*s, out);
        }
    }
}

static void github_finding(FILE *out, const report_options *o, const report_subject *s,
                           const diag *x)
{
    fprintf(out, "::%s ", report_level(x->severity, "notice"));
    if (x->file != NULL) {
        fputs("file=", out);
        github_escape(out, x->file, true);
        if (x->line > 0)
            fprintf(out, ",line=%d", x->line);
        if (x->line > 0 && x->col > 0)
            fprintf(out, ",col=%d", x->col);
        fputc(',', out);
    }
    fputs("title=", out);
    char *title = paa_format("paa %s: %s", s->command, x->rule->id);
    github_escape(out, title != NULL ? title : x->rule->id, true);
    free(title);
    fputs("::", out);
    char *msg = report_message(x);
    github_escape(out, msg != NULL ? msg : x->message, false);
    free(msg);
    if (o->detail && x->detail != NULL) {
        github_escape(out, "\ntexto del validador: ", false);
        github_escape(out, x->detail, false);
    }
    fputc('\n', out);
}

void report_write_github(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (!d->items[i].accepted)
            github_finding(out, o, s, &d->items[i]);
    report_summary_line(out, o, s, d);
}

/* ---- GitLab Code Quality ----------------------------------------------------- */

/* FNV-1a, 64 bits, continued from h. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/*
 * A fingerprint that survives edits elsewhere in the file: rule and clave
 * (rule and message for findings without a clave), and the occurrence
 * number among findings with the same key. Never the line. 128 bits as 32
 * hex digits, from two differently seeded FNV-1a hashes.
 */
STATIC void gitlab_fingerprint(const diag *x, unsigned occurrence, char hex[33])
{
    char occ[16];
    snprintf(occ, sizeof occ, "%u", occurrence);
    const char *key = x->clave != NULL ? x->clave : x->message;
    const char *parts[] = {"paa", x->rule->id, key, occ};
    uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        h1 = fnv1a(h1, parts[i], strlen(parts[i]) + 1);
        h2 = fnv1a(h2, parts[i], strlen(parts[i]) + 1);
    }
    snprintf(hex, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

/* How many earlier unaccepted findings share x's rule and key. */
static unsigned occurrence_of(const diag_list *d, size_t i)
{
    const diag *x = &d->items[i];
    unsigned n = 0;
    for (size_t k = 0; k < i; k++) {
        const diag *y = &d->items[k];
        if (y->accepted || y->rule != x->rule)
            continue;
        const char *kx = x->clave != NULL ? x->clave : x->message;
        const char *ky = y->clave != NULL ? y->clave : y->message;
        n += (x->clave == NULL) == (y->clave == NULL) && strcmp(kx, ky) == 0;
    }
    return n;
}

static const char *gitlab_severity(diag_severity s)
{
    switch (s) {
    case DIAG_ERROR:
        return "major";
    case DIAG_WARNING:
        return "minor";
    case DIAG_NOTE:
        break;
    }
    return "info";
}

void report_write_gitlab(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d)
{
    (void)o;
    fputs("[", out);
    bool first = true;
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        if (x->accepted)
            continue;
        char fp[33];
        gitlab_fingerprint(x, occurrence_of(d, i), fp);
        fputs(first ? "\n  {\"description\": " : ",\n  {\"description\": ", out);
        first = false;
        char *msg = report_message(x);
        report_json_string(out, msg != NULL ? msg : x->message);
        free(msg);
        fputs(", \"check_name\": ", out);
        report_json_string(out, x->rule->id);
        fprintf(out, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", "
                "\"location\": {\"path\": ", fp, gitlab_severity(x->severity));
        report_json_string(out, x->file != NULL ? x->file : s->file);
        fprintf(out, ", \"lines\": {\"begin\": %d}}}", x->line > 0 ? x->line : 1);
    }
    fputs(first ? "]\n" : "\n]\n", out);
}
