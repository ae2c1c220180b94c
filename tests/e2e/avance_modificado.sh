#!/usr/bin/env bash
# `paa avance --modificado`: a progress report measured against the
# programme in force after an adecuación (input/paa2024-adecuacion.xml,
# from scripts/gen-adecuacion.py), with the approved programme's figures.
# - the PDF shows both programmed-to-date columns, the change marks and
#   notes, the sentence of the summary and the cancelled activities;
# - the sample adecuación is what its generator gives, byte for byte;
# - --check says what the adecuación did with an original clave;
# - generar --modificado gives the single commands' bytes; the
#   programme documents stay the approved programme's;
# - a bad --modificado file: Spanish message with file:line, exit 1 (an
#   input error, as a bad PROGRAMA.xml), nothing written.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"
prog="$src/input/paa2024.xml" mod="$src/input/paa2024-adecuacion.xml"
av="$src/input/adecuacion/avance-2024-06.xml" base="$src/input/paa2024.baseline"

/usr/bin/python3 "$src/scripts/gen-adecuacion.py" "$prog" -o "$tmp/adecuacion.xml"
cmp -s "$tmp/adecuacion.xml" "$mod" || fail "gen-adecuacion.py no reproduce $mod"

"$paa" avance "$prog" "$av" --modificado "$mod" -o "$tmp/solo" 2>"$tmp/solo.err"
st=$?; [ "$st" -eq 0 ] || fail "avance --modificado: salió con $st"
pdftotext -layout "$tmp/solo/avance-2024-06.pdf" "$tmp/solo.txt"
# the text in reading order, its lines joined (notes wrap in narrow cells)
pdftotext "$tmp/solo/avance-2024-06.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/solo.flat"
for text in 'Prog. acum. original' 'Prog. acum. modificado' \
    'Cumplimiento medido contra el programa modificado (adecuación del 30 de mayo de 2024).' \
    '* Meta modificada por la adecuación: anual de 12 a 14; junio de 1 a 3.' \
    'Renumerada por la' 'adecuación: antes 010103.' '* Actividad agregada por la adecuación.' \
    '«*» meta modificada o actividad agregada por la adecuación' \
    'Actividades canceladas por la adecuación'; do
    grep -q -F -- "$text" "$tmp/solo.flat" || fail "el PDF no dice «$text»"
done
# state words are never hyphenated: the 15 columns fit the frame unscaled
grep -q -E 'sobrecumplimien-|sobrecumpli-' "$tmp/solo.txt" \
    && fail "«sobrecumplimiento» partido en el detalle con programa modificado"
# 010101: 2,770 programmed to June in the original, 2,570 in the modified
grep -E -q '^ *010101 .* 2,770 +2,570 \*' "$tmp/solo.txt" \
    || fail "010101 no muestra original 2,770 y modificado 2,570 *"
# the cancelled 010302 with its original programmed-to-date (127) and annual (158)
grep -E -q '^ *010302 +0103 .* 127 +158' "$tmp/solo.txt" \
    || fail "la lista de canceladas no muestra 010302 con 127 y 158"

# the approved programme's sample progress file, against the adecuación
"$paa" avance "$prog" "$src/input/avance-2024-06.xml" --modificado "$mod" --check \
    >"$tmp/check.out" 2>&1
st=$?; [ "$st" -eq 1 ] || fail "avance --check --modificado con claves del programa aprobado: salió con $st"
expect_grep "$tmp/check.out" \
    '010103 fue renumerada a 010204 por la adecuación (010103) \[avance-clave-desconocida\]'
expect_grep "$tmp/check.out" \
    '010302 fue cancelada por la adecuación (010302) \[avance-clave-desconocida\]'
"$paa" avance "$prog" "$av" --modificado "$mod" --check >"$tmp/check2.out" 2>&1
st=$?; [ "$st" -eq 0 ] || fail "avance --check --modificado con su propio avance: salió con $st"

# generar: the programme documents are the approved programme's, the
# report is the single command's, byte for byte
"$paa" generar "$prog" --modificado "$mod" --avance "$av" --baseline "$base" -o "$tmp/junto" \
    2>"$tmp/junto.err"
st=$?; [ "$st" -eq 0 ] || fail "generar --modificado: salió con $st"
"$paa" pdf "$prog" -o "$tmp/solo/paa2024.pdf" --baseline "$base" 2>/dev/null
"$paa" export "$prog" --format csv -o "$tmp/solo/paa2024.csv"
for f in avance-2024-06.pdf avance-2024-06.xlsx paa2024.pdf paa2024.csv; do
    cmp -s "$tmp/solo/$f" "$tmp/junto/$f" || fail "generar --modificado: $f difiere del comando propio"
done

# without --modificado nothing changes: the usual report is not this one
"$paa" avance "$prog" "$src/input/avance-2024-06.xml" -o "$tmp/sin" 2>/dev/null
pdftotext "$tmp/sin/avance-2024-06.pdf" "$tmp/sin.txt"
grep -q 'adecuación' "$tmp/sin.txt" && fail "sin --modificado el PDF habla de la adecuación"

# a bad --modificado file
printf '<?xml version="1.0"?>\n<programa anio="2024">\n<roto>\n</programa>\n' >"$tmp/roto.xml"
"$paa" avance "$prog" "$av" --modificado "$tmp/roto.xml" -o "$tmp/nada" >"$tmp/roto.err" 2>&1
st=$?
[ "$st" -eq 1 ] || fail "un --modificado roto sale con $st, no 1"
grep -q "roto.xml:[0-9]*:" "$tmp/roto.err" || fail "sin archivo:línea: $(cat "$tmp/roto.err")"
[ -e "$tmp/nada" ] && fail "un --modificado roto escribió $tmp/nada"
"$paa" generar "$prog" --modificado "$tmp/roto.xml" --avance "$av" -o "$tmp/nada2" 2>/dev/null
st=$?
[ "$st" -eq 1 ] || fail "generar con un --modificado roto sale con $st, no 1"
[ -e "$tmp/nada2" ] && fail "generar con un --modificado roto escribió algo"
finish
