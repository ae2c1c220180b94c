"""End-to-end tests of the progress report's layout (layouts/avance.xml).

- Regression: a schema-valid but tiny chart step (paso="0.0000001") made
  the grid loop ~10^9 times; it is now a "layout" error at the <grafica>
  line, at once. So is a step giving more than 100 grid lines.
- Regression: names and layout texts longer than the old fixed buffers
  (256 to 900 bytes), cut inside a UTF-8 character, made valid input
  fail; they are now set whole.
- The semáforo is readable in a grey print: every state's word colour has
  a contrast of 4.5:1 or more against its fill (WCAG formula), the words
  differ, and each chart segment holds its count at 4.5:1 (in white or in
  the state's word colour).
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PAA = os.environ["PAA"]
SRC = Path(os.environ["PAA_SRC"])
TMP = Path(os.environ["PAA_TMP"]) / "avance_layout"
FIX = SRC / "tests" / "fixtures" / "avance"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures  # noqa: E402


def layout_copy(name, edit):
    """A copy of layouts/avance.xml under TMP/<name>/layouts, edited, with
    fonts/ beside it (a link to the shipped fonts, which the engine follows
    to the data directory) so that it renders."""
    root = TMP / name
    (root / "layouts").mkdir(parents=True, exist_ok=True)
    fonts = root / "fonts"
    if not fonts.exists():
        fonts.symlink_to(SRC / "fonts", target_is_directory=True)
    text = (SRC / "layouts" / "avance.xml").read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text, f"{name}: the edit changed nothing"
    path = root / "layouts" / "avance.xml"
    path.write_text(edited, encoding="utf-8")
    return path


def run(programa, avance, layout, out):
    try:
        return subprocess.run([PAA, "avance", str(programa), str(avance), "-o", str(out),
                               "--layout", str(layout)],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None


# ---- chart step ------------------------------------------------------------------

for name, paso in (("paso-diminuto", "0.0000001"), ("paso-excesivo", "0.5")):
    lay = layout_copy(name, lambda t, p=paso: re.sub(r'(<grafica[^>]*\spaso=")[^"]*"',
                                                     lambda m: m.group(1) + p + '"', t))
    res = run(FIX / "programa.xml", FIX / "avance.xml", lay, TMP / name / "out")
    if res is None:
        failures.append(f"{name}: paa avance no terminó en 60 s (paso=\"{paso}\")")
        continue
    # The lines of the <grafica …/> start tag (libxml2 names its last one).
    text = lay.read_text(encoding="utf-8").splitlines()
    first = next(i for i, l in enumerate(text, 1) if "<grafica" in l)
    last = next(i for i in range(first, len(text) + 1) if "/>" in text[i - 1])
    out = res.stdout + res.stderr
    check(res.returncode == 1, f"{name}: salida {res.returncode}, se esperaba 1: {out}")
    m = re.search(rf"{re.escape(str(lay))}:(\d+): error: .*paso.*\[layout\]$", out)
    check(m is not None and first <= int(m.group(1)) <= last,
          f"{name}: no hay error [layout] en las líneas {first}-{last}: {out}")
    check(not (TMP / name / "out" / "avance-2024-06.pdf").exists(),
          f"{name}: quedó un PDF pese al error")

# ---- the detail's column titles name an Excel Table's columns -------------------------
# Excel refuses two columns of one name (ignoring case): a layout error at
# <detalle>, not a workbook Excel calls damaged; with a modified programme
# the titulo-modificado titles count too.

def detail_line(lay):
    return next(i for i, l in enumerate(lay.read_text(encoding="utf-8").splitlines(), 1)
                if "<detalle " in l)


cases = (("titulo-repetido", [],
          lambda t: t.replace('<columna titulo="Proyecto" ancho="9"/>',
                              '<columna titulo="CLAVE" ancho="9"/>'), "CLAVE"),
         ("titulo-modificado-repetido",
          ["--modificado", str(SRC / "input" / "paa2024-adecuacion.xml")],
          lambda t: t.replace('titulo-modificado="Programado acumulado modificado"',
                              'titulo-modificado="programado acumulado ORIGINAL"'),
          "programado acumulado ORIGINAL"))
for name, extra, edit, dup in cases:
    lay = layout_copy(name, edit)
    prog, av = ((SRC / "input" / "paa2024.xml", SRC / "input" / "adecuacion" / "avance-2024-06.xml")
                if extra else (FIX / "programa.xml", FIX / "avance.xml"))
    out_dir = TMP / name / "out"
    res = subprocess.run([PAA, "avance", str(prog), str(av), "-o", str(out_dir),
                          "--layout", str(lay)] + extra, capture_output=True, text=True, timeout=120)
    out = res.stdout + res.stderr
    check(res.returncode == 1 and
          f"{lay}:{detail_line(lay)}: error: <detalle> tiene dos columnas con el mismo título, «" in out and
          dup in out and "[layout]" in out,
          f"{name}: salida {res.returncode}, se esperaba un error [layout] en <detalle>: {out[-600:]}")
    check(not out_dir.exists() or not any(out_dir.iterdir()),
          f"{name}: quedaron archivos pese al error: {list(out_dir.iterdir())}")
# The same layout is fine without a modified programme (the titulo-modificado
# titles are not used).
lay = TMP / "titulo-modificado-repetido" / "layouts" / "avance.xml"
res = run(FIX / "programa.xml", FIX / "avance.xml", lay, TMP / "titulo-modificado-repetido" / "sin")
check(res is not None and res.returncode == 0,
      f"titulo-modificado repetido sin --modificado: {res and res.returncode} {res and res.stderr[-300:]}")

# ---- long UTF-8 texts ------------------------------------------------------------------

LONG_NAME = ("Acciones de promoción, difusión y vinculación institucional " * 20).strip()
LONG_AREA = "Dirección de Participación Ciudadana y Educación Cívica " * 6
# 233 characters (the schema allows 255) but 313 bytes: the old 256-byte
# buffer cut it inside an "ñ".
LONG_TITLE = "Informe de avance del año {anio} " + ("ñoño " * 40).strip()

prog = (FIX / "programa.xml").read_text(encoding="utf-8")
prog = prog.replace("<nombre>Solicitudes atendidas oportunamente.</nombre>",
                    f"<nombre>{LONG_NAME}.</nombre>")
prog = prog.replace("<descripcion>Coordinación y supervisión de la gestión institucional.</descripcion>",
                    f"<descripcion>{LONG_AREA.strip()}.</descripcion>")
(TMP / "largo").mkdir(parents=True, exist_ok=True)
(TMP / "largo" / "programa.xml").write_text(prog, encoding="utf-8")
check(len(LONG_NAME.encode()) > 900 and len(LONG_AREA.encode()) > 256,
      "los textos largos no exceden los búferes de antes")
lay = layout_copy("largo", lambda t: re.sub(
    r'(<portada titulo=")[^"]*"', lambda m: m.group(1) + LONG_TITLE + '"', t))
res = run(TMP / "largo" / "programa.xml", FIX / "avance.xml", lay, TMP / "largo" / "out")
pdf = TMP / "largo" / "out" / "avance-2024-06.pdf"
if res is None or res.returncode != 0 or not pdf.exists():
    failures.append(f"textos largos: paa avance falló: {res and (res.stdout + res.stderr)}")
else:
    txt = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", txt)
    check(f"Proyecto 0101. {LONG_NAME}." in flat, "textos largos: el nombre del proyecto no está completo")
    check(f"Subprograma 01. {LONG_AREA.strip()}." in flat,
          "textos largos: el título del subprograma no está completo")
    check(LONG_TITLE.replace("{anio}", "2024") in flat,
          "textos largos: el título de la portada no está completo")

# ---- colours readable in grey ------------------------------------------------------------


def luminance(hexcolour):
    """WCAG 2 relative luminance of #RRGGBB."""
    def channel(v):
        c = int(v, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(hexcolour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


root = ET.parse(SRC / "layouts" / "avance.xml").getroot()
states = root.find("semaforo").findall("estado")
check(len(states) == 7, f"diseño: {len(states)} estados, se esperaban 7")
for e in states:
    if e.get("texto") is None:
        failures.append(f"diseño: «{e.get('id')}» no da el color de su palabra (texto)")
        continue
    ratio = contrast(e.get("texto"), e.get("relleno"))
    check(ratio >= 4.5, f"diseño: «{e.get('id')}» tiene contraste {ratio:.2f}:1 entre "
                        f"texto {e.get('texto')} y relleno {e.get('relleno')} (mínimo 4.5:1)")
# The chart's segments wear the states' colours and hold their counts in
# white or in the state's dark word colour, whichever reads better: that
# one must reach 4.5:1.
for e in states:
    if e.get("id") not in ("sobrecumplimiento", "verde", "amarillo", "rojo"):
        continue
    best = max(contrast("#FFFFFF", e.get("color")), contrast(e.get("texto"), e.get("color")))
    check(best >= 4.5, f"diseño: la cifra sobre el tramo «{e.get('id')}» ({e.get('color')}) "
                       f"no llega a 4.5:1 ({best:.2f}:1)")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("avance_layout: correcto")
