/*
 * programa_xlsx: unit tests on a hand-built programme.
 *
 * The workbook's contents are checked cell by cell in the end-to-end tests
 * (openpyxl); here the contract is checked: success writes a zip package,
 * equal inputs give equal bytes whatever the clock or time zone, the epoch
 * is what dates the document, and every failure (bad layout, invalid text,
 * unwritable target, contradictory print setup) leaves no file behind and
 * says why in Spanish. A write failure at the end is tested with both
 * workbooks in libro_test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "read/layout.h"
#include "model/programa.h"
#include "xlsx/xlsx.h"

#include "xlsx_files.h"

#define LAYOUT PAA_TEST_DIR "/../layouts/libro.xml"
#define SCHEMA PAA_TEST_DIR "/../layouts/schema/libro.xsd"
#define EPOCH 1710806400LL   /* 2024-03-19 */

/* ---- a small programme built by hand ------------------------------------ */

static paa_dec dec(const char *s)
{
    paa_dec v = 0;
    assert_int_equal(paa_dec_parse(s, &v), PAA_DEC_OK);
    return v;
}

/* Sets an activity's quantities from "anual|ene,feb,…" where an empty
 * field is a missing quantity. */
static void quantities(paa_actividad *a, const char *anual, const char *meses)
{
    a->anual_present = anual[0] != '\0';
    if (a->anual_present)
        a->anual = dec(anual);
    const char *s = meses;
    for (int m = 0; m < PAA_MONTHS; m++) {
        const char *end = strchr(s, ',');
        size_t len = end != NULL ? (size_t)(end - s) : strlen(s);
        char buf[32];
        assert_true(len < sizeof buf);
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (len > 0) {
            a->meses[m] = dec(buf);
            a->meses_present |= (uint16_t)(1u << m);
        }
        s = end != NULL ? end + 1 : s + len;
    }
}

static paa_programa *sample(void)
{
    paa_arena arena = {0};
    paa_programa *p = paa_arena_alloc(&arena, sizeof *p);
    assert_non_null(p);
    p->arena = arena;
    paa_arena *A = &p->arena;
    p->file = "muestra.xml";
    p->anio = 2024;
    p->doc.titulo = "Programa Anual de Actividades 2024";
    p->doc.institucion = "INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO";
    p->doc.siglas = "IEEM & Co";   /* '&' must survive header escaping */
    p->decl_subprogramas = 2;
    p->decl_proyectos = 3;
    p->decl_actividades = 5;

    p->n_subprogramas = 2;
    p->subprogramas = paa_arena_alloc(A, 2 * sizeof *p->subprogramas);
    paa_subprograma *s = p->subprogramas;
    s[0] = (paa_subprograma){.numero = "01", .area = "Secretaría Ejecutiva",
                             .descripcion = "Coordinación y supervisión.",
                             .titulo = "Subprograma de coordinación.",
                             .decl_proyectos = 2, .decl_actividades = 3,
                             .line = 20};
    s[1] = (paa_subprograma){.numero = "02", .area = "Dirección de Organización",
                             .descripcion = "Organización electoral.",
                             .titulo = NULL,   /* falls back to descripcion */
                             .decl_proyectos = 2,   /* declared ≠ counted */
                             .decl_actividades = 2, .line = 40};

    s[0].n_proyectos = 2;
    s[0].proyectos = paa_arena_alloc(A, 2 * sizeof(paa_proyecto));
    s[1].n_proyectos = 1;
    s[1].proyectos = paa_arena_alloc(A, sizeof(paa_proyecto));
    paa_proyecto *pr[3] = {&s[0].proyectos[0], &s[0].proyectos[1],
                           &s[1].proyectos[0]};
    const char *pclave[3] = {"0101", "0102", "0201"};
    const size_t nact[3] = {2, 1, 2};
    const paa_subprograma *parent[3] = {&s[0], &s[0], &s[1]};
    for (int i = 0; i < 3; i++) {
        *pr[i] = (paa_proyecto){.clave = pclave[i], .nombre = "Proyecto & metas",
                                .decl_actividades = (int)nact[i],
                                .subprograma = parent[i]};
        pr[i]->n_actividades = nact[i];
        pr[i]->actividades = paa_arena_alloc(A, nact[i] * sizeof(paa_actividad));
        for (size_t k = 0; k < nact[i]; k++) {
            paa_actividad *a = &pr[i]->actividades[k];
            char clave[32];
            snprintf(clave, sizeof clave, "%s%02zu", pclave[i], k + 1);
            a->clave = paa_arena_strdup(A, clave);
            a->descripcion = "Atender solicitudes de información.";
            a->unidad = "Solicitud";
            a->benef_tipo = "Áreas administrativas del IEEM.";
            a->benef_cantidad = "13,1,S/C";
            a->proyecto = pr[i];
            a->line = 100 + i * 10 + (int)k;
        }
    }
    /* Complete and consistent, with thousands. */
    quantities(&pr[0]->actividades[0], "4060",
               "260,330,580,600,600,400,180,200,250,360,180,120");
    pr[0]->actividades[0].meses_reconstruidos = 1u << 11;
    /* Decimals: twelve times 0.08 is exactly 0.96 in paa_dec. */
    quantities(&pr[0]->actividades[1], "0.96",
               "0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08");
    /* One month lost, and an empty beneficiaries count. */
    quantities(&pr[1]->actividades[0], "12", "1,1,1,1,1,,1,1,1,1,1,1");
    pr[1]->actividades[0].benef_cantidad = "";
    /* Annual differs from the months, as 080304 in the publication. */
    quantities(&pr[2]->actividades[0], "10", "1,1,1,1,1,1,1,1,1,1,1,2");
    /* Nothing known at all, as 090501. */
    quantities(&pr[2]->actividades[1], "", ",,,,,,,,,,,");
    pr[2]->actividades[1].benef_tipo = NULL;
    return p;
}

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
    layout *lay;
    paa_programa *p;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(layout_load(LAYOUT, SCHEMA, &f->lay, &d), 0);
    assert_int_equal(d.n, 0);
    diag_list_free(&d);
    f->p = sample();
    snprintf(f->dir, sizeof f->dir, "/tmp/render_xlsx_test.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_dir(f->dir);
    model_free(f->p);
    layout_free(f->lay);
    free(f);
    return 0;
}

static int render(const paa_programa *p, const layout *lay, long long epoch,
                  const char *out, diag_list *d)
{
    diag_list_init(d);
    return xlsx_programa(p, lay, epoch, out, d);
}

/* ---- tests -------------------------------------------------------------- */

static void writes_a_zip_package(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), 0);
    assert_int_equal(d.n, 0);
    size_t len;
    unsigned char *b = slurp(out, &len);
    assert_true(len > 4000);
    assert_memory_equal(b, "PK\x03\x04", 4);
    free(b);
    diag_list_free(&d);
}

static void same_input_same_bytes(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *a = path_in(f->dir, "a.xlsx"), *b = path_in(f->dir, "b.xlsx");
    const char *c = path_in(f->dir, "c.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, a, &d), 0);
    diag_list_free(&d);
    sleep(1);   /* a clock-dependent field would now differ */
    /* The date must not depend on the machine's time zone either. */
    const char *tz = getenv("TZ");
    char *saved = tz != NULL ? strdup(tz) : NULL;
    setenv("TZ", "America/Mexico_City", 1);
    tzset();
    assert_int_equal(render(f->p, f->lay, EPOCH, b, &d), 0);
    diag_list_free(&d);
    if (saved != NULL) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    assert_true(same_bytes(a, b));
    /* …and the epoch is what dates it. */
    assert_int_equal(render(f->p, f->lay, EPOCH + 86400, c, &d), 0);
    diag_list_free(&d);
    assert_false(same_bytes(a, c));
}

static void epoch_zero_is_still_reproducible(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *a = path_in(f->dir, "a.xlsx"), *b = path_in(f->dir, "b.xlsx");
    assert_int_equal(render(f->p, f->lay, 0, a, &d), 0);
    diag_list_free(&d);
    sleep(1);
    assert_int_equal(render(f->p, f->lay, 0, b, &d), 0);
    diag_list_free(&d);
    assert_true(same_bytes(a, b));
}

static void invalid_utf8_fails_without_file(void **state)
{
    fixture *f = *state;
    f->p->subprogramas[1].proyectos[0].actividades[0].descripcion = "Mal \xC3(";
    diag_list d;
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), -1);
    assert_true(has_rule(&d, "xlsx", "UTF-8"));
    assert_int_equal(access(out, F_OK), -1);
    assert_true(dir_is_empty(f->dir));
    diag_list_free(&d);
}

static void failure_keeps_previous_file(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), 0);
    diag_list_free(&d);
    size_t before;
    free(slurp(out, &before));
    /* An over-long cell (Excel's limit is 32,767 characters). */
    char *huge = malloc(40000);
    assert_non_null(huge);
    memset(huge, 'x', 39999);
    huge[39999] = '\0';
    f->p->subprogramas[0].proyectos[0].actividades[0].descripcion = huge;
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), -1);
    free(huge);
    assert_true(has_rule(&d, "xlsx", "hoja «"));
    size_t after;
    free(slurp(out, &after));
    assert_int_equal(before, after);
    diag_list_free(&d);
}

static void bad_sheet_name_is_reported(void **state)
{
    fixture *f = *state;
    f->p->subprogramas[1].numero = "02/bis";
    diag_list d;
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), -1);
    assert_true(has_rule(&d, "xlsx", "nombre de hoja"));
    assert_int_equal(d.items[0].line, 40);   /* the subprograma's line */
    assert_true(dir_is_empty(f->dir));
    diag_list_free(&d);
}

/* Whether the zip package at path holds a member called name (member
 * names are stored uncompressed). */
static bool has_member(const char *path, const char *name)
{
    size_t len, k = strlen(name);
    unsigned char *b = slurp(path, &len);
    bool found = false;
    for (size_t i = 0; i + k <= len && !found; i++)
        found = memcmp(b + i, name, k) == 0;
    free(b);
    return found;
}

/* The sheet of rebuilt values follows the calendars (Estructura,
 * Actividades, 01, 02: sheet5) only when some value was rebuilt. */
static void rebuilt_values_get_their_sheet(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *with = path_in(f->dir, "con.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, with, &d), 0);
    diag_list_free(&d);
    assert_true(has_member(with, "xl/worksheets/sheet5.xml"));
    f->p->subprogramas[0].proyectos[0].actividades[0].meses_reconstruidos = 0;
    const char *without = path_in(f->dir, "sin.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, without, &d), 0);
    diag_list_free(&d);
    assert_true(has_member(without, "xl/worksheets/sheet4.xml"));
    assert_false(has_member(without, "xl/worksheets/sheet5.xml"));
    /* Its name is the layout's, checked like any other: a subprograma
     * sheet of the same name is reported. */
    f->p->subprogramas[0].proyectos[0].actividades[0].anual_reconstruido = true;
    f->p->subprogramas[1].numero = "Reconstruidos";
    assert_int_equal(render(f->p, f->lay, EPOCH, path_in(f->dir, "dup.xlsx"), &d), -1);
    assert_true(has_rule(&d, "xlsx", "Reconstruidos"));
    diag_list_free(&d);
}

static void unwritable_target_fails(void **state)
{
    fixture *f = *state;
    diag_list d;
    const char *out = path_in(f->dir, "no-existe/libro.xlsx");
    assert_int_equal(render(f->p, f->lay, EPOCH, out, &d), -1);
    assert_true(d.n > 0);
    diag_list_free(&d);
}

static void layout_errors_name_the_line(void **state)
{
    fixture *f = *state;
    const char *alt = path_in(f->dir, "libro.xml");
    /* Schema-valid but unknown placeholder: the renderer reports it. */
    layout_copy(LAYOUT, alt, "derecha=\"{institucion}\"", "derecha=\"{instituto}\"");
    layout *lay = NULL;
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), 0);
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, lay, EPOCH, out, &d), -1);
    assert_true(has_rule(&d, "layout", "{instituto}"));
    assert_true(d.items[0].line > 1);
    assert_string_equal(d.items[0].file, alt);
    assert_int_equal(access(out, F_OK), -1);
    layout_free(lay);
    diag_list_free(&d);
    remove(alt);

    /* Schema-invalid: caught on load, with the line. */
    layout_copy(LAYOUT, alt, "relleno=\"#6D1A48\"", "relleno=\"morado\"");
    diag_list_init(&d);
    assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), -1);
    assert_true(d.n > 0);
    assert_true(d.items[0].line > 1);
    diag_list_free(&d);
    remove(alt);
}

static void missing_column_is_reported(void **state)
{
    fixture *f = *state;
    const char *alt = path_in(f->dir, "libro.xml");
    layout_copy(LAYOUT, alt, "<columna id=\"suma\"", "<columna id=\"sumas\"");
    layout *lay = NULL;
    diag_list d;
    diag_list_init(&d);
    assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), 0);
    const char *out = path_in(f->dir, "libro.xlsx");
    assert_int_equal(render(f->p, lay, EPOCH, out, &d), -1);
    assert_true(has_rule(&d, "layout", "columna id=\"suma\""));
    assert_int_equal(access(out, F_OK), -1);
    layout_free(lay);
    diag_list_free(&d);
    remove(alt);
}

/* Print setup is checked like the rest of the layout: file:line. */
static void print_layout_errors_are_reported(void **state)
{
    fixture *f = *state;
    const char *alt = path_in(f->dir, "libro.xml");
    const char *out = path_in(f->dir, "libro.xlsx");
    static const struct {
        const char *from, *to, *message;
    } cases[] = {
        /* Valid for the schema, contradictory for the renderer. */
        {"<actividades nombre=\"Actividades\" paginas-ancho=\"2\">",
         "<actividades nombre=\"Actividades\" paginas-ancho=\"2\" escala=\"80\">",
         "paginas-ancho y escala"},
        /* A column left out of the print area in the middle of it. */
        {"<columna id=\"actividad\" titulo=\"Actividad\" ancho=\"50\"/>",
         "<columna id=\"actividad\" titulo=\"Actividad\" ancho=\"50\" imprimir=\"no\"/>",
         "imprimir=\"no\""},
        /* Properties are layout texts too: a mistyped placeholder fails. */
        {"titulo=\"{titulo}\" autor=", "titulo=\"{tituloo}\" autor=",
         "marcador desconocido «{tituloo}» en titulo="},
        /* …and so does one in a sheet's own footer. */
        {"izquierda=\"{siglas} · {hoja}\"", "izquierda=\"{sigla} · {hoja}\"",
         "marcador desconocido «{sigla}»"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        layout_copy(LAYOUT, alt, cases[i].from, cases[i].to);
        layout *lay = NULL;
        diag_list d;
        diag_list_init(&d);
        assert_int_equal(layout_load(alt, SCHEMA, &lay, &d), 0);
        assert_int_equal(render(f->p, lay, EPOCH, out, &d), -1);
        assert_true(has_rule(&d, "layout", cases[i].message));
        assert_string_equal(d.items[0].file, alt);
        assert_true(d.items[0].line > 1);
        assert_int_equal(access(out, F_OK), -1);
        layout_free(lay);
        diag_list_free(&d);
        remove(alt);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_a_zip_package, setup, teardown),
        cmocka_unit_test_setup_teardown(same_input_same_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(epoch_zero_is_still_reproducible, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8_fails_without_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(failure_keeps_previous_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(bad_sheet_name_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unwritable_target_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(rebuilt_values_get_their_sheet, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(layout_errors_name_the_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(missing_column_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(print_layout_errors_are_reported, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
