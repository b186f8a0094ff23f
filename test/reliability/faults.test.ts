/**
 * Faults and races across every kind of adapter (issue 7): the same scenarios run on a host's own
 * adapter (the demo data behind the `adapter` property), on the REST contract (RestAdapter →
 * ContractServer) and on Bitrix24 (Bitrix24Adapter → the Bitrix24 emulator). Faults are injected
 * where they happen in real life — in the HTTP answers (or, for the host adapter, in its calls):
 * rejection, a hang, a 503 storm, a token that expires mid-session, a batch that fails in part,
 * and random latency under 50 rapid period switches and 10 client switches. What is checked is
 * what a user sees: the numbers (against a fault-free profile on the same source), the messages,
 * Retry, and that nothing throws.
 */
import { aTimeout, expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { RestAdapter } from '../../src/adapters/rest/rest-adapter.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { Bitrix24Client, type FetchLike } from '../../src/adapters/bitrix24/client.js';
import { FrameTransport, type Bitrix24Frame } from '../../src/adapters/bitrix24/frame.js';
import { ContractServer } from '../../server/rest/contract-server.js';
import { Bitrix24Emulator } from '../../emulator/bitrix24/emulator.js';
import type { RecordKind } from '../../src/core/model.js';
import { METRICS } from '../../src/core/metrics.js';
import { WIDGET_CATALOG } from '../../src/widgets/catalog.js';
import type { WidgetType } from '../../src/widgets/types.js';
import { $, $$, has, isSettled, profileSettled, shown } from '../elements/widget-helpers.js';

// ─── fault injection ─────────────────────────────────────────────────────────────────────────────

type Mode = 'ok' | 'reject' | 'hang' | 'storm';

/** What the next requests (or calls) suffer; the test changes it mid-session. */
interface Faults {
  mode: Mode;
  /** Latency of each request in ms (drawn per request). */
  latency?: () => number;
  /** Requests for records of these kinds fail (a partial failure). */
  failKinds?: ReadonlySet<RecordKind>;
  /** The host's session expired (its adapter refuses until the user signs in again). */
  expired?: boolean;
}

const hangUntilAborted = (signal: AbortSignal | null | undefined): Promise<never> => new Promise((_, reject) => {
  signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError')), { once: true });
});

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    }, { once: true });
  });
}

/** `base` behind the faults: what a flaky network and an overloaded server do to HTTP. */
function faultyFetch(base: FetchLike, faults: Faults, storm: () => Response, partial?: (url: string, init: RequestInit, res: Response) => Promise<Response>): FetchLike {
  return async (input, init = {}) => {
    await sleep(faults.latency?.() ?? 0, init.signal);
    switch (faults.mode) {
      case 'reject': throw new TypeError('Failed to fetch');
      case 'hang': return hangUntilAborted(init.signal);
      case 'storm': return storm();
      default: {
        const res = await base(input, init);
        return partial && faults.failKinds?.size ? partial(String(input), init, res) : res;
      }
    }
  };
}

/** The demo source as a host's adapter whose calls suffer the faults (a hang ignores cancellation). */
function faultyHostAdapter(faults: Faults, timeoutMs: number): CrmAdapter {
  const demo = new DemoAdapter({ seed: 1 });
  const gate = async (signal: AbortSignal | undefined, kinds: readonly RecordKind[] = []) => {
    await sleep(faults.latency?.() ?? 0, signal);
    if (faults.mode === 'reject') throw new Error('Server unreachable');
    if (faults.mode === 'hang') return new Promise<never>(() => {});
    if (faults.mode === 'storm') throw new AdapterError('network', 'The CRM server is overloaded (503); try again later.');
    if (faults.expired) throw new AdapterError('auth', 'Your CRM session has expired. Sign in again or check the token.');
    if (kinds.some((k) => faults.failKinds?.has(k))) throw new AdapterError('network', 'The CRM server failed (500); try again later.');
    return undefined;
  };
  return {
    label: 'Host CRM', now: demo.now, maxPageSize: demo.maxPageSize, timeoutMs,
    getClient: async (ref, signal) => (await gate(signal), demo.getClient(ref, signal)),
    referenceData: async (signal) => (await gate(signal), demo.referenceData(signal)),
    records: async (q, signal) => (await gate(signal, [q.kind]), demo.records(q, signal)),
    aggregate: async (qs, signal) => (await gate(signal, qs.map((q) => q.kind)), demo.aggregate(qs, signal)),
  };
}

/** The demo data as a server's store whose records of `faults.failKinds` cannot be read. */
function partlyDown(faults: Faults): CrmAdapter {
  const demo = new DemoAdapter({ seed: 1 });
  const check = (kinds: readonly RecordKind[]) => {
    const down = kinds.find((k) => faults.failKinds?.has(k));
    if (down) throw new AdapterError('network', `The ${down} store is down`);
  };
  return {
    label: 'Server store', now: demo.now, maxPageSize: demo.maxPageSize,
    getClient: (ref, signal) => demo.getClient(ref, signal),
    referenceData: (signal) => demo.referenceData(signal),
    records: async (q, signal) => (check([q.kind]), demo.records(q, signal)),
    aggregate: async (qs, signal) => (check(qs.map((q) => q.kind)), demo.aggregate(qs, signal)),
  };
}

// ─── the three sources ───────────────────────────────────────────────────────────────────────────

interface Source {
  readonly adapter: CrmAdapter;
  readonly faults: Faults;
  /** The token (or session) accepted so far stops being valid. */
  expireToken(): void;
  /** What a user does to get a valid token again (sign in), when the source does not renew by itself. */
  signInAgain?(): void;
  /** Whether the source renews an expired token by itself (Bitrix24's refresh). */
  readonly renews?: boolean;
  /** Failed HTTP requests seen so far, by status. */
  readonly statuses: number[];
}

interface Kind {
  readonly name: string;
  readonly make: (timeoutMs: number) => Source;
  /** The message a widget shows for each fault. */
  readonly messages: Record<'reject' | 'hang' | 'storm', RegExp>;
}

const jsonResponse = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const KINDS: readonly Kind[] = [
  {
    name: 'host adapter (demo data)',
    make: (timeoutMs) => {
      const faults: Faults = { mode: 'ok' };
      return {
        adapter: faultyHostAdapter(faults, timeoutMs), faults, statuses: [],
        expireToken: () => void (faults.expired = true),
        signInAgain: () => void (faults.expired = false),
      };
    },
    messages: {
      reject: /Server unreachable/,
      hang: /The data source "Host CRM" did not answer \(\w+\) within 1\.5 s; try again later\./,
      storm: /overloaded \(503\)/,
    },
  },
  {
    name: 'REST contract',
    make: (timeoutMs) => {
      const faults: Faults = { mode: 'ok' };
      const statuses: number[] = [];
      let accepted = 'token-1';
      let given = 'token-1';
      // The server's own data: a part of it (one record kind) can be down.
      const data = partlyDown(faults);
      let server = new ContractServer({ adapter: data, token: accepted, basePath: '/crm' });
      const serve: FetchLike = async (input, init) => {
        const res = await server.fetch(input, init);
        if (!res.ok) statuses.push(res.status);
        return res;
      };
      const fetch = faultyFetch(serve, faults, () => {
        statuses.push(503);
        return jsonResponse(503, { error: { code: 'unavailable', message: 'Service unavailable' } });
      });
      return {
        adapter: new RestAdapter({ baseUrl: 'https://crm.example.test/crm', token: () => given, fetch: fetch as typeof globalThis.fetch, timeoutMs }),
        faults, statuses,
        expireToken: () => {
          accepted = `token-${Number(accepted.slice(6)) + 1}`;
          server = new ContractServer({ adapter: data, token: accepted, basePath: '/crm' });
        },
        signInAgain: () => {
          given = accepted;
        },
      };
    },
    messages: {
      reject: /could not be reached|network|connection/i,
      hang: /did not answer .* within 1\.5 s/,
      storm: /Service unavailable/,
    },
  },
  {
    name: 'Bitrix24 (emulator)',
    make: (timeoutMs) => {
      const faults: Faults = { mode: 'ok' };
      const statuses: number[] = [];
      const emulator = new Bitrix24Emulator({ rateLimit: false });
      const serve: FetchLike = async (input, init) => {
        const res = await emulator.fetch(input, init);
        if (!res.ok) statuses.push(res.status);
        return res;
      };
      // A batch whose commands for the failing record kinds come back in result_error.
      const METHOD_KIND: Record<string, RecordKind> = { 'crm.activity.list': 'activity' };
      const fetch = faultyFetch(serve, faults, () => {
        statuses.push(503);
        return jsonResponse(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      }, async (url, init, res) => {
        if (!/\/batch\.json$/.test(url) || !res.ok) return res;
        const sent = JSON.parse(String(init.body)) as { cmd: Record<string, string> };
        const answer = await res.json() as { result: { result: Record<string, unknown>; result_error: Record<string, unknown> | unknown[] } };
        const errors: Record<string, unknown> = Array.isArray(answer.result.result_error) ? {} : { ...answer.result.result_error };
        for (const [key, cmd] of Object.entries(sent.cmd)) {
          const method = cmd.split('?')[0]!;
          const kind = METHOD_KIND[method] ?? (/entityTypeId=31/.test(cmd) ? 'invoice' : /entityTypeId=2\b/.test(cmd) ? 'deal' : undefined);
          if (kind && faults.failKinds!.has(kind)) {
            delete (answer.result.result as Record<string, unknown>)[key];
            errors[key] = { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' };
          }
        }
        answer.result.result_error = errors;
        return jsonResponse(200, answer);
      });
      // OAuth from inside the portal: the real FrameTransport over a stand-in for the portal frame
      // whose refreshAuth asks the emulator for a new token (as the portal would).
      let refresh = 'demo-refresh-token';
      const frame = {
        domain: 'portal.example.test', origin: 'https://portal.example.test',
        auth: { accessToken: 'demo-access-token' },
        async refreshAuth() {
          const r = await emulator.fetch('/__emulator/oauth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refresh }) });
          const j = await r.json() as { access_token: string; refresh_token: string };
          frame.auth = { accessToken: j.access_token };
          refresh = j.refresh_token;
          return frame.auth;
        },
        redact: (text: string) => text.split(frame.auth.accessToken).join('[token]'),
      };
      const client = new Bitrix24Client({
        transport: new FrameTransport(frame as unknown as Bitrix24Frame, { fetch }),
        sleep: async () => {}, // retries at once: a storm ends in a message within the test
        timeoutMs,
      });
      return {
        adapter: new Bitrix24Adapter({ client, onIssue: () => {} }),
        faults, statuses, renews: true,
        expireToken: () => void emulator.setFaults({ expireToken: frame.auth.accessToken }),
      };
    },
    messages: {
      reject: /could not be reached|network|connection/i,
      hang: /did not answer .* within 2 s/,
      storm: /Too many requests|too many|QUERY_LIMIT_EXCEEDED|overloaded|limit/i,
    },
  },
];

// ─── what the user sees ──────────────────────────────────────────────────────────────────────────

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');

/** Header, load and every widget's numbers (or its error), as text. */
function snapshot(p: CrmProfile): string[] {
  return [
    `client: ${$(p, '.client h2')?.textContent?.trim() ?? $(p, '.client.error p')?.textContent ?? '?'}`,
    `load: ${$(p, '.load-value strong')?.textContent ?? '-'}`,
    ...widgetsOf(p).map((w) => `${w.type}: ${has(w, '.body .error[role="alert"]')
      ? `error ${$(w, '.body .error p')!.textContent}`
      : shown(w).map((f) => `${f.id}=${f.text}`).join(' ')}`),
  ];
}

const errorsOf = (p: CrmProfile) => widgetsOf(p).filter((w) => has(w, '.body .error[role="alert"]'));

let keys = 0;
async function mount(source: Source, { id = '1', type = 'contact', period = 'current-year' } = {}): Promise<CrmProfile> {
  return fixture<CrmProfile>(html`<crm-profile entity-type=${type} entity-id=${id} period=${period} locale="en" time-zone="UTC"
    cache-ttl="0" storage-key=${`faults-${Date.now()}-${++keys}`} .adapter=${source.adapter}></crm-profile>`);
}

/** What a fault-free profile on a fresh source of the same kind shows. */
async function reference(kind: Kind, options: Parameters<typeof mount>[1] = {}): Promise<string[]> {
  const p = await mount(kind.make(2000), options);
  await profileSettled(p, 20000);
  const out = snapshot(p);
  p.remove();
  return out;
}

/** Deterministic "random" latencies (mulberry32). */
function latencies(seed: number, max: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

// Uncaught errors fail the test that caused them.
const uncaught: unknown[] = [];
const onError = (e: ErrorEvent) => uncaught.push(e.error ?? e.message);
const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);

// ─── the suite ───────────────────────────────────────────────────────────────────────────────────

for (const kind of KINDS) {
  const TIMEOUT = kind.name.startsWith('Bitrix24') ? 2000 : 1500;

  describe(`faults and races: ${kind.name}`, function () {
    this.timeout(60000);

    beforeEach(() => {
      uncaught.length = 0;
      window.addEventListener('error', onError);
      window.addEventListener('unhandledrejection', onRejection);
    });
    afterEach(() => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      fixtureCleanup();
      expect(uncaught, 'uncaught errors').to.deep.equal([]);
    });

    it('50 rapid period switches with random latency end showing the last period\'s numbers', async () => {
      const source = kind.make(TIMEOUT * 5);
      source.faults.latency = latencies(7, 60);
      const p = await mount(source);
      const periods = ['last-7-days', 'all-time', 'current-month', 'last-60-days', 'current-quarter', 'last-90-days', 'year:2025', 'last-30-days'];
      let last = '';
      for (let i = 0; i < 50; i++) {
        last = periods[(i * 5) % periods.length]!;
        p.period = last;
        await p.updateComplete;
        await aTimeout(i % 4 === 0 ? 15 : 0);
      }
      await profileSettled(p, 30000);
      await aTimeout(120); // every older answer has arrived by now
      await profileSettled(p, 30000);
      source.faults.latency = undefined;
      expect(snapshot(p)).to.deep.equal(await reference(kind, { period: last }));
    });

    it('10 client switches with random latency end on the last client, its name and its numbers', async () => {
      const source = kind.make(TIMEOUT * 5);
      source.faults.latency = latencies(11, 80);
      const p = await mount(source);
      const clients = [['contact', '2'], ['company', '1'], ['contact', '5'], ['company', '3'], ['contact', '9'],
        ['contact', '3'], ['company', '2'], ['contact', '12'], ['company', '4'], ['contact', '4']] as const;
      for (const [type, id] of clients) {
        p.entityType = type;
        p.entityId = id;
        await p.updateComplete;
        await aTimeout(10);
      }
      await profileSettled(p, 30000);
      await aTimeout(150);
      await profileSettled(p, 30000);
      expect(snapshot(p)).to.deep.equal(await reference(kind, { type: 'contact', id: '4' }));
    });

    for (const mode of ['reject', 'hang', 'storm'] as const) {
      it(`${mode}: every widget and the header say so with Retry; Retry recovers once the source is back`, async () => {
        const expected = await reference(kind);
        const source = kind.make(TIMEOUT);
        source.faults.mode = mode;
        const p = await mount(source);
        await profileSettled(p, 20000);
        expect($(p, '.client.error p')?.textContent, 'header').to.match(kind.messages[mode]);
        expect($(p, '.client.error .retry')?.textContent).to.equal('Retry');
        for (const w of widgetsOf(p)) {
          expect($(w, '.body .error p')?.textContent, w.type).to.match(kind.messages[mode]);
          expect($(w, '.body .error .retry')?.textContent, w.type).to.equal('Retry');
        }
        await expect(p).to.be.accessible();
        source.faults.mode = 'ok';
        $<HTMLButtonElement>(p, '.client.error .retry')!.click();
        await p.updateComplete;
        await profileSettled(p, 20000);
        expect(snapshot(p)).to.deep.equal(expected);
      });
    }

    it('a storm mid-session: what still shows numbers shows the new period\'s; after it, a period change shows fresh numbers everywhere', async () => {
      const source = kind.make(TIMEOUT);
      const p = await mount(source);
      await profileSettled(p, 20000);
      source.faults.mode = 'storm';
      p.period = 'all-time';
      await profileSettled(p, 20000);
      // What still shows numbers shows the new period's (Bitrix24 reuses the client's deals and
      // invoices it already read); the rest says why it has none.
      expect(errorsOf(p).length).to.be.greaterThan(0);
      const stormy = snapshot(p);
      const allTime = await reference(kind, { period: 'all-time' });
      stormy.forEach((line, i) => {
        if (!line.includes(': error ') && i > 1) expect(line).to.equal(allTime[i]);
      });
      source.faults.mode = 'ok';
      p.period = 'last-90-days';
      await profileSettled(p, 20000);
      expect(snapshot(p)).to.deep.equal(await reference(kind, { period: 'last-90-days' }));
    });

    it('a token that expires mid-session: renewed by the source, or a sign-in message and Retry recovers', async () => {
      const source = kind.make(TIMEOUT);
      const p = await mount(source);
      await profileSettled(p, 20000);
      source.expireToken();
      p.period = 'last-90-days';
      await p.updateComplete;
      await profileSettled(p, 20000);
      const expected = await reference(kind, { period: 'last-90-days' });
      if (source.renews) {
        // Bitrix24: the client asks the portal for a new token once and repeats the request.
        expect(snapshot(p)).to.deep.equal(expected);
        expect(source.statuses).to.include(401);
        return;
      }
      expect(errorsOf(p).length).to.be.greaterThan(0);
      for (const w of errorsOf(p)) expect($(w, '.body .error p')!.textContent, w.type).to.match(/Sign in again or check the token/);
      source.signInAgain!();
      for (const w of errorsOf(p)) $<HTMLButtonElement>(w, '.body .error .retry')!.click();
      if (has(p, '.client.error')) $<HTMLButtonElement>(p, '.client.error .retry')!.click();
      await aTimeout(0);
      await profileSettled(p, 20000);
      expect(snapshot(p)).to.deep.equal(expected);
    });

    it('a partial failure (activities fail, deals and invoices answer): only the widgets that need activities show the error', async () => {
      const expected = await reference(kind);
      const source = kind.make(TIMEOUT);
      source.faults.failKinds = new Set(['activity']);
      const p = await mount(source);
      await profileSettled(p, 20000);
      const failed = errorsOf(p).map((w) => w.type);
      // Exactly the widgets whose metric declarations read activities fail.
      const needsActivities = (type: WidgetType) => WIDGET_CATALOG[type].metrics({})
        .some((m) => Object.values(METRICS[m].inputs).some((spec) => spec.kind === 'activity'));
      expect(failed).to.deep.equal(widgetsOf(p).map((w) => w.type).filter(needsActivities));
      const fine = widgetsOf(p).filter((w) => !failed.includes(w.type)).map((w) => w.type);
      expect(fine).to.include.members(['sales-amount', 'deal-conversion', 'invoice-amounts']);
      const fineNow = snapshot(p).filter((line) => fine.some((t) => line.startsWith(`${t}:`)));
      expect(fineNow).to.deep.equal(expected.filter((line) => fine.some((t) => line.startsWith(`${t}:`))));
      source.faults.failKinds = new Set();
      for (const w of errorsOf(p)) $<HTMLButtonElement>(w, '.body .error .retry')!.click();
      if (has(p, '.client.error')) $<HTMLButtonElement>(p, '.client.error .retry')!.click();
      await aTimeout(0);
      await profileSettled(p, 20000);
      expect(snapshot(p)).to.deep.equal(expected);
      expect(widgetsOf(p).every(isSettled)).to.equal(true);
    });
  });
}
