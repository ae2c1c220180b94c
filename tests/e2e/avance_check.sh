#!/usr/bin/env bash
# paa avance --check on the checker fixtures of tests/fixtures/avance/:
# each rule fires at the documented file:line with its severity, and the
# exit status is 0 without errors, 1 with errors, 2 on a usage/IO error.
set -u
FIX="$PAA_SRC/tests/fixtures/avance"
OUT="$PAA_TMP/avance_check"
mkdir -p "$OUT"
fails=0

# expect FIXTURE STATUS "LINE: SEVERITY: [RULE]"
expect() {
    local file=$1 status=$2 pattern=$3
    "$PAA" avance "$FIX/programa.xml" "$FIX/$file" --check >"$OUT/$file.out" 2>&1
    local got=$?
    if [ "$got" -ne "$status" ]; then
        echo "FALLA: $file: salida $got, se esperaba $status"; cat "$OUT/$file.out"
        fails=$((fails + 1))
    fi
    if ! grep -qF "$FIX/$file:$pattern" "$OUT/$file.out"; then
        echo "FALLA: $file: no aparece «$file:$pattern»"; cat "$OUT/$file.out"
        fails=$((fails + 1))
    fi
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
"$PAA" avance "$FIX/programa.xml" "$FIX/avance.xml" --check >"$OUT/valid.out" 2>&1
st=$?
if [ "$st" -ne 0 ] || grep -q "\[avance-" "$OUT/valid.out"; then
    echo "FALLA: avance.xml válido: salida $st"; cat "$OUT/valid.out"
    fails=$((fails + 1))
fi

# The shipped sample passes the check (warnings allowed, no errors).
"$PAA" avance "$PAA_SRC/input/paa2024.xml" "$PAA_SRC/input/avance-2024-06.xml" --check \
    >"$OUT/sample.out" 2>&1
st=$?
if [ "$st" -ne 0 ] || grep -q ": error:" "$OUT/sample.out"; then
    echo "FALLA: la muestra input/avance-2024-06.xml no pasa --check (salida $st)"
    cat "$OUT/sample.out"
    fails=$((fails + 1))
fi

# A missing file is an I/O error: status 2.
"$PAA" avance "$FIX/programa.xml" "$OUT/no-existe.xml" --check >"$OUT/io.out" 2>&1
st=$?
if [ "$st" -ne 2 ]; then
    echo "FALLA: archivo inexistente: salida $st, se esperaba 2"; cat "$OUT/io.out"
    fails=$((fails + 1))
fi

# Without -o nor --check: usage error.
"$PAA" avance "$FIX/programa.xml" "$FIX/avance.xml" >"$OUT/usage.out" 2>&1
st=$?
if [ "$st" -ne 2 ]; then
    echo "FALLA: sin -o ni --check: salida $st, se esperaba 2"; fails=$((fails + 1))
fi

# Thresholds out of order in a layout: a "layout" error naming its line
# (--check loads no fonts, so the copy may live anywhere).
sed 's/<semaforo verde="90"/<semaforo verde="60"/' "$PAA_SRC/layouts/avance.xml" \
    >"$OUT/umbrales.xml"
"$PAA" avance "$FIX/programa.xml" "$FIX/avance.xml" --check \
    --layout "$OUT/umbrales.xml" >"$OUT/layout.out" 2>&1
st=$?
line=$(grep -n "<semaforo" "$OUT/umbrales.xml" | cut -d: -f1)
if [ "$st" -ne 1 ] || ! grep -q "umbrales.xml:$line: error: \[layout\].*amarillo ≤ verde" "$OUT/layout.out"; then
    echo "FALLA: umbrales desordenados: salida $st"; cat "$OUT/layout.out"
    fails=$((fails + 1))
fi

[ "$fails" -eq 0 ] && echo "avance_check: correcto"
exit "$fails"
