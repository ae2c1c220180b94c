"""End-to-end tests of `paa diff`: an edited copy of input/paa2024.xml with
a move between months, an added activity (counts updated), a renumbered
and moved activity, a renamed project and a change to a closed month must
give exactly those changes, with their lines, in every format; exit codes
as documented; the Markdown tables well formed; the JSON parseable."""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from paatest import check, failures  # noqa: E402
from adecuacion import NOMBRE_0105, editar  # noqa: E402

SRC = os.environ["PAA_SRC"]
PAA = os.environ["PAA"]
TMP = os.path.join(os.environ["PAA_TMP"], "diff")
os.makedirs(TMP, exist_ok=True)
ORIG = os.path.join(SRC, "input", "paa2024.xml")
BASELINE = os.path.join(SRC, "input", "paa2024.baseline")
EDIT = os.path.join(TMP, "editado.xml")

def line_of(text, needle):
    """1-based line of the only line containing needle."""
    hits = [i + 1 for i, l in enumerate(text.split("\n")) if needle in l]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


orig = open(ORIG, encoding="utf-8").read()
edited = editar(orig)
with open(EDIT, "w", encoding="utf-8") as f:
    f.write(edited)


def paa(*args):
    return subprocess.run([PAA, "diff", *args], capture_output=True, text=True)


def A(needle):
    return line_of(orig, needle)


def B(needle):
    return line_of(edited, needle)


ACT = '<actividad clave="%s">'
PROY = '<proyecto clave="%s"'
CANT_0202 = 'anual="36" ene="3" feb="3" mar="3" abr="3" may="3" jun="3" jul="'
CANT_0301 = 'ene="44" feb="'

# ---- JSON: the whole change tree ------------------------------------------------
r = paa(ORIG, EDIT, "--format", "json", "--corte", "jun", "--baseline", BASELINE)
check(r.returncode == 0, f"json: salida {r.returncode}: {r.stderr}")
doc = json.loads(r.stdout)
check(doc["formato"] == "paa-diff/1", "json: formato")
check(doc["corte"] == "jun" and doc["hay_cambios"] is True, "json: corte y hay_cambios")
check((doc["anterior"]["actividades"], doc["nuevo"]["actividades"]) == (318, 319), "json: totales contados")


def nodes(n, out):
    for h in n["hijos"]:
        out.append(h)
        nodes(h, out)
    return out


root = doc["programa"]
check([(c["campo"], c["anterior"], c["nuevo"], c["linea_anterior"], c["linea_nueva"]) for c in root["campos"]]
      == [("totales-actividades", 318, 319, A("<totales "), B("<totales "))], f"json: campos del programa {root['campos']}")
got = {(n["nivel"], n["clave_anterior"], n["clave_nueva"]): n for n in nodes(root, [])}
want = {
    ("subprograma", "01", "01"): "modificado",
    ("proyecto", "0101", "0101"): "sin-cambio",
    ("actividad", None, "010104"): "agregado",
    ("proyecto", "0102", "0102"): "modificado",
    ("actividad", "010202", "010202"): "modificado",
    ("actividad", "010103", "010204"): "renumerado",
    ("proyecto", "0103", "0103"): "sin-cambio",
    ("actividad", "010301", "010301"): "modificado",
    ("proyecto", "0105", "0105"): "modificado",
}
check({k: v["tipo"] for k, v in got.items()} == want, f"json: nodos {sorted(((k, v['tipo']) for k, v in got.items()), key=str)}")


def fields(key):
    n = got.get(key, {"campos": []})
    return [(c["campo"], c["mes"], c["anterior"], c["nuevo"], c["linea_anterior"], c["linea_nueva"], c["mes_cerrado"])
            for c in n["campos"]]


def lines(key, na, nb):
    n = got.get(key)
    if n:
        check((n["linea_anterior"], n["linea_nueva"]) == (na, nb),
              f"json: líneas de {key}: {(n['linea_anterior'], n['linea_nueva'])} != {(na, nb)}")


sub01 = '<subprograma numero="01"'
check(fields(("subprograma", "01", "01")) == [("actividades-declaradas", None, 28, 29, A(sub01), B(sub01), False)],
      f"json: subprograma 01 {fields(('subprograma', '01', '01'))}")
lines(("subprograma", "01", "01"), A(sub01), B(sub01))
check(fields(("proyecto", "0102", "0102")) == [("actividades-declaradas", None, 3, 4, A(PROY % "0102"), B(PROY % "0102"), False)],
      "json: proyecto 0102")
lines(("proyecto", "0102", "0102"), A(PROY % "0102"), B(PROY % "0102"))
ren = got.get(("actividad", "010103", "010204"), {})
check(ren.get("campos") == [] and ren.get("movido") is True and ren.get("contenedor_anterior") == "0101"
      and ren.get("contenedor_nuevo") == "0102", f"json: 010103 ⇒ 010204 {ren}")
lines(("actividad", "010103", "010204"), A(ACT % "010103"), B(ACT % "010204"))
check(fields(("actividad", "010202", "010202")) == [
    ("mes", "jul", 3, 0, A(CANT_0202), B(CANT_0202), False),
    ("mes", "ago", 3, 6, A(CANT_0202), B(CANT_0202), False)], f"json: 010202 {fields(('actividad', '010202', '010202'))}")
check(got.get(("actividad", "010202", "010202"), {}).get("trimestres") == [{"trimestre": 3, "anterior": 9, "nuevo": 9}],
      "json: trimestre 3 de 010202")
check(fields(("actividad", "010301", "010301")) == [
    ("anual", None, 243, 246, A(CANT_0301), B(CANT_0301), False),
    ("mes", "feb", 17, 20, A(CANT_0301), B(CANT_0301), True)], f"json: 010301 {fields(('actividad', '010301', '010301'))}")
check(got.get(("actividad", "010301", "010301"), {}).get("avisos") == ["mes-cerrado"], "json: aviso de mes cerrado")
check(fields(("proyecto", "0105", "0105"))[0][:2] == ("nombre", None)
      and fields(("proyecto", "0105", "0105"))[0][3] == NOMBRE_0105, "json: proyecto 0105 renombrado")
lines(("proyecto", "0105", "0105"), A(PROY % "0105"), B(PROY % "0105"))
added = got.get(("actividad", None, "010104"), {})
lines(("actividad", None, "010104"), None, B(ACT % "010104"))
check(added.get("avisos") == [] and {c["campo"] for c in added.get("campos", [])} >=
      {"descripcion", "unidad", "anual", "mes", "beneficiarios-tipo", "beneficiarios-cantidad"}, "json: 010104 agregada")
check(all(not n["avisos"] for k, n in got.items() if k != ("actividad", "010301", "010301")), "json: avisos de más")
check(doc["hallazgos"] == {"nuevos": [], "resueltos": [], "linea_base_obsoleta": []}, f"json: hallazgos {doc['hallazgos']}")
res = doc["resumen"]
check((res["actividades"], res["proyectos"], res["movidas"], res["meses_cerrados"]) ==
      ({"agregado": 1, "eliminado": 0, "modificado": 2, "renumerado": 1},
       {"agregado": 0, "eliminado": 0, "modificado": 2, "renumerado": 0}, 1, 1), f"json: resumen {res}")

# ---- text ----------------------------------------------------------------------
r = paa(ORIG, EDIT, "--corte", "jun")
check(r.returncode == 0, f"texto: salida {r.returncode}")
out = r.stdout
for want_line in [
        f"{EDIT}:{B('<totales ')}: programa modificado (antes {ORIG}:{A('<totales ')})",
        f"    Actividades declaradas en los totales: 318 → 319",
        f"    {EDIT}:{B(ACT % '010204')}: actividad 010103 ⇒ 010204, movida a 0102 (antes {ORIG}:{A(ACT % '010103')})",
        f"    {EDIT}:{B(ACT % '010104')}: actividad 010104 agregada",
        f"  {EDIT}:{B(PROY % '0105')}: proyecto 0105 renombrado (antes {ORIG}:{A(PROY % '0105')})",
        f"        Febrero: 17 → 20  [mes cerrado]  (líneas {A(CANT_0301)} → {B(CANT_0301)})",
        f"        Julio: 3 → 0  (líneas {A(CANT_0202)} → {B(CANT_0202)})",
        f"        Trimestre 3 (suma de sus meses): 9 → 9 (sin cambio neto)",
        "        aviso: cambia meses ya cerrados (corte: junio)"]:
    check(any(l.startswith(want_line) for l in out.split("\n")), f"texto: falta «{want_line}»")
check(out.count("aviso:") == 1, "texto: un solo aviso")
heads = [re.sub(r" «.*", "", l.strip()) for l in out.split("\n") if re.match(r"\s*\S+:\d+: ", l)]
check(heads == [
    f"{EDIT}:{B('<totales ')}: programa modificado (antes {ORIG}:{A('<totales ')})",
    f"{EDIT}:{B(sub01)}: subprograma 01 modificado (antes {ORIG}:{A(sub01)})",
    f"{EDIT}:{B(PROY % '0101')}: proyecto 0101 (antes {ORIG}:{A(PROY % '0101')})",
    f"{EDIT}:{B(ACT % '010104')}: actividad 010104 agregada",
    f"{EDIT}:{B(PROY % '0102')}: proyecto 0102 modificado (antes {ORIG}:{A(PROY % '0102')})",
    f"{EDIT}:{B(ACT % '010202')}: actividad 010202 modificada (antes {ORIG}:{A(ACT % '010202')})",
    f"{EDIT}:{B(ACT % '010204')}: actividad 010103 ⇒ 010204, movida a 0102 (antes {ORIG}:{A(ACT % '010103')})",
    f"{EDIT}:{B(PROY % '0103')}: proyecto 0103 (antes {ORIG}:{A(PROY % '0103')})",
    f"{EDIT}:{B(ACT % '010301')}: actividad 010301 modificada (antes {ORIG}:{A(ACT % '010301')})",
    f"{EDIT}:{B(PROY % '0105')}: proyecto 0105 renombrado (antes {ORIG}:{A(PROY % '0105')})"],
    "texto: los cambios, en orden:\n" + "\n".join(heads))
check(out.rstrip().endswith("resumen: 8 cambios: 1 actividad agregada, 2 actividades modificadas, "
                            "1 actividad renumerada (1 movida de proyecto), 2 proyectos modificados, "
                            "1 subprograma modificado, cambios en los totales declarados o los textos "
                            "generales; totales 13/86/318 → 13/86/319"), f"texto: resumen {out[-300:]}")
# Without --corte nothing is a closed month.
r = paa(ORIG, EDIT)
check("mes cerrado" not in r.stdout and "aviso:" not in r.stdout, "texto: sin --corte no hay meses cerrados")

# ---- markdown: well-formed tables -----------------------------------------------
r = paa(ORIG, EDIT, "--format", "markdown", "--corte", "6")
check(r.returncode == 0, f"markdown: salida {r.returncode}")
md = r.stdout


def cells(row):
    """Cells of a table row, honouring escaped pipes."""
    parts = re.split(r"(?<!\\)\|", row)
    check(parts[0] == "" and parts[-1] == "", f"markdown: fila sin | en los extremos: {row[:80]}")
    return parts[1:-1]


tables, cur = [], None
for l in md.split("\n"):
    if l.startswith("|"):
        if cur is None:
            cur = []
            tables.append(cur)
        cur.append(l)
    else:
        cur = None
for t in tables:
    check(len(t) >= 3, f"markdown: tabla sin filas: {t[:1]}")
    head = cells(t[0])
    check(all(re.fullmatch(r" -{3,}:? ", c) for c in cells(t[1])), f"markdown: separador mal formado: {t[1]}")
    for row in t[1:]:
        check(len(cells(row)) == len(head), f"markdown: {len(cells(row))} celdas en vez de {len(head)}: {row[:100]}")
heads = re.findall(r"^### (.*)$", md, re.M)
check(heads == ["Totales declarados y textos generales",
                "Subprograma 01 — Coordinación y supervisión de la gestión institucional.",
                "Revisión del programa"], f"markdown: secciones {heads}")
for row in ["| Actividades | 318 | **319** |",
            "| **010103 ⇒ 010204** | Actividad renumerada y movida al proyecto 0102: «",
            f"| | Febrero ⚠️ mes ya cerrado | 17 | 20 | {A(CANT_0301)} → {B(CANT_0301)} |",
            f"| | Julio | 3 | 0 | {A(CANT_0202)} → {B(CANT_0202)} |",
            "| | Trimestre 3 (jul–sep), suma | 9 | 9 | |",
            f"| | Nombre | ",
            "| | Programación mensual | — | ene 0 · feb 0 · mar 0 · abr 0 · may 0 · jun 0 · jul 2 ·",
            f"| Actividades declaradas en los totales | 318 | 319 | {A('<totales ')} → {B('<totales ')} |"]:
    check(any(l.startswith(row) for l in md.split("\n")), f"markdown: falta la fila «{row}»")
# GitHub's own renderer (cmark-gfm, scripts/setup --test) must see the same
# tables, every row with the header's cells.
cmark = shutil.which("cmark-gfm")
if cmark:
    html = subprocess.run([cmark, "-e", "table"], input=md, capture_output=True, text=True).stdout
    rendered = re.findall(r"<table>.*?</table>", html, re.S)
    check(len(rendered) == len(tables) == 3, f"markdown: cmark-gfm ve {len(rendered)} tablas, se esperaban 3")
    for t in rendered:
        widths = {len(re.findall(r"<t[hd][ >]", tr)) for tr in re.findall(r"<tr>.*?</tr>", t, re.S)}
        check(len(widths) == 1, f"markdown: filas de anchos distintos al renderizar: {widths}")
    check("<td><strong>010103 ⇒ 010204</strong></td>" in html, "markdown: la clave renumerada en su celda")
else:
    print("cmark-gfm no está instalado: no se renderiza el Markdown (scripts/setup --test lo instala)")
check("> ⚠️ **1 actividad cambia meses ya cerrados** (corte: junio)" in md, "markdown: aviso de meses cerrados")
rows = [re.match(r"\| \*\*([^*]*)\*\* \| ([^|:]*)", l).groups() for l in md.split("\n") if l.startswith("| **")]
check(rows == [("01", "Subprograma modificado"), ("0101", "Proyecto (cambios en sus actividades)"),
               ("010104", "Actividad nueva"), ("0102", "Proyecto modificado"), ("010202", "Actividad modificada"),
               ("010103 ⇒ 010204", "Actividad renumerada y movida al proyecto 0102"),
               ("0103", "Proyecto (cambios en sus actividades)"), ("010301", "Actividad modificada"),
               ("0105", "Proyecto renombrado")], f"markdown: filas de cambios {rows}")

# ---- github workflow commands -----------------------------------------------------
r = paa(ORIG, EDIT, "--format", "github", "--corte", "jun")
check(r.returncode == 0, f"github: salida {r.returncode}")
gh = r.stdout.split("\n")
check(all(l.startswith("::") for l in gh if l), "github: toda línea es un comando")
titles = [re.search(r"title=([^:]*)::", l).group(1) for l in gh if l]
check(titles == ["programa modificado", "subprograma 01 modificado", "actividad 010104 agregada",
                 "proyecto 0102 modificado", "actividad 010202 modificada",
                 "actividad 010103 ⇒ 010204%2C movida a 0102", "actividad 010301 modificada",
                 "proyecto 0105 renombrado", "paa diff"], f"github: comandos {titles}")
for want_line in [
        f"::notice file={EDIT},line={B(ACT % '010204')},title=actividad 010103 ⇒ 010204%2C movida a 0102::",
        f"::warning file={EDIT},line={B(ACT % '010301')},title=actividad 010301 modificada::",
        f"::notice file={EDIT},line={B(PROY % '0105')},title=proyecto 0105 renombrado::",
        "::notice title=paa diff::8 cambios: "]:
    check(any(l.startswith(want_line) for l in gh), f"github: falta «{want_line}»")
check(any("Febrero: 17 → 20 (mes ya cerrado)%0A" in l for l in gh), "github: mensaje del mes cerrado")

# ---- exit codes ----------------------------------------------------------------------
check(paa(ORIG, EDIT, "--exit-code").returncode == 1, "--exit-code con diferencias debe salir con 1")
check(paa(ORIG, ORIG, "--exit-code").returncode == 0, "--exit-code sin diferencias debe salir con 0")
check(paa(ORIG, ORIG).returncode == 0, "sin diferencias sale con 0")
for args, what in [((ORIG, EDIT, "--format", "yaml"), "formato desconocido"),
                   ((ORIG, EDIT, "--corte", "trece"), "mes de corte inválido"),
                   ((ORIG,), "faltan argumentos"),
                   ((ORIG, os.path.join(TMP, "no-existe.xml")), "no se puede abrir"),
                   ((ORIG, os.path.join(SRC, "tests", "fixtures", "hostil", os.listdir(os.path.join(SRC, "tests", "fixtures", "hostil"))[0])), "[xml]")]:
    r = paa(*args)
    check(r.returncode == 2, f"{args[-1]}: salida {r.returncode}, se esperaba 2")
    check(what in r.stderr, f"{args[-1]}: falta «{what}» en {r.stderr[:200]}")

# Help and usage name the command.
h = subprocess.run([PAA, "help", "diff"], capture_output=True, text=True)
check(h.returncode == 0 and "--exit-code" in h.stdout and "paa-diff/1" in h.stdout, "help diff")
h = subprocess.run([PAA, "--help"], capture_output=True, text=True)
check("paa diff ANTERIOR.xml NUEVO.xml" in h.stdout, "--help lista paa diff")

# -o writes atomically the same bytes as stdout.
out_md = os.path.join(TMP, "cambios.md")
r = paa(ORIG, EDIT, "--format", "markdown", "--corte", "jun", "-o", out_md)
check(r.returncode == 0 and open(out_md, encoding="utf-8").read() == md, "-o: mismo contenido que la salida estándar")

sys.exit(1 if failures else 0)
