/*
 * datadir: where paa's own layouts, schemas and fonts are.
 *
 * $PAA_DATA_DIR when set and not empty, else the directory the build was
 * configured with (the source tree), so a built binary runs in place.
 */
#ifndef PAA_BASE_DATADIR_H
#define PAA_BASE_DATADIR_H

const char *datadir(void);

/* "<data dir>/rel", malloc'd; NULL when memory is short. */
char *datadir_path(const char *rel);

#endif
