"""End-to-end tests of the adecuaciones annex (`paa diff --format pdf|xlsx`):
on the edited copy of input/paa2024.xml (tests/e2e/lib/adecuacion.py, plus
a reason and a move between closed months), the PDF shows each change with
its values before and after, the summary totals and the closed months; the
workbook's table holds the same values as the JSON format for the same
inputs, as numbers where they are quantities, with print setup and
properties; both are byte-identical across runs; two equal versions give
the one-page "sin cambios" annex; a bad -o or a bad input gives exit 2 and
writes nothing."""
import json
import os
import re
import subprocess
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from adecuacion import NOMBRE_0105, editar, once  # noqa: E402
from paatest import check, failures  # noqa: E402

SRC = os.environ["PAA_SRC"]
PAA = os.environ["PAA"]
TMP = os.path.join(os.environ["PAA_TMP"], "diff_anexo")
os.makedirs(TMP, exist_ok=True)
ORIG = os.path.join(SRC, "input", "paa2024.xml")
BASELINE = os.path.join(SRC, "input", "paa2024.baseline")
EDIT = os.path.join(TMP, "editado.xml")
MOTIVO = "Sesión extraordinaria adicional del Consejo General en febrero."

text = editar(open(ORIG, encoding="utf-8").read())
text = once(text, '<actividad clave="010301">', f'<actividad clave="010301" motivo="{MOTIVO}">')
# a move from January (closed) to April (closed too at a June cut-off)
text = once(text, 'anual="158" ene="31" feb="11" mar="20" abr="55"',
            'anual="158" ene="29" feb="11" mar="20" abr="57"')
with open(EDIT, "w", encoding="utf-8") as f:
    f.write(text)


def paa(*args, env=None):
    e = dict(os.environ)
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(env or {})
    return subprocess.run([PAA, "diff", *args], capture_output=True, text=True, env=e)


def out(name):
    return os.path.join(TMP, name)


# ---- PDF ---------------------------------------------------------------------
r = paa(ORIG, EDIT, "--corte", "jun", "--format", "pdf", "-o", out("anexo.pdf"))
check(r.returncode == 0, f"pdf: salida {r.returncode}: {r.stderr}")
r = paa(ORIG, EDIT, "--corte", "jun", "--format", "pdf", "-o", out("anexo2.pdf"), "--exit-code")
check(r.returncode == 1, f"pdf con --exit-code y diferencias: salida {r.returncode}")
check(open(out("anexo.pdf"), "rb").read() == open(out("anexo2.pdf"), "rb").read(),
      "pdf: dos corridas dan bytes distintos")
info = subprocess.run(["pdfinfo", out("anexo.pdf")], capture_output=True, text=True).stdout
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
check(2 <= pages <= 5, f"pdf: {pages} páginas")
check("Anexo. Adecuaciones al Programa Anual de Actividades 2024" in info, "pdf: título del documento")
check("CreationDate:    Tue Mar 19 00:00:00 2024" in info, f"pdf: fecha del programa nuevo: {info}")
pdf = subprocess.run(["pdftotext", "-layout", out("anexo.pdf"), "-"],
                     capture_output=True, text=True).stdout
flat = re.sub(r"\s+", " ", subprocess.run(["pdftotext", out("anexo.pdf"), "-"],
                                          capture_output=True, text=True).stdout)
for want in ["Versión anterior: paa2024.xml, aprobada el 19 de marzo de 2024",
             "Versión nueva: editado.xml", "Meses cerrados: enero a junio",
             "9 cambios: 1 actividad agregada",
             "Cambios por subprograma", "Subprograma 01. Coordinación",
             "movida a 0102", "Proyecto renombrado",
             "Actividad agregada", "Revisión del programa", "Hallazgos nuevos con la adecuación"]:
    check(want in flat, f"pdf: falta «{want}»")


def layout_line(*cells):
    """A line of the -layout text holding the cells in order."""
    pat = r"\s.*?".join(re.escape(c) for c in cells)
    return any(re.search(pat, line) for line in pdf.split("\n"))


check(layout_line("Actividades", "318", "319"), "pdf: totales 318 → 319")
check(layout_line("Proyectos", "86", "86"), "pdf: proyectos 86 → 86")
check(layout_line("010301", "Cantidad anual", "243", "246"), "pdf: 010301 anual 243 → 246")
check(layout_line("010301", "Febrero", "17", "20", "mes ya cerrado"), "pdf: febrero 17 → 20, mes cerrado")
check(layout_line("Enero", "31", "29", "mes ya cerrado"), "pdf: 010302 enero 31 → 29")
check(layout_line("Julio", "3", "0"), "pdf: 010202 julio 3 → 0")
check(layout_line("Agosto", "3", "6"), "pdf: 010202 agosto 3 → 6")
check("el trimestre suma lo mismo" in flat, "pdf: trimestre sin cambio de suma")
check(layout_line("010103 » 010204"), "pdf: clave renumerada")
check(MOTIVO in flat, "pdf: el motivo")
check(NOMBRE_0105 in flat, "pdf: el nombre nuevo del proyecto 0105")
check("Página 1 de" in flat, "pdf: pie con páginas")

# ---- workbook against the JSON format ------------------------------------------
r = paa(ORIG, EDIT, "--corte", "jun", "--format", "xlsx", "-o", out("anexo.xlsx"))
check(r.returncode == 0, f"xlsx: salida {r.returncode}: {r.stderr}")
paa(ORIG, EDIT, "--corte", "jun", "--format", "xlsx", "-o", out("anexo2.xlsx"))
check(open(out("anexo.xlsx"), "rb").read() == open(out("anexo2.xlsx"), "rb").read(),
      "xlsx: dos corridas dan bytes distintos")
js = json.loads(paa(ORIG, EDIT, "--corte", "jun", "--format", "json").stdout)

wb = openpyxl.load_workbook(out("anexo.xlsx"))
check(wb.sheetnames == ["Resumen", "Adecuaciones"], f"xlsx: hojas {wb.sheetnames}")
ws = wb["Adecuaciones"]
check("TablaAdecuaciones" in ws.tables, "xlsx: tabla de Excel TablaAdecuaciones")
ref = ws.tables["TablaAdecuaciones"].ref
head = [c.value for c in ws[4]]
check(head == ["Subprograma", "Clave", "Actividad o proyecto", "Cambio", "Campo", "Antes",
               "Después", "Observación", "Motivo"], f"xlsx: encabezado {head}")
rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
check(ref == f"A4:I{4 + len(rows)}", f"xlsx: la tabla {ref} cubre {len(rows)} filas")
by = {}
for row in rows:
    by[(row[1], row[4])] = row
    if isinstance(row[5], (int, float)):
        cell = ws.cell(row=5 + rows.index(row), column=6)
        check(cell.number_format == "#,##0", f"xlsx: formato de número {cell.number_format}")


def clave(n):
    a, b = n["clave_anterior"], n["clave_nueva"]
    return f"{a} ⇒ {b}" if a and b and a != b else (b or a or None)


def nodes(n):
    yield n
    for h in n["hijos"]:
        yield from nodes(h)


compared = 0
for n in nodes(js["programa"]):
    collapsed = n["nivel"] == "actividad" and n["tipo"] in ("agregado", "eliminado")
    for c in n["campos"]:
        if collapsed and c["campo"] in ("mes", "descripcion"):
            continue
        row = by.get((clave(n), c["etiqueta"]))
        if not check(row is not None, f"xlsx: falta la fila {clave(n)} / {c['etiqueta']}"):
            continue
        got = [None if v == "—" and w is None else v for v, w in ((row[5], c["anterior"]), (row[6], c["nuevo"]))]
        check(got == [c["anterior"], c["nuevo"]], f"xlsx: {clave(n)} {c['etiqueta']}: {got} ≠ JSON "
              f"{[c['anterior'], c['nuevo']]}")
        compared += 1
    for t in n["trimestres"] or []:
        label = next((k for k in by if k[0] == clave(n) and k[1].startswith(f"Trimestre {t['trimestre']} ")), None)
        if check(label is not None, f"xlsx: falta el trimestre {t['trimestre']} de {clave(n)}"):
            check(by[label][5:7] == [t["anterior"], t["nuevo"]], f"xlsx: trimestre {by[label]}")
            compared += 1
check(compared >= 15, f"xlsx: solo {compared} valores comparados con el JSON")
check(by[("010301", "Febrero")][7] == "mes ya cerrado", "xlsx: observación del mes cerrado")
check(by[("010301", "Febrero")][8] == MOTIVO, "xlsx: el motivo en cada fila de su actividad")
mensual = by[("010104", "Programación mensual")]
check(mensual[5] == "—" and mensual[6].startswith("ene 0 · feb 0"), f"xlsx: meses de la nueva {mensual}")
check(ws.print_title_rows == "$4:$4", f"xlsx: filas repetidas {ws.print_title_rows}")
check(ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None),
      "xlsx: ajustar a una página de ancho")
check("&P" in (ws.oddFooter.right.text or ""), "xlsx: pie con número de página")
check(wb.properties.title == "Anexo. Adecuaciones al Programa Anual de Actividades 2024",
      f"xlsx: título {wb.properties.title}")
res = [[c.value for c in row] for row in wb["Resumen"].iter_rows()]
check(["Actividades", 318, 319, None] in res, "xlsx: Resumen con los totales 318 → 319")
check(any(r[0] == "Agregados" and r[1] == 1 for r in res), "xlsx: Resumen con las agregadas")
check(any(r[0] == "Actividades que cambian meses ya cerrados" and r[1] == 2 for r in res),
      "xlsx: Resumen con los meses cerrados")

# ---- --baseline: the stale entries are counted ---------------------------------------
r = paa(ORIG, EDIT, "--baseline", BASELINE, "--format", "xlsx", "-o", out("base.xlsx"))
check(r.returncode == 0, f"xlsx --baseline: salida {r.returncode}: {r.stderr}")
res = [[c.value for c in row] for row in openpyxl.load_workbook(out("base.xlsx"))["Resumen"].iter_rows()]
check(any(r[0] == "Entradas de la línea base que quedan obsoletas" for r in res),
      "xlsx --baseline: entradas obsoletas")

# ---- no changes: the one-page annex that says so -------------------------------------
r = paa(ORIG, ORIG, "--format", "pdf", "-o", out("igual.pdf"), "--exit-code")
check(r.returncode == 0, f"sin cambios: salida {r.returncode}")
info = subprocess.run(["pdfinfo", out("igual.pdf")], capture_output=True, text=True).stdout
check("Pages:           1" in info, "sin cambios: una página")
flat = re.sub(r"\s+", " ", subprocess.run(["pdftotext", out("igual.pdf"), "-"],
                                          capture_output=True, text=True).stdout)
check("Sin cambios." in flat and "Las dos versiones no difieren" in flat, "sin cambios: lo dice")
check("Cambios por subprograma" not in flat, "sin cambios: sin tabla de cambios")
r = paa(ORIG, ORIG, "--format", "xlsx", "-o", out("igual.xlsx"))
wb = openpyxl.load_workbook(out("igual.xlsx"))
check(all(v is None for row in wb["Adecuaciones"].iter_rows(min_row=5, values_only=True) for v in row),
      "sin cambios: tabla vacía")
check(any(r[0] == "Sin cambios." for r in wb["Resumen"].iter_rows(values_only=True)),
      "sin cambios: el Resumen lo dice")

# ---- --layout: appearance as data, its errors at their line ----------------------------
LAYOUT = open(os.path.join(SRC, "layouts", "adecuaciones.xml"), encoding="utf-8").read()
LAYOUT = LAYOUT.replace('archivo="../fonts/', f'archivo="{SRC}/fonts/').replace(
    '="../fonts/', f'="{SRC}/fonts/')


def own_layout(name, old, new):
    path = out(name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(once(LAYOUT, old, new))
    return path


lay = own_layout("propio.xml", '<texto id="titulo">Anexo.', '<texto id="titulo">Anexo 3.')
r = paa(ORIG, EDIT, "--format", "pdf", "-o", out("propio.pdf"), "--layout", lay)
check(r.returncode == 0, f"--layout: salida {r.returncode}: {r.stderr}")
check("Anexo 3. Adecuaciones" in subprocess.run(["pdftotext", out("propio.pdf"), "-"],
                                               capture_output=True, text=True).stdout,
      "--layout: el título del diseño")
lay = own_layout("malo.xml", "Versión nueva: {nuevo}", "Versión nueva: {nuevoo}")
bad_line = 1 + once(LAYOUT, "Versión nueva: {nuevo}", "Versión nueva: {nuevoo}")[
    :LAYOUT.index("Versión nueva: {nuevo}")].count("\n")
r = paa(ORIG, EDIT, "--format", "pdf", "-o", out("malo.pdf"), "--layout", lay)
check(r.returncode == 2 and f"malo.xml:{bad_line}" in r.stderr and "{nuevoo}" in r.stderr,
      f"diseño con marcador desconocido: {r.returncode} {r.stderr}")
check(not os.path.exists(out("malo.pdf")), "diseño con error: se escribió el PDF")

# ---- errors: exit 2, nothing written ---------------------------------------------------
for args, what in [(["--format", "pdf"], "sin -o"),
                   (["--format", "xlsx", "-o", "-"], "-o -"),
                   (["--format", "pdf", "-o", out("no/existe.pdf")], "directorio inexistente"),
                   (["--format", "xlsx", "-o", TMP], "-o es un directorio")]:
    r = paa(ORIG, EDIT, *args)
    check(r.returncode == 2, f"{what}: salida {r.returncode}")
    check(r.stderr.startswith("paa: ") or "error" in r.stderr, f"{what}: mensaje {r.stderr}")
check(not os.path.exists(out("no")), "directorio inexistente: no se crea")
bad = out("roto.xml")
with open(bad, "w", encoding="utf-8") as f:
    f.write(text.replace("</proyecto>", "</proyectoo>", 1))
for fmt in ("pdf", "xlsx"):
    target = out(f"roto.{fmt}")
    r = paa(ORIG, bad, "--format", fmt, "-o", target)
    check(r.returncode == 2, f"entrada rota ({fmt}): salida {r.returncode}")
    check(re.search(r"roto\.xml:\d+:", r.stderr) is not None, f"entrada rota ({fmt}): sin archivo:línea: {r.stderr}")
    check(not os.path.exists(target), f"entrada rota ({fmt}): se escribió {target}")
check(not [n for n in os.listdir(TMP) if n.startswith(".")], f"quedan temporales: {os.listdir(TMP)}")

sys.exit(1 if failures else 0)
