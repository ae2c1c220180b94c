#!/usr/bin/env bash
# Regression (issue 16, class 2): output paths. `paa export in.xml --format
# json -o in.xml` overwrote the input programme; `-o /dev/stdout` as root
# replaced the device's link with a regular file; a FIFO destination was
# replaced silently. A destination must be absent or a regular file and
# never one of the inputs (by device and inode: hard and symbolic links
# too), with one [io] error and exit 2 otherwise; `-o -` writes the
# document to standard output.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_salidas
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }
cp "$src/tests/fixtures/minimo.xml" "$tmp/in.xml"
sum=$(sha256sum <"$tmp/in.xml")
ln "$tmp/in.xml" "$tmp/duro.xml"
ln -s in.xml "$tmp/simbolico.xml"
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
printf 'suma-meses 010101 motivo\n' >"$tmp/base.txt"

# refused PATTERN COMMAND…: exit 2, one [io] error matching PATTERN
refused() {
    local pattern=$1
    shift
    timeout 20 "$@" >"$tmp/out" 2>&1 </dev/null
    local rc=$?
    [ $rc -eq 2 ] || err "$*: salió con $rc, se esperaba 2: $(head -3 "$tmp/out")"
    grep -q "error: .*$pattern.*\[io\]$" "$tmp/out" || err "$*: falta «$pattern»: $(head -3 "$tmp/out")"
}

refused "mismo archivo que la entrada" "$paa" export "$tmp/in.xml" --format json -o "$tmp/in.xml"
refused "mismo archivo que la entrada" "$paa" export "$tmp/in.xml" --format csv -o "$tmp/duro.xml"
refused "enlace simbólico" "$paa" pdf "$tmp/in.xml" -o "$tmp/simbolico.xml"
refused "mismo archivo que la entrada" "$paa" xlsx "$tmp/in.xml" -o "$tmp/base.txt" \
    --baseline "$tmp/base.txt"
refused "mismo archivo que la entrada" "$paa" pdf "$tmp/in.xml" -o "$src/layouts/programa.xml" \
    --layout "$src/layouts/programa.xml"
[ "$(sha256sum <"$tmp/in.xml")" = "$sum" ] || err "la entrada cambió"
[ "$(cat "$tmp/base.txt")" = "suma-meses 010101 motivo" ] || err "la línea base cambió"
refused "FIFO" "$paa" xlsx "$tmp/in.xml" -o "$tmp/fifo"
[ -p "$tmp/fifo" ] || err "la FIFO fue reemplazada"
refused "directorio" "$paa" pdf "$tmp/in.xml" -o "$tmp/dir"
refused "dispositivo" "$paa" export "$tmp/in.xml" --format csv -o /dev/null
# /dev/stdout is a link to the real standard output: refused even when that
# output is a regular file (the rename would replace the link).
"$paa" pdf "$tmp/in.xml" -o /dev/stdout >"$tmp/stdout.pdf" 2>"$tmp/out"
rc=$?
[ $rc -eq 2 ] || err "-o /dev/stdout: salió con $rc"
[ -L /dev/stdout ] || err "/dev/stdout dejó de ser un enlace"
grep -q '«-o -» para la salida estándar' "$tmp/out" || err "-o /dev/stdout: $(cat "$tmp/out")"
# a progress report's outputs are checked too
cp "$src/tests/fixtures/avance/programa.xml" "$src/tests/fixtures/avance/avance.xml" "$tmp/dir/"
cp "$tmp/dir/avance.xml" "$tmp/dir/avance-2024-06.pdf"
refused "mismo archivo que la entrada" "$paa" avance "$tmp/dir/programa.xml" \
    "$tmp/dir/avance-2024-06.pdf" -o "$tmp/dir"

# -o -: the document on standard output, nothing left behind
"$paa" pdf "$tmp/in.xml" -o - >"$tmp/salida.pdf" 2>"$tmp/out" || err "pdf -o -: $(cat "$tmp/out")"
head -c 5 "$tmp/salida.pdf" | grep -q '%PDF-' || err "pdf -o - no escribió un PDF"
"$paa" xlsx "$tmp/in.xml" -o - 2>"$tmp/out" | cat >"$tmp/salida.xlsx" || err "xlsx -o -"
python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
    "$tmp/salida.xlsx" || err "xlsx -o - no escribió un libro válido"
"$paa" export "$tmp/in.xml" --format json -o - >"$tmp/salida.json" || err "export -o -"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/salida.json" || err "json"
# a full standard output is an I/O error
"$paa" pdf "$tmp/in.xml" -o - >/dev/full 2>"$tmp/out"
[ $? -eq 2 ] || err "pdf -o - a /dev/full no salió con 2: $(cat "$tmp/out")"

[ $fail -eq 0 ] && echo "hostil_salidas: correcto"
exit $fail
