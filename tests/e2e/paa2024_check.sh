#!/usr/bin/env bash
# The real programme passes `paa check` with its baseline, and without it the
# checker reports exactly the findings the baseline accepts: the
# publication's own inconsistencies and the data the text export lost.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
xml=$src/input/paa2024.xml
baseline=$src/input/paa2024.baseline

"$paa" check "$xml" --baseline "$baseline" >"$tmp/con.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "con la línea base salió con $rc: $(grep -v aceptado "$tmp/con.out" | head -5)"
grep -q '^resumen: 13 subprogramas, 86 proyectos, 318 actividades; 0 errores, 0 avisos' "$tmp/con.out" \
  || fail "resumen inesperado: $(grep '^resumen' "$tmp/con.out")"
grep -q 'linea-base-obsoleta' "$tmp/con.out" && fail "la línea base tiene entradas obsoletas"

"$paa" check "$xml" >"$tmp/sin.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "sin la línea base debía salir con 1 y salió con $rc"

# (rule, clave) pairs reported as errors/warnings vs. those in the baseline.
sed -n 's/.*: \(error\|aviso\): .*(\([0-9]*\)) \[\([a-z-]*\)\]$/\3 \2/p' "$tmp/sin.out" \
  | sort -u >"$tmp/hallados"
grep -v '^#' "$baseline" | awk 'NF { print $1, $2 }' | sort -u >"$tmp/aceptados"
if ! diff -u "$tmp/aceptados" "$tmp/hallados" >"$tmp/diff"; then
  fail "los hallazgos no son exactamente los de la línea base:"
  cat "$tmp/diff"
fi
# The published inconsistencies named in the issue must be among them.
for pair in "suma-meses 080304" "suma-meses 080401" "suma-meses 080402" \
            "meses-exceden-anual 041002" "cantidad-faltante 041002" \
            "cantidad-faltante 090501"; do
  grep -qx "$pair" "$tmp/hallados" || fail "paa check no informa «$pair»"
done

finish
