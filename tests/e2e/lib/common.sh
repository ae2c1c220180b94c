# Shared by the shell end-to-end tests (tests/e2e/*.sh) and the regression
# tests (tests/regressions/*.sh). Each test starts with
#
#     . "${PAA_SRC:?}/tests/e2e/lib/common.sh"
#
# and ends with `finish`. ctest gives the environment: PAA (the binary),
# PAA_SRC (the source tree) and PAA_TMP (scratch space). This file gives:
#
#   $paa $src $fix      the binary, the source tree, tests/fixtures
#   $tmp                an empty scratch directory, $PAA_TMP/<test name>
#   $fonts_abs          a sed expression that makes a layout's font paths
#                       absolute, for a layout copied outside layouts/
#   fail MESSAGE        records a failure ("FALLA: …") and goes on, so a
#                       run shows everything that is wrong at once
#   expect_exit CODE CMD...   runs CMD (stdout in $tmp/out, stderr in
#                       $tmp/err) and fails unless it exits with CODE
#   expect_grep FILE PATTERN  fails unless FILE matches PATTERN
#   skip REASON         the test cannot run here: exit 77 (ctest: skipped)
#   finish              "<test>: correcto" and exit 0, or exit 1
set -u

paa=${PAA:?} src=${PAA_SRC:?}
fix=$src/tests/fixtures
test_name=$(basename "$0" .sh)
tmp=${PAA_TMP:?}/$test_name
rm -rf "$tmp" && mkdir -p "$tmp"
fonts_abs="s#\.\./fonts/#$src/fonts/#g"
fails=0

fail() {
  echo "FALLA: $*"
  fails=$((fails + 1))
}

expect_exit() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "«$*» salió con $got, se esperaba $want: $(head -3 "$tmp/err")"
}

expect_grep() {
  grep -q -- "$2" "$1" || fail "no aparece «$2» en $(basename "$1"): $(head -3 "$1")"
}

skip() {
  echo "se omite: $*"
  exit 77
}

finish() {
  if [ "$fails" -eq 0 ]; then
    echo "$test_name: correcto"
    exit 0
  fi
  echo "$test_name: $fails fallas"
  exit 1
}
