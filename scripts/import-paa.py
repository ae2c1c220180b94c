#!/usr/bin/env python3
"""Import the text export of the Programa Anual de Actividades into the XML
source (input/schema/programa.xsd) and write the list of reconstructions.

    python3 scripts/import-paa.py SOURCE.txt -o input/paa2024.xml \
        --reconstrucciones input/RECONSTRUCCIONES.md

The export comes from the printed layout and lost table cells.  This script
never invents silently: every value it rebuilds is marked in the XML
(`reconstruidos` attribute plus a comment) and listed in the Markdown report,
and a cell it cannot rebuild stays absent.  Only the Python standard library
is used; the output is deterministic (same input, same bytes) and written
atomically (temporary file beside the target, then os.replace).

Rules used to rebuild lost monthly cells, in this order:
  1. a value glued to the beneficiaries text ("120 Áreas ...") is the
     December cell: it is recovered, not reconstructed;
  2. an empty cell inside the run of months marks the lost month's position;
  3. cells lost without a trace are placed so that the row follows an evident
     periodic pattern (one value per month, bimonthly, quarterly, ...),
     or else continues a run of equal values, when exactly one such row adds
     up to the annual quantity;
  4. otherwise the lost cells are the trailing months and take the remainder
     (annual minus the surviving months).
A remainder that is negative means the publication itself is inconsistent:
the lost month stays absent.
"""

import argparse
import itertools
import os
import re
import sys
import tempfile
from decimal import Decimal, InvalidOperation

MONTHS = ["ene", "feb", "mar", "abr", "may", "jun",
          "jul", "ago", "sep", "oct", "nov", "dic"]
MONTH_NAMES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
}
# Marker for a text cell (unit, beneficiaries) that the export lost.  It is
# visible on purpose: the planning unit must fill it from the signed original.
PERIODS = (1, 2, 3, 4)
# Reconstruction outcomes that leave the lost months absent.
UNRESOLVED = ("imposible", "ambiguo")

NUMBER_RE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
GLUED_RE = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?) +(\S.*)$")
CLAVE_RE = re.compile(r"^(\d{4}|\d{6})([\t ])(.*)$")
CASE_SLIP_RE = re.compile(r"\b([A-ZÁÉÍÓÚÜÑ]?[a-záéíóúüñ]+-?[a-záéíóúüñ]+)([A-ZÁÉÍÓÚÜÑ]{3,})\b")


class SourceError(Exception):
    """Malformed input: carries the 1-based line number of the source."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


def norm(text):
    """Collapse whitespace (the export wraps and pads cells)."""
    return " ".join(text.split())


def is_number(cell):
    return NUMBER_RE.match(cell.strip()) is not None


def looks_like_cantidad(cell):
    """Beneficiaries quantity notation: numbers, E suffix, S/C, commas."""
    return (re.match(r"^[\d,.\sE/SCy]+$", cell) is not None
            and re.search(r"\d|S/?C", cell) is not None)


def to_dec(cell):
    return Decimal(cell.strip().replace(",", ""))


def plain(cell):
    """Published number without thousands separators: "4,060" -> "4060"."""
    return cell.strip().replace(",", "")


def dec_text(value):
    """Text of a computed decimal, without exponent or trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --------------------------------------------------------------------------
# Model built by the reader (plain dicts and lists keep it simple to dump).

class Activity:
    def __init__(self, clave, line, description):
        self.clave = clave
        self.line = line
        self.description = description
        self.unit = None
        self.annual = None           # published text or None
        self.months = [None] * 12    # published text or None
        self.tipo = None
        self.cantidad = None
        self.lost_text = []          # names of text cells lost in the export
        self.glued = None            # (month index, value text, original)
        self.rebuilt = None          # dict with the reconstruction, or None
        self.note = None             # comment for an unresolved row
        self.qty_line = line         # source line of the quantities


class Source:
    """Lines of the export with a cursor; line numbers are 1-based."""

    def __init__(self, lines):
        self.lines = lines
        self.pos = 0

    def at_end(self):
        return self.pos >= len(self.lines)

    def peek(self):
        return self.lines[self.pos]

    def lineno(self):
        return self.pos + 1

    def next(self):
        text = self.lines[self.pos]
        self.pos += 1
        return text

    def skip_blank(self):
        while not self.at_end() and self.peek().strip() == "":
            self.pos += 1

    def next_nonblank(self, what):
        self.skip_blank()
        if self.at_end():
            raise SourceError(len(self.lines), "fin de archivo inesperado: se esperaba %s" % what)
        return self.next()

    def expect_heading(self, heading):
        text = self.next_nonblank("el encabezado «%s»" % heading)
        if text.strip() != heading:
            raise SourceError(self.pos, "se esperaba el encabezado «%s» y se encontró «%s»"
                              % (heading, text.strip()[:60]))


class Importer:
    def __init__(self, lines):
        self.src = Source(lines)
        self.doc = {}
        self.subs = []               # list of dicts, in order
        self.fixes = []              # (line, description)
        self.variants = []           # (clave, summary wording, calendar wording, line)
        self.page_header = set()

    # ---------------------------------------------------------------- text
    def fix_text(self, text, line):
        """Undo the capitalisation slip of the export ("electORALES")."""
        def repl(m):
            fixed = m.group(1) + m.group(2).lower()
            self.fixes.append((line, "«%s» → «%s» (mayúsculas de la exportación)" % (m.group(0), fixed)))
            return fixed
        return CASE_SLIP_RE.sub(repl, norm(text))

    # --------------------------------------------------------- front matter
    def read_front(self):
        src = self.src
        title = norm(src.next_nonblank("el título"))
        m = re.search(r"(\d{4})$", title)
        if not m:
            raise SourceError(src.pos, "el título «%s» no termina con el año del programa" % title)
        self.doc["anio"] = m.group(1)
        self.doc["titulo"] = title
        self.doc["institucion"] = norm(src.next_nonblank("el nombre de la institución"))
        self.page_header = {title, self.doc["institucion"]}

        src.expect_heading("CONTENIDO")
        self.doc["titulos"] = []
        self.doc["creditos"] = []
        while True:
            text = src.next_nonblank("el encabezado «PRESENTACIÓN»")
            if text.strip() == "PRESENTACIÓN":
                break
            cells = text.split("\t")
            if len(cells) == 2 and cells[0].startswith("Subprograma "):
                self.doc["titulos"].append(norm(cells[0]))
            elif len(cells) == 1 and ":" in text:
                rol, nombre = text.split(":", 1)
                self.doc["creditos"].append((norm(rol), norm(nombre).rstrip(".")))
            elif len(cells) != 2:
                raise SourceError(src.pos, "línea del contenido no reconocida: «%s»" % norm(text)[:60])

        paragraphs = []
        while True:
            text = src.next_nonblank("el lugar y la fecha de la presentación")
            m = re.match(r"^(.+), (\d{1,2}) de (\w+) de (\d{4})\.$", norm(text))
            if m and m.group(3).lower() in MONTH_NAMES:
                self.doc["lugar"] = m.group(1)
                self.doc["fecha"] = "%s-%02d-%02d" % (m.group(4), MONTH_NAMES[m.group(3).lower()],
                                                      int(m.group(2)))
                break
            paragraphs.append(self.fix_text(text, src.pos))
        if not paragraphs:
            raise SourceError(src.pos, "la presentación no tiene párrafos")
        self.doc["presentacion"] = paragraphs
        self.doc["lema"] = norm(src.next_nonblank("el lema").replace("*", ""))
        self.doc["despedida"] = norm(src.next_nonblank("la despedida").replace("*", ""))
        self.doc["cargo"] = norm(src.next_nonblank("el cargo de quien firma"))

        src.expect_heading("MARCO LEGAL")
        self.doc["marco"] = self.read_block(lambda t: t)
        src.expect_heading("FINES INSTITUCIONALES")
        fines = []
        for line, text in self.read_block_lines():
            m = re.match(r"^- ([IVXLC]+)\. (.+)$", text)
            if not m:
                raise SourceError(line, "fin institucional sin número romano: «%s»" % text[:60])
            fines.append((m.group(1), self.fix_text(m.group(2), line)))
        self.doc["fines"] = fines
        src.expect_heading("OBJETIVOS SUBPROGRAMÁTICOS GENERALES")
        objetivos = []
        for line, text in self.read_block_lines():
            if not text.startswith("- "):
                raise SourceError(line, "objetivo sin viñeta «- »: «%s»" % text[:60])
            objetivos.append(self.fix_text(text[2:], line))
        self.doc["objetivos"] = objetivos
        src.expect_heading("POLÍTICAS")
        politicas = []
        while True:
            text = src.next_nonblank("la estructura del programa")
            if text.strip() == "ESTRUCTURA DEL PROGRAMA ANUAL DE ACTIVIDADES":
                break
            politicas.append(self.fix_text(text, src.pos))
        self.doc["politicas"] = politicas
        self.read_structure()

    def read_block_lines(self):
        """Consecutive non-blank lines after optional blanks."""
        self.src.skip_blank()
        out = []
        while not self.src.at_end() and self.src.peek().strip() != "":
            line = self.src.lineno()
            out.append((line, norm(self.src.next())))
        if not out:
            raise SourceError(self.src.lineno(), "se esperaba una lista y no hay líneas")
        return out

    def read_block(self, conv):
        return [self.fix_text(conv(t), line) for line, t in self.read_block_lines()]

    def read_structure(self):
        src = self.src
        header = src.next_nonblank("la tabla de estructura")
        if not header.startswith("NO.\t"):
            raise SourceError(src.pos, "se esperaba el encabezado de la tabla de estructura")
        totals = []
        while True:
            line = src.lineno()
            text = src.next_nonblank("los totales de la estructura")
            cells = [c.strip() for c in text.split("\t")]
            if re.match(r"^\d{2}$", cells[0]):
                if len(cells) != 5 or not cells[3].isdigit() or not cells[4].isdigit():
                    raise SourceError(line, "fila de la estructura mal formada (se esperan 5 celdas)")
                self.subs.append({
                    "numero": cells[0], "area_estructura": norm(cells[1]),
                    "descripcion": self.fix_text(cells[2], line),
                    "proyectos": int(cells[3]), "actividades": int(cells[4]),
                    "projects": [], "line": line,
                })
            elif cells[0] == "Total:":
                totals = [c for c in cells[1:] if c]
                if len(totals) < 2:
                    more = [c.strip() for c in src.next().split("\t") if c.strip()]
                    totals += more
                if len(totals) != 2 or not all(t.isdigit() for t in totals):
                    raise SourceError(line, "totales de la estructura mal formados")
                break
            else:
                raise SourceError(line, "fila de la estructura no reconocida: «%s»" % norm(text)[:60])
        self.doc["totales"] = (len(self.subs), int(totals[0]), int(totals[1]))
        if len(self.doc["titulos"]) != len(self.subs):
            raise SourceError(line, "el contenido lista %d subprogramas y la estructura %d"
                              % (len(self.doc["titulos"]), len(self.subs)))

    # ------------------------------------------------------------ body
    def sub_by_number(self, numero, line):
        for sub in self.subs:
            if sub["numero"] == numero:
                return sub
        raise SourceError(line, "el subprograma %s no está en la tabla de estructura" % numero)

    def read_body(self):
        src = self.src
        sub = None
        mode = None            # "summary" or "calendar"
        while not src.at_end():
            line = src.lineno()
            text = src.next()
            stripped = text.strip()
            if stripped == "" or stripped in self.page_header:
                continue
            m = re.match(r"^Subprograma (\d{2}): (.+)$", stripped)
            if m:
                sub = self.sub_by_number(m.group(1), line)
                mode = None
                continue
            if sub is None:
                raise SourceError(line, "contenido fuera de un subprograma: «%s»" % stripped[:60])
            if stripped.startswith("Área:"):
                sub.setdefault("area", norm(stripped[len("Área:"):]))
            elif stripped == "Objetivo General:":
                sub["objetivo"] = self.read_paragraph("el objetivo general")
            elif text.startswith("Clave\tProyectos"):
                mode = "summary"
                sub["summary"] = {}
            elif re.match(r"^Total:", stripped):
                self.read_summary_total(sub, stripped, line)
                mode = None
            elif stripped.startswith("Marco Legal:"):
                rest = norm(stripped[len("Marco Legal:"):])
                sub["marco"] = (self.fix_text(rest, line) if rest
                                else self.read_paragraph("el marco legal"))
            elif text.startswith("Cantidad Anual\t"):
                mode = "calendar"
            elif mode == "summary":
                self.read_summary_row(sub, text, line)
            elif mode == "calendar":
                self.read_calendar_line(sub, text, line)
            else:
                raise SourceError(line, "línea no reconocida: «%s»" % stripped[:60])

    def read_paragraph(self, what):
        text = self.src.next_nonblank(what)
        return self.fix_text(text, self.src.pos)

    def read_summary_row(self, sub, text, line):
        cells = [c.strip() for c in text.split("\t")]
        if len(cells) != 3 or not re.match(r"^\d{4}$", cells[0]) or not cells[2].isdigit():
            raise SourceError(line, "fila de proyectos mal formada (clave, nombre, actividades)")
        if cells[0] in sub["summary"]:
            raise SourceError(line, "el proyecto %s se repite en el resumen" % cells[0])
        sub["summary"][cells[0]] = (self.fix_text(cells[1], line), int(cells[2]))

    def read_summary_total(self, sub, stripped, line):
        m = re.match(r"^Total:\s*(\d+)?$", norm(stripped))
        if not m:
            raise SourceError(line, "total del resumen mal formado: «%s»" % stripped[:40])
        value = m.group(1)
        if value is None:
            value = self.src.next_nonblank("el total del resumen").strip()
            if not value.isdigit():
                raise SourceError(self.src.pos, "se esperaba el número del total del resumen")
        sub["summary_total"] = int(value)

    def read_calendar_line(self, sub, text, line):
        m = CLAVE_RE.match(text)
        if not self.is_clave_line(text):
            raise SourceError(line, "se esperaba una clave de proyecto o de actividad: «%s»"
                              % norm(text)[:60])
        clave, sep, rest = m.groups()
        cells = rest.split("\t")
        if len(clave) == 4:
            if clave not in sub.get("summary", {}):
                raise SourceError(line, "el proyecto %s no está en el resumen del subprograma" % clave)
            name, declared = sub["summary"][clave]
            heading = self.fix_text(cells[0], line)
            if heading != name:
                self.variants.append((clave, name, heading, line))
            extra = [c.strip() for c in cells[1:] if c.strip()]
            project = {"clave": clave, "nombre": name, "actividades": declared,
                       "items": [], "line": line, "dangling_unit": None}
            if len(extra) == 1 and not is_number(extra[0]):
                project["dangling_unit"] = (norm(extra[0]), line)
            elif extra:
                raise SourceError(line, "la línea del proyecto %s tiene celdas inesperadas" % clave)
            sub["projects"].append(project)
            return
        if not sub["projects"]:
            raise SourceError(line, "la actividad %s aparece antes de su proyecto" % clave)
        if sep == " ":
            self.fixes.append((line, "la clave %s estaba separada de su descripción por un espacio "
                               "en lugar de un tabulador" % clave))
        act = Activity(clave, line, self.fix_text(cells[0], line))
        following = []
        while not self.src.at_end():
            nxt = self.src.peek()
            if nxt.strip() == "" or self.is_clave_line(nxt):
                break
            following.append((self.src.lineno(), self.src.next()))
        self.parse_activity_cells(act, sub["projects"][-1], cells[1:], following)
        sub["projects"][-1]["items"].append(act)

    @staticmethod
    def is_clave_line(text):
        m = CLAVE_RE.match(text)
        if m is None:
            return False
        cells = m.group(3).split("\t")
        return not is_number(cells[0])

    # ------------------------------------------------------ activity cells
    def parse_activity_cells(self, act, project, after_desc, following):
        """Sort the cells of one activity into unit, quantities, beneficiaries.

        Layouts seen in the export: the quantities on the next line (with or
        without a leading tab), or on the activity's own line after the
        description, with the beneficiaries on the same line or on a
        continuation line; some rows lost the unit or the whole quantities."""
        own = [c.strip() for c in after_desc]
        own_values = [c for c in own if c]
        if own_values and is_number(own[0]):
            qty_cells, qty_line = own, act.line
            texts_before = []
        else:
            texts_before = own_values
            qty_cells, qty_line = None, None
        rows = []
        for line, text in following:
            cells = [c.strip() for c in text.split("\t")]
            if qty_cells is None and self.looks_like_quantities(cells):
                qty_cells, qty_line = (cells[1:] if cells[0] == "" else cells), line
            else:
                rows.append((line, [c for c in cells if c]))
        act.qty_line = qty_line or act.line
        tail = []
        if qty_cells is not None:
            tail = self.parse_quantities(act, qty_cells, qty_line)
        for _, values in rows:
            tail += values
        # Unit: a text cell on the activity line before the quantities, or the
        # one the layout put after the quantities when beneficiaries follow on
        # a continuation line.
        unit = None
        if qty_cells is None:
            # No quantities at all: the line holds only the beneficiaries.
            if len(texts_before) == 2:
                tail = texts_before
            elif len(texts_before) == 3:
                unit, tail = texts_before[0], texts_before[1:]
            elif texts_before:
                raise SourceError(act.line, "la actividad %s no tiene cantidades y sus celdas no "
                                  "se reconocen" % act.clave)
            if project["dangling_unit"] and unit is None:
                unit, uline = project["dangling_unit"]
                self.fixes.append((uline, "la unidad «%s» de la actividad %s se había corrido a la "
                                   "línea del proyecto %s" % (unit, act.clave, project["clave"])))
                project["dangling_unit"] = None
        elif len(texts_before) == 1:
            unit = texts_before[0]
        elif texts_before:
            raise SourceError(act.line, "la actividad %s tiene varias celdas de texto antes de las "
                              "cantidades" % act.clave)
        if unit is None and qty_line == act.line and rows and len(tail) >= 2 and not is_number(tail[0]):
            unit, tail = tail[0], tail[1:]
        act.unit = norm(unit) if unit else None
        self.assign_beneficiaries(act, tail)
        if act.unit is None:
            act.unit = None
            act.lost_text.append("unidad")
        if act.annual is None and all(v is None for v in act.months):
            act.note = "la exportación perdió toda la fila de cantidades"

    @staticmethod
    def looks_like_quantities(cells):
        body = cells[1:] if cells and cells[0] == "" else cells
        return bool(body) and is_number(body[0]) and len([c for c in body if is_number(c)]) >= 2

    def assign_beneficiaries(self, act, tail):
        tail = [norm(t) for t in tail if t.strip()]
        if len(tail) > 2:
            raise SourceError(act.qty_line, "la actividad %s tiene demasiadas celdas de beneficiarios"
                              % act.clave)
        if len(tail) == 2:
            act.tipo, act.cantidad = self.fix_text(tail[0], act.line), tail[1]
        elif len(tail) == 1:
            # A lone cell is the quantity when it uses the published notation
            # (numbers, E suffix, S/C); otherwise it is the type.
            if looks_like_cantidad(tail[0]):
                act.cantidad = tail[0]
            else:
                act.tipo = self.fix_text(tail[0], act.line)
        # Lost texts stay absent in the XML; `paa check` reports them as
        # dato-faltante.
        if act.tipo is None:
            act.lost_text.append("tipo de beneficiarios")
        if act.cantidad is None:
            act.lost_text.append("cantidad de beneficiarios")

    def parse_quantities(self, act, cells, line):
        """Annual, months (with lost cells rebuilt) and the trailing texts."""
        while cells and cells[-1] == "":
            cells = cells[:-1]
        act.annual = plain(cells[0])
        run = []
        idx = 1
        while idx < len(cells) and (cells[idx] == "" or is_number(cells[idx])):
            run.append(cells[idx])
            idx += 1
        tail = cells[idx:]
        if not tail and run:
            # A month is never the last cell of a row: a lone trailing number
            # is the beneficiaries quantity (type and unit were lost).
            tail = [run.pop()]
        while run and run[-1] == "":
            run.pop()
        glued = None
        if tail and len(run) < 12:
            m = GLUED_RE.match(tail[0])
            if m and not looks_like_cantidad(tail[0]):
                glued = m.group(1)
                act.glued = (11, plain(glued), tail[0][:40])
                tail = [m.group(2)] + tail[1:]
        slots = [plain(c) if c else None for c in run]
        if len(slots) + (1 if glued else 0) > 12:
            raise SourceError(line, "la actividad %s tiene más de doce valores mensuales" % act.clave)
        self.rebuild_months(act, slots, plain(glued) if glued else None)
        return tail

    # ------------------------------------------------------ reconstruction
    def rebuild_months(self, act, slots, glued):
        annual = to_dec(act.annual)
        lost = 12 - len(slots) - (1 if glued is not None else 0)
        fixed_tail = [glued] if glued is not None else []
        if lost == 0 and None not in slots:
            act.months = slots + fixed_tail
            return
        candidates = []
        head_len = len(slots)
        # Every way to insert `lost` untraceable cells into the run (before
        # the glued December cell, which has a known position).
        # An empty cell marks its own month, so untraceable losses can only
        # lie after the last empty cell.
        first_gap = max([i + 1 for i, v in enumerate(slots) if v is None], default=0)
        for gaps in itertools.combinations_with_replacement(range(first_gap, head_len + 1), lost):
            seq, known_from = [], 0
            for g in sorted(gaps):
                seq += slots[known_from:g] + [None]
                known_from = g
            seq += slots[known_from:] + fixed_tail
            candidates.append(seq)
        trailing = slots + [None] * lost + fixed_tail
        known_sum = sum(to_dec(v) for v in slots if v is not None)
        if glued is not None:
            known_sum += to_dec(glued)
        remainder = annual - known_sum
        choice = (self.by_period(candidates, annual, trailing) or self.by_run(candidates, annual, trailing)
                  or self.by_remainder(trailing, remainder))
        if choice is None:
            act.months = list(trailing)
            act.rebuilt = {"kind": "imposible" if remainder < 0 else "ambiguo",
                           "remainder": remainder,
                           "missing": [i for i, v in enumerate(trailing) if v is None]}
            return
        seq, filled, rule = choice
        act.months = [seq[i] if seq[i] is not None else filled[i] for i in range(12)]
        act.rebuilt = {"kind": rule, "months": sorted(filled), "values": filled,
                       "explicit": [i for i, v in enumerate(slots) if v is None],
                       "untraced": lost}

    @staticmethod
    def finish(seq, values, annual):
        """values: {index: text}.  Valid when the row adds up to the annual."""
        total = sum(to_dec(v) for v in seq if v is not None) + sum(to_dec(v) for v in values.values())
        return total == annual and all(to_dec(v) >= 0 for v in values.values())

    def pick(self, found, trailing):
        """Unique resulting row wins; ties go to the trailing placement."""
        rows = {}
        for seq, values in found:
            row = tuple(seq[i] if seq[i] is not None else values[i] for i in range(12))
            rows.setdefault(tuple(to_dec(v) for v in row), []).append((seq, values))
        if len(rows) == 1:
            options = next(iter(rows.values()))
            # Same row from several placements: report the latest months.
            return max(options, key=lambda o: sorted(o[1]))
        for seq, values in found:
            if seq == trailing:
                return seq, values
        return None

    def by_period(self, candidates, annual, trailing):
        for period in PERIODS:
            found = []
            for seq in candidates:
                values = {}
                ok = True
                for i, v in enumerate(seq):
                    if v is not None:
                        continue
                    peers = [seq[j] for j in range(i % period, 12, period) if seq[j] is not None]
                    if not peers:
                        ok = False
                        break
                    values[i] = peers[0]
                if not ok:
                    continue
                full = [seq[i] if seq[i] is not None else values[i] for i in range(12)]
                if any(to_dec(full[i]) != to_dec(full[i % period]) for i in range(12)):
                    continue
                if self.finish(seq, values, annual):
                    found.append((seq, values))
            if found:
                chosen = self.pick(found, trailing)
                if chosen is None:
                    return None
                name = {1: "patrón: el mismo valor cada mes"}.get(
                    period, "patrón: se repite cada %d meses" % period)
                return chosen[0], chosen[1], name
        return None

    def by_run(self, candidates, annual, trailing):
        found = []
        for seq in candidates:
            holes = [i for i, v in enumerate(seq) if v is None]
            options = []
            for i in holes:
                left = next((seq[j] for j in range(i - 1, -1, -1) if seq[j] is not None), None)
                right = next((seq[j] for j in range(i + 1, 12) if seq[j] is not None), None)
                options.append(sorted({v for v in (left, right) if v is not None}, key=to_dec))
            for combo in itertools.product(*options):
                values = dict(zip(holes, combo))
                full = [seq[i] if seq[i] is not None else values[i] for i in range(12)]
                # Each rebuilt cell must sit next to an equal cell of the row.
                beside = all(any(0 <= j < 12 and to_dec(full[j]) == to_dec(full[i])
                                 for j in (i - 1, i + 1)) for i in holes)
                if beside and self.finish(seq, values, annual):
                    found.append((seq, values))
        if not found:
            return None
        chosen = self.pick(found, trailing)
        if chosen is None:
            return None
        return chosen[0], chosen[1], "patrón: continúa la serie de valores iguales contigua"

    @staticmethod
    def by_remainder(trailing, remainder):
        holes = [i for i, v in enumerate(trailing) if v is None]
        if remainder < 0 or not holes:
            return None
        if len(holes) > 1:
            return None
        return trailing, {holes[0]: dec_text(remainder)}, "resto del anual en el mes final"

    # ------------------------------------------------------------ checks
    def validate(self):
        for sub in self.subs:
            line = sub["line"]
            for key in ("area", "objetivo", "marco", "summary", "summary_total"):
                if key not in sub:
                    raise SourceError(line, "al subprograma %s le falta su resumen (%s)"
                                      % (sub["numero"], key))
            if sub["summary_total"] != sub["actividades"]:
                raise SourceError(line, "el subprograma %s declara %d actividades en la estructura "
                                  "y %d en su resumen" % (sub["numero"], sub["actividades"],
                                                          sub["summary_total"]))
            seen = [p["clave"] for p in sub["projects"]]
            missing = [c for c in sub["summary"] if c not in seen]
            if missing:
                raise SourceError(line, "los proyectos %s del resumen no tienen calendario"
                                  % ", ".join(missing))
            for p in sub["projects"]:
                if p["dangling_unit"]:
                    raise SourceError(p["line"], "la línea del proyecto %s trae una celda «%s» "
                                      "que no se pudo asignar" % (p["clave"], p["dangling_unit"][0]))


# --------------------------------------------------------------------------
# Output

def esc(text, attr=False):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attr else text


def comment(text):
    return "<!-- %s -->" % text.replace("--", "- -")


def months_text(indices):
    return " ".join(MONTHS[i] for i in indices)


def rebuilt_comment(act):
    r = act.rebuilt
    if r is None:
        if act.note:
            return "sin cantidades: " + act.note + "; no se inventan valores"
        return None
    if r["kind"] in UNRESOLVED:
        return "falta %s: %s; se deja ausente" % (months_text(r["missing"]), unresolved_reason(r))
    parts = ", ".join("%s=%s" % (MONTHS[i], r["values"][i]) for i in r["months"])
    return "reconstruido: %s (%s)" % (parts, rebuilt_reason(r))


def unresolved_reason(r):
    if r["kind"] == "imposible":
        return "los meses que sobreviven ya exceden el anual (resto %s)" % dec_text(r["remainder"])
    return ("ninguna regla decide cómo repartir el resto %s entre los meses perdidos"
            % dec_text(r["remainder"]))


def rebuilt_reason(r):
    why = r["kind"]
    if r["explicit"]:
        why += "; celda vacía en %s" % months_text(r["explicit"])
    if r["untraced"]:
        why += "; %d celda(s) perdida(s) sin rastro" % r["untraced"]
    return why


def write_xml(imp):
    d = imp.doc
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           comment("Generado por scripts/import-paa.py a partir de la exportación de texto del "
                   "programa publicado; los valores reconstruidos se señalan donde están y se "
                   "listan en input/RECONSTRUCCIONES.md."),
           '<programa anio="%s" version="1">' % d["anio"],
           "  <documento>"]
    for tag in ("titulo", "institucion"):
        out.append("    <%s>%s</%s>" % (tag, esc(d[tag]), tag))
    out.append("    <siglas>%s</siglas>" % esc(siglas(d["institucion"])))
    out.append("    <lugar>%s</lugar>" % esc(d["lugar"]))
    out.append("    <fecha>%s</fecha>" % d["fecha"])
    out.append("    <lema>%s</lema>" % esc(d["lema"]))
    out.append("    <despedida>%s</despedida>" % esc(d["despedida"]))
    out.append("    <firma><cargo>%s</cargo></firma>" % esc(d["cargo"]))
    for rol, nombre in d["creditos"]:
        out.append('    <credito rol="%s">%s</credito>' % (esc(rol, True), esc(nombre)))
    out.append("  </documento>")
    out.append("  <presentacion>")
    out += ["    <p>%s</p>" % esc(p) for p in d["presentacion"]]
    out.append("  </presentacion>")
    out.append("  <marco-legal>")
    out += ["    <elemento>%s</elemento>" % esc(e) for e in d["marco"]]
    out.append("  </marco-legal>")
    out.append("  <fines>")
    out += ['    <fin numero="%s">%s</fin>' % (n, esc(t)) for n, t in d["fines"]]
    out.append("  </fines>")
    out.append("  <objetivos>")
    out += ["    <elemento>%s</elemento>" % esc(e) for e in d["objetivos"]]
    out.append("  </objetivos>")
    out.append("  <politicas>")
    out += ["    <p>%s</p>" % esc(p) for p in d["politicas"]]
    out.append("  </politicas>")
    out.append('  <totales subprogramas="%d" proyectos="%d" actividades="%d"/>' % d["totales"])
    for sub, titulo in zip(imp.subs, d["titulos"]):
        out.append('  <subprograma numero="%s" proyectos="%d" actividades="%d">'
                   % (sub["numero"], sub["proyectos"], sub["actividades"]))
        out.append("    <area>%s</area>" % esc(sub["area"]))
        out.append("    <descripcion>%s</descripcion>" % esc(sub["descripcion"]))
        out.append("    <titulo>%s</titulo>" % esc(titulo))
        out.append("    <objetivo>%s</objetivo>" % esc(sub["objetivo"]))
        out.append("    <marco-legal>%s</marco-legal>" % esc(sub["marco"]))
        for p in sub["projects"]:
            out.append('    <proyecto clave="%s" actividades="%d">' % (p["clave"], p["actividades"]))
            out.append("      <nombre>%s</nombre>" % esc(p["nombre"]))
            for act in p["items"]:
                out += activity_xml(act)
            out.append("    </proyecto>")
        out.append("  </subprograma>")
    out.append("</programa>")
    return "\n".join(out) + "\n"


def siglas(institucion):
    """Initials of the significant words: INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO -> IEEM."""
    skip = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "EL"}
    return "".join(w[0] for w in institucion.upper().split() if w not in skip)


def activity_xml(act):
    ind = "        "
    out = ['      <actividad clave="%s">' % act.clave,
           ind + "<descripcion>%s</descripcion>" % esc(act.description)]
    if act.unit is None:
        out.append(ind + comment("unidad: la exportación perdió la celda; queda ausente "
                                 "(no se inventa)"))
    else:
        out.append(ind + "<unidad>%s</unidad>" % esc(act.unit))
    note = rebuilt_comment(act)
    if act.glued:
        glued_note = ("dic=%s recuperado del texto de beneficiarios «%s…»"
                      % (act.glued[1], act.glued[2]))
        note = glued_note if note is None else note + "; " + glued_note
    if note:
        out.append(ind + comment(note))
    attrs = []
    if act.annual is not None:
        attrs.append('anual="%s"' % act.annual)
    for i, v in enumerate(act.months):
        if v is not None:
            attrs.append('%s="%s"' % (MONTHS[i], v))
    r = act.rebuilt
    if r is not None and r["kind"] not in UNRESOLVED:
        attrs.append('reconstruidos="%s"' % months_text(r["months"]))
    out.append(ind + "<cantidades%s/>" % ("".join(" " + a for a in attrs)))
    lost = [t for t in ("tipo de beneficiarios", "cantidad de beneficiarios")
            if t in act.lost_text]
    if lost:
        out.append(ind + comment("%s: la exportación perdió la celda; queda ausente "
                                 "(no se inventa)" % " y ".join(lost)))
    inner = ""
    if act.tipo is not None:
        inner += "<tipo>%s</tipo>" % esc(act.tipo)
    if act.cantidad is not None:
        inner += "<cantidad>%s</cantidad>" % esc(act.cantidad)
    out.append(ind + "<beneficiarios>%s</beneficiarios>" % inner)
    out.append("      </actividad>")
    return out


def all_activities(imp):
    for sub in imp.subs:
        for p in sub["projects"]:
            for act in p["items"]:
                yield sub, p, act


def write_report(imp, source_name):
    acts = list(all_activities(imp))
    L = ["# Reconstrucciones de la exportación del Programa Anual de Actividades %s" % imp.doc["anio"],
         "",
         "Generado por `scripts/import-paa.py` a partir de `%s`. No editar a mano: se regenera "
         "con el importador." % source_name,
         "",
         "La exportación de texto se hizo desde la maqueta impresa y perdió celdas de las tablas. "
         "Este archivo lista todo lo que el XML (`input/paa%s.xml`) no toma tal cual de la "
         "exportación, para que la unidad de planeación lo confirme contra el original firmado. "
         "Cada valor reconstruido también va señalado en el XML, donde está, con el atributo "
         "`reconstruidos` y un comentario." % imp.doc["anio"],
         "",
         "Reglas, en este orden:",
         "",
         "1. Un número pegado al texto de beneficiarios («120 Áreas administrativas…») es el valor "
         "de diciembre: se recupera, no se reconstruye.",
         "2. Una celda vacía dentro de la serie de meses marca la posición del mes perdido.",
         "3. Las celdas perdidas sin rastro se colocan donde la fila sigue un patrón evidente "
         "(el mismo valor cada mes, cada 2, 3 o 4 meses, o la continuación de una serie de "
         "valores iguales contigua), si hay una única fila así que sume el anual.",
         "4. Si no, el mes perdido es el final y toma el resto (anual menos la suma de los meses "
         "que sobreviven).",
         "5. Si el resto es negativo la publicación es inconsistente: el mes queda ausente "
         "(nunca se escribe 0 por un valor desconocido).",
         ""]
    rebuilt = [(s, p, a) for s, p, a in acts if a.rebuilt and a.rebuilt["kind"] not in UNRESOLVED]
    kinds = {}
    for _, _, a in rebuilt:
        kinds[a.rebuilt["kind"]] = kinds.get(a.rebuilt["kind"], 0) + 1
    glued = [a for _, _, a in acts if a.glued]
    L += ["## Resumen", "",
          "- Actividades: %d." % len(acts),
          "- Actividades con meses reconstruidos: %d." % len(rebuilt)]
    for kind in sorted(kinds):
        L.append("  - %s: %d." % (kind, kinds[kind]))
    L.append("- Valores de diciembre recuperados del texto de beneficiarios: %d." % len(glued))
    L.append("")
    L += ["## Meses reconstruidos", "",
          "| Clave | Meses reconstruidos | Valores | Motivo / regla |",
          "|---|---|---|---|"]
    for _, _, a in rebuilt:
        r = a.rebuilt
        why = rebuilt_reason(r)
        L.append("| %s | %s | %s | %s |" % (
            a.clave, months_text(r["months"]),
            ", ".join("%s=%s" % (MONTHS[i], r["values"][i]) for i in r["months"]), why))
    L.append("")
    L += ["## Valores recuperados del texto de beneficiarios", "",
          "No son reconstrucciones: el valor de diciembre venía pegado al texto del tipo de "
          "beneficiarios y se separó.", "",
          "| Clave | Mes | Valor | Texto en la exportación |", "|---|---|---|---|"]
    for a in glued:
        L.append("| %s | dic | %s | «%s…» |" % (a.clave, a.glued[1], a.glued[2].replace("|", "\\|")))
    L.append("")
    lost = [a for _, _, a in acts if a.lost_text or a.note or
            (a.rebuilt and a.rebuilt["kind"] in UNRESOLVED)]
    L += ["## Datos que la exportación perdió y no se reconstruyen", "",
          "Un dato desconocido queda ausente en el XML, nunca inventado: `paa check` informa "
          "una cantidad como `cantidad-faltante` y la unidad, el tipo o la cantidad de "
          "beneficiarios como `dato-faltante`, hasta confirmarlos con el original firmado.", "",
          "| Clave | Qué falta |", "|---|---|"]
    for a in lost:
        what = []
        if a.note:
            what.append("todas las cantidades (%s)" % a.note)
        if a.rebuilt and a.rebuilt["kind"] in UNRESOLVED:
            what.append("%s (%s)" % (months_text(a.rebuilt["missing"]), unresolved_reason(a.rebuilt)))
        what += a.lost_text
        L.append("| %s | %s |" % (a.clave, "; ".join(what)))
    L.append("")
    L += ["## Correcciones de artefactos de la exportación", "",
          "| Línea de la exportación | Corrección |", "|---|---|"]
    for line, text in sorted(set(imp.fixes)):
        L.append("| %d | %s |" % (line, text))
    L.append("")
    L += ["## Variantes de redacción en la propia publicación", "",
          "El nombre de estos proyectos está redactado de dos maneras en la publicación. "
          "El XML usa la del resumen del subprograma (tabla «Proyectos Específicos»).", "",
          "| Clave | Resumen (se usa) | Encabezado del calendario | Línea |", "|---|---|---|---|"]
    for clave, summary, heading, line in imp.variants:
        L.append("| %s | %s | %s | %d |" % (clave, summary.replace("|", "\\|"),
                                             heading.replace("|", "\\|"), line))
    L.append("")
    L += ["## Posibles erratas de la propia publicación", "",
          "Se conservan tal como se publicaron; confírmense contra el original firmado.", "",
          "| Clave | Texto | Observación |", "|---|---|---|"]
    for clave, text, why in publication_typos(acts):
        L.append("| %s | «%s» | %s |" % (clave, text.replace("|", "\\|"), why))
    L.append("")
    L += ["## Inconsistencias de la propia publicación", "",
          "Se conservan los valores publicados; `paa check` las informa y la línea base "
          "(`input/paa%s.baseline`) las acepta con su motivo." % imp.doc["anio"], "",
          "| Clave | Hallazgo |", "|---|---|"]
    for _, _, a in acts:
        finding = publication_finding(a)
        if finding:
            L.append("| %s | %s |" % (a.clave, finding))
    L.append("")
    return "\n".join(L)


DOUBLED_WORD_RE = re.compile(r"\b(\w+) y \1\b", re.IGNORECASE)


def publication_typos(acts):
    """Mechanical signs of a typo in the published texts: a doubled final
    period, or "X y X" with the same word twice."""
    found = []
    for _, _, a in acts:
        for text in (a.description, a.tipo):
            if not text:
                continue
            if re.search(r"[^.]\.\.$", text):
                found.append((a.clave, text[-40:], "punto final duplicado"))
            m = DOUBLED_WORD_RE.search(text)
            if m:
                found.append((a.clave, m.group(0), "la misma palabra a ambos lados de «y»"))
    return found


def publication_finding(act):
    if act.annual is None:
        return None
    present = [to_dec(v) for v in act.months if v is not None]
    total = sum(present)
    annual = to_dec(act.annual)
    if len(present) == 12 and total != annual:
        months = "reconstruidos" if act.rebuilt else "publicados"
        return ("los doce meses (%s) suman %s y el anual publicado es %s"
                % (months, dec_text(total), act.annual))
    if len(present) < 12 and total > annual:
        return ("los meses que sobreviven suman %s y ya exceden el anual publicado (%s)"
                % (dec_text(total), act.annual))
    return None


def atomic_write(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    ap = argparse.ArgumentParser(
        description="Importa la exportación de texto del Programa Anual de Actividades al XML.")
    ap.add_argument("source", help="exportación de texto (UTF-8, celdas separadas por tabuladores)")
    ap.add_argument("-o", "--output", required=True, help="XML de salida")
    ap.add_argument("--reconstrucciones", required=True,
                    help="Markdown de salida con las reconstrucciones")
    args = ap.parse_args(argv)
    try:
        with open(args.source, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        print("import-paa: no se pudo leer %s: %s" % (args.source, e.strerror), file=sys.stderr)
        return 2
    except UnicodeDecodeError as e:
        print("import-paa: %s no está en UTF-8 (byte %d)" % (args.source, e.start), file=sys.stderr)
        return 1
    imp = Importer([l.rstrip("\r") for l in lines])
    try:
        imp.read_front()
        imp.read_body()
        imp.validate()
    except SourceError as e:
        print("%s:%d: error: %s" % (args.source, e.line, e), file=sys.stderr)
        return 1
    try:
        atomic_write(args.output, write_xml(imp))
        atomic_write(args.reconstrucciones, write_report(imp, os.path.basename(args.source)))
    except OSError as e:
        print("import-paa: no se pudo escribir: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
