#!/usr/bin/env bash
# Regression: a figure too wide for its column even at the layout's minimum
# size was broken at a comma ("99,999," / "999.9999"), which reads as two
# numbers; later it was shrunk below the layout's tamano-minimo (to 3.8 pt
# in A4 portrait). Neither: it is a `layout` error that names the style,
# the column and the measures, and no PDF is left.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

sed 's/ene="141603"/ene="99999999.9999"/' "$fix/base.xml" >"$tmp/enorme.xml"
if "$paa" pdf "$tmp/enorme.xml" -o "$tmp/x.pdf" >"$tmp/out" 2>&1; then
  fail "salió bien: la cifra se redujo por debajo del mínimo o se partió"
fi
grep -q 'error: estilo «calendario-[a-z]*».*«99,999,999\.9999».*columna «Ene».*tamaño mínimo.*\[layout\]$' "$tmp/out" \
  || fail "el error no nombra estilo, cifra, columna y tamaño mínimo: $(cat "$tmp/out")"
grep -Eq '[0-9]+\.[0-9] pt' "$tmp/out" || fail "el error no da medidas"
[ ! -e "$tmp/x.pdf" ] || fail "quedó un PDF"
finish
