/* Unit tests of diff: the hash index, matching (by clave, renumbered,
 * moved, added, removed), per-field changes and their flags (closed
 * months, annual = sum of months, reconstructed marks), findings between
 * versions and stale baseline entries, and the escaping of every format.
 * Each case edits tests/fixtures/base.xml with exact text replacements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diff/diff.h"
#include "diff/interno.h"
#include "read/programa.h"

#define FIXTURES PAA_TEST_DIR "/fixtures"
#define SCHEMA PAA_TEST_DIR "/../input/schema/programa.xsd"

/* ---- helpers ------------------------------------------------------------- */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* base.xml with each (old, new) pair of `edits` replaced (old must occur
 * exactly once), parsed. `edits` ends with NULL. */
static paa_programa *programa(const char *const *edits)
{
    char *s = read_all(FIXTURES "/base.xml");
    for (; edits != NULL && edits[0] != NULL; edits += 2) {
        char *at = strstr(s, edits[0]);
        assert_non_null(at);
        assert_null(strstr(at + 1, edits[0]));
        size_t lo = strlen(edits[0]), ln = strlen(edits[1]), head = (size_t)(at - s);
        char *t = malloc(strlen(s) - lo + ln + 1);
        assert_non_null(t);
        memcpy(t, s, head);
        memcpy(t + head, edits[1], ln);
        strcpy(t + head + ln, at + lo);
        free(s);
        s = t;
    }
    char path[] = "/tmp/paa-diff-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
    close(fd);
    free(s);
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    int rc = parse_programa(path, SCHEMA, &p, &d);
    if (rc != 0)
        diag_print_all(stdout, &d);
    assert_int_equal(rc, 0);
    diag_list_free(&d);
    unlink(path);
    return p;
}

static diff_result *comparar(const paa_programa *a, const paa_programa *b, int corte,
                             const char *baseline)
{
    diag_list d;
    diag_list_init(&d);
    diff_opciones o = {.corte = corte, .linea_base = baseline};
    diff_result *r = NULL;
    int rc = diff_compute(a, b, &o, &r, &d);
    if (rc != 0)
        diag_print_all(stdout, &d);
    assert_int_equal(rc, 0);
    diag_list_free(&d);
    return r;
}

/* The node with that new (or, for removals, old) clave; NULL if none. */
static const diff_nodo *buscar(const diff_nodo *n, const char *clave)
{
    for (size_t i = 0; i < n->n_hijos; i++) {
        const diff_nodo *h = &n->hijos[i];
        const char *k = h->clave_despues ? h->clave_despues : h->clave_antes;
        if (strcmp(k, clave) == 0)
            return h;
        const diff_nodo *x = buscar(h, clave);
        if (x != NULL)
            return x;
    }
    return NULL;
}

static const diff_campo *campo(const diff_nodo *n, diff_campo_tipo t, int mes)
{
    for (size_t i = 0; i < n->n_campos; i++)
        if (n->campos[i].tipo == t && n->campos[i].mes == mes)
            return &n->campos[i];
    return NULL;
}

static char *render(const diff_result *r, diff_formato f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(diff_write(r, f, out), 0);
    fclose(out);
    return buf;
}

/* ---- index --------------------------------------------------------------- */

static void test_indice_keeps_order_and_takes(void **state)
{
    (void)state;
    diff_indice ix;
    assert_int_equal(indice_init(&ix, 8), 0);
    indice_agregar(&ix, "a", NULL, 1);
    indice_agregar(&ix, "a", "", 2);
    indice_agregar(&ix, "a", NULL, 3);
    indice_agregar(&ix, "b", "x", 4);
    assert_int_equal(indice_buscar(&ix, "a", ""), 2);
    assert_int_equal(indice_tomar(&ix, "a", NULL), 1);
    assert_int_equal(indice_tomar(&ix, "a", NULL), 3);
    assert_int_equal(indice_tomar(&ix, "a", NULL), INDICE_NINGUNO);
    indice_agregar(&ix, "a", NULL, 5);   /* the tail was kept right */
    assert_int_equal(indice_tomar(&ix, "a", NULL), 5);
    assert_int_equal(indice_tomar(&ix, "b", "x"), 4);
    assert_int_equal(indice_buscar(&ix, "c", NULL), INDICE_NINGUNO);
    indice_free(&ix);
}

/* ---- matching ------------------------------------------------------------ */

static void test_identical_versions_have_no_changes(void **state)
{
    (void)state;
    paa_programa *a = programa(NULL), *b = programa(NULL);
    diff_result *r = comparar(a, b, 6, NULL);
    assert_false(diff_hay_cambios(r));
    assert_int_equal(r->raiz.n_hijos, 0);
    assert_int_equal(r->nuevos.n + r->resueltos.n, 0);
    char *text = render(r, DIFF_TEXTO);
    assert_non_null(strstr(text, "resumen: sin cambios; totales 2/3/5 → 2/3/5\n"));
    free(text);
    diff_free(r);
    model_free(a);
    model_free(b);
}

/* A reason is carried by the new version's node when it differs from the
 * old one's; by itself it changes nothing. */
static void test_motivo_of_the_new_version(void **state)
{
    (void)state;
    const char *const viejo[] = {"<proyecto clave=\"0102\" actividades=\"1\">",
                                 "<proyecto clave=\"0102\" actividades=\"1\" motivo=\"Antes.\">",
                                 NULL};
    const char *const nuevo[] = {
        "<actividad clave=\"010101\">", "<actividad clave=\"010101\" motivo=\"Más reportes.\">",
        "anual=\"12\" ene=\"1\"", "anual=\"13\" ene=\"2\"",
        "<proyecto clave=\"0102\" actividades=\"1\">",
        "<proyecto clave=\"0102\" actividades=\"1\" motivo=\"Antes.\">", NULL};
    paa_programa *a = programa(viejo), *b = programa(nuevo);
    diff_result *r = comparar(a, b, 0, NULL);
    const diff_nodo *n = buscar(&r->raiz, "010101");
    assert_non_null(n);
    assert_string_equal(n->motivo, "Más reportes.");
    assert_null(buscar(&r->raiz, "0102"));   /* same reason: no change */
    char *text = render(r, DIFF_TEXTO);
    assert_non_null(strstr(text, "motivo: Más reportes.\n"));
    free(text);
    text = render(r, DIFF_JSON);
    assert_non_null(strstr(text, "\"motivo\": \"Más reportes.\""));
    free(text);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_renumbered_in_place_is_not_moved(void **state)
{
    (void)state;
    const char *const ed[] = {"clave=\"010102\"", "clave=\"010103\"", NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 0, NULL);
    const diff_nodo *n = buscar(&r->raiz, "010103");
    assert_non_null(n);
    assert_int_equal(n->tipo, DIFF_RENUMERADO);
    assert_string_equal(n->clave_antes, "010102");
    assert_false(n->movido);
    assert_int_equal(n->n_campos, 0);
    assert_null(buscar(&r->raiz, "010102"));
    char *titular = diff_nodo_titular(n);
    assert_string_equal(titular, "actividad 010102 ⇒ 010103 renumerada");
    free(titular);
    assert_int_equal(r->resumen.n[DIFF_ACTIVIDAD][DIFF_RENUMERADO], 1);
    assert_int_equal(r->resumen.n[DIFF_ACTIVIDAD][DIFF_AGREGADO], 0);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_other_description_is_removal_plus_addition(void **state)
{
    (void)state;
    const char *const ed[] = {"clave=\"010102\">\n        <descripcion>Actividad 010102.",
                              "clave=\"010103\">\n        <descripcion>Otra actividad.", NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 0, NULL);
    const diff_nodo *add = buscar(&r->raiz, "010103"), *del = buscar(&r->raiz, "010102");
    assert_non_null(add);
    assert_non_null(del);
    assert_int_equal(add->tipo, DIFF_AGREGADO);
    assert_int_equal(del->tipo, DIFF_ELIMINADO);
    assert_int_equal(add->linea_antes, 0);
    assert_int_equal(del->linea_despues, 0);
    assert_int_equal(del->linea_antes, 35);
    /* Removed before added in clave order: 010102 then 010103. */
    const diff_nodo *pr = buscar(&r->raiz, "0101");
    assert_int_equal(pr->n_hijos, 2);
    assert_string_equal(pr->hijos[0].clave_antes, "010102");
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_fields_quarters_and_sum_flags(void **state)
{
    (void)state;
    /* 010101: ene 1 → 0 and feb 1 → 2 (a move inside Q1), dic 1 → 3
     * without touching the annual (breaks annual = sum). */
    const char *const ed[] = {"anual=\"12\" ene=\"1\" feb=\"1\"", "anual=\"12\" ene=\"0\" feb=\"2\"",
                              "oct=\"1\" nov=\"1\" dic=\"1\"/>\n        <beneficiarios><tipo>IEEM.</tipo><cantidad>13",
                              "oct=\"1\" nov=\"1\" dic=\"3\"/>\n        <beneficiarios><tipo>IEEM.</tipo><cantidad>13",
                              "<unidad>Estudio</unidad>", "<unidad>Estudios</unidad>", NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 1, NULL);
    const diff_nodo *n = buscar(&r->raiz, "010101");
    assert_int_equal(n->tipo, DIFF_MODIFICADO);
    const diff_campo *ene = campo(n, DIFF_CAMPO_MES, 0), *feb = campo(n, DIFF_CAMPO_MES, 1);
    assert_non_null(ene);
    assert_non_null(feb);
    assert_true(ene->mes_cerrado);    /* corte enero */
    assert_false(feb->mes_cerrado);
    assert_int_equal(ene->antes.cantidad, 1 * PAA_DEC_SCALE);
    assert_int_equal(ene->despues.cantidad, 0);
    assert_int_equal(ene->linea_antes, 32);
    assert_true(n->trimestres[0].cambia && n->trimestres[0].conocido);
    assert_int_equal(n->trimestres[0].antes, n->trimestres[0].despues);
    assert_false(n->trimestres[1].cambia);
    assert_true(n->trimestres[3].cambia);
    assert_int_equal(n->trimestres[3].despues - n->trimestres[3].antes, 2 * PAA_DEC_SCALE);
    assert_int_equal(n->avisos, DIFF_AVISO_MES_CERRADO | DIFF_AVISO_SUMA_ROTA);
    const diff_nodo *u = buscar(&r->raiz, "010102");
    const diff_campo *un = campo(u, DIFF_CAMPO_UNIDAD, -1);
    assert_string_equal(un->antes.texto, "Estudio");
    assert_string_equal(un->despues.texto, "Estudios");
    assert_int_equal(u->avisos, 0);
    /* The new version's suma-meses finding is new. */
    assert_int_equal(r->nuevos.n, 1);
    assert_string_equal(r->nuevos.items[0].regla, "suma-meses");
    assert_string_equal(r->nuevos.items[0].clave, "010101");
    assert_int_equal(r->resueltos.n, 0);
    assert_int_equal(r->resumen.sumas_rotas, 1);
    diff_free(r);
    /* Backwards: the finding is resolved and the sum mended. */
    r = comparar(b, a, 0, NULL);
    assert_int_equal(r->resueltos.n, 1);
    assert_int_equal(r->nuevos.n, 0);
    assert_int_equal(buscar(&r->raiz, "010101")->avisos, DIFF_AVISO_SUMA_CORREGIDA);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_added_activity_in_closed_month_is_flagged(void **state)
{
    (void)state;
    const char *const ed[] = {
        "    </proyecto>\n    <proyecto clave=\"0102\"",
        "      <actividad clave=\"010103\">\n        <descripcion>Nueva.</descripcion>\n"
        "        <unidad>Reporte</unidad>\n"
        "        <cantidades anual=\"2\" ene=\"0\" feb=\"1\" mar=\"0\" abr=\"0\" may=\"0\" jun=\"0\" "
        "jul=\"0\" ago=\"0\" sep=\"0\" oct=\"0\" nov=\"0\" dic=\"1\"/>\n"
        "        <beneficiarios><tipo>IEEM.</tipo><cantidad>1</cantidad></beneficiarios>\n"
        "      </actividad>\n    </proyecto>\n    <proyecto clave=\"0102\"",
        NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 2, NULL);
    const diff_nodo *n = buscar(&r->raiz, "010103");
    assert_int_equal(n->tipo, DIFF_AGREGADO);
    assert_false(campo(n, DIFF_CAMPO_MES, 0)->mes_cerrado);   /* 0 in enero */
    assert_true(campo(n, DIFF_CAMPO_MES, 1)->mes_cerrado);    /* 1 in febrero */
    assert_int_equal(n->avisos, DIFF_AVISO_MES_CERRADO);
    /* Declared counts were not updated: new findings say so. */
    assert_int_equal(r->nuevos.n, 3);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_moved_project_and_renamed_subprograma(void **state)
{
    (void)state;
    const char *const ed[] = {"<descripcion>Jurídico de asesoramiento", "<descripcion>Jurídico y asesoramiento",
                              "<proyecto clave=\"0102\" actividades=\"1\">\n      <nombre>Programación integrada.</nombre>\n      <actividad clave=\"010201\">",
                              "<proyecto clave=\"0103\" actividades=\"1\">\n      <nombre>Programación integrada.</nombre>\n      <actividad clave=\"010301\">",
                              NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 0, NULL);
    const diff_nodo *s = buscar(&r->raiz, "02");
    assert_int_equal(s->tipo, DIFF_MODIFICADO);
    assert_non_null(campo(s, DIFF_CAMPO_DESCRIPCION, -1));
    const diff_nodo *p = buscar(&r->raiz, "0103");
    assert_int_equal(p->tipo, DIFF_RENUMERADO);
    assert_string_equal(p->clave_antes, "0102");
    /* Its activity moved with it: renumbered, not "moved" out of its
     * project. */
    const diff_nodo *x = buscar(p, "010301");
    assert_int_equal(x->tipo, DIFF_RENUMERADO);
    assert_false(x->movido);
    /* Findings under the old claves map to the new ones: nothing new. */
    assert_int_equal(r->nuevos.n, 0);
    assert_int_equal(r->resueltos.n, 0);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_reconstructed_mark_confirmed(void **state)
{
    (void)state;
    const char *const marked[] = {"nov=\"0.08\" dic=\"0.12\"/>", "nov=\"0.08\" dic=\"0.12\" reconstruidos=\"nov dic\"/>", NULL};
    const char *const fixed[] = {"nov=\"0.08\" dic=\"0.12\"/>", "nov=\"0.08\" dic=\"0.12\" reconstruidos=\"dic\"/>", NULL};
    paa_programa *a = programa(marked), *b = programa(fixed);
    diff_result *r = comparar(a, b, 0, NULL);
    const diff_campo *c = campo(buscar(&r->raiz, "010102"), DIFF_CAMPO_RECONSTRUIDOS, -1);
    assert_non_null(c);
    assert_string_equal(c->antes.texto, "nov dic");
    assert_string_equal(c->despues.texto, "dic");
    assert_string_equal(c->nota, "confirmado con el mismo valor: nov");
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_baseline_entries_made_stale(void **state)
{
    (void)state;
    const char *const broken[] = {"anual=\"4\" ene=\"0\"", "anual=\"5\" ene=\"0\"", NULL};
    paa_programa *a = programa(broken), *b = programa(NULL);
    char path[] = "/tmp/paa-diff-base-XXXXXX";
    int fd = mkstemp(path);
    const char *line = "suma-meses 020101 [anual=5 meses=4] aceptado en la versión anterior\n";
    assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
    close(fd);
    diff_result *r = comparar(a, b, 0, path);
    assert_int_equal(r->nuevos.n, 0);
    assert_int_equal(r->resueltos.n, 0);   /* accepted before: not counted */
    assert_int_equal(r->obsoletas.n, 1);
    assert_string_equal(r->obsoletas.items[0].clave, "020101");
    assert_int_equal(r->obsoletas.items[0].linea, 1);
    diff_free(r);
    unlink(path);
    model_free(a);
    model_free(b);
}

static void test_front_matter_and_totals(void **state)
{
    (void)state;
    const char *const ed[] = {"<fecha>2024-03-19</fecha>", "<fecha>2024-07-30</fecha>",
                              "<totales subprogramas=\"2\" proyectos=\"3\" actividades=\"5\"/>",
                              "<totales subprogramas=\"2\" proyectos=\"3\" actividades=\"6\"/>", NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 0, NULL);
    assert_true(diff_hay_cambios(r));
    assert_int_equal(r->raiz.tipo, DIFF_MODIFICADO);
    assert_int_equal(r->raiz.n_campos, 2);
    assert_int_equal(r->raiz.campos[0].tipo, DIFF_CAMPO_TOTAL_ACTIVIDADES);
    assert_int_equal(r->raiz.campos[0].linea_antes, 20);
    assert_string_equal(r->raiz.campos[1].item, "fecha");
    assert_string_equal(r->raiz.campos[1].despues.texto, "2024-07-30");
    char label[96];
    assert_string_equal(diff_campo_etiqueta(&r->raiz.campos[1], label, sizeof label),
                        "Fecha de aprobación");
    diff_free(r);
    model_free(a);
    model_free(b);
}

/* ---- formats ------------------------------------------------------------- */

static void test_markdown_and_github_escape(void **state)
{
    (void)state;
    const char *const ed[] = {"<nombre>Asesoría realizada.</nombre>",
                              "<nombre>Asesoría | 100% _real_, a: b</nombre>", NULL};
    paa_programa *a = programa(NULL), *b = programa(ed);
    diff_result *r = comparar(a, b, 0, NULL);
    char *md = render(r, DIFF_MARKDOWN);
    assert_non_null(strstr(md, "| | Nombre | Asesoría realizada. | Asesoría \\| 100% \\_real\\_, a: b | 58 → 58 |\n"));
    free(md);
    char *gh = render(r, DIFF_GITHUB);
    assert_non_null(strstr(gh, ",line=58,title=proyecto 0201 renombrado::Asesoría | 100%25 _real_, a: b%0A"));
    free(gh);
    char *js = render(r, DIFF_JSON);
    assert_non_null(strstr(js, "\"formato\": \"paa-diff/1\""));
    assert_non_null(strstr(js, "\"nuevo\": \"Asesoría | 100% _real_, a: b\""));
    free(js);
    diff_free(r);
    model_free(a);
    model_free(b);
}

static void test_parse_mes_and_formato(void **state)
{
    (void)state;
    assert_int_equal(diff_parse_mes("jun"), 6);
    assert_int_equal(diff_parse_mes("junio"), 6);
    assert_int_equal(diff_parse_mes("12"), 12);
    assert_int_equal(diff_parse_mes("13"), 0);
    assert_int_equal(diff_parse_mes("0"), 0);
    assert_int_equal(diff_parse_mes("6x"), 0);
    assert_int_equal(diff_parse_mes("Junio"), 0);
    diff_formato f;
    assert_true(diff_parse_formato("markdown", &f) && f == DIFF_MARKDOWN);
    assert_true(diff_parse_formato("texto", &f) && f == DIFF_TEXTO);
    assert_false(diff_parse_formato("yaml", &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indice_keeps_order_and_takes),
        cmocka_unit_test(test_identical_versions_have_no_changes),
        cmocka_unit_test(test_motivo_of_the_new_version),
        cmocka_unit_test(test_renumbered_in_place_is_not_moved),
        cmocka_unit_test(test_other_description_is_removal_plus_addition),
        cmocka_unit_test(test_fields_quarters_and_sum_flags),
        cmocka_unit_test(test_added_activity_in_closed_month_is_flagged),
        cmocka_unit_test(test_moved_project_and_renamed_subprograma),
        cmocka_unit_test(test_reconstructed_mark_confirmed),
        cmocka_unit_test(test_baseline_entries_made_stale),
        cmocka_unit_test(test_front_matter_and_totals),
        cmocka_unit_test(test_markdown_and_github_escape),
        cmocka_unit_test(test_parse_mes_and_formato),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
