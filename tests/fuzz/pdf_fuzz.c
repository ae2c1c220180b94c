/* libFuzzer target: the programme PDF of any readable programme. */
#include "pdf/pdf.h"
#include "render_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const layout *lay = fuzz_layout("programa");
    paa_programa *p = fuzz_read_programa(data, size);
    if (p == NULL)
        return 0;
    diag_list d;
    diag_list_init(&d);
    pdf_programa(p, lay, FUZZ_EPOCH, fuzz_output("programa.pdf"), &d);
    diag_list_free(&d);
    model_free(p);
    fuzz_clean();
    return 0;
}
