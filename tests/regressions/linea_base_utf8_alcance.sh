#!/usr/bin/env bash
# Regressions of issue 16 (baseline reader): a baseline line that is not
# valid UTF-8 was read as text and echoed (now a «linea-base-formato» error
# at its file:line, comments included, since rewriting keeps them); and
# `paa avance --check --baseline input/paa2024.baseline` reported every
# programme entry as «linea-base-obsoleta» («elimínela»), although the
# progress check does not run the programme rules. Each command judges only
# the entries of the rules it runs.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
xml=$src/input/paa2024.xml
av=$src/input/avance-2024-06.xml
base=$src/input/paa2024.baseline

# Invalid UTF-8 in an entry and in a comment: one error each, at its line,
# exit 2 like every unusable baseline, and no raw byte in the output.
{ head -3 "$base"; printf 'suma-meses 010101 [anual=1] motivo \xff\xfe\n'
  printf '# comentario en latin-1: a\xf1o\n'; printf 'suma-meses 01\xc3 motivo\n'; } \
    >"$tmp/malo.baseline"
expect_exit 2 "$paa" check "$xml" --baseline "$tmp/malo.baseline"
for n in 4 5 6; do
  expect_grep "$tmp/out" "^$tmp/malo.baseline:$n: error: la línea no es texto UTF-8 válido.*\[linea-base-formato\]$"
done
[ "$(grep -c ': error: ' "$tmp/out")" -eq 3 ] || fail "se esperaban 3 errores: $(cat "$tmp/out")"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$tmp/out" \
  || fail "la salida no es UTF-8"
# The same file through avance and json reports the same errors.
expect_exit 2 "$paa" avance "$xml" "$av" --check --baseline "$tmp/malo.baseline" --format json
python3 - "$tmp/out" "$tmp/malo.baseline" <<'PY' || fail "avance --format json: $(head -c 300 "$tmp/out")"
import json, sys
r = json.load(open(sys.argv[1]))
text = json.dumps(r, ensure_ascii=False)
assert text.count("linea-base-formato") >= 3, text
PY

# The published baseline with the progress check: no programme entry is
# stale, nothing to delete.
expect_exit 0 "$paa" avance "$xml" "$av" --check --baseline "$base"
grep -q 'linea-base-obsoleta\|elimínela' "$tmp/out" && fail "avance --check: $(grep -c obsoleta "$tmp/out") entradas obsoletas"
# A stale progress entry is still reported by avance, and ignored by check
# (the other way round); a stale programme entry still by check.
{ cat "$base"; echo 'avance-mes-faltante 999999 no aplica'; echo 'suma-meses 999999 [x] ya no existe'; } \
  >"$tmp/mixta.baseline"
expect_exit 0 "$paa" avance "$xml" "$av" --check --baseline "$tmp/mixta.baseline"
[ "$(grep -c 'linea-base-obsoleta' "$tmp/out")" -eq 1 ] || fail "avance: $(grep obsoleta "$tmp/out")"
expect_grep "$tmp/out" "mixta.baseline:$(($(wc -l <"$base") + 1)): aviso: la entrada «avance-mes-faltante 999999»"
expect_exit 0 "$paa" check "$xml" --baseline "$tmp/mixta.baseline"
[ "$(grep -c 'linea-base-obsoleta' "$tmp/out")" -eq 1 ] || fail "check: $(grep obsoleta "$tmp/out")"
expect_grep "$tmp/out" "mixta.baseline:$(($(wc -l <"$base") + 2)): aviso: la entrada «suma-meses 999999»"
finish
