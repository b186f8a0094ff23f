/**
 * Issue 7, "Accessibility and language matrix": axe over elements × states × theme × direction ×
 * locale; reflow at 320 px; reduced motion; a keyboard-only walk through the main flows.
 */
import { fixture, html, expect, waitUntil, aTimeout } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/elements/profile/define.js';
import '../../src/elements/widget/define.js';
import '../../src/elements/period-picker/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { loadMessages } from '../../src/i18n/index.js';
import { loadChartJs } from '../../src/controllers/chart-controller.js';
import { widgetTitle } from '../../src/widgets/catalog.js';
import {
  $, $$, CONTACT_1, CONTACT_4, FlakyAdapter, adapter, clearStoredLayouts, closePanel, deepActive, describeEl, expectFocusOn,
  figureButton, finishAnimations, gearOf, has, isSettled, oneEvent, openFigure, panelOf, pickerButton, pickerOption, press,
  settingsOf, shown, slowSource, tabTo, profileSettled, typeTitleInSettings,
} from '../elements/widget-helpers.js';

// ─── the matrix ──────────────────────────────────────────────────────────────────────────────────

type Theme = 'light' | 'dark';
type Dir = 'ltr' | 'rtl';
type Locale = 'en' | 'fr';
type ElementKind = 'profile' | 'profile-card' | 'widget:load-by-channel' | 'widget:payments-trend' | 'widget:sales-amount' | 'widget:number' | 'picker';
type State = 'loading' | 'loaded' | 'empty' | 'error' | 'settings' | 'detail' | 'explanation' | 'compare' | 'edit' | 'picker-open';

interface Variant { theme: Theme; dir: Dir; locale: Locale }

const THEMES: readonly Theme[] = ['light', 'dark'];
const DIRS: readonly Dir[] = ['ltr', 'rtl'];
const LOCALES: readonly Locale[] = ['en', 'fr'];
const ALL_VARIANTS: Variant[] = THEMES.flatMap((theme) => DIRS.flatMap((dir) => LOCALES.map((locale) => ({ theme, dir, locale }))));
/** The other states: the plainest and the most different variant. */
const TWO_VARIANTS: Variant[] = [{ theme: 'light', dir: 'ltr', locale: 'en' }, { theme: 'dark', dir: 'rtl', locale: 'fr' }];

const WIDGET_ELEMENTS: readonly ElementKind[] = ['widget:load-by-channel', 'widget:payments-trend', 'widget:sales-amount', 'widget:number'];
const DATA_ELEMENTS: readonly ElementKind[] = ['profile', 'profile-card', ...WIDGET_ELEMENTS];

/** Which states each element has. */
const STATES: Record<State, readonly ElementKind[]> = {
  loaded: [...DATA_ELEMENTS, 'picker'],
  'picker-open': ['picker'],
  loading: DATA_ELEMENTS,
  empty: DATA_ELEMENTS,
  error: DATA_ELEMENTS,
  settings: ['profile', 'widget:load-by-channel', 'widget:number'],
  detail: DATA_ELEMENTS,
  explanation: ['profile', 'widget:payments-trend', 'widget:number'],
  compare: ['profile', 'profile-card', 'widget:sales-amount', 'widget:number'],
  edit: ['profile'],
};

/** A smaller layout for the full profile outside the loaded state (a chart, a table-less one, money). */
const SMALL_LAYOUT = 'system, load-by-channel, sales-amount, payments-trend';

let keys = 0;
const uniqueKey = () => `a11y-matrix-${Date.now()}-${++keys}`;

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');


async function widgetReady(w: CrmWidget, timeout = 8000): Promise<void> {
  await w.updateComplete;
  await waitUntil(() => isSettled(w), `<crm-widget type=${w.type}> did not finish loading`, { timeout });
  await w.updateComplete;
}

interface Built { host: HTMLElement; root: HTMLElement }

/** `el` with these attributes set. */
function withAttributes<E extends Element>(el: E, attributes: Record<string, string>): E {
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** Mounts `kind` in a `<div dir lang>` for `state` and brings it into that state. */
async function build(kind: ElementKind, state: State, v: Variant): Promise<Built> {
  const wrap = await fixture<HTMLDivElement>(html`<div dir=${v.dir} lang=${v.dir === 'rtl' ? 'ar' : v.locale}></div>`);
  const source: CrmAdapter = state === 'loading' ? slowSource(400) : state === 'error' ? new FlakyAdapter() : adapter;
  const client = state === 'empty' ? CONTACT_4 : CONTACT_1;
  const period = state === 'empty' ? 'last-7-days' : 'last-90-days';
  const shared = { locale: v.locale, theme: v.theme, 'time-zone': 'UTC' };
  const common = { ...shared, 'entity-type': client.type, 'entity-id': client.id, period };

  if (kind === 'picker') {
    const p = withAttributes(document.createElement('crm-period-picker') as CrmPeriodPicker, shared);
    p.now = adapter.now;
    wrap.append(p);
    await p.updateComplete;
    if (state === 'picker-open') {
      pickerButton(p).click();
      await p.updateComplete;
      await waitUntil(() => p.open && pickerOption(p, 'last-7-days') !== null, 'the picker did not open');
      finishAnimations(p);
      for (const a of p.shadowRoot!.getAnimations()) a.finish();
    }
    return { host: p, root: wrap };
  }

  if (kind === 'profile' || kind === 'profile-card') {
    const p = withAttributes(document.createElement('crm-profile') as CrmProfile, { ...common, 'storage-key': uniqueKey() });
    if (kind === 'profile-card') p.setAttribute('variant', 'card');
    else if (state !== 'loaded') p.setAttribute('layout', SMALL_LAYOUT);
    if (state === 'settings' || state === 'edit') p.setAttribute('editable', '');
    if (state === 'compare') p.setAttribute('compare', 'previous');
    p.adapter = source;
    wrap.append(p);
    if (state === 'loading') {
      await p.updateComplete;
      await waitUntil(() => widgetsOf(p).length > 0 && widgetsOf(p).every((w) => has(w, '.skeleton')), 'no skeleton while loading');
      return { host: p, root: wrap };
    }
    await profileSettled(p);
    const second = widgetsOf(p)[1]!;
    await enterWidgetState(second, state, p);
    if (state === 'edit') {
      const edit = $$<HTMLButtonElement>(p, '.toolbar button').find((b) => b.textContent!.includes(v.locale === 'fr' ? 'Modifier' : 'Edit'))
        ?? $$<HTMLButtonElement>(p, '.toolbar button[aria-pressed]')[0]!;
      edit.click();
      await p.updateComplete;
      await waitUntil(() => widgetsOf(p).every((w) => w.editing), 'edit mode did not start');
    }
    finishAnimations(p);
    return { host: p, root: wrap };
  }

  const type = kind.slice('widget:'.length);
  const w = withAttributes(document.createElement('crm-widget') as CrmWidget, { type, ...common });
  if (type === 'number') w.setAttribute('settings', JSON.stringify({ metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' }));
  if (state === 'compare') w.setAttribute('compare', 'previous');
  w.adapter = source;
  wrap.append(w);
  if (state === 'loading') {
    await w.updateComplete;
    await waitUntil(() => has(w, '.skeleton'), 'no skeleton while loading');
    return { host: w, root: wrap };
  }
  await widgetReady(w);
  await enterWidgetState(w, state);
  finishAnimations(w);
  return { host: w, root: wrap };
}

async function enterWidgetState(w: CrmWidget, state: State, profile?: CrmProfile): Promise<void> {
  if (state === 'settings') {
    gearOf(w)!.click();
    await w.updateComplete;
    $<HTMLButtonElement>(w, '[role="menuitem"]')!.click();
    await waitUntil(() => settingsOf(w)?.open, 'the settings dialog did not open');
    await settingsOf(w).updateComplete;
  } else if (state === 'detail') {
    const first = shown(w).find((f) => f.clickable);
    expect(first !== undefined, `${w.type} has a clickable number`).to.equal(true);
    await openFigure(w, first!.id);
  } else if (state === 'explanation') {
    $<HTMLButtonElement>(w, '.info-button')!.click();
    await waitUntil(() => has(w, '#explain'), 'the explanation did not open');
  } else if (state === 'compare') {
    await waitUntil(() => has(w, '[data-figure]'), 'no numbers');
  }
  if (profile) await profile.updateComplete;
}

/** Closes the dialogs a case left open (so that a modal dialog does not outlive its fixture). */
function closeAll(host: HTMLElement): void {
  const visit = (node: Element | ShadowRoot) => {
    for (const d of node.querySelectorAll('dialog')) if (d.open) d.close();
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  if (host.shadowRoot) visit(host.shadowRoot);
}

/** The case is what it says: the state's marks, the theme and the language shown. */
function checkReached(host: HTMLElement, kind: ElementKind, state: State, v: Variant): void {
  if (kind === 'picker') {
    expect((host as CrmPeriodPicker).open, 'picker open').to.equal(state === 'picker-open');
    expect(pickerButton(host as CrmPeriodPicker).getAttribute('aria-label'), 'picker language')
      .to.match(v.locale === 'fr' ? /^Période/ : /^Reporting period/);
    return;
  }
  const widgets = host.localName === 'crm-widget' ? [host as CrmWidget] : widgetsOf(host as CrmProfile);
  expect(widgets.every((w) => w.getAttribute('theme') === v.theme || (host.localName === 'crm-profile' && w.closest('[theme]') !== null)), 'theme').to.equal(true);
  expect(host.getAttribute('theme')).to.equal(v.theme);
  if (state !== 'loading') {
    const w = widgets.find((x) => x.type !== 'system') ?? widgets[0]!;
    expect($(w, 'h3')!.textContent, 'title in the locale').to.equal(widgetTitle(w.type, w.type === 'number' ? { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' } : {}, v.locale));
  }
  if (state === 'error') expect(widgets.every((w) => has(w, '.body .error[role="alert"]')), 'every widget shows the error').to.equal(true);
  // (Money, trend and number widgets show zeros or "—" when empty; the channel widget says so.)
  if (state === 'empty' && kind !== 'widget:payments-trend' && kind !== 'widget:sales-amount' && kind !== 'widget:number') {
    expect(widgets.some((w) => has(w, '.empty')), 'a widget says it is empty').to.equal(true);
  }
  if (state === 'compare') expect(widgets.some((w) => has(w, '[data-delta]')), 'a change is shown').to.equal(true);
}

const label = (v: Variant) => `${v.theme}/${v.dir}/${v.locale}`;

describe('a11y matrix (issue 7)', () => {
  before(async () => {
    await loadMessages('fr');
    await setViewport({ width: 1280, height: 900 });
  });

  afterEach(() => clearStoredLayouts());

  describe('axe: zero violations', () => {
    for (const state of Object.keys(STATES) as State[]) {
      const variants = state === 'loaded' ? ALL_VARIANTS : TWO_VARIANTS;
      for (const kind of STATES[state]) {
        for (const v of variants) {
          it(`${kind} · ${state} · ${label(v)}`, async () => {
            const { host } = await build(kind, state, v);
            checkReached(host, kind, state, v);
            try {
              await expect(host).to.be.accessible();
            } finally {
              closeAll(host);
            }
          });
        }
      }
    }
  });

  // ─── 320 px ──────────────────────────────────────────────────────────────────────────────────

  describe('320 px reflow', () => {
    let margin = '';
    before(async () => {
      // The container starts at the page's left edge, so 320 px of container = 320 px of viewport.
      margin = document.body.style.margin;
      document.body.style.margin = '0';
      await setViewport({ width: 320, height: 800 });
    });
    after(async () => {
      document.body.style.margin = margin;
      await setViewport({ width: 1280, height: 900 });
    });

    /** Elements wider than `container`, or scrolling horizontally, through shadow roots. */
    function overflowing(host: HTMLElement, container: HTMLElement): string[] {
      const out: string[] = [];
      const right = container.getBoundingClientRect().right;
      const left = container.getBoundingClientRect().left;
      if (host.scrollWidth > host.clientWidth + 1) out.push(`${host.localName} scrolls (${host.scrollWidth} > ${host.clientWidth})`);
      const walk = (node: Element | ShadowRoot) => {
        for (const el of node.querySelectorAll('*')) {
          // Screen-reader-only content is clipped to 1 px (its own box is checked through the host's scroll size).
          if (el.closest('.visually-hidden')) continue;
          const style = getComputedStyle(el);
          if (el instanceof HTMLElement && el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && style.overflowX !== 'hidden' && style.overflowX !== 'clip') {
            out.push(`${describeEl(el)} scrolls (${el.scrollWidth} > ${el.clientWidth})`);
          }
          const r = el.getBoundingClientRect();
          const inDialog = el.closest('dialog') !== null || el.localName === 'dialog';
          // A dialog's content sits in the top layer: measured against the viewport.
          const max = inDialog ? document.documentElement.clientWidth : right;
          const min = inDialog ? 0 : left;
          if (r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && (r.right > max + 1 || r.left < min - 1)) {
            out.push(`${describeEl(el)} sticks out (${Math.round(r.left)}…${Math.round(r.right)} of ${Math.round(min)}…${Math.round(max)})`);
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      if (host.shadowRoot) walk(host.shadowRoot);
      return out;
    }

    for (const variant of ['full', 'card'] as const) {
      for (const dir of DIRS) {
        it(`profile ${variant} (${dir}): nothing wider than 320 px, no horizontal scroll, drill-down open too`, async () => {
          const wrap = await fixture<HTMLDivElement>(html`<div dir=${dir} style="inline-size:320px">
            <crm-profile variant=${variant} entity-type="contact" entity-id="1" period="all-time" locale="en" time-zone="UTC"
              storage-key=${uniqueKey()} editable .adapter=${adapter}></crm-profile></div>`);
          const p = wrap.querySelector('crm-profile')!;
          await profileSettled(p);
          await aTimeout(50); // charts laid out
          expect(p.getBoundingClientRect().width).to.be.at.most(320);
          expect(overflowing(p, wrap), 'overflow').to.deep.equal([]);
          expect(document.documentElement.scrollWidth, 'page scroll (1 px of rounding)').to.be.at.most(321);
          // Activities (channel widget) and deals (system widget): the two widest record tables.
          for (const [w, id] of [[widgetsOf(p)[1]!, shown(widgetsOf(p)[1]!).find((f) => f.clickable)!.id], [widgetsOf(p)[0]!, 'won-value']] as const) {
            const panel = await openFigure(w, id);
            finishAnimations(p);
            await aTimeout(20);
            expect(overflowing(p, wrap), `overflow with the drill-down of ${w.type} › ${id} open`).to.deep.equal([]);
            expect(document.documentElement.scrollWidth, 'page scroll with the drill-down open (1 px of rounding)').to.be.at.most(321);
            // One record per block, each value beside its column's name with room for its words
            // (squeezed into columns, "Stage" read "S/t/a/g/e").
            const root = panel.shadowRoot!;
            const headers = [...root.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
            const row = root.querySelector('tbody tr')!;
            expect(getComputedStyle(row).display, 'a record is a block').to.equal('block');
            for (const td of row.querySelectorAll<HTMLElement>('td')) {
              expect(headers, 'the name beside a value is its column\'s').to.include(td.dataset.label);
              const [, value] = getComputedStyle(td).gridTemplateColumns.split(' ');
              expect(parseFloat(value!), `room for the value of ${td.dataset.label}`).to.be.at.least(150);
            }
            await expect(panel).to.be.accessible();
            await closePanel(panel);
          }
        });
      }
    }
  });

  // ─── reduced motion ──────────────────────────────────────────────────────────────────────────

  describe('reduced motion', () => {
    before(async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
    });
    after(async () => {
      await emulateMedia({ reducedMotion: 'no-preference' });
    });

    it('the detail panel opens without a running slide animation', async () => {
      expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.equal(true);
      const w = await fixture<CrmWidget>(html`<crm-widget type="sales-amount" entity-type="contact" entity-id="1" period="last-90-days"
        locale="en" time-zone="UTC" .adapter=${adapter}></crm-widget>`);
      await widgetReady(w);
      const button = figureButton(w, 'won-value')!;
      const opened = oneEvent(w, 'crm-detail-open');
      button.click();
      await opened;
      const panel = panelOf(w);
      await panel.updateComplete;
      const dialog = panel.shadowRoot!.querySelector('dialog')!;
      await waitUntil(() => dialog.open, 'the panel did not open');
      const running = dialog.getAnimations({ subtree: true }).filter((a) => {
        const d = Number(a.effect?.getComputedTiming().duration ?? 0);
        return a.playState === 'running' && d > 1;
      });
      expect(running.map((a) => (a as CSSAnimation).animationName ?? a.id), 'running animations').to.deep.equal([]);
      const cs = getComputedStyle(dialog);
      const secs = (s: string) => Math.max(...s.split(',').map((x) => parseFloat(x) * (x.trim().endsWith('ms') ? 0.001 : 1)));
      expect(secs(cs.animationDuration), 'animation-duration').to.be.at.most(0.001);
      expect(secs(cs.transitionDuration), 'transition-duration').to.be.at.most(0.001);
      await closePanel(panel);
    });

    it('charts are drawn with animation off', async () => {
      const w = await fixture<CrmWidget>(html`<crm-widget type="payments-trend" entity-type="contact" entity-id="1" period="last-90-days"
        locale="en" time-zone="UTC" .adapter=${adapter}></crm-widget>`);
      await widgetReady(w);
      const { Chart } = await loadChartJs();
      const canvas = $<HTMLCanvasElement>(w, 'canvas');
      expect(canvas !== null, 'the widget draws a chart').to.equal(true);
      await waitUntil(() => Chart.getChart(canvas!) !== undefined, 'no chart on the canvas');
      const chart = Chart.getChart(canvas!)!;
      expect(chart.options.animation === false, 'chart.js animation is off').to.equal(true);
    });
  });

  // ─── keyboard only ───────────────────────────────────────────────────────────────────────────

  describe('keyboard-only walk', () => {

    it('period, drill-down with sort, settings, remove + Undo, explanation: focus asserted at each step', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div><button id="start">Start</button>
        <crm-profile entity-type="contact" entity-id="1" period="last-30-days" locale="en" time-zone="UTC" editable
          storage-key=${uniqueKey()} layout="system, load-by-channel, sales-amount" .adapter=${adapter}></crm-profile></div>`);
      const p = wrap.querySelector('crm-profile')!;
      await profileSettled(p);
      const picker = $<CrmPeriodPicker>(p, 'crm-period-picker')!;
      const start = wrap.querySelector<HTMLButtonElement>('#start')!;

      // 1. Period: Tab to the picker, open, choose a preset, focus back on it.
      start.focus();
      await tabTo(() => pickerButton(picker), 'the period picker');
      await press('Enter');
      await picker.updateComplete;
      expectFocusOn(picker.shadowRoot!.querySelector('#listbox'), 'the list of periods');
      await press('ArrowDown');
      await press('ArrowDown');
      const changed = oneEvent(p, 'crm-period-change');
      await press('Enter');
      await changed;
      await picker.updateComplete;
      expectFocusOn(pickerButton(picker), 'the period picker button');
      expect(p.period).to.equal('last-90-days');
      await profileSettled(p);

      // 2. Drill-down: Tab to a number, Enter, focus in the panel, sort with Enter, Escape, focus back.
      const w3 = widgetsOf(p)[2]!;
      await tabTo(() => figureButton(w3, 'won-value'), 'the "Won" number of Sales amount');
      const opened = oneEvent(p, 'crm-detail-open');
      await press('Enter');
      await opened;
      const panel = panelOf(w3);
      await waitUntil(() => has(panel, '.summary .total'), 'the panel did not load');
      expect(deepActive()?.getRootNode() === panel.shadowRoot, `focus is in the panel, not on ${describeEl(deepActive())}`).to.equal(true);
      const sortable = () => panel.shadowRoot!.querySelector<HTMLElement>('th button, th[tabindex], [aria-sort] button');
      expect(sortable() !== null, 'the panel has a sortable column header').to.equal(true);
      await tabTo(sortable, 'a sortable column header', { max: 30 });
      const header = sortable()!;
      const th = header.closest('th') ?? header;
      const before = th.getAttribute('aria-sort');
      await press('Enter');
      await panel.updateComplete;
      await waitUntil(() => (sortable()!.closest('th') ?? sortable()!).getAttribute('aria-sort') !== before, 'Enter did not sort');
      expect(['ascending', 'descending']).to.include((sortable()!.closest('th') ?? sortable()!).getAttribute('aria-sort'));
      expect(deepActive()?.getRootNode() === panel.shadowRoot, `focus stays in the panel after sorting, is on ${describeEl(deepActive())}`).to.equal(true);
      const closed = oneEvent(panel, 'close');
      await press('Escape');
      await closed;
      expectFocusOn(figureButton(w3, 'won-value'), 'the number that opened the panel');

      // 3. Settings: gear, Enter → Settings, type a title, Save (Enter), focus back on the gear.
      const w2 = widgetsOf(p)[1]!;
      await tabTo(() => gearOf(w2), 'the gear of Load by channel', { back: true });
      const dialog = await typeTitleInSettings(w2, 'Channels');
      const saved = oneEvent(p, 'crm-layout-change');
      await press('Enter');
      await saved;
      await waitUntil(() => !dialog.open, 'the settings dialog did not close');
      expectFocusOn(gearOf(w2), 'the gear of the widget');
      await w2.updateComplete;
      expect($(w2, 'h3')!.textContent).to.equal('Channels');

      // 4. Edit mode: Edit layout, Delete on a handle removes, Enter on Undo brings it back.
      const editButton = () => $$<HTMLButtonElement>(p, '.toolbar button').find((b) => /Edit layout|Done/.test(b.textContent!)) ?? null;
      await tabTo(editButton, 'the Edit layout button', { back: true });
      await press('Enter');
      await p.updateComplete;
      expectFocusOn(editButton(), 'the Done button');
      expect(editButton()!.getAttribute('aria-pressed')).to.equal('true');
      const handle = () => $<HTMLButtonElement>(p, '.handle[data-id="w3"]');
      await tabTo(handle, 'the handle of Sales amount');
      await press('Delete');
      await p.updateComplete;
      expect(widgetsOf(p).map((w) => w.widgetId)).to.not.include('w3');
      const undo = () => $$<HTMLButtonElement>(p, '.undo button').find((b) => b.textContent!.includes('Undo')) ?? null;
      expectFocusOn(undo(), 'the Undo button');
      await press('Enter');
      await p.updateComplete;
      expect(widgetsOf(p).map((w) => w.widgetId)).to.include('w3');
      const back = deepActive();
      expect(back !== null && back !== document.body, 'focus is not lost after Undo').to.equal(true);
      await tabTo(editButton, 'the Done button', { back: true, max: 40 });
      await press('Enter');
      await p.updateComplete;
      expect(editButton()!.getAttribute('aria-pressed')).to.equal('false');

      // 5. Explanation: Enter on ⓘ opens, Escape closes, focus back on ⓘ.
      const restored = widgetsOf(p).find((w) => w.widgetId === 'w3')!;
      await profileSettled(p);
      const info = () => $<HTMLButtonElement>(restored, '.info-button');
      await tabTo(info, 'the ⓘ of Sales amount', { back: true });
      await press('Enter');
      await waitUntil(() => has(restored, '#explain'), 'the explanation did not open');
      expect(info()!.getAttribute('aria-expanded')).to.equal('true');
      await press('Escape');
      await restored.updateComplete;
      expect(has(restored, '#explain')).to.equal(false);
      expectFocusOn(info(), 'the ⓘ button');
    });
  });
});
