/* libFuzzer target: the baseline reader, applied to the findings of a
 * fixture with errors. */
#include "check/baseline.h"
#include "check/programa.h"
#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const paa_programa *p = fuzz_programa("reglas/clave-duplicada.xml");
    diag_list d;
    diag_list_init(&d);
    check_programa(p, &d);
    diag_add(&d, RULE_SUMA_MESES, p->file, 3, "010101", "hallazgo de prueba");
    check_baseline *b = NULL;
    if (check_baseline_load(fuzz_input(data, size), false, &b, &d) == 0) {
        check_baseline_apply(b, &d, diag_command_rules(false));
        check_baseline_free(b);
    }
    diag_sort(&d);
    FILE *null = fopen("/dev/null", "w");
    if (null != NULL) {
        diag_print_all(null, &d);
        fclose(null);
    }
    diag_list_free(&d);
    return 0;
}
