#!/usr/bin/env bash
# End-to-end: the PDF layout is data. A4 needs only an edited
# layout file; a typo in the layout is reported with file:line and leaves
# no PDF (nor temporary file) behind.
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

for f in typo font nofile; do
    [ -e "$T/$f.pdf" ] && err "$f: quedó un PDF tras el error"
done
ls "$T" | grep -q 'tmp' && err "quedaron archivos temporales: $(ls "$T" | grep tmp)"
exit $fail
