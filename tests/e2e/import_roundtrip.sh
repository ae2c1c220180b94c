#!/usr/bin/env bash
# The committed input/paa2024.xml and input/RECONSTRUCCIONES.md are exactly
# what scripts/import-paa.py makes of the shipped text export (deterministic
# importer, nothing edited by hand). Also checks that re-running reproduces
# the same bytes and that malformed input fails with a line number.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
export_txt=$src/../shared/source/paa2024.txt
[ -r "$export_txt" ] || skip "no está la exportación de texto en $export_txt"

run_import() {  # DIR
  python3 "$src/scripts/import-paa.py" "$export_txt" -o "$1/paa2024.xml" \
    --reconstrucciones "$1/RECONSTRUCCIONES.md"
}

mkdir -p "$tmp/a" "$tmp/b"
run_import "$tmp/a" || fail "el importador falló con la exportación publicada"
run_import "$tmp/b" || fail "el importador falló la segunda vez"
cmp "$tmp/a/paa2024.xml" "$src/input/paa2024.xml" \
  || fail "input/paa2024.xml no es lo que genera el importador (¿se editó a mano?)"
cmp "$tmp/a/RECONSTRUCCIONES.md" "$src/input/RECONSTRUCCIONES.md" \
  || fail "input/RECONSTRUCCIONES.md no es lo que genera el importador"
cmp "$tmp/a/paa2024.xml" "$tmp/b/paa2024.xml" || fail "dos corridas no dan el mismo XML"
ls -A "$tmp/a" | grep -q '^\.' && fail "quedaron archivos temporales junto a la salida"

# Malformed input: Spanish message with the source line, non-zero exit, and
# no output left behind.
mkdir -p "$tmp/bad"
sed '209s/^\t4,060/\t4,060\tX\tY\tZ/' "$export_txt" >"$tmp/bad/roto.txt"
if python3 "$src/scripts/import-paa.py" "$tmp/bad/roto.txt" -o "$tmp/bad/x.xml" \
     --reconstrucciones "$tmp/bad/r.md" 2>"$tmp/bad/err"; then
  fail "una fila de cantidades rota no hizo fallar al importador"
fi
grep -q 'roto.txt:209: error: ' "$tmp/bad/err" \
  || fail "el error no cita la línea de la exportación: $(cat "$tmp/bad/err")"
[ -e "$tmp/bad/x.xml" ] && fail "con error no debe escribirse el XML"

finish
