#!/usr/bin/env bash
# End-to-end: the programme PDF and the progress report PDF are PDF/A-1b,
# as Apache PDFBox Preflight (Debian's libpdfbox2-java, installed by
# `scripts/setup --test`) judges them: any error it reports fails. A third
# render, of a fixture whose title and institution carry XML and PDF
# specials (& < > " ' « » ( ) \), proves the XMP metadata is escaped and
# agrees with the document information. Also checks what Preflight does
# not: /Lang (es-MX), /DisplayDocTitle, the sRGB output intent is the
# shipped profile, and that <documento pdfa="no"> still gives a plain PDF
# (no metadata stream, no output intent).
set -u
T="$PAA_TMP/pdfa_preflight"
rm -rf "$T"
mkdir -p "$T/layouts"
fail=0
err() { echo "FALLA: $*"; fail=1; }

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
        err "$(basename "$1"): Preflight lo rechaza (salida $rc): $(grep -c ' : ' "$out") errores"
        grep ' : ' "$out" | sed 's/COSObject{[0-9]*, [0-9]*}/COSObject/; s/page [0-9]*/page N/' \
            | sort | uniq -c | sort -rn | head -8
    fi
}

# PDF/A parts Preflight does not require but the layout promises.
catalog_checks() {   # $1 = pdf
    local name; name=$(basename "$1")
    grep -aq '/Lang (es-MX)' "$1" || err "$name: falta /Lang (es-MX) en el catálogo"
    grep -aq '/DisplayDocTitle true' "$1" || err "$name: falta /DisplayDocTitle true"
    grep -aq '/S /GTS_PDFA1' "$1" || err "$name: falta el output intent GTS_PDFA1"
    grep -aq '<pdfaid:part>1</pdfaid:part>' "$1" || err "$name: el XMP no declara pdfaid:part 1"
    grep -aq '<pdfaid:conformance>B</pdfaid:conformance>' "$1" \
        || err "$name: el XMP no declara la conformidad B"
    grep -aq '/A <<' "$1" && err "$name: hay acciones /A (PDF/A-1 usa /Dest)"
}

"$PAA" pdf "$PAA_SRC/input/paa2024.xml" -o "$T/programa.pdf" \
    --baseline "$PAA_SRC/input/paa2024.baseline" 2>"$T/programa.err" \
    || err "paa pdf falló: $(cat "$T/programa.err")"
"$PAA" avance "$PAA_SRC/input/paa2024.xml" "$PAA_SRC/input/avance-2024-06.xml" \
    -o "$T" 2>"$T/avance.err" || err "paa avance falló: $(cat "$T/avance.err")"

# Specials in the title and institution (escaped by sed for the XML).
sed -e 's|<titulo>Programa Anual de Actividades 2024</titulo>|<titulo>Programa \&lt;Anual\&gt; \&amp; «Actividades» (2024) \\ "A" '"'"'B'"'"'</titulo>|' \
    -e 's|<institucion>INSTITUTO ELECTORAL DEL ESTADO DE MÉXICO</institucion>|<institucion>Instituto \&amp; Consejo \&lt;IEEM\&gt;</institucion>|' \
    "$PAA_SRC/tests/fixtures/base.xml" >"$T/especiales.xml"
grep -q 'Programa &lt;Anual' "$T/especiales.xml" || err "el fixture de especiales no cambió el título"
"$PAA" pdf "$T/especiales.xml" -o "$T/especiales.pdf" 2>"$T/especiales.err" \
    || err "paa pdf (especiales) falló: $(cat "$T/especiales.err")"

for pdf in "$T/programa.pdf" "$T/avance-2024-06.pdf" "$T/especiales.pdf"; do
    [ -s "$pdf" ] || { err "no se generó $(basename "$pdf")"; continue; }
    preflight "$pdf"
    catalog_checks "$pdf"
done

if [ -s "$T/especiales.pdf" ]; then
    grep -aq '<rdf:li xml:lang="x-default">Programa &lt;Anual&gt; &amp; «Actividades» (2024) \\ &quot;A&quot; &apos;B&apos;</rdf:li>' \
        "$T/especiales.pdf" || err "especiales: el título en el XMP no está escapado como se espera"
    pdfinfo "$T/especiales.pdf" | grep -q '^Title: *Programa <Anual> & «Actividades» (2024) \\ "A" '"'"'B'"'"'$' \
        || err "especiales: el título del documento no es el del programa: $(pdfinfo "$T/especiales.pdf" | grep Title)"
fi

# The output intent carries the shipped profile, byte for byte, as /N 3.
/usr/bin/python3 - "$T/programa.pdf" "$PAA_SRC/color/sRGB.icc" <<'PY' || fail=1
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
    -e "s|archivo=\"../fonts/|archivo=\"$PAA_SRC/fonts/|" \
    "$PAA_SRC/layouts/programa.xml" >"$T/layouts/programa.xml"
grep -q 'pdfa="no"' "$T/layouts/programa.xml" || err "el diseño no tiene <documento pdfa=\"si\">"
"$PAA" pdf "$PAA_SRC/tests/fixtures/base.xml" -o "$T/simple.pdf" \
    --layout "$T/layouts/programa.xml" 2>"$T/simple.err" \
    || err "paa pdf con pdfa=\"no\" falló: $(cat "$T/simple.err")"
if [ -s "$T/simple.pdf" ]; then
    grep -aq '/Metadata' "$T/simple.pdf" && err "pdfa=\"no\": el PDF lleva metadatos XMP"
    grep -aq '/OutputIntents' "$T/simple.pdf" && err "pdfa=\"no\": el PDF lleva output intent"
    grep -aq '/Lang (es-MX)' "$T/simple.pdf" || err "pdfa=\"no\": falta /Lang (es-MX)"
fi

exit $fail
