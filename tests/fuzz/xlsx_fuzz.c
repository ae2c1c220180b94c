/* libFuzzer target: the programme workbook of any readable programme. */
#include "render_common.h"
#include "xlsx/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const layout *lay = fuzz_layout("libro");
    paa_programa *p = fuzz_read_programa(data, size);
    if (p == NULL)
        return 0;
    diag_list d;
    diag_list_init(&d);
    xlsx_programa(p, lay, FUZZ_EPOCH, fuzz_output("programa.xlsx"), &d);
    diag_list_free(&d);
    model_free(p);
    fuzz_clean();
    return 0;
}
