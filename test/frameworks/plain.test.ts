/**
 * demo/plain.html: plain HTML, attributes only, one module script. The page is loaded as it is in an
 * iframe (its own script registers the elements and wires the picker to the widget); what the user
 * sees must be the demo data's numbers.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { resolvePeriod } from '../../src/core/period.js';
import { WIDGET_CATALOG } from '../../src/widgets/catalog.js';
import type { WidgetSettings, WidgetType } from '../../src/widgets/types.js';
import {
  $, $$, CONTACT_1, adapter, clearStoredLayouts, expectedFigures, isSettled, loaded, reference, shown, titleOf,
} from '../elements/widget-helpers.js';

const PAGE = '/demo/plain.html';
/** No time-zone attribute on the page: the elements use the browser's. */
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The numbers a widget of the page must show (the page's `source="demo"` is the demo data of seed 1). */
async function expectedFor(type: WidgetType, period: string, settings: WidgetSettings = {}) {
  const values = await evaluateMetrics(adapter, {
    client: CONTACT_1, period: resolvePeriod(period, adapter.now, BROWSER_ZONE, 'en'), now: adapter.now, locale: 'en',
    currency: reference.baseCurrency, ...(reference.rates ? { rates: reference.rates } : {}),
  }, WIDGET_CATALOG[type].metrics(settings));
  return expectedFigures(type, values, settings).map((f) => [f.id, f.text]);
}

let frame: HTMLIFrameElement | undefined;

async function openPage(): Promise<Document> {
  frame = document.body.appendChild(document.createElement('iframe'));
  frame.title = 'plain.html';
  frame.style.cssText = 'inline-size: 1200px; block-size: 900px; border: 0';
  const loadedPage = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
  frame.src = PAGE;
  await loadedPage;
  const win = frame.contentWindow as Window & typeof globalThis;
  await waitUntil(() => win.customElements.get('crm-widget') !== undefined, 'the page did not register the elements');
  return frame.contentDocument!;
}

afterEach(() => {
  frame?.remove();
  frame = undefined;
  clearStoredLayouts();
});

describe('plain HTML (demo/plain.html)', () => {
  it('has one module script and no other script, and sets nothing but attributes', async () => {
    const doc = new DOMParser().parseFromString(await (await fetch(PAGE)).text(), 'text/html');
    // (The test server adds its own /__web-dev-server__ script to every page it serves.)
    const scripts = [...doc.querySelectorAll('script')].filter((s) => !s.src.includes('/__web-dev-server'));
    expect(scripts.map((s) => s.type)).to.deep.equal(['module']);
    const code = scripts[0]!.textContent!;
    // Only the one listener copying the picked period into the widget's attribute.
    expect(code.match(/\.setAttribute\(/g)).to.have.length(1);
    expect(/\.(adapter|settings|layout|period|value)\s*=/.test(code)).to.equal(false);
    expect([...doc.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.startsWith('on')))).to.equal(false);
  });

  it('shows the client and the demo data’s numbers; the picker drives the widget through its period attribute', async () => {
    const doc = await openPage();
    const p = doc.querySelector('crm-profile')!;
    const client = await adapter.getClient(CONTACT_1);
    await waitUntil(() => $(p, '.client h2')?.textContent === client.name, 'the header did not show the client', { timeout: 8000 });
    const inProfile = $$<CrmWidget>(p, 'crm-widget').find((w) => w.type === 'load-by-channel')!;
    await loaded(inProfile, 8000);
    expect(shown(inProfile).map((f) => [f.id, f.text])).to.deep.equal(await expectedFor('load-by-channel', 'last-90-days'));

    const w = doc.querySelector<CrmWidget>('#plain-widget')!;
    await loaded(w, 8000);
    const settings = { title: 'Calls and e-mails', chart: 'bar' } as const;
    expect(w.settings, 'the settings attribute, parsed').to.deep.equal(settings);
    expect(titleOf(w)).to.equal('Calls and e-mails');
    const before = await expectedFor('load-by-channel', 'last-90-days', settings);
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(before);

    const picker = doc.querySelector<CrmPeriodPicker>('#plain-picker')!;
    picker.shadowRoot!.querySelector<HTMLButtonElement>('#button')!.click();
    await picker.updateComplete;
    picker.shadowRoot!.querySelector<HTMLElement>('#option-last-7-days')!.click();
    await waitUntil(() => w.getAttribute('period') === 'last-7-days', 'the page did not copy the period to the widget');
    await loaded(w, 8000);
    const after = await expectedFor('load-by-channel', 'last-7-days', settings);
    expect(after).not.to.deep.equal(before);
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(after);
  });

  it('the page’s markup is accessible', async () => {
    const doc = new DOMParser().parseFromString(await (await fetch(PAGE)).text(), 'text/html');
    const main = document.body.appendChild(document.createElement('div'));
    main.lang = 'en';
    main.innerHTML = doc.querySelector('main')!.innerHTML;
    try {
      const p = main.querySelector('crm-profile')!;
      const widgets = () => [...$$<CrmWidget>(p, 'crm-widget'), main.querySelector('crm-widget')!];
      await waitUntil(() => $(p, '.client h2') !== null && widgets().every(isSettled), 'the page did not settle', { timeout: 8000 });
      await expect(main).to.be.accessible();
    } finally {
      main.remove();
    }
  });
});
