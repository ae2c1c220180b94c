/* Unit tests of diff/anexo: the rows of the adecuaciones annex built from
 * a small change tree written by hand (no files): one row per field, the
 * twelve months of an added activity in one row, quarter sums, the
 * observations (closed month, annual = sum broken, quarter unchanged), the
 * reason on every row of its node, renumbered claves, groups per
 * subprograma after the general data, the summary counts and the empty
 * comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff/anexo.h"

#define Q(n) ((paa_dec)(n) * PAA_DEC_SCALE)

static diff_campo cantidad(diff_campo_tipo t, int mes, long long a, long long b)
{
    return (diff_campo){.tipo = t, .mes = mes, .es_cantidad = true,
                        .antes = {true, Q(a), NULL}, .despues = {true, Q(b), NULL}};
}

/* The tree: general data (declared total 2 → 3); subprograma 01 with
 * project 0101 holding a modified activity (annual and a closed month,
 * with its quarter and a reason), an added one and a renumbered one moved
 * to 0102; project 0102 renamed. */
typedef struct {
    diff_result r;
    diff_campo raiz[1], mod[3], nueva[15], nombre[1];
    diff_nodo subs[1], proys[2], acts[3];
} arbol;

static void construir(arbol *t)
{
    memset(t, 0, sizeof *t);
    diff_result *r = &t->r;
    r->antes = (diff_version){"a/anterior.xml", 1, 2, 2};
    r->despues = (diff_version){"b/nuevo.xml", 1, 2, 3};
    r->corte = 6;
    t->raiz[0] = cantidad(DIFF_CAMPO_TOTAL_ACTIVIDADES, -1, 2, 3);
    r->raiz = (diff_nodo){.nivel = DIFF_PROGRAMA, .tipo = DIFF_MODIFICADO, .campos = t->raiz,
                          .n_campos = 1, .hijos = t->subs, .n_hijos = 1};
    t->subs[0] = (diff_nodo){.nivel = DIFF_SUBPROGRAMA, .clave_antes = "01", .clave_despues = "01",
                             .titulo = "Uno", .hijos = t->proys, .n_hijos = 2};
    t->proys[0] = (diff_nodo){.nivel = DIFF_PROYECTO, .clave_antes = "0101",
                              .clave_despues = "0101", .titulo = "P1", .hijos = t->acts,
                              .n_hijos = 3};
    t->nombre[0] = (diff_campo){.tipo = DIFF_CAMPO_NOMBRE, .mes = -1,
                                .antes = {true, 0, "Viejo"}, .despues = {true, 0, "Nuevo"}};
    t->proys[1] = (diff_nodo){.nivel = DIFF_PROYECTO, .tipo = DIFF_MODIFICADO,
                              .clave_antes = "0102", .clave_despues = "0102", .titulo = "Nuevo",
                              .campos = t->nombre, .n_campos = 1};
    /* modified: annual 243 → 246, February 17 → 20 (closed) */
    t->mod[0] = cantidad(DIFF_CAMPO_ANUAL, -1, 243, 246);
    t->mod[1] = cantidad(DIFF_CAMPO_MES, 1, 17, 20);
    t->mod[1].mes_cerrado = true;
    t->mod[2] = cantidad(DIFF_CAMPO_MES, 10, 5, 5);   /* a quarter that sums the same */
    t->acts[0] = (diff_nodo){.nivel = DIFF_ACTIVIDAD, .tipo = DIFF_MODIFICADO,
                             .clave_antes = "010101", .clave_despues = "010101",
                             .titulo = "Elaborar acuerdos", .campos = t->mod, .n_campos = 3,
                             .avisos = DIFF_AVISO_MES_CERRADO, .motivo = "Sesión extra"};
    t->acts[0].trimestres[0] = (diff_trimestre){true, true, Q(89), Q(92)};
    t->acts[0].trimestres[3] = (diff_trimestre){true, true, Q(30), Q(30)};
    /* added: description, unit, annual 12 and twelve months of 1 */
    t->nueva[0] = (diff_campo){.tipo = DIFF_CAMPO_DESCRIPCION, .mes = -1,
                               .despues = {true, 0, "Nueva"}};
    t->nueva[1] = (diff_campo){.tipo = DIFF_CAMPO_UNIDAD, .mes = -1,
                               .despues = {true, 0, "Informe"}};
    t->nueva[2] = cantidad(DIFF_CAMPO_ANUAL, -1, 0, 13);
    t->nueva[2].antes.presente = false;
    for (int m = 0; m < 12; m++) {
        t->nueva[3 + m] = cantidad(DIFF_CAMPO_MES, m, 0, 1);
        t->nueva[3 + m].antes.presente = false;
        t->nueva[3 + m].mes_cerrado = m == 0;
    }
    t->acts[1] = (diff_nodo){.nivel = DIFF_ACTIVIDAD, .tipo = DIFF_AGREGADO,
                             .clave_despues = "010102", .titulo = "Nueva", .campos = t->nueva,
                             .n_campos = 15,
                             .avisos = DIFF_AVISO_MES_CERRADO | DIFF_AVISO_SUMA_ROTA};
    t->acts[2] = (diff_nodo){.nivel = DIFF_ACTIVIDAD, .tipo = DIFF_RENUMERADO,
                             .clave_antes = "010103", .clave_despues = "010204",
                             .titulo = "Monitorear", .movido = true,
                             .contenedor_antes = "0101", .contenedor_despues = "0102"};
    r->resumen.n[DIFF_ACTIVIDAD][DIFF_MODIFICADO] = 1;
    r->resumen.n[DIFF_ACTIVIDAD][DIFF_AGREGADO] = 1;
    r->resumen.n[DIFF_ACTIVIDAD][DIFF_RENUMERADO] = 1;
    r->resumen.n[DIFF_PROYECTO][DIFF_MODIFICADO] = 1;
    r->resumen.movidas = 1;
    r->resumen.meses_cerrados = 2;
    r->resumen.sumas_rotas = 1;
}

static const diff_anexo_fila *fila(const diff_anexo *a, const char *clave, const char *campo)
{
    for (size_t i = 0; i < a->n_filas; i++)
        if (strcmp(a->filas[i].clave, clave) == 0 && strcmp(a->filas[i].campo, campo) == 0)
            return &a->filas[i];
    fail_msg("no hay fila %s / %s", clave, campo);
    return NULL;
}

static void test_grupos(void **state)
{
    (void)state;
    arbol t;
    construir(&t);
    diff_anexo a;
    assert_int_equal(diff_anexo_build(&t.r, &a), 0);
    assert_int_equal(a.n_grupos, 2);
    assert_null(a.grupos[0].clave);
    assert_string_equal(a.grupos[0].titulo, "Datos generales del programa");
    assert_int_equal(a.grupos[0].n, 1);
    assert_string_equal(a.grupos[1].clave, "01");
    assert_string_equal(a.grupos[1].titulo, "Uno");
    /* 010101: anual, febrero, noviembre, trimestres 1 and 4; 010102:
     * unidad, anual, months in one row; 010103 ⇒ 010204: one row; 0102:
     * nombre */
    assert_int_equal(a.grupos[1].n, 5 + 3 + 1 + 1);
    assert_int_equal(a.n_filas, 11);
    assert_ptr_equal(a.grupos[1].filas, a.filas + 1);
    const diff_anexo_fila *g = &a.filas[0];
    assert_string_equal(g->campo, "Actividades declaradas en los totales");
    assert_string_equal(g->cambio, "Datos generales");
    assert_true(g->antes.es_cantidad);
    assert_true(g->antes.cantidad == Q(2) && g->despues.cantidad == Q(3));
    diff_anexo_free(&a);
}

static void test_modificada(void **state)
{
    (void)state;
    arbol t;
    construir(&t);
    diff_anexo a;
    assert_int_equal(diff_anexo_build(&t.r, &a), 0);
    const diff_anexo_fila *anual = fila(&a, "010101", "Cantidad anual");
    assert_true(anual->primera);
    assert_string_equal(anual->cambio, "Actividad modificada");
    assert_string_equal(anual->titulo, "Elaborar acuerdos");
    assert_string_equal(anual->antes.texto, "243");
    assert_true(anual->despues.es_cantidad && anual->despues.cantidad == Q(246));
    assert_string_equal(anual->observacion, "");
    const diff_anexo_fila *feb = fila(&a, "010101", "Febrero");
    assert_false(feb->primera);
    assert_true(feb->aviso);
    assert_string_equal(feb->observacion, "mes ya cerrado");
    assert_string_equal(feb->motivo, "Sesión extra");   /* on every row of its node */
    const diff_anexo_fila *q1 = fila(&a, "010101", "Trimestre 1 (ene–mar), suma");
    assert_true(q1->antes.cantidad == Q(89) && q1->despues.cantidad == Q(92));
    assert_string_equal(q1->observacion, "");
    const diff_anexo_fila *q4 = fila(&a, "010101", "Trimestre 4 (oct–dic), suma");
    assert_string_equal(q4->observacion, "el trimestre suma lo mismo");
    assert_false(q4->aviso);
    diff_anexo_free(&a);
}

static void test_agregada_y_renumerada(void **state)
{
    (void)state;
    arbol t;
    construir(&t);
    diff_anexo a;
    assert_int_equal(diff_anexo_build(&t.r, &a), 0);
    /* the description is the title: no row of its own */
    for (size_t i = 0; i < a.n_filas; i++)
        assert_string_not_equal(a.filas[i].campo, "Descripción");
    const diff_anexo_fila *u = fila(&a, "010102", "Unidad de medida");
    assert_true(u->primera && u->aviso);
    assert_string_equal(u->cambio, "Actividad agregada");
    assert_string_equal(u->observacion, "la cantidad anual no es la suma de los meses");
    assert_false(u->antes.presente);
    assert_string_equal(u->antes.texto, "—");
    assert_string_equal(u->despues.texto, "Informe");
    const diff_anexo_fila *m = fila(&a, "010102", "Programación mensual");
    assert_string_equal(m->despues.texto, "ene 1 · feb 1 · mar 1 · abr 1 · may 1 · jun 1 · "
                                          "jul 1 · ago 1 · sep 1 · oct 1 · nov 1 · dic 1");
    assert_false(m->despues.es_cantidad);
    assert_string_equal(m->observacion, "programa meses ya cerrados (ene)");
    assert_true(m->aviso);
    const diff_anexo_fila *ren = fila(&a, "010103 ⇒ 010204", "");
    assert_true(ren->primera);
    assert_string_equal(ren->cambio, "Actividad renumerada y movida a 0102");
    assert_string_equal(ren->antes.texto, "");
    const diff_anexo_fila *p = fila(&a, "0102", "Nombre");
    assert_string_equal(p->cambio, "Proyecto renombrado");
    assert_string_equal(p->antes.texto, "Viejo");
    diff_anexo_free(&a);
}

static void test_resumen(void **state)
{
    (void)state;
    arbol t;
    construir(&t);
    diff_anexo_cuenta c[DIFF_ANEXO_REVISION];
    assert_int_equal(diff_anexo_totales(&t.r, c), 3);
    assert_string_equal(c[2].etiqueta, "Actividades");
    assert_int_equal(c[2].v[0], 2);
    assert_int_equal(c[2].v[1], 3);
    assert_int_equal(diff_anexo_cambios(&t.r, c), DIFF_ANEXO_TIPOS);
    assert_string_equal(c[0].etiqueta, "Agregados");
    assert_int_equal(c[0].v[0], 1);
    assert_int_equal(c[3].v[0], 1);   /* moved, counted from the tree */
    assert_int_equal(c[4].v[0], 1);
    assert_int_equal(c[4].v[1], 1);
    /* with a cut-off: closed months first; no baseline: no stale row */
    assert_int_equal(diff_anexo_revision(&t.r, c), 5);
    assert_int_equal(c[0].v[0], 2);
    assert_int_equal(c[1].v[0], 1);
    t.r.corte = 0;
    t.r.linea_base = "b.baseline";
    assert_int_equal(diff_anexo_revision(&t.r, c), 5);
    assert_string_equal(c[4].etiqueta, "Entradas de la línea base que quedan obsoletas");
    assert_string_equal(diff_anexo_archivo(t.r.antes.archivo), "anterior.xml");
    assert_string_equal(diff_anexo_archivo("solo.xml"), "solo.xml");
    paa_programa p;
    memset(&p, 0, sizeof p);
    assert_null(diff_anexo_fecha(&p));
    p.doc.fecha_anio = 2024, p.doc.fecha_mes = 3, p.doc.fecha_dia = 19;
    char *f = diff_anexo_fecha(&p);
    assert_string_equal(f, "19\u00A0de\u00A0marzo\u00A0de\u00A02024");
    free(f);
}

static void test_sin_cambios(void **state)
{
    (void)state;
    diff_result r;
    memset(&r, 0, sizeof r);
    r.antes = r.despues = (diff_version){"p.xml", 13, 86, 318};
    diff_anexo a;
    assert_int_equal(diff_anexo_build(&r, &a), 0);
    assert_int_equal(a.n_grupos, 0);
    assert_int_equal(a.n_filas, 0);
    diff_anexo_free(&a);
    char *frase = diff_anexo_frase(&r);
    assert_string_equal(frase, "Sin cambios.");
    free(frase);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grupos),
        cmocka_unit_test(test_modificada),
        cmocka_unit_test(test_agregada_y_renumerada),
        cmocka_unit_test(test_resumen),
        cmocka_unit_test(test_sin_cambios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
