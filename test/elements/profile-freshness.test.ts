/**
 * <crm-profile> freshness: the "as of" stamp says when the data shown was read from the source,
 * answers are cached for `cache-ttl` (switching back to a period already seen asks nothing), the
 * Refresh button drops the cache, and `refresh-interval` refreshes on a timer that pauses while the
 * tab is hidden. Time is the profile's injectable `clock` (fake timers, no sleeping).
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/elements/profile/define.js';
import '../../src/elements/widget/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { cachedAdapter } from '../../src/adapters/cache.js';
import { MIN_REFRESH_S, timers } from '../../src/elements/profile/refresh.js';
import { clock } from '../../src/elements/profile/clock.js';
import { freshnessChunks } from '../../src/elements/profile/freshness.js';
import { formatDate } from '../../src/i18n/index.js';
import { $, $$, isSettled, profileSettled, shown } from './widget-helpers.js';
import { CountingAdapter, fakeClock } from '../adapters/counting-adapter.js';
import { chunkLoader, type ChunkLoader } from '../helpers/chunks.js';

const realClock = { ...clock };
const realTimers = { ...timers };
let fake: ReturnType<typeof fakeClock>;
let keys = 0;

interface Mount {
  source: CrmAdapter;
  period?: string;
  refresh?: string;
  ttl?: string;
}

/** The system widget and two others, on contact 1, in UTC. */
async function mount(m: Mount): Promise<CrmProfile> {
  const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period=${m.period ?? 'last-30-days'} locale="en"
    time-zone="UTC" storage-key=${`freshness-${Date.now()}-${++keys}`} layout="sales-amount, deal-conversion" editable
    refresh-interval=${ifDefined(m.refresh)} cache-ttl=${ifDefined(m.ttl)} .adapter=${m.source}></crm-profile>`);
  await ready(p);
  return p;
}

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');

/** Header and every widget settled, twice in a row. */
const ready = (p: CrmProfile): Promise<void> => profileSettled(p);

/** Every number shown, widget by widget, and the header's load. */
const numbers = (p: CrmProfile) => [$(p, '.load-value strong')?.textContent, ...widgetsOf(p).map((w) => shown(w).map((f) => f.text).join(' | '))];
const stamp = (p: CrmProfile) => $(p, '.asof')?.textContent ?? null;
const refreshButton = (p: CrmProfile) => $$<HTMLButtonElement>(p, '.toolbar button').find((b) => b.textContent!.includes('Refresh'))!;

/** The stamp's text for data read at `t` (UTC): the time, with the date when not today. */
function expectedStamp(t: number): string {
  const time = formatDate(t, 'en', 'UTC') === formatDate(Date.now(), 'en', 'UTC')
    ? new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: 'UTC' }).format(t) : formatDate(t, 'en', 'UTC', true);
  return `As of ${time}`;
}

async function setPeriod(p: CrmProfile, period: string): Promise<void> {
  p.period = period;
  await p.updateComplete;
  await ready(p);
}

/** Lets anything a timer started run, then checks nothing more reached the source. */
async function quiet(p: CrmProfile): Promise<void> {
  await aTimeout(30);
  await ready(p);
}

function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

function captureWarnings(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '));
  return { messages, restore: () => void (console.warn = original) };
}

describe('<crm-profile> freshness', () => {
  beforeEach(() => {
    // A whole minute, so that "as of" times a minute apart read differently.
    fake = fakeClock(Math.floor(Date.now() / 60_000) * 60_000);
    clock.now = fake.now;
    Object.assign(timers, { setTimeout: fake.setTimeout, clearTimeout: fake.clearTimeout });
  });

  afterEach(() => {
    Object.assign(clock, realClock);
    Object.assign(timers, realTimers);
    Reflect.deleteProperty(document, 'visibilityState');
  });

  describe('the "as of" stamp and the cache', () => {
    it('says when the data shown was read (A read at t0, B at t0 + 2 min, back to A: t0 again, from the cache)', async () => {
      const source = new CountingAdapter();
      const t0 = fake.now();
      const p = await mount({ source });
      expect(stamp(p)).to.equal(expectedStamp(t0));
      const a = numbers(p);
      fake.advance(2 * 60_000);
      // (A period sharing no query with A: last-90-days would share "open deals created before the end of P", read at t0.)
      await setPeriod(p, 'year:2025');
      expect(stamp(p)).to.equal(expectedStamp(t0 + 2 * 60_000));
      const calls = source.total;
      fake.advance(60_000);
      await setPeriod(p, 'last-30-days');
      expect(source.total, 'A again within the TTL: no call').to.equal(calls);
      expect(numbers(p)).to.deep.equal(a);
      expect(stamp(p), 'A was read at t0, not now').to.equal(expectedStamp(t0));
      // Refresh reads everything again: the stamp is now.
      refreshButton(p).click();
      await p.updateComplete;
      await ready(p);
      expect(source.total).to.be.greaterThan(calls);
      expect(source.invalidated).to.equal(1);
      expect(stamp(p)).to.equal(expectedStamp(t0 + 3 * 60_000));
      expect(numbers(p)).to.deep.equal(a);
    });

    it('shows the date too when the data was not read today', async () => {
      fake.advance(-2 * 86_400_000);
      const p = await mount({ source: new CountingAdapter() });
      expect(stamp(p)).to.equal(`As of ${formatDate(fake.now(), 'en', 'UTC', true)}`);
    });

    it('after the TTL (5 minutes by default) a period is read again', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source });
      await setPeriod(p, 'last-90-days');
      const calls = source.total;
      await setPeriod(p, 'last-30-days');
      expect(source.total).to.equal(calls);
      fake.advance(5 * 60_000);
      await setPeriod(p, 'last-90-days');
      expect(source.total).to.be.greaterThan(calls);
      expect(stamp(p)).to.equal(expectedStamp(fake.now()));
    });

    it('cache-ttl sets the TTL in seconds; 0 turns the cache off', async () => {
      const short = new CountingAdapter();
      const p = await mount({ source: short, ttl: '60' });
      await setPeriod(p, 'last-90-days');
      let calls = short.total;
      fake.advance(59_000);
      await setPeriod(p, 'last-30-days');
      expect(short.total).to.equal(calls);
      fake.advance(1_000);
      await setPeriod(p, 'last-90-days');
      expect(short.total).to.be.greaterThan(calls);

      const off = new CountingAdapter();
      const q = await mount({ source: off, ttl: '0' });
      calls = off.total;
      await setPeriod(q, 'last-90-days');
      const b = off.total - calls;
      await setPeriod(q, 'last-30-days');
      expect(off.total, 'A is read again').to.be.greaterThan(calls + b);
    });

    it('an unreadable cache-ttl: one warning, the default TTL', async () => {
      const warnings = captureWarnings();
      try {
        const source = new CountingAdapter();
        const p = await mount({ source, ttl: 'soon' });
        await setPeriod(p, 'last-90-days');
        const calls = source.total;
        await setPeriod(p, 'last-30-days');
        expect(source.total).to.equal(calls);
        expect(warnings.messages.filter((m) => m.includes('cache-ttl'))).to.deep.equal([
          '<crm-profile>: cache-ttl="soon" is not a number of seconds (0 turns the cache off); keeping results for 300 s.',
        ]);
      } finally {
        warnings.restore();
      }
    });

    it('a standalone widget can use the same cache (adapter property)', async () => {
      const source = new CountingAdapter();
      const w = await fixture<CrmWidget>(html`<crm-widget type="sales-amount" entity-type="contact" entity-id="1" period="last-30-days"
        locale="en" time-zone="UTC" .adapter=${cachedAdapter(source)}></crm-widget>`);
      const settle = async () => {
        await w.updateComplete;
        await waitUntil(() => isSettled(w), 'the widget did not load');
      };
      await settle();
      const a = shown(w).map((f) => f.text);
      w.period = 'last-90-days';
      await settle();
      const calls = source.total;
      w.period = 'last-30-days';
      await settle();
      expect(source.total).to.equal(calls);
      expect(shown(w).map((f) => f.text)).to.deep.equal(a);
    });
  });

  describe('refresh-interval', () => {
    it('refreshes every interval like the Refresh button, and not before', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source, refresh: '60' });
      const reads = source.calls.getClient;
      fake.advance(59_999);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads);
      fake.advance(1);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      expect(source.invalidated).to.equal(1);
      expect(stamp(p)).to.equal(expectedStamp(fake.now()));
      fake.advance(60_000);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 2);
    });

    it('the Refresh button starts the interval over', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source, refresh: '60' });
      const reads = source.calls.getClient;
      fake.advance(40_000);
      refreshButton(p).click();
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      fake.advance(59_000);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      fake.advance(1_000);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 2);
    });

    it('pauses while the tab is hidden; on return it refreshes at once when an interval has passed', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source, refresh: '60' });
      const reads = source.calls.getClient;
      fake.advance(30_000);
      setVisibility('hidden');
      expect(fake.pending, 'no timer while hidden').to.equal(0);
      fake.advance(5 * 60_000);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads);
      setVisibility('visible');
      await quiet(p);
      expect(source.calls.getClient, 'refreshed on return').to.equal(reads + 1);
      expect(stamp(p)).to.equal(expectedStamp(fake.now()));
      // Hidden and back within the interval: no refresh on return, the next one when the interval ends.
      fake.advance(20_000);
      setVisibility('hidden');
      fake.advance(10_000);
      setVisibility('visible');
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      fake.advance(29_999);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      fake.advance(1);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 2);
    });

    it('stops when the profile leaves the document, starts again when it comes back', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source, refresh: '60' });
      const parent = p.parentElement!;
      const reads = source.calls.getClient;
      p.remove();
      expect(fake.pending).to.equal(0);
      fake.advance(10 * 60_000);
      setVisibility('visible');
      await aTimeout(30);
      expect(source.calls.getClient).to.equal(reads);
      parent.append(p);
      await p.updateComplete;
      expect(fake.pending).to.equal(1);
    });

    it('without the attribute nothing runs; setting it later starts it, removing it stops it', async () => {
      const source = new CountingAdapter();
      const p = await mount({ source });
      expect(fake.pending).to.equal(0);
      p.setAttribute('refresh-interval', '90');
      await p.updateComplete;
      expect(fake.pending).to.equal(1);
      const reads = source.calls.getClient;
      fake.advance(90_000);
      await quiet(p);
      expect(source.calls.getClient).to.equal(reads + 1);
      p.removeAttribute('refresh-interval');
      await p.updateComplete;
      expect(fake.pending).to.equal(0);
    });

    describe('its chunk (./refresh.ts, loaded only for a profile with the attribute)', () => {
      let chunk: ChunkLoader;
      beforeEach(() => {
        chunk = chunkLoader(freshnessChunks, 'refresh');
        chunk.hold();
      });
      afterEach(() => {
        chunk.restore();
      });

      it('without the attribute it is not asked for', async () => {
        const p = await mount({ source: new CountingAdapter() });
        p.setAttribute('refresh-interval', '');
        await p.updateComplete;
        expect(chunk.loads).to.equal(0);
        expect(fake.pending).to.equal(0);
      });

      it('an interval set, then changed, before the chunk arrives: the last one holds (one timer), and updateComplete waits for it', async () => {
        const source = new CountingAdapter();
        const p = await mount({ source });
        p.setAttribute('refresh-interval', '45');
        await aTimeout(10);
        p.setAttribute('refresh-interval', '90');
        await aTimeout(10);
        expect(chunk.loads, 'each value asks for the chunk').to.equal(2);
        expect(fake.pending, 'no timer before the chunk').to.equal(0);
        let settled = false;
        const done = p.updateComplete.then(() => (settled = true));
        await aTimeout(10);
        expect(settled, 'updateComplete waits for the chunk').to.equal(false);
        chunk.release();
        await done;
        expect(fake.pending).to.equal(1);
        const reads = source.calls.getClient;
        fake.advance(45_000);
        await quiet(p);
        expect(source.calls.getClient, 'not the first value').to.equal(reads);
        fake.advance(45_000);
        await quiet(p);
        expect(source.calls.getClient).to.equal(reads + 1);
        expect(fake.pending).to.equal(1);
      });

      it('an interval set, then removed, before the chunk arrives: no timer', async () => {
        const source = new CountingAdapter();
        const p = await mount({ source });
        p.setAttribute('refresh-interval', '60');
        await aTimeout(10);
        p.removeAttribute('refresh-interval');
        chunk.release();
        await p.updateComplete;
        await aTimeout(10);
        expect(fake.pending).to.equal(0);
        const reads = source.calls.getClient;
        fake.advance(10 * 60_000);
        await quiet(p);
        expect(source.calls.getClient).to.equal(reads);
      });

      it('a chunk that does not load: the numbers stay, no exception; the next update asks again and the timer starts', async () => {
        chunk.fail();
        const rejections: unknown[] = [];
        const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
        window.addEventListener('unhandledrejection', onRejection);
        try {
          const source = new CountingAdapter();
          const p = await mount({ source, refresh: '60' });
          expect(chunk.loads, 'asked for at each update until it loads').to.be.greaterThan(0);
          expect(fake.pending).to.equal(0);
          expect(numbers(p).every((n) => !!n)).to.equal(true);
          chunk.succeed();
          p.period = 'last-7-days';
          await p.updateComplete;
          await ready(p);
          expect(fake.pending).to.equal(1);
          await aTimeout(20);
          expect(rejections).to.deep.equal([]);
        } finally {
          window.removeEventListener('unhandledrejection', onRejection);
        }
      });
    });

    it('too small or unreadable: a clear warning and the 30 s minimum', async () => {
      const warnings = captureWarnings();
      try {
        for (const [value, why] of [['5', 'is below the minimum of 30 s'], ['every minute', 'is not a number of seconds'], ['-60', 'is not a number of seconds'], ['Infinity', 'is not a number of seconds']] as const) {
          const source = new CountingAdapter();
          const p = await mount({ source, refresh: value });
          const reads = source.calls.getClient;
          fake.advance(MIN_REFRESH_S * 1000 - 1);
          await quiet(p);
          expect(source.calls.getClient).to.equal(reads);
          fake.advance(1);
          await quiet(p);
          expect(source.calls.getClient, value).to.equal(reads + 1);
          expect(warnings.messages).to.include(`<crm-profile>: refresh-interval="${value}" ${why}; refreshing every 30 s.`);
          p.remove();
        }
      } finally {
        warnings.restore();
      }
    });
  });
});
