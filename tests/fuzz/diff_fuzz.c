/* libFuzzer target: `paa diff` of two programmes — the comparison
 * (matching, renumbering, month and sum flags, the checker on both
 * versions) and every text output format. The input holds both versions
 * (fuzz_read_pair); the cut-off month comes from the input's size. */
#include <stdio.h>
#include <stdlib.h>

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
    fuzz_pair x;
    if (fuzz_read_pair(data, size, &x)) {
        diff_opciones o = {.corte = (int)(size % 13), .linea_base = NULL};
        diff_result *r = NULL;
        diag_list d;
        diag_list_init(&d);
        if (diff_compute(x.antes, x.despues, &o, &r, &d) == 0) {
            diff_hay_cambios(r);
            write_all(r);
        }
        diff_free(r);
        diag_list_free(&d);
    }
    fuzz_pair_free(&x);
    return 0;
}
