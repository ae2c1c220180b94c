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
import glob
import io
import os
import re
import shutil
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
from paatest import check, failures, printed, soffice  # noqa: E402


def model_rows(src):
    r = subprocess.run([PAA, "export", src, "--format", "csv"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("paa export falló: " + r.stderr)
    return list(csv.DictReader(io.StringIO(r.stdout)))


def expected_revision(row):
    months = [row[m] for m in MONTHS]
    if row["anual"] == "" or "" in months:
        return "faltan cantidades"
    total = sum((Decimal(m) for m in months), Decimal(0))
    return "correcta" if total == Decimal(row["anual"]) else "anual distinta de la suma"


def month_sum(row):
    """The exact sum of the known months; None when none is known."""
    known = [Decimal(row[m]) for m in MONTHS if row[m] != ""]
    return sum(known, Decimal(0)) if known else None


def edit(book, rows, out):
    """Changes ene of the first complete row and clears the annual of the
    last row, in the workbook and in `rows`; saves without cached values."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Actividades"]
    first = next(i for i, r in enumerate(rows) if expected_revision(r) == "correcta")
    new = Decimal(rows[first]["ene"]) + 7
    ws.cell(first + 2, 7).value = float(new)
    rows[first]["ene"] = str(new)
    last = len(rows) - 1
    ws.cell(last + 2, 6).value = None
    rows[last]["anual"] = ""
    wb.save(out)
    return rows[first]["clave"], rows[last]["clave"]


def convert(lo, book, outdir):
    profile = "file://" + os.path.join(TMP, "perfil")
    # Filter options: comma, quote, UTF-8, from row 1, raw values (not as
    # shown), every sheet to its own file (-1).
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    r = subprocess.run([lo, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                        "--convert-to", fmt, "--outdir", outdir, book],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit(f"soffice falló ({r.returncode}): {r.stderr}")
    base = os.path.splitext(os.path.basename(book))[0]
    sheets = {}
    for path in glob.glob(os.path.join(outdir, base + "-*.csv")):
        name = os.path.basename(path)[len(base) + 1:-4]
        with open(path, encoding="utf-8") as f:
            sheets[name] = list(csv.reader(f))
    return sheets


MIN_PT = 7.0
# Liberation Sans (LibreOffice's Arial): pdftotext's word box is 1.27 em.


def main():
    lo = soffice()
    if lo is None:
        print("soffice no está instalado: prueba omitida")
        sys.exit(77)
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    src = os.path.join(SRC, "input", "paa2024.xml")
    if not os.path.exists(src):
        src = os.path.join(SRC, "tests", "fixtures", "minimo.xml")
    book = os.path.join(TMP, "libro.xlsx")
    r = subprocess.run([PAA, "xlsx", src, "-o", book], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("paa xlsx falló: " + r.stderr)
    rows = model_rows(src)
    edited = os.path.join(TMP, "editado.xlsx")
    changed, cleared = edit(book, rows, edited)
    sheets = convert(lo, edited, TMP)
    act = sheets.get("Actividades")
    if not check(act is not None, f"LibreOffice no exportó Actividades ({sorted(sheets)})"):
        sys.exit(1)
    head = act[0]
    suma, rev = head.index("Suma meses"), head.index("Revisión")
    check(len(act) - 1 == len(rows), f"{len(act) - 1} filas recalculadas, se esperaban {len(rows)}")
    for row, got in zip(rows, act[1:]):
        clave = row["clave"]
        check(got[2] == clave, f"fila de {clave} llegó como {got[2]!r}")
        want = month_sum(row)
        ok = got[suma] == "" if want is None else (
            got[suma] != "" and Decimal(got[suma]).quantize(Decimal("0.0001")) == want)
        check(ok, f"{clave}: Suma meses recalculada {got[suma]!r}, se esperaba {want if want is not None else 'vacía'}")
        check(got[rev] == expected_revision(row),
              f"{clave}: Revisión recalculada {got[rev]!r}, se esperaba {expected_revision(row)!r}")
    for clave in (changed, cleared):
        got = next(g for g in act[1:] if g[2] == clave)
        print(f"editada {clave}: suma {got[suma]}, revisión «{got[rev]}»")

    est = sheets.get("Estructura", [])
    subs = sorted({x["subprograma"] for x in rows})
    table = {r[0]: r for r in est if r and r[0] in subs}
    check(sorted(table) == subs, f"Estructura recalculada sin los subprogramas {subs}")
    for sub, r in table.items():
        want_p = len({x["proyecto"] for x in rows if x["subprograma"] == sub})
        want_a = sum(1 for x in rows if x["subprograma"] == sub)
        check(r[3] != "" and Decimal(r[3]) == want_p, f"Estructura {sub}: proyectos {r[3]!r}, se esperaban {want_p}")
        check(r[4] != "" and Decimal(r[4]) == want_a, f"Estructura {sub}: actividades {r[4]!r}, se esperaban {want_a}")
    total = next((r for r in est if r and r[0] == "Total"), None)
    check(total is not None and Decimal(total[4]) == len(rows), f"Estructura: total recalculado {total}")

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
    print(f"impreso por LibreOffice: {len(pages)} páginas, letra mínima "
          f"{min(p['min'] for p in pages):.1f} pt")

    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print(f"xlsx_libreoffice: {len(rows)} actividades recalculadas por LibreOffice, correcto")


main()
