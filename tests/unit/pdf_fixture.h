/*
 * pdf_fixture: what the unit tests of the two PDF documents share: a copy
 * of a shipped layout with one text changed, and readers of the PDF made
 * (page count, text through pdftotext).
 */
#ifndef PAA_TESTS_PDF_FIXTURE_H
#define PAA_TESTS_PDF_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/text.h"

#define ROOT PAA_TEST_DIR "/.."
#define EPOCH 1710806400LL

/* Everything left in f into a malloc'd string (NULL when short of memory). */
static char *read_all(FILE *f, size_t *len)
{
    strbuf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_add(&b, chunk, n);
    if (len != NULL)
        *len = b.len;
    return strbuf_take(&b);
}

/* Whole file into a malloc'd string (NULL when unreadable). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *s = read_all(f, len);
    fclose(f);
    return s;
}

/*
 * layouts/<name> written to /tmp with its font paths made absolute (the
 * copy lives outside the tree) and the first `old` replaced by `new` (when
 * not NULL); *line receives the line of that replacement. Returns the
 * copy's path in buf.
 */
static const char *layout_variant(const char *name, const char *old, const char *new,
                                  int *line, char *buf, size_t size)
{
    char src[512];
    snprintf(src, sizeof src, ROOT "/layouts/%s", name);
    char *text = slurp(src, NULL);
    if (text == NULL)
        return NULL;
    strbuf out = {0};
    int at = 0, lineno = 1;
    for (const char *s = text; *s != '\0';) {
        if (old != NULL && at == 0 && strncmp(s, old, strlen(old)) == 0) {
            strbuf_puts(&out, new);
            s += strlen(old);
            at = lineno;
        } else if (strncmp(s, "=\"../fonts/", 11) == 0) {
            strbuf_puts(&out, "=\"" ROOT "/fonts/");
            s += 11;
        } else {
            lineno += *s == '\n';
            strbuf_putc(&out, *s++);
        }
    }
    free(text);
    if (line != NULL)
        *line = at;
    snprintf(buf, size, "/tmp/paa_%ld_%s", (long)getpid(), name);
    FILE *f = fopen(buf, "w");
    if (f == NULL || out.failed) {
        strbuf_free(&out);
        return NULL;
    }
    fputs(strbuf_str(&out), f);
    fclose(f);
    strbuf_free(&out);
    return buf;
}

/* Pages of a PDF written by libharu (page objects are never compressed). */
static int pdf_pages(const char *path)
{
    size_t len;
    char *pdf = slurp(path, &len);
    if (pdf == NULL)
        return -1;
    int n = 0;
    for (size_t i = 0; i + 11 < len; i++)
        if (memcmp(pdf + i, "/Type /Page", 11) == 0 && pdf[i + 11] != 's')
            n++;
    free(pdf);
    return n;
}

/* Its text through pdftotext with `mode` ("-layout", "-raw"; malloc'd),
 * or NULL when the tool is missing. */
static char *pdf_text_mode(const char *path, const char *mode)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0)
        return NULL;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext -q %s '%s' -", mode, path);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NULL;
    char *text = read_all(p, NULL);
    pclose(p);
    return text;
}

/* Its text laid out as on the page. */
static char *pdf_text(const char *path)
{
    return pdf_text_mode(path, "-layout");
}

/* The first diagnostic of rule `rule`, or NULL. */
static const diag *find_diag(const diag_list *d, diag_rule_id rule)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].rule->code == rule)
            return &d->items[i];
    return NULL;
}

static bool file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* The document failed on the unknown placeholder `bad` with a "layout"
 * finding within `slack` lines of `line` (an element's start tag may run
 * over several lines), and left no file at out. Needs cmocka. */
#define assert_unknown_placeholder(d, out, bad, line, slack)                    \
    do {                                                                        \
        const diag *g_ = find_diag((d), RULE_LAYOUT);                          \
        assert_non_null(g_);                                                    \
        assert_true(g_->line >= (line) - (slack) && g_->line <= (line) + (slack)); \
        assert_non_null(strstr(g_->message, "marcador desconocido"));          \
        assert_non_null(strstr(g_->message, (bad)));                            \
        assert_false(file_exists(out));                                         \
    } while (0)

#endif
