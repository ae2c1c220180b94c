#!/usr/bin/env bash
# Regression (issue 16, class 6): values beyond what the outputs can hold.
# Month sums beyond the exact-decimal range passed `paa check` (exit 0);
# <fecha>99999-12-31</fecha> passed and became an invalid workbook date and
# 0001-01-01 made `pdf` fail with «-62135596800»; a 40,000-character
# description failed only in `paa xlsx`, at Excel's cell limit, naming a
# staging path. Each is now a finding of `paa check` with file and line
# (and clave), and every command refuses the programme with the same one.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_valores
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }
min=$src/tests/fixtures/minimo.xml

# expect FILE LINE RULE [CLAVE]: check exits 1 with file:line[:col]: error: … [RULE];
# pdf, xlsx and export exit non-zero with the same finding and no output.
expect() {
    local f=$1 line=$2 rule=$3 clave=${4:-}
    local want="^$f:$line\(:[0-9]*\)*: error: .*${clave:+($clave) }\[$rule\]\$"
    "$paa" check "$f" >"$tmp/out" 2>&1
    local rc=$?
    [ $rc -eq 1 ] || err "check $rule: salió con $rc, se esperaba 1: $(head -2 "$tmp/out")"
    grep -q "$want" "$tmp/out" || err "check $rule: falta «$want»: $(head -2 "$tmp/out")"
    if [ "$rule" = cantidad-rango ]; then return; fi   # a check finding only
    for cmd in "pdf -o $tmp/x.pdf" "xlsx -o $tmp/x.xlsx" "export --format json -o $tmp/x.json"; do
        # shellcheck disable=SC2086
        "$paa" ${cmd%% *} "$f" ${cmd#* } >"$tmp/out" 2>&1
        rc=$?
        [ $rc -eq 1 ] || err "${cmd%% *} $rule: salió con $rc: $(head -2 "$tmp/out")"
        grep -q "$want" "$tmp/out" || err "${cmd%% *} $rule: falta «$want»: $(head -2 "$tmp/out")"
        grep -q 'tmp-\|paa-tmp\|-62135596800' "$tmp/out" && err "${cmd%% *} $rule: $(cat "$tmp/out")"
    done
    ls "$tmp" | grep -q '^x\.' && err "$rule: quedó una salida: $(ls "$tmp")"
}

for d in 99999-12-31 0001-01-01 1899-12-31 2024-01-01Z; do
    sed "s/2024-03-19/$d/" "$min" >"$tmp/fecha-$d.xml"
    expect "$tmp/fecha-$d.xml" 8 esquema
done
sed "s/2024-03-19/9999-12-31/" "$min" >"$tmp/fecha-max.xml"
"$paa" check "$tmp/fecha-max.xml" >/dev/null 2>&1 || err "9999-12-31 se rechazó"
"$paa" xlsx "$tmp/fecha-max.xml" -o "$tmp/fecha-max.xlsx" 2>/dev/null \
    || err "xlsx con fecha 9999-12-31 falló"
rm -f "$tmp/fecha-max.xlsx"

expect "$src/tests/fixtures/reglas/cantidad-rango.xml" 34 cantidad-rango 010101
# Each month within range, their sum beyond it, with the annual absent.
sed 's/ anual="4060"//; s/ene="260"/ene="900000000000000"/; s/feb="330"/feb="900000000000000"/' \
    "$min" >"$tmp/rango-sin-anual.xml"
expect "$tmp/rango-sin-anual.xml" 33 cantidad-rango 010101

expect "$src/tests/fixtures/reglas/texto-largo.xml" 31 texto-largo 010101
python3 - "$min" "$tmp/justo.xml" "$tmp/titulo.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
# exactly 32,767 characters (multi-byte ones): accepted
open(sys.argv[2], "w", encoding="utf-8").write(
    s.replace("Atender solicitudes.", "é" * 32767))
open(sys.argv[3], "w", encoding="utf-8").write(
    s.replace("<nombre>Solicitudes atendidas oportunamente.</nombre>",
              "<nombre>" + "ñ" * 32768 + "</nombre>"))
PY
"$paa" check "$tmp/justo.xml" >/dev/null 2>&1 || err "un texto de 32,767 caracteres se rechazó"
expect "$tmp/titulo.xml" 28 texto-largo 0101

# A title the PDF cannot print (issue 16, class 7): the finding has the
# title's line, for every command.
sed 's|<titulo>Programa Anual de Actividades 2024</titulo>|<titulo>Programa \xe2\x80\x8b\xf0\x9f\x98\x80</titulo>|' \
    "$min" >"$tmp/titulo-emoji.xml"
expect "$tmp/titulo-emoji.xml" 4 texto-caracter
expect "$src/tests/fixtures/reglas/texto-caracter.xml" 29 texto-caracter 0101

# Progress reports: a compliance that could only be printed clamped
# («153722867280912.9 %») and a justification over Excel's cell limit are
# findings of `avance --check`, and `avance -o` refuses the same.
fx=$src/tests/fixtures/avance
python3 - "$fx/avance.xml" "$tmp" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
d = sys.argv[2]
open(d + "/av-enorme.xml", "w", encoding="utf-8").write(
    s.replace('<alcanzado mes="ene">100</alcanzado>',
              '<alcanzado mes="ene">900000000000000</alcanzado>', 1))
open(d + "/av-desborde.xml", "w", encoding="utf-8").write(
    s.replace('<alcanzado mes="ene">100</alcanzado>',
              '<alcanzado mes="ene">900000000000000</alcanzado>', 1)
     .replace('<alcanzado mes="feb">90</alcanzado>',
              '<alcanzado mes="feb">900000000000000</alcanzado>', 1))
open(d + "/av-larga.xml", "w", encoding="utf-8").write(
    s.replace("Dos informes se entregaron fuera de plazo.", "x" * 40000))
PY
expect_avance() {
    local f=$1 line=$2 rule=$3 clave=$4
    local want="^$f:$line\(:[0-9]*\)*: error: .*($clave) \[$rule\]\$"
    for mode in --check "-o $tmp/av-salida"; do
        # shellcheck disable=SC2086
        "$paa" avance "$fx/programa.xml" "$f" $mode >"$tmp/out" 2>&1
        local rc=$?
        [ $rc -eq 1 ] || err "avance $mode $(basename "$f"): salió con $rc: $(head -3 "$tmp/out")"
        grep -q "$want" "$tmp/out" || err "avance $mode $(basename "$f"): falta «$want»: $(head -3 "$tmp/out")"
        grep -q '153722867280912' "$tmp/out" && err "se imprimió el porcentaje recortado"
    done
    [ ! -e "$tmp/av-salida" ] || [ -z "$(ls "$tmp/av-salida")" ] || err "avance -o escribió salidas"
}
expect_avance "$tmp/av-enorme.xml" 8 avance-cantidad 010101
expect_avance "$tmp/av-desborde.xml" 8 avance-desbordamiento 010101
expect_avance "$tmp/av-larga.xml" 23 texto-largo 010102

[ $fail -eq 0 ] && echo "hostil_valores: correcto"
exit $fail
