/* libFuzzer target: the adecuaciones annex of `paa diff --format pdf|xlsx`
 * (layouts/adecuaciones.xml), PDF and workbook, of two programmes in one
 * input (fuzz_read_pair). */
#include "diff/diff.h"
#include "pdf/pdf.h"
#include "render_common.h"
#include "xlsx/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const layout *lay = fuzz_layout("adecuaciones");
    fuzz_pair x;
    if (fuzz_read_pair(data, size, &x)) {
        diff_opciones o = {.corte = 0, .linea_base = NULL};
        diff_result *r = NULL;
        diag_list d;
        diag_list_init(&d);
        if (diff_compute(x.antes, x.despues, &o, &r, &d) == 0) {
            pdf_adecuaciones(r, x.antes, x.despues, lay, FUZZ_EPOCH, fuzz_output("anexo.pdf"),
                             &d);
            xlsx_adecuaciones(r, x.antes, x.despues, lay, FUZZ_EPOCH,
                              fuzz_output("anexo.xlsx"), &d);
        }
        diff_free(r);
        diag_list_free(&d);
    }
    fuzz_pair_free(&x);
    fuzz_clean();
    return 0;
}
