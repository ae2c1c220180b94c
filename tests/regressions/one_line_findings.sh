#!/usr/bin/env bash
# Regression: libxml2 messages can span lines ("… UTF-8\nBytes: 0xE9 …"),
# which broke the one-finding-per-line format that editors and CI parse.
# Every line paa prints for a broken input must be a finding or the summary.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

for f in "$fix"/hostil/*.xml "$fix"/reglas/*.xml; do
  "$paa" check "$f" >"$tmp/out" 2>&1
  bad=$(grep -v -E "^$f:[0-9]+(:[0-9]+)?: (error|aviso): .* \[[a-z-]+\]$|^resumen: " "$tmp/out")
  [ -z "$bad" ] || fail "$f imprime líneas que no son hallazgos: $bad"
done
finish
