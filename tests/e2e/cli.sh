#!/usr/bin/env bash
# End-to-end tests of the paa command line: exit codes, messages, atomic
# outputs and the rule fixtures through the real binary.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

# Usage.
expect_exit 0 "$paa" --version;              expect_grep "$tmp/out" '^paa [0-9]'
expect_exit 0 "$paa" --help;                 expect_grep "$tmp/out" 'paa check PROGRAMA.xml'
expect_exit 0 "$paa" help check;             expect_grep "$tmp/out" 'línea base'
expect_exit 0 "$paa" help reglas;            expect_grep "$tmp/out" 'suma-meses'
expect_exit 2 "$paa";                        expect_grep "$tmp/err" 'Uso:'
expect_exit 2 "$paa" bogus;                  expect_grep "$tmp/err" 'comando desconocido'
expect_exit 2 "$paa" check "$fix/base.xml" --bogus
expect_grep "$tmp/err" 'opción desconocida: «--bogus»'
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "el error de uso debe ocupar una línea"
expect_exit 2 "$paa" check;                  expect_grep "$tmp/err" 'faltan argumentos'
expect_exit 2 "$paa" check "$fix/base.xml" --format yaml
expect_exit 2 "$paa" export "$fix/base.xml"; expect_grep "$tmp/err" 'falta --format'
expect_exit 2 "$paa" help nada

# Every rule of the table is documented in the README.
"$paa" help reglas | awk 'NR > 1 {print $1}' | while read -r rule; do
  grep -q -- "\`$rule\`" "$src/README.md" || echo "$rule"
done >"$tmp/undocumented"
[ ! -s "$tmp/undocumented" ] || fail "reglas sin documentar en README: $(tr '\n' ' ' <"$tmp/undocumented")"

# check: clean file, rule fixtures (file:line: severity: message [rule]), I/O errors.
expect_exit 0 "$paa" check "$fix/base.xml"
expect_grep "$tmp/out" '^resumen: 2 subprogramas, 3 proyectos, 5 actividades; 0 errores'
for f in "$fix"/reglas/*.xml; do
  read -r line rule < <(sed -n '2s/<!-- espera: \([0-9]*\) \([a-z-]*\) -->/\1 \2/p' "$f")
  sev=error; [ "$rule" = beneficiarios-variante ] && sev=aviso
  want=1; [ "$sev" = aviso ] && want=0
  expect_exit $want "$paa" check "$f"
  expect_grep "$tmp/out" "^$f:$line:\([0-9]*:\)\? $sev: .* \[$rule\]$"
done
expect_exit 2 "$paa" check "$tmp/no-existe.xml"
expect_grep "$tmp/out" 'no se puede abrir'
for f in "$fix"/hostil/*.xml; do
  expect_exit 1 timeout 10 "$paa" check "$f"
  expect_grep "$tmp/out" "^$f:[0-9:]*: error: .* \[xml\]$"
done

# JSON report parses and carries the same findings.
expect_exit 1 "$paa" check "$fix/reglas/suma-meses.xml" --format json
python3 - "$tmp/out" <<'PY' || fail "JSON de check inválido"
import json, sys
r = json.load(open(sys.argv[1]))
h = r["hallazgos"]
assert [x["regla"] for x in h] == ["suma-meses"], h
assert h[0]["clave"] == "010201" and h[0]["linea"] > 0 and r["resumen"]["errores"] == 1
PY

# Baselines: accepted findings pass, stale entries are reported.
printf 'suma-meses 010201 [anual=1699243 meses=1699242] así se publicó\ncantidad-faltante 123456 [faltan=ene] ya corregido\n' >"$tmp/base"
expect_exit 0 "$paa" check "$fix/reglas/suma-meses.xml" --baseline "$tmp/base" --mostrar-aceptados
expect_grep "$tmp/out" 'aceptado: .* \[suma-meses\] (línea base: así se publicó)$'
expect_grep "$tmp/out" "^$tmp/base:2: aviso: .* \[linea-base-obsoleta\]$"
expect_grep "$tmp/out" '0 errores, 1 aviso, 1 aceptado por la línea base$'
printf 'suma-meses\n' >"$tmp/mala"
expect_exit 2 "$paa" check "$fix/base.xml" --baseline "$tmp/mala"
expect_grep "$tmp/out" "^$tmp/mala:1: error: .* \[linea-base-formato\]$"

# export: CSV/JSON, atomic, nothing left behind on failure.
expect_exit 0 "$paa" export "$fix/base.xml" --format csv -o "$tmp/a.csv"
[ "$(wc -l <"$tmp/a.csv")" -eq 6 ] || fail "el CSV debe tener 6 líneas"
expect_exit 0 "$paa" export "$fix/base.xml" --format json -o "$tmp/a.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["subprogramas"])==2' \
  "$tmp/a.json" || fail "JSON de export inválido"
expect_exit 1 "$paa" export "$fix/hostil/truncado.xml" --format csv -o "$tmp/b.csv"
[ ! -e "$tmp/b.csv" ] || fail "quedó una salida tras un error"
expect_exit 2 "$paa" export "$fix/base.xml" --format csv -o "$tmp/no/existe/c.csv"
expect_grep "$tmp/err" 'no se puede crear el archivo temporal'
[ -z "$(ls "$tmp" | grep tmp-)" ] || fail "quedaron archivos temporales: $(ls "$tmp")"

# Formats and standard output.
expect_exit 0 "$paa" check "$fix/base.xml" --format texto
[ ! -s "$tmp/err" ] || fail "--format texto imprime un error: $(cat "$tmp/err")"
if "$paa" check "$fix/base.xml" >/dev/full 2>"$tmp/err"; then fail "check > /dev/full salió con 0"; fi
expect_grep "$tmp/err" 'no se pudo escribir.*\[io\]$'
if "$paa" export "$fix/base.xml" --format csv >/dev/full 2>"$tmp/err"; then
  fail "export > /dev/full salió con 0"
fi

# SOURCE_DATE_EPOCH must be plain digits up to year 9999.
for bad in abc " 12" -1 99999999999999; do
  SOURCE_DATE_EPOCH=$bad expect_exit 2 "$paa" pdf "$fix/base.xml" -o "$tmp/e.pdf"
  expect_grep "$tmp/err" 'SOURCE_DATE_EPOCH'
done
[ ! -e "$tmp/e.pdf" ] || fail "quedó un PDF tras un SOURCE_DATE_EPOCH inválido"

# Declared counts too large for the model are refused by the schema.
sed 's/subprogramas="2"/subprogramas="4294967298"/' "$fix/base.xml" >"$tmp/enorme.xml"
expect_exit 1 "$paa" check "$tmp/enorme.xml"
expect_grep "$tmp/out" 'error: .*\[esquema\]$'

# avance: the baseline also applies when rendering; outputs appear together.
sed 's|</avance>|  <actividad clave="999999"><alcanzado mes="ene">1</alcanzado></actividad>\n</avance>|' \
  "$src/input/avance-2024-06.xml" >"$tmp/avance.xml"
printf 'avance-clave-desconocida 999999 prueba\n' >"$tmp/avance.baseline"
expect_exit 1 "$paa" avance "$src/input/paa2024.xml" "$tmp/avance.xml" -o "$tmp/av1"
[ ! -e "$tmp/av1/avance-2024-06.pdf" ] || fail "avance con errores escribió un PDF"
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$tmp/avance.xml" -o "$tmp/av1" \
  --baseline "$tmp/avance.baseline"
[ -s "$tmp/av1/avance-2024-06.pdf" ] && [ -s "$tmp/av1/avance-2024-06.xlsx" ] \
  || fail "avance con línea base no escribió sus salidas"
mkdir -p "$tmp/av2/avance-2024-06.xlsx"   # the workbook cannot be placed
expect_exit 2 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" -o "$tmp/av2"
[ ! -e "$tmp/av2/avance-2024-06.pdf" ] || fail "avance dejó el PDF sin el libro"
[ -z "$(ls -A "$tmp/av2" | grep -v '^avance-2024-06.xlsx$')" ] \
  || fail "avance dejó archivos temporales: $(ls -A "$tmp/av2")"

# Rendering a programme with findings warns in one line, and still renders.
expect_exit 0 "$paa" pdf "$fix/reglas/suma-meses.xml" -o "$tmp/sm.pdf"
expect_grep "$tmp/err" '^paa: aviso: .*suma-meses.xml tiene 1 error de revisión; el documento se genera igual'
[ -s "$tmp/sm.pdf" ] || fail "no se generó el PDF de un programa con hallazgos"
printf 'suma-meses 010201 [anual=1699243 meses=1699242] así se publicó\n' >"$tmp/sm.baseline"
expect_exit 0 "$paa" xlsx "$fix/reglas/suma-meses.xml" -o "$tmp/sm.xlsx" --baseline "$tmp/sm.baseline"
[ ! -s "$tmp/err" ] || fail "con la línea base no debía avisar: $(cat "$tmp/err")"
expect_exit 0 "$paa" pdf "$fix/base.xml" -o "$tmp/base.pdf"
[ ! -s "$tmp/err" ] || fail "un programa sin hallazgos no debía avisar: $(cat "$tmp/err")"

finish
