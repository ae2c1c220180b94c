#!/usr/bin/env bash
# End-to-end: `paa pdf` on the fixture and (when present) the real
# programme. Checks text, contents page numbers against the pages they
# point at, repeated table headers, embedded fonts, page size/count, page
# labels, and that two renders are byte-identical; in the calendars, that
# no quantity and no unit word is broken, that reconstructed values carry
# the mark and lost data the "sin dato" mark, that every calendar page has
# the legend, and that no group's last row is left alone atop a page.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

check_pdf() {   # $1 = programme XML, $2 = name
    local xml="$1" name="$2" pdf="$tmp/$2.pdf"
    if ! "$paa" pdf "$xml" -o "$pdf" 2>"$tmp/$name.err"; then
        fail "$name: paa pdf falló: $(cat "$tmp/$name.err")"
        return
    fi
    "$paa" pdf "$xml" -o "$tmp/$name-2.pdf" 2>/dev/null
    cmp -s "$pdf" "$tmp/$name-2.pdf" || fail "$name: dos ejecuciones dan archivos distintos"

    pdfinfo "$pdf" >"$tmp/$name.info" || { fail "$name: pdfinfo no lee el PDF"; return; }
    grep -q '^Page size: *792 x 612 pts' "$tmp/$name.info" \
        || fail "$name: la página no es carta horizontal: $(grep 'Page size' "$tmp/$name.info")"
    grep -q "^CreationDate:.*2024" "$tmp/$name.info" \
        || fail "$name: la fecha de creación no viene de SOURCE_DATE_EPOCH"
    grep -q '^Author: *INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO' "$tmp/$name.info" \
        || fail "$name: falta el autor (institución)"

    pdffonts "$pdf" | tail -n +3 >"$tmp/$name.fonts"
    [ -s "$tmp/$name.fonts" ] || fail "$name: el PDF no usa fuentes"
    if awk '{ if ($(NF-4) != "yes") bad=1 } END { exit !bad }' "$tmp/$name.fonts"; then
        fail "$name: hay fuentes sin incrustar: $(cat "$tmp/$name.fonts")"
    fi
    grep -q 'Type 1\|CID Type 0' "$tmp/$name.fonts" && fail "$name: fuente no TrueType"

    # page labels: none on the cover, roman from the contents, arabic from
    # the first subprograma (the catalog is not compressed by libharu)
    grep -aq '/PageLabels' "$pdf" || fail "$name: faltan las etiquetas de página"
    grep -aq '/S /R' "$pdf" || fail "$name: falta la numeración romana"
    grep -aq '/S /D' "$pdf" || fail "$name: falta la numeración arábiga"
    grep -aq '/Outlines' "$pdf" || fail "$name: faltan los marcadores"

    pdftotext -bbox "$pdf" "$tmp/$name.bbox"
    pdftotext -raw "$pdf" "$tmp/$name.raw"
    pdftotext -layout "$pdf" "$tmp/$name.txt"
    /usr/bin/python3 - "$xml" "$tmp/$name.raw" "$tmp/$name.txt" "$name" "$tmp/$name.bbox" <<'EOF' || fail "$name: texto (detalle arriba)"
import re, sys
import xml.etree.ElementTree as ET

xml, raw, lay, name = sys.argv[1:5]
bad = []
squash = lambda s: re.sub(r'\s+', '', s)
text = squash(open(raw, encoding='utf-8').read())
root = ET.parse(xml).getroot()

# every clave, description, project name and subprograma title is there
for el in root.iter():
    if el.tag in ('actividad', 'proyecto'):
        if squash(el.get('clave')) not in text:
            bad.append('falta la clave ' + el.get('clave'))
    if el.tag in ('descripcion', 'nombre', 'titulo', 'objetivo', 'unidad'):
        if el.text and squash(el.text) not in text:
            bad.append('falta el texto «%s»' % el.text.strip()[:60])

pages = open(lay, encoding='utf-8').read().split('\f')
if pages and not pages[-1].strip():
    pages.pop()

def footer(page):
    lines = [l.strip() for l in page.splitlines() if l.strip()]
    return lines[-1] if lines else ''

# contents: the number after the leaders of each entry
toc = []
for line in pages[1].splitlines():
    m = re.search(r'(?:\.\s*){3,}([0-9IVXLC]+)\s*$', line)
    if m:
        toc.append(m.group(1))
subs = [s.get('numero') for s in root.findall('subprograma')]
front = ['PRESENTACIÓN', 'MARCO LEGAL', 'FINES INSTITUCIONALES',
         'OBJETIVOS SUBPROGRAMÁTICOS GENERALES', 'POLÍTICAS',
         'ESTRUCTURA DEL PROGRAMA ANUAL DE ACTIVIDADES',
         'NOTA SOBRE ESTA EDICIÓN']
targets = [('^\\s*' + re.escape(h) + '\\s*$', h) for h in front]
targets += [('Subprograma %s:' % n, 'Subprograma ' + n) for n in subs]
# the annex of reconstructed values closes the document when there are any
ANNEX = 'ANEXO. VALORES RECONSTRUIDOS'
has_rebuilt = any((q.get('reconstruidos') or '').strip() for q in root.iter('cantidades'))
if has_rebuilt:
    targets.append(('^\\s*' + re.escape(ANNEX) + '\\s*$', 'Anexo'))
if len(toc) != len(targets):
    bad.append('el índice tiene %d números, se esperaban %d' % (len(toc), len(targets)))
else:
    for (pat, label), num in zip(targets, toc):
        where = [i for i, p in enumerate(pages) if re.search(pat, p, re.M)]
        if not where:
            bad.append('no se encontró la página de ' + label)
        elif footer(pages[where[0]]) != num:
            bad.append('%s: el índice dice %s, la página dice %s'
                       % (label, num, footer(pages[where[0]])))

# every page with calendar rows repeats the calendar header; every page
# with Estructura rows repeats its header
annex_at = next((i for i, p in enumerate(pages)
                 if re.search('^\\s*' + re.escape(ANNEX), p, re.M)), len(pages))
for i, p in enumerate(pages):
    if re.search(r'^\s*\d{6}\s', p, re.M) and 'Beneficiarios/' not in p \
            and (i < annex_at or not re.search(r'Clave\s+Actividad\s+Mes\s+Valor', p)):
        bad.append('página %d: filas del calendario sin encabezado de columnas' % (i + 1))
    if i > 0 and not footer(p):
        bad.append('página %d sin número' % (i + 1))
    if i > 0 and 'Programa Anual de Actividades' not in p.splitlines()[0] + p[:400]:
        bad.append('página %d sin encabezado' % (i + 1))

# ---- calendars -------------------------------------------------------------
MARK, MISSING = '†', '—'
MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct',
          'nov', 'dic']

def published(v):
    ent, _, dec = v.strip().partition('.')   # decimals as written: «0.10»
    return '{:,}'.format(int(ent)) + ('.' + dec if dec else '')

acts, rebuilt, missing = [], 0, 0
for pr in root.iter('proyecto'):
    keys = [a.get('clave') for a in pr.findall('actividad')]
    for i, a in enumerate(pr.findall('actividad')):
        acts.append((a.get('clave'), i == len(keys) - 1 and len(keys) > 1))
        q = a.find('cantidades')
        marked = (q.get('reconstruidos') or '').split()
        rebuilt += sum(1 for k in marked if q.get(k) is not None)
        missing += sum(1 for k in ['anual'] + MONTHS if q.get(k) is None)
        for path in ('unidad', 'beneficiarios/tipo', 'beneficiarios/cantidad'):
            el = a.find(path)
            missing += el is None or not (el.text or '').strip()
last_of_group = {k for k, last in acts if last}

tokens = set(open(raw, encoding='utf-8').read().split())
for q in root.iter('cantidades'):
    for k, v in q.attrib.items():
        if k != 'reconstruidos' and ',' in published(v) \
                and not {published(v), published(v) + MARK} & tokens:
            bad.append('la cantidad %s se partió en la celda' % published(v))

rawtext = open(raw, encoding='utf-8').read()
units = {w for u in root.iter('unidad') if u.text for w in u.text.split()}
for w in sorted(units):
    for k in range(1, len(w)):
        if re.search(r'(?<!\w)' + re.escape(w[:k]) + r'-?\n' + re.escape(w[k:]) + r'(?!\w)',
                     rawtext):
            bad.append('la unidad «%s» se partió («%s» / «%s»)' % (w, w[:k], w[k:]))

# each calendar page's legend explains exactly the marks that page shows
cal = [p for p in pages if 'Beneficiarios/' in p]
shown = lambda p, m: p.count(m) - ('«%s»' % m in p)
marks = sum(shown(p, MARK) for p in cal)
dashes = sum(shown(p, MISSING) for p in cal)
if marks != rebuilt:
    bad.append('%d valores marcados como reconstruidos, el XML reconstruye %d'
               % (marks, rebuilt))
if dashes != missing:
    bad.append('%d celdas «sin dato», al XML le faltan %d datos' % (dashes, missing))
for i, p in enumerate(pages):
    if p in cal and any(('«%s»' % m in p) != (shown(p, m) > 0) for m in (MARK, MISSING)):
        bad.append('página %d: la leyenda del calendario no explica exactamente sus '
                   'marcas' % (i + 1))
    first = re.search(r'^\s*(\d{6})\s', p, re.M)
    if p in cal and first and first.group(1) in last_of_group:
        bad.append('página %d: la última actividad de su proyecto (%s) quedó sola '
                   'al principio de la página' % (i + 1, first.group(1)))
note = [p for p in pages if 'NOTA SOBRE ESTA EDICIÓN' in p and 'original firmado' in p]
if not note:
    bad.append('falta la nota sobre esta edición')
elif rebuilt and (squash('Anexo. Valores reconstruidos') not in squash(note[0])
                  or '.md' in note[0] or 'paginación' not in note[0]):
    bad.append('la nota sobre esta edición no remite al anexo (o cita un archivo)')

# the annex: one row per reconstructed value ("clave month value"), exactly
# as many as the XML's reconstruidos attributes name, and nothing else
if annex_at < len(pages):
    rows = []
    for p in pages[annex_at:]:
        rows += re.findall(r'^\s*(\d{6})\s.*?\s(\S+)\s+([\d,.]+)\s*$', p, re.M)
    want = sorted((a.get('clave'), k) for a in root.iter('actividad')
                  for q in [a.find('cantidades')]
                  for k in (q.get('reconstruidos') or '').split() if q.get(k) is not None)
    if len(rows) != rebuilt or len(want) != rebuilt:
        bad.append('el anexo lista %d valores, el XML reconstruye %d' % (len(rows), rebuilt))
    MONTH = dict(zip(MONTHS, ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio',
                              'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']))
    got = sorted((k, m) for k, m, _ in rows)
    exp = sorted((k, MONTH.get(m, 'anual')) for k, m in want)
    if [g for g in got if g[1] != 'anual'] != [e for e in exp if e[1] != 'anual']:
        bad.append('las claves y meses del anexo no son los reconstruidos del XML')
    vals = {(a.get('clave'), MONTH.get(k)): published(a.find('cantidades').get(k))
            for a in root.iter('actividad') for k in MONTHS
            if a.find('cantidades').get(k) is not None}
    for k, m, v in rows:
        if (k, m) in vals and vals[(k, m)] != v:
            bad.append('anexo: %s %s dice %s, el XML %s' % (k, m, v, vals[(k, m)]))
elif rebuilt:
    bad.append('falta el anexo de valores reconstruidos')

# a reconstructed value's mark hangs right of its digits: the digits start
# where the same figure's plain digits start in the column (pdftotext
# glues "40†")
for n, page in enumerate(open(sys.argv[5], encoding='utf-8').read().split('<page ')[1:], 1):
    ws = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
    plain = {}
    for x, w in ws:
        if re.fullmatch(r'[\d.,]+', w):
            plain.setdefault(w, []).append(float(x))
    for x, w in ws:
        m = re.fullmatch(r'([\d.,]+)' + MARK, w)
        near = [p for p in plain.get(m.group(1), []) if abs(p - float(x)) < 12] if m else []
        if any(abs(p - float(x)) > 0.3 for p in near):
            bad.append('página %d: «%s» no alinea sus cifras con «%s»' % (n, w, m.group(1)))

for b in bad[:40]:
    print('FALLA: %s: %s' % (name, b))
sys.exit(1 if bad else 0)
EOF
}

check_pdf "$src/tests/fixtures/minimo.xml" minimo
pages=$(awk '/^Pages:/ {print $2}' "$tmp/minimo.info" 2>/dev/null)
# cover, contents, presentación, marco legal, fines, objetivos, políticas,
# estructura, nota sobre esta edición (minimo has a reconstructed value),
# then summary and calendar of the one subprograma, and the annex
[ "${pages:-0}" = 12 ] || fail "minimo: se esperaban 12 páginas, hay ${pages:-?}"

if [ -f "$src/input/paa2024.xml" ]; then
    check_pdf "$src/input/paa2024.xml" paa2024
    pages=$(awk '/^Pages:/ {print $2}' "$tmp/paa2024.info" 2>/dev/null)
    { [ "${pages:-0}" -ge 40 ] && [ "${pages:-0}" -le 120 ]; } \
        || fail "paa2024: número de páginas fuera de lo razonable: ${pages:-?}"
    # the 13 subprogramas and the computed totals are in Estructura
    grep -q 'Total:.*86.*318' "$tmp/paa2024.txt" \
        || fail "paa2024: la fila de totales de la Estructura no dice 86 y 318"
fi

finish
