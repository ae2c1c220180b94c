/*
 * outfile: atomic output files.
 *
 * Every output is written to a temporary file beside its target and
 * renamed over it only once complete, so a failed run never leaves a
 * half-written PDF, workbook or export behind.
 */
#ifndef PAA_OUTFILE_H
#define PAA_OUTFILE_H

#include <stdio.h>

#include "base/diag.h"

typedef struct {
    char *target;   /* final path */
    char *tmp;      /* temporary path beside it */
    FILE *f;        /* open on tmp for stream writers; NULL for path writers */
} outfile;

/*
 * Reserves a unique temporary path beside `target` ("target.tmp-PID-N").
 * With `open_stream`, o->f is a stream on it; otherwise the file is created
 * empty for libraries that write by path (libharu, libxlsxwriter) and
 * o->tmp is the path to hand them. Returns 0 or -1 with an "io" diagnostic.
 */
int outfile_open(outfile *o, const char *target, int open_stream,
                 diag_list *d);

/* Flushes, closes and renames over the target. Returns 0 or -1 (the
 * temporary file is removed and a diagnostic added). */
int outfile_commit(outfile *o, diag_list *d);

/* Removes the temporary file; safe after commit or on a zeroed struct. */
void outfile_abort(outfile *o);

/* Ensures directory `dir` exists (one level, like mkdir). 0 or -1. */
int outfile_mkdir(const char *dir, diag_list *d);

/*
 * Outputs that must appear together (a report's PDF and workbook): each is
 * written completely (a file, or a directory: outfile_group_dir) into a
 * staging directory inside `dir`, and only when all succeeded are they
 * moved into `dir`; on failure none is. The moves
 * are announced in a journal (dir/.paa-diario) first, so a run killed
 * half-way is finished by the next run on the same directory
 * (outfile_group_open), which also removes what killed runs left there:
 * the directory shows all old or all new outputs, never a mix.
 */
typedef struct {
    char *dir;     /* final directory */
    char *stage;   /* dir/.paa-tmp-XXXXXX */
} outfile_group;

/* Creates dir if needed, finishes or cleans up after killed runs, and
 * creates the staging directory (.paa-tmp-<pid>-XXXXXX). 0 or -1. */
int outfile_group_open(outfile_group *g, const char *dir, diag_list *d);
/* Path of `name` inside the staging directory (malloc'd; NULL on OOM). */
char *outfile_group_path(const outfile_group *g, const char *name);
/* Moves names[0..n) from the stage into dir and removes the stage. */
int outfile_group_commit(outfile_group *g, const char *const *names, size_t n,
                         diag_list *d);
/* Removes the stage and whatever it holds; safe on a zeroed struct. */
void outfile_group_abort(outfile_group *g);

/* Findings d->items[from..] about files in the stage name the final path
 * instead (dir/name): users never see the staging directory. */
void outfile_group_name_findings(const outfile_group *g, diag_list *d, size_t from);

/* The step that moves a file (rename(2) outside tests). */
typedef int (*outfile_rename_fn)(const char *from, const char *to);

#ifdef PAA_TESTING
/* outfile_group_commit with the moving step given, so that a test can make
 * any move of the commit or of its rollback fail. */
int outfile_group_commit_with(outfile_group *g, const char *const *names,
                              size_t n, outfile_rename_fn mv, diag_list *d);
#endif

/*
 * A directory written whole (the web site): built in a temporary sibling
 * "target.tmp-PID-N" and renamed over the target only when complete. An
 * existing target is replaced only when it is empty or a previous run
 * wrote it (it holds OUTFILE_DIR_MARKER), so a mistyped -o never deletes
 * someone's files; if anything fails the previous directory stays intact.
 */
#define OUTFILE_DIR_MARKER ".paa-sitio"

typedef struct {
    char *target;   /* final directory */
    char *tmp;      /* temporary sibling being filled */
} outfile_dir;

/* Checks the target can be replaced and creates the temporary sibling
 * with the marker file. 0, or -1 with an "io" diagnostic. */
int outfile_dir_open(outfile_dir *o, const char *target, diag_list *d);
/* Path of `rel` inside the temporary directory (malloc'd; NULL on OOM). */
char *outfile_dir_path(const outfile_dir *o, const char *rel);
/* Creates the subdirectory `rel` of the temporary directory. 0 or -1. */
int outfile_dir_mkdir(const outfile_dir *o, const char *rel, diag_list *d);
/* Puts the temporary directory in place of the target, then removes the
 * previous one. 0, or -1 (the previous directory is kept). */
int outfile_dir_commit(outfile_dir *o, diag_list *d);
/* Removes the temporary directory; safe after commit or on a zeroed struct. */
void outfile_dir_abort(outfile_dir *o);

/*
 * A directory member of a group (the web site of paa generar): `o` is the
 * empty directory `name` in g's stage, with the marker, to be filled with
 * outfile_dir_path/outfile_dir_mkdir and published by the group's commit
 * with the files (a directory replaces only one that paa wrote, or an
 * empty one). Never outfile_dir_commit it; outfile_dir_abort after the
 * group's commit or abort only frees o. 0, or -1 with a diagnostic.
 */
int outfile_group_dir(const outfile_group *g, const char *name, outfile_dir *o,
                      diag_list *d);

/*
 * Checked before anything is written: `target` must be absent or a regular
 * file (not a device such as /dev/stdout, a FIFO or a directory) and must
 * not be any of inputs[0..n) (NULL entries skipped), compared by device
 * and inode, so no spelling of a path, hard link or symbolic link lets an
 * output overwrite an input. 0, or -1 with one "io" diagnostic.
 */
int outfile_check_target(const char *target, const char *const *inputs, size_t n,
                         diag_list *d);

#endif
