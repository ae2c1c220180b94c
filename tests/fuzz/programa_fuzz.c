/* libFuzzer target: the programme reader (safe XML, schema, tree builder
 * that recovers per activity, as `paa check` reads) and every rule of the
 * checker. */
#include "check/programa.h"
#include "fuzzlib.h"
#include "read/programa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    if (parse_programa_partial(fuzz_input(data, size),
                               fuzz_data("input/schema/programa.xsd"), &p, &d) >= 0)
        check_programa(p, &d);
    model_free(p);
    diag_list_free(&d);
    return 0;
}
