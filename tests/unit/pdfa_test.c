/* pdfa: XMP packet, ICC profile check and document dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "pdf/pdfa.h"

static const pdfa_meta specials = {
    "Programa <Anual> & «Actividades» \"2024\" 'A'", "Instituto & Consejo",
    "Asunto <x>", "IEEM, programa", "paa 0.1.0", "Haru Free PDF Library 2.3.0",
    "es-MX", 1710806400LL, NULL, 0};

/* The packet is well-formed XML whatever the texts hold, and says each
 * value once, escaped. */
static void test_xmp_escapes(void **state)
{
    (void)state;
    char *x = pdfa_xmp(&specials);
    assert_non_null(x);
    xmlDocPtr doc = xmlReadMemory(x, (int)strlen(x), "xmp.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    assert_non_null(strstr(x, "<rdf:li xml:lang=\"x-default\">Programa &lt;Anual&gt; &amp; "
                              "«Actividades» &quot;2024&quot; &apos;A&apos;</rdf:li>"));
    assert_non_null(strstr(x, "<dc:creator><rdf:Seq><rdf:li>Instituto &amp; Consejo</rdf:li>"));
    assert_non_null(strstr(x, "<pdfaid:part>1</pdfaid:part>"));
    assert_non_null(strstr(x, "<pdfaid:conformance>B</pdfaid:conformance>"));
    assert_non_null(strstr(x, "<xmp:CreateDate>2024-03-19T00:00:00+00:00</xmp:CreateDate>"));
    assert_non_null(strstr(x, "<xmp:ModifyDate>2024-03-19T00:00:00+00:00</xmp:ModifyDate>"));
    assert_non_null(strstr(x, "<pdf:Keywords>IEEM, programa</pdf:Keywords>"));
    assert_non_null(strstr(x, "<pdf:Producer>Haru Free PDF Library 2.3.0</pdf:Producer>"));
    assert_non_null(strstr(x, "<xmp:CreatorTool>paa 0.1.0</xmp:CreatorTool>"));
    assert_null(strstr(x, "& "));
    free(x);
}

/* What the information dictionary lacks, the XMP lacks too. */
static void test_xmp_absent(void **state)
{
    (void)state;
    pdfa_meta m = specials;
    m.subject = NULL;
    m.keywords = NULL;
    char *x = pdfa_xmp(&m);
    assert_non_null(x);
    assert_null(strstr(x, "dc:description"));
    assert_null(strstr(x, "pdf:Keywords"));
    assert_non_null(strstr(x, "dc:title"));
    free(x);
}

static unsigned char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char buf[1 << 16];
    *n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

static void test_icc(void **state)
{
    (void)state;
    size_t n;
    unsigned char *icc = read_all(PAA_TEST_DIR "/../color/sRGB.icc", &n);
    assert_true(n > 1000);
    assert_null(pdfa_icc_problem(icc, n));
    assert_non_null(pdfa_icc_problem(icc, 100));               /* truncated */
    assert_non_null(pdfa_icc_problem(icc, n - 1));             /* size mismatch */
    unsigned char copy[1 << 16];
    memcpy(copy, icc, n);
    copy[8] = 4;                                               /* ICC v4 */
    assert_string_equal(pdfa_icc_problem(copy, n),
                        "el perfil ICC no es de la versión 2, la que admite PDF/A-1");
    memcpy(copy, icc, n);
    memcpy(copy + 16, "CMYK", 4);
    assert_string_equal(pdfa_icc_problem(copy, n), "el perfil ICC no es de color RGB");
    memcpy(copy, icc, n);
    memcpy(copy + 36, "xxxx", 4);
    assert_string_equal(pdfa_icc_problem(copy, n), "no es un perfil de color ICC");
}

static void test_info_date(void **state)
{
    (void)state;
    HPDF_Date d;
    assert_true(pdfa_info_date(1710806400LL, &d));
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 19);
    assert_int_equal(d.hour, 0);
    assert_int_equal(d.ind, '+');
    assert_false(pdfa_info_date(-1, &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmp_escapes),
        cmocka_unit_test(test_xmp_absent),
        cmocka_unit_test(test_icc),
        cmocka_unit_test(test_info_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
