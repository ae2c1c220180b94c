"""Helpers shared by the Python end-to-end tests (tests/e2e/*.py).

They collect failures instead of stopping at the first one, so a run shows
everything that is wrong at once; each test exits non-zero at the end when
`failures` is not empty.
"""
import html
import os
import re
import shutil
import subprocess
import sys

failures = []


def check(cond, msg):
    """Records msg as a failure when cond is false; returns cond."""
    if not cond:
        failures.append(msg)
        print("FALLO:", msg)
    return cond


def soffice():
    """Path of LibreOffice's command, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


# pdftotext's word box for Liberation Sans (Arial metrics), in em.
BOX_EM = 1.27


def printed(lo, book, tmp):
    """Prints book to PDF with LibreOffice (soffice path `lo`, scratch dir
    `tmp`); per page: the sheet (from the footer "SIGLAS · hoja"), its text,
    its footer and the smallest word size outside the header and footer."""
    outdir = os.path.join(tmp, "pdf")
    profile = "file://" + os.path.join(tmp, "perfil")
    r = subprocess.run([lo, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                        "--convert-to", "pdf", "--outdir", outdir, book],
                       capture_output=True, text=True, timeout=300)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(book))[0] + ".pdf")
    if r.returncode != 0 or not os.path.exists(pdf):
        sys.exit(f"soffice no imprimió el libro ({r.returncode}): {r.stderr}")
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for i, page in enumerate(bbox.split("<page ")[1:], 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [(float(m.group(1)), float(m.group(2)), html.unescape(m.group(3)))
                 for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)]
        body = [((y1 - y0) / BOX_EM, w) for y0, y1, w in words if y0 > 45 and y1 < height - 35]
        foot = [w for y0, y1, w in words if y0 >= height - 35]
        sheet = foot[foot.index("·") + 1] if "·" in foot[:-1] else ""
        low = min(body) if body else (99, "")
        pages.append({"page": i, "sheet": sheet, "min": low[0], "word": low[1],
                      "text": " ".join(w for _, w in body), "foot": " ".join(foot)})
    return pages


# LibreOffice's CSV filter: comma, quote, UTF-8, from row 1, raw values
# (not as shown), every sheet to its own file (-1).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def lo_sheets(lo, book, outdir, tmp):
    """Every sheet of book as LibreOffice computes it on loading (a book
    saved by openpyxl has no cached value, so every formula is computed):
    sheet name -> rows of CSV cells."""
    import csv
    import glob
    profile = "file://" + os.path.join(tmp, "perfil")
    r = subprocess.run([lo, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                        "--convert-to", CSV_ALL_SHEETS, "--outdir", outdir, book],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit(f"soffice falló ({r.returncode}): {r.stderr}")
    base = os.path.splitext(os.path.basename(book))[0]
    sheets = {}
    for path in glob.glob(os.path.join(outdir, base + "-*.csv")):
        with open(path, encoding="utf-8") as f:
            sheets[os.path.basename(path)[len(base) + 1:-4]] = list(csv.reader(f))
    return sheets


def lo_test_start(tmp):
    """LibreOffice's command for a test that needs it, with a clean scratch
    directory tmp; exits 77 (skipped) when soffice is not installed."""
    lo = soffice()
    if lo is None:
        print("soffice no está instalado: prueba omitida")
        sys.exit(77)
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    return lo
