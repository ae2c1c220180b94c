#!/usr/bin/env python3
"""Generates a SAMPLE progress file (informe de avance) for a programme.

    scripts/gen-avance.py input/paa2024.xml -o input/avance-2024-06.xml

The figures are invented ("datos de ejemplo") so that the report can be
built and reviewed before the areas send real ones; the file says so in a
comment, in ejemplo="si" and in <nota>, and every output of paa repeats it.
The generator is deterministic (fixed seed, no clock, no hash order): the
same programme gives the same bytes.

It covers every case the report has to show: activities on target, behind,
ahead (over-achievement), with nothing programmed but something achieved,
with nothing programmed nor achieved, programmed but not reported at all,
with quantities the programme does not know, and fractional quantities.
Every activity outside the green band of the semáforo (thresholds read from
layouts/avance.xml) gets a justification, so the file passes
`paa avance … --check`. Python 3 standard library only.
"""

import argparse
import random
import sys
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

SEED = 20240630
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
MONTH_NAMES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
               "agosto", "septiembre", "octubre", "noviembre", "diciembre"]

# Justifications by state, picked deterministically.
JUSTIFICATIONS = {
    "rojo": [
        "La actividad depende de solicitudes de otras áreas que no se recibieron en el periodo.",
        "Se reprogramó por la carga de trabajo del Proceso Electoral 2024.",
        "El procedimiento de contratación se declaró desierto y se repuso.",
    ],
    "amarillo": [
        "Las entregas de mayo se concluirán en julio.",
        "Se atendió la demanda real, menor a la estimada al programar.",
        "La jornada electoral del 2 de junio desplazó parte de las tareas.",
    ],
    "sobrecumplimiento": [
        "La demanda del periodo electoral superó lo programado.",
        "Se adelantaron entregas programadas para el segundo semestre.",
        "Se atendieron solicitudes extraordinarias del Consejo General.",
    ],
    "sin-programacion": [
        "Actividad extraordinaria no programada para el periodo, solicitada por la Junta General.",
        "Se adelantó una entrega programada para el segundo semestre.",
    ],
}


def parse_args(argv):
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description="Genera un informe de avance de ejemplo.")
    ap.add_argument("programa", help="programa XML (input/paa2024.xml)")
    ap.add_argument("-o", "--output", required=True, help="archivo de avance a escribir")
    ap.add_argument("--corte", default="jun", choices=MONTHS, help="mes de corte")
    ap.add_argument("--layout", default=str(here.parent / "layouts" / "avance.xml"),
                    help="diseño con los umbrales del semáforo")
    return ap.parse_args(argv)


def thresholds(layout_path):
    """(verde, amarillo, sobre) as exact fractions of 1."""
    sem = ET.parse(layout_path).getroot().find("semaforo")
    get = lambda name, default: Fraction(Decimal(sem.get(name, default))) / 100
    return get("verde", "90"), get("amarillo", "70"), get("sobrecumplimiento", "110")


def activities(programa_path):
    """Activities in programme order: clave and the months it knows."""
    root = ET.parse(programa_path).getroot()
    out = []
    for act in root.iter("actividad"):
        q = act.find("cantidades")
        months = [Decimal(q.get(m).strip()) if q.get(m) is not None else None
                  for m in MONTHS]
        out.append({"clave": act.get("clave"), "months": months})
    return int(root.get("anio")), out


def fmt(d):
    """Plain decimal without exponent or trailing zeros ("12", "0.5")."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def scaled(value, factor, fractional):
    """value × factor rounded half up to units, or to cents for fractional
    quantities (0.08 becomes 0.07, 0.1 …)."""
    q = Decimal("0.01") if fractional else Decimal("1")
    return (value * Decimal(factor)).quantize(q, rounding=ROUND_HALF_UP)


def state(alc, prog, thr):
    verde, amarillo, sobre = thr
    if prog is None:
        return "sin-datos"
    if prog == 0:
        return "sin-programacion" if alc > 0 else "ninguno"
    r = Fraction(alc) / Fraction(prog)
    if r > sobre:
        return "sobrecumplimiento"
    if r >= verde:
        return "verde"
    return "amarillo" if r >= amarillo else "rojo"


# Factor ranges per case: the first of each list is the "typical" one.
CASES = {
    "meta": (0.94, 1.06),
    "atraso-leve": (0.74, 0.86),
    "atraso": (0.2, 0.6),
    "adelanto": (1.15, 1.6),
}


def plan(acts, corte, rng):
    """Chooses a case per activity. The first eligible activities get the
    rare cases so that each one appears; the rest are drawn at random."""
    cases = {}
    prog_known = lambda a: all(m is not None for m in a["months"][:corte])
    programmed = [a for a in acts if prog_known(a) and sum(a["months"][:corte]) > 0]
    unprogrammed = [a for a in acts if prog_known(a) and sum(a["months"][:corte]) == 0]
    # Nothing programmed up to the cut-off: half achieve something anyway.
    for i, a in enumerate(unprogrammed):
        cases[a["clave"]] = "extra" if i % 2 == 0 else "nada"
    # Programmed but not reported at all: one activity, mid-programme.
    if len(programmed) > 2:
        cases[programmed[len(programmed) // 2]["clave"]] = "sin-reporte"
    for a in acts:
        if a["clave"] in cases:
            continue
        x = rng.random()
        cases[a["clave"]] = ("meta" if x < 0.6 else "atraso-leve" if x < 0.72
                             else "atraso" if x < 0.85 else "adelanto")
    return cases


def achieved(a, case, corte, rng):
    """Achieved quantity per month up to the cut-off (Decimal)."""
    months = a["months"][:corte]
    fractional = any(m is not None and m != m.to_integral_value() for m in months)
    if case == "nada":
        return [Decimal(0)] * corte
    if case == "extra":
        out = [Decimal(0)] * corte
        out[int(rng.random() * corte)] = Decimal(1 + int(rng.random() * 3))
        return out
    lo, hi = CASES[case]
    out = []
    for m in months:
        base = m if m is not None else Decimal(1 + int(rng.random() * 5))
        out.append(scaled(base, lo + (hi - lo) * rng.random(), fractional))
    # Some whole-unit activities report a half-finished unit (0.5).
    if not fractional and case != "meta" and rng.random() < 0.25 and out[-1] > 0:
        out[-1] -= Decimal("0.5")
    return out


def build(anio, acts, corte_key, thr):
    corte = MONTHS.index(corte_key) + 1
    rng = random.Random(SEED)
    cases = plan(acts, corte, rng)
    periodo = f"enero–{MONTH_NAMES[corte - 1]}" if corte > 1 else "enero"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!--",
        "  DATOS DE EJEMPLO. Informe de avance generado por scripts/gen-avance.py",
        f"  (semilla {SEED}) a partir del programa; las cantidades alcanzadas y las",
        "  justificaciones son inventadas para probar el informe y NO son cifras",
        "  reales del Instituto.",
        "-->",
        f'<avance anio="{anio}" corte="{corte_key}" ejemplo="si" version="1">',
        f"  <nota>Datos de ejemplo generados automáticamente para {periodo} de {anio}; "
        "no son cifras reales del Instituto.</nota>",
        "  <observaciones>",
        "    <p>Este informe usa datos de ejemplo: las cantidades alcanzadas y las "
        "justificaciones fueron generadas por un programa para revisar el formato "
        "del informe antes de recibir las cifras de las áreas.</p>",
        "    <p>Una actividad del programa no se informó a propósito, para mostrar "
        "cómo se señala una actividad sin reporte.</p>",
        "  </observaciones>",
    ]
    picks = {k: 0 for k in JUSTIFICATIONS}
    for a in acts:
        case = cases[a["clave"]]
        if case == "sin-reporte":
            continue
        alc = achieved(a, case, corte, rng)
        months = a["months"][:corte]
        prog = None if any(m is None for m in months) else sum(months)
        st = state(sum(alc), prog, thr)
        lines.append(f'  <actividad clave="{a["clave"]}">')
        for m, v in enumerate(alc):
            lines.append(f'    <alcanzado mes="{MONTHS[m]}">{fmt(v)}</alcanzado>')
        if st in JUSTIFICATIONS:
            options = JUSTIFICATIONS[st]
            lines.append(f"    <justificacion>{options[picks[st] % len(options)]}"
                         "</justificacion>")
            picks[st] += 1
        lines.append("  </actividad>")
    lines.append("</avance>")
    return "\n".join(lines) + "\n"


def main(argv):
    args = parse_args(argv)
    anio, acts = activities(args.programa)
    text = build(anio, acts, args.corte, thresholds(args.layout))
    out = Path(args.output)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)   # atomic: never a half-written sample
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
