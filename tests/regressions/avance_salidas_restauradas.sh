#!/usr/bin/env bash
# Regression: when placing a report's outputs failed half-way (the PDF
# already in place, the workbook refused), the rollback that puts the
# previous PDF and workbook back had never run in a test, and it decided
# whether a move had failed by reading errno after free(). Here a small
# preloaded library makes the workbook's final rename fail: paa must exit
# 2 with an [io] error and leave the previous outputs byte for byte as they
# were, with no staging directory behind.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
prog="$src/input/paa2024.xml" av="$src/input/avance-2024-06.xml"
out="$tmp/salida"
names="avance-2024-06.pdf avance-2024-06.xlsx"

cat >"$tmp/falla.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), k = strlen(end);
    return n >= k && strcmp(s + n - k, end) == 0;
}

/* Refuses to move a new workbook out of paa's staging directory; every
 * other rename (the PDF, the previous versions, the rollback) is real. */
int rename(const char *from, const char *to)
{
    if (strstr(from, "/.paa-tmp-") != NULL && ends_with(from, ".xlsx") &&
        strstr(to, "/.paa-tmp-") == NULL && ends_with(to, ".xlsx")) {
        errno = EACCES;
        return -1;
    }
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}
C
"${CC:-cc}" -shared -fPIC -o "$tmp/falla.so" "$tmp/falla.c" -ldl 2>"$tmp/cc.err" \
    || skip "no se pudo compilar la biblioteca de prueba: $(cat "$tmp/cc.err")"

# the previous outputs
expect_exit 0 "$paa" avance "$prog" "$av" -o "$out"
mkdir -p "$tmp/antes"
for f in $names; do cp "$out/$f" "$tmp/antes/$f"; done

# a new version whose workbook cannot be placed
sed 's#<nota>#<nota>Segunda versión. #' "$av" >"$tmp/avance.xml"
LD_PRELOAD="$tmp/falla.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    expect_exit 2 "$paa" avance "$prog" "$tmp/avance.xml" -o "$out"
expect_grep "$tmp/err" 'error: no se pudieron colocar las salidas.*\[io\]$'
for f in $names; do
    cmp -s "$out/$f" "$tmp/antes/$f" || fail "$f no volvió a ser el anterior"
done
[ "$(ls -A "$out" | tr '\n' ' ')" = "$names " ] \
    || fail "quedaron otros archivos en la salida: $(ls -A "$out")"

# without the failure the new version does replace them (so the
# comparison above would have seen it)
expect_exit 0 "$paa" avance "$prog" "$tmp/avance.xml" -o "$out"
cmp -s "$out/avance-2024-06.pdf" "$tmp/antes/avance-2024-06.pdf" \
    && fail "la segunda versión no cambió el PDF"
finish
