#!/usr/bin/env bash
# End-to-end: the PDF layout is data. A4 needs only an edited
# layout file; a typo in the layout is reported with file:line and leaves
# no PDF (nor temporary file) behind; only paa's own fonts are loaded; the
# marks of reconstructed values can be switched off; a word too wide for
# its column is hyphenated.
set -u
T="$PAA_TMP/pdf_layout"
rm -rf "$T"
mkdir -p "$T"
fail=0
err() { echo "FALLA: $*"; fail=1; }
XML="$PAA_SRC/tests/fixtures/minimo.xml"
FONTS="$PAA_SRC/fonts"

# A4 landscape: same layout, other paper (font paths made absolute because
# the copy lives elsewhere; they resolve relative to the layout file)
sed -e 's/papel="carta" orientacion="horizontal"/papel="a4" orientacion="horizontal"/' \
    -e "s#\.\./fonts/#$FONTS/#" \
    "$PAA_SRC/layouts/programa.xml" >"$T/a4.xml"
if "$PAA" pdf "$XML" -o "$T/a4.pdf" --layout "$T/a4.xml" 2>"$T/a4.err"; then
    pdfinfo "$T/a4.pdf" | grep -q '^Page size: *841.8[0-9]* x 595.2[0-9]* pts (A4)' \
        || err "A4: tamaño inesperado: $(pdfinfo "$T/a4.pdf" | grep 'Page size')"
    pdftotext "$T/a4.pdf" - | grep -q '010101' || err "A4: falta la actividad 010101"
else
    err "A4: paa pdf falló: $(cat "$T/a4.err")"
fi

# a misspelt attribute: schema error with its line, no output
sed -e "s#\.\./fonts/#$FONTS/#" -e 's/<estilo id="lema" hereda="base"/<estilo id="lema" herda="base"/' \
    "$PAA_SRC/layouts/programa.xml" >"$T/typo.xml"
line=$(grep -n 'id="lema"' "$T/typo.xml" | cut -d: -f1)
if "$PAA" pdf "$XML" -o "$T/typo.pdf" --layout "$T/typo.xml" 2>"$T/typo.err"; then
    err "diseño con error: paa pdf no falló"
fi
grep -q "typo.xml:$line:" "$T/typo.err" \
    || err "diseño con error: el mensaje no da la línea $line: $(cat "$T/typo.err")"

# a style naming an undefined font: the renderer's own check, with line
sed -e "s#\.\./fonts/#$FONTS/#" -e 's/<estilo id="firma-nombre" hereda="base" fuente="negritas"/<estilo id="firma-nombre" hereda="base" fuente="gruesa"/' \
    "$PAA_SRC/layouts/programa.xml" >"$T/font.xml"
line=$(grep -n 'id="firma-nombre"' "$T/font.xml" | cut -d: -f1)
"$PAA" pdf "$XML" -o "$T/font.pdf" --layout "$T/font.xml" 2>"$T/font.err" \
    && err "fuente inexistente: paa pdf no falló"
grep -q "font.xml:$line:.*gruesa" "$T/font.err" \
    || err "fuente inexistente: mensaje sin línea o sin nombre: $(cat "$T/font.err")"

# a missing font file
sed -e 's#\.\./fonts/LiberationSans-Italic.ttf#no-existe.ttf#' -e "s#\.\./fonts/#$FONTS/#" \
    "$PAA_SRC/layouts/programa.xml" >"$T/nofile.xml"
"$PAA" pdf "$XML" -o "$T/nofile.pdf" --layout "$T/nofile.xml" 2>"$T/nofile.err" \
    && err "archivo de fuente ausente: paa pdf no falló"
grep -q "nofile.xml:[0-9]*:.*no-existe.ttf" "$T/nofile.err" \
    || err "archivo de fuente ausente: mensaje inesperado: $(cat "$T/nofile.err")"

# a font outside paa's fonts/ (any file a --layout names) is refused
mkdir -p "$T/otras"
cp "$FONTS/LiberationSans-Regular.ttf" "$T/otras/Libre.ttf"
sed -e "s#\.\./fonts/LiberationSans-Regular.ttf#$T/otras/Libre.ttf#" -e "s#\.\./fonts/#$FONTS/#" \
    "$PAA_SRC/layouts/programa.xml" >"$T/outside.xml"
line=$(grep -n 'otras/Libre.ttf' "$T/outside.xml" | cut -d: -f1)
"$PAA" pdf "$XML" -o "$T/outside.pdf" --layout "$T/outside.xml" 2>"$T/outside.err" \
    && err "fuente fuera de fonts/: paa pdf no falló"
grep -q "outside.xml:$line:.*Libre.ttf.*fuera de" "$T/outside.err" \
    || err "fuente fuera de fonts/: mensaje inesperado: $(cat "$T/outside.err")"

# reconstructed values are marked only while the layout says so
sed -e "s#\.\./fonts/#$FONTS/#" -e '/<reconstruido /,/\/>/d' \
    "$PAA_SRC/layouts/programa.xml" >"$T/sinmarca.xml"
if "$PAA" pdf "$XML" -o "$T/sinmarca.pdf" --layout "$T/sinmarca.xml" 2>"$T/sinmarca.err"; then
    pdftotext "$T/sinmarca.pdf" - | grep -q '†' && err "sin <reconstruido>: aún hay marcas †"
    pdftotext "$T/sinmarca.pdf" - | grep -q '120' || err "sin <reconstruido>: falta el valor 120"
else
    err "sin <reconstruido>: paa pdf falló: $(cat "$T/sinmarca.err")"
fi

# a word wider than its cell is broken with a hyphen, between syllables:
# «Solicitud» in a 20pt Unidad column becomes «Soli-» / «citud»
sed -e "s#\.\./fonts/#$FONTS/#" \
    -e 's#<columna ancho="48" titulo="Unidad de Medida"/>#<columna ancho="20" titulo="Unidad"/>#' \
    "$PAA_SRC/layouts/programa.xml" >"$T/angosta.xml"
grep -q 'ancho="20" titulo="Unidad"' "$T/angosta.xml" || err "angosta: no se pudo estrechar la columna"
if "$PAA" pdf "$XML" -o "$T/angosta.pdf" --layout "$T/angosta.xml" 2>"$T/angosta.err"; then
    pdftotext -raw "$T/angosta.pdf" - | grep -A1 ' Soli-$' | grep -q '^citud' \
        || err "angosta: «Solicitud» no se partió como «Soli-» / «citud»"
else
    err "angosta: paa pdf falló: $(cat "$T/angosta.err")"
fi

for f in typo font nofile outside; do
    [ -e "$T/$f.pdf" ] && err "$f: quedó un PDF tras el error"
done
ls "$T" | grep -q 'tmp' && err "quedaron archivos temporales: $(ls "$T" | grep tmp)"
exit $fail
