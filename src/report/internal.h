/*
 * report internals: the writers of each format and the escaping helpers
 * they share. Only src/report/ includes this header.
 */
#ifndef PAA_REPORT_INTERNAL_H
#define PAA_REPORT_INTERNAL_H

#include "report/report.h"

/* JSON string literal of s (NULL: null); invalid UTF-8 becomes U+FFFD. */
void report_json_string(FILE *out, const char *s);

/* XML text or attribute content of s: & < > " ' escaped, characters XML
 * 1.0 forbids and invalid UTF-8 replaced by U+FFFD. */
void report_xml_text(FILE *out, const char *s);

/* The message with its clave, as every format shows it:
 * "message (clave)". malloc'd; NULL on out-of-memory. */
char *report_message(const diag *x);

/* The English level word CI formats use: "error", "warning", or
 * `note_word` for notes ("note" in SARIF, "notice" in GitHub). */
const char *report_level(diag_severity s, const char *note_word);

/* "1 error" / "2 errores". */
const char *report_plural(size_t n, const char *one, const char *many);

void report_write_github(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d);
void report_write_gitlab(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d);
void report_write_sarif(FILE *out, const report_options *o, const report_subject *s,
                        const diag_list *d);
void report_write_junit(FILE *out, const report_options *o, const report_subject *s,
                        const diag_list *d);

/* The one summary line of the text and github formats. */
void report_summary_line(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d);

#ifdef PAA_TESTING
void github_escape(FILE *out, const char *s, bool property);
void gitlab_fingerprint(const diag *x, unsigned occurrence, char hex[33]);
#endif

#endif
