#!/usr/bin/env bash
# Regression: a figure too wide for its column even at the minimum size was
# broken at a comma ("99,999," / "999.9999"), which reads as two numbers.
# It must be a layout error naming the style and the activity, and no PDF.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/pdf_cifra_enorme
rm -rf "$tmp" && mkdir -p "$tmp"
sed 's/ene="1416034"/ene="99999999.9999"/' "$src/tests/fixtures/base.xml" >"$tmp/enorme.xml"
"$paa" pdf "$tmp/enorme.xml" -o "$tmp/x.pdf" >"$tmp/out" 2>&1
rc=$?
fails=0
[ "$rc" -eq 1 ] || { echo "FALLA: salió con $rc"; fails=1; }
grep -q 'error: \[layout\] estilo «calendario-numero»: «99,999,999.9999» de 010201 no cabe' "$tmp/out" \
  || { echo "FALLA: mensaje inesperado: $(cat "$tmp/out")"; fails=1; }
[ ! -e "$tmp/x.pdf" ] || { echo "FALLA: quedó un PDF"; fails=1; }
[ $fails -eq 0 ] && echo "pdf_cifra_enorme: correcto"
[ $fails -eq 0 ]
