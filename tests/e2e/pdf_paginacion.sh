#!/usr/bin/env bash
# End-to-end: the programme PDF's CONTENIDO gives the page numbers of the
# approved edition for its 19 published entries (Presentación II … Estructura
# VIII, the 13 subprogramas 1 … 47), read from the published text export
# when it is beside the clone (else from the list below, copied from it),
# and every number is the page where its section starts (pdf_programa
# checks that for all entries; here the published ones are compared).
# The cover has a page label of its own.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

"$paa" pdf "$src/input/paa2024.xml" -o "$tmp/p.pdf" 2>"$tmp/err" \
    || { fail "paa pdf falló: $(cat "$tmp/err")"; exit 1; }
pdftotext -layout "$tmp/p.pdf" "$tmp/p.txt" || { fail "pdftotext falló"; exit 1; }

/usr/bin/python3 - "$tmp/p.txt" "$src/../shared/source/paa2024.txt" <<'EOF' || fail "el Contenido no da las páginas publicadas (arriba)"
import os, re, sys

lay, export = sys.argv[1:3]
PUBLISHED = ['II', 'IV', 'V', 'VI', 'VII', 'VIII',
             '1', '5', '8', '13', '17', '22', '27', '31', '35', '38', '41', '44', '47']
if os.path.exists(export):
    text = open(export, encoding='utf-8').read()
    block = text[text.index('CONTENIDO'):text.index('PRESENTACIÓN')]
    found = re.findall(r'\t([0-9IVX]+)\s*$', block, re.M)
    if found != PUBLISHED:
        sys.exit(print('FALLA: el Contenido publicado no es el esperado: %s' % found) or 1)

pages = open(lay, encoding='utf-8').read().split('\f')
def footer(page):
    lines = [l.strip() for l in page.splitlines() if l.strip()]
    return lines[-1] if lines else ''

# the contents page: entry text, leaders, number
entries = []
for line in pages[1].splitlines():
    m = re.search(r'^\s*(\S.*?)\s*(?:\.\s*){3,}([0-9IVXLC]+)\s*$', line)
    if m:
        entries.append((m.group(1), m.group(2)))
ours = [n for t, n in entries if not t.startswith(('Nota sobre', 'Anexo'))]
bad = [(i, p, o) for i, (p, o) in enumerate(zip(PUBLISHED, ours)) if p != o]
if len(ours) != len(PUBLISHED) or bad:
    print('FALLA: el Contenido no da las páginas publicadas: publicado %s, este PDF %s'
          % (' '.join(PUBLISHED), ' '.join(ours)))
    sys.exit(1)
# the printed footers agree: each subprograma starts on its page
starts = {}
for p in pages:
    m = re.search(r'^\s*Subprograma (\d\d):', p, re.M)
    if m and m.group(1) not in starts:
        starts[m.group(1)] = footer(p)
got = [starts.get('%02d' % k) for k in range(1, 14)]
if got != PUBLISHED[6:]:
    sys.exit(print('FALLA: los subprogramas empiezan en %s' % got) or 1)
EOF

# the cover's page label (a viewer shows it instead of an empty box)
grep -aq '/Nums \[ 0 <<' "$tmp/p.pdf" || fail "la portada no tiene etiqueta de página"
grep -aq '/P <FEFF0050006F00720074006100640061>' "$tmp/p.pdf" \
    || fail "la etiqueta de la portada no es «Portada»"

finish
