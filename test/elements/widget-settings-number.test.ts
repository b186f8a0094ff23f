/** The settings dialog of the custom number widget: metric pickers, combination, refused combinations. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/widget-settings/define.js';
import type { CrmWidgetSettings } from '../../src/elements/widget-settings/widget-settings.js';
import { loadMessages } from '../../src/i18n/index.js';
import { NUMBER_METRICS } from '../../src/widgets/number.js';
import type { WidgetSettings } from '../../src/widgets/types.js';

async function setup(settings: WidgetSettings, locale = 'en') {
  const el = await fixture<CrmWidgetSettings>(html`<crm-widget-settings type="number" .settings=${settings} locale=${locale}></crm-widget-settings>`);
  const changes: WidgetSettings[] = [];
  el.addEventListener('crm-widget-settings-change', (e) => changes.push((e as CustomEvent<{ settings: WidgetSettings }>).detail.settings));
  await el.show();
  for (const a of el.shadowRoot!.querySelector('dialog')!.getAnimations({ subtree: true })) a.finish();
  return { el, changes, root: el.shadowRoot! };
}

const select = (root: ShadowRoot, i: number) => root.querySelector<HTMLSelectElement>(`#f-metric-${i}`)!;
async function pick(el: CrmWidgetSettings, i: number, value: string) {
  const s = select(el.shadowRoot!, i);
  s.value = value;
  s.dispatchEvent(new Event('change'));
  await el.updateComplete;
}
async function op(el: CrmWidgetSettings, value: string) {
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="op"][value="${value}"]`)!.click();
  await el.updateComplete;
}
const problem = (root: ShadowRoot) => root.querySelector('#number-problem')?.textContent ?? null;
const fields = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[data-field]')].map((f) => f.dataset.field);

describe('<crm-widget-settings type="number">', () => {
  before(() => loadMessages('fr'));

  it('three metric pickers (number metrics only, grouped by unit) and the combination', async () => {
    const { root } = await setup({ metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' });
    expect(fields(root).slice(0, 6)).to.deep.equal(['title', 'period', 'metrics', 'op', 'invoiceStages', 'color']);
    expect([0, 1, 2].map((i) => select(root, i).value)).to.deep.equal(['invoice-issued', 'invoice-paid', '']);
    const first = select(root, 0);
    expect([...first.querySelectorAll('optgroup')].map((g) => g.label)).to.deep.equal(['Amounts', 'Counts', 'Percentages', 'Ratios']);
    expect([...first.options].map((o) => o.value).sort()).to.deep.equal([...NUMBER_METRICS].sort());
    expect(select(root, 1).options[0]!.textContent).to.equal('None');
    expect([...root.querySelectorAll('[data-field="metrics"] label')].map((l) => l.textContent)).to.deep.equal(['Number 1', 'Number 2', 'Number 3']);
    expect([...root.querySelectorAll<HTMLInputElement>('input[name="op"]')].map((i) => [i.value, i.checked])).to.deep.equal([
      ['none', false], ['sum', false], ['difference', true], ['percentage', false],
    ]);
    expect(root.querySelector('h2')!.textContent).to.equal('Settings: Invoiced − Paid');
  });

  it('new: the value of won deals, side by side', async () => {
    const { el, root, changes } = await setup({});
    expect([0, 1, 2].map((i) => select(root, i).value)).to.deep.equal(['won-value', '', '']);
    expect(root.querySelector<HTMLInputElement>('input[name="op"]:checked')!.value).to.equal('none');
    expect(root.querySelector('h2')!.textContent).to.equal('Settings: Custom number');
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await el.updateComplete;
    expect(changes).to.deep.equal([{ metrics: ['won-value'], op: 'none' }]);
  });

  it('says what is wrong, in words, for every refused combination', async () => {
    const { el, root, changes } = await setup({ metrics: ['won-value'] });
    await op(el, 'sum');
    expect(problem(root)).to.equal('A sum or a difference needs at least two numbers: choose a second one.');
    await pick(el, 1, 'load-by-channel');
    expect(problem(root)).to.equal('Value of won deals (an amount) and Load by channel (a count) cannot be added or subtracted: only amounts with amounts, or counts with counts.');
    await pick(el, 1, 'won-value');
    expect(problem(root)).to.equal('Value of won deals is chosen twice: choose different numbers.');
    await pick(el, 1, 'sales-open');
    expect(problem(root)).to.equal(null);
    await pick(el, 2, 'sales-lost');
    await op(el, 'percentage');
    expect(problem(root)).to.equal('A percentage divides the first number by the second: choose exactly two numbers.');
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await el.updateComplete;
    expect(changes).to.deep.equal([]);
    expect(el.open).to.equal(true);
    await expect(el).to.be.accessible();
    await pick(el, 2, '');
    expect(problem(root)).to.equal(null);
    const closed = oneEvent(el, 'close');
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await closed;
    expect(changes).to.deep.equal([{ metrics: ['won-value', 'sales-open'], op: 'percentage' }]);
  });

  it('filters that narrow none of the chosen metrics are hidden and not saved', async () => {
    const { el, root, changes } = await setup({ metrics: ['conversion'], channels: ['call'], pipelines: ['0'] });
    expect(fields(root)).to.include.members(['pipelines', 'dealStages', 'channels', 'directions', 'completed']);
    await pick(el, 0, 'invoice-paid');
    expect(fields(root)).not.to.include.members(['pipelines']);
    expect(fields(root)).to.include('invoiceStages');
    expect(fields(root).filter((f) => ['pipelines', 'dealStages', 'channels', 'directions', 'completed'].includes(f!))).to.deep.equal([]);
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await el.updateComplete;
    expect(changes).to.deep.equal([{ metrics: ['invoice-paid'], op: 'none' }]);
  });

  it('in French', async () => {
    const { el, root } = await setup({ metrics: ['conversion', 'won-value'], op: 'percentage' }, 'fr');
    expect([...root.querySelectorAll('[data-field="metrics"] > legend, [data-field="op"] > legend')].map((l) => l.textContent))
      .to.deep.equal(['Nombres', 'Combinaison']);
    expect(root.querySelector('h2')!.textContent).to.equal('Paramètres : Conversion en pourcentage de Montant des affaires gagnées');
    await op(el, 'sum');
    expect(problem(root)).to.equal('« Conversion » est un pourcentage : les pourcentages et les ratios ne s’additionnent pas. '
      + 'Affichez les nombres côte à côte, ou en pourcentage.');
    await expect(el).to.be.accessible();
  });
});
