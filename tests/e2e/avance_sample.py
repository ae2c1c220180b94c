"""End-to-end test of the progress report on the shipped sample.

Recomputes every figure independently from the XML files (Python
fractions, not paa's code) and checks them against the PDF text
(pdftotext) and the workbook cells (openpyxl, cached values); checks that
the sample covers every case, that scripts/gen-avance.py reproduces it
byte for byte and that paa's outputs are reproducible.
"""
import filecmp
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl

PAA = os.environ["PAA"]
SRC = Path(os.environ["PAA_SRC"])
TMP = Path(os.environ["PAA_TMP"]) / "avance_sample"
TMP.mkdir(parents=True, exist_ok=True)
PROGRAMA = SRC / "input" / "paa2024.xml"
AVANCE = SRC / "input" / "avance-2024-06.xml"
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


# ---- independent computation ---------------------------------------------

def thresholds():
    sem = ET.parse(SRC / "layouts" / "avance.xml").getroot().find("semaforo")
    return tuple(Fraction(sem.get(k)) for k in ("verde", "amarillo", "sobrecumplimiento"))


def half_up_tenths(r):
    """A ratio as tenths of a percent, rounded half up once."""
    x = r * 1000 + Fraction(1, 2)
    return x.numerator // x.denominator


def pct(tenths):
    return f"{tenths // 10}.{tenths % 10} %"


def grouped(q):
    """paa's display of a quantity: 4,060 / 0.08 / 2,773."""
    whole = q.numerator // q.denominator
    frac = q - whole
    s = f"{whole:,}"
    if frac:   # at most 4 decimals: the Decimal quotient is exact
        s += str(Decimal(frac.numerator) / Decimal(frac.denominator))[1:]
    return s


def compute():
    verde, amarillo, sobre = thresholds()
    root = ET.parse(AVANCE).getroot()
    corte = MONTHS.index(root.get("corte")) + 1
    items = {}
    for it in root.findall("actividad"):
        if it.get("clave") in items:
            continue
        alc = {}
        for a in it.findall("alcanzado"):
            m = MONTHS.index(a.get("mes"))
            if m < corte and m not in alc:
                alc[m] = Fraction(a.text.strip())
        items[it.get("clave")] = (alc, it.find("justificacion") is not None)
    rows, subs = [], []
    for sp in ET.parse(PROGRAMA).getroot().findall("subprograma"):
        sub_rows = []
        for pr in sp.findall("proyecto"):
            for act in pr.findall("actividad"):
                q = act.find("cantidades")
                meses = [Fraction(q.get(m).strip()) if q.get(m) else None for m in MONTHS]
                anual = Fraction(q.get("anual").strip()) if q.get("anual") else None
                alc, _ = items.get(act.get("clave"), ({}, False))
                a_acc = sum(alc.get(m, Fraction(0)) for m in range(corte))
                known = all(v is not None for v in meses[:corte])
                p_acc = sum(meses[:corte]) if known else None
                row = {"clave": act.get("clave"), "sub": sp.get("numero"),
                       "prog_mes": meses[corte - 1], "alc_mes": alc.get(corte - 1, Fraction(0)),
                       "prog_acum": p_acc, "alc_acum": a_acc, "anual": anual,
                       "reported": act.get("clave") in items}
                if p_acc is None:
                    row["state"], row["ratio"] = "sin datos", None
                elif p_acc == 0:
                    row["state"], row["ratio"] = "sin programación", None
                else:
                    r = a_acc / p_acc
                    row["ratio"] = r
                    row["state"] = ("sobrecumplimiento" if r * 100 > sobre else
                                    "verde" if r * 100 >= verde else
                                    "amarillo" if r * 100 >= amarillo else "rojo")
                row["anual_ratio"] = a_acc / anual if anual else None
                sub_rows.append(row)
        rows += sub_rows
        subs.append((sp.get("numero"), sub_rows))
    return rows, subs


def rollup(rows):
    ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
    counts = {s: sum(1 for r in rows if r["state"] == s) for s in
              ("sobrecumplimiento", "verde", "amarillo", "rojo", "sin programación", "sin datos")}
    mean = sum(ratios) / len(ratios) if ratios else None
    return counts, mean, len(ratios)


rows, subs = compute()

# ---- the sample covers every case ----------------------------------------

states = {r["state"] for r in rows}
for s in ("verde", "amarillo", "rojo", "sobrecumplimiento", "sin programación"):
    check(s in states, f"la muestra no tiene ninguna actividad en «{s}»")
check(any(r["state"] == "sin programación" and r["alc_acum"] > 0 for r in rows),
      "la muestra no tiene nada programado con algo alcanzado")
check(any(not r["reported"] and r["prog_acum"] for r in rows),
      "la muestra no tiene una actividad programada sin reporte")
check(any(r["alc_acum"].denominator != 1 for r in rows),
      "la muestra no tiene cantidades fraccionarias")
text = AVANCE.read_text(encoding="utf-8")
check('ejemplo="si"' in text and "DATOS DE EJEMPLO" in text,
      "la muestra no se declara como datos de ejemplo")

# ---- the generator reproduces the sample ----------------------------------

for n in (1, 2):
    subprocess.run([sys.executable, str(SRC / "scripts" / "gen-avance.py"), str(PROGRAMA),
                    "-o", str(TMP / f"gen{n}.xml")], check=True)
check(filecmp.cmp(TMP / "gen1.xml", TMP / "gen2.xml", shallow=False),
      "scripts/gen-avance.py no es determinista")
check(filecmp.cmp(TMP / "gen1.xml", AVANCE, shallow=False),
      "input/avance-2024-06.xml no es lo que genera scripts/gen-avance.py con "
      "input/paa2024.xml (regenérelo)")

# ---- run paa twice: reproducible outputs ----------------------------------

for n in (1, 2):
    out = TMP / f"out{n}"
    res = subprocess.run([PAA, "avance", str(PROGRAMA), str(AVANCE), "-o", str(out)],
                         capture_output=True, text=True)
    check(res.returncode == 0, f"paa avance terminó con {res.returncode}: {res.stdout}{res.stderr}")
for ext in ("pdf", "xlsx"):
    a, b = TMP / "out1" / f"avance-2024-06.{ext}", TMP / "out2" / f"avance-2024-06.{ext}"
    check(a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False),
          f"avance-2024-06.{ext} no es reproducible")

# ---- PDF text ----------------------------------------------------------------

pdf = TMP / "out1" / "avance-2024-06.pdf"
txt = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                     text=True).stdout
flat = re.sub(r"\s+", " ", txt)
check("Informe de avance del Programa Anual de Actividades 2024" in flat, "PDF: falta el título")
check("enero–junio" in flat, "PDF: falta el periodo")
check("DATOS DE EJEMPLO" in flat, "PDF: falta el aviso de datos de ejemplo")
check("Resumen ejecutivo" in flat and "Notas metodológicas" in flat,
      "PDF: falta el resumen ejecutivo o sus notas")

lines = txt.splitlines()
order = ("sobrecumplimiento", "verde", "amarillo", "rojo", "sin programación", "sin datos")
for numero, srows in subs:
    counts, mean, _ = rollup(srows)
    figures = [str(len(srows))] + [str(counts[s]) for s in order]
    figures.append(pct(half_up_tenths(mean)) if mean is not None else "—")
    want = r"\s+".join(re.escape(f) for f in figures) + r"\s*$"
    check(any(re.match(rf"\s*{numero}\s", l) and re.search(want, l) for l in lines),
          f"PDF: la fila del subprograma {numero} no muestra {' '.join(figures)}")
counts, mean, nr = rollup(rows)
total = [str(len(rows))] + [str(counts[s]) for s in order] + [pct(half_up_tenths(mean))]
check(re.search(r"Total del Instituto\s+" + r"\s+".join(re.escape(f) for f in total), txt),
      f"PDF: la fila total no muestra {' '.join(total)}")
check(f"es de {pct(half_up_tenths(mean))}" in flat,
      "PDF: el párrafo del resumen no da el cumplimiento promedio")

bad = 0
for r in rows:
    sd = lambda q: "s/d" if q is None else grouped(q)
    figs = [sd(r["prog_mes"]), grouped(r["alc_mes"]), sd(r["prog_acum"]),
            grouped(r["alc_acum"]),
            pct(half_up_tenths(r["ratio"])) if r["ratio"] is not None else "—",
            pct(half_up_tenths(r["anual_ratio"])) if r["anual_ratio"] is not None else "—",
            r["state"]]
    want = r"\s+".join(re.escape(f) for f in figs)
    if not any(l.lstrip().startswith(r["clave"]) and re.search(want, l) for l in lines):
        bad += 1
        if bad <= 5:
            failures.append(f"PDF: la fila de {r['clave']} no muestra {' '.join(figs)}")
check(bad == 0, f"PDF: {bad} filas de detalle no coinciden")

# ---- workbook -------------------------------------------------------------------

xlsx = TMP / "out1" / "avance-2024-06.xlsx"
wb = openpyxl.load_workbook(xlsx, data_only=True)
wf = openpyxl.load_workbook(xlsx)
check(wb.sheetnames == ["Resumen", "Proyectos", "Detalle"], f"hojas: {wb.sheetnames}")
res, det = wb["Resumen"], wb["Detalle"]
check("DATOS DE EJEMPLO" in str(res["A3"].value), "XLSX: falta el aviso de datos de ejemplo")

by_clave = {det.cell(row=i, column=1).value: i for i in range(5, det.max_row + 1)}
check(len(by_clave) == len(rows), f"XLSX: {len(by_clave)} filas de detalle, se esperaban {len(rows)}")


def num_or_sd(v):
    return "s/d" if v is None else float(v)


for r in rows:
    i = by_clave.get(r["clave"])
    if i is None:
        failures.append(f"XLSX: falta {r['clave']}")
        continue
    got = [det.cell(row=i, column=c).value for c in range(6, 14)]
    want = [num_or_sd(r["anual"]), num_or_sd(r["prog_mes"]), float(r["alc_mes"]),
            num_or_sd(r["prog_acum"]), float(r["alc_acum"])]
    for g, w in zip(got[:5], want):
        if g != w and not (isinstance(g, float) and isinstance(w, float) and abs(g - w) < 1e-9):
            failures.append(f"XLSX: {r['clave']}: {got[:5]} en lugar de {want}")
            break
    for g, w in ((got[5], r["ratio"]), (got[6], r["anual_ratio"])):
        ok = (g == "" or g is None) if w is None else abs(g - float(w)) < 1e-12
        check(ok, f"XLSX: {r['clave']}: porcentaje {g!r}, se esperaba {w}")
    check(got[7] == r["state"], f"XLSX: {r['clave']}: semáforo {got[7]!r}, se esperaba {r['state']}")
    k = wf["Detalle"].cell(row=i, column=11).value
    check(isinstance(k, str) and k.startswith("=IF(N(I"), f"XLSX: % periodo no es fórmula: {k!r}")

res_rows = {res.cell(row=i, column=1).value: i for i in range(7, 7 + len(subs) + 1)}
for numero, srows in subs:
    counts, mean, nr = rollup(srows)
    i = res_rows.get(numero)
    if i is None:
        failures.append(f"XLSX: falta el subprograma {numero} en el resumen")
        continue
    got = [res.cell(row=i, column=c).value for c in range(3, 12)]
    want = [len(srows)] + [counts[s] for s in order] + [nr]
    check(got[:8] == want, f"XLSX: resumen {numero}: {got[:8]} en lugar de {want}")
    check(got[8] in ("", None) if mean is None else abs(got[8] - float(mean)) < 1e-12,
          f"XLSX: promedio de {numero}: {got[8]}, se esperaba {float(mean)}")
    f = wf["Resumen"].cell(row=i, column=11).value
    check(isinstance(f, str) and "AVERAGEIFS" in f, f"XLSX: el promedio no es fórmula: {f!r}")

wd = wf["Detalle"]
check(wd.freeze_panes == "B5", f"XLSX: paneles inmovilizados en {wd.freeze_panes}")
check(wd.auto_filter.ref is not None and wd.auto_filter.ref.startswith("A4:N"),
      f"XLSX: autofiltro {wd.auto_filter.ref}")
check(any("M5" in str(rng.sqref) for rng in wd.conditional_formatting),
      "XLSX: falta el formato condicional del semáforo")
check(wd.page_setup.orientation == "landscape", "XLSX: la impresión no es horizontal")
check(len(wf["Resumen"]._charts) == 2, "XLSX: el resumen no tiene sus dos gráficas")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"avance_sample: correcto ({len(rows)} actividades, promedio {pct(half_up_tenths(mean))})")
