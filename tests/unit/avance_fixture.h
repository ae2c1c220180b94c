/* Loading the fixtures of tests/fixtures/avance/ for the unit tests of the
 * progress reader, the semáforo and the progress rules. */
#ifndef PAA_TEST_AVANCE_FIXTURE_H
#define PAA_TEST_AVANCE_FIXTURE_H

#include <stdio.h>

#include "read/avance.h"
#include "read/programa.h"

#define FIX PAA_TEST_DIR "/fixtures/avance/"
#define ROOT PAA_TEST_DIR "/.."

/* The fixtures' programme (tests/fixtures/avance/programa.xml). */
static inline paa_programa *load_programme(diag_list *d)
{
    paa_programa *p = NULL;
    assert_int_equal(parse_programa(FIX "programa.xml",
                                    ROOT "/input/schema/programa.xsd", &p, d), 0);
    return p;
}

/* A progress fixture by file name; it must load. */
static inline avance *load_progress(const char *name, diag_list *d)
{
    char path[512];
    snprintf(path, sizeof path, FIX "%s", name);
    avance *a = NULL;
    assert_int_equal(avance_load(path, ROOT "/input/schema/avance.xsd", &a, d), 0);
    return a;
}

#endif
