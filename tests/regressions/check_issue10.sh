#!/usr/bin/env bash
# Regressions of issue 10, one check per bug: "1 errores"; `paa help help`
# failed; `paa check -` failed; `-q` was rejected; the usage of `avance`
# omitted options it accepts; a directory or a missing file as --baseline
# was an empty baseline or printed every finding before an I/O error
# without its reason; one malformed line discarded the whole baseline
# silently; a schema error brought 61 "linea-base-obsoleta" warnings.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
xml=$src/input/paa2024.xml
base=$src/input/paa2024.baseline

"$paa" check "$fix/reglas/suma-meses.xml" >"$tmp/out"
tail -1 "$tmp/out" | grep -q '; 1 error, 0 avisos$' || fail "plural: $(tail -1 "$tmp/out")"
"$paa" help help >"$tmp/out" 2>&1 || fail "paa help help falló: $(cat "$tmp/out")"
"$paa" check - <"$fix/base.xml" >"$tmp/out" 2>&1 || fail "paa check - falló: $(cat "$tmp/out")"
"$paa" check -q "$xml" --baseline "$base" >"$tmp/out" 2>&1 || fail "-q rechazado: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "-q imprimió más de una línea"
"$paa" help avance >"$tmp/out"
for opt in --baseline --format --layout --check -o; do
  grep -q -- "$opt" "$tmp/out" || fail "la ayuda de avance no lista $opt"
done
for b in "$src/input" "$tmp/no-existe"; do
  "$paa" check "$xml" --baseline "$b" >"$tmp/out" 2>&1
  st=$?
  [ $st -eq 2 ] || fail "--baseline $b salió con $st"
  [ "$(grep -c ': error: ' "$tmp/out")" -eq 1 ] || fail "--baseline $b: $(head -3 "$tmp/out")"
  grep -q 'directorio\|no existe' "$tmp/out" || fail "--baseline $b sin motivo: $(cat "$tmp/out")"
done
{ cat "$base"; echo "suma-meses"; } >"$tmp/una-mala.baseline"
"$paa" check "$xml" --baseline "$tmp/una-mala.baseline" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "una-mala.baseline:$(wc -l <"$tmp/una-mala.baseline"): error: .*\[linea-base-formato\]" \
  "$tmp/out" || fail "una línea mala no se informó: $(head -3 "$tmp/out")"
sed 's/anual="4060" ene="260"/anual="4,060" ene="260"/' "$xml" >"$tmp/formato.xml"
"$paa" check "$tmp/formato.xml" --baseline "$base" >"$tmp/out" 2>&1
grep -q linea-base-obsoleta "$tmp/out" && fail "avisos de obsoletas tras un error de formato"
grep -q '\[cantidad-formato\]$' "$tmp/out" || fail "sin cantidad-formato: $(head -3 "$tmp/out")"

finish
