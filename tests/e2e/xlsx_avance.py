"""paa avance: the progress workbook's formulas, marks, charts and printing.

The figures themselves are checked against an independent computation in
avance_sample.py; this test checks the workbook as a workbook:

- a detail sheet whose name needs quoting in formulas (an apostrophe,
  31 × "ñ") gives formulas that LibreOffice recalculates, after openpyxl
  drops every cached value, to exactly the cached values paa wrote (the
  summaries read the detail sheet through those references);
- percentages show as "97.7 %" (with a space, as in the PDF); programmed
  figures on rebuilt months and % anual on an inconsistent programme keep
  their number and show ‡ / † through the number format; unknown
  quantities are the "sin dato" mark, and so is a percentage that cannot
  be computed (% periodo of a row sin programación / sin datos / sin
  reporte, the average of a proyecto without any), as in the PDF, while
  the summaries still count only numbers;
- the summary has one column per semáforo state after Actividades, titled
  with the state's word;
- the states chart tells its series apart in grey (solid fills of
  distinct lightness, distinct patterns over white), both charts carry
  data labels (zeros hidden; "0.0 %") and the thresholds in their texts;
- the stacked chart reverses its category axis (01 on top, bars growing
  left to right), each chart starts a printed page of its own and the
  summary repeats no header over them; the print area holds them;
- the "number stored as text" mark is off over the claves; wrapped rows
  have a height; the detail prints two pages wide with its clave repeated;
- printed by LibreOffice, no text is smaller than 7.5 pt and both charts
  share one page, apart from the table; the states chart names each bar
  with its % en verde o más, «01 (85.7 %)»;
- against a modified programme, the detail has the original programme's
  annual and programmed to date beside the modified ones (and prints no
  smaller).
The LibreOffice parts are skipped when soffice is not installed.
"""
import os
import re
import shutil
import subprocess
import sys
import zipfile

import openpyxl

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_avance")
FIXTURES = os.path.join(SRC, "tests", "fixtures", "avance")
MIN_PT = 7.5
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures, lo_sheets, printed, soffice  # noqa: E402


def layout_variant(name, detail):
    """layouts/avance.xml with the detail sheet renamed and font paths made
    absolute (the copy lives elsewhere)."""
    with open(os.path.join(SRC, "layouts", "avance.xml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace('="../fonts/', f'="{SRC}/fonts/')
    text = text.replace('<detalle nombre="Detalle"', f'<detalle nombre="{detail}"', 1)
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def render(programa, avance, outdir, layout=None):
    args = [PAA, "avance", programa, avance, "-o", outdir]
    if layout:
        args += ["--layout", layout]
    r = subprocess.run(args, capture_output=True, text=True)
    book = os.path.join(outdir, "avance-2024-06.xlsx")
    check(r.returncode == 0 and os.path.exists(book),
          f"paa avance {os.path.basename(outdir)}: {r.returncode} {r.stderr}")
    check("[ERROR]" not in r.stderr and "[WARNING]" not in r.stderr,
          f"libxlsxwriter escribió en stderr: {r.stderr}")
    return book


def part(book, name):
    with zipfile.ZipFile(book) as z:
        return z.read(name).decode()


# ---- formulas with a detail sheet that needs quoting ---------------------

def formula_cells(book):
    """(sheet, cell) -> (formula, cached value) of every formula."""
    wf, wv = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    out = {}
    for ws in wf.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    out[(ws.title, c.coordinate)] = (c.value, wv[ws.title][c.coordinate].value)
    return out


def recalculated(lo, book, name):
    """Every sheet of book as LibreOffice computes it, cached values dropped."""
    bare = os.path.join(TMP, name + ".xlsx")
    openpyxl.load_workbook(book).save(bare)
    return lo_sheets(lo, bare, os.path.join(TMP, name + "-csv"), TMP)


def same_value(lo_text, cached):
    if cached in ("", None):
        return lo_text == ""
    if isinstance(cached, (int, float)):
        # LibreOffice keeps the % of a percentage even in raw values.
        scale = 100 if lo_text.endswith("%") else 1
        try:
            return abs(float(lo_text.rstrip("%")) / scale - cached) < 1e-9
        except ValueError:
            return False
    return lo_text == str(cached)


def check_quoted_detail(lo, detail, quoted, tag):
    lay = layout_variant(f"avance-{tag}.xml", detail)
    book = render(os.path.join(FIXTURES, "programa.xml"), os.path.join(FIXTURES, "avance.xml"),
                  os.path.join(TMP, tag), lay)
    if not os.path.exists(book):
        return
    wb = openpyxl.load_workbook(book)
    check(wb.sheetnames == ["Resumen", "Proyectos", detail], f"{tag}: hojas {wb.sheetnames}")
    cells = formula_cells(book)
    # The roll-ups read the detail through its table, whatever the sheet's
    # name: whole columns, so edited rows are counted as they are.
    refs = [f for (sheet, _), (f, _) in cells.items() if sheet != detail]
    check(refs and all("TablaDetalle[" in f for f in refs if "SUMPRODUCT" in f),
          f"{tag}: fórmulas que no leen TablaDetalle: {refs[:2]}")
    check(not any(detail + "!" in f.replace(quoted, "") for f in refs),
          f"{tag}: referencia sin comillas en {refs[:2]}")
    if lo is None:
        return
    sheets = recalculated(lo, book, tag)
    bad = []
    for (sheet, coord), (formula, cached) in cells.items():
        grid = sheets.get(sheet)
        cell = openpyxl.utils.cell.coordinate_from_string(coord)
        r, c = cell[1] - 1, openpyxl.utils.column_index_from_string(cell[0]) - 1
        got = grid[r][c] if grid is not None and r < len(grid) and c < len(grid[r]) else None
        if got is None or not same_value(got, cached):
            bad.append(f"{sheet}!{coord} {formula} = {got!r}, guardado {cached!r}")
    check(not bad, f"{tag}: {len(bad)} fórmulas no se recalculan a su valor: {bad[:3]}")
    print(f"{tag}: {len(cells)} fórmulas recalculadas por LibreOffice como se guardaron")


# ---- the sample workbook ---------------------------------------------------

def check_formats(book):
    wb = openpyxl.load_workbook(book)
    det, res = wb.worksheets[2], wb["Resumen"]
    col = {det.cell(4, c).value: c for c in range(1, det.max_column + 1)}
    codes = {det.cell(r, col["% periodo"]).number_format for r in range(5, det.max_row + 1)
             if det.cell(r, 1).value}
    check("0.0 %" in codes, f"% periodo con formato {codes}, se esperaba «0.0 %»")
    anual = {det.cell(r, col["% anual"]).number_format for r in range(5, det.max_row + 1)}
    check(any(c.startswith('0.0 % "†";') for c in anual), f"% anual sin la marca † en su formato: {anual}")
    prog = {det.cell(r, col["Programado acumulado"]).number_format for r in range(5, det.max_row + 1)}
    check(any(c.endswith('"‡"') for c in prog), f"programado acumulado sin la marca ‡: {prog}")
    check(any(det.cell(r, col["Alcanzado del mes"]).value == "—" for r in range(5, det.max_row + 1)),
          "ninguna cantidad desconocida muestra «—»")
    check(not any(isinstance(det.cell(r, c).value, str) and det.cell(r, c).value.endswith(("‡", "†"))
                  for r in range(5, det.max_row + 1) for c in range(6, col["Semáforo"])),
          "una marca quedó dentro del valor de una celda")
    head = [res.cell(6, c).value for c in range(1, res.max_column + 1)]
    i, j = head.index("Actividades"), head.index("Con % periodo")
    states = head[i + 1:j]
    words = {str(det.cell(r, col["Semáforo"]).value) for r in range(5, det.max_row + 1)}
    check(len(states) == 7 and states[0] == "Sobrecumplimiento" and "Sin reporte" in states and
          all(s.lower() in words | {"sin datos", "sin programación", "sin reporte",
                                     "sobrecumplimiento", "amarillo", "rojo", "verde"}
              for s in states),
          f"columnas de estado del resumen: {states}")
    pct = {res.cell(r, c).number_format for r in range(7, 21) for c in range(j + 2, len(head) + 1)
           if head[c - 1].startswith(("%", "Cumplimiento"))}
    check(pct <= {"0.0 %"}, f"porcentajes del resumen con formato {pct}")
    # Wrapped rows get their height (LibreOffice keeps the default).
    tall = [r for r in range(5, det.max_row + 1) if (det.row_dimensions[r].height or 0) > 15]
    check(len(tall) > det.max_row // 4, f"solo {len(tall)} filas del detalle tienen alto propio")


def check_no_ratio(book):
    """A percentage without a ratio is the "sin dato" mark, formula and
    cached value alike; the summaries' ISNUMBER counts skip it."""
    wf, wv = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    det, detv = wf.worksheets[2], wv.worksheets[2]
    col = {det.cell(4, c).value: c for c in range(1, det.max_column + 1)}
    per, anual, sem = col["% periodo"], col["% anual"], col["Semáforo"]
    none = {"sin programación", "sin datos", "sin reporte"}
    rows = [r for r in range(5, det.max_row + 1) if detv.cell(r, sem).value in none]
    check(len(rows) > 0, "el detalle no tiene filas sin % periodo")
    for r in rows:
        f, v = det.cell(r, per).value, detv.cell(r, per).value
        check(isinstance(f, str) and f.rstrip(")").endswith('"—"') and v == "—",
              f"detalle {detv.cell(r, 1).value}: % periodo {f!r} = {v!r}, se esperaba «—»")
    # A marked row keeps its marks when its % anual is «—» (090501 has no
    # month: its programme is inconsistent, "†").
    for r in range(5, det.max_row + 1):
        if detv.cell(r, 1).value == "090501":
            fmt = det.cell(r, anual).number_format
            check(detv.cell(r, anual).value == "—" and fmt.endswith('@ "†"'),
                  f"detalle 090501: % anual {detv.cell(r, anual).value!r} con formato {fmt!r}, sin «†» para «—»")
    trim = next(c for t, c in col.items() if t.startswith("% ") and "trim." in t)
    for r in range(5, det.max_row + 1):
        for c in (per, anual, trim):
            v = detv.cell(r, c).value
            check(v is None or v == "—" or isinstance(v, (int, float)),
                  f"detalle fila {r}: porcentaje {v!r}, ni número ni «—»")
    for name in ("Resumen", "Proyectos"):
        ws, wsv = wf[name], wv[name]
        head = [ws.cell(6, c).value for c in range(1, ws.max_column + 1)]
        # Each share or mean is «—» exactly when its count of activities
        # with a % is 0 (the period's and the quarter's).
        pairs = [(head.index(t) + 1, head.index(h) + 1) for t, h in
                 (("Con % periodo", "% en verde o más"),
                  ("Con % periodo", "Cumplimiento promedio (tope 100 %)"),
                  (next(t for t in head if t.startswith("Con % ") and "trim." in t),
                   next(t for t in head if t.startswith("% en verde o más, "))))]
        for r in range(7, ws.max_row + 1):
            for con, c in pairs:
                n, v = wsv.cell(r, con).value, wsv.cell(r, c).value
                if not isinstance(n, (int, float)):
                    continue
                check(v == "—" if n == 0 else isinstance(v, (int, float)),
                      f"{name} {wsv.cell(r, 1).value}: {head[c - 1]} = {v!r} con {n} actividades con %")
    proy = {wv["Proyectos"].cell(r, 1).value: r for r in range(7, wv["Proyectos"].max_row + 1)}
    if "0206" in proy:
        mean = wv["Proyectos"].max_column   # the mean is the last column
        check(wv["Proyectos"].cell(proy["0206"], mean).value == "—",
              f"Proyectos 0206: promedio {wv['Proyectos'].cell(proy['0206'], mean).value!r}, se esperaba «—»")


def check_charts(book):
    c1, c2 = part(book, "xl/charts/chart1.xml"), part(book, "xl/charts/chart2.xml")
    cat = re.search(r"<c:catAx>.*?</c:catAx>", c2).group(0)
    val = re.search(r"<c:valAx>.*?</c:valAx>", c2).group(0)
    check('<c:orientation val="maxMin"/>' in cat and '<c:orientation val="minMax"/>' in val,
          "la gráfica de estados no invierte el eje de categorías (o invierte el de valores)")
    check('<c:max val="1"/>' in c1 and 'formatCode="0 %"' in c1,
          "la gráfica de cumplimiento no va de 0 a 100 % con «0 %»")
    # Regression: thirteen «83.7 %» labels over columns overlapped in print;
    # the mean's bars are horizontal, 01 on top, as the states chart's.
    check('<c:barDir val="bar"/>' in c1 and '<c:orientation val="maxMin"/>' in c1,
          "la gráfica de cumplimiento no es de barras horizontales con 01 arriba")
    sheet = part(book, "xl/worksheets/sheet1.xml")
    rows = re.search(r"<rowBreaks.*?</rowBreaks>", sheet)
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', rows.group(0) if rows else "")]
    anchors = [int(a) for a in re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                          r"<xdr:row>(\d+)</xdr:row>", part(book, "xl/drawings/drawing1.xml"))]
    check(len(anchors) == 2 and len(breaks) == 1 and anchors[0] == anchors[1] > breaks[0] + 1,
          f"las gráficas deben ir juntas tras el salto de página: saltos {breaks}, gráficas en {anchors}")
    # The states chart names its bars «01 (85.7 %)» from the summary's
    # hidden column of that title, so it must show hidden data.
    head = {c.value: c.column_letter for c in openpyxl.load_workbook(book)["Resumen"][6] if c.value}
    letter = head.get("Subprograma (% en verde o más)")
    cats = set(re.findall(r"<c:cat><c:(?:str|num)Ref><c:f>[^!]*!\$(\w+)\$7:\$\w+\$19</c:f>", c2))
    # (libxlsxwriter shows hidden data by leaving out <c:plotVisOnly val="1"/>.)
    check(letter is not None and cats == {letter} and "plotVisOnly" not in c2,
          f"categorías de la gráfica de estados: {cats}, columna {letter}")
    # Every series' data cache holds the cells' cached values (viewers that
    # do not recalculate draw the cache).
    cached = openpyxl.load_workbook(book, data_only=True)["Resumen"]
    wrong = 0
    for chart in (c1, c2):
        for f, cache in re.findall(r"<c:val><c:numRef><c:f>[^!]*!\$(\w+)\$\d+:[^<]*</c:f>"
                                   r"<c:numCache>(.*?)</c:numCache>", chart):
            pts = dict(re.findall(r'<c:pt idx="(\d+)"><c:v>([^<]*)</c:v>', cache))
            for i in range(13):
                cell = cached[f"{f}{7 + i}"].value
                got = pts.get(str(i))
                ok = (got is None) if not isinstance(cell, (int, float)) else (
                    got is not None and abs(float(got) - cell) < 1e-9)
                wrong += not ok
    check(wrong == 0, f"{wrong} puntos de las gráficas guardan otro valor que su celda")
    descr = re.findall(r'<xdr:cNvPr id="\d+" name="[^"]*" descr="([^"]+)"', part(book, "xl/drawings/drawing1.xml"))
    check(len(descr) == 2 and descr[0].startswith("Cumplimiento") and descr[1].startswith("Actividades"),
          f"las gráficas no llevan texto alternativo: {descr}")
    wb = openpyxl.load_workbook(book)
    res = wb["Resumen"]
    check(res.print_title_rows is None, f"el resumen repite {res.print_title_rows} sobre las gráficas")
    area = res.print_area[0] if isinstance(res.print_area, list) else res.print_area
    last = int(re.search(r"\$(\d+)$", area).group(1))
    ends = [int(t) for t in re.findall(r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                       r"<xdr:row>(\d+)</xdr:row>", part(book, "xl/drawings/drawing1.xml"))]
    check(ends and max(ends) < last, f"el área de impresión ({area}) corta las gráficas (hasta la fila {ends})")


def layout_thresholds():
    with open(os.path.join(SRC, "layouts", "avance.xml"), encoding="utf-8") as f:
        sem = re.search(r"<semaforo ([^>]*)>", f.read()).group(1)
    return {k: float(re.search(f'{k}="([^"]+)"', sem).group(1))
            for k in ("verde", "amarillo", "sobrecumplimiento")}


def check_editing(book):
    """The editing model: the detail is the Excel Table TablaDetalle, whose
    % periodo, % anual, semáforo and capped % are calculated columns;
    «Alcanzado acumulado» and the notes are the only unlocked cells, the
    achieved is validated, and every sheet is protected without a
    password; the thresholds are named cells of the summary with the
    layout's values; the state fills are conditional formats on the state
    cell's value; each quantity shows the decimals it has."""
    wb = openpyxl.load_workbook(book)
    det = wb.worksheets[2]
    head = [det.cell(4, c).value for c in range(1, det.max_column + 1)]
    col = {t: i + 1 for i, t in enumerate(head)}
    t = det.tables.get("TablaDetalle")
    if not check(t is not None, "el detalle no es la tabla TablaDetalle"):
        return
    calc = {c.name for c in t.tableColumns if c.calculatedColumnFormula is not None}
    q = "2.º trim. (abr–jun)"   # {trimestre} at junio
    check(calc == {"% periodo", "% anual", "Semáforo", "% periodo tope 100", f"Alcanzado {q}",
                   f"% {q}", f"Semáforo {q}"},
          f"columnas calculadas de TablaDetalle: {sorted(calc)}")
    check(t.ref == f"A4:T{det.max_row - 2}", f"TablaDetalle cubre {t.ref}")
    check(det.column_dimensions["S"].hidden and det.column_dimensions["T"].hidden and
          det.print_area == ["$A$1:$R$" + str(det.max_row)],
          f"las columnas auxiliares se ven o se imprimen: {det.print_area}")
    # The quarter's achieved follows the cumulative (the input) less the
    # achieved before the quarter (hidden data); its % and state are the
    # period's formulas over the quarter's pair.
    form = {c.name: c.calculatedColumnFormula.attr_text for c in t.tableColumns
            if c.calculatedColumnFormula is not None}
    check("[Alcanzado acumulado]]" in form.get(f"Alcanzado {q}", "") and
          "[Alcanzado antes del trimestre]]" in form.get(f"Alcanzado {q}", ""),
          f"el alcanzado del trimestre no sigue al acumulado: {form.get(f'Alcanzado {q}')}")
    per, tri = form.get("Semáforo", ""), form.get(f"Semáforo {q}", "")
    check(tri == per.replace("[Alcanzado acumulado]", f"[Alcanzado {q}]")
          .replace("[Programado acumulado]", f"[Programado {q}]"),
          f"el semáforo del trimestre no es la fórmula del periodo: {tri[:120]}")
    # Its title is measured at its width, hidden or not: the header keeps
    # the height of its longest visible title (three lines).
    check((det.row_dimensions[4].height or 0) < 45,
          f"encabezado del detalle de {det.row_dimensions[4].height} pt")
    for ws in wb.worksheets:
        check(ws.protection.sheet and ws.protection.password is None,
              f"{ws.title}: hoja sin proteger o con contraseña")
    inputs = {col["Alcanzado acumulado"], col["Justificación y notas"]}
    wrong = [(r, c) for r in range(5, det.max_row - 1) for c in range(1, 21)
             if det.cell(r, c).protection.locked == (c in inputs)]
    check(not wrong, f"{len(wrong)} celdas del detalle con el bloqueo al revés: {wrong[:3]}")
    j = openpyxl.utils.get_column_letter(col["Alcanzado acumulado"])
    dvs = [d for d in det.data_validations.dataValidation if str(d.sqref) == f"{j}5:{j}{det.max_row - 2}"]
    check(len(dvs) == 1 and dvs[0].type == "custom" and f"AND({j}5>=0,ROUND({j}5,4)={j}5)" in dvs[0].formula1
          and dvs[0].showErrorMessage and dvs[0].showInputMessage and "mayor o igual que cero" in (dvs[0].error or ""),
          f"validación del alcanzado: {[(str(d.sqref), d.formula1) for d in det.data_validations.dataValidation]}")
    thr = layout_thresholds()
    res = wb["Resumen"]
    for name, key in (("UmbralVerde", "verde"), ("UmbralAmarillo", "amarillo"),
                      ("UmbralSobre", "sobrecumplimiento")):
        dn = wb.defined_names.get(name)
        ref = re.match(r"'Resumen'!\$([A-Z]+)\$(\d+)", dn.attr_text) if dn else None
        check(ref is not None and res[ref.group(1) + ref.group(2)].value == thr[key],
              f"{name}: {dn.attr_text if dn else None}, se esperaba la celda del umbral {thr[key]}")
    fills = {}
    for title in ("Semáforo", f"Semáforo {q}"):
        sem = openpyxl.utils.get_column_letter(col[title])
        for rng in det.conditional_formatting:
            for rule in rng.rules:
                if str(rng.sqref) == f"{sem}5:{sem}{det.max_row - 2}" and rule.type == "cellIs":
                    fills[(title, rule.formula[0].strip('"'))] = rule.dxf.fill.bgColor.rgb[-6:]
    with open(os.path.join(SRC, "layouts", "avance.xml"), encoding="utf-8") as f:
        layout = f.read()
    want = {}
    for m in re.finditer(r'<estado id="([^"]+)"[^>]*relleno="#(\w+)"', layout):
        for title in ("Semáforo", f"Semáforo {q}"):
            want[(title, m.group(1).replace("-", " ").replace("programacion", "programación"))] = m.group(2).upper()
    check(fills == want, f"rellenos del semáforo {fills}, se esperaban {want}")
    short = []
    for r in range(5, det.max_row - 1):
        for c in range(col["Cantidad anual"], col["Alcanzado acumulado"] + 1):
            v, fmt = det.cell(r, c).value, det.cell(r, c).number_format
            if isinstance(v, (int, float)):
                dec = len(repr(float(v)).split(".")[1].rstrip("0")) if "." in repr(float(v)) else 0
                shown = len(re.search(r"0(?:\.(0*))?", fmt).group(1) or "")
                if shown < dec:
                    short.append((det.cell(r, c).coordinate, v, fmt))
    check(not short, f"cantidades que no muestran sus decimales: {short[:3]}")
    print(f"edición: TablaDetalle con {len(calc)} columnas calculadas, "
          f"{sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith('='))} fórmulas")


def luminance(rgb):
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def check_chart_fills(book):
    """In a grey print the states must stay apart: each series is a solid
    fill of its own lightness or a pattern of its own over white; every
    series has data labels that hide zeros; the compliance bars show
    their value as "0.0 %"; the thresholds of <semaforo> are in the
    states chart's texts, and never on the mean's chart: thresholds
    classify activities, not means (the PDF draws no threshold line)."""
    with open(os.path.join(SRC, "layouts", "avance.xml"), encoding="utf-8") as f:
        sem = re.search(r"<semaforo ([^>]*)>", f.read()).group(1)
    verde, amarillo = (re.search(f'{k}="([^"]+)"', sem).group(1) for k in ("verde", "amarillo"))
    c1, c2 = part(book, "xl/charts/chart1.xml"), part(book, "xl/charts/chart2.xml")
    series = re.findall(r"<c:ser>.*?</c:ser>", c2, re.S)
    check(len(series) == 7, f"la gráfica de estados tiene {len(series)} series, se esperaban 7")
    solid, patterns = [], []
    for ser in series:
        fill = re.search(r"<c:spPr>(.*?)</c:spPr>", ser, re.S).group(1)
        m = re.search(r'<a:pattFill prst="(\w+)"><a:fgClr><a:srgbClr val="(\w+)"/></a:fgClr>'
                      r'<a:bgClr><a:srgbClr val="(\w+)"/>', fill)
        if m:
            patterns.append(m.groups())
        else:
            solid.append(re.search(r'<a:solidFill><a:srgbClr val="(\w+)"/>', fill).group(1))
        check('<c:dLbls><c:numFmt formatCode="0;;;" sourceLinked="0"/>' in ser and
              '<c:showVal val="1"/>' in ser, "una serie de estados sin etiquetas «0;;;»")
    grey = sorted(luminance(c) for c in solid)
    check(len(solid) == 3 and all(b - a >= 50 for a, b in zip(grey, grey[1:])),
          f"rellenos sólidos sin claridades bien distintas: {solid} -> {grey}")
    check(len(patterns) == 4 and len({p for p, _, _ in patterns}) == 4 and
          all(bg == "FFFFFF" for _, _, bg in patterns),
          f"tramas repetidas o sin fondo blanco: {patterns}")
    lbl = re.search(r"<c:dLbls>.*?</c:dLbls>", c1, re.S)
    check(lbl is not None and 'formatCode="0.0 %"' in lbl.group(0),
          "las barras de cumplimiento no llevan su valor con «0.0 %»")
    text = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", c2))
    check(f"verde desde {verde} %" in text and f"amarillo desde {amarillo} %" in text,
          f"la gráfica de estados no dice los umbrales: {text!r}")
    text = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", c1))
    check("umbral" not in text and f"{verde} %" not in text,
          f"la gráfica del promedio habla de umbrales: {text!r}")


def check_print(book):
    wb = openpyxl.load_workbook(book)
    det = wb.worksheets[2]
    check(det.page_setup.fitToWidth == 2 and det.page_setup.fitToHeight == 0,
          f"el detalle no se imprime a dos páginas de ancho ({det.page_setup.fitToWidth})")
    check(det.print_title_cols == "$A:$A" and det.print_title_rows == "$4:$4",
          f"el detalle no repite clave y encabezado: {det.print_title_cols} {det.print_title_rows}")
    check(det.page_setup.pageOrder == "overThenDown", "el detalle no imprime primero a lo ancho")
    # The roll-ups print two pages wide: the counts per state, then (after a
    # column break) the shares, con avance sin programación, the quarter and
    # the mean, with the key repeated.
    for name in ("Resumen", "Proyectos"):
        ws = wb[name]
        head = [ws.cell(6, c).value for c in range(1, ws.max_column + 1)]
        brk = [b.id for b in ws.col_breaks.brk]
        check(brk == [head.index("Con % periodo")] and ws.print_title_cols == "$A:$A",
              f"{name}: saltos de columna {brk}, columnas repetidas {ws.print_title_cols}")
    for i, ws in enumerate(wb.worksheets):
        xml = part(book, f"xl/worksheets/sheet{i + 1}.xml")
        m = re.search(r'<ignoredError sqref="([^"]*)" numberStoredAsText="1"/>', xml)
        want = ["A", "B", "C"] if i == 2 else ["A"]
        got = sorted({re.match(r"[A-Z]+", r).group(0) for r in m.group(1).split()}) if m else []
        check(got == want, f"{ws.title}: marca de número como texto apagada en {got}, se esperaba {want}")
        check("Informe de avance" in (ws.oddHeader.left.text or "") and
              "&P" in (ws.oddFooter.right.text or ""),
              f"{ws.title}: encabezado o pie de impresión {ws.oddHeader.left.text!r} {ws.oddFooter.right.text!r}")


def check_printed(lo, book, TMP):
    pages = printed(lo, book, TMP)
    small = [p for p in pages if p["min"] < MIN_PT]
    check(not small, "páginas con letra menor que 7.5 pt: " +
          ", ".join(f"{p['page']} ({p['min']:.1f} pt: «{p['word']}»)" for p in small[:5]))
    on = [[p["page"] for p in pages if title in p["text"]]
          for title in ("Cumplimiento promedio por subprograma", "Actividades por estado del semáforo")]
    check(len(on[0]) == 1 and on[0] == on[1] and
          "Nombre Actividades" not in pages[on[0][0] - 1]["text"],
          f"las gráficas no quedan juntas y solas en una página: {on}")
    if on[1]:
        labels = re.findall(r"\b(\d\d) \((\d+\.\d) %\)", pages[on[1][0] - 1]["text"])
        check(len(labels) == 13, f"la gráfica de estados no dice el % en verde o más: {labels}")
    print(f"impreso por LibreOffice: {len(pages)} páginas, letra mínima "
          f"{min(p['min'] for p in pages):.1f} pt")


def check_modificado(book, plain):
    """Measured against a modified programme: the goal changed shows * on
    the programmed to date and the change in its note; the cancelled
    activities get a sheet; without --modificado the workbook keeps its
    three sheets."""
    check(openpyxl.load_workbook(plain, read_only=True).sheetnames == ["Resumen", "Proyectos", "Detalle"],
          "sin --modificado el libro cambió de hojas")
    wb, wv = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    if not check(wb.sheetnames == ["Resumen", "Proyectos", "Detalle", "Canceladas"],
                 f"hojas con --modificado: {wb.sheetnames}"):
        return
    det, detv = wb["Detalle"], wv["Detalle"]
    col = {det.cell(4, c).value: c for c in range(1, det.max_column + 1)}
    plain_det = openpyxl.load_workbook(plain)["Detalle"]
    plain_head = [plain_det.cell(4, c).value for c in range(1, plain_det.max_column + 1)]
    check(len(plain_head) == 20 and not any("original" in t for t in plain_head),
          f"sin --modificado el detalle tiene columnas del original: {plain_head}")
    # The original programme's columns beside the modified one's, in the
    # table (its columns are named by these titles).
    want = ["Cantidad anual original", "Cantidad anual modificada",
            "Programado acumulado original", "Programado acumulado modificado"]
    if not check(all(t in col for t in want) and len(col) == 22 and
                 col[want[0]] + 1 == col[want[1]] and col[want[2]] + 1 == col[want[3]] and
                 list(det.tables.values())[0].ref == f"A4:V{det.max_row - 2}",
                 f"columnas con --modificado: {list(col)}"):
        return
    rows = {detv.cell(i, 1).value: i for i in range(5, det.max_row + 1)}
    figures = {k: tuple(detv.cell(rows[k], col[t]).value for t in want)
               for k in ("010101", "010102", "010204", "010205") if k in rows}
    check(figures == {"010101": (4060, 4060, 2770, 2570),   # a month moved, same annual
                      "010102": (12, 14, 6, 8),             # annual 12 → 14
                      "010204": (280, 280, 156, 156),       # renumbered from 010103
                      "010205": ("—", 7, "—", 1)},          # added
          f"original y modificado: {figures}")
    r = rows["010101"]
    fmt = det.cell(r, col["Programado acumulado modificado"]).number_format
    note = detv.cell(r, col["Justificación y notas"]).value or ""
    check(fmt.endswith('"*"') and detv.cell(r, col["Programado acumulado modificado"]).value == 2570 and
          note.startswith("* Meta modificada por la adecuación"),
          f"010101 modificada: {fmt!r} {note[:60]!r}")
    # The semáforo still reads the modified programme's column.
    f = det.cell(r, col["Semáforo"]).value
    check("[Programado acumulado modificado]" in f and "original]" not in f,
          f"el semáforo no se mide contra el modificado: {f[:120]!r}")
    rows = [row for row in wv["Canceladas"].iter_rows(min_row=5, values_only=True) if row[0]]
    check([row[0] for row in rows] == ["010302"] and rows[0][3:] == (127, 158),
          f"canceladas: {rows}")


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    lo = soffice()
    if lo is None:
        print("soffice no está instalado: se omiten el recálculo y la impresión")
    check_quoted_detail(lo, "Det'alle", "'Det''alle'", "comilla")
    check_quoted_detail(lo, "ñ" * 31, "'" + "ñ" * 31 + "'", "enie")

    programa = os.path.join(SRC, "input", "paa2024.xml")
    avance = os.path.join(SRC, "input", "avance-2024-06.xml")
    if os.path.exists(programa) and os.path.exists(avance):
        book = render(programa, avance, os.path.join(TMP, "muestra"))
        if os.path.exists(book):
            check_formats(book)
            check_no_ratio(book)
            check_charts(book)
            check_chart_fills(book)
            check_print(book)
            check_editing(book)
            if lo is not None:
                check_printed(lo, book, TMP)
            mod = os.path.join(SRC, "input", "paa2024-adecuacion.xml")
            r = subprocess.run([PAA, "avance", programa, os.path.join(SRC, "input", "adecuacion",
                                                                     "avance-2024-06.xml"),
                                "--modificado", mod, "-o", os.path.join(TMP, "modificado")],
                               capture_output=True, text=True)
            check(r.returncode == 0, f"avance --modificado: {r.returncode} {r.stderr[-200:]}")
            modbook = os.path.join(TMP, "modificado", "avance-2024-06.xlsx")
            check_modificado(modbook, book)
            # Two more columns must not shrink the printed detail below 7.5 pt.
            if lo is not None and os.path.exists(modbook):
                check_printed(lo, modbook, os.path.join(TMP, "modificado"))
    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print("xlsx_avance: correcto")


main()
