"""paa html --modificado: the web edition's progress pages measured against
the programme in force after an adecuación (input/paa2024-adecuacion.xml),
as `paa avance --modificado` measures them.

- the detail tables put «Programado acumulado original» beside
  «… modificado» as real column headers, with the right figures for a
  changed goal (010101, 010102: annual 12 → 14), an added activity
  (010205), a renumbered one (010204, before 010103); the `*` mark is
  said in words and explained in the legend; the note gives the change;
- the rows follow the modified programme (010103 and 010302 are gone from
  the detail; the renamed proyecto 0104 carries its new name);
- the summary says what it is measured against and lists the cancelled
  010302 with its original 127 programmed to June and 158 annual;
- every activity's programmed and achieved to date are those of the
  workbook of `paa avance --modificado` (the same report, not recomputed);
- the programme's pages stay the approved programme's: byte-equal to the
  site without --modificado; without it no page speaks of an adecuación;
- `paa generar --modificado --web` gives the same site as `paa html
  --modificado --descargas` over its documents;
- a bad or missing --modificado: Spanish message, file:line, the exit code
  of `paa avance --modificado`, nothing written.
"""
import html
import os
import re
import shutil
import subprocess
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from paatest import check, failures  # noqa: E402

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "html_modificado")
PROG = os.path.join(SRC, "input", "paa2024.xml")
MOD = os.path.join(SRC, "input", "paa2024-adecuacion.xml")
AV = os.path.join(SRC, "input", "adecuacion", "avance-2024-06.xml")
BASE = os.path.join(SRC, "input", "paa2024.baseline")


def paa(*args):
    return subprocess.run([PAA, *args], capture_output=True, text=True)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def text(markup):
    """What a reader gets: tags dropped, entities decoded, spaces folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def detail_rows(site):
    """clave -> list of its cells' markup, over every detail page."""
    rows = {}
    for name in sorted(os.listdir(site)):
        if re.fullmatch(r"avance-2024-06-\d\d\.html", name):
            for m in re.finditer(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', read(
                    os.path.join(site, name))):
                rows[m.group(1)] = re.findall(r"<td[^>]*>(.*?)</td>", m.group(2))
    return rows


def number(cell):
    """The figure of a cell, marks (and what they say) left out."""
    visible = re.sub(r'<span class="vh">.*?</span>', "", cell)
    visible = re.sub(r'<span class="marca-fila"[^>]*>.*?</span>', "", visible)
    return text(visible)


# columns of a detail row after the clave (th): actividad, unidad, prog.
# mes, alc. mes, prog. trim., alc. trim., % trim., prog. acum. original,
# prog. acum. modificado, alc. acum., % periodo, % anual, semáforo, notas
ORIG, MODIF, ALC, NOTES = 7, 8, 9, 13


def figures_agree(site, book):
    """Every activity's programmed to date (original and modified) and
    achieved to date as in the workbook of `paa avance --modificado`, and
    the same activities."""
    ws = openpyxl.load_workbook(book)["Detalle"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Clave")
    col = {t: i for i, t in enumerate(rows[head])}
    want = {r[0]: r for r in rows[head + 1:] if re.fullmatch(r"\d{6}", str(r[0]))}
    got = detail_rows(site)
    check(set(got) == set(want),
          f"actividades distintas del libro: {sorted(set(got) ^ set(want))[:5]}")
    bad = []
    for clave, cells in got.items():
        if clave not in want:
            continue
        for c, title in ((ORIG, "Programado acumulado original"),
                         (MODIF, "Programado acumulado modificado"),
                         (ALC, "Alcanzado acumulado")):
            v = want[clave][col[title]]
            shown = f"{v:,}" if isinstance(v, (int, float)) else "—"
            if number(cells[c]) != shown:
                bad.append(f"{clave} {title}: web {number(cells[c])}, libro {shown}")
    check(not bad, f"{len(bad)} cifras distintas del libro: {bad[:3]}")
    return len(got)


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    site = os.path.join(TMP, "sitio")
    r = paa("html", PROG, "--modificado", MOD, "--avance", AV, "-o", site)
    check(r.returncode == 0, f"paa html --modificado salió con {r.returncode}: {r.stderr}")
    if failures:
        sys.exit(1)

    # ---- the detail: both programmed-to-date columns, marks and notes ----
    d01 = read(os.path.join(site, "avance-2024-06-01.html"))
    check('<th scope="col" class="n">Programado acumulado original</th>'
          '<th scope="col" class="n">Programado acumulado modificado</th>' in d01,
          "faltan los encabezados original y modificado")
    check(d01.count('colspan="15"') == d01.count("<tbody>") > 0,
          "la fila de cada proyecto no abarca las 15 columnas")
    rows = detail_rows(site)
    r1, r2 = rows.get("010101"), rows.get("010102")
    check(r1 and (number(r1[ORIG]), number(r1[MODIF])) == ("2,770", "2,570"),
          f"010101: original y modificado {r1 and (r1[ORIG], r1[MODIF])}")
    check(r2 and (number(r2[ORIG]), number(r2[MODIF])) == ("6", "8"),
          f"010102: original y modificado {r2 and (r2[ORIG], r2[MODIF])}")
    said = ('<span class="marca-fila" aria-hidden="true">*</span><span class="vh"> (meta '
            'modificada o actividad agregada por la adecuación)</span>')
    check(r2 and said in r2[MODIF], "010102: la marca * no se dice con palabras")
    check(r2 and "* Meta modificada por la adecuación: anual de 12 a 14; junio de 1 a 3."
          in text(r2[NOTES]), f"010102: nota {r2 and text(r2[NOTES])}")
    r5 = rows.get("010205")
    check(r5 is not None, "falta la actividad agregada 010205")
    if r5:
        check('<span class="vh">no estaba en el programa aprobado</span>' in r5[ORIG],
              f"010205: su original no dice que no existía: {r5[ORIG]}")
        check(number(r5[MODIF]) == "1" and said in r5[MODIF], f"010205: {r5[MODIF]}")
        check("* Actividad agregada por la adecuación." in text(r5[NOTES]), "010205: nota")
    r4 = rows.get("010204")
    check(r4 and "Renumerada por la adecuación: antes 010103." in text(r4[NOTES]),
          "010204 no dice que antes era 010103")
    check(r4 and (number(r4[ORIG]), number(r4[MODIF])) == ("156", "156"),
          f"010204: original y modificado {r4 and (r4[ORIG], r4[MODIF])}")
    check(r4 and "*" not in number(r4[MODIF]), "010204 (sin cambio de meta) lleva la marca *")
    check("010103" not in rows and "010302" not in rows,
          "el detalle sigue la estructura del programa aprobado")
    check("Proyecto 0104. Certificaciones de Oficialía Electoral" in d01,
          "el proyecto 0104 no lleva su nombre del programa modificado")
    legend = text(d01[d01.index('<div class="leyenda">'):d01.index("</div>")])
    check("* meta modificada o actividad agregada por la adecuación: la adecuación cambió la "
          "meta de la actividad o la agregó" in legend, f"la leyenda no explica «*»: {legend}")
    check(re.search(r"<th(?=[ >])(?! scope=)", d01) is None, "un <th> sin scope en el detalle")

    # ---- the summary: the sentence and the cancelled activities ----
    s = read(os.path.join(site, "avance-2024-06.html"))
    st = text(s)
    check("Cumplimiento medido contra el programa modificado (adecuación del 30 de mayo "
          "de 2024). La adecuación modificó la meta de 2 actividades, agregó 1, renumeró 1 "
          "y canceló 1" in st, "el resumen no dice contra qué programa se mide")
    check("en el programa aprobado (paa2024.xml) y «Programado acumulado modificado», en el "
          "programa vigente (paa2024-adecuacion.xml)" in st and SRC not in s,
          "el resumen nombra los programas con la ruta de esta máquina, no por su archivo")
    check('<h2 id="canceladas">Actividades canceladas por la adecuación</h2>' in s,
          "falta la sección de las canceladas")
    m = re.search(r'<tr><th scope="row">010302</th>(.*?)</tr>', s)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(1)) if m else []
    check(cells[:1] == ["0103"] and [text(c) for c in cells[-2:]] == ["127", "158"],
          f"010302 cancelada: {cells}")

    # ---- the same figures as `paa avance --modificado` ----
    docs = os.path.join(TMP, "avance")
    r = paa("avance", PROG, AV, "--modificado", MOD, "-o", docs)
    check(r.returncode == 0, f"paa avance --modificado: {r.stderr}")
    n = figures_agree(site, os.path.join(docs, "avance-2024-06.xlsx"))
    canc = list(openpyxl.load_workbook(os.path.join(docs, "avance-2024-06.xlsx"))[
        "Canceladas"].iter_rows(values_only=True))
    check(any(row[0] == "010302" and 127 in row and 158 in row for row in canc),
          "el libro no da 010302 con 127 y 158")

    # ---- the programme's pages stay the approved programme's (the sample
    # progress file of the approved programme gives the same page names) ----
    plain = os.path.join(TMP, "sin")
    r = paa("html", PROG, "--avance", os.path.join(SRC, "input", "avance-2024-06.xml"),
            "-o", plain)
    check(r.returncode == 0, f"paa html sin --modificado: {r.stderr}")
    same = [f for f in os.listdir(plain) if not f.startswith("avance-")]
    differ = [f for f in same if read(os.path.join(plain, f)) != read(os.path.join(site, f))]
    check(not differ, f"las páginas del programa cambian con --modificado: {differ[:3]}")
    check(sorted(os.listdir(plain)) == sorted(os.listdir(site)), "otros archivos")
    for f in os.listdir(plain):
        if f.endswith(".html"):
            check("adecuación" not in read(os.path.join(plain, f)),
                  f"sin --modificado {f} habla de la adecuación")

    # ---- generar --modificado --web: the same site ----
    out = os.path.join(TMP, "junto")
    r = paa("generar", PROG, "--modificado", MOD, "--avance", AV, "--baseline", BASE,
            "-o", out, "--web")
    check(r.returncode == 0, f"generar --modificado --web: {r.stderr}")
    solo = os.path.join(TMP, "solo")
    r = paa("html", PROG, "--modificado", MOD, "--avance", AV, "--descargas", out,
            "--baseline", BASE, "-o", solo)
    check(r.returncode == 0, f"html --modificado --descargas: {r.stderr}")
    r = subprocess.run(["diff", "-r", solo, os.path.join(out, "web")], capture_output=True,
                       text=True)
    check(r.returncode == 0, f"generar --web difiere de paa html: {r.stdout[:300]}")

    # ---- a bad or missing --modificado ----
    broken = os.path.join(TMP, "roto.xml")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<programa anio="2024">\n<roto>\n</programa>\n')
    for path, why in ((broken, "roto"), (os.path.join(TMP, "no-existe.xml"), "ausente")):
        want = paa("avance", PROG, AV, "--modificado", path, "-o", os.path.join(TMP, "x"))
        nada = os.path.join(TMP, "nada")
        r = paa("html", PROG, "--modificado", path, "--avance", AV, "-o", nada)
        check(r.returncode == want.returncode and r.returncode in (1, 2),
              f"--modificado {why}: html sale con {r.returncode}, avance con "
              f"{want.returncode}")
        check(path + ":" in r.stderr and "error:" in r.stderr,
              f"--modificado {why}: {r.stderr}")
        check(not os.path.exists(nada), f"--modificado {why}: se escribió el sitio")
    check(re.search(re.escape(broken) + r":\d+:", paa(
        "html", PROG, "--modificado", broken, "-o", os.path.join(TMP, "nada")).stderr),
        "sin archivo:línea para un --modificado roto")

    print(f"{n} actividades comparadas con el libro de paa avance --modificado")
    if failures:
        sys.exit(1)


main()
