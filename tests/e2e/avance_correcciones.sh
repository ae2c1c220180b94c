#!/usr/bin/env bash
# Corrections of the progress report (issue 11, part 3) seen through the
# command line: `paa avance` warns, like `paa pdf`, when the programme has
# check errors beyond those its --baseline accepts.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" -o "$tmp/sin"
expect_grep "$tmp/err" "^paa: aviso: $src/input/paa2024.xml tiene [0-9]* errores de revisión; el documento se genera igual"
[ "$(grep -c '^paa: aviso:' "$tmp/err")" -eq 1 ] || fail "el aviso debe ocupar una línea"
[ -s "$tmp/sin/avance-2024-06.pdf" ] || fail "el informe se genera igual"

# With the baseline that accepts the published findings there is nothing to say.
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" \
  --baseline "$src/input/paa2024.baseline" -o "$tmp/con"
grep -q "^paa: aviso:" "$tmp/err" && fail "con la línea base no hay errores que avisar: $(head -2 "$tmp/err")"

# --check only reviews the progress file: no document, no warning about one.
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" --check
grep -q "^paa: aviso:" "$tmp/err" && fail "--check no genera documento: $(head -2 "$tmp/err")"

# A month a reported activity does not give counts as zero, and its row
# says so in both documents (not only the console warning).
expect_exit 0 "$paa" avance "$fix/avance/programa.xml" "$fix/avance/mes-faltante.xml" -o "$tmp/cero"
expect_grep "$tmp/err" "avance-mes-faltante"
pdftotext "$tmp/cero/avance-2024-06.pdf" - | tr '\n' ' ' | grep -q "Sin reporte, contado como *cero: *abril\." \
  || fail "el PDF no dice en la fila que abril se contó como cero"
/usr/bin/python3 - "$tmp/cero/avance-2024-06.xlsx" <<'PY' || fail "el libro no dice en la fila que abril se contó como cero"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
sys.exit(0 if "Sin reporte, contado como cero: abril. Abril sin reporte." in text else 1)
PY

# The report says its average is unweighted, in the PDF and the workbook.
pdftotext "$tmp/cero/avance-2024-06.pdf" - | tr '\n' ' ' | grep -q "media aritmética simple (sin ponderar" \
  || fail "el PDF no dice que el promedio es sin ponderar"
/usr/bin/python3 - "$tmp/cero/avance-2024-06.xlsx" <<'PY' || fail "el libro no dice que el promedio es sin ponderar"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(0 if "media simple, sin ponderar" in z.read("xl/sharedStrings.xml").decode() else 1)
PY

# Overflow of a computed figure is a finding at its line, never a clamp:
# no document is written and no clamped figure is quoted.
expect_exit 1 "$paa" avance "$fix/avance/programa.xml" "$fix/avance/desbordamiento.xml" -o "$tmp/desb"
expect_grep "$tmp/out" "^$fix/avance/desbordamiento.xml:8: error: .*(010101) \\[avance-desbordamiento\\]$"
grep -q "avance-justificacion" "$tmp/out" && fail "se cita una cifra recortada: $(cat "$tmp/out")"
[ -e "$tmp/desb/avance-2024-06.pdf" ] && fail "con un desbordamiento no se genera el informe"

# A displayed percentage never contradicts its state: 419.999 achieved of
# 600 programmed is 69.99983 %, rojo, and the PDF and the workbook show
# 69.9 %, never 70.0 %.
sed -e 's#<alcanzado mes="may">95</alcanzado>#<alcanzado mes="may">19.999</alcanzado>#' \
    -e '0,/<alcanzado mes="jun">100<\/alcanzado>/s##<alcanzado mes="jun">0</alcanzado>\n    <justificacion>Prueba del redondeo.</justificacion>#' \
    "$fix/avance/avance.xml" >"$tmp/redondeo.xml"
expect_exit 0 "$paa" avance "$fix/avance/programa.xml" "$tmp/redondeo.xml" -o "$tmp/redondeo"
pdftotext -layout "$tmp/redondeo/avance-2024-06.pdf" "$tmp/redondeo.txt"
grep "^ *010101 " "$tmp/redondeo.txt" >"$tmp/fila" || fail "no está la fila 010101 en el PDF"
grep -q "69\.9 %.*rojo" "$tmp/fila" || fail "010101 debe mostrar 69.9 % rojo: $(cat "$tmp/fila")"
grep -q "70\.0 %" "$tmp/fila" && fail "010101 muestra 70.0 % siendo rojo: $(cat "$tmp/fila")"
/usr/bin/python3 - "$tmp/redondeo/avance-2024-06.xlsx" <<'PY' || fail "el libro muestra 70.0 % en una fila roja"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
hits = [re.search(r"<f>([^<]*)</f><v>([^<]*)</v>", c) for name in z.namelist() if name.startswith("xl/worksheets/")
        for c in re.findall(r"<c [^>]*>.*?</c>", z.read(name).decode()) if "ROUNDUP(ROUND(UmbralAmarillo" in c]
vals = [h.group(2) for h in hits if h]
sys.exit(0 if "0.699" in vals and vals else 1)
PY
finish
