/* Reads a programme from fuzz bytes for the renderer targets; NULL when the
 * bytes are not a readable programme (the reader's own target covers that). */
#ifndef PAA_FUZZ_RENDER_COMMON_H
#define PAA_FUZZ_RENDER_COMMON_H

#include "fuzzlib.h"
#include "read/programa.h"

/* The creation date of every fuzzed document (2024-03-19). */
#define FUZZ_EPOCH 1710806400LL

static inline paa_programa *fuzz_read_programa(const uint8_t *data, size_t size)
{
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    parse_programa(fuzz_input(data, size), fuzz_data("input/schema/programa.xsd"), &p, &d);
    diag_list_free(&d);
    return p;
}

#endif
