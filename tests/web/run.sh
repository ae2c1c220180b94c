#!/usr/bin/env bash
# Browser test of the web edition (see site.js): generates the site of
# input/paa2024.xml with the sample progress report and its downloads, then
# checks every page in Debian's Chromium with axe-core; then the progress
# pages of the same site measured against the sample adecuación. Skipped (77) only
# when Chromium or Node.js is missing; scripts/setup --test installs both
# and the pinned npm packages (npm ci, from package-lock.json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${PAA_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] || ! command -v node >/dev/null; then
  echo "SKIP: falta chromium o node (scripts/setup --test los instala)"
  exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && npm ci --prefer-offline --no-audit --no-fund >/dev/null)
fi
tmp="$PAA_TMP/web_browser"
rm -rf "$tmp"
mkdir -p "$tmp/descargas"
src=$PAA_SRC/input
"$PAA" export "$src/paa2024.xml" --format csv -o "$tmp/descargas/paa2024.csv"
"$PAA" export "$src/paa2024.xml" --format json -o "$tmp/descargas/paa2024.json"
"$PAA" pdf "$src/paa2024.xml" -o "$tmp/descargas/paa2024.pdf" \
  --baseline "$src/paa2024.baseline" 2>/dev/null
"$PAA" avance "$src/paa2024.xml" "$src/avance-2024-06.xml" -o "$tmp/descargas" 2>/dev/null
# no workbook: a download that is absent must be said, never linked
"$PAA" html "$src/paa2024.xml" -o "$tmp/sitio" --avance "$src/avance-2024-06.xml" \
  --descargas "$tmp/descargas" --baseline "$src/paa2024.baseline" 2>/dev/null
grep -q 'Libro de Excel <span class="tamano">(no incluido en esta copia)' "$tmp/sitio/index.html"
node "$here/site.js" "$tmp/sitio" "$tmp/capturas"
# measured against the sample adecuación (--modificado): the progress
# summary and the detail of subprograma 01, which hold its added,
# renumbered, changed and cancelled activities; the rest is the same
"$PAA" html "$src/paa2024.xml" -o "$tmp/modificado" --modificado "$src/paa2024-adecuacion.xml" \
  --avance "$src/adecuacion/avance-2024-06.xml" --baseline "$src/paa2024.baseline" 2>/dev/null
node "$here/site.js" "$tmp/modificado" "$tmp/capturas-modificado" 'avance-2024-06(-01)?\.html'
