"""`paa check` as CI runs it (issue 10): one quiet line on the published
programme, every mistake of a file in one run, baselines that pin what they
accept and fail loudly when unusable, and the CI output formats (json,
github, sarif, junit, gitlab) checked by parsing them."""
import json
import os
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from paatest import check, failures  # noqa: E402
import jsonschema_subset  # noqa: E402

PAA = os.environ["PAA"]
SRC = os.environ["PAA_SRC"]
TMP = os.path.join(os.environ["PAA_TMP"], "check_ci")
shutil.rmtree(TMP, ignore_errors=True)
os.makedirs(TMP)
XML = os.path.join(SRC, "input", "paa2024.xml")
BASELINE = os.path.join(SRC, "input", "paa2024.baseline")
FIX = os.path.join(SRC, "tests", "fixtures")
ONE_LINE = ("resumen: 13 subprogramas, 86 proyectos, 318 actividades; "
            "0 errores, 0 avisos, 61 aceptados por la línea base")


def paa(*args, stdin=None):
    """Runs paa; returns (exit status, stdout lines, stderr)."""
    r = subprocess.run([PAA, *args], capture_output=True, text=True, input=stdin,
                       timeout=120)
    return r.returncode, r.stdout.splitlines(), r.stderr


def edited(name, *pairs):
    """A copy of the published programme with (old, new) replacements, each
    of which must apply exactly once."""
    text = open(XML, encoding="utf-8").read()
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


ANUAL_010101 = '<cantidades anual="4060" ene="260"'
ANUAL_080304 = '<cantidades anual="14" ene="1" feb="1" mar="1" abr="1" may="1" jun="1" jul="2"'
ANUAL_010102 = 'F…» -->\n        <cantidades anual="12"'
DESC_010102 = ('<descripcion>Analizar diversa documentación para asesorar en la toma de '
               'decisiones al titular de la Secretaría Ejecutiva, con la finalidad de '
               'optimizar la operación institucional.</descripcion>')

# ---- the published programme: one line, exit 0 ------------------------------
st, out, err = paa("check", XML, "--baseline", BASELINE)
check(st == 0 and out == [ONE_LINE] and err == "",
      f"con su línea base debía imprimir una línea y salir con 0: {st} {out[:3]} {err}")
st, out, _ = paa("check", XML, "--baseline", BASELINE, "--mostrar-aceptados")
check(st == 0 and len(out) == 62 and sum(": aceptado: " in x for x in out) == 61,
      f"--mostrar-aceptados debía mostrar los 61 aceptados: {len(out)} líneas")
for quiet in ("-q", "--silencioso"):
    st, out, _ = paa("check", XML, "--baseline", BASELINE, quiet)
    check(st == 0 and out == [ONE_LINE], f"{quiet}: {out[:3]}")

# ---- two mistakes, one run ----------------------------------------------------
two = edited("dos.xml", (ANUAL_010101, ANUAL_010101.replace("4060", "4,060")),
             (ANUAL_010102, ANUAL_010102.replace('anual="12"', 'anual="13"')))
st, out, _ = paa("check", two, "--baseline", BASELINE)
text = "\n".join(out)
check(st == 1, f"dos errores: salida {st}")
check("«4,060» no es una cantidad: sin separador de miles, punto decimal" in text
      and "[cantidad-formato]" in text, f"falta cantidad-formato en sus palabras: {text}")
check("[suma-meses]" in text, f"el segundo error no se informó en la misma corrida: {text}")
check(f"{two}:110:21: error: anual: «4,060»" in text,
      f"la columna debía señalar el atributo: {text}")
check("linea-base-obsoleta" not in text and "facet" not in text and "patrón" not in text,
      f"texto crudo del validador u obsoletas: {text}")
check(out[-1].endswith("2 errores, 0 avisos, 61 aceptados por la línea base"),
      f"resumen con plural: {out[-1]}")

# A schema error and a rule error in other activities, in one run; the
# validator's own text only with --detalle.
schema_two = edited("esquema-dos.xml", (DESC_010102, ""),
                    (ANUAL_080304, ANUAL_080304.replace('anual="14"', 'anual="15"')))
st, out, _ = paa("check", schema_two, "--baseline", BASELINE)
text = "\n".join(out)
check(st == 1 and "no va aquí dentro de <actividad>; se esperaba <descripcion> (010102)"
      in text,
      f"error de esquema en palabras del proyecto: {text}")
check("[esquema]" in text and "080304" in text and "[suma-meses]" in text,
      f"esquema y suma-meses debían salir juntos: {text}")
check("linea-base-obsoleta" not in text, f"obsoletas tras un error de esquema: {text}")
check("Elemento '" not in text, f"texto crudo del validador sin --detalle: {text}")
st, out, _ = paa("check", schema_two, "--detalle")
check(any(": nota: texto del validador: " in x for x in out), "--detalle no da el texto")

# A schema error in an accepted activity: its finding cannot be matched,
# and no baseline entry may be called stale.
broken_accepted = edited("aceptada-rota.xml",
                         (ANUAL_080304, ANUAL_080304 + ' extra="1"'))
st, out, _ = paa("check", broken_accepted, "--baseline", BASELINE)
text = "\n".join(out)
check(st == 1 and "[esquema]" in text and "linea-base-obsoleta" not in text,
      f"error de esquema en una aceptada: {st} {text}")
check(out[-1].endswith("1 error, 0 avisos, 60 aceptados por la línea base"),
      f"resumen: {out[-1]}")

# ---- the baseline pins values --------------------------------------------------
changed = edited("cambiada.xml", (ANUAL_080304, ANUAL_080304.replace('anual="14"', 'anual="20"')))
st, out, _ = paa("check", changed, "--baseline", BASELINE)
text = "\n".join(out)
check(st == 1 and "(080304) [suma-meses]" in text and "aceptaba otros valores" in text
      and "[anual=14 meses=13], ahora [anual=20 meses=13]" in text,
      f"cambiar una actividad aceptada debía ser un hallazgo nuevo: {st} {text}")

# ---- creating and updating the baseline ------------------------------------------
new = os.path.join(TMP, "nueva.baseline")
st, _, err = paa("check", XML, "--baseline", BASELINE, "--crear-linea-base", new)
check(st == 0 and "61 entradas" in err, f"--crear-linea-base: {st} {err}")
st, out, _ = paa("check", XML, "--baseline", new)
check(st == 0 and out == [ONE_LINE], f"la línea base creada no hace pasar: {st} {out[:3]}")
entries = lambda p: sorted(x for x in open(p, encoding="utf-8").read().splitlines()
                           if x and not x.startswith("#"))
check(entries(new) == entries(BASELINE), "la línea base creada no reproduce la publicada")
st, _, err = paa("check", XML, "--crear-linea-base", new)
check(st == 2 and "ya existe" in err, f"--crear-linea-base sobre un archivo existente: {st} {err}")

fresh = os.path.join(TMP, "sin-motivos.baseline")
st, _, err = paa("check", XML, "--crear-linea-base", fresh)
check(st == 0 and "61 con el motivo provisional" in err, f"sin motivos: {err}")
st, out, _ = paa("check", XML, "--baseline", fresh)
check(st == 2 and sum("motivo provisional" in x and "[linea-base-formato]" in x
                      for x in out) == 61,
      f"el motivo provisional debía rechazarse: {st} {out[:2]}")

copy = os.path.join(TMP, "copia.baseline")
shutil.copy(BASELINE, copy)
st, _, err = paa("check", XML, "--baseline", copy, "--actualizar-linea-base")
check(st == 0 and open(copy, "rb").read() == open(BASELINE, "rb").read(),
      f"--actualizar-linea-base sobre la publicada debía dejarla igual: {err}")
with open(copy, "a", encoding="utf-8") as f:
    f.write("suma-meses 999999 [anual=1 meses=2] ya corregido\n")
st, _, err = paa("check", changed, "--baseline", copy, "--actualizar-linea-base")
updated = open(copy, encoding="utf-8").read()
check(st == 0 and "1 eliminada" in err and "999999" not in updated
      and "# antes: [anual=14 meses=13]" in updated
      and "suma-meses 080304 [anual=20 meses=13] MOTIVO PENDIENTE" in updated,
      f"--actualizar-linea-base debía podar y marcar el cambio: {err}")
st, _, err = paa("check", schema_two, "--baseline", copy, "--actualizar-linea-base")
check(st == 1 and "no se escribió" in err, f"no debía reescribir tras un error de esquema: {err}")

# ---- unusable baselines: one precise error each, exit 2 ----------------------------
big = write("grande.baseline", "# x\n" * 300000)
fifo = os.path.join(TMP, "fifo.baseline")
os.mkfifo(fifo)
dup = write("repetida.baseline", "suma-meses 080304 [anual=14 meses=13] a\n"
            "suma-meses 080304 [anual=14 meses=13] b\n")
bad = write("mala.baseline", "suma-meses\n")
for path, want in [(os.path.join(TMP, "no-existe"), "el archivo no existe"),
                   (TMP, "es un directorio"), ("/dev/zero", "no es un archivo regular"),
                   (fifo, "no es un archivo regular"), (big, "mide más de 1 MiB"),
                   (dup, "entrada repetida: «suma-meses 080304» ya está en la línea 1"),
                   (bad, "se espera «regla clave [valores] motivo»")]:
    st, out, _ = paa("check", XML, "--baseline", path)
    errors = [x for x in out if ": error: " in x]
    check(st == 2 and len(errors) == 1 and want in errors[0] and path in errors[0],
          f"línea base {path}: {st} {out[:3]}")

# ---- formats ----------------------------------------------------------------------
st, out, _ = paa("check", two, "--baseline", BASELINE, "--format", "json")
doc = json.loads("\n".join(out))
check(doc["formato"] == 1 and doc["resumen"]["errores"] == 2 and doc["resumen"]["aceptados"] == 61
      and {"archivo", "linea", "columna", "severidad", "regla", "clave", "mensaje",
           "valores", "detalle", "aceptado", "motivo"} <= set(doc["hallazgos"][0]),
      f"JSON: {doc.get('formato')} {doc.get('resumen')}")

st, out, _ = paa("check", two, "--baseline", BASELINE, "--format", "github")
cmds = [x for x in out if x.startswith("::")]
check(st == 1 and len(cmds) == 2 and all(x.startswith("::error file=") and ",line=" in x
                                        and "title=paa check%3A " in x for x in cmds),
      f"github: {cmds}")
check(out[-1].startswith("resumen: "), "github: falta el resumen")
check(any(",line=110,col=21," in x for x in cmds), f"github: sin columna: {cmds}")

schema = json.load(open(os.path.join(SRC, "tests", "sarif", "sarif-2.1.0.json")))
sarif_path = os.path.join(TMP, "paa.sarif")
st, out, _ = paa("check", two, "--baseline", BASELINE, "--format", "sarif")
with open(sarif_path, "w", encoding="utf-8") as f:
    f.write("\n".join(out))
log = json.loads("\n".join(out))
errs = jsonschema_subset.validate(log, schema)
check(not errs, f"SARIF no cumple el esquema 2.1.0: {errs[:5]}")
run = log["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
rule_ids = subprocess.run([PAA, "help", "reglas"], capture_output=True, text=True).stdout
check(rules == [x.split()[0] for x in rule_ids.splitlines()[1:]], "SARIF: tabla de reglas incompleta")
suppressed = [r for r in run["results"] if r.get("suppressions")]
check(len(suppressed) == 61 and all(r["suppressions"][0]["justification"] for r in suppressed),
      "SARIF: los aceptados deben ir como supresiones con su motivo")
check(all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"]), "SARIF: ruleIndex")
multitool = os.path.join(SRC, "tests", "sarif", "node_modules", "@microsoft",
                         "sarif-multitool", "bin.js")
if os.path.exists(multitool) and shutil.which("node"):
    report = os.path.join(TMP, "validacion.sarif")
    r = subprocess.run(["node", multitool, "validate", sarif_path, "-o", report, "--log", "ForceOverwrite"],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0 and os.path.exists(report), f"sarif-multitool: {r.stdout[-500:]}")
    if os.path.exists(report):
        found = json.load(open(report, encoding="utf-8-sig"))["runs"][0].get("results", [])
        bad = [x["message"].get("text", x["ruleId"]) for x in found if x.get("level") == "error"]
        check(not bad, f"sarif-multitool encontró errores: {bad[:3]}")
else:
    print("aviso: sin sarif-multitool (scripts/setup --test); solo se usó el esquema")

st, out, _ = paa("check", two, "--baseline", BASELINE, "--format", "junit")
root = ET.fromstring("\n".join(out))
suite = root.find("testsuite")
cases = suite.findall("testcase")
failed = [c.get("name") for c in cases if c.find("failure") is not None]
check(st == 1 and int(suite.get("tests")) == len(cases) == int(root.get("tests"))
      and int(suite.get("failures")) == len(failed) == 2
      and sorted(failed) == ["cantidad-formato", "suma-meses"],
      f"JUnit: tests={suite.get('tests')} failures={suite.get('failures')} {failed}")
st, out, _ = paa("check", XML, "--baseline", BASELINE, "--format", "junit")
root = ET.fromstring("\n".join(out))
check(st == 0 and root.get("failures") == "0", "JUnit del programa publicado")

st, out, _ = paa("check", two, "--baseline", BASELINE, "--format", "gitlab")
issues = json.loads("\n".join(out))
check(len(issues) == 2 and all({"description", "check_name", "fingerprint", "severity",
                                 "location"} <= set(i) for i in issues),
      f"GitLab: {issues}")
shifted = edited("desplazada.xml", (ANUAL_010101, ANUAL_010101.replace("4060", "4,060")),
              ('<programa ', '<!-- una línea más -->\n<programa '))
_, out2, _ = paa("check", shifted, "--baseline", BASELINE, "--format", "gitlab")
fp = {i["check_name"]: i["fingerprint"] for i in issues}
fp2 = {i["check_name"]: i["fingerprint"] for i in json.loads("\n".join(out2))}
check(fp2.get("cantidad-formato") == fp.get("cantidad-formato") and len(set(fp.values())) == 2,
      "GitLab: la huella no debe depender de la línea")

# The problem matcher shipped for the text format reads every finding line.
import re  # noqa: E402
matchers = json.load(open(os.path.join(SRC, ".github", "paa-matcher.json")))["problemMatcher"]
st, out, _ = paa("check", two)
st2, out2, _ = paa("check", os.path.join(FIX, "reglas", "beneficiarios-variante.xml"))
for line in [x for x in out + out2 if not x.startswith("resumen: ")]:
    hits = [(m["owner"], re.match(m["pattern"][0]["regexp"], line)) for m in matchers]
    hits = [(o, h) for o, h in hits if h]
    want = "paa-error" if ": error: " in line else "paa-aviso"
    check(len(hits) == 1 and hits[0][0] == want and hits[0][1].group(5) in line
          and int(hits[0][1].group(2)) > 0, f"el matcher no lee «{line}»")
readme = open(os.path.join(SRC, "README.md"), encoding="utf-8").read()
workflow = open(os.path.join(SRC, ".github", "workflows", "paa.yml"), encoding="utf-8").read()
for fmt in ("text", "json", "github", "sarif", "junit", "gitlab"):
    check(f"**`{fmt}`**" in readme, f"el README no documenta --format {fmt}")
check("--format github" in workflow and "--baseline input/paa2024.baseline" in workflow, "el flujo de CI no revisa")

# ---- warnings can fail the run; plurals; help; standard input ---------------------
variante = os.path.join(FIX, "reglas", "beneficiarios-variante.xml")
st, out, _ = paa("check", variante)
check(st == 0 and out[-1].endswith("0 errores, 1 aviso"), f"aviso: {st} {out[-1:]}")
st, out, _ = paa("check", variante, "--avisos-como-errores")
check(st == 1 and "(los avisos cuentan como errores)" in out[-1], f"--avisos-como-errores: {st}")
st, out, _ = paa("check", os.path.join(FIX, "reglas", "suma-meses.xml"))
check(out[-1].endswith("1 error, 0 avisos"), f"plural: {out[-1]}")
st, out, _ = paa("help", "help")
check(st == 0 and out and out[0].startswith("Uso: paa help"), "paa help help")
st, out, _ = paa("help", "avance")
check(all(o in "\n".join(out) for o in ("--baseline", "--format", "--layout", "--check")),
      "la ayuda de avance debe listar todas sus opciones")
st, out, _ = paa("check", "-", stdin=open(os.path.join(FIX, "base.xml"), encoding="utf-8").read())
check(st == 0 and out[-1].startswith("resumen: 2 subprogramas"), f"paa check -: {st} {out}")
st, out, _ = paa("check", "-", stdin=open(two, encoding="utf-8").read())
check(st == 1 and out[0].startswith("-:"), f"paa check - con errores: {out[:1]}")

if failures:
    print(f"check_ci: {len(failures)} fallas")
    sys.exit(1)
print("check_ci: correcto")
