// Browser test of the web edition: every page of the site is loaded from
// file:// in Debian's Chromium (driven by playwright-core, which never
// downloads a browser here) and checked with axe-core against the WCAG
// 2.1 A and AA rules (zero violations), for sideways scrolling on a
// 390-px-wide phone, for requests leaving the site, and for internal links
// and downloads that resolve (a download shows its real size). Screenshots
// of the index, a subprograma and the progress summary at 1280 and 390 px
// go to SHOTS_DIR. With PAGES (a regular expression), only the pages it
// matches are checked and captured (a second site that differs from the
// first only there).
//   node site.js SITE_DIR SHOTS_DIR [PAGES]
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.PAA_CHROMIUM || '/usr/bin/chromium';

const [site, shots] = process.argv.slice(2, 4).map((p) => path.resolve(p));
const only = process.argv[4] ? new RegExp(`^(?:${process.argv[4]})$`) : null;
const failures = [];
const fail = (msg) => failures.push(msg);

// "512 B", "96.3 kB", "1.4 MB", as paa writes them.
function sizeText(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const unit = bytes < 999950 ? 1000 : 1000000;
  const tenths = Math.floor((bytes * 10 + unit / 2) / unit);
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${unit === 1000 ? 'kB' : 'MB'}`;
}

const ids = new Map();   // page -> Set of ids
function idsOf(file) {
  if (!ids.has(file)) {
    const html = fs.readFileSync(file, 'utf8');
    ids.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
  }
  return ids.get(file);
}

async function checkLinks(page, name) {
  const links = await page.$$eval('a[href]', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    text: a.textContent,
    after: a.nextElementSibling ? a.nextElementSibling.textContent : '',
  })));
  for (const l of links) {
    if (/^[a-z]+:/i.test(l.href)) {
      fail(`${name}: enlace externo ${l.href}`);
      continue;
    }
    const [file, frag] = l.href.split('#');
    const target = file === '' ? path.join(site, name) : path.join(site, file);
    if (!fs.existsSync(target)) {
      fail(`${name}: enlace roto ${l.href}`);
      continue;
    }
    if (frag && !idsOf(target).has(frag)) fail(`${name}: ancla inexistente ${l.href}`);
    if (file.startsWith('descargas/')) {
      const want = `(${sizeText(fs.statSync(target).size)})`;
      if (l.after !== want) fail(`${name}: ${l.href} muestra «${l.after}», se esperaba «${want}»`);
    }
  }
  return links.length;
}

async function main() {
  const pages = fs.readdirSync(site)
    .filter((f) => f.endsWith('.html') && (only === null || only.test(f))).sort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  let nLinks = 0;
  let nChecks = 0;
  // Every page: axe at 1280 px, then the same page at 390 px. Two tabs
  // share the queue (Chromium renders one while axe runs in the other).
  async function check(page, name) {
    const url = 'file://' + path.join(site, name);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    await page.addScriptTag({ content: AXE });
    const res = await page.evaluate((tags) => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
    }), TAGS);
    for (const v of res.violations)
      fail(`${name}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    nChecks += 1;
    const n = await checkLinks(page, name);   // read after the await: two tabs add
    nLinks += n;
    const h1 = await page.$$eval('h1', (hs) => hs.length);
    if (h1 !== 1) fail(`${name}: ${h1} elementos h1`);
    const gaps = await page.$$eval('h1,h2,h3,h4,h5,h6', (hs) => {
      const out = [];
      let prev = 0;
      for (const h of hs) {
        const lvl = Number(h.tagName[1]);
        if (lvl > prev + 1) out.push(`${h.tagName} tras h${prev}: ${h.textContent}`);
        prev = lvl;
      }
      return out;
    });
    for (const g of gaps) fail(`${name}: salto de encabezado ${g}`);
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
    }));
    if (wide.doc > wide.view) fail(`${name}: a 390 px la página se desplaza de lado (${wide.doc} > ${wide.view})`);
  }
  const queue = [...pages];
  const tabs = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all(tabs.map(async (tab) => {
    for (let name; (name = queue.shift()) !== undefined;) await check(tab, name);
  }));
  const [page, phone] = tabs;
  await page.setViewportSize({ width: 1280, height: 900 });
  await phone.setViewportSize({ width: 390, height: 844 });
  // The skip link is the first stop of the keyboard and is visible then.
  await page.goto('file://' + path.join(site, 'index.html'));
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    const st = getComputedStyle(a);
    return { cls: a.className, top: r.top, outline: st.outlineStyle };
  });
  if (skip.cls !== 'saltar' || skip.top < 0 || skip.outline === 'none')
    fail(`el primer Tab no muestra el enlace para saltar al contenido: ${JSON.stringify(skip)}`);
  if (outside.length > 0) fail(`peticiones fuera del sitio: ${outside.join(', ')}`);

  fs.mkdirSync(shots, { recursive: true });
  const summary = pages.find((p) => /^avance-\d{4}-\d{2}\.html$/.test(p));
  const captured = only !== null ? pages : ['index.html', 'subprograma-01.html', summary];
  for (const name of captured.filter(Boolean)) {
    const base = name.replace(/\.html$/, '');
    await page.goto('file://' + path.join(site, name));
    await page.screenshot({ path: path.join(shots, `${base}-1280.png`) });
    await phone.goto('file://' + path.join(site, name));
    await phone.screenshot({ path: path.join(shots, `${base}-390.png`) });
    // the page's main table (the calendar of a subprograma), from its top
    const tables = await page.$$('.tabla');
    if (tables.length > 0) {
      await tables[tables.length - 1].evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: path.join(shots, `${base}-1280-tabla.png`) });
      const ptables = await phone.$$('.tabla');
      await ptables[ptables.length - 1].evaluate((e) => e.scrollIntoView());
      await phone.screenshot({ path: path.join(shots, `${base}-390-tabla.png`) });
    }
  }
  await browser.close();
  console.log(`${pages.length} páginas, ${nLinks} enlaces, ${nChecks} páginas revisadas con axe; capturas en ${shots}`);
  for (const f of failures) console.log(`FALLA: ${f}`);
  const ok = failures.length === 0;
  console.log(`${ok ? pages.length : 0} passed, ${ok ? 0 : 1} failed`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
