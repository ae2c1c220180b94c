/* input: reading an input file whole and safely. See input.h. */
#include "base/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/syserr.h"

const char *input_kind(unsigned mode)
{
    if (S_ISDIR(mode))
        return "es un directorio, no un archivo";
    if (S_ISFIFO(mode))
        return "es una tubería (FIFO), no un archivo regular";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "es un dispositivo, no un archivo regular";
    if (S_ISSOCK(mode))
        return "es un socket, no un archivo regular";
    return "no es un archivo regular";
}

static int refuse(const char *path, const char *what, const char *why, diag_list *d)
{
    diag_add(d, RULE_IO, path, 0, NULL, "%s: %s", what, why);
    return -1;
}

/* Reads exactly up to `want` bytes; returns how many, or -1. */
static long read_all(int fd, char *b, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(fd, b + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

static int too_big(const char *path, long long size, long max_bytes, diag_list *d)
{
    diag_add(d, RULE_IO, path, 0, NULL,
             "el archivo mide %lld bytes, más que el límite de %ld", size, max_bytes);
    return -1;
}

/* Standard input (INPUT_STDIN), read up to max_bytes: a pipe has no size
 * to look at first, so the limit is checked as it grows. */
static int read_stdin(const char *path, long max_bytes, char **buf, size_t *len,
                      diag_list *d)
{
    size_t cap = 65536, n = 0;
    char *b = malloc(cap + 1);
    while (b != NULL) {
        if (n == cap) {
            if (n > (size_t)max_bytes)
                break;
            char *grown = realloc(b, cap * 2 + 1);
            if (grown == NULL) {
                free(b);
                b = NULL;
                break;
            }
            b = grown;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, stdin);
        n += got;
        if (got == 0)
            break;
    }
    if (b == NULL || ferror(stdin) || n > (size_t)max_bytes) {
        diag_add(d, RULE_IO, path, 0, NULL, b == NULL ? "memoria insuficiente"
                 : ferror(stdin) ? "error al leer la entrada estándar"
                                 : "la entrada estándar supera el límite de tamaño");
        free(b);
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

int input_read(const char *path, long max_bytes, char **buf, size_t *len,
               diag_list *d)
{
    *buf = NULL;
    *len = 0;
    if (strcmp(path, INPUT_STDIN) == 0)
        return read_stdin(path, max_bytes, buf, len, d);
    /* Look before opening: opening a device or a FIFO can block or have
     * effects of its own. */
    struct stat st;
    if (stat(path, &st) != 0)
        return refuse(path, "no se puede abrir el archivo", syserr_text(errno), d);
    if (!S_ISREG(st.st_mode))
        return refuse(path, "no se puede leer", input_kind(st.st_mode), d);
    /* O_NONBLOCK: should the path be swapped for a FIFO meanwhile, the
     * open does not wait; fstat below then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return refuse(path, "no se puede abrir el archivo", syserr_text(errno), d);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return refuse(path, "no se puede leer", input_kind(st.st_mode), d);
    }
    if (st.st_size > max_bytes) {
        close(fd);
        return too_big(path, (long long)st.st_size, max_bytes, d);
    }
    /* One byte more than the size tells a file that grew while read. */
    size_t want = (size_t)st.st_size + 1;
    char *b = malloc(want + 1);
    if (b == NULL) {
        close(fd);
        return refuse(path, "no se puede leer el archivo", "memoria insuficiente", d);
    }
    long got = read_all(fd, b, want);
    int err = errno;
    close(fd);
    if (got < 0) {
        free(b);
        return refuse(path, "error al leer el archivo", syserr_text(err), d);
    }
    if ((size_t)got == want) {
        free(b);
        diag_add(d, RULE_IO, path, 0, NULL,
                 "el archivo cambió de tamaño mientras se leía; vuelva a intentarlo");
        return -1;
    }
    b[got] = '\0';
    *buf = b;
    *len = (size_t)got;
    return 0;
}
