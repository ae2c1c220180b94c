/*
 * Shared pieces of the libFuzzer targets (tests/fuzz/NAME_fuzz.c). Test code
 * only: the fixtures loaded once and the scratch files live in statics.
 * Every helper aborts on a failure of the harness itself, which libFuzzer
 * then reports, so a broken harness never passes quietly.
 */
#ifndef PAA_FUZZLIB_H
#define PAA_FUZZLIB_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "model/programa.h"
#include "read/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A regular file holding exactly data[0..size): the readers take paths. */
const char *fuzz_input(const uint8_t *data, size_t size);
/* A path named `name` in a private scratch directory. */
const char *fuzz_output(const char *name);
/* Removes everything in the scratch directory (files and directories). */
void fuzz_clean(void);
/* "<tests>/fixtures/rel" in a static buffer. */
const char *fuzz_fixture(const char *rel);
/* "<data dir>/rel" in a static buffer (schemas, layouts). */
const char *fuzz_data(const char *rel);
/* The fixture tests/fixtures/<rel>, parsed once; never NULL. */
const paa_programa *fuzz_programa(const char *rel);
/* layouts/<name>.xml with its schema, loaded once; never NULL. */
const layout *fuzz_layout(const char *name);

#endif
