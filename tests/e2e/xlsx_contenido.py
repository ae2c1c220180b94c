"""paa xlsx: the workbook holds the model, promised formulas and print setup.

Renders tests/fixtures/minimo.xml and, when present, input/paa2024.xml, then
opens each workbook with openpyxl and compares it with
`paa export --format csv` of the same input (and, for what the export does
not carry, the source XML's `reconstruidos`): sheet names, one Actividades
row per activity with claves as text and quantities equal to the model's
("—" where unknown, as on the calendar sheets), number formats by decimals as libro.xml says,
formulas (and their cached values) where promised, "Suma meses" empty for
an activity without months, frozen header, autofilter, conditional
formats; as in the PDF, rebuilt quantities in italics followed by the
layout's mark (in the number format: they stay numbers) and, on the
calendar sheets, the "sin dato" text where the source lost a value and a
legend for the marks the sheet shows; Excel's "number stored as text" mark turned off over the text
claves; print setup as libro.xml asks (paper, scaling, helper columns out
of the print area, repeated key column, text of at least 7 pt at the
resulting scale); properties and defined names. After the calendars, when
any value was rebuilt, the Reconstruidos sheet lists each one (clave,
activity, quantity, value) exactly as the source's `reconstruidos` name
them, and the legends and the Actividades footer cite that sheet. Sheet names that need
quoting in formulas (an apostrophe, 31 × "ñ") give valid references.
"""
import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import openpyxl

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_contenido")
LAYOUT = os.path.join(SRC, "layouts", "libro.xml")
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
# Column order of Actividades (fixed by the program; titles from the layout).
ACT_IDS = (["subprograma", "proyecto", "clave", "actividad", "unidad", "anual"] + MONTHS +
           ["beneficiarios", "cantidad-beneficiarios", "suma", "revision", "reconstruidas"])
CAL_IDS = ["clave", "actividad", "unidad", "anual"] + MONTHS + ["beneficiarios",
                                                              "cantidad-beneficiarios"]
MIN_PT = 7.0
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


def rebuilt_values(src):
    """[(clave, key, value text)] of every rebuilt quantity, in source order."""
    out = []
    for act in ET.parse(src).getroot().iter("actividad"):
        q = act.find("cantidades")
        for key in (q.get("reconstruidos") or "").split():
            out.append((act.get("clave"), key, q.get(key)))
    return out


def rebuilt(src):
    """clave -> set of quantity keys ("anual", "ene"…) the importer rebuilt."""
    out = {}
    for act in ET.parse(src).getroot().iter("actividad"):
        q = act.find("cantidades")
        out[act.get("clave")] = set((q.get("reconstruidos") or "").split())
    return out


LAY = ET.parse(LAYOUT).getroot()
MARK = LAY.find("reconstruido").get("marca")
MISSING = LAY.find("sin-dato").get("texto")
REC = LAY.find("reconstrucciones")
REC_SHEET = REC.get("nombre")
CALC_FILL = next(e.get("relleno") for e in LAY.iter("estilo") if e.get("id") == "formula").lstrip("#")


def legend(rebuilt_shown, lost_shown):
    """The calendar legend for the marks a sheet shows (None: no marks)."""
    parts = []
    if rebuilt_shown:
        text = LAY.find("reconstruido").get("leyenda").replace("{reconstrucciones}", REC_SHEET)
        check(REC_SHEET in text and ".md" not in text, f"la leyenda de {MARK} no cita la hoja {REC_SHEET}: {text!r}")
        parts.append(f'{MARK} {text}')
    if lost_shown:
        parts.append(f'{MISSING} {LAY.find("sin-dato").get("leyenda")}')
    return "   ".join(parts) or None


def layout_formats():
    return {int(n.get("decimales")): n.get("formato") for n in LAY.iter("numero")}


def sheet_spec(element):
    """(titles by column id, printed ids, scaling) of a sheet of libro.xml."""
    n = LAY.find(element)
    titles = {c.get("id"): c.get("titulo") for c in n.findall("columna")}
    printed = {c.get("id") for c in n.findall("columna") if c.get("imprimir") != "no"}
    if n.find("meses") is not None and n.find("meses").get("imprimir") != "no":
        printed |= set(MONTHS)
    imp = LAY.find("impresion")
    pages = n.get("paginas-ancho") or (None if n.get("escala") else imp.get("paginas-ancho"))
    scale = n.get("escala") or (None if n.get("paginas-ancho") else imp.get("escala"))
    return titles, printed, (int(pages) if pages else None, int(scale) if scale else None)


def decimals(text):
    return max(0, -Decimal(text).normalize().as_tuple().exponent)


def same_number(cell, text):
    """cell (float from the workbook) equals the decimal text exactly."""
    return isinstance(cell, (int, float)) and Decimal(repr(cell)) == Decimal(text)


def sheet_xml(path, index):
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index + 1}.xml").decode()


def check_text_marks(path, index, want_ranges, label):
    """Excel's 'number stored as text' mark is off over want_ranges."""
    xml = sheet_xml(path, index)
    m = re.search(r'<ignoredError sqref="([^"]*)" numberStoredAsText="1"/>', xml)
    check(m is not None and m.group(1) == want_ranges,
          f"{label}: ignoredErrors {m.group(1) if m else None!r}, se esperaba {want_ranges!r}")


def check_actividades(ws, cached, rows, fmts, name, rec):
    n = len(rows)
    col = {k: i for i, k in enumerate(ACT_IDS)}
    last = openpyxl.utils.get_column_letter(len(ACT_IDS))
    check(ws.max_row == n + 1, f"{name}: Actividades tiene {ws.max_row - 1} filas, se esperaban {n}")
    check(ws.freeze_panes == "D2", f"{name}: encabezado sin inmovilizar ({ws.freeze_panes})")
    table = ws.tables.get("TablaActividades")
    check(table is not None and table.ref == f"A1:{last}{n + 1}",
          f"{name}: la tabla TablaActividades no cubre A1:{last}{n + 1}")
    titles = sheet_spec("actividades")[0]
    header = [c.value for c in ws[1]]
    want = [titles.get(k, k.capitalize()) for k in ACT_IDS]
    check(header == want, f"{name}: encabezado de Actividades {header}")
    for i, row in enumerate(rows, start=2):
        cells = ws[i]
        clave = row["clave"]
        for key in ("subprograma", "proyecto", "clave"):
            c = cells[col[key]]
            check(c.data_type == "s" and c.value == row[key],
                  f"{name}: {clave} {key} = {c.value!r} ({c.data_type}), se esperaba texto {row[key]!r}")
        check(cells[col["actividad"]].value == (row["actividad"] or None), f"{name}: {clave} actividad distinta")
        for key in ["anual"] + MONTHS:
            c, text = cells[col[key]], row[key]
            if text == "":
                check(c.value == MISSING, f"{name}: {clave} {key} desconocida = {c.value!r}, se esperaba {MISSING!r}")
                continue
            check(same_number(c.value, text), f"{name}: {clave} {key} = {c.value!r}, el modelo dice {text}")
            want = fmts[decimals(text)] + (f'"{MARK}"' if key in rec[clave] else "")
            check(c.number_format == want, f"{name}: {clave} {key} formato {c.number_format!r}, se esperaba {want!r}")
            check(bool(c.font.i) == (key in rec[clave]),
                  f"{name}: {clave} {key}: cursiva {c.font.i}, reconstruida {key in rec[clave]}")
        suma = cells[col["suma"]].value
        months_ref = "TablaActividades[[#This Row],[Ene]:[Dic]]"
        check(suma == f'=IF(COUNT({months_ref})=0,"",SUM({months_ref}))', f"{name}: {clave} Suma meses = {suma!r}")
        months = [Decimal(row[m]) for m in MONTHS if row[m] != ""]
        total = sum(months, Decimal(0))
        got = cached[i][col["suma"]].value
        # 090501 has no month: its sum is empty, not 0.
        check(got in ("", None) if not months else same_number(got, str(total)),
              f"{name}: {clave} valor guardado de Suma meses {got!r} ≠ {total if months else 'vacío'}")
        rev = cells[col["revision"]].value
        # COUNT, not COUNTBLANK: a lost quantity is the text "—", not a blank.
        check(isinstance(rev, str) and rev.startswith("=IF(COUNT(TablaActividades[[#This Row],[Cantidad anual]:[Dic]])<13,"),
              f"{name}: {clave} sin fórmula de revisión: {rev!r}")
        missing = row["anual"] == "" or len(months) < 12
        want = ("faltan cantidades y los meses ya superan la anual"
                if missing and row["anual"] != "" and total > Decimal(row["anual"]) else
                "faltan cantidades" if missing else
                "anual distinta de la suma" if Decimal(row["anual"]) != total else "correcta")
        check(cached[i][col["revision"]].value == want,
              f"{name}: {clave} revisión guardada {cached[i][col['revision']].value!r}, se esperaba {want!r}")
        check(cells[col["unidad"]].value == (row["unidad"] or MISSING), f"{name}: {clave} unidad")
        check(cells[col["beneficiarios"]].value == (row["beneficiarios"] or MISSING), f"{name}: {clave} beneficiarios")
        check(cells[col["cantidad-beneficiarios"]].value == (row["cantidad_beneficiarios"] or MISSING),
              f"{name}: {clave} cantidad de beneficiarios")
        want_rec = ", ".join(k for k in ["anual"] + MONTHS if k in rec[clave])
        check((cells[col["reconstruidas"]].value or "") == want_rec,
              f"{name}: {clave} reconstruidas {cells[col['reconstruidas']].value!r}, se esperaba {want_rec!r}")
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    rev_col = openpyxl.utils.get_column_letter(col["revision"] + 1)
    check(any(f'${rev_col}2="faltan cantidades"' == f for f in rules),
          f"{name}: falta el formato condicional de cantidades faltantes {rules}")
    ranges = [str(cf.sqref) for cf in ws.conditional_formatting]
    check(all(r.endswith("1048576") for r in ranges), f"{name}: el formato condicional no cubre filas nuevas: {ranges}")
    check(not any("COUNTBLANK" in f for f in rules), f"{name}: COUNTBLANK no ve «{MISSING}» como faltante {rules}")
    # The helper columns do not print: each page's footer explains the marks.
    foot = ws.oddFooter.center.text or ""
    check(MISSING in foot and MARK in foot, f"{name}: el pie de Actividades no explica «{MISSING}» ni «{MARK}»: {foot!r}")
    check(f"hoja {REC_SHEET}" in foot, f"{name}: el pie de Actividades no cita la hoja {REC_SHEET}: {foot!r}")
    check(any(f'${rev_col}2="anual distinta de la suma"' in f for f in rules),
          f"{name}: falta el formato condicional anual ≠ suma {rules}")


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
        # Calculated counts: a light fill, never italics (which mark rebuilt values).
        for c in (ws.cell(r, 4), ws.cell(r, 5)):
            fill = (c.fill.fgColor.rgb or "") if c.fill is not None and c.fill.fill_type else ""
            check(not c.font.i and fill.endswith(CALC_FILL),
                  f"{name}: Estructura {c.coordinate}: cursiva {c.font.i}, relleno {fill!r} (se esperaba {CALC_FILL})")
    total = 6 + len(subs)
    check(ws.cell(total, 1).value == "Total", f"{name}: falta la fila Total")
    check(ws.cell(total, 5).value == f"=SUM(E6:E{total - 1})", f"{name}: total de actividades {ws.cell(total, 5).value!r}")
    check(cached.cell(total, 5).value == len(rows), f"{name}: total guardado {cached.cell(total, 5).value} ≠ {len(rows)}")
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    check("D6<>F6" in rules, f"{name}: falta el formato condicional contados ≠ declarados {rules}")


# Printable width of letter landscape, in points, minus the layout margins.
def printable_pt(ws):
    paper = {1: (8.5, 11), 5: (8.5, 14), 3: (11, 17), 9: (8.27, 11.69), 8: (11.69, 16.54)}
    w, h = paper[int(ws.page_setup.paperSize or 1)]
    width = h if ws.page_setup.orientation == "landscape" else w
    return (width - ws.page_margins.left - ws.page_margins.right) * 72


def col_pt(ws, letter):
    """Excel's width of a column in points (7-pixel digits, 96 dpi)."""
    return round(ws.column_dimensions[letter].width * 7) * 0.75


def check_print(ws, element, repeat, ids, body_cell, name):
    """Print setup of a sheet against libro.xml, and the size its body text
    prints at: the scale Excel needs to fit the printed columns (with the
    repeated key column on each page) into the pages wide the layout asks."""
    label = f"{name}: hoja {ws.title}"
    titles, printed, (pages, scale) = sheet_spec(element)
    check(ws.page_setup.orientation == "landscape", f"{label} no es horizontal")
    check(ws.page_setup.paperSize in (None, 1, "1"), f"{label} papel {ws.page_setup.paperSize}")
    fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    if pages:
        check(fit and (ws.page_setup.fitToWidth or 1) == pages and ws.page_setup.fitToHeight == 0,
              f"{label} no se ajusta a {pages} página(s) de ancho ({ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight})")
    else:
        check(not fit and ws.page_setup.scale == scale, f"{label} escala {ws.page_setup.scale}, se esperaba {scale}")
    check(ws.print_title_rows == f"${repeat}:${repeat}", f"{label} filas repetidas {ws.print_title_rows}")
    cols = [i for i, k in enumerate(ids) if k in printed]
    first = openpyxl.utils.get_column_letter(cols[0] + 1)
    last = openpyxl.utils.get_column_letter(cols[-1] + 1)
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    check(area is not None and re.fullmatch(rf"'?[^!]*'?!?\${first}\$1:\${last}\$\d+", area) is not None,
          f"{label} área de impresión {area}, se esperaban las columnas {first}:{last}")
    spans = scale or (pages or 1) > 1
    key = openpyxl.utils.get_column_letter(ids.index("clave") + 1) if "clave" in ids else "A"
    want_cols = f"${key}:${key}" if spans else None
    check(ws.print_title_cols == want_cols, f"{label} columnas repetidas {ws.print_title_cols}, se esperaba {want_cols}")
    check("Programa Anual de Actividades" in (ws.oddHeader.left.text or ""), f"{label} encabezado {ws.oddHeader.left.text!r}")
    check("&P" in (ws.oddFooter.right.text or "") and "&N" in ws.oddFooter.right.text,
          f"{label} pie sin número de página {ws.oddFooter.right.text!r}")
    content = sum(col_pt(ws, openpyxl.utils.get_column_letter(c + 1)) for c in cols)
    key_pt = col_pt(ws, key) if spans else 0
    fit_scale = min(1.0, (pages or 1) * printable_pt(ws) / (content + ((pages or 1) - 1) * key_pt))
    eff = body_cell.font.sz * (scale / 100 if scale else fit_scale)
    check(eff >= MIN_PT, f"{label}: la letra se imprime a {eff:.1f} pt (escala {fit_scale:.0%}), menos de {MIN_PT} pt")
    return eff


def check_calendar(ws, cws, rows, sub, name, rec, fmts):
    """ws: the calendar's formulas; cws: their cached values."""
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
    rebuilt_shown = lost_shown = False
    for x in want:
        r = by_clave[x["clave"]]
        for col, key in [(4, "anual")] + [(5 + m, MONTHS[m]) for m in range(12)]:
            c = cws.cell(r, col)
            f = ws.cell(r, col).value
            check(isinstance(f, str) and f.startswith("=IFERROR(") and f"MATCH($A{r},TablaActividades[Clave],0)" in f,
                  f"{name}: hoja {sub} {x['clave']} {key} no es una fórmula sobre Actividades: {f!r}")
            if x[key] == "":
                lost_shown = True
                check(c.value == MISSING, f"{name}: hoja {sub} {x['clave']} {key} perdida = {c.value!r}, se esperaba {MISSING!r}")
                continue
            check(same_number(c.value, x[key]), f"{name}: hoja {sub} {x['clave']} {key} = {c.value!r}, el modelo dice {x[key]!r}")
            is_rec = key in rec[x["clave"]]
            rebuilt_shown |= is_rec
            code = fmts[decimals(x[key])] + (f'"{MARK}"' if is_rec else "")
            check(bool(c.font.i) == is_rec and c.number_format == code,
                  f"{name}: hoja {sub} {x['clave']} {key}: cursiva {c.font.i}, formato {c.number_format!r}; "
                  f"reconstruida {is_rec}")
        for col, key in ((3, "unidad"), (17, "beneficiarios"), (18, "cantidad_beneficiarios")):
            v = cws.cell(r, col).value
            lost_shown |= x[key] == ""
            check(v == (x[key] or MISSING), f"{name}: hoja {sub} {x['clave']} {key} = {v!r}")
    want_legend = legend(rebuilt_shown, lost_shown)
    check(ws.cell(3, 1).value == want_legend,
          f"{name}: hoja {sub}: leyenda {ws.cell(3, 1).value!r}, se esperaba {want_legend!r}")
    return rebuilt_shown, lost_shown


def check_reconstruidos(ws, cached, src, descr, fmts, name):
    """One row per rebuilt value, as the source's `reconstruidos` name them."""
    want = rebuilt_values(src)
    head_row = 3
    titles = {c.get("id"): c.get("titulo") for c in REC.findall("columna")}
    head = [c.value for c in ws[head_row]]
    check(head == [titles[k] for k in ("clave", "actividad", "mes", "valor")],
          f"{name}: encabezado de {REC_SHEET}: {head}")
    check(ws.cell(1, 1).value == REC.get("titulo") and ws.cell(2, 1).value == REC.get("nota"),
          f"{name}: título o nota de {REC_SHEET}: {ws.cell(1, 1).value!r} {ws.cell(2, 1).value!r}")
    got = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=head_row + 1)]
    check(len(got) == len(want), f"{name}: {REC_SHEET} lista {len(got)} valores, la fuente nombra {len(want)}")
    label = {"anual": REC.get("anual"), **{m: m.capitalize() for m in MONTHS}}
    for (clave, key, text), row, cell in zip(want, got, ws.iter_rows(min_row=head_row + 1)):
        check(row[0] == clave and cell[0].data_type == "s" and row[1] == descr[clave] and row[2] == label[key],
              f"{name}: {REC_SHEET}: fila {row[:3]}, se esperaba {(clave, descr[clave][:20], label[key])}")
        check(text is not None and same_number(row[3], text),
              f"{name}: {REC_SHEET}: {clave} {key} = {row[3]!r}, la fuente dice {text!r}")
        check(cell[3].number_format == fmts[decimals(text)] if text else False,
              f"{name}: {REC_SHEET}: {clave} {key} formato {cell[3].number_format!r}")
    last = head_row + len(want)
    check(ws.freeze_panes == f"A{head_row + 1}", f"{name}: {REC_SHEET}: encabezado sin inmovilizar ({ws.freeze_panes})")
    table = ws.tables.get("TablaReconstruidos")
    check(table is not None and table.ref == f"A{head_row}:D{last}",
          f"{name}: {REC_SHEET}: la tabla TablaReconstruidos no cubre A{head_row}:D{last}")
    body = ws.cell(head_row + 1, 2)
    return check_print(ws, "reconstrucciones", head_row, ["clave", "actividad", "mes", "valor"], body, name)


def check_workbook(src, name):
    os.makedirs(TMP, exist_ok=True)
    out = os.path.join(TMP, name + ".xlsx")
    # A programme's accepted findings (its baseline, if any) do not warn.
    baseline = os.path.splitext(src)[0] + ".baseline"
    extra = ["--baseline", baseline] if os.path.exists(baseline) else []
    r = run("xlsx", src, "-o", out, *extra)
    if not check(r.returncode == 0, f"{name}: paa xlsx terminó con {r.returncode}: {r.stderr}"):
        return
    check(r.stderr == "", f"{name}: paa xlsx escribió en stderr: {r.stderr!r}")
    rows = export_rows(src)
    rec = rebuilt(src)
    subs = sorted({x["subprograma"] for x in rows})
    wb = openpyxl.load_workbook(out)
    cached = openpyxl.load_workbook(out, data_only=True)
    has_rec = any(rec.values())
    check(wb.sheetnames == ["Estructura", "Actividades"] + subs + ([REC_SHEET] if has_rec else []),
          f"{name}: hojas {wb.sheetnames}")
    check_actividades(wb["Actividades"], cached["Actividades"], rows, layout_formats(), name, rec)
    check_estructura(wb["Estructura"], cached["Estructura"], rows, subs, name)
    est_ids = [c.get("id") for c in LAY.find("estructura").findall("columna")]
    sizes = [check_print(wb["Actividades"], "actividades", 1, ACT_IDS, wb["Actividades"]["D2"], name),
             check_print(wb["Estructura"], "estructura", 5, est_ids, wb["Estructura"]["C6"], name)]
    n = len(rows)
    check_text_marks(out, 0, f"A6:A{5 + len(subs)}", f"{name}: Estructura")
    tcol = openpyxl.utils.get_column_letter(ACT_IDS.index("cantidad-beneficiarios") + 1)
    check_text_marks(out, 1, f"A2:A{n + 1} B2:B{n + 1} C2:C{n + 1} {tcol}2:{tcol}{n + 1}", f"{name}: Actividades")
    shown = set()
    for k, sub in enumerate(subs):
        ws = wb[sub]
        shown |= {i for i, s in enumerate(check_calendar(ws, cached[sub], rows, sub, name, rec, layout_formats())) if s}
        body = next(ws.cell(r, 2) for r in range(5, ws.max_row + 1) if len(str(ws.cell(r, 1).value)) == 6)
        sizes.append(check_print(ws, "calendario", 4, CAL_IDS, body, name))
        check_text_marks(out, 2 + k, f"A5:A{ws.max_row} R5:R{ws.max_row}", f"{name}: hoja {sub}")
    if has_rec:
        descr = {x["clave"]: x["actividad"] for x in rows}
        sizes.append(check_reconstruidos(wb[REC_SHEET], cached[REC_SHEET], src, descr, layout_formats(), name))
        k = len(subs) + 2
        check_text_marks(out, k, f"A4:A{wb[REC_SHEET].max_row}", f"{name}: hoja {REC_SHEET}")
    # Internal links: Estructura's numbers to their calendars, Reconstruidos'
    # claves to their activity's row.
    est = wb["Estructura"]
    for r, sub in enumerate(subs, start=6):
        link = est.cell(r, 1).hyperlink
        check(link is not None and link.location == f"'{sub}'!A1",
              f"{name}: Estructura {sub} no enlaza a su calendario ({link and link.location})")
    if has_rec:
        act_row = {x["clave"]: i + 2 for i, x in enumerate(rows)}
        for row in wb[REC_SHEET].iter_rows(min_row=4):
            link = row[0].hyperlink
            want = f"'Actividades'!C{act_row.get(row[0].value)}"
            check(link is not None and link.location == want,
                  f"{name}: {REC_SHEET} {row[0].value} enlaza a {link and link.location}, se esperaba {want}")
    # Derived sheets are protected (no password); Actividades, the edited
    # place, validates its quantities instead.
    for sheet in ["Estructura"] + subs:
        prot = wb[sheet].protection
        check(prot.sheet and not prot.password, f"{name}: hoja {sheet} sin proteger (o con contraseña)")
    check(not wb["Actividades"].protection.sheet, f"{name}: Actividades protegida")
    dvs = wb["Actividades"].data_validations.dataValidation
    check(any(str(d.sqref) == "F2:R1048576" and d.type == "custom" and d.showErrorMessage and d.prompt
              for d in dvs), f"{name}: las cantidades de Actividades no tienen validación")
    props = wb.properties
    check(props.title and props.title.startswith("Programa Anual de Actividades"), f"{name}: título {props.title!r}")
    check(props.creator == "INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO", f"{name}: autor {props.creator!r}")
    check(bool(props.keywords) and bool(props.subject), f"{name}: faltan asunto o palabras clave")
    names = set(wb.defined_names.keys()) if hasattr(wb.defined_names, "keys") else {d.name for d in wb.defined_names.definedName}
    for want in ["TablaEstructura"] + ["Calendario_" + s for s in subs]:
        check(want in names, f"{name}: falta el nombre definido {want} ({sorted(names)})")
    print(f"{name}: {len(rows)} actividades, {len(subs)} subprogramas, {os.path.getsize(out)} bytes, "
          f"letra impresa de {min(sizes):.1f} pt como mínimo (Excel)")
    return len(rows), subs, shown


def check_quoted_sheet_name(sheet, quoted):
    """A sheet name that needs quoting gives valid references in formulas."""
    os.makedirs(TMP, exist_ok=True)
    lay = os.path.join(TMP, "libro-hoja.xml")
    with open(LAYOUT, encoding="utf-8") as f:
        text = f.read()
    with open(lay, "w", encoding="utf-8") as f:
        text = text.replace('="../fonts/', f'="{SRC}/fonts/')   # the copy lives elsewhere
        f.write(text.replace('<actividades nombre="Actividades"', f'<actividades nombre="{sheet}"', 1))
    out = os.path.join(TMP, "hoja.xlsx")
    r = run("xlsx", os.path.join(SRC, "tests", "fixtures", "minimo.xml"), "-o", out, "--layout", lay)
    if not check(r.returncode == 0, f"hoja «{sheet}»: {r.returncode} {r.stderr}"):
        return
    wb = openpyxl.load_workbook(out)
    check(wb.sheetnames[1] == sheet, f"hoja «{sheet}»: {wb.sheetnames}")
    formula = wb["Estructura"].cell(6, 5).value
    check("TablaActividades[Subprograma]" in formula, f"hoja «{sheet}»: la cuenta no cita la tabla: {formula}")
    check("TablaActividades" in wb[sheet].tables, f"hoja «{sheet}»: sin la tabla TablaActividades")
    with zipfile.ZipFile(out) as z:
        names = z.read("xl/workbook.xml").decode("utf-8").replace("&apos;", "'")
    check(f">{quoted}!$C$1:$T$2<" in names, f"hoja «{sheet}»: área de impresión mal citada")


def main():
    check_quoted_sheet_name("Act. d'Año", "'Act. d''Año'")
    check_quoted_sheet_name("ñ" * 31, "'" + "ñ" * 31 + "'")
    check_quoted_sheet_name("Det'alle", "'Det''alle'")
    check_workbook(os.path.join(SRC, "tests", "fixtures", "minimo.xml"), "minimo")
    full = os.path.join(SRC, "input", "paa2024.xml")
    if os.path.exists(full):
        res = check_workbook(full, "paa2024")
        if res is not None:
            n, subs, shown = res
            # The publication has both kinds of marks: both legends appear.
            check(shown == {0, 1}, f"paa2024: marcas mostradas {shown}")
            check(n == 318, f"paa2024: {n} actividades, se esperaban 318")
            check(subs == [f"{i:02d}" for i in range(1, 14)], f"paa2024: subprogramas {subs}")
    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print("xlsx_contenido: correcto")


main()
