/* libFuzzer target: the CSV and JSON exports of any readable programme. */
#include <stdio.h>
#include <stdlib.h>

#include "render_common.h"
#include "write/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    paa_programa *p = fuzz_read_programa(data, size);
    if (p == NULL)
        return 0;
    for (int fmt = 0; fmt < 2; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f == NULL)
            abort();
        export_write(p, fmt == 0 ? EXPORT_CSV : EXPORT_JSON, f);
        fclose(f);
        free(buf);
    }
    model_free(p);
    return 0;
}
