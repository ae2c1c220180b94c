#!/usr/bin/env bash
# End-to-end: other layouts either render the programme with every clave
# on one line, no column title split and no text below the layout's
# smallest size (tamano-minimo), or stop with a `layout` error that names
# the style, the column or part that does not fit and its measures, and
# leave no PDF. Layouts: A4 landscape, A4 landscape with calendar text at
# 7.5 pt, A4 portrait, Letter portrait, a 12 pt body, a 100 mm high page,
# margins that leave no room.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
XML="$src/input/paa2024.xml"
fonts="$fonts_abs"

variant() {   # name sed-edits...
    local name=$1
    shift
    sed -e "$fonts" "$@" "$src/layouts/programa.xml" >"$tmp/$name.xml"
    cmp -s "$tmp/$name.xml" <(sed -e "$fonts" "$src/layouts/programa.xml") \
        && fail "$name: la edición del diseño no cambió nada"
    "$paa" pdf "$XML" -o "$tmp/$name.pdf" --layout "$tmp/$name.xml" >"$tmp/$name.out" 2>&1
    echo $? >"$tmp/$name.rc"
}

# renders: every clave whole, nothing below the smallest size of the layout
renders() {   # name
    local name=$1
    [ "$(cat "$tmp/$name.rc")" = 0 ] || { fail "$name: paa pdf falló: $(grep -v aviso "$tmp/$name.out")"; return; }
    pdftotext -raw "$tmp/$name.pdf" "$tmp/$name.txt"
    /usr/bin/python3 - "$XML" "$tmp/$name.txt" "$tmp/$name.pdf" "$tmp/$name.xml" "$name" <<'EOF' || fail "$name: no se compuso entero (arriba)"
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
    [ "$(cat "$tmp/$name.rc")" = 0 ] && { fail "$name: se esperaba un error de diseño y salió bien"; return; }
    grep -v aviso "$tmp/$name.out" | grep -Eq "^$tmp/$name.xml:[0-9]+(:[0-9]+)?: error: .*\[layout\]$" \
        || fail "$name: no es un error [layout] con archivo y línea: $(cat "$tmp/$name.out")"
    grep -Eq "$what" "$tmp/$name.out" || fail "$name: el error no nombra «$what»: $(grep -v aviso "$tmp/$name.out")"
    grep -Eq '[0-9]+\.[0-9] pt' "$tmp/$name.out" || fail "$name: el error no da medidas"
    [ ! -e "$tmp/$name.pdf" ] || fail "$name: quedó un PDF"
}

variant a4 -e 's/papel="carta"/papel="a4"/'
variant a4-75 -e 's/papel="carta"/papel="a4"/' \
    -e 's/id="calendario-celda" hereda="celda" tamano="6.5" interlineado="7.5"/id="calendario-celda" hereda="celda" tamano="7.5" interlineado="8.5"/'
variant a4-vertical -e 's/papel="carta" orientacion="horizontal"/papel="a4" orientacion="vertical"/'
variant carta-vertical -e 's/orientacion="horizontal"/orientacion="vertical"/'
variant cuerpo-12 -e 's/<estilo id="base" fuente="normal" tamano="10" interlineado="13"/<estilo id="base" fuente="normal" tamano="12" interlineado="15"/'
variant alto-100mm -e 's/papel="carta" orientacion="horizontal"/ancho="279.4mm" alto="100mm"/'
# a footer with a left, a centre and a right text on one row
variant pie-tres -e 's|<renglon estilo="pie" centro="{pagina}"/>|<renglon estilo="pie" izquierda="{siglas}" centro="Programa {anio}" derecha="Página {pagina} de {paginas}"/>|'
variant pie-alto -e 's|<renglon estilo="pie" centro="{pagina}"/>|<renglon estilo="pie" centro="{siglas}"/><renglon estilo="pie" centro="{anio}"/><renglon estilo="pie" centro="{pagina}"/>|'
variant margen-180mm -e 's/margen-superior="10mm"/margen-superior="180mm"/'

renders a4
renders a4-75
renders cuerpo-12
renders pie-tres
# every page's last line holds the three texts of the footer, side by side
/usr/bin/python3 - "$tmp/pie-tres.pdf" <<'EOF' || fail "pie-tres: el pie no tiene sus tres textos en cada página"
import re, subprocess, sys
pdf = sys.argv[1]
pages = subprocess.run(['pdftotext', '-layout', pdf, '-'], capture_output=True,
                       text=True, check=True).stdout.split('\f')[:-1]
bad = []
for no, page in enumerate(pages[1:], 2):   # the cover has no footer
    lines = [l for l in page.splitlines() if l.strip()]
    last = lines[-1] if lines else ''
    if not re.fullmatch(r'\s*IEEM\s{3,}Programa 2024\s{3,}Página [IVXLC\d]+ de \d+\s*', last):
        bad.append('página %d: «%s»' % (no, last.strip()))
for b in bad[:5]:
    print('FALLA: pie-tres: %s' % b)
sys.exit(1 if bad else 0)
EOF
stops a4-vertical 'estilo «[a-z-]+».*columna «[^»]+»'
stops carta-vertical 'estilo «[a-z-]+».*columna «[^»]+»'
stops alto-100mm 'portada'
stops pie-alto 'los renglones del <pie> ocupan [0-9.]+ pt y la página le reserva 19\.8 pt'
stops margen-180mm 'márgenes .* deja un área de texto de 707\.0 × 16\.7 pt'

finish
