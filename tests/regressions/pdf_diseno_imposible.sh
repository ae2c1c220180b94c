#!/usr/bin/env bash
# Regressions of layouts that cannot be set and of text the PDF rejects:
# - a table line taller than the page: the row loop counted an empty cell
#   as progress and added ~8,000 blank pages until libharu failed with
#   "error interno (0x1001)"; now a "layout" error at the style's line,
#   both when the style alone is taller than the page and when only the
#   table header and page legend leave too little room;
# - an indent wider than the frame dropped the body text with exit 0;
# - a column narrower than its padding plus one em drew into the next;
# - a justification with a character outside the fonts' encoding passed
#   `paa avance --check` and then failed in the PDF without file:line; a
#   text of the progress file failing in the PDF now names its line.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
prog="$src/input/paa2024.xml" av="$src/input/avance-2024-06.xml"

# expect_layout NAME "SED" LAYOUT CMD...: fails quickly with a layout error
# at the line of the style (or column) the edit touched, and no output.
expect_layout() {
    local name=$1 edit=$2 base=$3 anchor=$4
    shift 4
    sed -e "$fonts_abs" -e "$edit" "$src/layouts/$base" >"$tmp/$name.xml"
    local line
    line=$(grep -n -- "$anchor" "$tmp/$name.xml" | head -1 | cut -d: -f1)
    timeout 60 "$@" --layout "$tmp/$name.xml" >"$tmp/$name.out" 2>&1
    local st=$?
    [ "$st" -eq 124 ] && fail "$name: no terminó en 60 s"
    [ "$st" -eq 0 ] && fail "$name: terminó sin error"
    grep -v 'aviso' "$tmp/$name.out" | grep -Eq "$name.xml:($line|$((line + 1))): error: .*\[layout\]$" \
        || fail "$name: falta el error [layout] en la línea $line: $(grep -v aviso "$tmp/$name.out")"
    grep -q 'libharu' "$tmp/$name.out" && fail "$name: error interno de libharu"
    [ -z "$(find "$tmp/out-$name" -name '*.pdf' 2>/dev/null)" ] || fail "$name: quedó un PDF"
    [ ! -e "$tmp/$name.pdf" ] || fail "$name: quedó un PDF"
}

# (celda-estado: the semáforo words, the tallest cells of the detail)
for v in 900 470; do
    expect_layout "linea$v" "s/\(<estilo id=\"celda-estado\"[^>]*\)\/>/\1 interlineado=\"$v\"\/>/" \
        avance.xml 'id="celda-estado"' "$paa" avance "$prog" "$av" -o "$tmp/out-linea$v"
done
grep -q 'celda-estado' "$tmp/linea470.out" || fail "linea470: el error no nombra el estilo"
expect_layout sangria 's/<estilo id="cuerpo" hereda="base"/& sangria="2000pt"/' \
    programa.xml 'id="cuerpo"' "$paa" pdf "$prog" -o "$tmp/sangria.pdf"
grep -q '«cuerpo»' "$tmp/sangria.out" || fail "sangría: el error no nombra el estilo"
expect_layout columna 's/<columna ancho="25" titulo="Ene"/<columna ancho="2" titulo="Ene"/' \
    programa.xml 'id="calendario-encabezado"' "$paa" pdf "$prog" -o "$tmp/columna.pdf"

# a justification the PDF cannot print: --check reports it at its line
line=$(grep -n '<justificacion>' "$av" | head -1 | cut -d: -f1)
sed "${line}s#<justificacion>#<justificacion>Meta → ajustada. #" "$av" >"$tmp/flecha.xml"
"$paa" avance "$prog" "$tmp/flecha.xml" --check >"$tmp/flecha.out" 2>&1 \
    && fail "justificación con «→»: --check no falló"
grep -q "flecha.xml:$line: error: .*U+2192.*\[avance-justificacion\]" "$tmp/flecha.out" \
    || fail "justificación con «→»: falta el error en la línea $line: $(grep -v aviso "$tmp/flecha.out")"

# text of the progress file that only the PDF sees: its failure has file:line
sed 's#<nota>#<nota>Nota → #' "$av" >"$tmp/nota.xml"
nline=$(grep -n '<avance ' "$tmp/nota.xml" | cut -d: -f1)
"$paa" avance "$prog" "$tmp/nota.xml" -o "$tmp/out-nota" >"$tmp/nota.out" 2>&1 \
    && fail "nota con «→»: paa avance no falló"
grep -q "nota.xml:$nline: error: .*U+2192.*\[pdf\]" "$tmp/nota.out" \
    || fail "nota con «→»: el error no da archivo:línea: $(grep -v aviso "$tmp/nota.out")"

finish
