/**
 * "Prove it": property-based fuzzing of period strings, money strings (currencies, the load target)
 * and settings objects THROUGH THE ELEMENTS, as a CMS author typing attributes (or a host setting
 * properties) would. The pure parsers are fuzzed in test/core and test/widgets; here every
 * generated input is mounted in <crm-widget>, <crm-profile> or <crm-period-picker> (real Chromium)
 * and the element must:
 * - throw nothing (window `error` / `unhandledrejection`);
 * - settle (numbers or a clear message, never a stuck skeleton);
 * - never show `NaN`, `Infinity`, `undefined`, `null` or `[object Object]` (text through every
 *   shadow root, plus the accessible attributes);
 * - warn (console.warn) when it changed or refused the input, naming the value;
 * - read back repaired values that are valid (the repair is idempotent on them).
 *
 * Run alone: `npx wtr test/reliability/fuzz-elements.test.ts`. A failure prints fast-check's
 * `seed` and `path`: put them in `fcOptions` below (`{ seed, path, endOnFailure: true }`) to replay.
 * Counterexamples that were product bugs stay as regression tests next to the property that found them.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/elements/widget/define.js';
import '../../src/elements/profile/define.js';
import '../../src/elements/period-picker/define.js';
import { settingsConverter, type CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import {
  DEFAULT_PERIOD, PERIOD_PRESETS, formatPeriod, parsePeriod, type Period,
} from '../../src/core/period.js';
import { isKnownCurrency } from '../../src/core/money.js';
import { formatNumber, periodLabel } from '../../src/i18n/index.js';
import { CHANNELS } from '../../src/core/model.js';
import { METRIC_IDS } from '../../src/core/metric-ids.js';
import { DIRECTIONS, FIELD_ORDER, layoutFromAttribute, normalizeLayout, sanitizeSettings } from '../../src/widgets/layout.js';
import { NUMBER_METRICS } from '../../src/widgets/number.js';
import { WIDGET_TYPES, type Layout, type WidgetSettings, type WidgetType } from '../../src/widgets/types.js';
import { CHART_TYPES, COLORS, COMPARE_SETTINGS, DEAL_COUNTS, GROUPINGS, NUMBER_OPS } from '../../src/widgets/choices.js';
import { adapter as demo, clearStoredLayouts, isSettled } from '../elements/widget-helpers.js';
import { deepText } from './deep-text.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** Multiplies every numRuns: raise it (e.g. 4, one describe at a time: wtr stops a page after 120 s) to hunt for bugs. */
const HUNT = 1;
/** fast-check options shared by every property; add `seed`/`path` here to replay a failure. */
const fcOptions = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * HUNT, includeErrorInReport: true });

// ─── what the page reports ───────────────────────────────────────────────────────────────────────

/** Every console.warn of this page so far (the elements warn once per message and element type). */
const seen = new Set<string>();
/** Uncaught errors and unhandled rejections since the last `resetErrors()`. */
let errors: string[] = [];
const originalWarn = console.warn;
const onError = (e: ErrorEvent) => {
  // Chromium's benign ResizeObserver notice is not an exception of the product.
  if (/ResizeObserver loop/.test(e.message)) return;
  errors.push(`error: ${e.message}`);
};
const onRejection = (e: PromiseRejectionEvent) => {
  errors.push(`unhandledrejection: ${(e.reason as Error)?.stack ?? String(e.reason)}`);
};

/** Whether a warning of `<tag>` containing every fragment was emitted (now or earlier: warnOnce). */
function warnedBy(tag: string, ...fragments: string[]): boolean {
  for (const w of seen) if (w.startsWith(`<${tag}>: `) && fragments.every((f) => w.includes(f))) return true;
  return false;
}

function expectWarned(tag: string, ...fragments: string[]): void {
  expect(warnedBy(tag, ...fragments), `a <${tag}> warning containing ${JSON.stringify(fragments)}; got ${JSON.stringify([...seen].filter((w) => w.startsWith(`<${tag}>`)).slice(-5))}`).to.equal(true);
}

function expectNoErrors(): void {
  expect(errors.length, `uncaught errors: ${errors.join(' | ').slice(0, 600)}`).to.equal(0);
}

// ─── DOM helpers (after test/reliability/hostile-data.test.ts) ─────────────────────────────────


const FORBIDDEN = /\b(?:NaN|Infinity|undefined|null)\b|\[object Object\]/;

/** Asserts the rendered text shows no broken value; `userText` (titles, ids a host typed) is taken out first. */
function expectCleanText(el: Element, userText: readonly string[] = []): void {
  let text = deepText(el);
  for (const u of [...userText].filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(u).join(' ');
  const m = FORBIDDEN.exec(text);
  expect(m, `"${m?.[0]}" shown in …${text.slice(Math.max(0, (m?.index ?? 0) - 80), (m?.index ?? 0) + 80)}…`).to.equal(null);
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const widgetsOf = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];

/** A widget showing numbers (not only an error message). */
const showsNumbers = (w: CrmWidget) => !!$(w, '.view[aria-busy="false"]') && !!$(w, '[data-figure]') && !$(w, '.body .error');

async function widgetSettled(w: CrmWidget): Promise<void> {
  await w.updateComplete;
  await waitUntil(() => isSettled(w), `<crm-widget type=${w.type}> stayed loading`, { timeout: 10_000 });
  await w.updateComplete;
}

async function profileSettled(p: CrmProfile): Promise<void> {
  const settled = async () => {
    await p.updateComplete;
    await Promise.all(widgetsOf(p).map((w) => w.updateComplete));
    const r = p.shadowRoot!;
    return !r.querySelector('.client.skeleton') && !!r.querySelector('.client h2, .client.error')
      && widgetsOf(p).length > 0 && widgetsOf(p).every(isSettled);
  };
  await waitUntil(async () => (await settled()) && (await settled()), 'the profile did not settle', { timeout: 8000 });
}

/** Unique storage key per mount: a stored layout of a previous run never leaks in. */
let mounts = 0;
const storageKey = () => `fuzz-${++mounts}`;

// ─── generators ──────────────────────────────────────────────────────────────────────────────────

/** Values a hostile page or a typo may put anywhere. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -0, -1, 1e308, '', ' ', 'NaN', 'Infinity', 'undefined', 'null', '[object Object]', '__proto__',
    'constructor', '<img src=x onerror=alert(1)>', '\u0000', '\uD800', 'é'.normalize('NFD'), '👩‍👩‍👧'.repeat(50),
    'x'.repeat(100_000), ['x'.repeat(10_000)], [[[[[]]]]], {}, { nested: { junk: [1, { a: null }] } },
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(), // NaN, ±Infinity, -0: only the property path carries them
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.object({ maxDepth: 2 }),
);

const pipelineIds = demo.data.reference.pipelines.map((p) => p.id);
const anyOf = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const listOf = <T>(xs: readonly T[]) => fc.array(fc.oneof(anyOf(xs), fc.string({ maxLength: 8 })), { maxLength: 5 });

/** Valid-looking and valid period strings. */
const periodLike: fc.Arbitrary<string> = fc.oneof(
  anyOf(PERIOD_PRESETS),
  fc.tuple(fc.integer({ min: 1960, max: 10_005 }), fc.integer({ min: 0, max: 13 }))
    .map(([y, m]) => `month:${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 1965, max: 10_001 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom('Q', 'q', '')).map(([y, q, Q]) => `quarter:${y}-${Q}${q}`),
  fc.integer({ min: 1960, max: 10_001 }).map((y) => `year:${y}`),
  fc.tuple(fc.date({ min: new Date('1969-12-25'), max: new Date('9999-12-31'), noInvalidDate: true }), fc.integer({ min: -40, max: 400 })).map(([d, n]) => {
    const end = new Date(d.getTime() + n * 86_400_000);
    const iso = (x: Date) => (Number.isNaN(x.getTime()) ? 'bad' : x.toISOString().slice(0, 10));
    return `range:${iso(d)}/${iso(end)}`;
  }),
  // What an author may type from other products' docs.
  fc.constantFrom('month', 'quarter', 'year', 'range', 'last-30-days', 'Last 30 days', '2026-01-01..2026-02-01', 'range:2026-01-01..2026-02-01',
    'range:2026-02-30/2026-03-01', 'month:2026-3', 'quarter:2026-Q', 'year:26', 'last_30_days', 'last-31-days', 'today ', ' ALL-TIME',
    'range:2026-03-01/2026-02-01', 'month:2026-02:extra', 'month:２０２６-03', 'ｍonth:2026-03'),
);

/** Long custom ranges (up to the whole 1970–9999 span): valid periods a trend widget groups coarser (at most MAX_BUCKETS buckets). */
const longRange: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }))
  .map(([a, b, m]) => `range:${Math.min(a, b)}-${String(m).padStart(2, '0')}-01/${Math.max(a, b)}-12-31`);
/** One edit of a string: delete, insert, duplicate, case flip, pad or swap at a position. */
const mutated = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(base, fc.nat(), fc.constantFrom('delete', 'insert', 'dup', 'case', 'pad', 'swap'), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }))
    .map(([s, n, op, c]) => {
      const i = s.length ? n % s.length : 0;
      switch (op) {
        case 'delete': return s.slice(0, i) + s.slice(i + 1);
        case 'insert': return s.slice(0, i) + c + s.slice(i);
        case 'dup': return s.slice(0, i + 1) + s.slice(i);
        case 'case': return s.slice(0, i) + (s[i] === s[i]?.toUpperCase() ? s[i]?.toLowerCase() : s[i]?.toUpperCase()) + s.slice(i + 1);
        case 'pad': return `${c.trim() === '' ? c : ' '}${s}\t`;
        default: return s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
      }
    });

const periodString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: periodLike },
  { weight: 3, arbitrary: mutated(periodLike) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant('last-30-days'.repeat(1000)) },
  { weight: 1, arbitrary: fc.oneof(longRange, mutated(longRange)) },
);

/** Per settings field: valid values (so that hostile ones meet valid neighbours). */
const validField: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.oneof(fc.string({ maxLength: 100 }), fc.constant('  padded  '), fc.constant('🙂'.repeat(81))),
  period: fc.oneof(periodLike, mutated(periodLike)),
  metrics: fc.oneof(fc.subarray([...NUMBER_METRICS], { maxLength: 4 }), fc.array(anyOf(METRIC_IDS), { maxLength: 4 }), listOf(NUMBER_METRICS)),
  op: anyOf(NUMBER_OPS),
  count: anyOf(DEAL_COUNTS),
  pipelines: listOf(pipelineIds),
  dealStages: listOf(['NEW', 'WON', 'LOSE', 'C1:WON']),
  invoiceStages: listOf(['N', 'P', 'D']),
  channels: listOf(CHANNELS),
  directions: listOf(DIRECTIONS),
  completed: fc.boolean(),
  chart: anyOf(CHART_TYPES),
  grouping: anyOf(GROUPINGS),
  color: fc.oneof(anyOf(COLORS), fc.constantFrom('#ff0000', 'Blue', 'red; background:url(x)', 'var(--x)', 'rgb(0,0,0)')),
  compare: fc.oneof(anyOf(COMPARE_SETTINGS), fc.boolean()),
};

/** An object with the real keys of the settings schema, each valid or hostile, plus unknown keys. */
const schemaSettings: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  fc.record(Object.fromEntries(FIELD_ORDER.map((k) => [k, fc.oneof({ weight: 2, arbitrary: validField[k]! }, { weight: 1, arbitrary: hostileValue })])), { requiredKeys: [] }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('Title', 'colour', 'periode', 'metric', 'type', 'id')), hostileValue, { maxKeys: 2 }),
  fc.boolean(),
).map(([known, unknown, withUnknown]) => (withUnknown ? { ...unknown, ...known } : known));

/** Custom-number formulas: metrics and operations, good and bad combinations. */
const numberSettings: fc.Arbitrary<Record<string, unknown>> = fc.record({
  metrics: fc.oneof(validField.metrics!, hostileValue),
  op: fc.oneof(anyOf(NUMBER_OPS), hostileValue),
  channels: listOf(CHANNELS),
  completed: fc.oneof(fc.boolean(), hostileValue),
  pipelines: listOf(pipelineIds),
}, { requiredKeys: ['metrics', 'op'] });

const anySettings: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: schemaSettings },
  { weight: 2, arbitrary: numberSettings },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withSparseArray: true }) },
  { weight: 1, arbitrary: hostileValue },
);

/** Clients with much, little and no data (contact 4 has nothing in the last 7 days; 60 is the last contact). */
const client = fc.constantFrom(['contact', '1'], ['contact', '4'], ['contact', '60'], ['company', '1'], ['company', '20']);

const widgetType: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: anyOf(WIDGET_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom('System', 'numbers', 'load by channel', '', 'chart', 'undefined', '__proto__', 'toString') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** The `settings` attribute: JSON of the generated objects, arbitrary JSON, or not JSON at all. */
const settingsAttribute: fc.Arbitrary<string> = fc.oneof(
  anySettings.map((s) => {
    try {
      return JSON.stringify(s) ?? 'undefined';
    } catch {
      return '{"unserializable":';
    }
  }),
  fc.json({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('{', '{"title":', "{'title':'x'}", 'title=Hello', '[]', 'null', 'true', '0', '""', '{"__proto__":{"title":"x"}}', '{"color":"red","color":"blue"}'),
);

/** What the widget's attribute converter reads (JSON, else the text). */
const readSettingsAttribute = (v: string): unknown => settingsConverter.fromAttribute(v);

// ─── checks shared by the settings properties ────────────────────────────────────────────────────

/** Every string a host typed that the widget may legitimately show (titles, pipeline and stage ids). */
function userStrings(s: WidgetSettings): string[] {
  return [s.title ?? '', ...(s.pipelines ?? []), ...(s.dealStages ?? []), ...(s.invoiceStages ?? [])];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameSet = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

/**
 * Whether the repair changed what `input` means (the meaning-preserving normalizations the schema
 * documents — trimmed titles, canonical period strings, list order and repeats, empty titles and
 * lists as absent, the legacy `compare: true/false` — are not changes).
 */
function meaningChanged(input: unknown, out: WidgetSettings): boolean {
  if (input === undefined || input === null) return false;
  if (!isRecord(input)) return true;
  for (const key of Object.keys(input)) {
    const v = input[key];
    if (v === undefined) continue;
    const o = (out as Record<string, unknown>)[key];
    if (o === undefined) {
      if (key === 'title' && typeof v === 'string' && v.trim() === '') continue;
      if (Array.isArray(v) && v.length === 0) continue;
      return true;
    }
    if (key === 'title') {
      if (typeof v !== 'string' || v.trim() !== o) return true;
    } else if (key === 'period') {
      try {
        if (formatPeriod(parsePeriod(v as string)) !== o) return true;
      } catch {
        return true;
      }
    } else if (key === 'compare') {
      if ((v === true ? 'previous' : v === false ? 'off' : v) !== o) return true;
    } else if (Array.isArray(v) && Array.isArray(o)) {
      if (!sameSet([...new Set(v)], o)) return true;
    } else if (v !== o) return true;
  }
  return false;
}

/**
 * The settings contract of a mounted widget given `type` and (as the converter read it) `input`:
 * settled, clean text, every repair warned, repaired settings valid and stable.
 */
async function checkWidgetSettings(w: CrmWidget, type: string, input: unknown): Promise<void> {
  await widgetSettled(w);
  expectNoErrors();
  const known = (WIDGET_TYPES as readonly string[]).includes(type);
  if (!known) {
    expect(w.type).to.equal('system');
    expectWarned('crm-widget', `Unknown widget type "${type}"`);
  } else expect(w.type).to.equal(type);
  const effType = w.type;
  const eff = w.effectiveSettings;
  // Valid and stable: the repair is idempotent on what the widget uses.
  const again = sanitizeSettings(effType, eff);
  expect(again.warnings, 'warnings on the repaired settings').to.deep.equal([]);
  expect(again.settings).to.deep.equal(eff);
  // Every repair is reported (warnOnce: now or by an earlier run).
  const expected = sanitizeSettings(effType, input);
  expect(eff).to.deep.equal(expected.settings);
  for (const warning of expected.warnings) expectWarned('crm-widget', warning);
  if (meaningChanged(input, eff)) expect(expected.warnings.length, `a changed input is warned about: ${safeShow(input)} → ${JSON.stringify(eff)}`).to.be.greaterThan(0);
  // The badge names the fixed period, else the page's.
  expect($(w, '[part=badge]')?.textContent?.trim()).to.equal(periodLabel(parsePeriod(eff.period ?? w.period), 'en'));
  // Numbers (the demo source answers every question), never a broken value.
  expect(showsNumbers(w), 'the widget shows numbers').to.equal(true);
  expectCleanText(w, userStrings(eff));
}

function safeShow(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('fuzzing through the elements', function () {
  this.timeout(60_000);

  before(() => {
    console.warn = (...args: unknown[]) => {
      seen.add(args.map((a) => (typeof a === 'string' ? a : safeShow(a))).join(' '));
    };
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  after(() => {
    console.warn = originalWarn;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    clearStoredLayouts();
  });

  beforeEach(() => {
    errors = [];
  });

  afterEach(() => {
    fixtureCleanup();
    clearStoredLayouts();
  });

  /** Runs one generated case with its own fixture and error list. */
  async function run(body: () => Promise<void>): Promise<void> {
    fixtureCleanup();
    errors = [];
    try {
      await body();
    } finally {
      fixtureCleanup();
    }
  }

  describe('<crm-widget> settings', () => {
    it('the settings property: any value, any type → numbers, warned repairs, valid settings (60 runs)', async () => {
      await fc.assert(fc.asyncProperty(widgetType, anySettings, client, (type, settings, [entity, id]) => run(async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type=${type} widget-id="fuzz" entity-type=${entity} entity-id=${id}
          period="last-90-days" locale="en" time-zone="UTC" .adapter=${demo} .settings=${settings}></crm-widget>`);
        await checkWidgetSettings(w, type, settings);
      })), fcOptions(60));
    });

    it('the settings attribute: JSON or not → numbers, warned repairs, valid settings (50 runs)', async () => {
      await fc.assert(fc.asyncProperty(widgetType, settingsAttribute, (type, attr) => run(async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type=${type} widget-id="fuzz" entity-type="contact" entity-id="1"
          period="last-90-days" locale="en" time-zone="UTC" source="demo" settings=${attr}></crm-widget>`);
        await checkWidgetSettings(w, type, readSettingsAttribute(attr));
      })), fcOptions(50));
    });

    it('settings replaced on a live widget (number formulas): each repair warned, never stuck (25 runs)', async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.oneof(numberSettings, anySettings), { minLength: 2, maxLength: 4 }), (list) => run(async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type="number" widget-id="fuzz" entity-type="contact" entity-id="1"
          period="current-year" locale="en" time-zone="UTC" .adapter=${demo}></crm-widget>`);
        for (const settings of list) {
          w.settings = settings as WidgetSettings;
          await checkWidgetSettings(w, 'number', settings);
        }
      })), fcOptions(25));
    });
  });

  // Regression (found by fuzzing settings objects): a settings object with a throwing getter or a hostile proxy made
  // `sanitizeSettings` throw inside the widget's update; it now warns and uses {}.
  describe('<crm-widget> settings: hostile objects (throwing getters, proxies)', () => {
    const hostileObjects: [string, () => unknown][] = [
      ['a throwing getter', () => ({ get title(): string { throw new Error('getter'); } })],
      ['a proxy whose ownKeys throws', () => new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } })],
      ['a revoked proxy', () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }],
    ];
    for (const [name, make] of hostileObjects) {
      it(`${name}: a warning, {} settings, the widget still shows numbers`, async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type="sales-amount" entity-type="contact" entity-id="1" locale="en"
          time-zone="UTC" .adapter=${demo}></crm-widget>`);
        await widgetSettled(w);
        w.settings = make() as WidgetSettings;
        try {
          await w.updateComplete;
        } catch (e) {
          errors.push(`updateComplete rejected: ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
        await widgetSettled(w);
        expectNoErrors();
        expect(showsNumbers(w)).to.equal(true);
      });
    }
  });

  // Regression (found by fuzzing periods): a valid long period (1970–9999) grouped by day, week or month built millions
  // of buckets and froze the page; `bucketUnitFor` now caps a trend at MAX_BUCKETS (coarser units, years several a bucket).
  describe('long periods in a trend widget', () => {
    const cases: [string, WidgetSettings][] = [
      ['range:1970-01-01/9999-12-31', {}],
      ['range:1970-01-01/2999-12-31', { grouping: 'week' }],
      ['range:1970-01-01/9999-12-31', { grouping: 'day' }],
    ];
    for (const [period, settings] of cases) {
      it(`payments-trend, period="${period}", settings ${JSON.stringify(settings)}: settled within 5 s, at most MAX_BUCKETS buckets`, async () => {
        const t0 = performance.now();
        const w = await fixture<CrmWidget>(html`<crm-widget type="payments-trend" entity-type="contact" entity-id="1" locale="en"
          time-zone="UTC" period=${period} .settings=${settings} .adapter=${demo}></crm-widget>`);
        await widgetSettled(w);
        expect(performance.now() - t0).to.be.below(5000);
        expect(showsNumbers(w)).to.equal(true);
      });
    }
  });

  describe('period strings', () => {
    const label = (p: Period) => periodLabel(p, 'en');
    const parsed = (s: string): Period | undefined => {
      try {
        return parsePeriod(s);
      } catch {
        return undefined;
      }
    };
    /** The start of the period's quoted form in the parser's message (long values are cut there). */
    const quoted = (s: string) => JSON.stringify(s).slice(0, 30);

    it('<crm-widget period>: valid → its badge; invalid → a warning naming it and the default period, with numbers (50 runs)', async () => {
      await fc.assert(fc.asyncProperty(periodString, fc.constantFrom<WidgetType>('system', 'sales-amount', 'payments-trend', 'deal-conversion'), client, (period, type, [entity, id]) => run(async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type=${type} entity-type=${entity} entity-id=${id} period=${period}
          locale="en" time-zone="UTC" .adapter=${demo}></crm-widget>`);
        await widgetSettled(w);
        expectNoErrors();
        const p = parsed(period);
        if (!p) expectWarned('crm-widget', 'Invalid period', quoted(period));
        expect($(w, '[part=badge]')?.textContent?.trim()).to.equal(label(p ?? DEFAULT_PERIOD));
        expect(showsNumbers(w), 'the widget shows numbers').to.equal(true);
        expectCleanText(w);
      })), fcOptions(50));
    });

    it('<crm-period-picker value>: valid → its label; invalid → a warning naming it, the default kept (60 runs)', async () => {
      await fc.assert(fc.asyncProperty(periodString, (period) => run(async () => {
        const el = await fixture<CrmPeriodPicker>(html`<crm-period-picker value=${period} locale="en" time-zone="UTC"></crm-period-picker>`);
        await el.updateComplete;
        expectNoErrors();
        const p = parsed(period);
        // An empty value is "no value": the default, silently.
        if (!p && period.trim() !== '') expectWarned('crm-period-picker', 'Invalid period', quoted(period));
        const want = p ?? DEFAULT_PERIOD;
        expect($(el, '[part=label]')?.textContent?.trim()).to.equal(label(want));
        expect(el.period).to.deep.equal(want);
        // What the host reads back is valid and means the period shown.
        expect(parsePeriod(el.value)).to.deep.equal(want);
        expectCleanText(el);
      })), fcOptions(60));
    });

    it('<crm-period-picker value> set again and again: each valid value shown, an invalid one keeps the last valid (30 runs)', async () => {
      await fc.assert(fc.asyncProperty(fc.array(periodString, { minLength: 2, maxLength: 6 }), (values) => run(async () => {
        const el = await fixture<CrmPeriodPicker>(html`<crm-period-picker locale="en" time-zone="UTC"></crm-period-picker>`);
        let want: Period = DEFAULT_PERIOD;
        for (const v of values) {
          el.value = v;
          await el.updateComplete;
          const p = parsed(v);
          if (p) want = p;
          else if (v.trim() === '') want = DEFAULT_PERIOD;
          else expectWarned('crm-period-picker', 'Invalid period', quoted(v));
          expect($(el, '[part=label]')?.textContent?.trim(), `after ${JSON.stringify(v)}`).to.equal(label(want));
          expect(parsePeriod(el.value)).to.deep.equal(want);
        }
        expectNoErrors();
        expectCleanText(el);
      })), fcOptions(30));
    });

    /** Any JS value a host script may assign to a `period` / `value` property (not only strings). */
    const periodValue: fc.Arbitrary<unknown> = fc.oneof(
      periodString,
      // (Null-prototype objects and symbols have their own regression tests below.)
      fc.anything({ maxDepth: 1, withBoxedValues: true, withBigInt: true, withDate: true }),
      fc.constantFrom<unknown>(null, undefined, NaN, Infinity, 0, 202603, true, DEFAULT_PERIOD, { kind: 'month', year: 2026, month: 3 }, ['month:2026-03'], new String('month:2026-03')),
    );

    it('period properties set to any JS value: no exception, a valid period shown (picker and widget, 30 runs)', async () => {
      await fc.assert(fc.asyncProperty(periodValue, (value) => run(async () => {
        const wrap = await fixture<HTMLDivElement>(html`<div>
          <crm-period-picker locale="en" time-zone="UTC"></crm-period-picker>
          <crm-widget type="system" entity-type="contact" entity-id="1" locale="en" time-zone="UTC" .adapter=${demo}></crm-widget>
        </div>`);
        const picker = wrap.querySelector<CrmPeriodPicker>('crm-period-picker')!;
        const w = wrap.querySelector<CrmWidget>('crm-widget')!;
        await widgetSettled(w);
        (picker as Any).value = value;
        (w as Any).period = value;
        await picker.updateComplete;
        await widgetSettled(w);
        expectNoErrors();
        const p = typeof value === 'string' ? parsed(value) : undefined;
        expect($(picker, '[part=label]')?.textContent?.trim()).to.equal(label(p ?? DEFAULT_PERIOD));
        expect($(w, '[part=badge]')?.textContent?.trim()).to.equal(label(p ?? DEFAULT_PERIOD));
        expect(showsNumbers(w)).to.equal(true);
        expectCleanText(wrap);
      })), fcOptions(30));
    });

    // Regression (found by the property above; only a script can assign these): a Symbol or a null-prototype object as
    // a period made String() or a template literal throw in the elements' update (the widget's context key, the picker's
    // value, the profile's reflected attribute); src/core/text.ts `safeString` now reads any value.
    const exotic: [string, () => unknown][] = [['a null-prototype object', () => Object.create(null) as unknown], ['a Symbol', () => Symbol('p')]];
    for (const [name, make] of exotic) {
      for (const tag of ['crm-period-picker', 'crm-widget', 'crm-profile'] as const) {
        if (tag === 'crm-period-picker' && name === 'a Symbol') continue; // the picker copes with a Symbol
        it(`<${tag}> ${tag === 'crm-period-picker' ? 'value' : 'period'} = ${name}: no exception, the default period`, async () => {
          const el = await fixture<HTMLElement & { updateComplete: Promise<unknown> }>(tag === 'crm-period-picker'
            ? html`<crm-period-picker locale="en" time-zone="UTC"></crm-period-picker>`
            : tag === 'crm-widget'
              ? html`<crm-widget type="system" entity-type="contact" entity-id="1" locale="en" time-zone="UTC" .adapter=${demo}></crm-widget>`
              : html`<crm-profile entity-type="contact" entity-id="1" locale="en" time-zone="UTC" layout="system" .adapter=${demo} storage-key=${storageKey()}></crm-profile>`);
          await el.updateComplete;
          (el as Any)[tag === 'crm-period-picker' ? 'value' : 'period'] = make();
          try {
            await el.updateComplete;
          } catch (e) {
            errors.push(`updateComplete rejected: ${(e as Error).message}`);
          }
          await new Promise((r) => setTimeout(r, 100));
          expectNoErrors();
        });
      }
    }

    it('<crm-profile period>: valid → picker and widget show it; invalid → a warning and the default (20 runs)', async () => {
      await fc.assert(fc.asyncProperty(periodString, (period) => run(async () => {
        const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period=${period}
          locale="en" time-zone="UTC" layout="system" storage-key=${storageKey()}></crm-profile>`);
        await profileSettled(el);
        expectNoErrors();
        const p = parsed(period);
        if (!p) expectWarned('crm-profile', 'Invalid period', quoted(period));
        const want = label(p ?? DEFAULT_PERIOD);
        const picker = $<CrmPeriodPicker>(el, 'crm-period-picker')!;
        await picker.updateComplete;
        expect($(picker, '[part=label]')?.textContent?.trim()).to.equal(want);
        const [w] = widgetsOf(el);
        expect($(w!, '[part=badge]')?.textContent?.trim()).to.equal(want);
        expect(showsNumbers(w!), 'the widget shows numbers').to.equal(true);
        expectCleanText(el);
      })), fcOptions(20));
    });

    it('<crm-profile period> set again and again: valid ones shown, an invalid one keeps the last valid (10 runs)', async () => {
      await fc.assert(fc.asyncProperty(fc.array(periodString, { minLength: 2, maxLength: 4 }), (values) => run(async () => {
        const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1"
          locale="en" time-zone="UTC" layout="system" storage-key=${storageKey()}></crm-profile>`);
        await profileSettled(el);
        let want: Period = DEFAULT_PERIOD;
        for (const v of values) {
          el.period = v;
          await profileSettled(el);
          const p = parsed(v);
          if (p) want = p;
          else expectWarned('crm-profile', 'Invalid period', quoted(v));
          const picker = $<CrmPeriodPicker>(el, 'crm-period-picker')!;
          await picker.updateComplete;
          expect($(picker, '[part=label]')?.textContent?.trim(), `after ${JSON.stringify(v)}`).to.equal(label(want));
          expect($(widgetsOf(el)[0]!, '[part=badge]')?.textContent?.trim()).to.equal(label(want));
        }
        expectNoErrors();
        expectCleanText(el);
      })), fcOptions(10));
    });
  });

  describe('money strings', () => {
    /** The demo source's currencies (it has rates for these). */
    const DEMO_CURRENCIES = ['EUR', 'USD', 'GBP', 'RUB', 'JPY', 'KWD'];
    const currency: fc.Arbitrary<string> = fc.oneof(
      anyOf(DEMO_CURRENCIES),
      anyOf(DEMO_CURRENCIES).map((c) => c.toLowerCase()),
      anyOf(Intl.supportedValuesOf('currency')),
      fc.stringMatching(/^[A-Za-z]{2,4}$/),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('€', 'EURO', 'eur ', ' USD', 'US$', 'XXX', 'XTS', 'BTC', 'NaN', 'null', 'undefined', 'Infinity', '0', 'e', 'E\u0301UR'),
    );
    /** The currency's sign as `Intl` writes it in English (what the won value must show). */
    const sign = (code: string) => new Intl.NumberFormat('en', { style: 'currency', currency: code }).formatToParts(0).find((x) => x.type === 'currency')!.value;

    it('<crm-widget currency>: known → amounts in it (when the source has a rate), unknown → a warning and the base currency (50 runs)', async () => {
      await fc.assert(fc.asyncProperty(currency, fc.constantFrom<WidgetType>('system', 'sales-amount', 'invoice-amounts'), (code, type) => run(async () => {
        const w = await fixture<CrmWidget>(html`<crm-widget type=${type} entity-type="contact" entity-id="1" period="all-time"
          locale="en" time-zone="UTC" currency=${code} .adapter=${demo}></crm-widget>`);
        await widgetSettled(w);
        expectNoErrors();
        expect(isSettled(w)).to.equal(true);
        const known = code !== '' && isKnownCurrency(code);
        if (code && !known) expectWarned('crm-widget', `Unknown currency "${code}"`);
        if (known) expect(warnedBy('crm-widget', `Unknown currency "${code}"`), 'no warning for a known code').to.equal(false);
        const shown = known ? code.toUpperCase() : 'EUR';
        const first = $(w, '[data-figure] .value')?.textContent ?? '';
        // With a rate the amount is in that currency; a known code without a rate is a clear "—" (no NaN).
        if (DEMO_CURRENCIES.includes(shown)) expect(first, `the first amount in ${shown}`).to.include(sign(shown));
        expect(showsNumbers(w) || !!$(w, '.body .error'), 'numbers or a clear message').to.equal(true);
        expectCleanText(w);
      })), fcOptions(50));
    });

    it('<crm-profile currency>: the same rule for the whole tab (15 runs)', async () => {
      await fc.assert(fc.asyncProperty(currency, (code) => run(async () => {
        const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period="all-time"
          locale="en" time-zone="UTC" currency=${code} layout="system, sales-amount" storage-key=${storageKey()}></crm-profile>`);
        await profileSettled(el);
        expectNoErrors();
        const known = code !== '' && isKnownCurrency(code);
        if (code && !known) expectWarned('crm-profile', `Unknown currency "${code}"`);
        const shown = known ? code.toUpperCase() : 'EUR';
        const [w] = widgetsOf(el);
        if (DEMO_CURRENCIES.includes(shown)) expect($(w!, '[data-figure] .value')?.textContent ?? '').to.include(sign(shown));
        expectCleanText(el);
      })), fcOptions(15));
    });

    /** Load targets the profile can use: a finite number above 0 (activities per deal). */
    const usableTarget = (t: string) => Number.isFinite(Number(t)) && Number(t) > 0 && Number(t) <= 10_000 && t.trim() !== '';
    const loadTarget: fc.Arbitrary<string> = fc.oneof(
      fc.double({ min: 0.01, max: 1000, noNaN: true }).map(String),
      fc.constantFrom('2', '2.5', ' 3 ', '0x10', '1e2'),
      fc.double().map(String),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('abc', '', '0', '-5', 'NaN', '1e400', '1e308', 'Infinity', '-Infinity', '3 per deal', '3,5', '٣'),
    );

    it('<crm-profile load-target>: whatever the attribute, the load bar shows no NaN/Infinity and stays a valid meter (30 runs)', async () => {
      await fc.assert(fc.asyncProperty(loadTarget, (target) => run(async () => {
        const el = await mountLoadTarget(target);
        expectNoErrors();
        const meter = $(el, '[role=meter]');
        expect(meter, 'the load bar').to.not.equal(null);
        for (const a of ['aria-valuemax', 'aria-valuenow']) expect(Number.isFinite(Number(meter!.getAttribute(a))), `${a}=${meter!.getAttribute(a)}`).to.equal(true);
        expect($(el, '.load')!.textContent, 'no ∞ target').to.not.include('∞');
        if (usableTarget(target)) expect($(el, '.load')!.textContent ?? '', 'the manual target shown').to.include(formatNumber(Number(target), 'en', 2));
        expectCleanText(el);
      })), fcOptions(30));
    });

    async function mountLoadTarget(target: string): Promise<CrmProfile> {
      const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period="all-time"
        locale="en" time-zone="UTC" load-target=${target} layout="system" storage-key=${storageKey()}></crm-profile>`);
      await profileSettled(el);
      return el;
    }

    // Regressions (found by the property above): a non-finite or absurd load-target showed "Target: ∞" and
    // aria-valuemax="Infinity", and an unusable one ("abc", "0", "-5") was dropped without a warning.
    for (const target of ['Infinity', '1e400', '1e308']) {
      it(`load-target="${target}": no ∞ target, a finite aria-valuemax, a warning`, async () => {
        const el = await mountLoadTarget(target);
        const meter = $(el, '[role=meter]')!;
        expect(meter.getAttribute('aria-valuemax')).to.not.equal('Infinity');
        expect($(el, '.load')!.textContent).to.not.include('∞');
        expectWarned('crm-profile', 'load-target');
      });
    }

    for (const target of ['abc', '0', '-5', '3,5']) {
      it(`load-target="${target}" is refused with a warning naming it`, async () => {
        await mountLoadTarget(target);
        expectWarned('crm-profile', 'load-target', target);
      });
    }
  });

  describe('<crm-profile layout>', () => {
    const typeWord = fc.oneof({ weight: 4, arbitrary: anyOf(WIDGET_TYPES) }, { weight: 1, arbitrary: fc.constantFrom('chart', 'System', 'numbers', 'x', '-') });
    const item = fc.oneof(
      typeWord,
      fc.record({ id: fc.oneof(fc.constantFrom('w1', 'w2', 'a'), hostileValue), type: fc.oneof(typeWord, hostileValue), settings: anySettings }, { requiredKeys: ['type'] }),
      hostileValue,
    );
    const layoutAttr: fc.Arbitrary<string> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ version: fc.oneof(fc.constantFrom(0, 1, 2, '1'), hostileValue), items: fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 6 }) }, { weight: 1, arbitrary: hostileValue }) }, { requiredKeys: ['items'] }).map((l) => safeJson(l)) },
      { weight: 2, arbitrary: fc.array(item, { maxLength: 6 }).map((l) => safeJson(l)) },
      { weight: 2, arbitrary: fc.array(typeWord, { minLength: 1, maxLength: 6 }).chain((ts) => fc.constantFrom(', ', ',', ' , ').map((sep) => ts.join(sep))) },
      { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom('{', '[', 'system;number', 'load-by-channel,,deal-conversion', '[{"type":"number","settings":{"metrics":["won-value","deal-count"],"op":"percentage"}}]') },
    );

    it('any layout property value (NaN, Infinity, objects) → the same guarantees (25 runs)', async () => {
      const value = fc.oneof(
        fc.record({ version: fc.oneof(fc.constantFrom(1, NaN, Infinity, -1), hostileValue), items: fc.array(fc.oneof(item, fc.record({ id: fc.oneof(fc.double(), fc.constant(NaN)), type: typeWord, settings: anySettings })), { maxLength: 5 }) }),
        fc.array(item, { maxLength: 5 }),
        fc.anything({ maxDepth: 2, withBoxedValues: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
      );
      await fc.assert(fc.asyncProperty(value, (layout) => run(async () => {
        const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period="last-90-days"
          locale="en" time-zone="UTC" .layout=${layout as Layout} storage-key=${storageKey()}></crm-profile>`);
        await profileSettled(el);
        expectNoErrors();
        const ws = widgetsOf(el);
        expect(ws[0]!.type).to.equal('system');
        expect(ws.filter((w) => w.type === 'system').length).to.equal(1);
        expect(normalizeLayout(el.layout).warnings).to.deep.equal([]);
        if (layout !== undefined) {
          const expected = normalizeLayout(layout);
          expect(el.layout).to.deep.equal(expected.layout);
          for (const w of expected.warnings) expectWarned('crm-profile', w);
        }
        for (const w of ws) expect(showsNumbers(w), `<crm-widget type=${w.type}> shows numbers`).to.equal(true);
        expectCleanText(el, el.layout.items.flatMap((i) => userStrings(i.settings)));
      })), fcOptions(25));
    });

    it('any layout attribute → at least the system widget, first and once; repairs warned; the layout read back is normal (25 runs)', async () => {
      await fc.assert(fc.asyncProperty(layoutAttr, (attr) => run(async () => {
        const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period="last-90-days"
          locale="en" time-zone="UTC" layout=${attr} storage-key=${storageKey()}></crm-profile>`);
        await profileSettled(el);
        expectNoErrors();
        const ws = widgetsOf(el);
        expect(ws.length).to.be.greaterThan(0);
        expect(ws[0]!.type).to.equal('system');
        expect(ws.filter((w) => w.type === 'system').length).to.equal(1);
        const layout: Layout = el.layout;
        expect(ws.map((w) => w.type)).to.deep.equal(layout.items.map((i) => i.type));
        const again = normalizeLayout(layout);
        expect(again.warnings).to.deep.equal([]);
        expect(again.layout).to.deep.equal(layout);
        const given = layoutFromAttribute(attr);
        if (given !== undefined) {
          const expected = normalizeLayout(given);
          expect(layout).to.deep.equal(expected.layout);
          for (const w of expected.warnings) expectWarned('crm-profile', w);
        }
        for (const w of ws) expect(showsNumbers(w), `<crm-widget type=${w.type}> shows numbers`).to.equal(true);
        expectCleanText(el, layout.items.flatMap((i) => userStrings(i.settings)));
      })), fcOptions(25));
    });
  });

  describe('repaired states are accessible', () => {
    it('a widget with hostile settings and an unknown type', async () => {
      const w = await fixture<CrmWidget>(html`<crm-widget type="chart" entity-type="contact" entity-id="1" period="nope"
        locale="en" time-zone="UTC" currency="euro" .adapter=${demo} .settings=${{ title: 42, color: '#f00', period: 'month:2026-13', junk: {} }}></crm-widget>`);
      await widgetSettled(w);
      expect(w.type).to.equal('system');
      await expect(w).to.be.accessible();
    });

    it('a custom number whose formula was repaired', async () => {
      const w = await fixture<CrmWidget>(html`<crm-widget type="number" entity-type="contact" entity-id="1" locale="en" time-zone="UTC"
        .adapter=${demo} settings='{"metrics":["won-value","conversion","nope","won-value"],"op":"sum","channels":["call"],"title":"  "}'></crm-widget>`);
      await widgetSettled(w);
      expect(w.effectiveSettings.op).to.equal('none');
      await expect(w).to.be.accessible();
    });

    it('a period picker that refused its value', async () => {
      const el = await fixture<CrmPeriodPicker>(html`<crm-period-picker value="2026-01-01..2026-02-01" locale="en"></crm-period-picker>`);
      expect(el.period).to.deep.equal(DEFAULT_PERIOD);
      await expect(el).to.be.accessible();
    });

    it('a profile whose layout and period were repaired', async () => {
      const el = await fixture<CrmProfile>(html`<crm-profile .adapter=${demo} entity-type="contact" entity-id="1" period="month:2026-3"
        locale="en" time-zone="UTC" currency="$" layout='[{"type":"number","settings":{"op":"difference"}},"chart",{"type":"system","settings":{"title":"x"}}]'
        storage-key=${storageKey()}></crm-profile>`);
      await profileSettled(el);
      expect(el.layout.items.map((i) => i.type)).to.deep.equal(['system', 'number']);
      await expect(el).to.be.accessible();
    });
  });
});

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '{"version":1,"items":[';
  }
}
