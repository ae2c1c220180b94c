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
#include "base/syserr.h"

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
             syserr_text(errno));
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

/* Removes the "<base>.tmp-<pid>-<n>" files that killed runs left in dir.
 * Best effort: what cannot be removed stays. */
static void remove_stale_temps_in(const char *dir, const char *base)
{
    char *prefix = paa_format("%s.tmp-", base);
    DIR *dp = prefix != NULL ? opendir(dir) : NULL;
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
    free(prefix);
}

/* The same beside `target`. */
static void remove_stale_temps(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash != NULL ? strndup(target, (size_t)(slash - target) + 1) : strdup(".");
    if (dir != NULL)
        remove_stale_temps_in(dir, slash != NULL ? slash + 1 : target);
    free(dir);
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
        diag_add(d, RULE_IO, target, 0, NULL, "no se puede escribir: %s", syserr_text(errno));
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
        diag_add(d, RULE_IO, o->target, 0, NULL, "error al escribir: %s", syserr_text(err));
        outfile_abort(o);
        return -1;
    }
    if (rename(o->tmp, o->target) != 0) {
        diag_add(d, RULE_IO, o->target, 0, NULL, "no se puede reemplazar el archivo: %s",
                 syserr_text(errno));
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
             syserr_text(errno));
    return -1;
}

/* ---- groups ---------------------------------------------------------------- */

/* From the directories part below: a member of a group may be a directory
 * (the web site), replaced under the same rule as a written-whole one. */
static void remove_tree(const char *path, int depth);
static int check_dir_target(const char *target, diag_list *d);
static bool write_marker(const char *dir);

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* ---- the journal of a group commit ------------------------------------------
 *
 * A commit moves several files; a kill between two renames would leave a
 * mix of old and new outputs. So before the first move the commit writes
 * dir/.paa-diario (atomically, synced) naming its stage and its outputs,
 * and removes it after the last. Every new file is complete in the stage
 * before the journal exists, so a journal found by a later run (its
 * process gone) is rolled forward: what is still staged is moved in, the
 * previous versions aside; then the journal and the stage are removed.
 * Stages and temporary files of killed runs without a journal are only
 * removed.
 */

#define JOURNAL ".paa-diario"
#define JOURNAL_MAGIC "paa-diario 1"
#define STAGE_PREFIX ".paa-tmp-"

/* fsync of a directory, so that renames inside it survive a crash. */
static bool sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0 || errno == EINVAL;
    return close(fd) == 0 && ok;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* A plain file name: no directory part, not "." or "..", not empty. */
static bool plain_name(const char *s)
{
    return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
           strcmp(s, "..") != 0;
}

/* Writes dir/.paa-diario for the commit of names[0..n) from g's stage:
 * to a temporary file, synced, renamed, and the directory synced. */
static int journal_write(const outfile_group *g, const char *const *names, size_t n)
{
    const char *stage = strrchr(g->stage, '/') + 1;
    char *tmp = paa_format("%s/%s.tmp-%ld-0", g->dir, JOURNAL, (long)getpid());
    char *final = join(g->dir, JOURNAL);
    FILE *f = tmp != NULL && final != NULL ? fopen(tmp, "w") : NULL;
    int err = f == NULL ? (errno != 0 ? errno : ENOMEM) : 0;
    if (f != NULL) {
        fprintf(f, "%s\n%s\n", JOURNAL_MAGIC, stage);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%s\n", names[i]);
        if (fflush(f) != 0 || fsync(fileno(f)) != 0)
            err = errno;
        if (fclose(f) != 0 && err == 0)
            err = errno;
        if (err == 0 && rename(tmp, final) != 0)
            err = errno;
        if (err == 0 && !sync_dir(g->dir))
            err = errno;
        if (err != 0)
            unlink(tmp);
    }
    free(tmp);
    free(final);
    return err;
}

/* Removes the journal once the directory is consistent again. */
static void journal_remove(const char *dir)
{
    char *path = join(dir, JOURNAL);
    if (path != NULL && unlink(path) == 0)
        sync_dir(dir);
    free(path);
}

/* Moves dir/stage/<name> in, the previous dir/<name> aside first. 0 or an
 * errno value. */
static int forward_one(const char *dir, const char *stage, const char *name)
{
    char *staged = paa_format("%s/%s/%s", dir, stage, name);
    char *aside = paa_format("%s/%s/%s.anterior", dir, stage, name);
    char *final = join(dir, name);
    int err = staged == NULL || aside == NULL || final == NULL ? ENOMEM : 0;
    if (err == 0 && exists(staged)) {
        if (exists(final) && !exists(aside) && rename(final, aside) != 0)
            err = errno;
        if (err == 0 && rename(staged, final) != 0)
            err = errno;
    }
    free(staged);
    free(aside);
    free(final);
    return err;
}

/* Rolls the interrupted commit that dir's journal describes forward. 0, 1
 * when another live run owns the journal, or -1 with a diagnostic. */
static int recover_journal(const char *dir, char *text, diag_list *d)
{
    char *save = NULL;
    char *magic = strtok_r(text, "\n", &save);
    char *stage = strtok_r(NULL, "\n", &save);
    if (magic == NULL || strcmp(magic, JOURNAL_MAGIC) != 0 || stage == NULL ||
        !plain_name(stage) || strncmp(stage, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0) {
        diag_add(d, RULE_IO, dir, 0, NULL, "el diario %s de una publicación anterior está "
                 "dañado; revise el directorio y bórrelo", JOURNAL);
        return -1;
    }
    if (!left_by_dead_run(stage, STAGE_PREFIX))
        return 1;
    int err = 0;
    for (char *name; err == 0 && (name = strtok_r(NULL, "\n", &save)) != NULL;)
        err = plain_name(name) ? forward_one(dir, stage, name) : EINVAL;
    if (err == 0 && !sync_dir(dir))
        err = errno;
    if (err != 0) {
        diag_add(d, RULE_IO, dir, 0, NULL, "no se pudo completar la publicación que una "
                 "ejecución interrumpida dejó a medias: %s", syserr_text(err));
        return -1;
    }
    journal_remove(dir);
    char *path = join(dir, stage);
    if (path != NULL)
        remove_tree(path, 0);
    free(path);
    return 0;
}

/*
 * Brings dir to a consistent state before a new commit: finishes the
 * commit of a killed run (its journal) and removes the stages killed runs
 * left. 0, or -1 with a diagnostic (then nothing should be published).
 */
static int recover(const char *dir, diag_list *d)
{
    char *journal = join(dir, JOURNAL);
    if (journal == NULL) {
        diag_add(d, RULE_IO, dir, 0, NULL, "memoria insuficiente");
        return -1;
    }
    int rc = 0;
    if (exists(journal)) {
        char *text = NULL;
        size_t len;
        rc = input_read(journal, 64 * 1024, &text, &len, d) != 0
                 ? -1 : recover_journal(dir, text, d);
        free(text);
    }
    free(journal);
    if (rc > 0) {
        diag_add(d, RULE_IO, dir, 0, NULL, "otra ejecución de paa está publicando en este "
                 "directorio; inténtelo cuando termine");
        return -1;
    }
    DIR *dp = rc == 0 ? opendir(dir) : NULL;
    for (struct dirent *e; dp != NULL && (e = readdir(dp)) != NULL;) {
        if (!left_by_dead_run(e->d_name, STAGE_PREFIX))
            continue;
        char *path = join(dir, e->d_name);
        if (path != NULL)
            remove_tree(path, 0);
        free(path);
    }
    if (dp != NULL)
        closedir(dp);
    remove_stale_temps_in(dir, JOURNAL);
    return rc;
}

int outfile_group_open(outfile_group *g, const char *dir, diag_list *d)
{
    memset(g, 0, sizeof *g);
    if (outfile_mkdir(dir, d) != 0)
        return -1;
    if (recover(dir, d) != 0)
        return -1;
    g->dir = strdup(dir);
    g->stage = paa_format("%s/%s%ld-XXXXXX", dir, STAGE_PREFIX, (long)getpid());
    if (g->dir == NULL || g->stage == NULL) {
        diag_add(d, RULE_IO, dir, 0, NULL, "memoria insuficiente");
        outfile_group_abort(g);
        return -1;
    }
    if (mkdtemp(g->stage) == NULL) {
        diag_add(d, RULE_IO, dir, 0, NULL, "no se puede crear un directorio temporal: %s",
                 syserr_text(errno));
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

/* Whether the staged member `name` is a directory. */
static bool staged_dir(const outfile_group *g, const char *name)
{
    char *staged = join(g->stage, name);
    struct stat st;
    bool yes = staged != NULL && lstat(staged, &st) == 0 && S_ISDIR(st.st_mode);
    free(staged);
    return yes;
}

/* Every target is absent or of its member's kind: a regular file, or a
 * directory paa wrote (or an empty one); -1 with a diagnostic if not. */
static int check_targets(const outfile_group *g, const char *const *names,
                         size_t n, diag_list *d)
{
    for (size_t i = 0; i < n; i++) {
        char *final = join(g->dir, names[i]);
        bool ok;
        if (final != NULL && staged_dir(g, names[i])) {
            ok = check_dir_target(final, d) == 0;
        } else {
            ok = final != NULL && replaceable(final);
            if (!ok)
                diag_add(d, RULE_IO, final != NULL ? final : g->dir, 0, NULL,
                         "el destino existe y no es un archivo regular");
        }
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

/* What a commit has moved so far, so that a failure can put it back. */
typedef struct {
    bool *had_old;   /* per name: previous version moved aside */
    size_t placed;   /* names[0..placed) moved into dir */
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
    group_moves m = {calloc(n + 1, sizeof *m.had_old), 0};
    if (m.had_old == NULL)
        diag_add(d, RULE_IO, g->dir, 0, NULL, "memoria insuficiente");
    if (m.had_old == NULL || check_targets(g, names, n, d) != 0) {
        free(m.had_old);
        outfile_group_abort(g);
        return -1;
    }
    int err = journal_write(g, names, n);
    if (err != 0) {
        diag_add(d, RULE_IO, g->dir, 0, NULL, "no se puede escribir el diario %s: %s",
                 JOURNAL, syserr_text(err));
        free(m.had_old);
        outfile_group_abort(g);
        return -1;
    }
    err = move_all(g, names, n, mv, &m);
    if (err == 0) {
        free(m.had_old);
        journal_remove(g->dir);
        outfile_group_abort(g);   /* removes the previous versions */
        return 0;
    }
    diag_add(d, RULE_IO, g->dir, 0, NULL, "no se pudieron colocar las salidas: %s",
             syserr_text(err));
    if (roll_back(g, names, n, &m, mv)) {
        journal_remove(g->dir);
    } else {
        /* The journal stays: the next run moves the new versions in. */
        diag_add(d, RULE_IO, g->stage, 0, NULL,
                 "no se pudieron restaurar las versiones anteriores; la próxima "
                 "ejecución sobre este directorio completará la publicación");
        free(g->stage);   /* keep it on disk */
        g->stage = NULL;
    }
    free(m.had_old);
    outfile_group_abort(g);
    return -1;
}

int outfile_group_commit(outfile_group *g, const char *const *names, size_t n,
                         diag_list *d)
{
    return outfile_group_commit_with(g, names, n, rename, d);
}

void outfile_group_name_findings(const outfile_group *g, diag_list *d, size_t from)
{
    size_t k = g->stage != NULL ? strlen(g->stage) : 0;
    for (size_t i = from; k > 0 && i < d->n; i++) {
        char *file = d->items[i].file;
        if (file == NULL || strncmp(file, g->stage, k) != 0 || file[k] != '/')
            continue;
        char *final = join(g->dir, file + k + 1);
        if (final != NULL) {
            free(file);
            d->items[i].file = final;
        }
    }
}

void outfile_group_abort(outfile_group *g)
{
    if (g->stage != NULL) {
        remove_tree(g->stage, 0);
        free(g->stage);
        g->stage = NULL;
    }
    free(g->dir);
    g->dir = NULL;
}

int outfile_group_dir(const outfile_group *g, const char *name, outfile_dir *o,
                      diag_list *d)
{
    memset(o, 0, sizeof *o);
    o->target = join(g->dir, name);
    o->tmp = join(g->stage, name);
    if (o->target == NULL || o->tmp == NULL || mkdir(o->tmp, 0777) != 0 ||
        !write_marker(o->tmp)) {
        int err = o->target == NULL || o->tmp == NULL ? ENOMEM : errno;
        diag_add(d, RULE_IO, o->target != NULL ? o->target : g->dir, 0, NULL,
                 "no se puede crear el directorio temporal: %s", syserr_text(err));
        outfile_dir_abort(o);
        return -1;
    }
    return 0;
}

/* ---- directories ----------------------------------------------------------- */

#define TREE_MAX_DEPTH 8

/* Removes `path` and, for a directory, what it holds; symbolic links are
 * removed, never followed. Best effort. */
static void remove_tree(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *dir = depth < TREE_MAX_DEPTH ? opendir(path) : NULL;
    for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = join(path, e->d_name);
        if (p != NULL)
            remove_tree(p, depth + 1);
        free(p);
    }
    if (dir != NULL)
        closedir(dir);
    rmdir(path);
}

/* True when the directory holds nothing, or holds the marker of a
 * directory paa wrote. */
static bool dir_replaceable(const char *path)
{
    char *marker = join(path, OUTFILE_DIR_MARKER);
    bool ok = marker != NULL && access(marker, F_OK) == 0;
    free(marker);
    DIR *dir = ok ? NULL : opendir(path);
    if (dir == NULL)
        return ok;
    ok = true;
    for (struct dirent *e; ok && (e = readdir(dir)) != NULL;)
        ok = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(dir);
    return ok;
}

/* 0 when the target is absent or a directory that may be replaced. */
static int check_dir_target(const char *target, diag_list *d)
{
    struct stat st;
    if (lstat(target, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        diag_add(d, RULE_IO, target, 0, NULL, "no se puede consultar: %s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_add(d, RULE_IO, target, 0, NULL, "el destino existe y no es un directorio");
        return -1;
    }
    if (!dir_replaceable(target)) {
        diag_add(d, RULE_IO, target, 0, NULL,
                 "el directorio existe y no lo generó paa (le falta %s); no se reemplaza",
                 OUTFILE_DIR_MARKER);
        return -1;
    }
    return 0;
}

/* Creates a fresh sibling "target<infix>PID-N" directory; malloc'd path or
 * NULL (errno set). */
static char *make_sibling_dir(const char *target, const char *infix)
{
    size_t n = strlen(target) + strlen(infix) + 40;
    char *p = malloc(n);
    if (p == NULL)
        return NULL;
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        snprintf(p, n, "%s%s%ld-%u", target, infix, (long)getpid(), attempt);
        if (mkdir(p, 0777) == 0)
            return p;
        if (errno != EEXIST)
            break;
    }
    free(p);
    return NULL;
}

/* The marker that says paa wrote directory `dir`. */
static bool write_marker(const char *dir)
{
    char *marker = join(dir, OUTFILE_DIR_MARKER);
    FILE *f = marker != NULL ? fopen(marker, "wb") : NULL;
    bool ok = f != NULL && fputs("paa\n", f) >= 0;
    if (f != NULL)
        ok = fclose(f) == 0 && ok;
    free(marker);
    return ok;
}

int outfile_dir_open(outfile_dir *o, const char *target, diag_list *d)
{
    memset(o, 0, sizeof *o);
    if (check_dir_target(target, d) != 0)
        return -1;
    o->target = strdup(target);
    o->tmp = o->target != NULL ? make_sibling_dir(target, ".tmp-") : NULL;
    if (o->tmp == NULL) {
        diag_add(d, RULE_IO, target, 0, NULL,
                 "no se puede crear el directorio temporal junto al destino: %s",
                 strerror(errno));
        outfile_dir_abort(o);
        return -1;
    }
    if (!write_marker(o->tmp)) {
        diag_add(d, RULE_IO, o->tmp, 0, NULL, "no se puede escribir: %s", strerror(errno));
        outfile_dir_abort(o);
        return -1;
    }
    return 0;
}

char *outfile_dir_path(const outfile_dir *o, const char *rel)
{
    return join(o->tmp, rel);
}

int outfile_dir_mkdir(const outfile_dir *o, const char *rel, diag_list *d)
{
    char *p = join(o->tmp, rel);
    int rc = p != NULL ? outfile_mkdir(p, d) : -1;
    if (p == NULL)
        diag_add(d, RULE_IO, o->target, 0, NULL, "memoria insuficiente");
    free(p);
    return rc;
}

int outfile_dir_commit(outfile_dir *o, diag_list *d)
{
    /* checked again: the target may have appeared while the site was built */
    if (check_dir_target(o->target, d) != 0) {
        outfile_dir_abort(o);
        return -1;
    }
    char *old = NULL;
    if (access(o->target, F_OK) == 0) {
        /* an empty sibling reserves the name; rename() replaces it */
        old = make_sibling_dir(o->target, ".anterior-");
        if (old == NULL || rename(o->target, old) != 0) {
            diag_add(d, RULE_IO, o->target, 0, NULL, "no se puede reemplazar: %s",
                     strerror(errno));
            if (old != NULL)
                rmdir(old);
            free(old);
            outfile_dir_abort(o);
            return -1;
        }
    }
    if (rename(o->tmp, o->target) != 0) {
        diag_add(d, RULE_IO, o->target, 0, NULL, "no se puede colocar el directorio: %s",
                 strerror(errno));
        if (old != NULL && rename(old, o->target) != 0)
            diag_add(d, RULE_IO, old, 0, NULL,
                     "no se pudo restaurar la versión anterior; queda en este directorio");
        free(old);
        outfile_dir_abort(o);
        return -1;
    }
    if (old != NULL)
        remove_tree(old, 0);
    free(old);
    free(o->tmp);
    o->tmp = NULL;
    outfile_dir_abort(o);
    return 0;
}

void outfile_dir_abort(outfile_dir *o)
{
    if (o->tmp != NULL) {
        remove_tree(o->tmp, 0);
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->target);
    o->target = NULL;
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
