#!/usr/bin/env bash
# End-to-end: other layouts either render the programme with every clave
# on one line, no column title split and no text below the layout's
# smallest size (tamano-minimo), or stop with a `layout` error that names
# the style, the column or part that does not fit and its measures, and
# leave no PDF. Layouts: A4 landscape, A4 landscape with calendar text at
# 7.5 pt, A4 portrait, Letter portrait, a 12 pt body, a 100 mm high page.
set -u
T="$PAA_TMP/pdf_disenos"
rm -rf "$T"
mkdir -p "$T"
fail=0
err() { echo "FALLA: $*"; fail=1; }
XML="$PAA_SRC/input/paa2024.xml"
fonts="s#\.\./fonts/#$PAA_SRC/fonts/#"

variant() {   # name sed-edits...
    local name=$1
    shift
    sed -e "$fonts" "$@" "$PAA_SRC/layouts/programa.xml" >"$T/$name.xml"
    cmp -s "$T/$name.xml" <(sed -e "$fonts" "$PAA_SRC/layouts/programa.xml") \
        && err "$name: la edición del diseño no cambió nada"
    "$PAA" pdf "$XML" -o "$T/$name.pdf" --layout "$T/$name.xml" >"$T/$name.out" 2>&1
    echo $? >"$T/$name.rc"
}

# renders: every clave whole, nothing below the smallest size of the layout
renders() {   # name
    local name=$1
    [ "$(cat "$T/$name.rc")" = 0 ] || { err "$name: paa pdf falló: $(grep -v aviso "$T/$name.out")"; return; }
    pdftotext -raw "$T/$name.pdf" "$T/$name.txt"
    /usr/bin/python3 - "$XML" "$T/$name.txt" "$T/$name.pdf" "$T/$name.xml" "$name" <<'EOF' || fail=1
import re, sys, zlib
xml, txt, pdf, lay, name = sys.argv[1:6]
claves = set(re.findall(r'<actividad clave="(\d{6})"', open(xml, encoding='utf-8').read()))
words = set(re.findall(r'(?<![\d-])(\d{6})(?![\d-])', open(txt, encoding='utf-8').read()))
missing = sorted(claves - words)
bad = []
if missing:
    bad.append('%d claves partidas o ausentes (%s…)' % (len(missing), ' '.join(missing[:3])))
sizes = [float(x) for x in re.findall(r'tamano-minimo="([\d.]+)"', open(lay, encoding='utf-8').read())]
sizes += [float(x) for x in re.findall(r'<estilo [^>]*tamano="([\d.]+)"', open(lay, encoding='utf-8').read())]
floor = min(sizes)
data = open(pdf, 'rb').read()
used = set()
for m in re.finditer(rb'stream\r?\n', data):
    try:
        s = zlib.decompressobj().decompress(data[m.end():])
    except zlib.error:
        continue
    used.update(float(x) for x in re.findall(rb'/F\d+ ([\d.]+) Tf', s))
if used and min(used) < floor - 0.005:
    bad.append('letra de %.2f pt, menos que el mínimo del diseño (%.2f pt)' % (min(used), floor))
text = open(txt, encoding='utf-8').read()
if re.search(r'\bCla-\s*\n?\s*ve\b|\bMe-\s*\n?\s*dida\b|\bCanti-\s*\n?\s*dad\b', text):
    bad.append('un título de columna partido con guion')
for b in bad:
    print('FALLA: %s: %s' % (name, b))
sys.exit(1 if bad else 0)
EOF
}

# stops: a layout error naming `what` with measures in pt, no PDF left
stops() {   # name what-regex
    local name=$1 what=$2
    [ "$(cat "$T/$name.rc")" = 0 ] && { err "$name: se esperaba un error de diseño y salió bien"; return; }
    grep -v aviso "$T/$name.out" | grep -q "^$T/$name.xml:[0-9]*: error: \[layout\]" \
        || err "$name: no es un error [layout] con archivo y línea: $(cat "$T/$name.out")"
    grep -Eq "$what" "$T/$name.out" || err "$name: el error no nombra «$what»: $(grep -v aviso "$T/$name.out")"
    grep -Eq '[0-9]+\.[0-9] pt' "$T/$name.out" || err "$name: el error no da medidas"
    [ ! -e "$T/$name.pdf" ] || err "$name: quedó un PDF"
}

variant a4 -e 's/papel="carta"/papel="a4"/'
variant a4-75 -e 's/papel="carta"/papel="a4"/' \
    -e 's/id="calendario-celda" hereda="celda" tamano="6.5" interlineado="7.5"/id="calendario-celda" hereda="celda" tamano="7.5" interlineado="8.5"/'
variant a4-vertical -e 's/papel="carta" orientacion="horizontal"/papel="a4" orientacion="vertical"/'
variant carta-vertical -e 's/orientacion="horizontal"/orientacion="vertical"/'
variant cuerpo-12 -e 's/<estilo id="base" fuente="normal" tamano="10" interlineado="13"/<estilo id="base" fuente="normal" tamano="12" interlineado="15"/'
variant alto-100mm -e 's/papel="carta" orientacion="horizontal"/ancho="279.4mm" alto="100mm"/'

renders a4
renders a4-75
renders cuerpo-12
stops a4-vertical 'estilo «[a-z-]+».*columna «[^»]+»'
stops carta-vertical 'estilo «[a-z-]+».*columna «[^»]+»'
stops alto-100mm 'portada'

exit $fail
