/*
 * report: the findings of a check, rendered for people and for CI.
 *
 * One entry point writes a diag_list in any of the formats `paa check
 * --format` offers: gcc-style text, versioned JSON, GitHub workflow
 * commands, SARIF 2.1.0, JUnit XML and GitLab Code Quality JSON. The
 * writers only render: which findings exist, which a baseline accepts and
 * what the exit status is are decided before (check/, main.c).
 */
#ifndef PAA_REPORT_H
#define PAA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"

typedef enum {
    REPORT_TEXT,
    REPORT_JSON,
    REPORT_GITHUB,
    REPORT_SARIF,
    REPORT_JUNIT,
    REPORT_GITLAB
} report_format;

/* Version of the JSON report (key "formato"). Fields are only ever added;
 * removing or renaming one would raise it. */
#define REPORT_JSON_VERSION 1

/* "text|json|github|sarif|junit|gitlab", for usage messages. */
extern const char report_format_names[];

/* Parses a --format value ("texto" is accepted for "text"); false when
 * unknown. */
bool report_format_parse(const char *name, report_format *out);

typedef struct {
    report_format format;
    bool show_accepted;   /* text: also the findings the baseline accepts */
    bool quiet;           /* text: only the summary and the errors that
                             stopped the check (io, linea-base-formato) */
    bool detail;          /* the validator's own text, where there is one */
    bool warnings_fail;   /* warnings make the run fail */
} report_options;

typedef struct {
    const char *command;   /* "check", "avance" */
    const char *file;      /* the file checked */
    bool has_counts;       /* the programme's size is known */
    size_t subprogramas, proyectos, actividades;
    bool baseline;         /* a baseline was applied */
    uint64_t rules;        /* bit r: rule r belongs to this command
                              (JUnit test cases) */
} report_subject;

/* True when the findings make the run fail under these options: an error
 * (or, with warnings_fail, a warning) that no baseline accepts. */
bool report_fails(const report_options *o, const diag_list *d);

/*
 * Writes the report of `d` (already sorted) to out. Returns 0, or -1 when
 * writing failed.
 */
int report_write(FILE *out, const report_options *o, const report_subject *s,
                 const diag_list *d);

#endif
