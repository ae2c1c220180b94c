/* Unit tests of outfile: commit replaces the target whole, abort leaves
 * the previous target untouched and no temporary file behind. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "write/outfile.h"

static char dir[] = "/tmp/paa-outfile-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static size_t count_entries(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void read_back(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
}

static void test_commit_and_abort(void **state)
{
    (void)state;
    char target[256], buf[64];
    snprintf(target, sizeof target, "%s/salida.csv", dir);
    diag_list d;
    diag_list_init(&d);

    outfile o;
    assert_int_equal(outfile_open(&o, target, 1, &d), 0);
    fputs("primera", o.f);
    assert_int_equal(outfile_commit(&o, &d), 0);
    read_back(target, buf, sizeof buf);
    assert_string_equal(buf, "primera");

    assert_int_equal(outfile_open(&o, target, 1, &d), 0);
    fputs("a medias", o.f);
    assert_int_equal(count_entries(), 2);   /* target + temporary */
    outfile_abort(&o);
    read_back(target, buf, sizeof buf);
    assert_string_equal(buf, "primera");
    assert_int_equal(count_entries(), 1);
    assert_int_equal(d.n, 0);
    unlink(target);
    rmdir(dir);
}

static void test_unwritable_directory_reports_io(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d);
    outfile o;
    assert_int_equal(outfile_open(&o, "/nonexistent/dir/x.pdf", 0, &d), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, "io");
    outfile_abort(&o);   /* safe after a failed open */
    diag_list_free(&d);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A group replaces all its files or none, and leaves no stage behind. */
static void test_group_is_all_or_nothing(void **state)
{
    (void)state;
    char gdir[] = "/tmp/paa-group-XXXXXX", path[512], buf[64];
    assert_non_null(mkdtemp(gdir));
    const char *const names[] = {"a.pdf", "b.xlsx"};
    diag_list d;
    diag_list_init(&d);

    /* First run: both appear. */
    outfile_group g;
    assert_int_equal(outfile_group_open(&g, gdir, &d), 0);
    for (size_t i = 0; i < 2; i++) {
        char *p = outfile_group_path(&g, names[i]);
        write_text(p, "nuevo");
        free(p);
    }
    assert_int_equal(outfile_group_commit(&g, names, 2, &d), 0);
    snprintf(path, sizeof path, "%s/a.pdf", gdir);
    read_back(path, buf, sizeof buf);
    assert_string_equal(buf, "nuevo");

    /* Second run: b.xlsx cannot be replaced, so a.pdf keeps its old text. */
    snprintf(path, sizeof path, "%s/b.xlsx", gdir);
    unlink(path);
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(outfile_group_open(&g, gdir, &d), 0);
    for (size_t i = 0; i < 2; i++) {
        char *p = outfile_group_path(&g, names[i]);
        write_text(p, "otro");
        free(p);
    }
    assert_int_equal(outfile_group_commit(&g, names, 2, &d), -1);
    assert_int_equal(d.n, 1);
    snprintf(path, sizeof path, "%s/a.pdf", gdir);
    read_back(path, buf, sizeof buf);
    assert_string_equal(buf, "nuevo");

    /* Nothing but the two targets remains. */
    DIR *listing = opendir(gdir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(listing)) != NULL;)
        n += e->d_name[0] != '.' || strncmp(e->d_name, ".paa-tmp", 8) == 0;
    closedir(listing);
    assert_int_equal(n, 2);
    snprintf(path, sizeof path, "%s/b.xlsx", gdir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/a.pdf", gdir);
    unlink(path);
    rmdir(gdir);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_and_abort),
        cmocka_unit_test(test_unwritable_directory_reports_io),
        cmocka_unit_test(test_group_is_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
