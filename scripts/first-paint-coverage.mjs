// What of the main bundle a first paint runs (`npm run size -- --coverage`): the CDN bundle built as
// scripts/build.mjs builds it, served on 127.0.0.1, and a page with one demo profile
// (`<crm-profile source="demo" entity-type="contact" entity-id="1">`) opened in the system Chromium
// (CHROME_PATH to use another) with V8's block coverage until every widget shows its numbers.
//
// Prints the main bundle's gzip size beside the gzip size of the code that ran (the covered ranges
// of the minified file, concatenated: an estimate of what a bundle of only that code would weigh);
// the same for every file of the first load (chart.js aside), of that page and of the same profile
// with source="rest:/api" (the REST contract over the same demo data, server/rest/, on the same
// server); then the longest stretches of the main bundle that did not run, with the source line each
// starts at. The gap between the figures is all a lazy split could take out of these pages; the
// stretches are where it is (code of other configurations, error paths, lit's unused paths…).
// Information only.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';
import { bundle, CDN } from './bundle.mjs';

const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
/** The covered ranges of a coverage entry's file, concatenated: the code that ran. */
const ranOf = (entry) => entry.ranges.map((r) => entry.text.slice(r.start, r.end)).join('');

/** Prints the figures and the `top` longest stretches that did not run. */
export async function firstPaintCoverage({ top = 25 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-coverage-'));
  // The REST contract over the same demo data at /api/ (server/rest/), for source="rest:/api".
  const rest = await tsImport('../server/rest/node.ts', import.meta.url);
  const contract = new rest.ContractServer();
  const server = createServer(async (req, res) => {
    if (await rest.handleNodeRequest(contract, '/api', req, res)) return;
    const path = join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/\/$/, '/index.html'));
    try {
      const body = readFileSync(path);
      res.setHeader('content-type', path.endsWith('.js') ? 'text/javascript' : 'text/html');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  let browser;
  try {
    const chunks = await bundle(CDN.input, { dir, write: true, sourcemap: true });
    const entry = chunks.find((c) => c.isEntry).fileName;
    for (const source of ['demo', 'rest:/api']) {
      writeFileSync(join(dir, `${source.split(':')[0]}.html`), `<!doctype html><html lang="en"><body><script type="module" src="${entry}"></script>
<crm-profile source="${source}" entity-type="contact" entity-id="1"></crm-profile></body></html>`);
    }
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
    /** The JS coverage of a page until every widget shows its numbers (and a second more: the charts in view, the freshness stamp). */
    const firstPaint = async (file) => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1200, height: 900 });
      await page.coverage.startJSCoverage({ resetOnNavigation: false });
      await page.goto(`http://127.0.0.1:${server.address().port}/${file}`);
      await page.waitForFunction(() => {
        const widgets = [...(document.querySelector('crm-profile')?.shadowRoot?.querySelectorAll('crm-widget') ?? [])];
        return widgets.length > 0 && widgets.every((w) => w.shadowRoot?.querySelector('.view[aria-busy="false"]'));
      }, { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 1000));
      const result = await page.coverage.stopJSCoverage();
      await page.close();
      return result;
    };
    const coverage = await firstPaint('demo.html');
    const main = coverage.find((c) => c.url.endsWith(`/${entry}`));
    const text = main.text;
    const ran = new Uint8Array(text.length);
    for (const r of main.ranges) ran.fill(1, r.start, r.end);
    const ranText = ranOf(main);
    console.log(`\nfirst paint of a demo profile (Chromium block coverage of ${entry}):`);
    console.log(`  main bundle ${kb(gz(text))} gzip (${kb(text.length)} minified); the code that ran ${kb(gz(ranText))} gzip (${kb(ranText.length)} minified, ${Math.round((100 * ranText.length) / text.length)} %)`);
    // Every file a first paint fetched but chart.js (its first load): what ran of each, gzip alone.
    const firstLoad = (cov, source) => {
      const files = cov.filter((c) => c.url.endsWith('.js') && !/\/chunks\/chartjs-/.test(c.url))
        .map((c) => ({ name: c.url.split('/').pop().replace(/-[\w-]{8}\.js$/, ''), all: gz(c.text), ran: gz(ranOf(c)) }));
      const sum = (key) => files.reduce((n, f) => n + f[key], 0);
      console.log(`  first load, source="${source}": ${files.length} files, ${kb(sum('all'))} gzip; the code that ran ${kb(sum('ran'))} gzip (${files
        .map((f) => `${f.name} ${kb(f.ran)} of ${kb(f.all)}`).join(', ')})`);
    };
    firstLoad(coverage, 'demo');
    firstLoad(await firstPaint('rest.html'), 'rest:/api');
    // The stretches that did not run, longest first, with where they start in the sources.
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const positionOf = (offset) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - lineStarts[lo] };
    };
    const map = new TraceMap(readFileSync(join(dir, `${entry}.map`), 'utf8'));
    const stretches = [];
    for (let i = 0, start = -1; i <= text.length; i++) {
      const idle = i < text.length && !ran[i];
      if (idle && start < 0) start = i;
      if (!idle && start >= 0) {
        stretches.push([start, i]);
        start = -1;
      }
    }
    // By module: the minified characters that did not run, each stretch counted for the module it starts in.
    const byModule = new Map();
    for (const [from, to] of stretches) {
      const at = originalPositionFor(map, positionOf(from));
      const source = at.source ? at.source.replace(/^.*?\/((src|node_modules)\/)/, '$1') : '?';
      byModule.set(source, (byModule.get(source) ?? 0) + to - from);
    }
    console.log(`  what did not run, by module (minified characters; the ${top >> 1} modules with the most):`);
    console.log(`  ${[...byModule].sort((a, b) => b[1] - a[1]).slice(0, top >> 1).map(([m, n]) => `${m} ${n}`).join(', ')}`);
    stretches.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
    console.log(`  the ${top} longest stretches that did not run (minified characters, where they start):`);
    for (const [from, to] of stretches.slice(0, top)) {
      const at = originalPositionFor(map, positionOf(from));
      const source = at.source ? `${at.source.replace(/^.*?\/((src|node_modules)\/)/, '$1')}:${at.line}` : '?';
      console.log(`  ${String(to - from).padStart(6)}  ${source}  ${JSON.stringify(text.slice(from, from + 60))}`);
    }
  } finally {
    await browser?.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
