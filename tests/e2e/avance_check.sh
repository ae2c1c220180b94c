#!/usr/bin/env bash
# paa avance --check on the checker fixtures of tests/fixtures/avance/:
# each rule fires at the documented file:line with its severity, and the
# exit status is 0 without errors, 1 with errors, 2 on a usage/IO error.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
FIX="$fix/avance"

# expect FIXTURE STATUS "LINE: SEVERITY: [RULE]": the finding is
# "FILE:LINE: SEVERITY: message [RULE]".
expect() {
    local file=$1 status=$2 pattern=$3
    "$paa" avance "$FIX/programa.xml" "$FIX/$file" --check >"$tmp/$file.out" 2>&1
    local got=$?
    [ "$got" -eq "$status" ] \
        || fail "$file: salida $got, se esperaba $status: $(cat "$tmp/$file.out")"
    local prefix=${pattern%%\[*} rule="[${pattern#*\[}"
    grep -F "$FIX/$file:$prefix" "$tmp/$file.out" | grep -qF -- "$rule" \
        || fail "$file: no aparece «$file:$pattern»: $(cat "$tmp/$file.out")"
}

expect anio.xml 1 "3: error: [avance-anio]"
expect clave-desconocida.xml 1 "42: error: [avance-clave-desconocida]"
expect clave-duplicada.xml 1 "42: error: [avance-clave-duplicada]"
expect clave-faltante.xml 0 "3: aviso: [avance-clave-faltante]"
expect mes-posterior.xml 1 "15: error: [avance-mes-posterior]"
expect mes-duplicado.xml 1 "14: error: [avance-mes-duplicado]"
expect mes-faltante.xml 0 "8: aviso: [avance-mes-faltante]"
expect cantidad.xml 1 "10: error: [avance-cantidad]"
expect cantidad.xml 1 "43: error: [avance-cantidad]"
expect justificacion.xml 1 "16: error: [avance-justificacion]"

# The valid fixture: no findings at all.
expect_exit 0 "$paa" avance "$FIX/programa.xml" "$FIX/avance.xml" --check
grep -q "\[avance-" "$tmp/out" "$tmp/err" && fail "avance.xml válido: $(cat "$tmp/out" "$tmp/err")"

# The shipped sample passes the check (warnings allowed, no errors).
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" --check
grep -q ": error:" "$tmp/out" "$tmp/err" \
    && fail "la muestra input/avance-2024-06.xml no pasa --check: $(cat "$tmp/out" "$tmp/err")"

# A missing file is an I/O error: status 2.
expect_exit 2 "$paa" avance "$FIX/programa.xml" "$tmp/no-existe.xml" --check

# Without -o nor --check: usage error.
expect_exit 2 "$paa" avance "$FIX/programa.xml" "$FIX/avance.xml"

# Thresholds out of order in a layout: a "layout" error naming its line
# (--check loads no fonts, so the copy may live anywhere).
sed 's/<semaforo verde="90"/<semaforo verde="60"/' "$src/layouts/avance.xml" \
    >"$tmp/umbrales.xml"
expect_exit 1 "$paa" avance "$FIX/programa.xml" "$FIX/avance.xml" --check \
    --layout "$tmp/umbrales.xml"
line=$(grep -n "<semaforo" "$tmp/umbrales.xml" | cut -d: -f1)
cat "$tmp/out" "$tmp/err" >"$tmp/layout.out"
expect_grep "$tmp/layout.out" "umbrales.xml:$line: error: .*amarillo ≤ verde.*\[layout\]$"

finish
