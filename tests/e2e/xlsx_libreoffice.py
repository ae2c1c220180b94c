"""paa xlsx: the workbook recalculates and prints right in LibreOffice.

openpyxl re-saves the workbook without any cached value, after editing it
the way a reader would (one month changed, one annual cleared); LibreOffice
then has to compute every formula itself. Its CSV export of each sheet must
give, for every activity, the exact sum of the months (empty when no month
is known) and the right "Revisión", and on Estructura the
proyectos/actividades counted per subprograma.

The unedited workbook is then printed to PDF by LibreOffice: every page's
text (outside the running header and footer) must print at 7 pt or more,
measured on the words' boxes (pdftotext -bbox), and the sheets must come
out in the pages their print setup promises; no text of Actividades is cut
by a row too short, and its rows are not padded (at most 68 pages). Exits 77 (skipped) when
soffice is not installed.
"""
import csv
import io
import os
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import openpyxl

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_libreoffice")
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures, lo_sheets, lo_test_start, printed  # noqa: E402


def model_rows(src):
    r = subprocess.run([PAA, "export", src, "--format", "csv"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("paa export falló: " + r.stderr)
    return list(csv.DictReader(io.StringIO(r.stdout)))


def expected_revision(row):
    months = [row[m] for m in MONTHS]
    if row["anual"] == "" or "" in months:
        known = sum((Decimal(m) for m in months if m != ""), Decimal(0))
        if row["anual"] != "" and known > Decimal(row["anual"]):
            return "faltan cantidades y los meses ya superan la anual"
        return "faltan cantidades"
    total = sum((Decimal(m) for m in months), Decimal(0))
    return "correcta" if total == Decimal(row["anual"]) else "anual distinta de la suma"


def month_sum(row):
    """The exact sum of the known months; None when none is known."""
    known = [Decimal(row[m]) for m in MONTHS if row[m] != ""]
    return sum(known, Decimal(0)) if known else None


PROBES = [(-1, False), ("abc", False), (1.5, True), (1.23456, False), ("—", True), (0, True),
          (260.4, True)]
ERRORS = ("#DIV/0!", "#VALUE!", "#N/A", "#REF!", "#NAME?", "#NUM!", "Err:")


def edit(book, rows, out):
    """Edits the workbook the way a reader would, in `rows` too: changes ene
    of the first complete row, clears the annual of the last row, types a
    text into a month, clears a whole row, appends an activity (extending
    the table, whose calculated columns Excel fills) and deletes a row.
    A sheet «Prueba» evaluates the quantities' validation formula on
    PROBES. Saves without cached values. Returns the claves edited."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Actividades"]
    table = ws.tables["TablaActividades"]
    ncols = ws.max_column
    last_col = openpyxl.utils.get_column_letter(ncols)
    complete = [i for i, r in enumerate(rows) if expected_revision(r) == "correcta"]
    first, texted = complete[0], complete[1]
    new = Decimal(rows[first]["ene"]) + 7
    ws.cell(first + 2, 7).value = float(new)
    rows[first]["ene"] = str(new)
    last = len(rows) - 1
    ws.cell(last + 2, 6).value = None
    rows[last]["anual"] = ""
    ws.cell(texted + 2, 8).value = "abc"
    rows[texted]["feb"] = ""
    # A whole row cleared (formulas too), in a subprograma with others.
    cleared = next(i for i in range(1, len(rows) - 1)
                   if i not in (first, texted) and rows[i]["subprograma"] == rows[i + 1]["subprograma"])
    edits = {"cambiada": rows[first]["clave"], "anual borrada": rows[last]["clave"],
             "texto": rows[texted]["clave"], "vaciada": rows[cleared]["clave"]}
    for c in range(1, ncols + 1):
        ws.cell(cleared + 2, c).value = None
    rows[cleared] = {k: "" for k in rows[cleared]} | {"vaciada": True}
    # An activity appended below, in a new proyecto of the first subprograma.
    r = len(rows) + 2
    added = {k: "" for k in rows[0]} | {"subprograma": rows[0]["subprograma"], "proyecto": "9999",
                                        "clave": "999999", "actividad": "Actividad agregada",
                                        "anual": "12", **{m: "1" for m in MONTHS}}
    for c, key in enumerate(["subprograma", "proyecto", "clave", "actividad", "unidad", "anual"] + MONTHS):
        v = added[key]
        ws.cell(r, c + 1).value = float(v) if key in MONTHS or key == "anual" else v
    for c in (ncols - 2, ncols - 1):   # Suma meses, Revisión: the table's formulas
        ws.cell(r, c).value = ws.cell(2, c).value
    rows.append(added)
    # A row deleted (after the others, so their indices held).
    deleted = next(i for i in range(len(rows) // 2, len(rows))
                   if not rows[i].get("vaciada") and i not in (first, texted, last))
    edits["borrada"] = rows[deleted]["clave"]
    ws.delete_rows(deleted + 2)
    del rows[deleted]
    table.ref = f"A1:{last_col}{len(rows) + 1}"
    table.autoFilter.ref = table.ref
    # The validation of the quantities, evaluated on probes.
    dv = next(d for d in ws.data_validations.dataValidation if "F2" in str(d.sqref))
    probe = wb.create_sheet("Prueba")
    for k, (v, _) in enumerate(PROBES, start=1):
        probe.cell(k, 1).value = v
        probe.cell(k, 2).value = "=" + dv.formula1.replace("F2", f"A{k}")
    wb.save(out)
    return edits


def convert(lo, book, outdir):
    return lo_sheets(lo, book, outdir, TMP)


def check_edits(sheets, rows, edits):
    """What a reader sees after the edits: every calendar shows the data of
    Actividades, no sheet shows an error value, and the validation refuses
    what is not a quantity."""
    for name, cells in sheets.items():
        bad = [(name, i + 1, v) for i, row in enumerate(cells) for v in row if v.startswith(ERRORS)]
        check(not bad, f"valores de error tras editar: {bad[:5]}")
    cal = {}
    for name, cells in sheets.items():
        if re.fullmatch(r"\d\d", name):
            for row in cells:
                if row and re.fullmatch(r"\d{6}", row[0]):
                    cal[row[0]] = row
    live = {x["clave"]: x for x in rows if not x.get("vaciada")}
    for clave, row in cal.items():
        x = live.get(clave)
        if x is None:   # deleted or cleared in Actividades
            check(all(v == "—" for v in row[3:17]), f"calendario {clave}: activity gone, shows {row[3:17]}")
            continue
        for k, key in enumerate(["anual"] + MONTHS):
            want = x[key]
            got = row[3 + k]
            if clave == edits["texto"] and key == "feb":
                check(got == "abc", f"calendario {clave} feb = {got!r}, se esperaba el texto escrito")
            elif want == "":
                check(got == "—", f"calendario {clave} {key} = {got!r}, se esperaba «—»")
            else:
                check(got != "" and got != "—" and Decimal(got) == Decimal(want),
                      f"calendario {clave} {key} = {got!r}, Actividades dice {want}")
    for what in ("cambiada", "borrada", "vaciada", "texto"):
        check(edits[what] in cal, f"el calendario no muestra la actividad {what} {edits[what]}")
    probe = sheets.get("Prueba", [])
    got = [r[1].upper() in ("TRUE", "1", "VERDADERO") for r in probe if len(r) > 1]
    check(got == [ok for _, ok in PROBES], f"validación de cantidades: {got}, se esperaba {[ok for _, ok in PROBES]}")


MIN_PT = 7.0
# Liberation Sans (LibreOffice's Arial): pdftotext's word box is 1.27 em.


def main():
    lo = lo_test_start(TMP)
    src = os.path.join(SRC, "input", "paa2024.xml")
    if not os.path.exists(src):
        src = os.path.join(SRC, "tests", "fixtures", "minimo.xml")
    book = os.path.join(TMP, "libro.xlsx")
    r = subprocess.run([PAA, "xlsx", src, "-o", book], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("paa xlsx falló: " + r.stderr)
    rows = model_rows(src)
    edited = os.path.join(TMP, "editado.xlsx")
    model = [dict(r) for r in rows]   # the unedited programme, printed below
    edits = edit(book, rows, edited)
    sheets = convert(lo, edited, TMP)
    act = sheets.get("Actividades")
    if not check(act is not None, f"LibreOffice no exportó Actividades ({sorted(sheets)})"):
        sys.exit(1)
    head = act[0]
    suma, rev = head.index("Suma meses"), head.index("Revisión")
    check(len(act) - 1 == len(rows), f"{len(act) - 1} filas recalculadas, se esperaban {len(rows)}")
    for row, got in zip(rows, act[1:]):
        if row.get("vaciada"):
            check(not any(got), f"la fila vaciada llegó como {got!r}")
            continue
        clave = row["clave"]
        check(got[2] == clave, f"fila de {clave} llegó como {got[2]!r}")
        want = month_sum(row)
        ok = got[suma] == "" if want is None else (
            got[suma] != "" and Decimal(got[suma]).quantize(Decimal("0.0001")) == want)
        check(ok, f"{clave}: Suma meses recalculada {got[suma]!r}, se esperaba {want if want is not None else 'vacía'}")
        check(got[rev] == expected_revision(row),
              f"{clave}: Revisión recalculada {got[rev]!r}, se esperaba {expected_revision(row)!r}")
    for what, clave in edits.items():
        got = next((g for g in act[1:] if g[2] == clave), None)
        if got is not None:
            print(f"{what} {clave}: suma {got[suma]}, revisión «{got[rev]}»")
    check_edits(sheets, rows, edits)

    est = sheets.get("Estructura", [])
    subs = sorted({x["subprograma"] for x in rows if not x.get("vaciada")})
    table = {r[0]: r for r in est if r and r[0] in subs}
    check(sorted(table) == subs, f"Estructura recalculada sin los subprogramas {subs}")
    live = [x for x in rows if not x.get("vaciada")]
    for sub, r in table.items():
        want_p = len({x["proyecto"] for x in live if x["subprograma"] == sub})
        want_a = sum(1 for x in live if x["subprograma"] == sub)
        check(r[3] != "" and Decimal(r[3]) == want_p, f"Estructura {sub}: proyectos {r[3]!r}, se esperaban {want_p}")
        check(r[4] != "" and Decimal(r[4]) == want_a, f"Estructura {sub}: actividades {r[4]!r}, se esperaban {want_a}")
    total = next((r for r in est if r and r[0] == "Total"), None)
    check(total is not None and Decimal(total[4]) == len(live), f"Estructura: total recalculado {total}")
    rows = model

    pages = printed(lo, book, TMP)
    sheets_seen = [p["sheet"] for p in pages]
    check(sheets_seen[0] == "Estructura" and "Actividades" in sheets_seen,
          f"hojas impresas: {sorted(set(sheets_seen))}")
    small = [p for p in pages if p["min"] < MIN_PT]
    check(not small, "páginas con letra menor que 7 pt: " +
          ", ".join(f"{p['page']} ({p['sheet']}, {p['min']:.1f} pt: «{p['word']}»)" for p in small[:5]))
    # Actividades prints its pages of one band of rows side by side, each
    # with the clave; its helper columns do not print.
    act = [p for p in pages if p["sheet"] == "Actividades"]
    check(len(act) >= 2 and "Clave" in act[0]["text"] and "Clave" in act[1]["text"] and
          "Ene" in act[0]["text"] and "Dic" in act[1]["text"],
          "Actividades no se imprime en dos páginas de ancho con la clave en cada una")
    helpers = ("Suma meses", "Cantidades reconstruidas", "anual distinta de la suma",
               "faltan cantidades")
    check(not any(h in p["text"] for p in act for h in helpers),
          "las columnas auxiliares de Actividades salen impresas")
    # Lost values print "—" (not blank) and every page's footer says what
    # "—" and "†" mean, since the helper columns do not print.
    lost = [r["clave"] for r in rows if r["anual"] == "" or "" in [r[m] for m in MONTHS]]
    check(not lost or any("—" in p["text"] for p in act),
          f"Actividades: los valores perdidos ({lost[:3]}) no se imprimen como «—»")
    check(all("—" in p["foot"] and "†" in p["foot"] for p in act),
          "Actividades: alguna página impresa no explica «—» y «†» en el pie: " +
          next((p["foot"] for p in act if "—" not in p["foot"] or "†" not in p["foot"]), ""))
    # Rows are as tall as their wrapped texts measured with the font's
    # metrics: no line is cut (every word of the activities' texts prints)
    # and no row is padded with empty lines (74 pages before that).
    # (LibreOffice may break a line after a hyphen: compare the parts.)
    def parts(text):
        return [w for word in text.split() for w in re.split(r"(?<=-)", word) if w]
    printed_words = Counter(w for p in act for w in parts(p["text"]))
    wanted = Counter(w for row in rows for key in ("actividad", "unidad", "beneficiarios")
                     for w in parts(row[key]))
    cut = wanted - printed_words
    check(not cut, f"Actividades: texto cortado en la impresión: {sorted(cut)[:10]}")
    if len(rows) == 318:
        check(len(act) <= 68, f"Actividades se imprime en {len(act)} páginas (filas demasiado altas)")
    # Each calendar numbers its own pages, even printed with the workbook.
    for sub in sorted({p["sheet"] for p in pages if re.fullmatch(r"\d\d", p["sheet"])}):
        first = next(p for p in pages if p["sheet"] == sub)
        check(re.search(r"Página 1\b", first["foot"]) is not None,
              f"hoja {sub}: su primera página impresa dice {first['foot']!r}")
    print(f"impreso por LibreOffice: {len(pages)} páginas, letra mínima "
          f"{min(p['min'] for p in pages):.1f} pt")

    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print(f"xlsx_libreoffice: {len(rows)} actividades recalculadas por LibreOffice, correcto")


main()
