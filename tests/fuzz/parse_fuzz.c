/*
 * libFuzzer target: feeds arbitrary bytes to the safe XML reader, and the
 * documents that pass the schema to the tree builder and the checker.
 * Build and run (not part of ctest; see tests/fuzz/run):
 *   tests/fuzz/run [SECONDS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check/programa.h"
#include "read/programa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* parse_programa reads files; the fuzzer's bytes go through one. */
    char path[] = "/tmp/paa-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    /* The partial reader is what `paa check` uses: it builds trees from
     * documents that fail their schema, the riskier path. */
    if (parse_programa_partial(path, PAA_DATA_DIR "/input/schema/programa.xsd", &p, &d) >= 0)
        check_programa(p, &d);
    model_free(p);
    diag_list_free(&d);
    unlink(path);
    return 0;
}
