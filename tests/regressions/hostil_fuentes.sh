#!/usr/bin/env bash
# Regression (issue 16, class 4): a workbook layout whose metrics font path
# was absolute, or a symbolic link out of fonts/, was opened and read (the
# PDF refused it). One rule for every path a layout names: inside the data
# directory's fonts/, links followed; otherwise a [layout] error at the
# layout's line (exit 1) and nothing is written.
. "${PAA_SRC:?}/tests/e2e/lib/common.sh"

mkdir -p "$tmp/datos/fonts"
cp -r "$src/input" "$src/layouts" "$tmp/datos/"
cp "$src/fonts/"*.ttf "$tmp/datos/fonts/"
printf 'secreto\n' >"$tmp/secreto.ttf"
ln -s "$tmp/secreto.ttf" "$tmp/datos/fonts/enlace.ttf"
ln -s LiberationSans-Regular.ttf "$tmp/datos/fonts/dentro.ttf"

# refused LAYOUT-NAME CMD EXT FROM TO: the layout with FROM replaced by TO
refused() {
    local name=$1 cmd=$2 ext=$3 from=$4 to=$5
    sed "s|$from|$to|" "$src/layouts/$name.xml" >"$tmp/datos/layouts/$name.xml"
    grep -q "$to" "$tmp/datos/layouts/$name.xml" || fail "$name: no se pudo preparar"
    PAA_DATA_DIR=$tmp/datos "$paa" "$cmd" "$fix/base.xml" -o "$tmp/x.$ext" \
        --layout "$tmp/datos/layouts/$name.xml" >"$tmp/out" 2>&1
    local rc=$?
    [ $rc -eq 1 ] || fail "$name $to: salió con $rc: $(cat "$tmp/out")"
    grep -q "^$tmp/datos/layouts/$name.xml:[0-9:]*: error: .*fuera de.*\[layout\]$" "$tmp/out" \
        || fail "$name $to: $(cat "$tmp/out")"
    [ ! -e "$tmp/x.$ext" ] || fail "$name $to: se escribió $tmp/x.$ext"
    cp "$src/layouts/$name.xml" "$tmp/datos/layouts/$name.xml"
}

regular=../fonts/LiberationSans-Regular.ttf
refused libro xlsx xlsx "metricas=\"$regular\"" "metricas=\"$tmp/secreto.ttf\""
refused libro xlsx xlsx "metricas=\"$regular\"" "metricas=\"../fonts/enlace.ttf\""
refused libro xlsx xlsx "metricas=\"$regular\"" "metricas=\"../fonts/../../secreto.ttf\""
refused programa pdf pdf "\"$regular\"" "\"$tmp/secreto.ttf\""
refused programa pdf pdf "\"$regular\"" "\"../fonts/enlace.ttf\""

# a link that stays inside fonts/ is fine
sed "s|metricas=\"$regular\"|metricas=\"../fonts/dentro.ttf\"|" "$src/layouts/libro.xml" \
    >"$tmp/datos/layouts/libro.xml"
PAA_DATA_DIR=$tmp/datos "$paa" xlsx "$fix/base.xml" -o "$tmp/bien.xlsx" \
    --layout "$tmp/datos/layouts/libro.xml" >"$tmp/out" 2>&1 \
    || fail "un enlace dentro de fonts/ se rechazó: $(cat "$tmp/out")"

finish
