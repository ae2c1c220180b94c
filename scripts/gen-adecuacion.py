#!/usr/bin/env python3
"""Generates a SAMPLE adecuación (modified programme) from the approved one.

    scripts/gen-adecuacion.py input/paa2024.xml -o input/paa2024-adecuacion.xml

During the year the planning unit modifies the approved programme; this
script makes, deterministically and byte for byte the same every time, an
example of such a modified version so that `paa avance --modificado` and
`paa diff` can be shown and tested. It edits the text of the XML (the rest
of the file keeps its bytes) and changes:

  - 010101: 200 of May moved to July (the annual stays);
  - 010102: annual 12 → 14, June 1 → 3;
  - 010103 renumbered 010204, moved to proyecto 0102;
  - 010205 added to proyecto 0102;
  - 010302 cancelled;
  - proyecto 0104 renamed;
  - <fecha> of the adecuación: 2024-05-30;

with the declared counts kept true. Python 3 standard library only.
"""

import argparse
import re
import sys
from pathlib import Path

NUEVA = """      <actividad clave="010205">
        <descripcion>Dar seguimiento a la adecuación del Programa Anual de Actividades 2024 e informar a las áreas los cambios aprobados en sus metas.</descripcion>
        <unidad>Informe</unidad>
        <cantidades anual="7" ene="0" feb="0" mar="0" abr="0" may="0" jun="1" jul="1" ago="1" sep="1" oct="1" nov="1" dic="1"/>
        <beneficiarios><tipo>Áreas administrativas del IEEM.</tipo><cantidad>13</cantidad></beneficiarios>
      </actividad>
"""
NOMBRE_0104 = ("Certificaciones de Oficialía Electoral y recepción y entrega de documentos "
               "por Oficialía de Partes, atendidas en tiempo.")


def sub(pattern, repl, text, flags=re.S):
    """One replacement that must happen exactly once."""
    out, n = re.subn(pattern, repl, text, count=1, flags=flags)
    if n != 1:
        sys.exit(f"gen-adecuacion: no se encontró {pattern!r}")
    return out


def activity(text, clave):
    """The <actividad clave=…> block, with its indentation and newline."""
    m = re.search(r'      <actividad clave="%s">\n.*?</actividad>\n' % clave, text, re.S)
    if m is None:
        sys.exit(f"gen-adecuacion: no está la actividad {clave}")
    return m


def cantidad(text, clave, attr, old, new):
    block = activity(text, clave)
    changed = sub(r'( %s=")%s"' % (attr, old), r'\g<1>%s"' % new, block.group(0))
    return text[:block.start()] + changed + text[block.end():]


def adecuacion(text):
    text = sub(r"<!--.*?-->\n", "<!-- EJEMPLO de adecuación generado por scripts/gen-adecuacion.py "
               "a partir de input/paa2024.xml para mostrar un informe de avance medido contra "
               "el programa modificado; no es una adecuación aprobada. -->\n", text)
    text = sub(r"<fecha>2024-03-19</fecha>", "<fecha>2024-05-30</fecha>", text)
    text = cantidad(text, "010101", "may", "600", "400")
    text = cantidad(text, "010101", "jul", "180", "380")
    text = cantidad(text, "010102", "anual", "12", "14")
    text = cantidad(text, "010102", "jun", "1", "3")
    moved = activity(text, "010103")
    block = moved.group(0).replace('clave="010103"', 'clave="010204"')
    text = text[:moved.start()] + text[moved.end():]
    text = sub(r'(<proyecto clave="0101" actividades=")3"', r'\g<1>2"', text)
    last = activity(text, "010203")
    text = text[:last.end()] + block + NUEVA + text[last.end():]
    text = sub(r'(<proyecto clave="0102" actividades=")3"', r'\g<1>5"', text)
    dropped = activity(text, "010302")
    text = text[:dropped.start()] + text[dropped.end():]
    text = sub(r'(<proyecto clave="0103" actividades=")2"', r'\g<1>1"', text)
    text = sub(r'(<proyecto clave="0104" actividades="\d+">\n      <nombre>)[^<]*',
               r"\g<1>" + NOMBRE_0104, text)
    return text


def main(argv):
    ap = argparse.ArgumentParser(description="Genera una adecuación de ejemplo.")
    ap.add_argument("programa", help="programa aprobado (input/paa2024.xml)")
    ap.add_argument("-o", "--output", required=True, help="programa modificado a escribir")
    a = ap.parse_args(argv)
    text = Path(a.programa).read_text(encoding="utf-8")
    Path(a.output).write_bytes(adecuacion(text).encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
