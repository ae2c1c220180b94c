"""End-to-end: figures of the programme's calendars and links for readers.

- Figures in a row share alignment and size: in every calendar row, the
  month figures end at the same distance from their cells' right edges and
  are set in one size (pdftotext -bbox word boxes; the month columns are
  one column width apart, from the layout).
- Quantities are printed as published: 040103's months «0.10», 040707's
  «0.30» (not 0.1, 0.3).
- Links: the numbers of the Estructura table go to their subprograma, the
  claves of the summaries to their project's row in the calendar and the
  claves of the annex to their activity's row: each link's target page
  shows what its text names. Every link is a /Dest array to a page object
  with the print flag, no /A action (PDF/A-1).
"""
import os
import re
import subprocess
import sys
import zlib
from collections import defaultdict
from pathlib import Path

PAA = os.environ["PAA"]
SRC = Path(os.environ["PAA_SRC"])
TMP = Path(os.environ["PAA_TMP"]) / "pdf_cifras_enlaces"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures  # noqa: E402

TMP.mkdir(parents=True, exist_ok=True)
PDF = TMP / "p.pdf"
r = subprocess.run([PAA, "pdf", str(SRC / "input" / "paa2024.xml"), "-o", str(PDF)],
                   capture_output=True, text=True)
if not check(r.returncode == 0, "paa pdf falló: " + r.stderr):
    sys.exit(1)

layout = (SRC / "layouts" / "programa.xml").read_text(encoding="utf-8")
MONTH_W = float(re.search(r'<columna ancho="([\d.]+)" titulo="Ene"/>', layout).group(1))
MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]

bbox = subprocess.run(["pdftotext", "-bbox", str(PDF), "-"], capture_output=True,
                      text=True).stdout
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">([^<]*)</word>')
pages = [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(p)]
         for p in bbox.split("<page ")[1:]]

# ---- alignment and size along each calendar row ----------------------------
rows_checked = 0
for pno, words in enumerate(pages, 1):
    heads = {w: (x0 + x1) / 2 for x0, y0, x1, y1, w in words if w in MONTHS}
    if len(heads) != 12 or not any(w == "Beneficiarios/" for *_, w in words):
        continue
    top = max(y1 for x0, y0, x1, y1, w in words if w in MONTHS)
    # right edge of Ene's cell; the others follow one column width apart
    centers = [heads[m] for m in MONTHS]
    pitch = (centers[-1] - centers[0]) / 11
    check(abs(pitch - MONTH_W) < 0.5, f"página {pno}: columnas de meses a {pitch:.2f} pt")
    rows = defaultdict(list)
    for x0, y0, x1, y1, w in words:
        if y0 <= top or not re.fullmatch(r"[\d,.]+|—", w):
            continue
        k = min(range(12), key=lambda i: abs((x0 + x1) / 2 - centers[i]))
        if abs((x0 + x1) / 2 - centers[k]) > MONTH_W / 2:
            continue
        rows[round(y1, 0)].append((k, x1, y1 - y0))
    for y, cells in rows.items():
        if len(cells) < 2:
            continue
        rows_checked += 1
        ends = [centers[k] + MONTH_W / 2 - x1 for k, x1, h in cells]
        heights = [h for k, x1, h in cells]
        check(max(ends) - min(ends) < 0.15,
              f"página {pno}, fila en y={y}: las cifras terminan a {min(ends):.2f}–"
              f"{max(ends):.2f} pt del borde de su celda")
        check(max(heights) - min(heights) < 0.05,
              f"página {pno}, fila en y={y}: cifras de alturas {min(heights):.2f}–"
              f"{max(heights):.2f} pt (tamaños distintos)")
check(rows_checked > 250, f"solo se revisaron {rows_checked} filas de calendario")

# ---- published decimals ------------------------------------------------------
text = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True,
                      text=True).stdout
for clave, value, n in (("040103", "0.10", 10), ("040707", "0.30", 3)):
    line = next((l for l in text.splitlines() if l.lstrip().startswith(clave + " ")), "")
    check(len(re.findall(r"(?<![\d.])" + re.escape(value) + r"(?![\d])", line)) >= n,
          f"{clave}: se esperaban {n} veces «{value}» como se publicó: {line.strip()[:160]}")

# ---- links -------------------------------------------------------------------
data = PDF.read_bytes()
objs = {int(m.group(1)): m.group(2) for m in
        re.finditer(rb"(?:^|\n)(\d+) 0 obj\s*(<<.*?>>)\s*(?:endobj|stream)", data, re.S)}
root_pages = int(re.search(rb"/Type /Catalog.*?/Pages (\d+) 0 R", data, re.S).group(1))


def kids(n):
    d = objs[n]
    if b"/Type /Pages" in d:
        out = []
        for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", d, re.S).group(1)):
            out += kids(int(k))
        return out
    return [n]


order = kids(root_pages)
page_of = {n: i for i, n in enumerate(order)}
texts = text.split("\f")
links = []
for i, n in enumerate(order):
    annots = re.search(rb"/Annots \[(.*?)\]", objs[n], re.S)
    for a in re.findall(rb"(\d+) 0 R", annots.group(1)) if annots else []:
        d = objs[int(a)]
        if b"/Subtype /Link" not in d:
            continue
        check(b"/A " not in d and b"/A<<" not in d, f"página {i + 1}: enlace con acción /A")
        check(re.search(rb"/F 4\b", d) is not None, f"página {i + 1}: enlace sin /F 4")
        dest = re.search(rb"/Dest \[\s*(\d+) 0 R /FitH ([\d.]+)", d)
        if not check(dest is not None, f"página {i + 1}: enlace sin /Dest [página /FitH y]"):
            continue
        rect = [float(v) for v in re.search(rb"/Rect \[([^\]]*)\]", d).group(1).split()]
        links.append((i, rect, page_of.get(int(dest.group(1)))))

height = 612.0


def words_in(pno, rect):
    x0, y0, x1, y1 = rect
    return [w for a, b, c, e, w in pages[pno]
            if a >= x0 - 0.5 and c <= x1 + 0.5 and height - e >= y0 - 0.5 and height - b <= y1 + 0.5]


kinds = defaultdict(int)
for src, rect, dst in links:
    if not check(dst is not None, f"página {src + 1}: enlace a un objeto que no es página"):
        continue
    got = words_in(src, rect)
    name = next((w for w in got if re.fullmatch(r"\d{2}|\d{4}|\d{6}", w)), None)
    if name is None or re.search(r"^\s*CONTENIDO\s*$", texts[src], re.M):
        kinds["índice"] += 1   # a contents entry: checked by pdf_programa
        continue
    target = texts[dst]
    if len(name) == 2:
        kinds["estructura"] += 1
        check(re.search(r"^\s*Subprograma %s:" % name, target, re.M) is not None,
              f"Estructura {name}: el enlace lleva a la página {dst + 1}, sin ese subprograma")
    else:
        kinds["resumen" if len(name) == 4 else "anexo"] += 1
        check(re.search(r"^\s*%s\s" % name, target, re.M) is not None and
              ("Beneficiarios/" in target),
              f"{name}: el enlace de la página {src + 1} lleva a la página {dst + 1}, "
              f"que no muestra su fila en el calendario")
check(kinds["estructura"] == 13, f"la Estructura tiene {kinds['estructura']} enlaces, no 13")
check(kinds["resumen"] == 86, f"los resúmenes tienen {kinds['resumen']} enlaces, no 86")
check(kinds["anexo"] > 100, f"el anexo tiene {kinds['anexo']} enlaces")

sys.exit(1 if failures else 0)
