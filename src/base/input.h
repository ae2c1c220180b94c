/*
 * input: the one way paa reads an input file.
 *
 * Every input (programme, progress report, layout, schema, baseline) is a
 * regular file within a size limit. A FIFO, device, directory or socket is
 * refused before it is read (nothing blocks waiting for a writer, nothing
 * reads /dev/zero until memory runs out), and a file that grows past the
 * limit while it is read is refused too. Failures are one "io" finding in
 * Spanish naming the path.
 */
#ifndef PAA_BASE_INPUT_H
#define PAA_BASE_INPUT_H

#include <stddef.h>

#include "base/diag.h"

/* The path that names standard input (read whole, within the same limit). */
#define INPUT_STDIN "-"

/*
 * Reads all of `path` (at most max_bytes) into a malloc'd, NUL-terminated
 * buffer. Returns 0 with *buf and *len set, or -1 with a diagnostic
 * (*buf is NULL then).
 */
int input_read(const char *path, long max_bytes, char **buf, size_t *len,
               diag_list *d);

/* "es un directorio", "es una tubería con nombre (FIFO)"…: what a file of
 * mode `mode` is, for the message that refuses it. */
const char *input_kind(unsigned mode);

#endif
