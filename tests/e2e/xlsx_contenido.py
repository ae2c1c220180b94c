"""paa xlsx: the workbook holds the model, promised formulas and print setup.

Renders tests/fixtures/minimo.xml and, when present, input/paa2024.xml, then
opens each workbook with openpyxl and compares it with
`paa export --format csv` of the same input: sheet names, one Actividades
row per activity with claves as text and quantities equal to the model's
(blank where unknown), number formats by decimals as libro.xml says,
formulas (and their cached values) where promised, frozen header,
autofilter, conditional formats, print setup, properties, defined names.
"""
import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_contenido")
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FALLO:", msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def run(*args):
    return subprocess.run([PAA, *args], capture_output=True, text=True)


def export_rows(src):
    r = run("export", src, "--format", "csv")
    if r.returncode != 0:
        sys.exit("paa export falló: " + r.stderr)
    return list(csv.DictReader(io.StringIO(r.stdout)))


def layout_formats():
    root = ET.parse(os.path.join(SRC, "layouts", "libro.xml")).getroot()
    return {int(n.get("decimales")): n.get("formato") for n in root.iter("numero")}


def decimals(text):
    return max(0, -Decimal(text).normalize().as_tuple().exponent)


def same_number(cell, text):
    """cell (float from the workbook) equals the decimal text exactly."""
    return cell is not None and Decimal(repr(cell)) == Decimal(text)


def check_actividades(ws, cached, rows, fmts, name):
    n = len(rows)
    check(ws.max_row == n + 1, f"{name}: Actividades tiene {ws.max_row - 1} filas, se esperaban {n}")
    check(ws.freeze_panes == "D2", f"{name}: encabezado sin inmovilizar ({ws.freeze_panes})")
    check(ws.auto_filter.ref == f"A1:W{n + 1}", f"{name}: autofiltro {ws.auto_filter.ref}")
    header = [c.value for c in ws[1]]
    check(header[6:18] == [m.capitalize() for m in MONTHS], f"{name}: meses del encabezado {header[6:18]}")
    for i, row in enumerate(rows, start=2):
        cells = ws[i]
        clave = row["clave"]
        for col, key in ((0, "subprograma"), (1, "proyecto"), (2, "clave")):
            c = cells[col]
            check(c.data_type == "s" and c.value == row[key],
                  f"{name}: {clave} {key} = {c.value!r} ({c.data_type}), se esperaba texto {row[key]!r}")
        check(cells[3].value == (row["actividad"] or None), f"{name}: {clave} actividad distinta")
        for col, key in [(5, "anual")] + [(6 + m, MONTHS[m]) for m in range(12)]:
            c, text = cells[col], row[key]
            if text == "":
                check(c.value is None, f"{name}: {clave} {key} desconocida debe quedar en blanco, es {c.value!r}")
                continue
            check(same_number(c.value, text), f"{name}: {clave} {key} = {c.value!r}, el modelo dice {text}")
            want = fmts[decimals(text)]
            check(c.number_format == want, f"{name}: {clave} {key} formato {c.number_format!r}, se esperaba {want!r}")
        suma = cells[18].value
        check(suma == f"=SUM(G{i}:R{i})", f"{name}: {clave} Suma meses = {suma!r}")
        months = [Decimal(row[m]) for m in MONTHS if row[m] != ""]
        total = sum(months, Decimal(0))
        check(same_number(cached[i][18].value, str(total)),
              f"{name}: {clave} valor guardado de Suma meses {cached[i][18].value!r} ≠ {total}")
        rev = cells[21].value
        check(isinstance(rev, str) and rev.startswith("=IF(COUNTBLANK("), f"{name}: {clave} sin fórmula de revisión")
        missing = row["anual"] == "" or len(months) < 12
        want = ("faltan cantidades" if missing else
                "anual distinta de la suma" if Decimal(row["anual"]) != total else "correcta")
        check(cached[i][21].value == want,
              f"{name}: {clave} revisión guardada {cached[i][21].value!r}, se esperaba {want!r}")
        check(cells[19].value == (row["beneficiarios"] or None), f"{name}: {clave} beneficiarios")
        check(cells[20].value == (row["cantidad_beneficiarios"] or None), f"{name}: {clave} cantidad de beneficiarios")
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    check(any("COUNTBLANK($F2:$R2)>0" in f for f in rules), f"{name}: falta el formato condicional de cantidades faltantes {rules}")
    check(any("ROUND($F2-$S2,4)<>0" in f for f in rules), f"{name}: falta el formato condicional anual ≠ suma {rules}")


def check_estructura(ws, cached, rows, subs, name):
    head = [c.value for c in ws[5]]
    check(head[:5] == ["No.", "Área responsable", "Descripción del subprograma", "Proyectos", "Actividades"],
          f"{name}: encabezado de Estructura {head}")
    for k, sub in enumerate(subs):
        r = 6 + k
        check(ws.cell(r, 1).value == sub, f"{name}: Estructura fila {r} = {ws.cell(r, 1).value!r}, se esperaba {sub}")
        proy = ws.cell(r, 4).value
        act = ws.cell(r, 5).value
        check(isinstance(proy, str) and proy.startswith("=SUMPRODUCT(") and "COUNTIFS(" in proy,
              f"{name}: {sub} proyectos no es fórmula: {proy!r}")
        check(isinstance(act, str) and act.startswith("=SUMPRODUCT("), f"{name}: {sub} actividades no es fórmula: {act!r}")
        want_act = sum(1 for x in rows if x["subprograma"] == sub)
        want_proy = len({x["proyecto"] for x in rows if x["subprograma"] == sub})
        check(cached.cell(r, 4).value == want_proy, f"{name}: {sub} proyectos guardados {cached.cell(r, 4).value} ≠ {want_proy}")
        check(cached.cell(r, 5).value == want_act, f"{name}: {sub} actividades guardadas {cached.cell(r, 5).value} ≠ {want_act}")
        check(isinstance(cached.cell(r, 6).value, (int, float)), f"{name}: {sub} sin proyectos declarados")
    total = 6 + len(subs)
    check(ws.cell(total, 1).value == "Total", f"{name}: falta la fila Total")
    check(ws.cell(total, 5).value == f"=SUM(E6:E{total - 1})", f"{name}: total de actividades {ws.cell(total, 5).value!r}")
    check(cached.cell(total, 5).value == len(rows), f"{name}: total guardado {cached.cell(total, 5).value} ≠ {len(rows)}")
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    check("D6<>F6" in rules, f"{name}: falta el formato condicional contados ≠ declarados {rules}")


def check_print(ws, repeat, ncols, name):
    label = f"{name}: hoja {ws.title}"
    check(ws.page_setup.orientation == "landscape", f"{label} no es horizontal")
    check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
          f"{label} sin ajuste a página")
    check(ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0,
          f"{label} no se ajusta a una página de ancho ({ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight})")
    check(ws.print_title_rows == f"${repeat}:${repeat}", f"{label} filas repetidas {ws.print_title_rows}")
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    last = openpyxl.utils.get_column_letter(ncols)
    check(area is not None and re.fullmatch(rf"'?[^!]*'?!?\$A\$1:\${last}\$\d+", area) is not None,
          f"{label} área de impresión {area}")
    check("Programa Anual de Actividades" in (ws.oddHeader.left.text or ""), f"{label} encabezado {ws.oddHeader.left.text!r}")
    check("&P" in (ws.oddFooter.right.text or "") and "&N" in ws.oddFooter.right.text,
          f"{label} pie sin número de página {ws.oddFooter.right.text!r}")


def check_calendar(ws, rows, sub, name):
    check(ws.cell(1, 1).value.startswith(sub), f"{name}: título de la hoja {sub}: {ws.cell(1, 1).value!r}")
    head = [c.value for c in ws[4]]
    check(head[:4] == ["Clave", "Actividad", "Unidad de medida", "Cantidad anual"] and head[4] == "Ene",
          f"{name}: encabezado del calendario {sub}: {head}")
    want = [x for x in rows if x["subprograma"] == sub]
    got = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    acts = [g for g in got if g and len(g) == 6]
    check(acts == [x["clave"] for x in want], f"{name}: actividades de la hoja {sub} no coinciden")
    groups = [g for g in got if g and len(g) == 4]
    check(groups == sorted({x["proyecto"] for x in want}), f"{name}: proyectos de la hoja {sub}: {groups}")
    by_clave = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    for x in want:
        r = by_clave[x["clave"]]
        for col, key in [(4, "anual")] + [(5 + m, MONTHS[m]) for m in range(12)]:
            v = ws.cell(r, col).value
            ok = v is None if x[key] == "" else same_number(v, x[key])
            check(ok, f"{name}: hoja {sub} {x['clave']} {key} = {v!r}, el modelo dice {x[key]!r}")


def check_workbook(src, name):
    os.makedirs(TMP, exist_ok=True)
    out = os.path.join(TMP, name + ".xlsx")
    r = run("xlsx", src, "-o", out)
    if not check(r.returncode == 0, f"{name}: paa xlsx terminó con {r.returncode}: {r.stderr}"):
        return
    rows = export_rows(src)
    subs = sorted({x["subprograma"] for x in rows})
    wb = openpyxl.load_workbook(out)
    cached = openpyxl.load_workbook(out, data_only=True)
    check(wb.sheetnames == ["Estructura", "Actividades"] + subs, f"{name}: hojas {wb.sheetnames}")
    check_actividades(wb["Actividades"], cached["Actividades"], rows, layout_formats(), name)
    check_estructura(wb["Estructura"], cached["Estructura"], rows, subs, name)
    check_print(wb["Actividades"], 1, 23, name)
    check_print(wb["Estructura"], 5, 7, name)
    for sub in subs:
        check_calendar(wb[sub], rows, sub, name)
        check_print(wb[sub], 4, 18, name)
    props = wb.properties
    check(props.title and props.title.startswith("Programa Anual de Actividades"), f"{name}: título {props.title!r}")
    check(props.creator == "INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO", f"{name}: autor {props.creator!r}")
    check(bool(props.keywords) and bool(props.subject), f"{name}: faltan asunto o palabras clave")
    names = set(wb.defined_names.keys()) if hasattr(wb.defined_names, "keys") else {d.name for d in wb.defined_names.definedName}
    for want in ["TablaActividades", "TablaEstructura"] + ["Calendario_" + s for s in subs]:
        check(want in names, f"{name}: falta el nombre definido {want} ({sorted(names)})")
    print(f"{name}: {len(rows)} actividades, {len(subs)} subprogramas, {os.path.getsize(out)} bytes")
    return len(rows), subs


def check_quoted_sheet_name():
    """A sheet name with an apostrophe and a space is quoted in formulas."""
    os.makedirs(TMP, exist_ok=True)
    lay = os.path.join(TMP, "libro-comilla.xml")
    with open(os.path.join(SRC, "layouts", "libro.xml"), encoding="utf-8") as f:
        text = f.read()
    with open(lay, "w", encoding="utf-8") as f:
        f.write(text.replace('<actividades nombre="Actividades">', '<actividades nombre="Act. d\'Año">', 1))
    out = os.path.join(TMP, "comilla.xlsx")
    r = run("xlsx", os.path.join(SRC, "tests", "fixtures", "minimo.xml"), "-o", out, "--layout", lay)
    if not check(r.returncode == 0, f"hoja con apóstrofo: {r.returncode} {r.stderr}"):
        return
    wb = openpyxl.load_workbook(out)
    check(wb.sheetnames[1] == "Act. d'Año", f"hoja con apóstrofo: {wb.sheetnames}")
    formula = wb["Estructura"].cell(6, 5).value
    check("'Act. d''Año'!$A$2:$A$2" in formula, f"referencia mal citada: {formula}")


def main():
    check_quoted_sheet_name()
    check_workbook(os.path.join(SRC, "tests", "fixtures", "minimo.xml"), "minimo")
    full = os.path.join(SRC, "input", "paa2024.xml")
    if os.path.exists(full):
        res = check_workbook(full, "paa2024")
        if res is not None:
            n, subs = res
            check(n == 318, f"paa2024: {n} actividades, se esperaban 318")
            check(subs == [f"{i:02d}" for i in range(1, 14)], f"paa2024: subprogramas {subs}")
    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print("xlsx_contenido: correcto")


main()
