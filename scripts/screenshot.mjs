// Screenshot a page with the system Chromium:
//   node scripts/screenshot.mjs <url> <out.png> [width] [height] [--full] [--dark] [--at=<css selector>]
// --at: only that element (scrolled into view).
import puppeteer from 'puppeteer-core';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [url = 'http://localhost:5173/', out = 'screenshot.png', width = '1280', height = '900'] = args.filter((a) => !a.startsWith('--'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
page.on('console', (m) => { if (!/Lit is in dev|\[vite\]/.test(m.text())) console.log(`[console.${m.type()}]`, m.text()); });
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
if (flags.has('--dark')) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
await page.setViewport({ width: Number(width), height: Number(height) });
await page.goto(url, { waitUntil: 'load' });
await new Promise((r) => setTimeout(r, 2500));
const at = [...flags].find((f) => f.startsWith('--at='))?.slice(5);
const element = at ? await page.$(at) : null;
if (at && !element) throw new Error(`no element matches ${at}`);
if (element) await element.screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: flags.has('--full') });
await browser.close();
console.log(`wrote ${out}`);
