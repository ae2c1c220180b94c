"""paa avance: the progress workbook edited in LibreOffice follows paa.

The reader edits «Alcanzado acumulado» in the Detalle sheet, as the
workbook invites (openpyxl saves it without any cached value, so
LibreOffice computes every formula):
- a verde activity set to 0 becomes «rojo», and its subprograma's and the
  total's counts and «% en verde o más» move with it;
- activities set exactly on the thresholds (90 % and 110 % of the
  programmed: verde; 0.0001 below 70 %: rojo showing 69.9 %; 0.0001 above
  110 %: sobrecumplimiento) are classified as paa's exact decimals do.
Every formula of every sheet must then equal what `paa avance` computes
for the avance XML edited the same way as the workbook reads an edit: the
months before the cut-off's quarter keep what the file says and the
quarter gets the rest (in the cut-off month), or, when the new achieved
to date is below those months' sum, it all goes to enero and the quarter
gets 0. So the quarter's achieved, % and state follow the edit. A
sin programación activity given something becomes «con avance sin
programación» in its summary's count. Clearing a whole row leaves no error value in any sheet
and the activity uncounted. The achieved's validation formula, evaluated
by LibreOffice, accepts what a quantity is and refuses a negative, a text
and a fifth decimal. Exits 77 (skipped) without soffice.
"""
import os
import re
import subprocess
import sys
from decimal import Decimal

import openpyxl

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_avance_edicion")
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun"]   # the sample's cut-off: junio
BEFORE = 3   # months before the cut-off's quarter (abr–jun)
ERRORS = ("#DIV/0!", "#VALUE!", "#N/A", "#REF!", "#NAME?", "#NUM!", "Err:")
PROBES = [(-1, False), ("abc", False), (1.5, True), (1.23456, False), ("—", True), (0, True),
          (260.4, True)]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures, lo_sheets, lo_test_start  # noqa: E402


def render(programa, avance, outdir):
    r = subprocess.run([PAA, "avance", programa, avance, "-o", outdir], capture_output=True, text=True)
    book = os.path.join(outdir, "avance-2024-06.xlsx")
    if r.returncode != 0 or not os.path.exists(book):
        sys.exit(f"paa avance falló ({r.returncode}): {r.stderr}")
    return book


def detail_rows(ws):
    """clave -> row number, and column title -> column number."""
    head = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)
            if re.fullmatch(r"\d{6}", str(ws.cell(r, 1).value or ""))}
    return rows, head


def pick_edits(book):
    """Claves to edit and the achieved to date each gets (a Decimal)."""
    wv = openpyxl.load_workbook(book, data_only=True)
    det = wv.worksheets[2]
    rows, col = detail_rows(det)
    state, prog = col["Semáforo"], col["Programado acumulado"]
    alc = col["Alcanzado acumulado"]

    def candidates(want):
        for clave, r in rows.items():
            p, a = det.cell(r, prog).value, det.cell(r, alc).value
            if (det.cell(r, state).value == want and isinstance(p, (int, float)) and p > 0
                    and p == int(p) and isinstance(a, (int, float)) and a > 0):
                yield clave, Decimal(int(p))
    verdes = list(candidates("verde"))
    others = [c for c in candidates("amarillo")] + [c for c in candidates("rojo")]
    edits = {verdes[0][0]: Decimal(0)}                              # verde -> rojo
    edits[verdes[1][0]] = verdes[1][1] * Decimal("0.9")             # exactly 90 %: verde
    edits[verdes[2][0]] = verdes[2][1] * Decimal("1.1")             # exactly 110 %: verde
    edits[others[0][0]] = others[0][1] * Decimal("0.7") - Decimal("0.0001")   # rojo, 69.9 %
    edits[others[1][0]] = others[1][1] * Decimal("1.1") + Decimal("0.0001")   # sobrecumplimiento
    # A sin programación activity with nothing achieved now achieves 5.
    sin_prog = next(c for c, r in rows.items() if det.cell(r, state).value == "sin programación"
                    and det.cell(r, alc).value == 0)
    edits[sin_prog] = Decimal(5)
    return edits, verdes[0][0], sin_prog


def edited_months(body, value):
    """Achieved per month (up to the cut-off) giving `value` to date as the
    workbook reads it: the months before the quarter as the file has them
    and the rest in the cut-off month, or all in enero when value is below
    their sum."""
    given = dict(re.findall(r'<alcanzado mes="([a-z]+)">([^<]*)</alcanzado>', body))
    before = [Decimal(given.get(mes, "0")) for mes in MONTHS[:BEFORE]]
    if value < sum(before):
        return [value] + [Decimal(0)] * (len(MONTHS) - 1)
    rest = [Decimal(0)] * (len(MONTHS) - BEFORE)
    rest[-1] = value - sum(before)
    return before + rest


def edited_xml(src, edits, out):
    """The avance XML with each edited activity's months giving the edited
    achieved to date (edited_months), and a justification."""
    with open(src, encoding="utf-8") as f:
        text = f.read()
    for clave, value in edits.items():
        m = re.search(rf'(<actividad clave="{clave}">)(.*?)(</actividad>)', text, re.S)
        values = edited_months(m.group(2), value)
        body = re.sub(r'\s*<alcanzado mes="[a-z]+">[^<]*</alcanzado>', "", m.group(2))
        if "<justificacion>" not in body:   # off the green band, paa asks for one
            body = "\n    <justificacion>Corrección de prueba.</justificacion>\n  " + body.strip()
        months = "".join(f'\n    <alcanzado mes="{mes}">{v}</alcanzado>'
                         for mes, v in zip(MONTHS, values))
        text = text[:m.start()] + m.group(1) + months + body + m.group(3) + text[m.end():]
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


def edit_book(book, edits, cleared, out):
    """Types the edits into Alcanzado acumulado, clears the row `cleared`
    (None: none) and adds a sheet evaluating the achieved's validation on
    PROBES; saved without cached values."""
    wb = openpyxl.load_workbook(book)
    det = wb.worksheets[2]
    rows, col = detail_rows(det)
    for clave, value in edits.items():
        det.cell(rows[clave], col["Alcanzado acumulado"]).value = float(value)
    if cleared is not None:
        for c in range(1, det.max_column + 1):
            det.cell(rows[cleared], c).value = None
    letter = openpyxl.utils.get_column_letter(col["Alcanzado acumulado"])
    dv = next(d for d in det.data_validations.dataValidation if str(d.sqref).startswith(letter + "5:"))
    probe = wb.create_sheet("Prueba")
    for k, (v, _) in enumerate(PROBES, start=1):
        probe.cell(k, 1).value = v
        probe.cell(k, 2).value = "=" + dv.formula1.replace(f"{letter}5", f"A{k}")
    wb.save(out)


def number(text):
    t = text.strip()
    scale = 100 if t.endswith("%") else 1
    try:
        return float(t.rstrip("%").strip()) / scale
    except ValueError:
        return None


def same(lo_text, want):
    if isinstance(want, (int, float)):
        got = number(lo_text)
        return got is not None and abs(got - want) < 1e-9
    return lo_text == ("" if want is None else str(want))


def compare(sheets, expected, edits):
    """LibreOffice's values of the edited workbook against paa's cached
    values for the edited XML: every formula of every sheet (the other
    rows are the same in both)."""
    wf = openpyxl.load_workbook(expected)
    wv = openpyxl.load_workbook(expected, data_only=True)
    bad, n = [], 0
    for name in wf.sheetnames:
        grid = sheets.get(name, [])
        for row in wf[name].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    got = grid[c.row - 1][c.column - 1] if c.row - 1 < len(grid) else None
                    want = wv[name][c.coordinate].value
                    n += 1
                    if got is None or not same(got, want):
                        bad.append(f"{name}!{c.coordinate} = {got!r}, paa calcula {want!r}")
    check(not bad, f"{len(bad)} de {n} valores difieren de paa: {bad[:5]}")
    return n


def quarter_col(col, prefix):
    return next(c for t, c in col.items() if t and t.startswith(prefix) and "trim." in t)


def check_quarter(book, sheets, det_name, rows, col, edits, to_zero):
    """The edited rows' quarter moved with the cumulative: achieved =
    edited − achieved before the quarter (never below 0), and the
    quarter's state is the one its own ratio gives."""
    before = openpyxl.load_workbook(book, data_only=True).worksheets[2]
    grid = sheets[det_name]
    prev_c, alc_c = col["Alcanzado antes del trimestre"], quarter_col(col, "Alcanzado ")
    prog_c, state_c = quarter_col(col, "Programado "), quarter_col(col, "Semáforo ")
    moved = 0
    for clave, value in edits.items():
        r = rows[clave]
        prev = Decimal(str(before.cell(r, prev_c).value))
        want = max(value - prev, Decimal(0))
        got = number(grid[r - 1][alc_c - 1])
        check(got is not None and abs(Decimal(str(got)) - want) < Decimal("0.00005"),
              f"{clave}: alcanzado del trimestre {grid[r - 1][alc_c - 1]}, se esperaba {want}")
        moved += before.cell(r, alc_c).value != float(want)
    r = rows[to_zero]
    prog = before.cell(r, prog_c).value
    check(isinstance(prog, (int, float)) and prog > 0 and grid[r - 1][state_c - 1] == "rojo",
          f"{to_zero} en 0: el trimestre queda «{grid[r - 1][state_c - 1]}» con {prog} programado")
    check(moved >= 4, f"solo {moved} trimestres cambiaron con la edición")


def check_con_avance(book, sheets, sin_prog):
    """The sin programación activity given something is counted «con
    avance sin programación» in its subprograma and the total."""
    before = openpyxl.load_workbook(book, data_only=True)["Resumen"]
    head = [before.cell(6, c).value for c in range(1, before.max_column + 1)]
    c = head.index("Con avance sin programación")
    for key in (sin_prog[:2], "Total"):
        r = next(i for i in range(7, before.max_row + 1) if before.cell(i, 1).value == key)
        check(same(sheets["Resumen"][r - 1][c], before.cell(r, c + 1).value + 1),
              f"Resumen {key}: con avance sin programación {sheets['Resumen'][r - 1][c]}, "
              f"antes {before.cell(r, c + 1).value}")


def main():
    lo = lo_test_start(TMP)
    programa = os.path.join(SRC, "input", "paa2024.xml")
    avance = os.path.join(SRC, "input", "avance-2024-06.xml")
    book = render(programa, avance, os.path.join(TMP, "original"))
    edits, to_zero, sin_prog = pick_edits(book)

    # Edited in the workbook and in the XML: the same figures.
    edited = os.path.join(TMP, "editado.xlsx")
    edit_book(book, edits, None, edited)
    sheets = lo_sheets(lo, edited, os.path.join(TMP, "csv"), TMP)
    xml = os.path.join(TMP, "avance-editado.xml")
    edited_xml(avance, edits, xml)
    expected = render(programa, xml, os.path.join(TMP, "esperado"))
    n = compare(sheets, expected, edits)

    det_name = openpyxl.load_workbook(book, read_only=True).sheetnames[2]
    rows, col = detail_rows(openpyxl.load_workbook(book).worksheets[2])
    states = {c: sheets[det_name][rows[c] - 1][col["Semáforo"] - 1] for c in edits}
    shown = {c: sheets[det_name][rows[c] - 1][col["% periodo"] - 1] for c in edits}
    print("editadas:", {c: (str(v), states[c], shown[c]) for c, v in edits.items()})
    check(states[to_zero] == "rojo", f"{to_zero} con alcanzado 0 queda «{states[to_zero]}», no «rojo»")
    want = ["rojo", "verde", "verde", "rojo", "sobrecumplimiento", "sin programación"]
    check(list(states.values()) == want, f"estados en los umbrales {list(states.values())}, se esperaban {want}")
    rojo_pct = number(list(shown.values())[3])
    check(rojo_pct is not None and round(rojo_pct * 1000) <= 699,
          f"un rojo a 0.0001 de 70 % muestra {list(shown.values())[3]}, no 69.9 %")
    # The summary moved: one verde fewer (the other verdes stay on the
    # band's edges) and more rojos in its subprograma.
    before = openpyxl.load_workbook(book, data_only=True)["Resumen"]
    head = [before.cell(6, c).value for c in range(1, before.max_column + 1)]
    sub = to_zero[:2]
    r = next(i for i in range(7, before.max_row + 1) if before.cell(i, 1).value == sub)
    res = sheets["Resumen"][r - 1]
    c = head.index("Verde")
    check(same(res[c], before.cell(r, c + 1).value - 1),
          f"Resumen {sub} Verde: {res[c]}, antes {before.cell(r, c + 1).value}")
    c = head.index("Rojo")
    check(number(res[c]) is not None and number(res[c]) > before.cell(r, c + 1).value,
          f"Resumen {sub} Rojo: {res[c]}, antes {before.cell(r, c + 1).value}")
    c = head.index("% en verde o más")
    check(number(res[c]) is not None and number(res[c]) < before.cell(r, c + 1).value,
          f"Resumen {sub}: «% en verde o más» {res[c]} no bajó de {before.cell(r, c + 1).value}")
    check_quarter(book, sheets, det_name, rows, col, edits, to_zero)
    check_con_avance(book, sheets, sin_prog)
    probe = sheets.get("Prueba", [])
    got = [p[1].upper() in ("TRUE", "1", "VERDADERO") for p in probe if len(p) > 1]
    check(got == [ok for _, ok in PROBES], f"validación del alcanzado: {got}, se esperaba {[ok for _, ok in PROBES]}")

    # A whole row cleared: no error value anywhere, the activity uncounted.
    cleared = next(c for c in rows if c[:2] == sub and c not in edits)
    emptied = os.path.join(TMP, "vaciado.xlsx")
    edit_book(book, {}, cleared, emptied)
    sheets = lo_sheets(lo, emptied, os.path.join(TMP, "csv-vaciado"), TMP)
    errors = [(name, i + 1, v) for name, cells in sheets.items() for i, row in enumerate(cells)
              for v in row if v.startswith(ERRORS)]
    check(not errors, f"valores de error con una fila vaciada: {errors[:5]}")
    res = sheets["Resumen"][r - 1]
    c = head.index("Actividades")
    check(same(res[c], before.cell(r, c + 1).value - 1),
          f"Resumen {sub}: {res[c]} actividades con {cleared} vaciada, antes {before.cell(r, c + 1).value}")
    total = next(row for row in sheets["Resumen"] if row and row[0] == "Total")
    check(same(total[c], len(rows) - 1), f"Resumen: total {total[c]} con una fila vaciada")

    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print(f"xlsx_avance_edicion: {n} valores recalculados por LibreOffice iguales a paa, correcto")


main()
