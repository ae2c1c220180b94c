#!/usr/bin/env bash
# Regression (issue 16, class 7): libxml2's and the C library's English
# reached users («Excessive depth … XML_PARSE_HUGE», «Attribute clave
# redefined», «No such file or directory», «Is a directory», «I/O
# warning»), and baseline text was echoed raw (terminal escapes to the
# screen, invalid UTF-8 into the JSON report). Every message is Spanish, and
# untrusted text is escaped.
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_mensajes
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }
prog=$src/tests/fixtures/minimo.xml
# English that must never reach a user (libxml2, libc).
english='Excessive|redefined|expected|not found|No such|Is a dir|Permission|warning|Opening and|Premature|Extra content|Entity|Unsupported|invalid|Specification|construct|Couldn|Comment not|not allowed|is not|Element '

# One malformed document per kind of parser error, and deep nesting.
i=0
while IFS= read -r doc; do
    i=$((i + 1))
    printf '%s' "$doc" >"$tmp/m$i.xml"
done <<'DOCS'
<a><b></a>
<a clave="1" clave="2"/>
<a>&foo;</a>
<a>&#0;</a>
<a x=1/>
<a x/>
<a><!-- x </a>
<a><![CDATA[ x </a>
<a x='<'/>
<?xml version='2.0'?><a/>
<?xml version='1.0' encoding='latin-9'?><a/>
<a><?pi</a>
<a>]]></a>
<a:b/>
<a xmlns:='x'/>
<a>&;</a>
<1a/>
<a b='1'c='2'/>
 <?xml version='1.0'?><a/>
<a>&lt</a>
<programa/>
<programa anio="x"><documento/></programa>
DOCS
python3 -c "print('<a>' * 300)" >"$tmp/profundo.xml"
for f in "$tmp"/m*.xml "$tmp/profundo.xml" "$tmp/no-existe.xml" "$tmp"; do
    "$paa" check "$f" >"$tmp/out" 2>&1
    rc=$?
    [ $rc -eq 1 ] || [ $rc -eq 2 ] || err "$f: salió con $rc"
    grep -Eq "$english" "$tmp/out" && err "$f: mensaje en inglés: $(cat "$tmp/out")"
    grep -Eq ': error: .*\[(xml|esquema|io)\]$' "$tmp/out" \
        || err "$f: sin error con archivo y línea: $(cat "$tmp/out")"
done
"$paa" check "$tmp/profundo.xml" 2>&1 | grep -q 'se anidan más de' \
    || err "el anidamiento excesivo no se explica"
"$paa" check "$tmp/m2.xml" 2>&1 | grep -q 'el atributo «clave» aparece dos veces' \
    || err "el atributo repetido no se explica"

# A wrong PAA_DATA_DIR: one I/O error naming the variable, exit 2.
PAA_DATA_DIR=$tmp "$paa" check "$prog" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] || err "PAA_DATA_DIR erróneo: salió con $rc, se esperaba 2"
grep -q 'PAA_DATA_DIR' "$tmp/out" || err "PAA_DATA_DIR erróneo: $(cat "$tmp/out")"
grep -Eq "$english|ajusta al esquema" "$tmp/out" && err "PAA_DATA_DIR erróneo: $(cat "$tmp/out")"

# Baseline text: escapes and bad UTF-8 never reach the terminal or JSON.
printf 'suma-meses 01\033[2J0101 borra la pantalla\nsuma-meses 010101 \033]0;titulo\007\n' \
    >"$tmp/escapes.baseline"
printf 'suma-meses 010101 motivo \xff\xfe\n' >"$tmp/latin.baseline"
for b in escapes latin; do
    for fmt in texto json; do
        "$paa" check "$prog" --baseline "$tmp/$b.baseline" --format $fmt \
            >"$tmp/out" 2>&1
        LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/out" \
            && err "$b/$fmt: caracteres de control en la salida"
        python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' \
            "$tmp/out" 2>/dev/null || err "$b/$fmt: la salida no es UTF-8"
    done
done
"$paa" check "$prog" --baseline "$tmp/escapes.baseline" --format json >"$tmp/json" 2>/dev/null
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/json" \
    || err "el informe JSON no es válido"
grep -q '\\\\x1B\[2J' "$tmp/json" || err "la secuencia de escape no se muestra escapada"
# A progress entry that matches nothing is still stale for `paa avance`
# (the scope of each command: tests/regressions/linea_base_utf8_alcance.sh).
printf 'avance-mes-faltante 010101 no aplica\n' >"$tmp/avance.baseline"
"$paa" avance "$src/input/paa2024.xml" "$src/input/avance-2024-06.xml" --check \
    --baseline "$tmp/avance.baseline" >"$tmp/out" 2>&1
grep -q 'avance.baseline:1:[0-9:]*.*aviso: .*\[linea-base-obsoleta\]$' "$tmp/out" \
    || err "una entrada de avance sin hallazgo no se avisa: $(tail -2 "$tmp/out")"

# An emoji in a layout's text is the layout's fault, at its line (it was
# blamed on the programme file, without a line).
sed -e 's/centro="{titulo}"/centro="{titulo} \xf0\x9f\x9a\x80"/' -e "s#\.\./fonts/#$src/fonts/#g" \
    "$src/layouts/programa.xml" >"$tmp/diseno.xml"
line=$(grep -n 'centro="{titulo} ' "$tmp/diseno.xml" | cut -d: -f1)
"$paa" pdf "$prog" --layout "$tmp/diseno.xml" -o "$tmp/x.pdf" >"$tmp/out" 2>&1
[ $? -eq 1 ] || err "emoji en el diseño: $(cat "$tmp/out")"
grep -q "^$tmp/diseno.xml:$line[0-9:]*: error: el texto no se puede imprimir.*\[layout\]$" "$tmp/out" \
    || err "emoji en el diseño sin su línea: $(cat "$tmp/out")"
grep -q "^$prog" "$tmp/out" && err "el emoji del diseño se atribuyó al programa"

[ $fail -eq 0 ] && echo "hostil_mensajes: correcto"
exit $fail
