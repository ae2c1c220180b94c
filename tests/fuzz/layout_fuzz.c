/*
 * libFuzzer target: the layout reader and the renderers that read layouts.
 * The root element says which kind of layout the bytes are (programa,
 * libro, avance); each is validated against its schema and, when it loads,
 * used to render a fixed programme or progress report.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check/avance.h"
#include "check/semaforo.h"
#include "read/avance.h"
#include "fuzzlib.h"
#include "pdf/pdf.h"
#include "xlsx/xlsx.h"

static bool contains(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, word, n) == 0)
            return true;
    return false;
}

static const char *kind_of(const uint8_t *data, size_t size)
{
    if (contains(data, size, "<libro"))
        return "libro";
    if (contains(data, size, "<avance"))
        return "avance";
    return "programa";
}

static void render_avance(const layout *lay, diag_list *d)
{
    const paa_programa *p = fuzz_programa("avance/programa.xml");
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/avance/avance.xml", PAA_TEST_DIR);
    avance *av = NULL;
    avance_thresholds t;
    avance_report r;
    if (avance_load(path, fuzz_data("input/schema/avance.xsd"), &av, d) == 0 &&
        avance_thresholds_load(lay, &t, d) == 0 && avance_compute(av, p, &t, &r) == 0) {
        avance_check(av, p, lay, d);
        pdf_avance(av, p, &r, lay, 1719792000LL, fuzz_output("avance.pdf"), d);
        xlsx_avance(av, p, &r, lay, 1719792000LL, fuzz_output("avance.xlsx"), d);
        avance_report_free(&r);
    }
    avance_free(av);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *kind = kind_of(data, size);
    char rel[64];
    snprintf(rel, sizeof rel, "layouts/schema/%s.xsd", kind);
    diag_list d;
    diag_list_init(&d);
    layout *lay = NULL;
    if (layout_load(fuzz_input(data, size), fuzz_data(rel), &lay, &d) == 0) {
        const paa_programa *p = fuzz_programa("minimo.xml");
        if (strcmp(kind, "programa") == 0)
            pdf_programa(p, lay, 1710806400LL, fuzz_output("programa.pdf"), &d);
        else if (strcmp(kind, "libro") == 0)
            xlsx_programa(p, lay, 1710806400LL, fuzz_output("programa.xlsx"), &d);
        else
            render_avance(lay, &d);
    }
    layout_free(lay);
    diag_list_free(&d);
    fuzz_clean();
    return 0;
}
