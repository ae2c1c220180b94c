#!/usr/bin/env bash
# End-to-end: the programme PDF, the progress report PDF and the
# adecuaciones annex (paa diff --format pdf) are PDF/A-1b,
# as Apache PDFBox Preflight (Debian's libpdfbox2-java, installed by
# `scripts/setup --test`) judges them: any error it reports fails. A third
# render, of a fixture whose title and institution carry XML and PDF
# specials (& < > " ' « » ( ) \), proves the XMP metadata is escaped and
# agrees with the document information. Also checks what Preflight does
# not: /Lang (es-MX), /DisplayDocTitle, the sRGB output intent is the
# shipped profile, and that <documento pdfa="no"> still gives a plain PDF
# (no metadata stream, no output intent).
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
mkdir -p "$tmp/layouts"

J=/usr/share/java
CP=""
for jar in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
    if [ ! -r "$J/$jar.jar" ]; then
        echo "FALLA: falta $J/$jar.jar: instálelo con scripts/setup --test"
        exit 1
    fi
    CP="$CP${CP:+:}$J/$jar.jar"
done
command -v java >/dev/null || { echo "FALLA: falta java: scripts/setup --test"; exit 1; }

preflight() {   # $1 = pdf
    local out="$1.preflight"
    java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$1" >"$out" 2>&1
    local rc=$?
    if [ $rc -ne 0 ] || ! grep -q 'is a valid PDF/A-1b file' "$out"; then
        fail "$(basename "$1"): Preflight lo rechaza (salida $rc): $(grep -c ' : ' "$out") errores"
        grep ' : ' "$out" | sed 's/COSObject{[0-9]*, [0-9]*}/COSObject/; s/page [0-9]*/page N/' \
            | sort | uniq -c | sort -rn | head -8
    fi
}

# PDF/A parts Preflight does not require but the layout promises.
catalog_checks() {   # $1 = pdf
    local name; name=$(basename "$1")
    grep -aq '/Lang (es-MX)' "$1" || fail "$name: falta /Lang (es-MX) en el catálogo"
    grep -aq '/DisplayDocTitle true' "$1" || fail "$name: falta /DisplayDocTitle true"
    grep -aq '/S /GTS_PDFA1' "$1" || fail "$name: falta el output intent GTS_PDFA1"
    grep -aq '<pdfaid:part>1</pdfaid:part>' "$1" || fail "$name: el XMP no declara pdfaid:part 1"
    grep -aq '<pdfaid:conformance>B</pdfaid:conformance>' "$1" \
        || fail "$name: el XMP no declara la conformidad B"
    grep -aq '/A <<' "$1" && fail "$name: hay acciones /A (PDF/A-1 usa /Dest)"
}

"$paa" pdf "$src/input/paa2024.xml" -o "$tmp/programa.pdf" \
    --baseline "$src/input/paa2024.baseline" 2>"$tmp/programa.err" \
    || fail "paa pdf falló: $(cat "$tmp/programa.err")"
"$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" \
    -o "$tmp" 2>"$tmp/avance.err" || fail "paa avance falló: $(cat "$tmp/avance.err")"

# Specials in the title and institution (escaped by sed for the XML).
sed -e 's|<titulo>Programa Anual de Actividades 2024</titulo>|<titulo>Programa \&lt;Anual\&gt; \&amp; «Actividades» (2024) \\ "A" '"'"'B'"'"'</titulo>|' \
    -e 's|<institucion>INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO</institucion>|<institucion>Instituto \&amp; Consejo \&lt;IEEM\&gt;</institucion>|' \
    "$src/tests/fixtures/base.xml" >"$tmp/especiales.xml"
grep -q 'Programa &lt;Anual' "$tmp/especiales.xml" || fail "el fixture de especiales no cambió el título"
"$paa" pdf "$tmp/especiales.xml" -o "$tmp/especiales.pdf" 2>"$tmp/especiales.err" \
    || fail "paa pdf (especiales) falló: $(cat "$tmp/especiales.err")"

# The adecuaciones annex of paa diff, of a one-figure change.
sed 's/anual="243" ene="44" feb="17"/anual="246" ene="44" feb="20"/' "$src/input/paa2024.xml" \
    >"$tmp/adecuado.xml"
"$paa" diff "$src/input/paa2024.xml" "$tmp/adecuado.xml" --format pdf \
    -o "$tmp/adecuaciones.pdf" 2>"$tmp/adecuaciones.err" \
    || fail "paa diff --format pdf falló: $(cat "$tmp/adecuaciones.err")"

for pdf in "$tmp/programa.pdf" "$tmp/avance-2024-06.pdf" "$tmp/especiales.pdf" \
    "$tmp/adecuaciones.pdf"; do
    [ -s "$pdf" ] || { fail "no se generó $(basename "$pdf")"; continue; }
    preflight "$pdf"
    catalog_checks "$pdf"
done

if [ -s "$tmp/especiales.pdf" ]; then
    grep -aq '<rdf:li xml:lang="x-default">Programa &lt;Anual&gt; &amp; «Actividades» (2024) \\ &quot;A&quot; &apos;B&apos;</rdf:li>' \
        "$tmp/especiales.pdf" || fail "especiales: el título en el XMP no está escapado como se espera"
    pdfinfo "$tmp/especiales.pdf" | grep -q '^Title: *Programa <Anual> & «Actividades» (2024) \\ "A" '"'"'B'"'"'$' \
        || fail "especiales: el título del documento no es el del programa: $(pdfinfo "$tmp/especiales.pdf" | grep Title)"
fi

# The output intent carries the shipped profile, byte for byte, as /N 3.
/usr/bin/python3 - "$tmp/programa.pdf" "$src/color/sRGB.icc" <<'PY' || fail "el perfil del output intent no es el distribuido (arriba)"
import re, sys, zlib
pdf = open(sys.argv[1], "rb").read()
ref = re.search(rb"/DestOutputProfile (\d+) 0 R", pdf)
if not ref:
    sys.exit(print("FALLA: el output intent no apunta a un perfil") or 1)
obj = re.search(rb"\n" + ref.group(1) + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", pdf, re.S)
if not obj or b"/N 3" not in obj.group(1):
    sys.exit(print("FALLA: el perfil del output intent no declara /N 3") or 1)
data = zlib.decompressobj().decompress(pdf[obj.end():])
if data != open(sys.argv[2], "rb").read():
    sys.exit(print("FALLA: el perfil incrustado no es color/sRGB.icc") or 1)
PY

# Plain PDF still available: <documento pdfa="no"> in a copy of the layout.
# (fonts by absolute path: paa only loads the ones it ships)
sed -e 's|<documento pdfa="si"|<documento pdfa="no"|' \
    -e "s|archivo=\"../fonts/|archivo=\"$src/fonts/|" \
    "$src/layouts/programa.xml" >"$tmp/layouts/programa.xml"
grep -q 'pdfa="no"' "$tmp/layouts/programa.xml" || fail "el diseño no tiene <documento pdfa=\"si\">"
"$paa" pdf "$src/tests/fixtures/base.xml" -o "$tmp/simple.pdf" \
    --layout "$tmp/layouts/programa.xml" 2>"$tmp/simple.err" \
    || fail "paa pdf con pdfa=\"no\" falló: $(cat "$tmp/simple.err")"
if [ -s "$tmp/simple.pdf" ]; then
    grep -aq '/Metadata' "$tmp/simple.pdf" && fail "pdfa=\"no\": el PDF lleva metadatos XMP"
    grep -aq '/OutputIntents' "$tmp/simple.pdf" && fail "pdfa=\"no\": el PDF lleva output intent"
    grep -aq '/Lang (es-MX)' "$tmp/simple.pdf" || fail "pdfa=\"no\": falta /Lang (es-MX)"
fi

finish
