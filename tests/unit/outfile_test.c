/* Unit tests of outfile: commit replaces the target whole, abort leaves
 * the previous target untouched and no temporary file behind; a group of
 * outputs appears whole or not at all, and a failure half-way through its
 * commit puts the previous outputs back byte for byte. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/syserr.h"
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

/* ---- group rollback ---------------------------------------------------------- */

#define NFILES 3

static const char *const group_names[NFILES] = {"a.pdf", "b.xlsx", "c.csv"};

/* Previous outputs: binary, of different lengths, NUL bytes included. */
static size_t old_content(size_t i, unsigned char *buf, size_t size)
{
    size_t n = 100 + 37 * i;
    assert_true(n <= size);
    for (size_t k = 0; k < n; k++)
        buf[k] = (unsigned char)(k * 7 + i * 31);
    buf[3] = '\0';
    return n;
}

static void write_bytes(const char *path, const unsigned char *buf, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* path holds exactly buf[0..n). */
static void assert_bytes(const char *path, const unsigned char *buf, size_t n)
{
    unsigned char got[1024];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("%s is missing", path);
    size_t k = fread(got, 1, sizeof got, f);
    fclose(f);
    assert_int_equal(k, n);
    assert_memory_equal(got, buf, n);
}

/* A directory holding the previous versions of the three outputs. */
static void group_dir(char *gdir)
{
    assert_non_null(mkdtemp(gdir));
    unsigned char buf[512];
    char path[512];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", gdir, group_names[i]);
        write_bytes(path, buf, old_content(i, buf, sizeof buf));
    }
}

/* Stages new versions of the outputs whose bit is set in `which`. */
static void stage_new(outfile_group *g, unsigned which)
{
    for (size_t i = 0; i < NFILES; i++)
        if (which & (1u << i)) {
            char *p = outfile_group_path(g, group_names[i]);
            write_text(p, "nuevo");
            free(p);
        }
}

/* Every previous output is back, byte for byte, and nothing else is in
 * the directory (no stage, no .anterior). */
static void assert_old_outputs(const char *gdir)
{
    unsigned char buf[512];
    char path[512];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", gdir, group_names[i]);
        assert_bytes(path, buf, old_content(i, buf, sizeof buf));
    }
    DIR *listing = opendir(gdir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(listing)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(listing);
    assert_int_equal(n, NFILES);
}

static void remove_group_dir(const char *gdir)
{
    char path[512];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", gdir, group_names[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(gdir), 0);
}

/* The second new output never made it to the stage: placing it fails
 * after the first was placed, and the rollback puts the three previous
 * outputs back. This is the real rename(2), no injection. */
static void test_group_rollback_after_second_fails(void **state)
{
    (void)state;
    char gdir[] = "/tmp/paa-rollback-XXXXXX";
    group_dir(gdir);
    diag_list d;
    diag_list_init(&d);
    outfile_group g;
    assert_int_equal(outfile_group_open(&g, gdir, &d), 0);
    stage_new(&g, 1u << 0 | 1u << 2);   /* a.pdf and c.csv, not b.xlsx */
    assert_int_equal(outfile_group_commit(&g, group_names, NFILES, &d), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule->id, "io");
    assert_non_null(strstr(d.items[0].message, "no se pudieron colocar las salidas"));
    assert_null(g.stage);
    assert_old_outputs(gdir);
    remove_group_dir(gdir);
    diag_list_free(&d);
}

/* An injected move step: rename call number k (from 1) fails with EACCES
 * when bit k of rename_fail_mask is set; the others are real. */
static unsigned rename_calls;
static unsigned rename_fail_mask;

static int failing_rename(const char *from, const char *to)
{
    rename_calls++;
    if (rename_calls < 32 && (rename_fail_mask & (1u << rename_calls))) {
        errno = EACCES;
        return -1;
    }
    return rename(from, to);
}

static int commit_failing(const char *gdir, unsigned fail_calls, diag_list *d,
                          outfile_group *g)
{
    assert_int_equal(outfile_group_open(g, gdir, d), 0);
    stage_new(g, 7);
    rename_calls = 0;
    rename_fail_mask = fail_calls;
    return outfile_group_commit_with(g, group_names, NFILES, failing_rename, d);
}

/* With three previous versions the commit renames: 1-3 aside, 4-6 in.
 * Whichever fails — moving the second aside (2) or placing the second
 * (5) — the previous outputs are all back as they were. */
static void test_group_rollback_at_every_step(void **state)
{
    (void)state;
    for (unsigned call = 1; call <= 6; call++) {
        char gdir[] = "/tmp/paa-rollback-XXXXXX";
        group_dir(gdir);
        diag_list d;
        diag_list_init(&d);
        outfile_group g;
        assert_int_equal(commit_failing(gdir, 1u << call, &d, &g), -1);
        assert_int_equal(d.n, 1);
        assert_non_null(strstr(d.items[0].message, syserr_text(EACCES)));
        assert_old_outputs(gdir);
        remove_group_dir(gdir);
        diag_list_free(&d);
    }
}

/* Placing the second fails (5) and so does putting back the first
 * previous version (rollback: 6 moves a.pdf back to the stage, 7 restores
 * a.pdf's previous version): the stage is kept, and the previous a.pdf
 * waits there, intact, as a.pdf.anterior; the others are back. */
static void test_group_failed_rollback_keeps_stage(void **state)
{
    (void)state;
    char gdir[] = "/tmp/paa-rollback-XXXXXX";
    group_dir(gdir);
    diag_list d;
    diag_list_init(&d);
    outfile_group g;
    assert_int_equal(commit_failing(gdir, 1u << 5 | 1u << 7, &d, &g), -1);
    assert_int_equal(d.n, 2);
    assert_non_null(strstr(d.items[1].message, "no se pudieron restaurar"));
    const char *stage = d.items[1].file;   /* the kept stage */
    assert_true(strncmp(stage, gdir, strlen(gdir)) == 0);

    unsigned char buf[512];
    char path[600];
    snprintf(path, sizeof path, "%s/a.pdf.anterior", stage);
    assert_bytes(path, buf, old_content(0, buf, sizeof buf));
    snprintf(path, sizeof path, "%s/a.pdf", gdir);
    assert_int_equal(access(path, F_OK), -1);
    for (size_t i = 1; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", gdir, group_names[i]);
        assert_bytes(path, buf, old_content(i, buf, sizeof buf));
    }
    /* the journal stays, so that the next run finishes the commit */
    snprintf(path, sizeof path, "%s/.paa-diario", gdir);
    assert_int_equal(access(path, F_OK), 0);
    unlink(path);
    /* clean up the kept stage */
    outfile_group kept = {.dir = NULL, .stage = strdup(stage)};
    outfile_group_abort(&kept);
    remove_group_dir(gdir);
    diag_list_free(&d);
}

/* ---- kills ------------------------------------------------------------------- */

/* An injected move step that kills the process (SIGKILL, as `kill -9` or
 * a power cut would) instead of performing rename call number kill_at. */
static unsigned kill_at;

static int killing_rename(const char *from, const char *to)
{
    if (++rename_calls == kill_at)
        raise(SIGKILL);
    return rename(from, to);
}

/* Every output of the directory holds the new version, and nothing else
 * is there (no stage, no journal, no .anterior). */
static void assert_new_outputs(const char *gdir)
{
    char path[512];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", gdir, group_names[i]);
        assert_bytes(path, (const unsigned char *)"nuevo", 5);
    }
    DIR *listing = opendir(gdir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(listing)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(listing);
    assert_int_equal(n, NFILES);
}

/*
 * A run killed at each step of its commit: before the commit (0), and
 * before each of its six renames (1-3 aside, 4-6 in). The next run on the
 * directory (outfile_group_open) finds it all old (0: the journal was not
 * written yet) or all new (the journal was, so the commit is finished),
 * never a mix, and nothing of the killed run left.
 */
static void test_group_kill_at_every_rename(void **state)
{
    (void)state;
    for (unsigned call = 0; call <= 6; call++) {
        char gdir[] = "/tmp/paa-kill-XXXXXX";
        group_dir(gdir);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            diag_list d;
            diag_list_init(&d);
            outfile_group g;
            if (outfile_group_open(&g, gdir, &d) != 0)
                _exit(3);
            stage_new(&g, 7);
            if (call == 0)
                raise(SIGKILL);
            rename_calls = 0;
            kill_at = call;
            outfile_group_commit_with(&g, group_names, NFILES, killing_rename, &d);
            _exit(4);   /* not reached: killed */
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

        diag_list d;
        diag_list_init(&d);
        outfile_group next;
        assert_int_equal(outfile_group_open(&next, gdir, &d), 0);
        outfile_group_abort(&next);
        assert_int_equal(d.n, 0);
        if (call == 0)
            assert_old_outputs(gdir);
        else
            assert_new_outputs(gdir);
        remove_group_dir(gdir);
        diag_list_free(&d);
    }
}

/* The stage of a run killed by another process id that is still alive is
 * not touched: only leftovers of dead processes are removed. */
static void test_group_keeps_live_stages(void **state)
{
    (void)state;
    char gdir[] = "/tmp/paa-kill-XXXXXX";
    assert_non_null(mkdtemp(gdir));
    char live[600], dead[600];
    snprintf(live, sizeof live, "%s/.paa-tmp-1-abcdef", gdir);   /* init: alive */
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    snprintf(dead, sizeof dead, "%s/.paa-tmp-%ld-abcdef", gdir, (long)pid);
    assert_int_equal(mkdir(live, 0777), 0);
    assert_int_equal(mkdir(dead, 0777), 0);
    diag_list d;
    diag_list_init(&d);
    outfile_group g;
    assert_int_equal(outfile_group_open(&g, gdir, &d), 0);
    outfile_group_abort(&g);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(dead, F_OK), -1);
    rmdir(live);
    assert_int_equal(rmdir(gdir), 0);
    diag_list_free(&d);
}

/* A directory member (the web site of paa generar): staged with the
 * marker, it replaces the previous site, subdirectories included, and a
 * commit that fails at any of its renames leaves the previous site and
 * file as they were. */
static void make_site(const char *path, const char *text)
{
    char p[600];
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(p, sizeof p, "%s/" OUTFILE_DIR_MARKER, path);
    write_text(p, "paa\n");
    snprintf(p, sizeof p, "%s/descargas", path);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/descargas/index.html", path);
    write_text(p, text);
}

static void assert_site(const char *gdir, const char *text)
{
    char p[512], got[64];
    snprintf(p, sizeof p, "%s/web/descargas/index.html", gdir);
    read_back(p, got, sizeof got);
    assert_string_equal(got, text);
    snprintf(p, sizeof p, "%s/a.pdf", gdir);
    read_back(p, got, sizeof got);
    assert_string_equal(got, text);
}

static int commit_site(const char *gdir, unsigned fail_calls, diag_list *d)
{
    outfile_group g;
    outfile_dir site;
    assert_int_equal(outfile_group_open(&g, gdir, d), 0);
    char *p = outfile_group_path(&g, "a.pdf");
    write_text(p, "nuevo");
    free(p);
    assert_int_equal(outfile_group_dir(&g, "web", &site, d), 0);
    assert_int_equal(outfile_dir_mkdir(&site, "descargas", d), 0);
    p = outfile_dir_path(&site, "descargas/index.html");
    write_text(p, "nuevo");
    free(p);
    static const char *const names[] = {"a.pdf", "web"};
    rename_calls = 0;
    rename_fail_mask = fail_calls;
    int rc = outfile_group_commit_with(&g, names, 2, failing_rename, d);
    outfile_dir_abort(&site);
    return rc;
}

static void test_group_directory_member(void **state)
{
    (void)state;
    for (unsigned call = 1; call <= 4; call++) {
        char gdir[] = "/tmp/paa-sitio-XXXXXX", p[512];
        assert_non_null(mkdtemp(gdir));
        snprintf(p, sizeof p, "%s/a.pdf", gdir);
        write_text(p, "viejo");
        snprintf(p, sizeof p, "%s/web", gdir);
        assert_true(strlen(p) < 64);
        make_site(p, "viejo");
        diag_list d;
        diag_list_init(&d);
        assert_int_equal(commit_site(gdir, 1u << call, &d), -1);
        assert_site(gdir, "viejo");
        assert_int_equal(commit_site(gdir, 0, &d), 0);
        assert_site(gdir, "nuevo");
        DIR *listing = opendir(gdir);
        size_t n = 0;
        for (struct dirent *e; (e = readdir(listing)) != NULL;)
            n += e->d_name[0] != '.';
        closedir(listing);
        assert_int_equal(n, 2);   /* a.pdf and web: no stage, no previous site */
        diag_list_free(&d);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", gdir);
        assert_int_equal(system(cmd), 0);
    }
}

/* A directory not written by paa is never replaced. */
static void test_group_directory_member_foreign(void **state)
{
    (void)state;
    char gdir[] = "/tmp/paa-sitio-XXXXXX", p[512];
    assert_non_null(mkdtemp(gdir));
    snprintf(p, sizeof p, "%s/a.pdf", gdir);
    write_text(p, "viejo");
    snprintf(p, sizeof p, "%s/web", gdir);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/web/mio.txt", gdir);
    write_text(p, "mío");
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(commit_site(gdir, 0, &d), -1);
    assert_non_null(strstr(d.items[d.n - 1].message, "no lo generó paa"));
    char got[64];
    read_back(p, got, sizeof got);
    assert_string_equal(got, "mío");
    snprintf(p, sizeof p, "%s/a.pdf", gdir);
    read_back(p, got, sizeof got);
    assert_string_equal(got, "viejo");
    diag_list_free(&d);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", gdir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_and_abort),
        cmocka_unit_test(test_unwritable_directory_reports_io),
        cmocka_unit_test(test_group_is_all_or_nothing),
        cmocka_unit_test(test_group_rollback_after_second_fails),
        cmocka_unit_test(test_group_rollback_at_every_step),
        cmocka_unit_test(test_group_failed_rollback_keeps_stage),
        cmocka_unit_test(test_group_kill_at_every_rename),
        cmocka_unit_test(test_group_keeps_live_stages),
        cmocka_unit_test(test_group_directory_member),
        cmocka_unit_test(test_group_directory_member_foreign),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
