/**
 * <crm-profile offline-snapshot>: the last data read per client is kept in IndexedDB; when the
 * source cannot be reached the profile shows it read-only under an "Offline" banner (every view,
 * never beside live numbers), until a Retry reads live data again. IndexedDB failures are warnings.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { clock } from '../../src/elements/profile/clock.js';
import { freshnessChunks } from '../../src/elements/profile/freshness.js';
import {
  closeSnapshots, DB_NAME, firstSnapshot, getSnapshot, putSnapshots, snapshotsWritten, STORE,
} from '../../src/adapters/snapshots.js';
import { formatDate } from '../../src/i18n/index.js';
import { $, $$, has, profileSettled, shown } from './widget-helpers.js';
import { CountingAdapter, fakeClock } from '../adapters/counting-adapter.js';
import { chunkLoader } from '../helpers/chunks.js';

const realClock = { ...clock };
let keys = 0;
const NO_COPY = 'Could not load the data: The data source cannot be reached and this data has no offline copy.';

async function mount(source: CrmAdapter, { snapshot = true, locale = 'en' } = {}): Promise<CrmProfile> {
  const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="last-30-days" locale=${locale}
    time-zone="UTC" storage-key=${`offline-${Date.now()}-${++keys}`} layout="sales-amount, invoice-amounts" editable
    ?offline-snapshot=${snapshot} .adapter=${source}></crm-profile>`);
  await ready(p);
  return p;
}

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');

/** Header and every widget settled, twice in a row. */
const ready = (p: CrmProfile): Promise<void> => profileSettled(p);

/** What the profile shows: the client's name, the header's load and every number, widget by widget. */
const seen = (p: CrmProfile) => [
  $(p, '.client h2')?.textContent, $(p, '.load-value strong')?.textContent, ...widgetsOf(p).map((w) => shown(w).map((f) => f.text).join(' | ')),
];
const banner = (p: CrmProfile) => $(p, '.offline[role="status"]');
const bannerText = (p: CrmProfile) => banner(p)?.querySelector('span')?.textContent ?? null;
const toolbarButton = (p: CrmProfile, text: string) => $$<HTMLButtonElement>(p, '.toolbar button').find((b) => b.textContent!.includes(text)) ?? null;
const widgetErrors = (p: CrmProfile) => widgetsOf(p).map((w) => $(w, '.error[role="alert"] p')?.textContent ?? null);

async function click(p: CrmProfile, button: HTMLButtonElement | null): Promise<void> {
  expect(button, 'the button is there').not.to.equal(null);
  button!.click();
  await p.updateComplete;
}

/** Loads live once and waits until what was read is saved. */
async function liveThenSaved(source: CountingAdapter, options?: { locale?: string }): Promise<CrmProfile> {
  const p = await mount(source, options);
  await waitUntil(async () => (await firstSnapshot(`${source.label}|contact:1|`)) !== undefined, 'nothing was saved');
  await aTimeout(20);
  await snapshotsWritten();
  return p;
}

/** Collects console warnings and unhandled rejections while `run` runs. */
async function watching(run: (warnings: string[]) => Promise<void>): Promise<void> {
  const warnings: string[] = [];
  const rejections: unknown[] = [];
  const original = console.warn;
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await run(warnings);
    await aTimeout(20);
    expect(rejections, 'no exception escapes').to.deep.equal([]);
  } finally {
    console.warn = original;
    window.removeEventListener('unhandledrejection', onRejection);
  }
}

describe('<crm-profile offline-snapshot>', () => {
  let t0: number;

  before(async () => {
    await closeSnapshots();
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(DB_NAME);
      req.onsuccess = req.onerror = req.onblocked = resolve;
    });
  });

  beforeEach(() => {
    const fake = fakeClock(Date.UTC(2026, 10, 26, 9, 41));
    t0 = fake.now();
    clock.now = fake.now;
  });

  afterEach(() => {
    Object.assign(clock, realClock);
  });

  it('source down: the saved copy, read-only, under a banner; Retry while still down keeps it; back up: live again, banner gone', async () => {
    const source = new CountingAdapter();
    const p = await liveThenSaved(source);
    const live = seen(p);
    expect(live.every((x) => x && !x.includes('—'))).to.equal(true);
    expect(banner(p)).to.equal(null);
    expect(toolbarButton(p, 'Edit layout')).not.to.equal(null);

    source.failing = 'network';
    await click(p, toolbarButton(p, 'Refresh'));
    await waitUntil(() => banner(p), 'no offline banner');
    await ready(p);
    expect(bannerText(p)).to.equal(`Offline — data from ${formatDate(t0, 'en', 'UTC', true)}`);
    expect(bannerText(p)).to.equal('Offline — data from Nov 26, 2026, 9:41 AM');
    // Every number is the saved one, although every call to the source fails.
    expect(seen(p)).to.deep.equal(live);
    expect(widgetErrors(p)).to.deep.equal([null, null, null]);
    expect($(p, '.asof')!.textContent).to.equal('As of Nov 26, 2026, 9:41 AM');
    // Read-only: no layout editing, no widget menus.
    expect(toolbarButton(p, 'Edit layout')).to.equal(null);
    expect(has(p, '.add-button')).to.equal(false);
    expect(widgetsOf(p).filter((w) => has(w, '.menu-button'))).to.deep.equal([]);
    await expect(p).to.be.accessible();

    // Retry while the source is still down: asked again, still offline, still the saved numbers.
    const calls = source.total;
    await click(p, banner(p)!.querySelector('button'));
    await aTimeout(30);
    await ready(p);
    expect(source.total).to.be.greaterThan(calls);
    expect(banner(p)).not.to.equal(null);
    expect(seen(p)).to.deep.equal(live);

    source.failing = false;
    const retry = banner(p)!.querySelector('button')!;
    retry.focus();
    await click(p, retry);
    await waitUntil(() => !banner(p), 'the banner stayed');
    await ready(p);
    expect(seen(p)).to.deep.equal(live);
    // The focus was on Retry, which is gone: it moves to Refresh.
    expect(p.shadowRoot!.activeElement === toolbarButton(p, 'Refresh'), 'focus on Refresh').to.equal(true);
    expect(widgetErrors(p)).to.deep.equal([null, null, null]);
    expect(toolbarButton(p, 'Edit layout')).not.to.equal(null);
    expect(widgetsOf(p).filter((w) => has(w, '.menu-button'))).to.have.length(2);
  });

  it('offline, a period never read shows the usual error in the views without a copy; the saved period shows its copy again', async () => {
    const source = new CountingAdapter();
    const p = await liveThenSaved(source);
    const live = seen(p);
    source.failing = 'network';
    await click(p, toolbarButton(p, 'Refresh'));
    await waitUntil(() => banner(p), 'no offline banner');
    await ready(p);
    p.period = 'year:2025';
    await p.updateComplete;
    await ready(p);
    expect(widgetErrors(p)).to.deep.equal([NO_COPY, NO_COPY, NO_COPY]);
    // The header reads the period's load too: it may still show the last one while the widgets already failed.
    await waitUntil(() => has(p, '.client.error'), 'the header did not say it has no copy of that period');
    expect(banner(p)).not.to.equal(null);
    await expect(p).to.be.accessible();
    p.period = 'last-30-days';
    await p.updateComplete;
    await ready(p);
    expect(seen(p)).to.deep.equal(live);
  });

  it('a rejected fetch also means offline; an error of another kind (auth) does not', async () => {
    const source = new CountingAdapter();
    const p = await liveThenSaved(source);
    source.failing = 'auth';
    await click(p, toolbarButton(p, 'Refresh'));
    await ready(p);
    expect(banner(p)).to.equal(null);
    expect(widgetErrors(p)).to.deep.equal(['Could not load the data: Sign in again', 'Could not load the data: Sign in again', 'Could not load the data: Sign in again']);
    source.failing = 'fetch';
    await click(p, toolbarButton(p, 'Refresh'));
    await waitUntil(() => banner(p), 'no offline banner');
    await ready(p);
    expect(widgetErrors(p)).to.deep.equal([null, null, null]);
  });

  it('in French', async () => {
    const source = new CountingAdapter();
    const p = await liveThenSaved(source, { locale: 'fr' });
    source.failing = 'network';
    await click(p, toolbarButton(p, 'Actualiser'));
    await waitUntil(() => banner(p), 'no offline banner');
    await ready(p);
    expect(bannerText(p)).to.equal(`Hors ligne — données du ${formatDate(t0, 'fr', 'UTC', true)}`);
    expect(banner(p)!.querySelector('button')!.textContent).to.equal('Réessayer');
    await expect(p).to.be.accessible();
  });

  it('offline-snapshot set while its chunk (./offline-copy.ts) is on its way: the calls wait for it, then the copy is saved and used', async () => {
    const chunk = chunkLoader(freshnessChunks, 'offline');
    chunk.hold();
    try {
      const source = new CountingAdapter();
      const p = await mount(source, { snapshot: false });
      const live = seen(p);
      expect(chunk.loads, 'not asked for without the attribute').to.equal(0);
      const calls = source.total;
      p.setAttribute('offline-snapshot', '');
      await aTimeout(30);
      expect(chunk.loads).to.be.greaterThan(0);
      expect(source.total, 'the calls wait for the chunk').to.equal(calls);
      chunk.release();
      await ready(p);
      expect(source.total).to.be.greaterThan(calls);
      expect(seen(p)).to.deep.equal(live);
      await waitUntil(async () => (await firstSnapshot(`${source.label}|contact:1|`)) !== undefined, 'nothing was saved');
      await aTimeout(20);
      await snapshotsWritten();
      source.failing = 'network';
      await click(p, toolbarButton(p, 'Refresh'));
      await waitUntil(() => banner(p), 'no offline banner');
      await ready(p);
      expect(seen(p)).to.deep.equal(live);
      expect(widgetErrors(p)).to.deep.equal([null, null, null]);
    } finally {
      chunk.restore();
    }
  });

  it('offline-snapshot removed: Refresh reads the source again (it drops the profile\'s cache, not the former copy\'s)', async () => {
    const source = new CountingAdapter();
    const p = await mount(source);
    p.removeAttribute('offline-snapshot');
    await p.updateComplete;
    await ready(p);
    const reads = source.calls.getClient;
    await click(p, toolbarButton(p, 'Refresh'));
    await ready(p);
    expect(source.calls.getClient).to.equal(reads + 1);
  });

  it('without offline-snapshot (the default) nothing is saved, and a failure shows the usual errors', async () => {
    const source = new CountingAdapter();
    const p = await mount(source, { snapshot: false });
    await aTimeout(50);
    await snapshotsWritten();
    expect(await firstSnapshot(`${source.label}|`)).to.equal(undefined);
    source.failing = 'network';
    await click(p, toolbarButton(p, 'Refresh'));
    await ready(p);
    expect(banner(p)).to.equal(null);
    expect(widgetErrors(p).every((e) => e === 'Could not load the data: Server unreachable')).to.equal(true);
  });

  it('IndexedDB unavailable: a warning, no exception, and the usual errors', async () => {
    const open = IDBFactory.prototype.open;
    await closeSnapshots();
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied storage', 'SecurityError');
    };
    try {
      await watching(async (warnings) => {
        const source = new CountingAdapter();
        const p = await mount(source);
        await aTimeout(30);
        source.failing = 'network';
        await click(p, toolbarButton(p, 'Refresh'));
        await ready(p);
        expect(banner(p)).to.equal(null);
        expect(widgetErrors(p).every((e) => e === 'Could not load the data: Server unreachable')).to.equal(true);
        expect(warnings.filter((w) => w.includes('offline snapshots'))).to.deep.equal([
          'crm-profile-widgets: offline snapshots: IndexedDB is not available, so no offline copy is kept or shown (The user denied storage)',
        ]);
      });
    } finally {
      IDBFactory.prototype.open = open;
      await closeSnapshots();
    }
  });

  it('a full quota: a warning, no exception, nothing saved', async () => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The quota has been exceeded', 'QuotaExceededError');
    };
    try {
      await watching(async (warnings) => {
        const source = new CountingAdapter();
        const p = await mount(source);
        await aTimeout(50);
        await snapshotsWritten();
        expect(warnings).to.include('crm-profile-widgets: offline snapshots: saving the offline copy failed (The quota has been exceeded)');
        expect(await firstSnapshot(`${source.label}|`)).to.equal(undefined);
        source.failing = 'network';
        await click(p, toolbarButton(p, 'Refresh'));
        await ready(p);
        expect(banner(p)).to.equal(null);
      });
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });

  it('an entry that is not ours is ignored (and deleted) with a warning', async () => {
    await watching(async (warnings) => {
      const key = `Corrupt ${Date.now()}|contact:1|client`;
      await putSnapshots([{ key, savedAt: 'yesterday', data: 1 } as unknown as { key: string; savedAt: number; data: unknown }]);
      expect(await getSnapshot(key)).to.equal(undefined);
      expect(warnings.some((w) => w.startsWith('crm-profile-widgets: offline snapshots: an unreadable entry was ignored and deleted'))).to.equal(true);
      await snapshotsWritten();
      await aTimeout(20);
      const raw = await new Promise<unknown>((resolve) => {
        const req = indexedDB.open(DB_NAME);
        req.onsuccess = () => {
          const get = req.result.transaction(STORE).objectStore(STORE).get(key);
          get.onsuccess = () => {
            req.result.close();
            resolve(get.result);
          };
        };
      });
      expect(raw).to.equal(undefined);
      // A valid entry reads back as saved.
      await putSnapshots([{ key, savedAt: 5, data: { name: 'x' } }]);
      expect(await getSnapshot(key)).to.deep.equal({ key, savedAt: 5, data: { name: 'x' } });
    });
  });
});
