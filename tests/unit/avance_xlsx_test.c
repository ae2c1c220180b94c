/*
 * avance_xlsx: unit tests of the progress workbook on the avance fixtures.
 *
 * The cells are checked in the end-to-end tests (openpyxl, LibreOffice);
 * here the contract: success writes a zip package, equal inputs give
 * equal bytes, the document properties come from the layout's
 * <propiedades> (the -ejemplo variant for sample data only), and a
 * mistyped placeholder in a header or a property fails the workbook with
 * a layout error at the layout's file:line, leaving no file behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/avance.h"
#include "read/layout.h"
#include "read/programa.h"
#include "xlsx/xlsx.h"

#define SRC PAA_TEST_DIR "/.."
#define LAYOUT SRC "/layouts/avance.xml"
#define SCHEMA SRC "/layouts/schema/avance.xsd"
#define EPOCH 1710806400LL

typedef struct {
    char dir[64];
    paa_programa *p;
    avance *a;            /* sample data (ejemplo="si") */
    avance *real;         /* the same, not a sample */
    layout *lay;
    avance_report r, r_real;
    diag_list d;
} fixture;

static unsigned char *slurp(const char *path, size_t *len)
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

/* Writes a copy of `from` at `to` with `old` replaced by `new` (once) and
 * the font paths, relative to layouts/, made absolute. */
static void variant(const char *from, const char *to, const char *old,
                    const char *new)
{
    size_t len;
    char *s = (char *)slurp(from, &len);
    char *at = strstr(s, old);
    assert_non_null(at);
    FILE *fp = fopen(to, "wb");
    assert_non_null(fp);
    static const char rel[] = "\"../fonts/";
    char *end = at;
    const char *part[2][2] = {{s, at}, {at + strlen(old), s + len}};
    for (int i = 0; i < 2; i++) {
        const char *p = part[i][0];
        end = (char *)part[i][1];
        for (const char *f; (f = strstr(p, rel)) != NULL && f < end; p = f + strlen(rel)) {
            fwrite(p, 1, (size_t)(f - p), fp);
            fputs("\"" SRC "/fonts/", fp);
        }
        fwrite(p, 1, (size_t)(end - p), fp);
        if (i == 0)
            fputs(new, fp);
    }
    fclose(fp);
    free(s);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list_init(&f->d);
    snprintf(f->dir, sizeof f->dir, "/tmp/avance_xlsx_test.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char real[128];
    snprintf(real, sizeof real, "%s/real.xml", f->dir);
    variant(SRC "/tests/fixtures/avance/avance.xml", real, "ejemplo=\"si\"",
            "ejemplo=\"no\"");
    assert_int_equal(parse_programa(SRC "/tests/fixtures/avance/programa.xml",
                                    SRC "/input/schema/programa.xsd", &f->p, &f->d), 0);
    assert_int_equal(avance_load(SRC "/tests/fixtures/avance/avance.xml",
                                 SRC "/input/schema/avance.xsd", &f->a, &f->d), 0);
    assert_int_equal(avance_load(real, SRC "/input/schema/avance.xsd", &f->real, &f->d),
                     0);
    remove(real);
    assert_int_equal(layout_load(LAYOUT, SCHEMA, &f->lay, &f->d), 0);
    avance_thresholds t;
    assert_int_equal(avance_thresholds_load(f->lay, &t, &f->d), 0);
    assert_int_equal(avance_compute(f->a, f->p, &t, &f->r), 0);
    assert_int_equal(avance_compute(f->real, f->p, &t, &f->r_real), 0);
    assert_true(avance_is_sample(f->a));
    assert_false(avance_is_sample(f->real));
    diag_list_free(&f->d);
    diag_list_init(&f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    avance_report_free(&f->r);
    avance_report_free(&f->r_real);
    avance_free(f->a);
    avance_free(f->real);
    model_free(f->p);
    layout_free(f->lay);
    diag_list_free(&f->d);
    free(f);
    return 0;
}

static char *path_in(const fixture *f, const char *name)
{
    static char buf[4][160];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", f->dir, name);
    return p;
}

static bool has_rule(const diag_list *d, const char *rule, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].rule->id, rule) == 0 &&
            (needle == NULL || strstr(d->items[i].message, needle) != NULL))
            return true;
    return false;
}

static bool dir_is_empty(const fixture *f)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", f->dir);
    return system(cmd) == 0;
}

/* docProps/core.xml of the workbook at path (the zip members are
 * compressed: Debian's Python reads them). malloc'd. */
static char *core_properties(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import sys, zipfile; sys.stdout.write("
             "zipfile.ZipFile(sys.argv[1]).read(\"docProps/core.xml\").decode())' '%s'",
             path);
    FILE *fp = popen(cmd, "r");
    assert_non_null(fp);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len = fread(s, 1, cap - 1, fp);
    s[len] = '\0';
    assert_int_equal(pclose(fp), 0);
    return s;
}

/* ---- tests -------------------------------------------------------------- */

static void writes_the_same_bytes_twice(void **state)
{
    fixture *f = *state;
    const char *a = path_in(f, "a.xlsx"), *b = path_in(f, "b.xlsx");
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, a, &f->d), 0);
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, b, &f->d), 0);
    assert_int_equal(f->d.n, 0);
    size_t la, lb;
    unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
    assert_true(la > 4000);
    assert_memory_equal(x, "PK\x03\x04", 4);
    assert_true(la == lb && memcmp(x, y, la) == 0);
    free(x);
    free(y);
}

/* <propiedades> of <libro>: title with {anio} and {periodo}, author and
 * company the institution; the subject names sample data only when the
 * data are a sample. */
static void properties_come_from_the_layout(void **state)
{
    fixture *f = *state;
    const char *a = path_in(f, "ejemplo.xlsx"), *b = path_in(f, "real.xlsx");
    assert_int_equal(xlsx_avance(f->a, f->p, &f->r, f->lay, EPOCH, a, &f->d), 0);
    assert_int_equal(xlsx_avance(f->real, f->p, &f->r_real, f->lay, EPOCH, b, &f->d), 0);
    char *sample = core_properties(a), *real = core_properties(b);
    assert_non_null(strstr(sample, "<dc:title>Informe de avance del Programa Anual de "
                                   "Actividades 2024, enero–junio</dc:title>"));
    assert_non_null(strstr(sample, "<dc:subject>Programado contra alcanzado (DATOS DE "
                                   "EJEMPLO)</dc:subject>"));
    assert_non_null(strstr(real, "<dc:subject>Programado contra alcanzado</dc:subject>"));
    assert_non_null(strstr(real, "<cp:keywords>PAA, informe de avance, semáforo"
                                 "</cp:keywords>"));
    assert_non_null(strstr(real, "<dc:creator>"));
    assert_non_null(strstr(real, "2024-03-19T00:00:00Z"));
    free(sample);
    free(real);
}

/* A mistyped placeholder, in a footer's <renglon> or in a property, is a
 * layout error at its line of the layout: no workbook is written. */
static void unknown_placeholder_is_a_layout_error(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *from, *to, *bad;
    } cases[] = {
        {"izquierda=\"Informe de avance {anio} · {periodo}\"",
         "izquierda=\"Informe de avance {anio} · {periodos}\"", "{periodos}"},
        {"compania=\"{institucion}\"", "compania=\"{instituto}\"", "{instituto}"},
    };
    const char *alt = path_in(f, "avance.xml");
    const char *out = path_in(f, "avance.xlsx");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        variant(LAYOUT, alt, cases[i].from, cases[i].to);
        layout *lay = NULL;
        diag_list d;
        diag_list_init(&d);
        assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), 0);
        assert_int_equal(xlsx_avance(f->a, f->p, &f->r, lay, EPOCH, out, &d), -1);
        assert_true(has_rule(&d, "layout", cases[i].bad));
        assert_true(has_rule(&d, "layout", "{titulo}, {institucion}, {siglas}"));
        assert_string_equal(d.items[0].file, alt);
        /* The line of the attribute in the copy, that of its element. */
        size_t len;
        char *text = (char *)slurp(alt, &len);
        const char *at = strstr(text, cases[i].to);
        int line = 1;
        for (const char *s = text; s < at; s++)
            line += *s == '\n';
        free(text);
        /* libxml2 gives the line where the element's start tag ends. */
        assert_true(abs(line - d.items[0].line) < 5);
        assert_int_equal(access(out, F_OK), -1);
        layout_free(lay);
        diag_list_free(&d);
        remove(alt);
        assert_true(dir_is_empty(f));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_the_same_bytes_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(properties_come_from_the_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_placeholder_is_a_layout_error, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
