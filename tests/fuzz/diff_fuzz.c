/* libFuzzer target: `paa diff` of two programmes — the comparison
 * (matching, renumbering, month and sum flags, the checker on both
 * versions) and every output format. The input holds both versions
 * separated by a NUL byte (which no XML file contains); without one it is
 * the new version of tests/fixtures/base.xml. The cut-off month comes from
 * the input's size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "render_common.h"

static void write_all(const diff_result *r)
{
    static const diff_formato formats[] = {DIFF_TEXTO, DIFF_JSON, DIFF_MARKDOWN, DIFF_GITHUB};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f == NULL)
            abort();
        diff_write(r, formats[i], f);
        fclose(f);
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = memchr(data, '\0', size);
    size_t first = sep != NULL ? (size_t)(sep - data) : 0;
    paa_programa *own = sep != NULL ? fuzz_read_programa(data, first) : NULL;
    const paa_programa *antes = sep != NULL ? own : fuzz_programa("base.xml");
    paa_programa *despues = NULL;
    if (antes != NULL)
        despues = sep != NULL ? fuzz_read_programa(sep + 1, size - first - 1)
                              : fuzz_read_programa(data, size);
    if (despues != NULL) {
        diff_opciones o = {.corte = (int)(size % 13), .linea_base = NULL};
        diff_result *r = NULL;
        diag_list d;
        diag_list_init(&d);
        if (diff_compute(antes, despues, &o, &r, &d) == 0) {
            diff_hay_cambios(r);
            write_all(r);
        }
        diff_free(r);
        diag_list_free(&d);
    }
    model_free(despues);
    model_free(own);
    return 0;
}
