#!/usr/bin/env bash
# Corrections of the progress report (issue 11, part 3) seen through the
# command line: `paa avance` warns, like `paa pdf`, when the programme has
# check errors beyond those its --baseline accepts.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" -o "$tmp/sin"
expect_grep "$tmp/err" "^paa: aviso: $src/input/paa2024.xml tiene [0-9]* errores de revisión; el documento se genera igual"
[ "$(grep -c '^paa: aviso:' "$tmp/err")" -eq 1 ] || fail "el aviso debe ocupar una línea"
[ -s "$tmp/sin/avance-2024-06.pdf" ] || fail "el informe se genera igual"

# With the baseline that accepts the published findings there is nothing to say.
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" \
  --baseline "$src/input/paa2024.baseline" -o "$tmp/con"
grep -q "^paa: aviso:" "$tmp/err" && fail "con la línea base no hay errores que avisar: $(head -2 "$tmp/err")"

# --check only reviews the progress file: no document, no warning about one.
expect_exit 0 "$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" --check
grep -q "^paa: aviso:" "$tmp/err" && fail "--check no genera documento: $(head -2 "$tmp/err")"
finish
