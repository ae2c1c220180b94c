/* Reads a programme from fuzz bytes for the renderer targets; NULL when the
 * bytes are not a readable programme (the reader's own target covers that). */
#ifndef PAA_FUZZ_RENDER_COMMON_H
#define PAA_FUZZ_RENDER_COMMON_H

#include <stdbool.h>
#include <string.h>

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

/* The two versions of a comparison in one input: the bytes before and
 * after the first NUL (which no XML file contains); without one, the input
 * is the new version of tests/fixtures/base.xml. */
typedef struct {
    paa_programa *own;            /* the old version when it came from the input */
    const paa_programa *antes;    /* NULL when unreadable */
    paa_programa *despues;        /* NULL when unreadable */
} fuzz_pair;

static inline bool fuzz_read_pair(const uint8_t *data, size_t size, fuzz_pair *x)
{
    const uint8_t *sep = memchr(data, '\0', size);
    size_t first = sep != NULL ? (size_t)(sep - data) : 0;
    x->own = sep != NULL ? fuzz_read_programa(data, first) : NULL;
    x->antes = sep != NULL ? x->own : fuzz_programa("base.xml");
    x->despues = NULL;
    if (x->antes != NULL)
        x->despues = sep != NULL ? fuzz_read_programa(sep + 1, size - first - 1)
                                 : fuzz_read_programa(data, size);
    return x->despues != NULL;
}

static inline void fuzz_pair_free(fuzz_pair *x)
{
    model_free(x->despues);
    model_free(x->own);
}

#endif
