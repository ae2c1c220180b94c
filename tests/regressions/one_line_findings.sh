#!/usr/bin/env bash
# Regression: libxml2 messages can span lines ("… UTF-8\nBytes: 0xE9 …"),
# which broke the one-finding-per-line format that editors and CI parse.
# Every line paa prints for a broken input must be a finding or the summary.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/one_line_findings
mkdir -p "$tmp"
fails=0
for f in "$src"/tests/fixtures/hostil/*.xml "$src"/tests/fixtures/reglas/*.xml; do
  "$paa" check "$f" >"$tmp/out" 2>&1
  bad=$(grep -v -E "^$f:[0-9]+: (error|aviso): \[[a-z-]+\] |^resumen: " "$tmp/out")
  if [ -n "$bad" ]; then
    echo "FALLA: $f imprime líneas que no son hallazgos: $bad"
    fails=$((fails + 1))
  fi
done
[ $fails -eq 0 ] && echo "one_line_findings: correcto"
[ $fails -eq 0 ]
