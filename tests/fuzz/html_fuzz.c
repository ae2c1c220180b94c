/* libFuzzer target: the web edition (paa html), programme pages and
 * progress pages. An input starting with 'A' is a progress report (the
 * bytes after the 'A'), published with the fixed programme it belongs to;
 * any other input is a programme, published with the fixed progress
 * report computed against it. As in `paa html`, a report is published only
 * when its check finds no error. A programme of odd length is also the one
 * in force after an adecuación of the fixed programme (`paa html
 * --modificado`): its report is compared with the fixed programme. */
#include <stdbool.h>

#include "check/avance.h"
#include "check/semaforo.h"
#include "html/html.h"
#include "read/avance.h"
#include "render_common.h"

/* The report at `path` checked and computed against p; false when
 * `paa html` would refuse it. */
static bool read_report(const char *path, const paa_programa *p, const layout *lay,
                        avance **av, avance_report *r)
{
    diag_list d;
    diag_list_init(&d);
    avance_thresholds t;
    bool ok = avance_load(path, fuzz_data("input/schema/avance.xsd"), av, &d) == 0 &&
              avance_check(*av, p, lay, &d) == 0 && diag_count(&d, DIAG_ERROR) == 0 &&
              avance_thresholds_load(lay, &t, &d) == 0 && avance_compute(*av, p, &t, r) == 0;
    diag_list_free(&d);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const layout *web = fuzz_layout("web"), *prog = fuzz_layout("programa"),
                 *lay = fuzz_layout("avance");
    bool fuzzed_report = size > 0 && data[0] == 'A';
    paa_programa *own = fuzzed_report ? NULL : fuzz_read_programa(data, size);
    const paa_programa *p = fuzzed_report ? fuzz_programa("avance/programa.xml") : own;
    if (p == NULL)
        return 0;
    avance *av = NULL;
    avance_report r;
    bool reported = read_report(fuzzed_report ? fuzz_input(data + 1, size - 1)
                                              : fuzz_fixture("avance/avance.xml"),
                                p, lay, &av, &r);
    const paa_programa *original = fuzzed_report || size % 2 == 0
                                       ? NULL
                                       : fuzz_programa("avance/programa.xml");
    if (reported && original != NULL && avance_compare_original(&r, original) != 0)
        original = NULL;
    if (reported || !fuzzed_report) {
        html_avance report = {av, &r};
        html_site site = {.p = p, .web = web, .programa = prog,
                          .avance = reported ? lay : NULL, .avances = &report,
                          .n_avances = reported ? 1 : 0,
                          .vigente = original != NULL ? p : NULL};
        diag_list d;
        diag_list_init(&d);
        render_html(&site, fuzz_output("sitio"), &d);
        diag_list_free(&d);
    }
    if (reported)
        avance_report_free(&r);
    avance_free(av);
    model_free(own);
    fuzz_clean();
    return 0;
}
