/** `<crm-profile editable>` and the custom number widget: added from the Add menu, configured, stored. */
import { expect, fixture, html, waitUntil, aTimeout } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile, LayoutChangeDetail } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { STORAGE_PREFIX } from '../../src/controllers/layout-store.js';
import type { Layout, WidgetSettings } from '../../src/widgets/types.js';
import {
  $, $$, adapter, clearStoredLayouts, expectFocusOn, expectedFigures, gearOf, isSettled, loaded, metricsFor, oneEvent, press,
  settingsOf, shown, titleOf,
} from './widget-helpers.js';

let n = 0;
const key = () => `profile-number-test-${Date.now()}-${++n}`;

async function mount(storageKey: string, items?: Layout['items']): Promise<CrmProfile> {
  if (items) localStorage.setItem(STORAGE_PREFIX + storageKey, JSON.stringify({ version: 1, items }));
  const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="all-time" locale="en"
    time-zone="UTC" storage-key=${storageKey} editable .adapter=${adapter}></crm-profile>`);
  await waitUntil(() => $$<CrmWidget>(p, 'crm-widget').length > 0 && $$<CrmWidget>(p, 'crm-widget').every(isSettled), 'the profile did not load', { timeout: 8000 });
  return p;
}

describe('<crm-profile editable> and the custom number', () => {
  afterEach(() => clearStoredLayouts());

  it('Add widget → "Custom number" adds it (won deals, side by side); its settings are saved in the layout', async () => {
    const storageKey = key();
    const p = await mount(storageKey, [{ id: 'w1', type: 'system', settings: {} }, { id: 'w2', type: 'sales-amount', settings: {} }]);
    const addButton = $<HTMLButtonElement>(p, '.add-button')!;
    addButton.focus();
    await press('Enter');
    await p.updateComplete;
    const entries = $$<HTMLButtonElement>(p, '.add-menu [role="menuitem"]');
    expect(entries.at(-1)!.textContent).to.equal('Custom number');
    await press('End');
    expectFocusOn(entries.at(-1), 'the "Custom number" entry');
    const added = oneEvent<LayoutChangeDetail>(p, 'crm-layout-change');
    await press('Enter');
    const { detail } = await added;
    expect(detail.reason).to.equal('add');
    expect(detail.layout.items.at(-1)).to.deep.equal({ id: 'w3', type: 'number', settings: {} });
    const w = $<CrmWidget>(p, 'crm-widget[widget-id="w3"]')!;
    await loaded(w);
    expect(titleOf(w)).to.equal('Custom number');
    expect($(p, '[role="status"]')!.textContent).to.equal('Widget “Custom number” added');
    // The same won-deals value as the system widget's.
    const system = $<CrmWidget>(p, 'crm-widget[widget-id="w1"]')!;
    expect(shown(w)).to.deep.equal([shown(system).find((f) => f.id === 'won-value')]);
    expectFocusOn(gearOf(w), 'the gear of the added widget');
    await expect(w).to.be.accessible();

    // Configure it: a difference of invoice amounts.
    gearOf(w)!.click();
    await w.updateComplete;
    $<HTMLButtonElement>(w, '[role="menuitem"]')!.click();
    const dialog = settingsOf(w);
    await waitUntil(() => dialog.open, 'the settings dialog did not open');
    const root = dialog.shadowRoot!;
    const pick = (i: number, value: string) => {
      const s = root.querySelector<HTMLSelectElement>(`#f-metric-${i}`)!;
      s.value = value;
      s.dispatchEvent(new Event('change'));
    };
    pick(0, 'invoice-issued');
    pick(1, 'invoice-paid');
    root.querySelector<HTMLInputElement>('input[name="op"][value="difference"]')!.click();
    await dialog.updateComplete;
    const changed = oneEvent<LayoutChangeDetail>(p, 'crm-layout-change');
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    const settings: WidgetSettings = { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' };
    expect((await changed).detail.layout.items.at(-1)).to.deep.equal({ id: 'w3', type: 'number', settings });
    await aTimeout(0);
    await loaded(w);
    const expected = expectedFigures('number', await metricsFor('number', 'all-time', undefined, settings), settings);
    await waitUntil(() => JSON.stringify(shown(w).map((f) => f.text)) === JSON.stringify(expected.map((e) => e.text)), 'the number did not follow');
    expect(titleOf(w)).to.equal('Invoiced − Paid');

    // Stored, and read back by another profile on the same key.
    const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + storageKey)!) as Layout;
    expect(stored.items.at(-1)).to.deep.equal({ id: 'w3', type: 'number', settings });
    const again = await mount(storageKey);
    const w2 = $<CrmWidget>(again, 'crm-widget[widget-id="w3"]')!;
    await loaded(w2);
    expect(w2.type).to.equal('number');
    expect(shown(w2).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
  });

  it('a layout attribute with a custom number (JSON) is shown, repaired where needed', async () => {
    const layout = JSON.stringify({ version: 1, items: [
      { id: 's', type: 'system', settings: {} },
      { id: 'n', type: 'number', settings: { metrics: ['invoice-paid', 'nope', 'invoice-issued'], op: 'percentage', title: 'Paid share' } },
    ] });
    const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="all-time" locale="en"
      time-zone="UTC" storage-key=${key()} layout=${layout} .adapter=${adapter}></crm-profile>`);
    await waitUntil(() => $$<CrmWidget>(p, 'crm-widget').length === 2, 'the layout was not read');
    const w = $<CrmWidget>(p, 'crm-widget[widget-id="n"]')!;
    await loaded(w);
    expect(p.layout.items[1]!.settings).to.deep.equal({ title: 'Paid share', metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' });
    expect(titleOf(w)).to.equal('Paid share');
    expect(shown(w).map((f) => f.id)).to.deep.equal(['result', 'invoice-paid', 'invoice-issued']);
  });
});
