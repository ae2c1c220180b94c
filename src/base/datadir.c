/* datadir: the data directory. See datadir.h. */
#include "base/datadir.h"

#include <stdlib.h>

#include "base/arena.h"

const char *datadir(void)
{
    const char *env = getenv("PAA_DATA_DIR");
    return env != NULL && env[0] != '\0' ? env : PAA_DATA_DIR;
}

char *datadir_path(const char *rel)
{
    return paa_format("%s/%s", datadir(), rel);
}
