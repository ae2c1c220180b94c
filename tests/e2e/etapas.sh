#!/usr/bin/env bash
# The source tree reads as the pipeline: a module never includes a header
# from a later stage (base < model < read < check < the output folders:
# pdf, xlsx, write and any new one < main.c), and the two output
# libraries' headers stay in their folders (hpdf.h in src/pdf/,
# xlsxwriter.h in src/xlsx/).
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

# one pass over every #include "folder/…" of src/<folder>/*.[ch]
grep -o '^#include "[a-z_]*/' "$src"/src/*/*.[ch] | sed "s#^$src/src/##" | awk -F'[/:"]' '
  BEGIN { stage["base"] = 0; stage["model"] = 1; stage["read"] = 2; stage["check"] = 3 }
  function rank(folder) { return folder in stage ? stage[folder] : 4 }
  rank($(NF - 1)) > rank($1) {
    printf "src/%s/%s incluye un encabezado de %s/, una etapa posterior a %s/\n", $1, $2, $(NF - 1), $1
  }' >"$tmp/posteriores"
while read -r line; do fail "$line"; done <"$tmp/posteriores"

for pair in hpdf.h:pdf xlsxwriter.h:xlsx; do
  header=${pair%%:*} folder=${pair#*:}
  for f in $(grep -l "^#include <$header>" "$src"/src/*.c "$src"/src/*/*.[ch] 2>/dev/null); do
    case $f in
      "$src/src/$folder/"*) ;;
      *) fail "${f#"$src"/} incluye <$header> fuera de src/$folder/" ;;
    esac
  done
done
finish
