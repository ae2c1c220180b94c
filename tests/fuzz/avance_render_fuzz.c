/* libFuzzer target: the progress report's PDF and workbook of any
 * readable progress file. */
#include "check/avance.h"
#include "check/semaforo.h"
#include "read/avance.h"
#include "fuzzlib.h"
#include "pdf/pdf.h"
#include "xlsx/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const paa_programa *p = fuzz_programa("avance/programa.xml");
    const layout *lay = fuzz_layout("avance");
    diag_list d;
    diag_list_init(&d);
    avance *av = NULL;
    avance_thresholds t;
    avance_report r;
    if (avance_load(fuzz_input(data, size), fuzz_data("input/schema/avance.xsd"), &av,
                    &d) == 0 &&
        avance_thresholds_load(lay, &t, &d) == 0 && avance_compute(av, p, &t, &r) == 0) {
        pdf_avance(av, p, &r, lay, 1719792000LL, fuzz_output("avance.pdf"), &d);
        xlsx_avance(av, p, &r, lay, 1719792000LL, fuzz_output("avance.xlsx"), &d);
        avance_report_free(&r);
    }
    avance_free(av);
    diag_list_free(&d);
    fuzz_clean();
    return 0;
}
