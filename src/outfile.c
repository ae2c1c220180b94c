/* outfile: atomic output files. See outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(outfile *o, const char *target, int open_stream, diag_list *d)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(target) + sizeof ".tmp-XXXXXX";
    o->target = strdup(target);
    o->tmp = malloc(n);
    if (o->target == NULL || o->tmp == NULL) {
        outfile_abort(o);
        diag_add(d, "io", target, 0, NULL, "memoria insuficiente");
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp-XXXXXX", target);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        diag_add(d, "io", target, 0, NULL,
                 "no se puede crear el archivo temporal junto al destino: %s",
                 strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        outfile_abort(o);
        return -1;
    }
    /* mkstemp creates 0600; outputs are documents meant to be shared. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (open_stream) {
        o->f = fdopen(fd, "wb");
        if (o->f == NULL) {
            close(fd);
            diag_add(d, "io", target, 0, NULL, "no se puede escribir: %s",
                     strerror(errno));
            outfile_abort(o);
            return -1;
        }
    } else {
        close(fd);
    }
    return 0;
}

int outfile_commit(outfile *o, diag_list *d)
{
    if (o->f != NULL) {
        bool bad = ferror(o->f) != 0;
        bad |= fflush(o->f) != 0;
        bad |= fsync(fileno(o->f)) != 0 && errno != EINVAL;
        bad |= fclose(o->f) != 0;
        o->f = NULL;
        if (bad) {
            diag_add(d, "io", o->target, 0, NULL, "error al escribir: %s",
                     strerror(errno));
            outfile_abort(o);
            return -1;
        }
    }
    if (rename(o->tmp, o->target) != 0) {
        diag_add(d, "io", o->target, 0, NULL, "no se puede reemplazar el archivo: %s",
                 strerror(errno));
        outfile_abort(o);
        return -1;
    }
    free(o->tmp);
    o->tmp = NULL;
    outfile_abort(o);
    return 0;
}

void outfile_abort(outfile *o)
{
    if (o->f != NULL) {
        fclose(o->f);
        o->f = NULL;
    }
    if (o->tmp != NULL) {
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->target);
    o->target = NULL;
}

int outfile_mkdir(const char *dir, diag_list *d)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        errno = ENOTDIR;
    }
    diag_add(d, "io", dir, 0, NULL, "no se puede crear el directorio: %s",
             strerror(errno));
    return -1;
}
