#!/usr/bin/env bash
# Regression (issue 16, class 1): with a tiny full tmpfs on /tmp, `paa xlsx
# … -o x.xlsx` exited 0 with a 3 KB workbook whose zip parts were all empty
# (libxlsxwriter staged its parts in /tmp and ignored the write errors), and
# `paa avance -o` put such a workbook beside a good PDF. Now the parts are
# staged beside the destination and the finished file is read back before
# it replaces the old one: a full /tmp does not matter, and a full
# destination disk is an [io] error (exit 2) with the old outputs kept.
# Needs root and mount namespaces (unshare -m); skipped (77) without them.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_tmp_lleno
rm -rf "$tmp"
mkdir -p "$tmp/lleno"
fail=0
err() { echo "FALLA: $*"; fail=1; }
prog=$src/tests/fixtures/minimo.xml
fx=$src/tests/fixtures/avance
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
    echo "hostil_tmp_lleno: se omite (requiere root y unshare -m)"
    exit 77
fi

valid_xlsx() {
    /usr/bin/python3 - "$1" <<'PY'
import sys, zipfile
import openpyxl
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
assert all(i.file_size > 0 for i in z.infolist()), "parte vacía"
openpyxl.load_workbook(sys.argv[1])
PY
}

# Previous outputs that must survive a failed run.
"$paa" xlsx "$prog" -o "$tmp/lleno/x.xlsx" 2>/dev/null || err "xlsx inicial"
"$paa" avance "$fx/programa.xml" "$fx/avance.xml" -o "$tmp/lleno/av" 2>/dev/null \
    || err "avance inicial"
sha_before=$(cd "$tmp/lleno" && sha256sum x.xlsx av/*)

# Inside a private mount namespace: /tmp is a full 64 KiB tmpfs; then the
# destination directory is one too. The real /tmp stays reachable through
# a bind mount, so the test also works when the build itself lives in /tmp
# (paths there are rewritten to go through it).
orig=$(mktemp -d /var/tmp/paa-tmp-real.XXXXXX)
trap 'rmdir "$orig" 2>/dev/null' EXIT
unshare -m bash -s "$paa" "$prog" "$fx" "$tmp" "$orig" "$src" <<'NS' >"$tmp/ns.out" 2>&1
set -u
orig=$5
mount --bind /tmp "$orig" || exit 92
remap() { case $1 in /tmp/*) printf '%s\n' "$orig/${1#/tmp/}" ;; *) printf '%s\n' "$1" ;; esac; }
paa=$(remap "$1") prog=$(remap "$2") fx=$(remap "$3") tmp=$(remap "$4")
PAA_DATA_DIR=$(remap "$6")
export PAA_DATA_DIR
mount -t tmpfs -o size=64k tmpfs /tmp || exit 90
dd if=/dev/zero of=/tmp/relleno bs=1k count=200 2>/dev/null
"$paa" xlsx "$prog" -o "$tmp/bien.xlsx"; echo "rc-tmp-lleno=$?"
"$paa" avance "$fx/programa.xml" "$fx/avance.xml" -o "$tmp/bien-av"; echo "rc-avance-tmp-lleno=$?"
# the destination's disk full, the previous outputs copied onto it
mkdir -p "$tmp/disco"
mount -t tmpfs -o size=512k tmpfs "$tmp/disco" || exit 91
cp -r "$tmp/lleno/x.xlsx" "$tmp/lleno/av" "$tmp/disco/"
dd if=/dev/zero of="$tmp/disco/relleno" bs=1k count=1024 2>/dev/null
"$paa" xlsx "$prog" -o "$tmp/disco/x.xlsx"; echo "rc-destino-lleno=$?"
"$paa" avance "$fx/programa.xml" "$fx/avance.xml" -o "$tmp/disco/av"; echo "rc-avance-destino-lleno=$?"
rm -f "$tmp/disco/relleno"
(cd "$tmp/disco" && sha256sum x.xlsx av/* && ls -A . av) >"$tmp/disco.txt"
NS
grep -q 'rc-tmp-lleno=0' "$tmp/ns.out" || err "con /tmp lleno xlsx falló: $(cat "$tmp/ns.out")"
grep -q 'rc-avance-tmp-lleno=0' "$tmp/ns.out" || err "con /tmp lleno avance falló: $(cat "$tmp/ns.out")"
valid_xlsx "$tmp/bien.xlsx" || err "con /tmp lleno el libro no es válido"
valid_xlsx "$tmp/bien-av/avance-2024-06.xlsx" || err "con /tmp lleno el libro del avance no es válido"
grep -q 'rc-destino-lleno=2' "$tmp/ns.out" || err "destino lleno: $(cat "$tmp/ns.out")"
grep -q 'rc-avance-destino-lleno=2' "$tmp/ns.out" || err "avance, destino lleno: $(cat "$tmp/ns.out")"
grep -q 'error: no se pudo escribir.*\[io\]$' "$tmp/ns.out" || err "sin error [io]: $(cat "$tmp/ns.out")"
grep -Eq '\[ERROR\]|No space|System error' "$tmp/ns.out" && err "mensajes en inglés: $(cat "$tmp/ns.out")"
for f in x.xlsx av/avance-2024-06.pdf av/avance-2024-06.xlsx; do
    grep -q "$(echo "$sha_before" | grep " $f\$")" "$tmp/disco.txt" \
        || err "$f anterior no se conservó: $(cat "$tmp/disco.txt")"
done
grep -Eq 'tmp-|paa-tmp|diario' "$tmp/disco.txt" && err "quedaron temporales: $(cat "$tmp/disco.txt")"

[ $fail -eq 0 ] && echo "hostil_tmp_lleno: correcto"
exit $fail
