#!/usr/bin/env bash
# Regression: a failure to write the PDF (here: the file size limit, as a
# full disk would) came out as a libharu error of rule "pdf", exit 1 ("the
# input has errors"). It is an I/O error: rule "io", «no se pudo
# escribir», exit 2, and neither the PDF nor its temporary file is left.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/pdf_disco_lleno
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }

# 16 KiB at most per file; SIGXFSZ ignored so that write() fails (EFBIG)
# instead of the process being killed
( trap '' XFSZ; ulimit -f 16; exec "$paa" pdf "$src/tests/fixtures/minimo.xml" \
      -o "$tmp/minimo.pdf" ) 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || err "salió con $rc, se esperaba 2: $(cat "$tmp/err")"
grep -q 'error: \[io\] no se pudo escribir el PDF' "$tmp/err" \
    || err "el mensaje no es un error de escritura [io]: $(cat "$tmp/err")"
grep -q '\[pdf\]' "$tmp/err" && err "se informó además como error [pdf]: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp" | grep -v '^err$')" ] \
    || err "quedaron archivos tras el error: $(ls "$tmp")"
[ $fail -eq 0 ] && echo "pdf_disco_lleno: correcto"
exit $fail
