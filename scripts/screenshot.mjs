// Screenshot a page with the system Chromium: node scripts/screenshot.mjs <url> <out.png> [width]
import puppeteer from 'puppeteer-core';

const [url = 'http://localhost:5173/', out = 'screenshot.png', width = '1200'] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
page.on('console', (m) => console.log(`[console.${m.type()}]`, m.text()));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await page.setViewport({ width: Number(width), height: 900 });
await page.goto(url, { waitUntil: 'networkidle0' });
await new Promise((r) => setTimeout(r, 500));
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
