#!/usr/bin/env bash
# Regressions of the workbook's text measuring:
# - a damaged metrics font (here truncated) is a layout error at its line,
#   never widths read from other tables;
# - a row is never taller than Excel's limit of 409 pt, however long the text.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

# Fonts are read only from the data directory's fonts/ (issue 16): the
# damaged one goes into a copy of the data directory.
mkdir -p "$tmp/datos/fonts"
cp -r "$src/input" "$src/layouts" "$tmp/datos/"
cp "$src/fonts/"*.ttf "$tmp/datos/fonts/"
head -c 300 "$src/fonts/LiberationSans-Regular.ttf" >"$tmp/datos/fonts/rota.ttf"
sed -e "s|metricas=\"../fonts/LiberationSans-Regular.ttf\"|metricas=\"../fonts/rota.ttf\"|" \
    "$src/layouts/libro.xml" >"$tmp/datos/layouts/libro.xml"
cp "$tmp/datos/layouts/libro.xml" "$tmp/libro.xml"
grep -q 'metricas="../fonts/rota.ttf"' "$tmp/libro.xml" || fail "no se pudo preparar el diseño"
PAA_DATA_DIR=$tmp/datos timeout 20 "$paa" xlsx "$fix/base.xml" -o "$tmp/a.xlsx" \
  --layout "$tmp/datos/layouts/libro.xml" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "fuente dañada: salió con $rc"
grep -q "^$tmp/datos/layouts/libro.xml:[0-9]*: error: no se pudieron leer las métricas.*\[layout\]$" "$tmp/out" \
  || fail "mensaje inesperado: $(cat "$tmp/out")"
[ ! -e "$tmp/a.xlsx" ] || fail "quedó un libro"

long=$(printf 'palabra %.0s' $(seq 1 2500))
sed "s|<descripcion>Actividad 010101.</descripcion>|<descripcion>$long</descripcion>|" \
  "$fix/base.xml" >"$tmp/largo.xml"
"$paa" xlsx "$tmp/largo.xml" -o "$tmp/b.xlsx" >"$tmp/out" 2>&1 || fail "texto largo: $(cat "$tmp/out")"
max=$(/usr/bin/python3 - "$tmp/b.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
hs = [float(h) for n in z.namelist() if n.startswith("xl/worksheets/")
      for h in re.findall(r' ht="([0-9.]+)"', z.read(n).decode())]
print(max(hs))
PY
)
awk -v m="$max" 'BEGIN { exit !(m == 409) }' || fail "altura máxima de fila $max, se esperaba 409"

finish
