/* libFuzzer target: the progress reader, its checks and the computation
 * (percentages, traffic light, roll-ups) against a fixed programme. */
#include "check/avance.h"
#include "check/semaforo.h"
#include "read/avance.h"
#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const paa_programa *p = fuzz_programa("avance/programa.xml");
    const layout *lay = fuzz_layout("avance");
    diag_list d;
    diag_list_init(&d);
    avance *av = NULL;
    if (avance_load(fuzz_input(data, size), fuzz_data("input/schema/avance.xsd"), &av,
                    &d) == 0) {
        avance_check(av, p, lay, &d);
        avance_thresholds t;
        avance_report r;
        if (avance_thresholds_load(lay, &t, &d) == 0 && avance_compute(av, p, &t, &r) == 0)
            avance_report_free(&r);
    }
    avance_free(av);
    diag_list_free(&d);
    return 0;
}
