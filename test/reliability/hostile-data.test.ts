/**
 * Reliability and security against hostile data (issue 7): a <crm-profile> fed malformed answers
 * by an adapter, an XSS corpus in every string field and in widget settings, and secrets (webhook
 * code, bearer token) that must never reach the console, an error message or a `crm-error` event.
 */
import { expect, fixture, html, waitUntil, fixtureCleanup } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmAdapter, PeerAverages } from '../../src/adapters/adapter.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { RestAdapter } from '../../src/adapters/rest/rest-adapter.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { generateDemoData, type DemoDataset } from '../../src/adapters/demo/generate.js';
import { ContractServer } from '../../server/rest/contract-server.js';
import { Bitrix24Emulator } from '../../emulator/bitrix24/emulator.js';
import type { Client, ReferenceData } from '../../src/core/model.js';
import type { AggregateQuery, AggregateResult, RecordPage, RecordQuery } from '../../src/core/query.js';
import { finishAnimations } from '../elements/widget-helpers.js';
import { deepText } from './deep-text.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const demo = new DemoAdapter({ seed: 1 });

/** How a hostile adapter corrupts the demo source's answers. */
interface Corruption {
  client?: (c: Any) => Any;
  records?: (items: Any[], q: RecordQuery) => Any;
  aggregate?: (results: Any[], qs: readonly AggregateQuery[]) => Any;
  reference?: (r: Any) => Any;
  peers?: (p: Any) => Any;
}

const clone = <T>(x: T): Any => JSON.parse(JSON.stringify(x));

/** The demo source (seed 1) behind a wrapper that corrupts what it returns. */
function hostile(c: Corruption): CrmAdapter {
  return {
    label: 'Hostile',
    now: demo.now,
    maxPageSize: demo.maxPageSize,
    getClient: async (ref, signal) => {
      const x = clone(await demo.getClient(ref, signal));
      return (c.client ? c.client(x) : x) as Client;
    },
    referenceData: async (signal) => {
      const x = clone(await demo.referenceData(signal));
      return (c.reference ? c.reference(x) : x) as ReferenceData;
    },
    peerAverages: async (type, period, signal) => {
      const x = clone(await demo.peerAverages(type, period, signal));
      return (c.peers ? c.peers(x) : x) as PeerAverages;
    },
    records: async (q, signal) => {
      const page = clone(await demo.records(q, signal));
      return (c.records ? { ...page, items: c.records(page.items, q) } : page) as RecordPage<never>;
    },
    aggregate: async (qs, signal) => {
      const x = clone(await demo.aggregate(qs, signal));
      return (c.aggregate ? c.aggregate(x, qs) : x) as AggregateResult[];
    },
  } as CrmAdapter;
}

const mapRows = (f: (row: Any) => Any) => (results: Any[]) => results.map((r) => ({ ...r, rows: r.rows.map(f) }));
const mapAmounts = (f: (minor: number) => Any) => (items: Any[]) =>
  items.map((i) => (i.amount ? { ...i, amount: { ...i.amount, minor: f(i.amount.minor) } } : i));
const rowAmounts = (f: (minor: number) => Any) =>
  mapRows((row) => ({ ...row, amounts: Object.fromEntries(Object.entries(row.amounts ?? {}).map(([k, v]) => [k, f(v as number)])) }));

// ─── DOM helpers ─────────────────────────────────────────────────────────────────────────────────

/** Every shadow root under `root` (and `root`'s own), depth first. */
function roots(root: Element): (ShadowRoot | Element)[] {
  const out: (ShadowRoot | Element)[] = [];
  const visit = (node: ShadowRoot | Element) => {
    out.push(node);
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  if (root.shadowRoot) visit(root.shadowRoot);
  return out;
}


const widgets = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
const widgetSettled = (w: CrmWidget) => {
  const r = w.shadowRoot;
  return !!r && !r.querySelector('.skeleton') && (!!r.querySelector('.view[aria-busy="false"]') || !!r.querySelector('.body .error[role="alert"]'));
};
const headerSettled = (p: CrmProfile) => {
  const r = p.shadowRoot!;
  return !r.querySelector('.client.skeleton') && !!r.querySelector('.client h2, .client.error[role="alert"]');
};

async function mount(adapter: CrmAdapter, extra: { layout?: string; editable?: boolean } = {}): Promise<CrmProfile> {
  const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="all-time"
    locale="en" time-zone="UTC" storage-key=${`hostile-${Math.random()}`} ?editable=${extra.editable ?? false}
    layout=${extra.layout ?? ''}></crm-profile>`);
  await waitUntil(() => headerSettled(p) && widgets(p).length > 0 && widgets(p).every(widgetSettled),
    `the profile did not settle: ${widgets(p).filter((w) => !widgetSettled(w)).map((w) => w.type).join(', ')}`, { timeout: 10000 });
  await p.updateComplete;
  return p;
}

/** Opens the first clickable number of the profile; waits for its panel to settle. */
async function openOneDrillDown(p: CrmProfile): Promise<boolean> {
  for (const w of widgets(p)) {
    const b = w.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure]:not([data-figure^="peers-"])');
    if (!b) continue;
    b.click();
    await waitUntil(() => {
      const panel = w.shadowRoot!.querySelector('crm-detail-panel');
      const d = panel?.shadowRoot?.querySelector('dialog');
      return !!d && d.open && d.getAttribute('aria-busy') === 'false';
    }, `the drill-down of ${w.type} did not settle`, { timeout: 5000 });
    finishAnimations(p);
    return true;
  }
  return false;
}

/** Collects uncaught errors and unhandled rejections while it is installed. */
function trapErrors() {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandledrejection: ${String((e.reason as Error)?.stack ?? e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

function expectCleanText(p: CrmProfile, what: string): void {
  const text = deepText(p);
  for (const bad of ['NaN', 'Infinity', 'undefined']) {
    const at = text.indexOf(bad);
    expect(at, `${what}: the profile shows "${bad}" in «…${text.slice(Math.max(0, at - 80), at + 40)}…»`).to.equal(-1);
  }
}

// ─── 1. malformed data ───────────────────────────────────────────────────────────────────────────

const MALFORMED: ReadonlyArray<readonly [string, Corruption]> = [
  ['client with missing fields', { client: (c) => ({ type: c.type, id: c.id }) }],
  ['client with a null name', { client: (c) => ({ ...c, name: null }) }],
  ['client null', { client: () => null }],
  ['client fields of the wrong types', { client: (c) => ({ ...c, name: 42, emails: 'a@b.c', phones: [null, 7], responsible: [], company: 'x' }) }],
  ['record amounts NaN', { records: mapAmounts(() => NaN) }],
  ['record amounts Infinity', { records: mapAmounts(() => Infinity) }],
  ['record amounts negative and huge', { records: mapAmounts((m) => (m % 2 ? -m : 1e300)) }],
  ['record amounts as strings', { records: mapAmounts((m) => String(m)) }],
  ['records null and [] where objects belong', { records: (items) => [null, [], ...items.map((i: Any) => ({ ...i, amount: [], responsible: null }))] }],
  ['records with missing fields', { records: (items) => items.map((i: Any) => ({ id: i.id })) }],
  ['records with NaN dates', { records: (items) => items.map((i: Any) => ({ ...i, createdAt: NaN, closedAt: 'soon', dueAt: Infinity })) }],
  ['duplicate record ids', { records: (items) => items.map((i: Any) => ({ ...i, id: '1' })) }],
  ['unknown channels and currencies', {
    records: (items) => items.map((i: Any) => ({ ...i, ...(i.channel ? { channel: 'telepathy' } : {}), ...(i.amount ? { amount: { ...i.amount, currency: 'XQQ' } } : {}) })),
    aggregate: mapRows((row) => ({ ...row, key: row.key === '' ? '' : 'telepathy', amounts: Object.fromEntries(Object.entries(row.amounts ?? {}).map(([, v]) => ['XQQ', v])) })),
  }],
  ['aggregate rows with NaN counts', { aggregate: mapRows((row) => ({ ...row, count: NaN, withoutAmount: NaN, lastCreatedAt: NaN })) }],
  ['aggregate amounts NaN / Infinity', { aggregate: rowAmounts((m) => (m % 2 ? NaN : Infinity)) }],
  ['aggregate amounts negative and huge', { aggregate: rowAmounts((m) => (m % 2 ? -m : 1e300)) }],
  ['aggregate numbers as strings', { aggregate: mapRows((row) => ({ ...row, count: String(row.count), amounts: Object.fromEntries(Object.entries(row.amounts ?? {}).map(([k, v]) => [k, String(v)])) })) }],
  ['aggregate null and [] where objects belong', { aggregate: (results) => results.map((r, i) => (i % 2 ? null : { rows: [null, []] })) }],
  ['aggregate answers missing', { aggregate: () => [] }],
  ['reference data with missing rates', { reference: (r) => ({ ...r, rates: undefined }) }],
  ['reference data with unreadable rates', { reference: (r) => ({ ...r, rates: { ...r.rates, rates: Object.fromEntries(Object.keys(r.rates?.rates ?? {}).map((k) => [k, 'abc'])) } }) }],
  ['reference data null', { reference: () => null }],
  ['peer averages NaN', { peers: (p) => ({ ...p, clients: NaN, communicationLoad: NaN, wonValueMinor: Infinity }) }],
];

describe('hostile data: malformed adapter answers', () => {
  afterEach(() => fixtureCleanup());

  for (const [name, corruption] of MALFORMED) {
    it(`${name}: no uncaught error, every widget settles, no NaN / Infinity / undefined`, async () => {
      const trap = trapErrors();
      try {
        const p = await mount(hostile(corruption));
        expectCleanText(p, name);
        if (/^(client|aggregate)/.test(name)) {
          // Rejected at the boundary (src/adapters/checked.ts): a readable error naming the field.
          const alerts = roots(p).flatMap((r) => [...r.querySelectorAll('[role="alert"]')]);
          expect(alerts.length, `${name}: an error is shown`).to.be.greaterThan(0);
          expect(alerts.map((a) => a.textContent).join(' '), `${name}: the error names the field`).to.match(/client|results/);
        }
        await openOneDrillDown(p);
        expectCleanText(p, `${name} (drill-down)`);
        // Let late rejections surface.
        await new Promise((r) => setTimeout(r, 50));
        expect(trap.errors, `${name}: uncaught errors`).to.deep.equal([]);
        if (name === 'aggregate rows with NaN counts' || name === 'client with a null name') await expect(p).to.be.accessible();
      } finally {
        trap.stop();
      }
    });
  }
});

// ─── 2. XSS corpus ───────────────────────────────────────────────────────────────────────────────

const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  'javascript:window.__xss=1',
  'data:text/html,<script>window.__xss=1</script>',
  '" onmouseover="window.__xss=1',
  'red;background:url(javascript:window.__xss=1)',
  '</style><script>window.__xss=1</script>',
  '\u202Eevil\u202C <svg onload="window.__xss=1">',
] as const;

/** Every string field of the demo data set to `s`. */
function xssAdapter(s: string): CrmAdapter {
  const person = (x: Any) => (x && typeof x === 'object' ? { ...x, name: s } : x);
  return hostile({
    client: (c) => ({
      ...c, name: s, emails: [s], phones: [s], position: s, company: { id: c.company?.id ?? '1', name: s },
      industry: s, website: s, url: s, photoUrl: s, responsible: { id: '1', name: s },
    }),
    records: (items) => items.map((i: Any) => ({
      ...i, title: s, subject: s, stageName: s, url: s, responsible: person(i.responsible ?? { id: '1', name: s }),
    })),
    reference: (r) => ({
      ...r,
      pipelines: r.pipelines.map((x: Any) => ({ ...x, name: s })),
      stages: r.stages.map((x: Any) => ({ ...x, name: s })),
    }),
  });
}

/** Elements the products never creates from data (the test checks none is in any shadow root). */
function dangerousElements(p: CrmProfile): string[] {
  const found: string[] = [];
  for (const r of roots(p)) {
    for (const el of r.querySelectorAll('script, iframe, object, embed, svg[onload], [onerror], [onmouseover], [onload]')) found.push(el.outerHTML.slice(0, 80));
    for (const img of r.querySelectorAll('img')) {
      if (!/^https?:\/\//i.test(img.getAttribute('src') ?? '')) found.push(img.outerHTML.slice(0, 80));
    }
  }
  return found;
}

/** Hrefs of every link, through shadow roots, that are not http(s), mailto: or tel:. */
function unsafeLinks(p: CrmProfile): string[] {
  const out: string[] = [];
  for (const r of roots(p)) {
    for (const a of r.querySelectorAll('a[href]')) {
      const href = (a as HTMLAnchorElement).href;
      if (!/^(https?|mailto|tel):/i.test(href)) out.push(href);
      if (/^https?:/i.test(href) && /^javascript:|^data:/i.test(a.getAttribute('href')!)) out.push(href);
    }
  }
  return out;
}

/** After the corpus was shown: no script ran (the flag), no element or link was made from data, nothing was thrown. */
async function expectNothingRan(p: CrmProfile, errors: readonly string[]): Promise<void> {
  await new Promise((res) => setTimeout(res, 50));
  expect((window as Any).__xss, 'window.__xss').to.equal(undefined);
  expect(dangerousElements(p), 'elements created from data').to.deep.equal([]);
  expect(unsafeLinks(p), 'non-http(s) links').to.deep.equal([]);
  expect(errors).to.deep.equal([]);
}

describe('hostile data: XSS corpus', () => {
  beforeEach(() => {
    delete (window as Any).__xss;
  });
  afterEach(() => fixtureCleanup());

  for (const s of CORPUS) {
    it(`renders ${JSON.stringify(s)} as text everywhere`, async () => {
      const trap = trapErrors();
      try {
        const layout = JSON.stringify({
          version: 1,
          items: [
            { id: 'sys', type: 'system', settings: {} },
            { id: 'w2', type: 'load-by-channel', settings: { title: s, color: s } },
            { id: 'w3', type: 'sales-amount', settings: { title: s, color: 'red' } },
          ],
        });
        const p = await mount(xssAdapter(s), { layout, editable: true });
        const r = p.shadowRoot!;
        expect(r.querySelector('.client h2')!.textContent, 'the client name shows literally').to.equal(s);
        const [, w2, w3] = widgets(p);
        expect(w2!.shadowRoot!.querySelector('h3')!.textContent!.trim(), 'a title setting shows literally').to.equal(s.trim());
        expect(w3!.shadowRoot!.querySelector('h3')!.textContent!.trim()).to.equal(s.trim());
        // The colour setting is refused: named colours only.
        expect(w2!.getAttribute('style'), 'no style from a refused colour').to.equal(null);
        expect(w3!.getAttribute('style'), 'a named colour is a token').to.match(/^--_accent-custom: var\(--_color-red\);?$/);
        for (const r of roots(p)) {
          for (const el of r.querySelectorAll('[style]')) expect(el.getAttribute('style'), 'inline styles').not.to.contain('__xss');
        }

        // The drill-down (its records carry the corpus as titles, stages, responsible names, URLs).
        await openOneDrillDown(p);
        const panelRoots = roots(p).filter((x) => x instanceof ShadowRoot && (x.host.localName === 'crm-detail-panel'));
        const panelText = panelRoots.map((x) => x.textContent).join(' ');
        expect(panelText.includes(s.trim()) || panelText.includes(s.trim().slice(0, 20)), 'the records show the corpus as text').to.equal(true);
        await expect(p).to.be.accessible();
        for (const w of widgets(p)) w.closeOverlays();

        // The settings dialog of the widget whose title is the corpus.
        w2!.shadowRoot!.querySelector<HTMLButtonElement>('.menu-button')!.click();
        await w2!.updateComplete;
        [...w2!.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((b) => b.textContent === 'Settings')!.click();
        await waitUntil(() => (w2!.shadowRoot!.querySelector('crm-widget-settings') as Any)?.open, 'the settings dialog did not open', { timeout: 5000 });
        const dialog = w2!.shadowRoot!.querySelector('crm-widget-settings')!;
        await (dialog as Any).updateComplete;
        expect(dialog.shadowRoot!.querySelector<HTMLInputElement>('#f-title')!.value).to.equal(s);
        w2!.closeOverlays();

        // The explanation.
        await w2!.showExplanation();
        await w2!.updateComplete;
        finishAnimations(p);

        await expectNothingRan(p, trap.errors);
      } finally {
        trap.stop();
      }
    });
  }
});

/** The XSS corpus through the two built-in remote adapters: the REST contract and Bitrix24. */
describe('hostile data: XSS corpus through the REST contract and the Bitrix24 emulator', () => {
  beforeEach(() => {
    delete (window as Any).__xss;
  });
  afterEach(() => fixtureCleanup());

  /** The demo data (seed 1) with every string a person can type set to `s`. */
  function xssDataset(s: string): DemoDataset {
    const d = structuredClone(generateDemoData({ seed: 1 })) as Any;
    for (const c of d.clients) Object.assign(c, { name: s, position: s, industry: s, website: s });
    for (const x of [...d.deals, ...d.invoices]) x.title = s;
    for (const a of d.activities) a.subject = s;
    for (const x of [...d.reference.pipelines, ...d.reference.stages]) x.name = s;
    return d as DemoDataset;
  }

  const SOURCES: [string, (s: string) => CrmAdapter][] = [
    // The contract server serves the hostile data; the client validates and shows it.
    ['REST contract', (s) => {
      const server = new ContractServer({ adapter: xssAdapter(s) });
      return new RestAdapter({ baseUrl: 'https://crm.example.test', fetch: server.fetch as typeof fetch });
    }],
    // A portal whose records hold the corpus: the Bitrix24 adapter maps them; record links are the
    // adapter's own (the portal's host and the record's id).
    ['Bitrix24 (emulator)', (s) => {
      const emulator = new Bitrix24Emulator({ data: xssDataset(s), rateLimit: false });
      return new Bitrix24Adapter({ webhookUrl: 'https://portal.example.test/rest/1/demo-webhook-code/', fetch: emulator.fetch, onIssue: () => {} });
    }],
  ];

  for (const [name, make] of SOURCES) {
    for (const s of CORPUS) {
      it(`${name}: ${JSON.stringify(s)} shows as text in the header and the drill-down, nothing runs`, async () => {
        const trap = trapErrors();
        try {
          const p = await mount(make(s));
          expect(p.shadowRoot!.querySelector('.client h2')!.textContent!.trim(), 'the client name shows literally').to.equal(s.trim());
          expect(await openOneDrillDown(p), 'a drill-down opened').to.equal(true);
          const panelText = roots(p).filter((x) => x instanceof ShadowRoot && x.host.localName === 'crm-detail-panel').map((x) => x.textContent).join(' ');
          expect(panelText.includes(s.trim()), 'the records show the corpus as text').to.equal(true);
          await expectNothingRan(p, trap.errors);
        } finally {
          trap.stop();
        }
      });
    }
  }
});

// ─── 3. secrets ──────────────────────────────────────────────────────────────────────────────────

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Records every console call (and still prints it). */
function captureConsole() {
  const con = console as unknown as Record<string, (...args: unknown[]) => void>;
  const lines: string[] = [];
  const originals = CONSOLE.map((k) => con[k]!);
  for (const [i, k] of CONSOLE.entries()) {
    const orig = originals[i]!;
    con[k] = (...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''} ${String((a as Any).cause?.message ?? '')}` : typeof a === 'object' ? safeJson(a) : String(a))).join(' '));
      orig.apply(console, args);
    };
  }
  return { lines, restore: () => CONSOLE.forEach((k, i) => { con[k] = originals[i]!; }) };
}

/** Every `crm-error` detail (message, stack, JSON) seen on the document; `onEvent` can listen elsewhere too. */
function captureErrorEvents() {
  const events: string[] = [];
  const onEvent = (e: Event) => {
    const d = (e as CustomEvent<{ error?: Error }>).detail;
    events.push(`${d?.error?.message ?? ''} ${d?.error?.stack ?? ''} ${safeJson(d)}`);
  };
  document.addEventListener('crm-error', onEvent, true);
  return { events, onEvent, stop: () => document.removeEventListener('crm-error', onEvent, true) };
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}

const control = (path: string, body: unknown = {}) =>
  fetch(`/__emulator/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function settledWithErrors(p: CrmProfile): Promise<void> {
  await waitUntil(() => headerSettled(p) && widgets(p).every(widgetSettled), 'the profile did not settle', { timeout: 15000 });
}

function errorTexts(p: CrmProfile): string {
  return roots(p).flatMap((r) => [...r.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '')).join('\n');
}

describe('hostile data: secrets never in console or errors', () => {
  afterEach(async () => {
    fixtureCleanup();
    await control('reset');
  });

  it('a Bitrix24 webhook code never shows in the console, an error or a crm-error event', async () => {
    const SECRET = 'SECRETCODE123';
    await control('reset');
    await control('faults', { status500: 1000 });
    const cons = captureConsole();
    const { events, onEvent, stop } = captureErrorEvents();
    try {
      const source = `bitrix24:${location.origin}/rest/1/${SECRET}/`;
      const p = await fixture<CrmProfile>(html`<crm-profile source=${source} entity-type="contact" entity-id="1" period="all-time"
        locale="en" time-zone="UTC" storage-key="hostile-b24"></crm-profile>`);
      p.addEventListener('crm-error', onEvent);
      await settledWithErrors(p);
      const shown = errorTexts(p);
      expect(shown.length, 'errors are shown').to.be.greaterThan(0);
      expect(shown).not.to.contain(SECRET);
      expect(deepText(p)).not.to.contain(SECRET);
      for (const line of cons.lines) expect(line, 'console').not.to.contain(SECRET);
      for (const e of events) expect(e, 'crm-error detail').not.to.contain(SECRET);
    } finally {
      cons.restore();
      stop();
    }
  });

  it('a REST bearer token never shows in the console, an error or a crm-error event', async () => {
    const SECRET = 'tok-SECRET-999';
    const cons = captureConsole();
    const { events, stop } = captureErrorEvents();
    try {
      // /api-auth expects another token (401); /nowhere answers 404.
      for (const baseUrl of [`${location.origin}/api-auth`, `${location.origin}/nowhere-${SECRET}-no`.replace(SECRET, 'x')]) {
        const adapter = new RestAdapter({ baseUrl, token: SECRET });
        const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="all-time"
          locale="en" time-zone="UTC" storage-key="hostile-rest"></crm-profile>`);
        await settledWithErrors(p);
        const shown = errorTexts(p);
        expect(shown.length, 'errors are shown').to.be.greaterThan(0);
        expect(shown).not.to.contain(SECRET);
        expect(deepText(p)).not.to.contain(SECRET);
        fixtureCleanup();
      }
      for (const line of cons.lines) expect(line, 'console').not.to.contain(SECRET);
      for (const e of events) expect(e, 'crm-error detail').not.to.contain(SECRET);
      expect(events.length).to.be.greaterThan(0);
    } finally {
      cons.restore();
      stop();
    }
  });
});
