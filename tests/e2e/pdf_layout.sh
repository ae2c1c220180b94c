#!/usr/bin/env bash
# End-to-end: the PDF layout is data. A4 needs only an edited
# layout file; a typo in the layout is reported with file:line and leaves
# no PDF (nor temporary file) behind; only paa's own fonts are loaded; the
# marks of reconstructed values can be switched off; a word too wide for
# its column is hyphenated.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
XML="$fix/minimo.xml"
FONTS="$src/fonts"

# A4 landscape: same layout, other paper (font paths made absolute because
# the copy lives elsewhere; they resolve relative to the layout file)
sed -e 's/papel="carta" orientacion="horizontal"/papel="a4" orientacion="horizontal"/' \
    -e "$fonts_abs" \
    "$src/layouts/programa.xml" >"$tmp/a4.xml"
if "$paa" pdf "$XML" -o "$tmp/a4.pdf" --layout "$tmp/a4.xml" 2>"$tmp/a4.err"; then
    pdfinfo "$tmp/a4.pdf" | grep -q '^Page size: *841.8[0-9]* x 595.2[0-9]* pts (A4)' \
        || fail "A4: tamaño inesperado: $(pdfinfo "$tmp/a4.pdf" | grep 'Page size')"
    pdftotext "$tmp/a4.pdf" - | grep -q '010101' || fail "A4: falta la actividad 010101"
else
    fail "A4: paa pdf falló: $(cat "$tmp/a4.err")"
fi

# a misspelt attribute: schema error with its line, no output
sed -e "$fonts_abs" -e 's/<estilo id="lema" hereda="base"/<estilo id="lema" herda="base"/' \
    "$src/layouts/programa.xml" >"$tmp/typo.xml"
line=$(grep -n 'id="lema"' "$tmp/typo.xml" | cut -d: -f1)
if "$paa" pdf "$XML" -o "$tmp/typo.pdf" --layout "$tmp/typo.xml" 2>"$tmp/typo.err"; then
    fail "diseño con error: paa pdf no falló"
fi
grep -q "typo.xml:$line:" "$tmp/typo.err" \
    || fail "diseño con error: el mensaje no da la línea $line: $(cat "$tmp/typo.err")"

# a style naming an undefined font: the renderer's own check, with line
sed -e "$fonts_abs" -e 's/<estilo id="firma-nombre" hereda="base" fuente="negritas"/<estilo id="firma-nombre" hereda="base" fuente="gruesa"/' \
    "$src/layouts/programa.xml" >"$tmp/font.xml"
line=$(grep -n 'id="firma-nombre"' "$tmp/font.xml" | cut -d: -f1)
"$paa" pdf "$XML" -o "$tmp/font.pdf" --layout "$tmp/font.xml" 2>"$tmp/font.err" \
    && fail "fuente inexistente: paa pdf no falló"
grep -q "font.xml:$line:.*gruesa" "$tmp/font.err" \
    || fail "fuente inexistente: mensaje sin línea o sin nombre: $(cat "$tmp/font.err")"

# a missing font file
sed -e 's#\.\./fonts/LiberationSans-Italic.ttf#no-existe.ttf#' -e "$fonts_abs" \
    "$src/layouts/programa.xml" >"$tmp/nofile.xml"
"$paa" pdf "$XML" -o "$tmp/nofile.pdf" --layout "$tmp/nofile.xml" 2>"$tmp/nofile.err" \
    && fail "archivo de fuente ausente: paa pdf no falló"
grep -q "nofile.xml:[0-9]*:.*no-existe.ttf" "$tmp/nofile.err" \
    || fail "archivo de fuente ausente: mensaje inesperado: $(cat "$tmp/nofile.err")"

# a font outside paa's fonts/ (any file a --layout names) is refused
mkdir -p "$tmp/otras"
cp "$FONTS/LiberationSans-Regular.ttf" "$tmp/otras/Libre.ttf"
sed -e "s#\.\./fonts/LiberationSans-Regular.ttf#$tmp/otras/Libre.ttf#" -e "$fonts_abs" \
    "$src/layouts/programa.xml" >"$tmp/outside.xml"
line=$(grep -n 'otras/Libre.ttf' "$tmp/outside.xml" | cut -d: -f1)
"$paa" pdf "$XML" -o "$tmp/outside.pdf" --layout "$tmp/outside.xml" 2>"$tmp/outside.err" \
    && fail "fuente fuera de fonts/: paa pdf no falló"
grep -q "outside.xml:$line:.*Libre.ttf.*fuera de" "$tmp/outside.err" \
    || fail "fuente fuera de fonts/: mensaje inesperado: $(cat "$tmp/outside.err")"

# reconstructed values are marked only while the layout says so
sed -e "$fonts_abs" -e '/<reconstruido /,/\/>/d' \
    "$src/layouts/programa.xml" >"$tmp/sinmarca.xml"
if "$paa" pdf "$XML" -o "$tmp/sinmarca.pdf" --layout "$tmp/sinmarca.xml" 2>"$tmp/sinmarca.err"; then
    pdftotext "$tmp/sinmarca.pdf" - | grep -q '†' && fail "sin <reconstruido>: aún hay marcas †"
    pdftotext "$tmp/sinmarca.pdf" - | grep -q '120' || fail "sin <reconstruido>: falta el valor 120"
else
    fail "sin <reconstruido>: paa pdf falló: $(cat "$tmp/sinmarca.err")"
fi

# a word wider than its cell is broken with a hyphen, between syllables:
# «Solicitud» in a 20pt Unidad column becomes «Solici-» / «tud» (a column
# title is never split: this one is short)
sed -e "$fonts_abs" \
    -e 's#<columna ancho="48" titulo="Unidad de Medida"/>#<columna ancho="20" titulo="Ud."/>#' \
    "$src/layouts/programa.xml" >"$tmp/angosta.xml"
grep -q 'ancho="20" titulo="Ud."' "$tmp/angosta.xml" || fail "angosta: no se pudo estrechar la columna"
if "$paa" pdf "$XML" -o "$tmp/angosta.pdf" --layout "$tmp/angosta.xml" 2>"$tmp/angosta.err"; then
    pdftotext -raw "$tmp/angosta.pdf" - | grep -A1 -E ' Soli(ci)?-$' | grep -Eq '^(ci)?tud' \
        || fail "angosta: «Solicitud» no se partió entre sílabas («Soli-» / «citud» o «Solici-» / «tud»)"
else
    fail "angosta: paa pdf falló: $(cat "$tmp/angosta.err")"
fi

for f in typo font nofile outside; do
    [ -e "$tmp/$f.pdf" ] && fail "$f: quedó un PDF tras el error"
done
ls "$tmp" | grep -q 'tmp' && fail "quedaron archivos temporales: $(ls "$tmp" | grep tmp)"
finish
