/* outfile: atomic output files. See outfile.h. */
#include "write/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Creates "target.tmp-<pid>-<n>" exclusively. open() with mode 0666 lets
 * the kernel apply the user's umask, as for any document the user writes,
 * without touching the process-wide umask.
 */
static int create_temp(outfile *o, const char *target, diag_list *d)
{
    size_t n = strlen(target) + 48;
    o->tmp = malloc(n);
    if (o->tmp == NULL) {
        diag_add(d, RULE_IO, target, 0, NULL, "memoria insuficiente");
        return -1;
    }
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        snprintf(o->tmp, n, "%s.tmp-%ld-%u", target, (long)getpid(), attempt);
        int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            break;
    }
    diag_add(d, RULE_IO, target, 0, NULL,
             "no se puede crear el archivo temporal junto al destino: %s",
             strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return -1;
}

int outfile_open(outfile *o, const char *target, int open_stream, diag_list *d)
{
    memset(o, 0, sizeof *o);
    o->target = strdup(target);
    if (o->target == NULL) {
        diag_add(d, RULE_IO, target, 0, NULL, "memoria insuficiente");
        return -1;
    }
    int fd = create_temp(o, target, d);
    if (fd < 0) {
        outfile_abort(o);
        return -1;
    }
    if (!open_stream) {
        close(fd);
        return 0;
    }
    o->f = fdopen(fd, "wb");
    if (o->f == NULL) {
        diag_add(d, RULE_IO, target, 0, NULL, "no se puede escribir: %s", strerror(errno));
        close(fd);
        outfile_abort(o);
        return -1;
    }
    return 0;
}

/* Flushes a file written by a library through its path to the disk, so a
 * crash after the rename cannot leave an empty document behind. */
static bool sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0 || errno == EINVAL;
    return close(fd) == 0 && ok;
}

int outfile_commit(outfile *o, diag_list *d)
{
    /* errno of the first failing call is the one worth reporting. */
    int err = 0;
    if (o->f != NULL) {
        if (ferror(o->f) != 0)
            err = EIO;
        if (fflush(o->f) != 0 && err == 0)
            err = errno;
        if (fsync(fileno(o->f)) != 0 && errno != EINVAL && err == 0)
            err = errno;
        if (fclose(o->f) != 0 && err == 0)
            err = errno;
        o->f = NULL;
    } else if (!sync_path(o->tmp)) {
        err = errno;
    }
    if (err != 0) {
        diag_add(d, RULE_IO, o->target, 0, NULL, "error al escribir: %s", strerror(err));
        outfile_abort(o);
        return -1;
    }
    if (rename(o->tmp, o->target) != 0) {
        diag_add(d, RULE_IO, o->target, 0, NULL, "no se puede reemplazar el archivo: %s",
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
    diag_add(d, RULE_IO, dir, 0, NULL, "no se puede crear el directorio: %s",
             strerror(errno));
    return -1;
}

/* ---- groups ---------------------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int outfile_group_open(outfile_group *g, const char *dir, diag_list *d)
{
    memset(g, 0, sizeof *g);
    if (outfile_mkdir(dir, d) != 0)
        return -1;
    g->dir = strdup(dir);
    g->stage = join(dir, ".paa-tmp-XXXXXX");
    if (g->dir == NULL || g->stage == NULL) {
        diag_add(d, RULE_IO, dir, 0, NULL, "memoria insuficiente");
        outfile_group_abort(g);
        return -1;
    }
    if (mkdtemp(g->stage) == NULL) {
        diag_add(d, RULE_IO, dir, 0, NULL, "no se puede crear un directorio temporal: %s",
                 strerror(errno));
        free(g->stage);
        g->stage = NULL;
        outfile_group_abort(g);
        return -1;
    }
    return 0;
}

char *outfile_group_path(const outfile_group *g, const char *name)
{
    return join(g->stage, name);
}

/* A target may be replaced only if it is absent or a regular file. */
static bool replaceable(const char *path)
{
    struct stat st;
    return lstat(path, &st) != 0 ? errno == ENOENT : S_ISREG(st.st_mode);
}

/* Moves stage/<from> to dir/<to> or back (`in` false); true on success. */
static bool move(const outfile_group *g, const char *name, const char *suffix,
                 bool in)
{
    size_t n = strlen(name) + strlen(suffix) + 1;
    char *staged_name = malloc(n);
    if (staged_name == NULL)
        return false;
    snprintf(staged_name, n, "%s%s", name, suffix);
    char *staged = join(g->stage, staged_name), *final = join(g->dir, name);
    bool ok = staged != NULL && final != NULL &&
              (in ? rename(staged, final) : rename(final, staged)) == 0;
    free(staged_name);
    free(staged);
    free(final);
    return ok;
}

#define GROUP_MAX 8

/* Puts back what a failed commit moved: placed files return to the stage,
 * previous versions return to dir. False if any of that failed. */
static bool roll_back(const outfile_group *g, const char *const *names,
                      const bool *had_old, size_t aside, size_t placed)
{
    bool ok = true;
    for (size_t i = 0; i < placed; i++)
        ok &= move(g, names[i], "", false);
    for (size_t i = 0; i < aside; i++)
        if (had_old[i])
            ok &= move(g, names[i], ".anterior", true);
    return ok;
}

/*
 * Both-or-neither: previous versions are first moved aside into the stage,
 * then the new files are moved in; if any step fails, what was moved is
 * put back, so the directory shows either all old or all new files. If
 * even that fails, the stage is kept so no previous version is lost.
 */
int outfile_group_commit(outfile_group *g, const char *const *names, size_t n,
                         diag_list *d)
{
    if (n > GROUP_MAX) {
        diag_add(d, RULE_IO, g->dir, 0, NULL, "demasiadas salidas en un grupo (%zu)", n);
        outfile_group_abort(g);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char *final = join(g->dir, names[i]);
        bool ok = final != NULL && replaceable(final);
        if (!ok)
            diag_add(d, RULE_IO, final != NULL ? final : g->dir, 0, NULL,
                     "el destino existe y no es un archivo regular");
        free(final);
        if (!ok) {
            outfile_group_abort(g);
            return -1;
        }
    }
    bool had_old[GROUP_MAX] = {false};
    size_t aside = 0, placed = 0;
    int err = 0;
    for (; aside < n; aside++) {
        char *final = join(g->dir, names[aside]);
        had_old[aside] = final != NULL && access(final, F_OK) == 0;
        free(final);
        if (had_old[aside] && !move(g, names[aside], ".anterior", false)) {
            err = errno;
            had_old[aside] = false;   /* nothing was moved for this one */
            break;
        }
    }
    if (err == 0)
        for (; placed < n; placed++)
            if (!move(g, names[placed], "", true)) {
                err = errno;
                break;
            }
    if (err == 0) {
        outfile_group_abort(g);
        return 0;
    }
    diag_add(d, RULE_IO, g->dir, 0, NULL, "no se pudieron colocar las salidas: %s",
             strerror(err));
    if (roll_back(g, names, had_old, aside, placed)) {
        outfile_group_abort(g);
    } else {
        diag_add(d, RULE_IO, g->stage, 0, NULL,
                 "no se pudieron restaurar las versiones anteriores; quedan en "
                 "este directorio con la terminación .anterior");
        free(g->stage);   /* keep it on disk */
        g->stage = NULL;
        outfile_group_abort(g);
    }
    return -1;
}

void outfile_group_abort(outfile_group *g)
{
    if (g->stage != NULL) {
        DIR *dir = opendir(g->stage);
        for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL;) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = join(g->stage, e->d_name);
            if (p != NULL)
                unlink(p);
            free(p);
        }
        if (dir != NULL)
            closedir(dir);
        rmdir(g->stage);
        free(g->stage);
        g->stage = NULL;
    }
    free(g->dir);
    g->dir = NULL;
}
