/*
 * baseline: accepted findings, pinned to their values.
 *
 * A baseline is a UTF-8 text file with one accepted finding per line:
 *
 *     regla clave [valores] motivo
 *
 * `clave` is the finding's clave ("-" for findings without one), `valores`
 * the values the finding had when it was accepted ("anual=14 meses=13"),
 * so that any later change to the accepted activity is a new finding, and
 * `motivo` the mandatory human reason. Lines starting with '#' and blank
 * lines are comments and are kept when the tool rewrites the file. Inside
 * the brackets and in the clave, '\', ']' and control characters are
 * escaped as "\\", "\]" and "\xHH". An entry without brackets pins no
 * values: it accepts findings that carry none (progress reports), and an
 * old entry of that kind for a finding that has values is reported so it
 * is rewritten with --actualizar-linea-base.
 *
 * Entries written by the tool get the placeholder reason
 * CHECK_BASELINE_PLACEHOLDER, which loading rejects (rule
 * "linea-base-formato") until a person writes the real reason.
 */
#ifndef PAA_CHECK_BASELINE_H
#define PAA_CHECK_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define CHECK_BASELINE_PLACEHOLDER "MOTIVO PENDIENTE: escriba por qué se acepta este hallazgo"

/* Largest baseline file read (the published one is under 10 KiB). */
#define CHECK_BASELINE_MAX_BYTES (1L << 20)

typedef struct check_baseline check_baseline;

/* True for rules a baseline may accept: the rules about the programme's
 * content, not reading, format, schema, layout or rendering failures. */
bool check_baseline_accepts_rule(diag_rule_id rule);

/*
 * Loads `path`. Returns 0, or -1 with one precise diagnostic per problem:
 * rule "io" for a file that is missing, a directory, not a regular file or
 * too large; "linea-base-formato" for each line that is not valid UTF-8,
 * each malformed or repeated line and each placeholder reason. With `rewriting`, placeholder reasons are
 * allowed (the file is about to be rewritten).
 */
int check_baseline_load(const char *path, bool rewriting, check_baseline **out,
                        diag_list *d);

/*
 * Marks the findings whose rule, clave and values an entry pins as
 * accepted. A finding whose entry pins other values stays a finding, with
 * the accepted values named in its message. `ran` is the set of rules that
 * ran over the whole input (diag_command_rules; 0 when the run stopped
 * early): an entry that matches nothing is reported ("linea-base-obsoleta")
 * only when its rule is in it. Entries of other rules (a progress report's
 * in `paa check`, a programme's in `paa avance`) are outside the command's
 * scope: neither used nor stale.
 */
void check_baseline_apply(check_baseline *b, diag_list *d, uint64_t ran);

typedef struct {
    size_t entries;   /* entries written */
    size_t pending;   /* of which with the placeholder reason */
    size_t pruned;    /* entries of `old` that matched no finding */
} check_baseline_stats;

/*
 * The text of a baseline accepting every finding of `d` a baseline may
 * accept. With `old` (the baseline being updated), its comments and the
 * order of its surviving entries are kept, each keeps its reason while its
 * values are unchanged, entries that match no finding are pruned and new
 * findings are appended; without it, a fresh file with a header. Reasons
 * of changed or new findings are the placeholder. Returns a malloc'd
 * string, or NULL on out-of-memory.
 */
char *check_baseline_render(const check_baseline *old, bool keep_layout,
                            const diag_list *d, check_baseline_stats *st);

void check_baseline_free(check_baseline *b);

#ifdef PAA_TESTING
char *baseline_escape(const char *s);
bool baseline_unescape(char *s, size_t len, char **out);
#endif

#endif
