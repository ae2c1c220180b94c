#!/usr/bin/env bash
# End-to-end: continuation headings. In the programme's calendars and in
# the progress report's detail, every page whose first row under the
# repeated column header is an activity names its proyecto again, clave
# and "(continuación)", above that row; a page where a proyecto starts
# afresh repeats none. Without <tabla continuacion="…"> nothing is repeated.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
mkdir -p "$tmp/layouts"

"$paa" pdf "$src/input/paa2024.xml" -o "$tmp/programa.pdf" 2>"$tmp/programa.err" \
    || fail "paa pdf falló: $(cat "$tmp/programa.err")"
"$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" \
    -o "$tmp/avance" 2>"$tmp/avance.err" \
    || fail "paa avance falló: $(cat "$tmp/avance.err")"

# Per page (pdftotext -bbox): the table header is the line of the word
# "Clave" that also holds `marker` (a column title only that table has);
# the first row is the first clave (6 digits: an activity; 4: a proyecto's
# row) or "Proyecto" in the Clave column below it.
check() {   # pdf marker min_pages
    pdftotext -bbox "$1" "$tmp/bbox.html" || { fail "$1: pdftotext falló"; return; }
    /usr/bin/python3 - "$tmp/bbox.html" "$2" "$3" "$1" <<'EOF' || fail "$1: continuaciones (detalle arriba)"
import re
import sys
import xml.etree.ElementTree as ET

path, marker, min_pages, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ns = {"h": "http://www.w3.org/1999/xhtml"}
root = ET.parse(path).getroot()
bad, continued = [], 0
for no, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
    words = [(float(w.get("yMin")), float(w.get("xMin")), float(w.get("yMax")), w.text or "")
             for w in page.iter("{http://www.w3.org/1999/xhtml}word")]
    heads = [w for w in words if w[3] == "Clave"
             and any(v[3] == marker and abs(v[0] - w[0]) < 0.5 for v in words)]
    if not heads:
        continue
    head = heads[0]
    second = min((w[1] for w in words if abs(w[0] - head[0]) < 0.5 and w[1] > head[1] + 5),
                 default=head[1] + 40)
    rows = sorted(w for w in words if w[0] > head[2] and w[1] < second
                  and re.fullmatch(r"\d{6}|\d{4}|Proyecto", w[3]))
    if not rows:
        continue
    # a continuation heading is a proyecto's row with "(continuación)"
    # before the next row begins
    nxt = rows[1][0] if len(rows) > 1 else float("inf")
    heading = None
    if not re.fullmatch(r"\d{6}", rows[0][3]) and any(
            w[3] == "(continuación)" and rows[0][0] - 0.5 <= w[0] < nxt for w in words):
        heading, rows = rows[0], rows[1:]
    if not rows:
        bad.append(f"página {no}: un encabezado de continuación sin filas debajo")
        continue
    first = rows[0]
    if re.fullmatch(r"\d{6}", first[3]):
        proyecto = first[3][:4]
        band = [w[3] for w in words if heading and heading[0] - 0.5 <= w[0] < first[0]]
        if not any(b.rstrip(".") == proyecto for b in band):
            bad.append(f"página {no}: empieza con la actividad {first[3]} sin "
                       f"«{proyecto} … (continuación)» encima")
        else:
            continued += 1
    elif heading or any(w[3] == "(continuación)" for w in words):
        bad.append(f"página {no}: el proyecto empieza en la página y aun así dice «(continuación)»")
for b in bad:
    print(f"FALLA: {name}: {b}")
if continued < min_pages:
    print(f"FALLA: {name}: solo {continued} páginas con encabezado de continuación "
          f"(se esperaban {min_pages} o más)")
    bad.append("pocas")
sys.exit(1 if bad else 0)
EOF
}

[ -f "$tmp/programa.pdf" ] && check "$tmp/programa.pdf" Ene 5
[ -f "$tmp/avance/avance-2024-06.pdf" ] && check "$tmp/avance/avance-2024-06.pdf" Semáforo 5

# the attribute is optional: without it, no repeated rows
ln -s "$src/fonts" "$tmp/fonts"
sed -e 's/ *continuacion="[^"]*"//' "$src/layouts/programa.xml" >"$tmp/layouts/programa.xml"
if "$paa" pdf "$src/input/paa2024.xml" -o "$tmp/sin.pdf" \
    --layout "$tmp/layouts/programa.xml" 2>"$tmp/sin.err"; then
    pdftotext "$tmp/sin.pdf" - | grep -q "(continuación)" \
        && fail "sin continuacion=: aun así hay filas «(continuación)»"
else
    fail "sin continuacion=: paa pdf falló: $(cat "$tmp/sin.err")"
fi
finish
