"""The edited copy of input/paa2024.xml that the `paa diff` tests compare
with the original (tests/e2e/diff.py, diff_anexo.py): a renumbered and
moved activity, an added one (counts updated), a renamed project, a move
between months and a change to a closed month."""
import re

NUEVA = """      <actividad clave="010104">
        <descripcion>Dar seguimiento a las adecuaciones del Programa Anual de Actividades.</descripcion>
        <unidad>Informe</unidad>
        <cantidades anual="12" ene="0" feb="0" mar="0" abr="0" may="0" jun="0" jul="2" ago="2" sep="2" oct="2" nov="2" dic="2"/>
        <beneficiarios><tipo>IEEM.</tipo><cantidad>1</cantidad></beneficiarios>
      </actividad>
"""
NOMBRE_0105 = "Obligaciones de transparencia de la Secretaría Ejecutiva, cumplidas."


def once(text, old, new):
    """Replaces the only occurrence of old."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def block(text, clave):
    """The <actividad> element of clave, whole lines."""
    m = re.search(r'      <actividad clave="%s">.*?      </actividad>\n' % clave, text, re.S)
    return m.group(0)


def editar(text):
    moved = block(text, "010103")
    # Renumbered and moved: 010103 leaves project 0101 and becomes 010204;
    # a new activity 010104 takes its place in 0101 (0101 keeps 3).
    text = once(text, moved, NUEVA)
    end_0102 = block(text, "010203")
    text = once(text, end_0102, end_0102 + moved.replace('clave="010103"', 'clave="010204"'))
    text = once(text, '<proyecto clave="0102" actividades="3">', '<proyecto clave="0102" actividades="4">')
    text = once(text, '<subprograma numero="01" proyectos="13" actividades="28">',
                '<subprograma numero="01" proyectos="13" actividades="29">')
    text = once(text, '<totales subprogramas="13" proyectos="86" actividades="318"/>',
                '<totales subprogramas="13" proyectos="86" actividades="319"/>')
    # Renamed project.
    text = re.sub(r'(<proyecto clave="0105" actividades="1">\n      <nombre>)[^<]*', r'\g<1>' + NOMBRE_0105, text)
    # A move between months (jul → ago), months still open at a June cut-off.
    text = once(text, 'anual="36" ene="3" feb="3" mar="3" abr="3" may="3" jun="3" jul="3" ago="3"',
                'anual="36" ene="3" feb="3" mar="3" abr="3" may="3" jun="3" jul="0" ago="6"')
    # A change to a closed month (feb), the annual updated with it.
    text = once(text, 'anual="243" ene="44" feb="17"', 'anual="246" ene="44" feb="20"')
    return text
