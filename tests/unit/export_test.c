/* Unit tests of export: CSV columns, quoting and unknown quantities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "write/export.h"
#include "read/programa.h"

#define FIXTURES PAA_TEST_DIR "/fixtures"
#define SCHEMA PAA_TEST_DIR "/../input/schema/programa.xsd"

static char *export_to_string(const char *fixture, export_format fmt)
{
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(fixture, SCHEMA, &p, &d), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(export_write(p, fmt, f), 0);
    fclose(f);
    model_free(p);
    diag_list_free(&d);
    return buf;
}

static void test_csv(void **state)
{
    (void)state;
    char *csv = export_to_string(FIXTURES "/base.xml", EXPORT_CSV);
    assert_true(strncmp(csv, "subprograma,proyecto,clave,actividad,unidad,anual,ene,feb,"
                             "mar,abr,may,jun,jul,ago,sep,oct,nov,dic,beneficiarios,"
                             "cantidad_beneficiarios,reconstruidas\r\n", 150) == 0);
    /* Plain decimals, quoted fields with commas, one row per activity. */
    assert_non_null(strstr(csv, "\r\n01,0101,010102,Actividad 010102.,Estudio,1,0.08,"));
    assert_non_null(strstr(csv, ",1699242,141603,"));
    assert_non_null(strstr(csv, ",IEEM.,\"13,1,S/C, S/C\",\r\n"));
    size_t rows = 0;
    for (const char *s = csv; (s = strstr(s, "\r\n")) != NULL; s += 2)
        rows++;
    assert_int_equal(rows, 6);
    free(csv);

    /* The rebuilt quantities, as the source names them. */
    csv = export_to_string(FIXTURES "/minimo.xml", EXPORT_CSV);
    assert_non_null(strstr(csv, ",180,120,"));
    assert_non_null(strstr(csv, ",dic\r\n"));
    free(csv);

    csv = export_to_string(FIXTURES "/reglas/cantidad-faltante.xml", EXPORT_CSV);
    assert_non_null(strstr(csv, ",Reporte,,1,1,"));   /* unknown annual: empty */
    free(csv);
}

/* Quantities keep their published decimals: 040103's months are «0.10»
 * and 040707's «0.30», not 0.1 and 0.3. */
static void test_published_decimals(void **state)
{
    (void)state;
    char *csv = export_to_string(PAA_TEST_DIR "/../input/paa2024.xml", EXPORT_CSV);
    const char *row = strstr(csv, "\r\n04,0401,040103,");
    assert_non_null(row);
    assert_non_null(strstr(row, ",1,0,0,0.10,0.10,0.10,0.10,0.10,0.10,0.10,0.10,0.10,0.10,"));
    row = strstr(csv, "\r\n04,0407,040707,");
    assert_non_null(row);
    assert_non_null(strstr(row, ",1,0,0,0,0,0,0,0.30,0.30,0.30,0.10,0,0,"));
    free(csv);
    char *json = export_to_string(PAA_TEST_DIR "/../input/paa2024.xml", EXPORT_JSON);
    assert_non_null(strstr(json, "[0, 0, 0, 0, 0, 0, 0.30, 0.30, 0.30, 0.10, 0, 0]"));
    free(json);
}

static void test_json_nulls_and_escapes(void **state)
{
    (void)state;
    char *json = export_to_string(FIXTURES "/reglas/cantidad-faltante.xml", EXPORT_JSON);
    assert_non_null(strstr(json, "\"anual\": null"));
    assert_non_null(strstr(json, "\"firma_nombre\": null"));
    free(json);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    export_json_string(f, "a\"b\\c\n\x01");
    fclose(f);
    assert_string_equal(buf, "\"a\\\"b\\\\c\\n\\u0001\"");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_published_decimals),
        cmocka_unit_test(test_json_nulls_and_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
