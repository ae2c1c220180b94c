#!/usr/bin/env bash
# Regression: a figure too wide for its column even at the layout's minimum
# size was broken at a comma ("99,999," / "999.9999"), which reads as two
# numbers. It must stay on one line, inside its cell.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/pdf_cifra_enorme
rm -rf "$tmp" && mkdir -p "$tmp"
sed 's/ene="1416034"/ene="99999999.9999"/' "$src/tests/fixtures/base.xml" >"$tmp/enorme.xml"
fails=0
"$paa" pdf "$tmp/enorme.xml" -o "$tmp/x.pdf" >"$tmp/out" 2>&1 \
  || { echo "FALLA: salió con error: $(cat "$tmp/out")"; fails=1; }
pdftotext -raw "$tmp/x.pdf" - 2>/dev/null | grep -q '99,999,999\.9999' \
  || { echo "FALLA: la cifra no aparece entera en un renglón"; fails=1; }
[ $fails -eq 0 ] && echo "pdf_cifra_enorme: correcto"
[ $fails -eq 0 ]
