/* outfile: atomic output files. See outfile.h. */
#include "write/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/static.h"
#include "base/arena.h"
#include "base/input.h"

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

/* ---- leftovers of killed runs ---------------------------------------------- */

/* True when `name` is "<prefix><pid>-…" and process <pid> no longer exists:
 * the temporary file or stage of a run that was killed. */
static bool left_by_dead_run(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0)
        return false;
    char *end;
    errno = 0;
    long pid = strtol(name + n, &end, 10);
    if (end == name + n || *end != '-' || pid <= 0 || errno != 0 || pid == (long)getpid())
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes the "target.tmp-<pid>-<n>" files that killed runs left beside
 * `target`. Best effort: what cannot be removed stays. */
static void remove_stale_temps(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash != NULL ? strndup(target, (size_t)(slash - target) + 1) : strdup(".");
    char *prefix = paa_format("%s.tmp-", slash != NULL ? slash + 1 : target);
    DIR *dp = dir != NULL && prefix != NULL ? opendir(dir) : NULL;
    for (struct dirent *e; dp != NULL && (e = readdir(dp)) != NULL;) {
        if (!left_by_dead_run(e->d_name, prefix))
            continue;
        char *path = paa_format("%s/%s", dir, e->d_name);
        if (path != NULL)
            unlink(path);
        free(path);
    }
    if (dp != NULL)
        closedir(dp);
    free(dir);
    free(prefix);
}

int outfile_open(outfile *o, const char *target, int open_stream, diag_list *d)
{
    remove_stale_temps(target);
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

/* Every target is absent or a regular file; -1 with a diagnostic if not. */
static int check_targets(const outfile_group *g, const char *const *names,
                         size_t n, diag_list *d)
{
    for (size_t i = 0; i < n; i++) {
        char *final = join(g->dir, names[i]);
        bool ok = final != NULL && replaceable(final);
        if (!ok)
            diag_add(d, RULE_IO, final != NULL ? final : g->dir, 0, NULL,
                     "el destino existe y no es un archivo regular");
        free(final);
        if (!ok)
            return -1;
    }
    return 0;
}

/*
 * Moves stage/<name><suffix> to dir/<name> (`in`) or back (`in` false).
 * Returns 0, or the reason it failed: an errno value, never 0, taken
 * right after the failing call (free() may change errno).
 */
static int move(const outfile_group *g, const char *name, const char *suffix,
                bool in, outfile_rename_fn mv)
{
    size_t n = strlen(name) + strlen(suffix) + 1;
    char *staged_name = malloc(n);
    if (staged_name != NULL)
        snprintf(staged_name, n, "%s%s", name, suffix);
    char *staged = staged_name != NULL ? join(g->stage, staged_name) : NULL;
    char *final = join(g->dir, name);
    int err = 0;
    if (staged == NULL || final == NULL)
        err = ENOMEM;
    else if ((in ? mv(staged, final) : mv(final, staged)) != 0)
        err = errno != 0 ? errno : EIO;
    free(staged_name);
    free(staged);
    free(final);
    return err;
}

/* Whether dir/<name> exists (a previous version to keep). 0, or ENOMEM. */
static int has_old(const outfile_group *g, const char *name, bool *yes)
{
    char *final = join(g->dir, name);
    if (final == NULL)
        return ENOMEM;
    *yes = access(final, F_OK) == 0;
    free(final);
    return 0;
}

#define GROUP_MAX 8

/* What a commit has moved so far, so that a failure can put it back. */
typedef struct {
    bool had_old[GROUP_MAX];   /* previous version moved aside */
    size_t placed;             /* names[0..placed) moved into dir */
} group_moves;

/* Moves the previous versions aside (name.anterior in the stage), then
 * the new files in. 0, or the reason of the first failure. */
static int move_all(const outfile_group *g, const char *const *names, size_t n,
                    outfile_rename_fn mv, group_moves *m)
{
    for (size_t i = 0; i < n; i++) {
        bool old = false;
        int err = has_old(g, names[i], &old);
        if (err == 0 && old)
            err = move(g, names[i], ".anterior", false, mv);
        if (err != 0)
            return err;
        m->had_old[i] = old;
    }
    for (; m->placed < n; m->placed++) {
        int err = move(g, names[m->placed], "", true, mv);
        if (err != 0)
            return err;
    }
    return 0;
}

/* Puts back what a failed commit moved: placed files return to the stage,
 * previous versions return to dir. False if any of that failed. */
static bool roll_back(const outfile_group *g, const char *const *names,
                      size_t n, const group_moves *m, outfile_rename_fn mv)
{
    bool ok = true;
    for (size_t i = 0; i < m->placed; i++)
        ok &= move(g, names[i], "", false, mv) == 0;
    for (size_t i = 0; i < n; i++)
        if (m->had_old[i])
            ok &= move(g, names[i], ".anterior", true, mv) == 0;
    return ok;
}

/*
 * Both-or-neither: previous versions are first moved aside into the stage,
 * then the new files are moved in; if any step fails, what was moved is
 * put back, so the directory shows either all old or all new files. If
 * even that fails, the stage is kept so no previous version is lost.
 */
STATIC int outfile_group_commit_with(outfile_group *g, const char *const *names,
                                     size_t n, outfile_rename_fn mv,
                                     diag_list *d)
{
    if (n > GROUP_MAX) {
        diag_add(d, RULE_IO, g->dir, 0, NULL, "demasiadas salidas en un grupo (%zu)", n);
        outfile_group_abort(g);
        return -1;
    }
    if (check_targets(g, names, n, d) != 0) {
        outfile_group_abort(g);
        return -1;
    }
    group_moves m = {{false}, 0};
    int err = move_all(g, names, n, mv, &m);
    if (err == 0) {
        outfile_group_abort(g);   /* removes the previous versions */
        return 0;
    }
    diag_add(d, RULE_IO, g->dir, 0, NULL, "no se pudieron colocar las salidas: %s",
             strerror(err));
    if (!roll_back(g, names, n, &m, mv)) {
        diag_add(d, RULE_IO, g->stage, 0, NULL,
                 "no se pudieron restaurar las versiones anteriores; quedan en "
                 "este directorio con la terminación .anterior");
        free(g->stage);   /* keep it on disk */
        g->stage = NULL;
    }
    outfile_group_abort(g);
    return -1;
}

int outfile_group_commit(outfile_group *g, const char *const *names, size_t n,
                         diag_list *d)
{
    return outfile_group_commit_with(g, names, n, rename, d);
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

/* ---- destinations -------------------------------------------------------- */

int outfile_check_target(const char *target, const char *const *inputs, size_t n,
                         diag_list *d)
{
    struct stat out;
    if (lstat(target, &out) != 0)
        return 0;   /* absent (or unreachable: opening it will say why) */
    /* The rename would replace the link itself (/dev/stdout is one). */
    if (S_ISLNK(out.st_mode)) {
        diag_add(d, RULE_IO, target, 0, NULL,
                 "el destino es un enlace simbólico; indique el archivo mismo, o «-o -» "
                 "para la salida estándar");
        return -1;
    }
    if (!S_ISREG(out.st_mode)) {
        bool stream = S_ISCHR(out.st_mode) || S_ISFIFO(out.st_mode);
        diag_add(d, RULE_IO, target, 0, NULL, "el destino %s%s", input_kind(out.st_mode),
                 stream ? "; para escribir en la salida estándar use «-o -»" : "");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat in;
        if (inputs[i] != NULL && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino) {
            diag_add(d, RULE_IO, target, 0, NULL,
                     "el destino es el mismo archivo que la entrada «%s»; no se "
                     "sobrescribe una entrada", inputs[i]);
            return -1;
        }
    }
    return 0;
}
