/* Shared pieces of the fuzz targets. See fuzzlib.h. */
/* nftw() */
#define _XOPEN_SOURCE 700

#include "fuzzlib.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/programa.h"

static char scratch[64];

static void harness_failure(const char *what, const diag_list *d)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    if (d != NULL)
        diag_print_all(stderr, d);
    abort();
}

static void remove_scratch(void)
{
    fuzz_clean();
    rmdir(scratch);
}

static const char *scratch_dir(void)
{
    if (scratch[0] == '\0') {
        /* In memory when possible: every run writes its input there. */
        const char *tmp = getenv("TMPDIR");
        if (tmp == NULL || strlen(tmp) >= 40)
            tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(scratch, sizeof scratch, "%s/paa-fuzz-XXXXXX", tmp);
        if (mkdtemp(scratch) == NULL)
            harness_failure("no scratch directory", NULL);
        atexit(remove_scratch);
    }
    return scratch;
}

const char *fuzz_output(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", scratch_dir(), name);
    return path;
}

const char *fuzz_input(const uint8_t *data, size_t size)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/entrada.xml", scratch_dir());
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        harness_failure("cannot write the input file", NULL);
    return path;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

void fuzz_clean(void)
{
    /* Depth first, without following links: a rendered site is a tree. */
    nftw(scratch_dir(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_fixture(const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/%s", PAA_TEST_DIR, rel);
    return path;
}

const char *fuzz_data(const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", PAA_DATA_DIR, rel);
    return path;
}

const paa_programa *fuzz_programa(const char *rel)
{
    static struct {
        char rel[64];
        paa_programa *p;
    } cache[4];
    for (size_t i = 0; i < 4; i++) {
        if (cache[i].p != NULL && strcmp(cache[i].rel, rel) == 0)
            return cache[i].p;
        if (cache[i].p != NULL)
            continue;
        diag_list d;
        diag_list_init(&d);
        if (parse_programa(fuzz_fixture(rel), fuzz_data("input/schema/programa.xsd"), &cache[i].p,
                           &d) != 0)
            harness_failure("cannot load a fixture", &d);
        diag_list_free(&d);
        snprintf(cache[i].rel, sizeof cache[i].rel, "%s", rel);
        return cache[i].p;
    }
    harness_failure("too many fixtures", NULL);
    return NULL;
}

const layout *fuzz_layout(const char *name)
{
    static struct {
        char name[32];
        layout *l;
    } cache[3];
    for (size_t i = 0; i < 3; i++) {
        if (cache[i].l != NULL && strcmp(cache[i].name, name) == 0)
            return cache[i].l;
        if (cache[i].l != NULL)
            continue;
        char rel[128], file[1024];
        snprintf(rel, sizeof rel, "layouts/%s.xml", name);
        snprintf(file, sizeof file, "%s", fuzz_data(rel));
        snprintf(rel, sizeof rel, "layouts/schema/%s.xsd", name);
        diag_list d;
        diag_list_init(&d);
        if (layout_load(file, fuzz_data(rel), &cache[i].l, &d) != 0)
            harness_failure("cannot load a layout", &d);
        diag_list_free(&d);
        snprintf(cache[i].name, sizeof cache[i].name, "%s", name);
        return cache[i].l;
    }
    harness_failure("too many layouts", NULL);
    return NULL;
}
