/* Unit tests of a progress report measured against a modified programme
 * (check/adecuacion.c): the pairing shared with `paa diff`
 * (base/indice.h), the original's figures and change flags of each row,
 * the cancelled activities, the row notes, the checker's messages and the
 * sentence and the summary's paragraph; on the sample adecuación of input/ (scripts/gen-adecuacion.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/indice.h"
#include "check/avance.h"
#include "check/semaforo.h"
#include "read/programa.h"

#define ROOT PAA_TEST_DIR "/.."
#define S PAA_DEC_SCALE

static void test_pareo_renumbers_by_signature(void **state)
{
    (void)state;
    pareo_llaves a[] = {{"01", "uno", "u"}, {"02", "dos", "u"}, {"03", "tres", "u"}};
    pareo_llaves b[] = {{"01", "uno", "u"}, {"05", "dos", "u"}, {"04", "cuatro", "u"}};
    pareo m;
    assert_int_equal(pareo_parear(a, 3, b, 3, &m), 0);
    assert_int_equal(m.n, 4);   /* 01=01, 02⇒05, 04 added, 03 removed */
    assert_int_equal(m.pares[m.par_b[0]].a, 0);
    assert_int_equal(m.pares[m.par_b[1]].a, 1);
    assert_true(m.pares[m.par_b[2]].a == PAA_INDICE_NINGUNO);
    assert_true(m.pares[m.par_a[2]].b == PAA_INDICE_NINGUNO);
    pareo_free(&m);
}

typedef struct {
    diag_list d;
    paa_programa *orig, *mod;
    avance *av;
    avance_report r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    diag_list_init(&f->d);
    const char *xsd = ROOT "/input/schema/programa.xsd";
    if (parse_programa(ROOT "/input/paa2024.xml", xsd, &f->orig, &f->d) != 0 ||
        parse_programa(ROOT "/input/paa2024-adecuacion.xml", xsd, &f->mod, &f->d) != 0 ||
        avance_load(ROOT "/input/adecuacion/avance-2024-06.xml",
                    ROOT "/input/schema/avance.xsd", &f->av, &f->d) != 0)
        return -1;
    avance_thresholds t;
    avance_thresholds_default(&t);
    if (avance_compute(f->av, f->mod, &t, &f->r) != 0 ||
        avance_compare_original(&f->r, f->orig) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    avance_report_free(&f->r);
    avance_free(f->av);
    model_free(f->orig);
    model_free(f->mod);
    diag_list_free(&f->d);
    free(f);
    return 0;
}

static const avance_row *row(const fixture *f, const char *clave)
{
    for (size_t i = 0; i < f->r.n_rows; i++)
        if (strcmp(f->r.rows[i].act->clave, clave) == 0)
            return &f->r.rows[i];
    fail_msg("no row %s", clave);
    return NULL;
}

static void test_rows_carry_the_original(void **state)
{
    const fixture *f = *state;
    assert_ptr_equal(f->r.original, f->orig);
    /* 200 moved from May to July: June's figures differ */
    const avance_row *r = row(f, "010101");
    assert_int_equal(r->cambios, AVANCE_CAMBIO_MESES);
    assert_int_equal(r->meses_cambiados, (1u << 4) | (1u << 6));
    assert_true(r->orig_prog_acum_known);
    assert_int_equal(r->orig_prog_acum, 2770 * S);
    assert_int_equal(r->prog_acum, 2570 * S);
    assert_int_equal(r->orig_anual, 4060 * S);
    /* annual 12 → 14 and June 1 → 3 */
    r = row(f, "010102");
    assert_int_equal(r->cambios, AVANCE_CAMBIO_ANUAL | AVANCE_CAMBIO_MESES);
    assert_int_equal(r->orig_anual, 12 * S);
    assert_int_equal(r->anual, 14 * S);
    /* renumbered: paired with 010103, the goal unchanged */
    r = row(f, "010204");
    assert_int_equal(r->cambios, AVANCE_CAMBIO_RENUMERADA);
    assert_string_equal(r->orig->clave, "010103");
    assert_int_equal(r->orig_prog_acum, r->prog_acum);
    /* added */
    r = row(f, "010205");
    assert_int_equal(r->cambios, AVANCE_CAMBIO_NUEVA);
    assert_null(r->orig);
    /* unchanged */
    r = row(f, "010201");
    assert_int_equal(r->cambios, 0);
    assert_int_equal(r->orig_prog_acum, r->prog_acum);
    assert_int_equal(f->r.n_cambiadas, 4);
}

static void test_cancelled(void **state)
{
    const fixture *f = *state;
    assert_int_equal(f->r.n_canceladas, 1);
    const avance_cancelada *k = &f->r.canceladas[0];
    assert_string_equal(k->act->clave, "010302");
    assert_int_equal(k->prog_acum, 127 * S);   /* 31+11+20+55+6+4 */
    assert_int_equal(k->anual, 158 * S);
}

static void test_notes(void **state)
{
    const fixture *f = *state;
    char buf[AVANCE_NOTE_BUFSZ];
    avance_row_cambio_note(row(f, "010102"), buf, sizeof buf);
    assert_string_equal(buf, "* Meta modificada por la adecuación: anual de 12 a 14; "
                             "junio de 1 a 3.");
    avance_row_cambio_note(row(f, "010101"), buf, sizeof buf);
    assert_string_equal(buf, "* Meta modificada por la adecuación: mayo de 600 a 400, "
                             "julio de 180 a 380.");
    avance_row_cambio_note(row(f, "010204"), buf, sizeof buf);
    assert_string_equal(buf, "Renumerada por la adecuación: antes 010103.");
    avance_row_cambio_note(row(f, "010205"), buf, sizeof buf);
    assert_string_equal(buf, "* Actividad agregada por la adecuación.");
    avance_row_cambio_note(row(f, "010201"), buf, sizeof buf);
    assert_string_equal(buf, "");
    /* a short buffer is cut, still terminated */
    char small[8];
    avance_row_cambio_note(row(f, "010205"), small, sizeof small);
    assert_int_equal(strlen(small), 7);
}

static void test_checker_says_what_became_of_a_clave(void **state)
{
    const fixture *f = *state;
    diag_list d;
    diag_list_init(&d);
    diag_add(&d, RULE_AVANCE_CLAVE_FALTANTE, "a.xml", 1, "010103", "otra regla");
    size_t from = d.n;
    diag_add(&d, RULE_AVANCE_CLAVE_DESCONOCIDA, "a.xml", 2, "010103", "no está");
    diag_add(&d, RULE_AVANCE_CLAVE_DESCONOCIDA, "a.xml", 3, "010302", "no está");
    diag_add(&d, RULE_AVANCE_CLAVE_DESCONOCIDA, "a.xml", 4, "999999", "no está");
    assert_int_equal(avance_check_adecuacion(f->orig, f->mod, &d, from), 0);
    assert_string_equal(d.items[0].message, "otra regla");
    assert_string_equal(d.items[1].message,
                        "no está; 010103 fue renumerada a 010204 por la adecuación");
    assert_string_equal(d.items[2].message,
                        "no está; 010302 fue cancelada por la adecuación");
    assert_string_equal(d.items[3].message, "no está");
    diag_list_free(&d);
}

static void test_sentence(void **state)
{
    const fixture *f = *state;
    char buf[AVANCE_FRASE_BUFSZ];
    avance_adecuacion_frase(f->orig, f->mod, buf, sizeof buf);
    assert_string_equal(buf, "Cumplimiento medido contra el programa modificado "
                             "(adecuación del 30 de mayo de 2024).");
    /* the same date as the approved one: the file's name instead */
    avance_adecuacion_frase(f->orig, f->orig, buf, sizeof buf);
    assert_string_equal(buf, "Cumplimiento medido contra el programa modificado "
                             "(adecuación: paa2024.xml).");
}

/* The paragraph the PDF and the web edition share: the sentence, the
 * counts of what changed and the two columns named as each document
 * names them. */
static void test_summary_paragraph(void **state)
{
    const fixture *f = *state;
    strbuf b = {0};
    avance_adecuacion_resumen(&f->r, f->mod, "ORIG", "MOD", false, &b);
    assert_false(b.failed);
    const char *s = strbuf_str(&b);
    const char *parts[] = {
        ("Cumplimiento medido contra el programa modificado (adecuación del 30 de mayo de "
         "2024). La adecuación modificó la meta de 2 actividades, agregó 1, renumeró 1 y "
         "canceló 1 (véase «Actividades canceladas por la adecuación»)."),
        " En el detalle, «ORIG» es lo programado hasta el corte en el programa aprobado (",
        "/input/paa2024.xml) y «MOD», en el programa vigente (",
        ("/input/paa2024-adecuacion.xml), contra el que se calcula el cumplimiento; «*» "
         "señala las filas cuya meta cambió o que se agregaron.")};
    const char *at = s;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *found = strstr(at, parts[i]);
        if (found == NULL || (i == 0 && found != s))
            fail_msg("missing «%s» in «%s»", parts[i], s);
        at = found + strlen(parts[i]);
    }
    assert_string_equal(at, "");
    strbuf_free(&b);
    /* as a published site says it: the files' names, no path */
    avance_adecuacion_resumen(&f->r, f->mod, "ORIG", "MOD", true, &b);
    assert_non_null(strstr(strbuf_str(&b), "en el programa aprobado (paa2024.xml) y «MOD», "
                                           "en el programa vigente (paa2024-adecuacion.xml)"));
    strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pareo_renumbers_by_signature),
        cmocka_unit_test(test_rows_carry_the_original),
        cmocka_unit_test(test_cancelled),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_checker_says_what_became_of_a_clave),
        cmocka_unit_test(test_sentence),
        cmocka_unit_test(test_summary_paragraph),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
