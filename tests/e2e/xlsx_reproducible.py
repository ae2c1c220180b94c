"""paa xlsx: same input, same bytes; failures leave no file and say why.

- two renders a second apart, in different time zones, are byte-identical;
- a different SOURCE_DATE_EPOCH changes the document date (and only that
  makes the bytes differ);
- an unwritable target, an invalid layout and a layout with an unknown
  placeholder each fail with a Spanish message naming the file (and line),
  leaving neither the workbook nor a temporary file behind, and an existing
  workbook untouched.
"""
import filecmp
import os
import shutil
import subprocess
import sys
import time
import zipfile

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "xlsx_reproducible")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paatest import check, failures  # noqa: E402


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([PAA, *args], capture_output=True, text=True, env=e)


def source():
    full = os.path.join(SRC, "input", "paa2024.xml")
    return full if os.path.exists(full) else os.path.join(SRC, "tests", "fixtures", "minimo.xml")


def listing():
    return sorted(os.listdir(TMP))


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    src = source()
    a, b, c = (os.path.join(TMP, n) for n in ("a.xlsx", "b.xlsx", "c.xlsx"))

    r = run("xlsx", src, "-o", a, env={"TZ": "UTC"})
    check(r.returncode == 0, f"primer render: {r.returncode} {r.stderr}")
    time.sleep(1.1)
    r = run("xlsx", src, "-o", b, env={"TZ": "America/Mexico_City"})
    check(r.returncode == 0, f"segundo render: {r.returncode} {r.stderr}")
    check(filecmp.cmp(a, b, shallow=False), "dos renders de la misma entrada difieren")
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
        check("2024-03-19T00:00:00Z" in core, f"fecha de creación inesperada en core.xml: {core[-400:]}")
        check(all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist()),
              "las entradas del zip llevan la hora del reloj")

    r = run("xlsx", src, "-o", c, env={"SOURCE_DATE_EPOCH": "1710892800"})
    check(r.returncode == 0, f"render con otra fecha: {r.returncode} {r.stderr}")
    check(not filecmp.cmp(a, c, shallow=False), "SOURCE_DATE_EPOCH no cambia el documento")
    with zipfile.ZipFile(c) as z:
        check("2024-03-20T00:00:00Z" in z.read("docProps/core.xml").decode(),
              "la fecha del documento no viene de SOURCE_DATE_EPOCH")
    os.remove(c)

    before = listing()
    r = run("xlsx", src, "-o", os.path.join(TMP, "no-existe", "x.xlsx"))
    check(r.returncode != 0, "escribir en un directorio inexistente no falló")
    check(r.stderr.strip() != "", "el fallo de escritura no dice nada")
    check(listing() == before, f"quedaron archivos tras el fallo: {listing()}")

    # A layout that breaks the schema: rejected on load, with its line.
    bad = os.path.join(TMP, "libro-malo.xml")
    with open(os.path.join(SRC, "layouts", "libro.xml"), encoding="utf-8") as f:
        text = f.read().replace('="../fonts/', f'="{SRC}/fonts/')   # the copy lives elsewhere
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text.replace('relleno="#6D1A48"', 'relleno="morado"', 1))
    before = listing()
    r = run("xlsx", src, "-o", a, "--layout", bad)
    check(r.returncode != 0, "un diseño inválido no hizo fallar")
    check("libro-malo.xml:" in r.stderr, f"el mensaje no nombra el diseño y su línea: {r.stderr!r}")
    check(listing() == before, f"quedaron archivos tras el diseño inválido: {listing()}")
    check(filecmp.cmp(a, b, shallow=False), "el libro anterior cambió tras un fallo")

    # Valid for the schema, wrong for the renderer: still file:line.
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text.replace('derecha="{institucion}"', 'derecha="{instituto}"', 1))
    before = listing()
    r = run("xlsx", src, "-o", a, "--layout", bad)
    check(r.returncode != 0, "un marcador desconocido no hizo fallar")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if 'derecha="{institucion}"' in l)
    check(f"libro-malo.xml:{line}" in r.stderr and "{instituto}" in r.stderr,
          f"el mensaje no señala libro-malo.xml:{line}: {r.stderr!r}")
    check(listing() == before, f"quedaron archivos tras el marcador desconocido: {listing()}")
    check(filecmp.cmp(a, b, shallow=False), "el libro anterior cambió tras un fallo")

    if failures:
        print(f"{len(failures)} fallos")
        sys.exit(1)
    print("xlsx_reproducible: correcto")


main()
