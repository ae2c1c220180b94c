"""paa html: the site is well-formed, escapes hostile text, is
byte-reproducible, written whole (a failure leaves the previous site
intact, a directory paa did not write is never replaced) and says when the
downloads are absent instead of linking them.

Well-formed means twice: every page parses as XML (the generator writes
polyglot markup) and libxml2's HTML parser (xmllint --html) reports no
error other than not knowing the HTML5 element names.
"""
import filecmp
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from paatest import check, failures  # noqa: E402

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "html_sitio")
HTML5 = {"header", "nav", "main", "footer", "section"}


def paa(*args):
    return subprocess.run([PAA, *args], capture_output=True, text=True)


def pages(site):
    return sorted(f for f in os.listdir(site) if f.endswith(".html"))


def well_formed(site):
    for name in pages(site):
        path = os.path.join(site, name)
        try:
            ET.parse(path)
        except ET.ParseError as e:
            check(False, f"{name} no es XML bien formado: {e}")
        r = subprocess.run(["xmllint", "--html", "--noout", path], capture_output=True,
                           text=True)
        errors = [m for m in re.findall(r"HTML parser error : (.*)", r.stderr)
                  if not re.fullmatch(r"Tag (\w+) invalid", m)
                  or re.fullmatch(r"Tag (\w+) invalid", m).group(1) not in HTML5]
        check(not errors, f"{name}: el analizador HTML de libxml2 informa {errors[:3]}")


def tree(site):
    out = {}
    for root, _, files in os.walk(site):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, site)] = fh.read()
    return out


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    prog = os.path.join(SRC, "input", "paa2024.xml")
    avance = os.path.join(SRC, "input", "avance-2024-06.xml")
    base = os.path.join(SRC, "input", "paa2024.baseline")

    # the real programme with its progress report, twice: same bytes
    a, b = os.path.join(TMP, "a"), os.path.join(TMP, "b")
    for out in (a, b):
        r = paa("html", prog, "-o", out, "--avance", avance, "--baseline", base)
        check(r.returncode == 0, f"paa html terminó con {r.returncode}: {r.stderr}")
    check(tree(a) == tree(b), "dos corridas no dan los mismos bytes")
    names = pages(a)
    check(len(names) == 36, f"se esperaban 36 páginas, hay {len(names)}")
    for want in ("index.html", "presentacion.html", "estructura.html", "nota-edicion.html",
                 "subprograma-01.html", "subprograma-13.html", "anexo.html",
                 "avance-2024-06.html", "avance-2024-06-06.html", "estilo.css"):
        check(os.path.exists(os.path.join(a, want)), f"falta {want}")
    well_formed(a)
    index = open(os.path.join(a, "index.html"), encoding="utf-8").read()
    check("no incluye los documentos descargables" in index,
          "sin --descargas el sitio no dice que no trae los documentos")
    check('href="descargas/' not in index, "sin --descargas hay enlaces a descargas")
    for name in names:
        text = open(os.path.join(a, name), encoding="utf-8").read()
        check(text.count("<h1>") == 1, f"{name}: no tiene exactamente un h1")
        check('<html lang="es-MX">' in text, f"{name}: falta lang es-MX")
        check("<script" not in text, f"{name}: tiene JavaScript")
        check(not re.search(r'(src|href)="(https?:)?//', text), f"{name}: pide algo externo")

    # the marks are spoken, months are said in full
    cal = open(os.path.join(a, "subprograma-02.html"), encoding="utf-8").read()
    check('<span aria-hidden="true">Ene</span><span class="vh">enero</span>' in cal,
          "el encabezado de mes no se lee completo")
    check('<span aria-hidden="true">—</span><span class="vh">dato perdido</span>' in cal,
          "«—» no dice «dato perdido»")
    check("valor reconstruido" in open(os.path.join(a, "subprograma-01.html"),
                                       encoding="utf-8").read(),
          "«†» no dice «valor reconstruido»")
    detalle = open(os.path.join(a, "avance-2024-06-01.html"), encoding="utf-8").read()
    check(re.search(r'<span class="estado estado-verde">verde</span>', detalle),
          "el semáforo no se escribe con su palabra")
    # the quarter of the cut-off: said in its columns' headers; 010101 has
    # 1,600 programmed and 1,596 achieved in abril–junio, 99.8 % verde
    check(detalle.count("2.º trim. (abr–jun)</th>") == 3,
          "las columnas del trimestre no dicen cuál es")
    check(re.search(r'<th scope="row">010101</th>.*?<td class="n">1,600</td><td class="n">1,596'
                    r'</td><td class="n">99\.8\xa0% <span class="estado estado-verde">verde'
                    r'</span></td>', detalle),
          "la fila 010101 no da el trimestre: 1,600, 1,596, 99.8 % verde")
    # the summary leads with the share in green or better and rojo, the
    # capped mean last; sin programación con avance counted (15 in the
    # sample), and the activities with a percentage
    resumen = open(os.path.join(a, "avance-2024-06.html"), encoding="utf-8").read()
    para = re.sub(r"<[^>]+>", "", resumen[resumen.index("Al corte de"):])
    para = para[:para.index("Resumen por subprograma")]
    check(para.index("en verde o más: 237 de 287 (82.6\xa0%); en rojo: 36") <
          para.index("Por estado:") < para.index("Cumplimiento promedio: 90.0\xa0%"),
          f"el resumen no empieza por en verde o más y en rojo: {para}")
    check("Con avance sin programación (sin porcentaje posible): 15." in para,
          "el resumen no cuenta las actividades sin programación con avance")
    check("En el 2.º trimestre (abril a junio), en verde o más:" in para,
          "el resumen no da el trimestre")
    total = re.sub(r"<[^>]+>", " ", resumen[resumen.index("<tfoot>"):resumen.index("</tfoot>")])
    # (activities, with %, in green or better and its %, amarillo, rojo,
    # sin programación, con avance, sin datos, sin reporte, mean)
    check(" ".join(total.split()) == "Total del Instituto 318 287 237 82.6 % 14 36 29 15 1 1 "
                                     "90.0 %", f"la fila total del resumen: {total.split()}")

    # a hostile description is text, never markup
    hostile = os.path.join(TMP, "hostil.xml")
    src = open(os.path.join(SRC, "tests", "fixtures", "minimo.xml"), encoding="utf-8").read()
    src = src.replace("<descripcion>Atender solicitudes.</descripcion>",
                      "<descripcion>&lt;script&gt;alert('x')&lt;/script&gt; &amp; "
                      "&lt;b onclick=\"x\"&gt;A&amp;amp;B</descripcion>")
    open(hostile, "w", encoding="utf-8").write(src)
    h = os.path.join(TMP, "hostil")
    r = paa("html", hostile, "-o", h)
    check(r.returncode == 0, f"paa html con texto hostil: {r.returncode} {r.stderr}")
    sp = open(os.path.join(h, "subprograma-01.html"), encoding="utf-8").read()
    check("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b onclick=&quot;x&quot;"
          "&gt;A&amp;amp;B" in sp, "la descripción hostil no se escribe como texto")
    check("<script" not in sp and "<b " not in sp, "la descripción hostil se volvió marcado")
    well_formed(h)

    # a failure leaves the previous site as it was and no temporary behind
    before = tree(a)
    bad = os.path.join(TMP, "malo.xml")
    shutil.copy(os.path.join(SRC, "layouts", "web.xml"), bad)
    shutil.copy(os.path.join(SRC, "layouts", "web.css"), TMP)
    text = open(bad, encoding="utf-8").read().replace("{titulo}</texto>", "{nada}</texto>", 1)
    open(bad, "w", encoding="utf-8").write(text)
    r = paa("html", prog, "-o", a, "--layout", bad)
    check(r.returncode != 0, "un diseño con un marcador desconocido no falló")
    check("marcador desconocido" in r.stderr and "malo.xml:" in r.stderr,
          f"el error no dice el marcador y su línea: {r.stderr}")
    check(tree(a) == before, "la falla tocó el sitio anterior")
    leftovers = [f for f in os.listdir(TMP) if ".tmp-" in f or ".anterior-" in f]
    check(not leftovers, f"quedaron temporales: {leftovers}")

    # replaced whole when paa wrote it; refused when it did not
    open(os.path.join(a, "viejo.html"), "w").write("x")
    r = paa("html", hostile, "-o", a)
    check(r.returncode == 0 and not os.path.exists(os.path.join(a, "viejo.html")),
          "el sitio anterior no se reemplazó completo")
    mine = os.path.join(TMP, "mio")
    os.makedirs(mine)
    open(os.path.join(mine, "tesis.txt"), "w").write("no borrar")
    r = paa("html", hostile, "-o", mine)
    check(r.returncode == 2 and "no lo generó paa" in r.stderr,
          f"se aceptó reemplazar un directorio ajeno: {r.returncode} {r.stderr}")
    check(os.listdir(mine) == ["tesis.txt"], "se tocó un directorio ajeno")

    # downloads: present ones copied with their size, absent ones said
    dl = os.path.join(TMP, "docs")
    os.makedirs(dl)
    paa("export", hostile, "--format", "csv", "-o", os.path.join(dl, "hostil.csv"))
    d = os.path.join(TMP, "con-descargas")
    r = paa("html", hostile, "-o", d, "--descargas", dl)
    check(r.returncode == 0, f"paa html --descargas: {r.stderr}")
    check(filecmp.cmp(os.path.join(dl, "hostil.csv"), os.path.join(d, "descargas", "hostil.csv"),
                      shallow=False), "el CSV no se copió tal cual")
    size = os.path.getsize(os.path.join(dl, "hostil.csv"))
    idx = open(os.path.join(d, "index.html"), encoding="utf-8").read()
    check(f'href="descargas/hostil.csv" type="text/csv">Datos abiertos en CSV</a> '
          f'<span class="tamano">({size} B)</span>' in idx, "el CSV no se enlaza con su tamaño")
    check("Programa en PDF <span class=\"tamano\">(no incluido en esta copia)</span>" in idx,
          "el PDF ausente no se dice")
    check('href="descargas/hostil.pdf"' not in idx, "se enlaza un PDF ausente")

    print(f"{len(names)} páginas revisadas")
    if failures:
        sys.exit(1)


main()
