/**
 * Reliability of the stored layout ("Prove it", storage part), through the elements: a mounted
 * <crm-profile editable storage-key=…> facing corrupt JSON, every older schema version, a full
 * storage (QuotaExceededError), a second tab editing the same layout (a real same-origin browsing
 * context whose writes fire genuine `storage` events here) and a page that may not use storage at
 * all. Each test checks what the user sees (the widgets, in order, their titles and settings), what
 * is stored, the console warnings, and that no uncaught error or unhandled rejection happens.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile, LayoutChangeDetail } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { STORAGE_PREFIX } from '../../src/controllers/layout-store.js';
import { normalizeLayout } from '../../src/widgets/layout.js';
import { DEFAULT_WIDGET_TYPES, LAYOUT_VERSION, type LayoutItem, type WidgetSettings, type WidgetType } from '../../src/widgets/types.js';
import { $, $$, adapter, clearStoredLayouts, gearOf, profileSettled, titleOf } from '../elements/widget-helpers.js';

// ─── watching the page ───────────────────────────────────────────────────────────────────────────

/** What the profile printed with console.warn during the test (its messages start with `<crm-profile>: `). */
let warnings: string[] = [];
/** Uncaught errors and unhandled rejections during the test. */
let errors: string[] = [];
/** Undo functions of every global patched by the test, run (last first) after it. */
let restores: (() => void)[] = [];

const onError = (e: ErrorEvent) => errors.push(`error: ${e.message}`);
const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandledrejection: ${String((e.reason as Error | undefined)?.stack ?? e.reason)}`);

const profileWarnings = () => warnings.filter((w) => w.startsWith('<crm-profile>'));
/** No uncaught error, no unhandled rejection, and no console warning from anything but the profile. */
function expectNoErrors(): void {
  expect(errors, 'uncaught errors / unhandled rejections').to.deep.equal([]);
  expect(warnings.filter((w) => !w.startsWith('<crm-profile>')), 'other console warnings').to.deep.equal([]);
}

/** Patches `obj[name]` for this test only. */
function patch<T extends object, K extends keyof T>(obj: T, name: K, value: T[K]): void {
  const own = Object.getOwnPropertyDescriptor(obj, name);
  (obj as Record<K, T[K]>)[name] = value;
  restores.push(() => {
    if (own) Object.defineProperty(obj, name, own);
    else delete (obj as Partial<Record<K, T[K]>>)[name];
  });
}

// ─── storage ─────────────────────────────────────────────────────────────────────────────────────

let keys = 0;
/** A storage key no other test uses. */
const uniqueKey = (name: string) => `storage-test-${name}-${Date.now()}-${++keys}`;
const storageKeyOf = (key: string) => STORAGE_PREFIX + key;

interface Stored {
  readonly version: number;
  readonly items: LayoutItem[];
  readonly savedAt?: string;
}

const storedText = (key: string) => localStorage.getItem(storageKeyOf(key));
const stored = (key: string): Stored => JSON.parse(storedText(key) ?? 'null') as Stored;

/** A valid current-version layout of these items (the way the store writes them). */
const storedJson = (items: readonly LayoutItem[]) => JSON.stringify({ version: LAYOUT_VERSION, items, savedAt: new Date().toISOString() });

const item = (id: string, type: WidgetType, settings: WidgetSettings = {}): LayoutItem => ({ id, type, settings });

/** The stored copy is a valid current-version layout: normalizing it changes nothing and warns of nothing. */
function expectValidStored(key: string): Stored {
  const s = stored(key);
  expect(s, 'a layout is stored').to.not.equal(null);
  expect(s.version).to.equal(LAYOUT_VERSION);
  expect(typeof s.savedAt).to.equal('string');
  expect(Number.isNaN(Date.parse(s.savedAt!))).to.equal(false);
  const n = normalizeLayout({ version: s.version, items: s.items });
  expect(n.warnings, 'the stored layout needs no repair').to.deep.equal([]);
  expect(n.layout.items).to.deep.equal(s.items);
  return s;
}

// ─── the profile ─────────────────────────────────────────────────────────────────────────────────

function profileTemplate(key: string) {
  return html`<crm-profile entity-type="contact" entity-id="1" period="last-30-days" locale="en" time-zone="UTC"
    storage-key=${key} editable .adapter=${adapter}></crm-profile>`;
}

/** A profile under `key`, once its stored layout is read and rendered. */
async function mount(key: string): Promise<CrmProfile> {
  const wrap = await fixture<HTMLDivElement>(html`<div>${profileTemplate(key)}</div>`);
  const p = wrap.querySelector('crm-profile')!;
  await p.layoutComplete;
  await p.updateComplete;
  return p;
}

/** Two profiles of the same page sharing `key`. */
async function mountTwo(key: string): Promise<[CrmProfile, CrmProfile]> {
  const wrap = await fixture<HTMLDivElement>(html`<div>${profileTemplate(key)}${profileTemplate(key)}</div>`);
  const [a, b] = [...wrap.querySelectorAll('crm-profile')] as [CrmProfile, CrmProfile];
  await Promise.all([a.layoutComplete, b.layoutComplete]);
  await Promise.all([a.updateComplete, b.updateComplete]);
  return [a, b];
}

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');
const widget = (p: CrmProfile, id: string) => $<CrmWidget>(p, `crm-widget[widget-id="${CSS.escape(id)}"]`)!;
const order = (p: CrmProfile) => widgetsOf(p).map((w) => w.widgetId);

interface Seen {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly settings: WidgetSettings;
}

/** What the user sees: every widget in order, its title and the settings it works with. */
async function screenOf(p: CrmProfile): Promise<Seen[]> {
  await p.updateComplete;
  await Promise.all(widgetsOf(p).map((w) => w.updateComplete));
  return widgetsOf(p).map((w) => ({ id: w.widgetId, type: w.type, title: titleOf(w), settings: w.effectiveSettings }));
}

/** Waits until the profile shows these widget ids, in this order. */
async function waitForOrder(p: CrmProfile, ids: readonly string[], what: string): Promise<void> {
  await waitUntil(() => order(p).join() === ids.join(), `${what}: the profile shows ${order(p).join()} instead of ${ids.join()}`, { timeout: 5000 });
  await p.updateComplete;
}

/** The screen agrees with the profile's layout and with `items`. */
async function expectShown(p: CrmProfile, items: readonly LayoutItem[], titles?: readonly string[]): Promise<void> {
  const seen = await screenOf(p);
  expect(seen.map((s) => [s.id, s.type]), 'widgets shown').to.deep.equal(items.map((i) => [i.id, i.type]));
  expect(seen.map((s) => s.settings), 'settings the widgets use').to.deep.equal(items.map((i) => i.settings));
  expect(p.layout.items, 'the profile\'s layout').to.deep.equal(items);
  if (titles) expect(seen.map((s) => s.title), 'titles shown').to.deep.equal(titles);
}

/** Chooses an entry of a widget's gear menu, as a user does. */
async function useMenu(p: CrmProfile, id: string, entry: 'Remove' | 'Move earlier' | 'Move later'): Promise<void> {
  const w = widget(p, id);
  await waitUntil(() => gearOf(w) !== null, `no gear menu on widget ${id}`);
  gearOf(w)!.click();
  await w.updateComplete;
  const button = $$<HTMLButtonElement>(w, '[role="menuitem"]').find((b) => b.textContent === entry);
  expect(button !== undefined, `widget ${id} offers "${entry}"`).to.equal(true);
  button!.click();
  await p.updateComplete;
}

/** Records the reasons of the profile's `crm-layout-change` events. */
function layoutChanges(p: CrmProfile): LayoutChangeDetail[] {
  const out: LayoutChangeDetail[] = [];
  p.addEventListener('crm-layout-change', (e) => out.push((e as CustomEvent<LayoutChangeDetail>).detail));
  return out;
}

const DEFAULT_ITEMS: LayoutItem[] = DEFAULT_WIDGET_TYPES.map((type, i) => item(`w${i + 1}`, type));
const DEFAULT_TITLES = [
  'Value of won deals and conversion', 'Load by channel', 'Preferred communication channel', 'Communication load', 'Deal conversion',
  'Invoice conversion', 'Sales amount', 'Invoice amounts', 'Payments trend',
];

/** A small stored layout most tests start from. */
const SMALL: LayoutItem[] = [
  item('w1', 'system'),
  item('w2', 'load-by-channel', { title: 'Channels', chart: 'bar' }),
  item('w3', 'sales-amount'),
  item('w4', 'deal-conversion', { count: 'closed' }),
];

// ─── a second tab ────────────────────────────────────────────────────────────────────────────────

/**
 * Another browsing context of this origin (an iframe loading a page of the test server): its
 * localStorage is this page's, and what it writes there fires a genuine `storage` event here.
 */
async function otherTab(): Promise<Window> {
  const frame = document.createElement('iframe');
  frame.title = 'other tab';
  // This very test file, as text: any page of the test server would do.
  frame.src = new URL(import.meta.url).pathname;
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  document.body.append(frame);
  restores.push(() => frame.remove());
  await loaded;
  const tab = frame.contentWindow!;
  expect(tab.location.origin, 'the other tab is of the same origin').to.equal(location.origin);
  expect(tab !== window).to.equal(true);
  return tab;
}

/** The other tab edits the stored layout as a profile there would: from what is stored now. */
function editInTab(tab: Window, key: string, edit: (items: LayoutItem[]) => LayoutItem[]): void {
  const current = JSON.parse(tab.localStorage.getItem(storageKeyOf(key))!) as Stored;
  tab.localStorage.setItem(storageKeyOf(key), storedJson(edit(current.items)));
}

/** Resolves on the next `storage` event of this window for `key`'s storage key. */
function storageEvent(key: string): Promise<StorageEvent> {
  return new Promise((resolve) => {
    const on = (e: StorageEvent) => {
      if (e.key !== storageKeyOf(key)) return;
      window.removeEventListener('storage', on);
      resolve(e);
    };
    window.addEventListener('storage', on);
  });
}

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('stored layout reliability, through <crm-profile>', () => {
  beforeEach(() => {
    warnings = [];
    errors = [];
    restores = [];
    // Only the test's own warnings, without printing them (the expected ones would clutter the log).
    patch(console, 'warn', (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(() => {
    fixtureCleanup();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    for (const restore of restores.reverse()) restore();
    restores = [];
    clearStoredLayouts();
  });

  // Note: a profile warns once per distinct message per page, so each test below meets warnings no
  // earlier test printed.

  describe('corrupt data under the key', () => {
    const variants: { name: string; text: string; warning: RegExp }[] = [
      { name: 'truncated JSON', text: '{"version":1,"items":[{"id":"w1","type":"system"},{"id":"w2","ty', warning: /stored layout is not valid JSON.*default layout is used/ },
      { name: 'the text "undefined" (setItem(key, undefined))', text: 'undefined', warning: /stored layout is not valid JSON.*default layout is used/ },
      { name: 'null', text: 'null', warning: /the layout null is not an object: the default layout is used/ },
      { name: 'a number', text: '42', warning: /the layout 42 is not an object: the default layout is used/ },
      { name: 'a string', text: '"system,sales-amount"', warning: /the layout "system,sales-amount" is not an object: the default layout is used/ },
      { name: 'an object without items', text: '{"version":1,"widgets":["system"]}', warning: /the layout has no "items" list: the default layout is used/ },
    ];

    for (const v of variants) {
      it(`${v.name} → the default layout, one clear warning, no exception; the next edit stores a valid layout`, async () => {
        const key = uniqueKey('corrupt');
        localStorage.setItem(storageKeyOf(key), v.text);
        const p = await mount(key);
        await expectShown(p, DEFAULT_ITEMS, DEFAULT_TITLES);
        expect(profileWarnings().length, profileWarnings().join('\n')).to.equal(1);
        expect(profileWarnings()[0]).to.match(v.warning);
        // Nothing is rewritten until the user changes something…
        expect(storedText(key)).to.equal(v.text);

        // …then the layout the user sees is stored, valid, and nothing is lost from then on.
        const changes = layoutChanges(p);
        await useMenu(p, 'w9', 'Remove');
        const after = DEFAULT_ITEMS.filter((i) => i.id !== 'w9');
        await expectShown(p, after);
        expect(changes.map((c) => c.reason)).to.deep.equal(['remove']);
        expect(expectValidStored(key).items).to.deep.equal(after);
        expectNoErrors();
      });
    }

    it('items with garbage → the repaired layout (what could be kept, kept), warnings naming each problem', async () => {
      const key = uniqueKey('garbage');
      localStorage.setItem(storageKeyOf(key), JSON.stringify({
        version: 1,
        items: [
          42, 'nope', null, { type: 'pie', id: 'p' }, { id: 'w2', type: 'sales-amount', settings: { title: '  Revenue  ', color: 'pink', chart: 'bar' } },
          { id: 'w2', type: 'deal-conversion', settings: 'closed' }, { id: { x: 1 }, type: 'invoice-amounts', settings: { bogus: true } },
          { id: 'w9', type: 'system', settings: { title: 'Hacked' } },
        ],
      }));
      const p = await mount(key);
      const repaired = [
        item('w9', 'system'),
        item('w2', 'sales-amount', { title: 'Revenue', chart: 'bar' }),
        item('w10', 'deal-conversion'),
        item('w11', 'invoice-amounts'),
      ];
      await expectShown(p, repaired, ['Value of won deals and conversion', 'Revenue', 'Deal conversion', 'Invoice amounts']);
      const w = profileWarnings().join('\n');
      for (const expected of [
        'item 0: 42 is not a widget: dropped', 'item 1: unknown widget type "nope": dropped', 'item 2: null is not a widget: dropped',
        'item 3: unknown widget type "pie": dropped', 'the system widget was at position 3: moved first',
        'setting "color": "pink" is not one of', 'duplicate id "w2": renamed "w10"', 'the system widget cannot be configured',
      ]) expect(w).to.contain(expected);
      await profileSettled(p);
      await expect(p).to.be.accessible();

      await useMenu(p, 'w11', 'Move earlier');
      const moved = [repaired[0]!, repaired[1]!, repaired[3]!, repaired[2]!];
      await expectShown(p, moved);
      expect(expectValidStored(key).items).to.deep.equal(moved);
      expectNoErrors();
    });

    it('duplicate ids and a misplaced system widget → repaired, and the repair is what the next edit stores', async () => {
      const key = uniqueKey('dupes');
      localStorage.setItem(storageKeyOf(key), JSON.stringify({
        version: 1,
        items: [{ id: 'a', type: 'deal-conversion' }, { id: 'a', type: 'sales-amount' }, { id: 's', type: 'system' }],
      }));
      const p = await mount(key);
      const repaired = [item('s', 'system'), item('a', 'deal-conversion'), item('w1', 'sales-amount')];
      await expectShown(p, repaired);
      expect(profileWarnings().some((w) => w.includes('duplicate id "a": renamed "w1"'))).to.equal(true);
      await useMenu(p, 'a', 'Remove');
      expect(expectValidStored(key).items).to.deep.equal([repaired[0], repaired[2]]);
      expectNoErrors();
    });

    it('the corrupt state is accessible', async () => {
      const key = uniqueKey('corrupt-a11y');
      localStorage.setItem(storageKeyOf(key), '{{{');
      const p = await mount(key);
      await profileSettled(p);
      expect(order(p)).to.deep.equal(DEFAULT_ITEMS.map((i) => i.id));
      await expect(p).to.be.accessible();
      expectNoErrors();
    });
  });

  describe('every older schema version', () => {
    it('v0, a list of type names → those widgets in that order (system first, unknown names dropped); an edit stores v1', async () => {
      const key = uniqueKey('v0-list');
      localStorage.setItem(storageKeyOf(key), JSON.stringify(['load-by-channel', 'system', 'deal-conversion', 'no-such-widget', 'payments-trend']));
      const p = await mount(key);
      const migrated = [item('w1', 'system'), item('w2', 'load-by-channel'), item('w3', 'deal-conversion'), item('w4', 'payments-trend')];
      await expectShown(p, migrated, ['Value of won deals and conversion', 'Load by channel', 'Deal conversion', 'Payments trend']);
      expect(profileWarnings().join('\n')).to.contain('layout stored in version 0 (a list of widget types): migrated');
      // Still the old copy until an edit…
      expect(Array.isArray(JSON.parse(storedText(key)!))).to.equal(true);
      await useMenu(p, 'w4', 'Move earlier');
      const moved = [migrated[0]!, migrated[1]!, migrated[3]!, migrated[2]!];
      await expectShown(p, moved);
      // …then the current version.
      expect(expectValidStored(key).items).to.deep.equal(moved);
      expectNoErrors();
    });

    it('v0, items without ids or version, with settings of that time (compare: true/false) → same widgets, order and settings', async () => {
      const key = uniqueKey('v0-items');
      localStorage.setItem(storageKeyOf(key), JSON.stringify({
        items: [
          { type: 'system' },
          { type: 'sales-amount', settings: { color: 'red', title: 'Revenue', chart: 'bar' } },
          { type: 'payments-trend', settings: { grouping: 'month', compare: true } },
          { type: 'deal-conversion', settings: { count: 'closed', compare: false } },
        ],
      }));
      const p = await mount(key);
      const migrated = [
        item('w1', 'system'),
        item('w2', 'sales-amount', { title: 'Revenue', chart: 'bar', color: 'red' }),
        item('w3', 'payments-trend', { grouping: 'month', compare: 'previous' }),
        item('w4', 'deal-conversion', { count: 'closed', compare: 'off' }),
      ];
      await expectShown(p, migrated, ['Value of won deals and conversion', 'Revenue', 'Payments trend', 'Deal conversion']);
      expect(profileWarnings().join('\n')).to.contain('layout stored in version 0 (items without ids): migrated');
      await useMenu(p, 'w3', 'Remove');
      const after = migrated.filter((i) => i.id !== 'w3');
      await expectShown(p, after);
      expect(expectValidStored(key).items).to.deep.equal(after);
      expectNoErrors();
    });

    it('v0 with an explicit "version": 0 and ids already there → ids kept, same widgets and settings', async () => {
      const key = uniqueKey('v0-explicit');
      localStorage.setItem(storageKeyOf(key), JSON.stringify({
        version: 0,
        items: [{ id: 'sys', type: 'system', settings: {} }, { id: 'x', type: 'invoice-amounts', settings: { title: 'Bills', compare: true } }, { type: 'load-by-channel', settings: { channels: ['call', 'email'] } }],
      }));
      const p = await mount(key);
      const migrated = [
        item('sys', 'system'),
        item('x', 'invoice-amounts', { title: 'Bills', compare: 'previous' }),
        item('w1', 'load-by-channel', { channels: ['call', 'email'] }),
      ];
      await expectShown(p, migrated, ['Value of won deals and conversion', 'Bills', 'Load by channel']);
      await useMenu(p, 'w1', 'Move earlier');
      const moved = [migrated[0]!, migrated[2]!, migrated[1]!];
      expect(expectValidStored(key).items).to.deep.equal(moved);
      await expectShown(p, moved);
      expectNoErrors();
    });

    it('v1 (current) → shown as stored, without any warning', async () => {
      const key = uniqueKey('v1');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const p = await mount(key);
      await expectShown(p, SMALL, ['Value of won deals and conversion', 'Channels', 'Sales amount', 'Deal conversion']);
      expect(profileWarnings()).to.deep.equal([]);
      expectNoErrors();
    });

    it('a newer version (written by a newer copy in another tab) → read as far as understood, with a warning', async () => {
      const key = uniqueKey('v2');
      localStorage.setItem(storageKeyOf(key), JSON.stringify({
        version: 2, pinned: ['w2'],
        items: [{ id: 'w1', type: 'system', settings: {} }, { id: 'w2', type: 'payments-trend', settings: { grouping: 'week', sparkline: true } }, { id: 'w3', type: 'heatmap', settings: {} }],
      }));
      const p = await mount(key);
      await expectShown(p, [item('w1', 'system'), item('w2', 'payments-trend', { grouping: 'week' })]);
      expect(profileWarnings().join('\n')).to.contain('layout version 2 is newer than this code\'s version 1: read as far as understood');
      expectNoErrors();
    });
  });

  describe('quota exceeded on save', () => {
    /** Makes every localStorage write throw what a full storage throws. */
    function fillStorage(): { writes: number; restore: () => void } {
      const state = { writes: 0, full: true };
      const real = Storage.prototype.setItem;
      patch(Storage.prototype, 'setItem', function (this: Storage, k: string, value: string) {
        if (!state.full) return real.call(this, k, value);
        state.writes++;
        throw new DOMException('Failed to execute \'setItem\' on \'Storage\': Setting the value exceeded the quota.', 'QuotaExceededError');
      });
      return { get writes() { return state.writes; }, restore: () => { state.full = false; } };
    }

    it('edits still work on screen, one warning about the full storage, no exception; the layout survives re-renders; saved once there is room', async () => {
      const key = uniqueKey('quota');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const p = await mount(key);
      await expectShown(p, SMALL);
      const full = fillStorage();
      const changes = layoutChanges(p);

      await useMenu(p, 'w3', 'Remove');
      const removed = [SMALL[0]!, SMALL[1]!, SMALL[3]!];
      await expectShown(p, removed);
      expect(full.writes, 'the profile tried to save').to.equal(1);
      const quota = profileWarnings();
      expect(quota.length, quota.join('\n')).to.equal(1);
      expect(quota[0]).to.match(/storage is full.*kept for this page only/);
      // The Undo bar of a removal still works as usual.
      expect($(p, '.undo span')?.textContent).to.equal('Widget “Sales amount” removed');

      await useMenu(p, 'w4', 'Move earlier');
      const moved = [SMALL[0]!, SMALL[3]!, SMALL[1]!];
      await expectShown(p, moved);
      expect(changes.map((c) => c.reason)).to.deep.equal(['remove', 'move']);
      expect(full.writes).to.equal(2);
      expect(profileWarnings().length, 'one warning, not one per edit').to.equal(1);
      // What is stored is still the last layout that could be written.
      expect(stored(key).items).to.deep.equal(SMALL);

      // The layout in memory survives re-renders: a new period, a move in the page, a forced update.
      p.period = 'last-90-days';
      await profileSettled(p);
      await expectShown(p, moved);
      await expect(p).to.be.accessible();
      const parent = p.parentElement!;
      const spot = document.createElement('section');
      parent.append(spot);
      spot.append(p); // disconnected and connected again
      await p.updateComplete;
      await p.layoutComplete;
      await expectShown(p, moved);
      p.requestUpdate();
      await expectShown(p, moved);

      // Room again: the next edit stores everything the user did meanwhile.
      full.restore();
      await useMenu(p, 'w2', 'Move earlier');
      const final = [SMALL[0]!, SMALL[1]!, SMALL[3]!];
      await expectShown(p, final);
      expect(expectValidStored(key).items).to.deep.equal(final);
      // …and a reload shows it.
      fixtureCleanup();
      const again = await mount(key);
      await expectShown(again, final);
      expectNoErrors();
    });

    // A single-page CRM goes to another record and back while the storage is full: the layout the
    // page could not persist is kept per page and key (src/controllers/layout-store.ts), not per store.
    it('a profile created again on the same page while the storage is full shows the unsaved edits', async () => {
      const key = uniqueKey('quota-remount');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const p = await mount(key);
      fillStorage();
      await useMenu(p, 'w3', 'Remove');
      const removed = [SMALL[0]!, SMALL[1]!, SMALL[3]!];
      await expectShown(p, removed);
      // The host's page changes record, then comes back: a new <crm-profile> with the same key.
      fixtureCleanup();
      const again = await mount(key);
      await expectShown(again, removed);
      expectNoErrors();
    });
  });

  describe('two tabs editing at once (storage events)', () => {
    it('a layout saved by the other tab appears here (crm-layout-change, reason "storage"); other keys are ignored', async () => {
      const key = uniqueKey('tabs');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      await expectShown(p, SMALL);
      const changes = layoutChanges(p);
      const seenKeys: (string | null)[] = [];
      const onStorage = (e: StorageEvent) => seenKeys.push(e.key);
      window.addEventListener('storage', onStorage);
      restores.push(() => window.removeEventListener('storage', onStorage));

      // Writes under other keys (another profile's, another app's) reach this window and change nothing…
      tab.localStorage.setItem(storageKeyOf(`${key}-company`), storedJson([item('w1', 'system')]));
      tab.localStorage.setItem('some-other-app', '{"items":[]}');
      // …and then the other tab's edit of our layout: events come in order, so once it is shown the others were handled.
      const edited = [item('w1', 'system'), item('w4', 'deal-conversion', { count: 'closed' }), item('w2', 'load-by-channel', { title: 'From tab B', chart: 'table' })];
      const event = storageEvent(key);
      editInTab(tab, key, () => edited);
      const written = tab.localStorage.getItem(storageKeyOf(key));
      expect((await event).storageArea === localStorage, 'a genuine storage event of this window\'s localStorage').to.equal(true);
      await waitForOrder(p, ['w1', 'w4', 'w2'], 'the other tab\'s layout');
      await expectShown(p, edited, ['Value of won deals and conversion', 'Deal conversion', 'From tab B']);
      expect(seenKeys).to.deep.equal([storageKeyOf(`${key}-company`), 'some-other-app', storageKeyOf(key)]);
      expect(changes.map((c) => c.reason)).to.deep.equal(['storage']);
      expect(changes[0]!.layout.items).to.deep.equal(edited);
      // Adopting it writes nothing back (no ping-pong between tabs).
      expect(storedText(key)).to.equal(written);
      expect(profileWarnings()).to.deep.equal([]);
      expectNoErrors();
    });

    it('the other tab (an older copy of the suite) writes a v0 layout: migrated as when loading, no exception', async () => {
      const key = uniqueKey('tabs-old');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      const changes = layoutChanges(p);
      // An older copy of the suite in the other tab writes v0.
      tab.localStorage.setItem(storageKeyOf(key), JSON.stringify(['system', 'invoice-amounts', 'load-by-channel']));
      await waitForOrder(p, ['w1', 'w2', 'w3'], 'the other tab\'s v0 layout');
      await expectShown(p, [item('w1', 'system'), item('w2', 'invoice-amounts'), item('w3', 'load-by-channel')]);
      expect(changes.map((c) => c.reason)).to.deep.equal(['storage']);
      // An edit here stores the current version.
      await useMenu(p, 'w3', 'Move earlier');
      expect(expectValidStored(key).items.map((i) => i.id)).to.deep.equal(['w1', 'w3', 'w2']);
      expectNoErrors();
    });

    it('tab B removes a widget, then this tab reorders: both edits kept, the stored layout and the screen agree', async () => {
      const key = uniqueKey('tabs-both');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      const changes = layoutChanges(p);

      editInTab(tab, key, (items) => items.filter((i) => i.id !== 'w3')); // B removes "Sales amount"
      await waitForOrder(p, ['w1', 'w2', 'w4'], 'tab B\'s removal');
      await useMenu(p, 'w4', 'Move earlier'); // A reorders
      const expected = [SMALL[0]!, SMALL[3]!, SMALL[1]!];
      await expectShown(p, expected);
      expect(expectValidStored(key).items).to.deep.equal(expected);

      // And the other way round: B (reading what A stored) changes a setting; A shows both.
      const event = storageEvent(key);
      editInTab(tab, key, (items) => items.map((i) => (i.id === 'w2' ? { ...i, settings: { ...i.settings, title: 'Calls' } } : i)));
      await event;
      await waitUntil(() => widget(p, 'w2').effectiveSettings.title === 'Calls', 'tab B\'s new title is not shown');
      const both = [SMALL[0]!, SMALL[3]!, item('w2', 'load-by-channel', { title: 'Calls', chart: 'bar' })];
      await expectShown(p, both, ['Value of won deals and conversion', 'Deal conversion', 'Calls']);
      expect(stored(key).items).to.deep.equal(both);
      expect(changes.map((c) => c.reason)).to.deep.equal(['storage', 'move', 'storage']);
      expectNoErrors();
    });

    it('the other tab resets the layout (removes the key, or clears the storage) → the default layout here', async () => {
      const key = uniqueKey('tabs-reset');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      const changes = layoutChanges(p);
      tab.localStorage.removeItem(storageKeyOf(key));
      await waitForOrder(p, DEFAULT_ITEMS.map((i) => i.id), 'the default layout');
      await expectShown(p, DEFAULT_ITEMS, DEFAULT_TITLES);
      await useMenu(p, 'w2', 'Remove');
      expect(expectValidStored(key).items).to.deep.equal(DEFAULT_ITEMS.filter((i) => i.id !== 'w2'));
      tab.localStorage.clear();
      await waitForOrder(p, DEFAULT_ITEMS.map((i) => i.id), 'the default layout after clear()');
      await expectShown(p, DEFAULT_ITEMS);
      expect(changes.map((c) => c.reason)).to.deep.equal(['storage', 'remove', 'storage']);
      expectNoErrors();
    });

    it('the other tab writes garbage under the key: no exception, the screen agrees with the layout, the next edit stores a valid one', async () => {
      const key = uniqueKey('tabs-garbage');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      const event = storageEvent(key);
      tab.localStorage.setItem(storageKeyOf(key), '{"version":1,"items":[{"id":"w1"');
      await event; // the profile's own listener, added first, has run
      await p.updateComplete;
      await expectShown(p, p.layout.items);
      const last = p.layout.items.at(-1)!.id;
      await useMenu(p, last, 'Remove');
      const after = expectValidStored(key);
      expect(after.items.map((i) => i.id)).to.deep.equal(order(p));
      expect(order(p)).to.not.include(last);
      expectNoErrors();
    });

    // An unreadable value written by another tab is no reset (a removed key or a cleared storage
    // are): the layout on screen, then the only intact copy, stays and is saved again at the next edit.
    it('the other tab writes corrupt JSON under the key: this tab keeps its layout, warns, and the next edit stores it again', async () => {
      const key = uniqueKey('tabs-corrupt');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const p = await mount(key);
      const event = storageEvent(key);
      tab.localStorage.setItem(storageKeyOf(key), '{"version":1,"items":[{"id":"w1","type":"sys');
      await event;
      await p.updateComplete;
      await expectShown(p, SMALL);
      expect(profileWarnings().some((w) => /not valid JSON/.test(w)), profileWarnings().join('\n')).to.equal(true);
      await useMenu(p, 'w3', 'Remove');
      expect(expectValidStored(key).items).to.deep.equal(SMALL.filter((i) => i.id !== 'w3'));
      expectNoErrors();
    });

    it('two profiles of this page with one key: tab B\'s change reaches both', async () => {
      const key = uniqueKey('tabs-two');
      localStorage.setItem(storageKeyOf(key), storedJson(SMALL));
      const tab = await otherTab();
      const [a, b] = await mountTwo(key);
      editInTab(tab, key, (items) => items.filter((i) => i.id !== 'w3'));
      const expected = [SMALL[0]!, SMALL[1]!, SMALL[3]!];
      await waitForOrder(a, ['w1', 'w2', 'w4'], 'profile A');
      await waitForOrder(b, ['w1', 'w2', 'w4'], 'profile B');
      await expectShown(a, expected);
      await expectShown(b, expected);
      expectNoErrors();
    });

    // The browser fires `storage` only in the other tabs: the profiles of one page that share a key
    // (a contact's profile and a contact card both default to "contact") hear each other's saves
    // through the store, or the stale one's next edit would overwrite the other's.
    it('two profiles of this page with one key + tab B: nobody loses anybody\'s edit', async () => {
      const key = uniqueKey('tabs-two-edit');
      const start = [...SMALL, item('w5', 'invoice-amounts')];
      localStorage.setItem(storageKeyOf(key), storedJson(start));
      const tab = await otherTab();
      const [a, b] = await mountTwo(key);
      // Tab B removes "Sales amount": both profiles show it.
      editInTab(tab, key, (items) => items.filter((i) => i.id !== 'w3'));
      await waitForOrder(a, ['w1', 'w2', 'w4', 'w5'], 'profile A');
      await waitForOrder(b, ['w1', 'w2', 'w4', 'w5'], 'profile B');
      // Profile A moves "Deal conversion" earlier; then the user removes "Invoice amounts" in profile B.
      await useMenu(a, 'w4', 'Move earlier');
      await useMenu(b, 'w5', 'Remove');
      // All three edits are kept…
      const expected = [start[0]!, start[3]!, start[1]!];
      expect(stored(key).items.map((i) => i.id), 'stored after the three edits').to.deep.equal(expected.map((i) => i.id));
      expect(expectValidStored(key).items).to.deep.equal(expected);
      // …and both profiles show them.
      await waitForOrder(a, ['w1', 'w4', 'w2'], 'profile A after B\'s removal');
      await waitForOrder(b, ['w1', 'w4', 'w2'], 'profile B after A\'s reorder');
      await expectShown(a, expected);
      await expectShown(b, expected);
      expect((JSON.parse(tab.localStorage.getItem(storageKeyOf(key))!) as Stored).items).to.deep.equal(expected);
      expectNoErrors();
    });
  });

  describe('no storage at all', () => {
    it('localStorage throws SecurityError → memory-only layout, one warning, no exception', async () => {
      const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
      const real = localStorage;
      let reads = 0;
      Object.defineProperty(window, 'localStorage', {
        configurable: true, enumerable: true,
        get() {
          reads++;
          throw new DOMException('The document is sandboxed and lacks the \'allow-same-origin\' flag.', 'SecurityError');
        },
      });
      restores.push(() => {
        if (own) Object.defineProperty(window, 'localStorage', own);
        else delete (window as unknown as Record<string, unknown>).localStorage;
      });
      expect(() => window.localStorage).to.throw(DOMException);
      const key = uniqueKey('blocked');
      // Something stored earlier cannot be read: the default layout.
      real.setItem(storageKeyOf(key), storedJson(SMALL));
      const p = await mount(key);
      expect(reads, 'the profile tried the storage').to.be.greaterThan(0);
      await expectShown(p, DEFAULT_ITEMS, DEFAULT_TITLES);
      expect(profileWarnings()).to.deep.equal([]);
      const changes = layoutChanges(p);

      await useMenu(p, 'w3', 'Remove');
      await useMenu(p, 'w5', 'Move earlier');
      const expected = [item('w1', 'system'), item('w2', 'load-by-channel'), item('w5', 'deal-conversion'), item('w4', 'communication-load'),
        ...DEFAULT_ITEMS.slice(5)];
      await expectShown(p, expected);
      expect(changes.map((c) => c.reason)).to.deep.equal(['remove', 'move']);
      const w = profileWarnings();
      expect(w.length, w.join('\n')).to.equal(1);
      expect(w[0]).to.match(/no storage is available: the layout is kept for this page only/);
      // Re-renders keep the memory-only layout.
      p.period = 'last-7-days';
      await p.updateComplete;
      await expectShown(p, expected);
      // Nothing was written.
      expect((JSON.parse(real.getItem(storageKeyOf(key))!) as Stored).items).to.deep.equal(SMALL);
      expectNoErrors();
    });
  });
});
