#!/usr/bin/env bash
# Regression (issue 16, class 5): every input is a regular file within its
# size limit. A FIFO as programme hung `paa check`; /dev/zero as baseline
# was read until memory ran out (exit 0); a directory as baseline read as
# an empty baseline. Each is now one Spanish [io] error with exit 2, in a
# bounded time, for every kind of input (programme, progress, layout,
# baseline).
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_entradas
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }
fx=$src/tests/fixtures
prog=$fx/minimo.xml

mkfifo "$tmp/fifo.xml"
truncate -s 200M "$tmp/enorme.xml"   # sparse: no disk used

# expect WHAT PATTERN COMMAND…: exit 2 within 10 s, one [io] error
# matching PATTERN, no English from the C library.
expect() {
    local what=$1 pattern=$2
    shift 2
    timeout 10 "$@" >"$tmp/out" 2>&1 </dev/null
    local rc=$?
    [ $rc -eq 124 ] && { err "$what: la orden se quedó bloqueada"; return; }
    [ $rc -eq 2 ] || err "$what: salió con $rc, se esperaba 2: $(head -3 "$tmp/out")"
    grep -q "error: .*$pattern.*\[io\]$" "$tmp/out" \
        || err "$what: falta «$pattern»: $(head -3 "$tmp/out")"
    [ "$(grep -c 'error: .*\[io\]$' "$tmp/out")" -eq 1 ] \
        || err "$what: se esperaba un solo error [io]: $(cat "$tmp/out")"
    grep -Eq 'No such|Is a dir|Permission|warning' "$tmp/out" \
        && err "$what: mensaje del sistema en inglés: $(cat "$tmp/out")"
}

expect "programa FIFO" "FIFO" "$paa" check "$tmp/fifo.xml"
expect "programa directorio" "directorio" "$paa" check "$tmp"
expect "programa dispositivo" "dispositivo" "$paa" check /dev/zero
expect "programa enorme" "más que el límite" "$paa" check "$tmp/enorme.xml"
expect "programa inexistente" "no existe" "$paa" check "$tmp/no-existe.xml"
expect "línea base /dev/zero" "dispositivo" "$paa" check "$prog" --baseline /dev/zero
expect "línea base directorio" "directorio" "$paa" check "$prog" --baseline "$tmp"
expect "línea base FIFO" "tubería" "$paa" check "$prog" --baseline "$tmp/fifo.xml"
expect "línea base enorme" "mide más de" "$paa" check "$prog" --baseline "$tmp/enorme.xml"
expect "avance FIFO" "FIFO" "$paa" avance "$fx/avance/programa.xml" "$tmp/fifo.xml" --check
expect "avance /dev/zero" "dispositivo" "$paa" avance "$fx/avance/programa.xml" /dev/zero --check
expect "diseño FIFO" "FIFO" "$paa" pdf "$prog" --layout "$tmp/fifo.xml" -o "$tmp/x.pdf"
expect "diseño directorio" "directorio" "$paa" xlsx "$prog" --layout "$tmp" -o "$tmp/x.xlsx"
[ -e "$tmp/x.pdf" ] || [ -e "$tmp/x.xlsx" ] && err "se escribió una salida"

[ $fail -eq 0 ] && echo "hostil_entradas: correcto"
exit $fail
