#!/usr/bin/env bash
# Regression: a failure to write the PDF (here: the file size limit, as a
# full disk would) came out as a libharu error of rule "pdf", exit 1 ("the
# input has errors"). It is an I/O error: rule "io", «no se pudo
# escribir», exit 2, and neither the PDF nor its temporary file is left.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

# 16 KiB at most per file; SIGXFSZ ignored so that write() fails (EFBIG)
# instead of the process being killed
( trap '' XFSZ; ulimit -f 16; exec "$paa" pdf "$fix/minimo.xml" \
      -o "$tmp/minimo.pdf" ) 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "salió con $rc, se esperaba 2: $(cat "$tmp/err")"
grep -q 'error: no se pudo escribir el PDF.*\[io\]$' "$tmp/err" \
    || fail "el mensaje no es un error de escritura [io]: $(cat "$tmp/err")"
grep -q '\[pdf\]' "$tmp/err" && fail "se informó además como error [pdf]: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp" | grep -v '^err$')" ] \
    || fail "quedaron archivos tras el error: $(ls "$tmp")"
finish
