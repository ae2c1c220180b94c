#!/usr/bin/env bash
# Regression: a figure too wide for its column even at the layout's minimum
# size was broken at a comma ("99,999," / "999.9999"), which reads as two
# numbers. It must stay on one line, inside its cell.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

sed 's/ene="1416034"/ene="99999999.9999"/' "$fix/base.xml" >"$tmp/enorme.xml"
"$paa" pdf "$tmp/enorme.xml" -o "$tmp/x.pdf" >"$tmp/out" 2>&1 \
  || fail "salió con error: $(cat "$tmp/out")"
pdftotext -raw "$tmp/x.pdf" - 2>/dev/null | grep -q '99,999,999\.9999' \
  || fail "la cifra no aparece entera en un renglón"
finish
