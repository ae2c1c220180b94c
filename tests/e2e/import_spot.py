"""Spot test of input/paa2024.xml against the published text export.

The expected rows below were read by hand from /work/shared/source/paa2024.txt
(line numbers given), one or more activities per subprograma, choosing rows
of every export layout: numbers on the next line with and without a leading
tab, numbers on the activity's own line, a December value glued to the
beneficiaries text, empty cells, lost cells rebuilt (marked "rec."), the row
that lost all its quantities and the publication's own inconsistencies.
`paa export --format csv` must give back exactly these values.
"""

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal

NC = ""   # text lost in the export: absent in the XML, empty in the CSV
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]

# clave: (unidad, anual, [12 meses; None = desconocido], tipo, cantidad)
EXPECTED = {
    # l. 208-209: Dic 120 glued to "Áreas administrativas…".
    "010101": ("Solicitud", "4060",
               "260 330 580 600 600 400 180 200 250 360 180 120",
               "Áreas administrativas del IEEM, INE, Fiscalías, Tribunales.", "13,1,S/C, S/C"),
    # l. 275-276: twelve months on the next line, all present.
    "011001": ("Registro", "746", "39 37 23 134 35 229 43 52 48 33 31 42",
               "Partidos Políticos, autoridades y ciudadanía.", "8E, S/C, S/C"),
    # l. 326-327: unit lost; 11 months, sep rebuilt (run of 2 mar-sep).
    "020103": (NC, "14", "0 0 2 2 2 2 2 2 2 0 0 0", "Órganos Desconcentrados.", "170"),
    # l. 356-357: twelve months, beneficiaries type lost.
    "020501": ("Reporte", "30", "2 3 2 3 2 3 2 3 2 3 2 3", NC, "S/C"),
    # l. 403-404: 340 x7, 250 x4; ago rebuilt as 340.
    "030107": ("Órgano", "3720", "340 340 340 340 340 340 340 340 250 250 250 250",
               "Órganos Desconcentrados Distritales y Municipales.", "340"),
    # l. 467-468: empty Ene cell; quarterly ene/abr/jul/oct (ene, dic rec.).
    "030502": ("Reporte", "4", "1 0 0 1 0 0 1 0 0 1 0 0", "Órganos Centrales.", "3"),
    # l. 518-519: numbers on the activity line, cantidad on the next line.
    "040201": ("Evento", "684", "1 170 170 170 170 1 1 0 0 0.33 0.33 0.34", NC, "S/C"),
    # l. 583-584: months already exceed the annual; the lost Dic stays unknown.
    "041002": ("Reporte", "5", "1 1 1 1 1 1 0 0 0 0 0 -",
               "Supervisores/as Electorales Locales y Capacitadores/as Asistentes "
               "Electorales Locales contratados por el IEEM", "6,580"),
    # l. 664-665.
    "050506": ("Registro", "14264", "0 0 0 13664 600 0 0 0 0 0 0 0",
               "IEEM, Partidos Políticos y Ciudadanía.", "1, 8E, S/C"),
    # l. 709-710: Dic 1 glued to "Partido político local…".
    "051002": ("Liquidación", "4", "0 0 1 0 0 1 0 0 1 0 0 1",
               "Partido político local, Personas físicas, Personas jurídico colectivas, "
               "Estado de México y ciudadanía.", "1, S/C, 100E, 1, SC"),
    # l. 751: unit lost, ten months; 184 x9 and 14 x3 (sep, dic rec.).
    "060202": (NC, "1698", "184 184 184 184 184 184 184 184 184 14 14 14",
               "Áreas administrativas de Órgano Central y Órganos Desconcentrados.", "6,411"),
    # l. 773-774: Dic 0 glued.
    "060405": ("Nómina", "19", "2 2 2 2 2 2 2 2 3 0 0 0",
               "Personas Servidoras Públicas Electorales Eventuales de los Órganos "
               "Desconcentrados.", "3,700"),
    # l. 868-869: dic rebuilt as 10.
    "070102": ("Usuario", "12030", "0 3000 600 600 1600 2000 3000 600 600 10 10 10",
               "Personas Servidoras Públicas Electorales.", "6,000"),
    # l. 1014-1015: no leading tab; months add up to 13, not 14 (published).
    "080304": ("Documento", "14", "1 1 1 1 1 1 2 1 1 1 1 1",
               "Unidad de Comunicación Social.", "1"),
    # l. 972-973.
    "080104": ("Pieza", "132000", "20000 20000 20500 20500 20500 30500 0 0 0 0 0 0",
               "Población del Estado de México.", "16,992,418"),
    # l. 1109-1110: whole quantities row lost; unit slid onto project 0905.
    "090501": ("Reporte", None, "- - - - - - - - - - - -",
               "Personas de la Unidad de Informática y Estadística.", "18"),
    # l. 1114-1115: 0.08 x10 + 0.12; nov rebuilt.
    "090601": ("Sitio Web", "1", "0.08 0.08 0.08 0.08 0.08 0.08 0.08 0.08 0.08 0.08 0.08 0.12",
               "Visitantes de la ciudadanía, al sitio web institucional en un año.",
               "300,000E"),
    # l. 1189-1190: clave separated by a space in the export.
    "100402": ("Reporte", "4", "0 0 1 0 0 1 0 0 1 0 0 1", "IEEM.", "1"),
    # l. 1167-1168: nov rebuilt as 0.1.
    "100201": ("Informe", "1", "0.05 0.05 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0",
               "Personal del SPEN.", "32"),
    # l. 1242-1243: empty Ene cell; ene 0.1 and dic 0 rebuilt.
    "110112": ("Sistema", "1", "0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0 0",
               "INE, Consejo General, partidos políticos, candidatas, candidatos y "
               "ciudadanía.", "1, 1, 8E, S/C, S/C"),
    # l. 1286-1287: Dic 0.15 glued.
    "120105": ("Programa", "1", "0 0.17 0 0.17 0 0.17 0 0.17 0 0.17 0 0.15",
               "Personas servidoras públicas electorales y ciudadanía interesada.", "S/C"),
    # l. 1409-1410.
    "130401": ("Usuario", "2840", "260 185 230 290 310 200 280 150 210 200 320 205",
               "Personas interesadas.", "S/C"),
    # l. 1416-1417: last line of the export, without a final newline.
    "130503": ("Reporte", "12", "1 1 1 1 1 1 1 1 1 1 1 1", "Personas del CFDE.", "25"),
}


def num(text):
    return None if text in ("", "-", None) else Decimal(text)


def main():
    paa, src = os.environ["PAA"], os.environ["PAA_SRC"]
    xml = os.path.join(src, "input", "paa2024.xml")
    try:
        run = subprocess.run([paa, "export", xml, "--format", "csv"],
                             capture_output=True, text=True, encoding="utf-8")
    except OSError as e:
        print("FALLA: no se pudo ejecutar %s: %s" % (paa, e.strerror))
        return 1
    if run.returncode != 0:
        print("FALLA: paa export salió con %d: %s" % (run.returncode, run.stderr[:300]))
        return 1
    rows = {r["clave"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    fails = []
    subprogramas = {c[:2] for c in EXPECTED}
    if len(subprogramas) != 13:
        fails.append("la muestra debe cubrir los 13 subprogramas (cubre %d)" % len(subprogramas))
    for clave, (unidad, anual, meses, tipo, cantidad) in EXPECTED.items():
        row = rows.get(clave)
        if row is None:
            fails.append("%s: no está en la exportación CSV" % clave)
            continue
        got = {"unidad": row["unidad"], "beneficiarios": row["beneficiarios"],
               "cantidad_beneficiarios": row["cantidad_beneficiarios"]}
        want = {"unidad": unidad, "beneficiarios": tipo, "cantidad_beneficiarios": cantidad}
        for key in want:
            if got[key] != want[key]:
                fails.append("%s: %s es «%s», se esperaba «%s»" % (clave, key, got[key], want[key]))
        if num(row["anual"]) != num(anual):
            fails.append("%s: anual es «%s», se esperaba «%s»" % (clave, row["anual"], anual))
        for mes, value in zip(MONTHS, meses.split()):
            if num(row[mes]) != num(value):
                fails.append("%s: %s es «%s», se esperaba «%s»" % (clave, mes, row[mes], value))
    for f in fails:
        print("FALLA: " + f)
    if not fails:
        print("import_spot: %d actividades de 13 subprogramas coinciden" % len(EXPECTED))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
