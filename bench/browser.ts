/**
 * What the browser benchmarks share (bench/first-paint.ts, charts.ts, drill-down.ts, cms-listing.ts,
 * memory.ts): the bench pages of bench/pages/ bundled as the CDN bundle is (scripts/bundle.mjs: rollup,
 * terser; chart.js, the adapters and the overlays lazy chunks) into a temporary
 * folder, served by a small node:http server on 127.0.0.1 (port 0), and opened in the system Chromium,
 * headless, through puppeteer-core. `session()` always closes the browser and the server and removes
 * the folder, on success, failure, timeout or Ctrl-C.
 *
 * A page script sets `window.benchDone` (a promise of its figures) synchronously when it starts;
 * `figures()` waits for it. Every timing is taken inside the page with `performance.now()` / marks.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

/** A chunk written by scripts/bundle.mjs. */
interface Chunk { fileName: string; code: string; imports: string[]; isEntry: boolean; facade: string | null }
interface Bundler {
  CDN: { input: Record<string, string>; dir: string };
  bundle(input: Record<string, string>, options: { dir: string; write?: boolean; sourcemap?: boolean; readable?: boolean; cwd?: string }): Promise<Chunk[]>;
  chunkOf(chunks: Chunk[], module: string, cwd?: string): Chunk | undefined;
  closure(chunks: Chunk[], file: string, loaded?: Set<string>): Set<string>;
  bytesOf(chunks: Chunk[], files: Iterable<string>): { raw: number; gzip: number };
}

/** The bundler of what ships (scripts/bundle.mjs, a .mjs module without types: imported by URL). */
export async function bundler(): Promise<Bundler> {
  return (await import(new URL('../scripts/bundle.mjs', import.meta.url).href)) as Bundler;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json',
};

export interface Session {
  readonly browser: Browser;
  /** Chromium's version string. */
  readonly chromium: string;
  /** The URL of `bench/pages/<page>.ts` (bundled) with `query`. */
  url(page: string, query?: Record<string, string | number>): string;
  /** Opens `bench/pages/<page>.ts` (bundled) in a new tab with `query`; fails on any page error. */
  open(page: string, query?: Record<string, string | number>): Promise<Page>;
  /** Waits (at most `timeoutMs`) for the page's `window.benchDone` and returns its value. */
  figures<T>(page: Page, timeoutMs?: number): Promise<T>;
  /** A CDP session of the page (heap usage, garbage collection, DOM counters). */
  cdp(page: Page): Promise<CDPSession>;
}

export interface SessionOptions {
  /** Pages of bench/pages/ to bundle (without .ts). */
  readonly pages: readonly string[];
  /** Extra Chromium flags, e.g. `--js-flags=--expose-gc`. */
  readonly args?: readonly string[];
  /** The whole session is abandoned (browser closed) after this many ms. */
  readonly timeoutMs: number;
  /** Keep identifiers readable (for CPU profiles); the figures are taken minified. */
  readonly readable?: boolean;
}

const pageErrors = new WeakMap<Page, string[]>();

/** Bundles the pages, serves them, launches Chromium, runs `body`, and always cleans up. */
export async function session<T>(options: SessionOptions, body: (s: Session) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  let browser: Browser | undefined;
  let server: ReturnType<typeof createServer> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    browser?.process()?.kill('SIGKILL');
    server?.closeAllConnections();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await (await bundler()).bundle(Object.fromEntries(options.pages.map((p) => [p, `bench/pages/${p}.ts`])), {
      dir, cwd: ROOT, sourcemap: false, readable: options.readable ?? false,
    });
    for (const p of options.pages) {
      writeFileSync(join(dir, `${p}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${p}</title>
<meta name="viewport" content="width=device-width"><link rel="icon" href="data:,"><style>body{margin:0;padding:1rem;font-family:system-ui,sans-serif}</style>
</head><body><script type="module" src="./${p}.js"></script></body></html>`);
    }
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      const file = normalize(join(dir, path));
      if (!file.startsWith(dir + sep) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await puppeteer.launch({
      executablePath: CHROME,
      headless: true,
      protocolTimeout: options.timeoutMs,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--disable-extensions', '--mute-audio',
        // Timers and rAF of a page must not be throttled while another tab is in front.
        '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
        ...(options.args ?? []),
      ],
    });
    const b = browser;
    const chromium = await b.version();
    const url = (page: string, query: Record<string, string | number> = {}) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
      return `${origin}/${page}.html${qs ? `?${qs}` : ''}`;
    };
    const s: Session = {
      browser: b,
      chromium,
      url,
      async open(page, query = {}) {
        const tab = await b.newPage();
        await tab.setViewport({ width: 1280, height: 900 });
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push((e as Error).message));
        tab.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warn') console.log(`  [${page} console.${m.type()}] ${m.text()}`);
        });
        await tab.goto(url(page, query), { waitUntil: 'load', timeout: 60_000 });
        if (errors.length) throw new Error(`${page}: ${errors.join('; ')}`);
        pageErrors.set(tab, errors);
        return tab;
      },
      async figures<R>(page: Page, timeoutMs = 120_000) {
        let t: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
          t = setTimeout(() => reject(new Error(`the page did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
        });
        try {
          const value = await Promise.race([page.evaluate(() => (window as { benchDone?: Promise<unknown> }).benchDone), timeout]);
          const errors = pageErrors.get(page) ?? [];
          if (errors.length) throw new Error(errors.join('; '));
          if (value === undefined) throw new Error('the page set no window.benchDone');
          return value as R;
        } finally {
          clearTimeout(t);
        }
      },
      cdp: (page) => page.createCDPSession(),
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`benchmark abandoned after ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    });
    return await Promise.race([body(s), timeout]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

// ---- figures ------------------------------------------------------------------------------------

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

export const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
export const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

/** Prints a Markdown table (numbers right-aligned), so it can go to the README as it is. */
export function printTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = rows.map((r) => r.map(String));
  const width = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const right = headers.map((_, i) => cells.every((r) => r[i] === '' || /^[\d\s.,×%−+-]+ ?(ms|KB|MB|px|B)?$/.test(r[i]!)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (right[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${width.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of cells) console.log(line(r));
}

export function machine(chromium: string): Record<string, string | number> {
  return { node: process.version, chromium, cpu: cpus()[0]?.model ?? 'cpu', cores: cpus().length };
}

export function printMachine(chromium: string): void {
  const m = machine(chromium);
  console.log(`(Node ${m.node}, ${m.chromium} headless, ${m.cores} × ${m.cpu}; other jobs may share the machine)`);
}

/** Writes bench/results/<name>.json. */
export function writeResult(name: string, data: Record<string, unknown>): void {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), ...data }, null, 2)}\n`);
}

/** Runs `main`, printing the error and setting a failing exit code when it throws. */
export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  });
}

// ---- the chart chunk's bytes, as scripts/size.mjs measures them --------------------------------------

/**
 * The chart.js chunk of the CDN bundle and the chunks only it imports (what the first chart
 * fetches), built in memory from the current sources with the CDN options: minified and gzip -9 bytes.
 */
export async function chartChunkBytes(): Promise<{ files: string[]; raw: number; gzip: number }> {
  const { bundle, bytesOf, CDN, chunkOf, closure } = await bundler();
  const chunks = await bundle(CDN.input, { dir: CDN.dir, cwd: ROOT, write: false, sourcemap: false });
  const main = closure(chunks, chunkOf(chunks, CDN.input['crm-profile']!, ROOT)!.fileName);
  const chart = chunkOf(chunks, 'src/charts/chartjs.ts', ROOT);
  if (!chart) throw new Error('src/charts/chartjs.ts is not a chunk of the CDN bundle');
  const files = [...closure(chunks, chart.fileName, main)];
  return { files, ...bytesOf(chunks, files) };
}
