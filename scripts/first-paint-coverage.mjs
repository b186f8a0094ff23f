// What of the main bundle a first paint runs (`npm run size -- --coverage`): the CDN bundle built as
// scripts/build.mjs builds it, served on 127.0.0.1, and a page with one demo profile
// (`<crm-profile source="demo" entity-type="contact" entity-id="1">`) opened in the system Chromium
// (CHROME_PATH to use another) with V8's block coverage until every widget shows its numbers.
//
// Prints the main bundle's gzip size beside the gzip size of the code that ran (the covered ranges
// of the minified file, concatenated: an estimate of what a bundle of only that code would weigh),
// then the longest stretches that did not run, with the source line each starts at. The gap between
// the two figures is all a lazy split could take out of this page's main bundle; the stretches are
// where it is (code of other configurations, error paths, lit's unused paths…). Information only.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import puppeteer from 'puppeteer-core';
import { bundle, CDN } from './bundle.mjs';

const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** Prints the figures and the `top` longest stretches that did not run. */
export async function firstPaintCoverage({ top = 25 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-coverage-'));
  const server = createServer((req, res) => {
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
    writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><body><script type="module" src="${entry}"></script>
<crm-profile source="demo" entity-type="contact" entity-id="1"></crm-profile></body></html>`);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.coverage.startJSCoverage({ resetOnNavigation: false });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => {
      const widgets = [...(document.querySelector('crm-profile')?.shadowRoot?.querySelectorAll('crm-widget') ?? [])];
      return widgets.length > 0 && widgets.every((w) => w.shadowRoot?.querySelector('.view[aria-busy="false"]'));
    }, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // the charts in view, the freshness stamp
    const coverage = await page.coverage.stopJSCoverage();
    const main = coverage.find((c) => c.url.endsWith(`/${entry}`));
    const text = main.text;
    const ran = new Uint8Array(text.length);
    for (const r of main.ranges) ran.fill(1, r.start, r.end);
    const ranText = main.ranges.map((r) => text.slice(r.start, r.end)).join('');
    console.log(`\nfirst paint of a demo profile (Chromium block coverage of ${entry}):`);
    console.log(`  main bundle ${kb(gz(text))} gzip (${kb(text.length)} minified); the code that ran ${kb(gz(ranText))} gzip (${kb(ranText.length)} minified, ${Math.round((100 * ranText.length) / text.length)} %)`);
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
