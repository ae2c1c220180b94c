/*
 * xlsx_files: file helpers the workbook tests share — scratch paths,
 * whole files, findings by rule, and copies of a layout with one change
 * (its font paths made absolute, since the copy lives elsewhere).
 */
#ifndef PAA_TESTS_XLSX_FILES_H
#define PAA_TESTS_XLSX_FILES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

/* dir/name in one of four rotating buffers. */
static inline char *path_in(const char *dir, const char *name)
{
    static char buf[4][160];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* The whole file, NUL-terminated; its size in *len. */
static inline unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    unsigned char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
    b[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return b;
}

static inline bool same_bytes(const char *a, const char *b)
{
    size_t la, lb;
    unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
    bool same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

/* Whether d holds a finding of `rule` whose message contains needle
 * (any message when NULL). */
static inline bool has_rule(const diag_list *d, const char *rule, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].rule->id, rule) == 0 &&
            (needle == NULL || strstr(d->items[i].message, needle) != NULL))
            return true;
    return false;
}

/* Nothing at all in dir: no output, no temporary. */
static inline bool dir_is_empty(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
    return system(cmd) == 0;
}

/* Removes the scratch directory dir and all it holds. */
static inline void remove_dir(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Writes s[0..n) with the font paths, relative to layouts/, made absolute. */
static inline void put_absolute_fonts(FILE *fp, const char *s, size_t n)
{
    static const char rel[] = "\"../fonts/";
    const char *end = s + n;
    for (const char *at; (at = strstr(s, rel)) != NULL && at < end; s = at + strlen(rel)) {
        fwrite(s, 1, (size_t)(at - s), fp);
        fputs("\"" PAA_TEST_DIR "/../fonts/", fp);
    }
    fwrite(s, 1, (size_t)(end - s), fp);
}

/* Writes a copy of layout `from` at `out` with the first `old` replaced
 * by `new`. */
static inline void layout_copy(const char *from, const char *out, const char *old,
                               const char *new)
{
    size_t len;
    char *s = (char *)slurp(from, &len);
    char *at = strstr(s, old);
    assert_non_null(at);
    FILE *fp = fopen(out, "wb");
    assert_non_null(fp);
    put_absolute_fonts(fp, s, (size_t)(at - s));
    fputs(new, fp);
    put_absolute_fonts(fp, at + strlen(old), strlen(at + strlen(old)));
    fclose(fp);
    free(s);
}

#endif
