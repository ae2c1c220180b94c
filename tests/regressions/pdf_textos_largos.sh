#!/usr/bin/env bash
# Regression: fixed-size buffers in render_pdf cut long texts, and a cut
# in the middle of a two-byte character made valid input fail with
# "texto con UTF-8 inválido" (exit 1). tests/fixtures/largo.xml has a
# 600 × «á» subprograma description, a 600 × «ñ» project name and a
# 300 × «ó» place: it is valid, so `paa pdf` must set all of it.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
xml="$fix/largo.xml"

xmllint --noout --schema "$src/input/schema/programa.xsd" "$xml" 2>"$tmp/schema.err" \
    || fail "largo.xml no es válido contra el esquema: $(cat "$tmp/schema.err")"
if "$paa" pdf "$xml" -o "$tmp/largo.pdf" 2>"$tmp/err"; then
    # every character is there, whatever the lines it was broken into
    pdftotext -raw "$tmp/largo.pdf" - | tr -d '\n -' >"$tmp/text"
    for s in "$(printf 'á%.0s' $(seq 600))" "Solicitudes$(printf 'ñ%.0s' $(seq 600))" \
             "Toluca de Lerdo,$(printf 'ó%.0s' $(seq 300))"; do
        grep -qF "$(printf '%s' "$s" | tr -d ' ')" "$tmp/text" \
            || fail "falta entero el texto «${s:0:30}…»"
    done
else
    fail "paa pdf falló con un texto largo válido: $(cat "$tmp/err")"
fi
finish
