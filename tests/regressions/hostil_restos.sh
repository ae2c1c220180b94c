#!/usr/bin/env bash
# Regression (issue 16, class 3, single outputs): kills of `paa pdf` left
# orphan "SALIDA.tmp-PID-N" files, and a file-size limit (ulimit -f) killed
# paa with SIGXFSZ, no message and a temporary file left. Now the next run
# removes what killed runs left beside its destination, and the size limit
# is an ordinary [io] error (exit 2, no temporary file, old output kept).
set -u
paa=${PAA:?} src=${PAA_SRC:?}
tmp=${PAA_TMP:?}/hostil_restos
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
err() { echo "FALLA: $*"; fail=1; }
prog=$src/tests/fixtures/minimo.xml

# A process id that no longer exists, and one that does (ours).
sh -c 'exit 0' & dead=$!
wait $dead
touch "$tmp/doc.pdf.tmp-$dead-0" "$tmp/doc.pdf.tmp-$dead-7" "$tmp/doc.pdf.tmp-$$-0" \
      "$tmp/otro.pdf.tmp-$dead-0"
# Real kills at random moments of the rendering.
for delay in 0.02 0.05 0.1 0.15 0.2; do
    "$paa" pdf "$prog" -o "$tmp/doc.pdf" 2>/dev/null &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
done
"$paa" pdf "$prog" -o "$tmp/doc.pdf" 2>"$tmp/err" || err "pdf tras las muertes: $(cat "$tmp/err")"
left=$(cd "$tmp" && ls | grep '^doc\.pdf\.tmp-' | grep -v "tmp-$$-0")
[ -z "$left" ] || err "quedaron temporales de ejecuciones muertas: $left"
[ -e "$tmp/doc.pdf.tmp-$$-0" ] || err "se borró el temporal de un proceso vivo"
[ -e "$tmp/otro.pdf.tmp-$dead-0" ] || err "se borró el temporal de otro destino"
head -c 5 "$tmp/doc.pdf" | grep -q '%PDF-' || err "no quedó el PDF"

# ulimit -f: an I/O error, not a silent SIGXFSZ death.
cp "$tmp/doc.pdf" "$tmp/previo.pdf"
( ulimit -f 16; exec "$paa" pdf "$prog" -o "$tmp/doc.pdf" ) >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] || err "con ulimit -f salió con $rc (SIGXFSZ = 153), se esperaba 2: $(cat "$tmp/out")"
grep -q 'error: .*\[io\]$' "$tmp/out" || err "con ulimit -f no hubo error [io]: $(cat "$tmp/out")"
grep -Eq 'File too large|too large' "$tmp/out" && err "mensaje en inglés: $(cat "$tmp/out")"
cmp -s "$tmp/doc.pdf" "$tmp/previo.pdf" || err "el PDF anterior no se conservó"
ls "$tmp" | grep -q "^doc\.pdf\.tmp-" && ! ls "$tmp" | grep -q "^doc\.pdf\.tmp-$$-0$" \
    && err "quedó un temporal tras el límite de tamaño"
( ulimit -f 4; exec "$paa" xlsx "$prog" -o "$tmp/doc.xlsx" ) >"$tmp/out" 2>&1
[ $? -eq 2 ] || err "xlsx con ulimit -f no salió con 2: $(cat "$tmp/out")"

[ $fail -eq 0 ] && echo "hostil_restos: correcto"
exit $fail
