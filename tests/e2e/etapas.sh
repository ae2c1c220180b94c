#!/usr/bin/env bash
# The source tree reads as the pipeline: a module never includes a header
# from a later stage (base < model < read < check < the output folders:
# pdf, xlsx, write and any new one < main.c), and the two output
# libraries' headers stay in their folders (hpdf.h in src/pdf/,
# xlsxwriter.h in src/xlsx/).
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

stage() {
  case $1 in
    base) echo 0 ;; model) echo 1 ;; read) echo 2 ;; check) echo 3 ;;
    main.c) echo 5 ;; *) echo 4 ;;
  esac
}

for f in "$src"/src/*/*.[ch]; do
  rel=${f#"$src"/src/}
  folder=${rel%%/*}
  mine=$(stage "$folder")
  for dep in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f" | sort -u); do
    [ "$(stage "$dep")" -le "$mine" ] \
      || fail "src/$rel incluye un encabezado de $dep/, una etapa posterior a $folder/"
  done
done

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
