import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/widget-settings/define.js';
import { CrmWidgetSettings } from '../../src/elements/widget-settings/widget-settings.js';
import type { ReferenceData } from '../../src/core/model.js';
import type { WidgetSettings, WidgetType } from '../../src/widgets/types.js';
import { VERSION } from '../../src/version.js';

const reference: ReferenceData = {
  pipelines: [{ id: '0', name: 'Sales' }, { id: '1', name: 'Partners' }],
  stages: [
    { id: 'NEW', pipelineId: '0', kind: 'deal', name: 'New', semantic: 'open' },
    { id: 'WON', pipelineId: '0', kind: 'deal', name: 'Won', semantic: 'won' },
    { id: 'C1:NEW', pipelineId: '1', kind: 'deal', name: 'Request', semantic: 'open' },
    { id: 'C1:WON', pipelineId: '1', kind: 'deal', name: 'Won', semantic: 'won' },
    { id: 'N', kind: 'invoice', name: 'New', semantic: 'open' },
    { id: 'P', kind: 'invoice', name: 'Paid', semantic: 'paid' },
  ],
  currencies: ['EUR'],
  baseCurrency: 'EUR',
};

interface Setup {
  el: CrmWidgetSettings;
  opener: HTMLButtonElement;
  changes: WidgetSettings[];
  closes: number;
}

async function setup(type: WidgetType, settings: WidgetSettings = {}, attrs: { locale?: string; theme?: 'dark' } = {}): Promise<Setup> {
  const wrap = await fixture<HTMLDivElement>(html`<div>
    <button id="opener">Settings</button>
    <crm-widget-settings .type=${type} .settings=${settings} .reference=${reference}
      locale=${attrs.locale ?? 'en'} theme=${attrs.theme ?? 'light'}></crm-widget-settings>
  </div>`);
  const el = wrap.querySelector('crm-widget-settings')!;
  const opener = wrap.querySelector('button')!;
  const s: Setup = { el, opener, changes: [], closes: 0 };
  wrap.addEventListener('crm-widget-settings-change', (e) => s.changes.push((e as CustomEvent<{ settings: WidgetSettings }>).detail.settings));
  el.addEventListener('close', () => s.closes++);
  opener.focus();
  await el.show(opener);
  return s;
}

const root = (el: CrmWidgetSettings) => el.shadowRoot!;
const dialogOf = (el: CrmWidgetSettings) => root(el).querySelector('dialog')!;
const fieldsOf = (el: CrmWidgetSettings) => [...root(el).querySelectorAll<HTMLElement>('[data-field]')].map((f) => f.dataset.field);
const focused = (el: CrmWidgetSettings) => root(el).activeElement as HTMLElement | null;
const legends = (el: CrmWidgetSettings) => [...root(el).querySelectorAll('[data-field] > legend, [data-field] > label')].map((l) => l.textContent!.trim());
const press = (key: string) => sendKeys({ press: key });
async function tab(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await press('Tab');
}
async function saveWithKeyboard(el: CrmWidgetSettings): Promise<void> {
  root(el).querySelector<HTMLButtonElement>('[part~="save-button"]')!.focus();
  await press('Enter');
  await el.updateComplete;
}

describe('<crm-widget-settings>', () => {
  it('is defined by define.ts with the suite version', () => {
    expect(customElements.get('crm-widget-settings')).to.equal(CrmWidgetSettings);
    expect(CrmWidgetSettings.version).to.equal(VERSION);
  });

  describe('fields', () => {
    const cases: [WidgetType, string[]][] = [
      ['load-by-channel', ['title', 'period', 'channels', 'directions', 'completed', 'chart', 'color', 'compare']],
      ['deal-conversion', ['title', 'period', 'count', 'pipelines', 'dealStages', 'color', 'compare']],
      ['invoice-amounts', ['title', 'period', 'invoiceStages', 'color', 'compare']],
      ['payments-trend', ['title', 'period', 'pipelines', 'chart', 'grouping', 'color', 'compare']],
      // A channel has no numeric change to show.
      ['preferred-channel', ['title', 'period', 'channels', 'completed', 'color']],
    ];
    for (const [type, fields] of cases) {
      it(`${type}: exactly ${fields.join(', ')}`, async () => {
        const { el } = await setup(type);
        expect(fieldsOf(el)).to.deep.equal(fields);
      });
    }

    it('the system widget has no fields and only a Close button', async () => {
      const { el } = await setup('system');
      expect(fieldsOf(el)).to.deep.equal([]);
      expect(root(el).querySelector('.fields')!.textContent!.trim()).to.equal('This widget has no settings.');
      expect(root(el).querySelector('[part~="save-button"]')).to.equal(null);
      expect(root(el).querySelector('[part~="cancel-button"]')!.textContent!.trim()).to.equal('Close');
    });

    it('labels every control (en) and offers the type\'s charts, presets and channels', async () => {
      const { el } = await setup('load-by-channel');
      expect(legends(el)).to.deep.equal(['Title', 'Period', 'Channels', 'Direction', 'Completed activities only', 'Chart', 'Colour', 'Compare with']);
      const title = root(el).querySelector<HTMLInputElement>('#f-title')!;
      expect(title.placeholder).to.equal('Load by channel');
      const period = root(el).querySelector<HTMLSelectElement>('#f-period')!;
      expect([...period.options].map((o) => o.value).slice(0, 4)).to.deep.equal(['', 'today', 'yesterday', 'current-week']);
      expect(period.options[0]!.textContent).to.equal('Follow the page period');
      expect(period.options).to.have.length(16);
      const radio = (name: string) => [...root(el).querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].map((i) => i.value);
      expect(radio('chart')).to.deep.equal(['doughnut', 'bar', 'table']);
      expect(radio('color')).to.deep.equal(['', 'blue', 'green', 'orange', 'purple', 'red', 'teal', 'grey']);
      expect(radio('channels')).to.deep.equal(['call', 'email', 'meeting', 'chat', 'sms', 'webform', 'task', 'todo', 'other']);
      expect(radio('directions')).to.deep.equal(['in', 'out', 'none']);
      expect(root(el).querySelectorAll('.swatch.swatch-teal')).to.have.length(1);
      expect(root(el).querySelectorAll('[style]')).to.have.length(0);
    });

    it('in a 280 px window, the dialog fits and a choice longer than its select ends in "…"', async () => {
      await setViewport({ width: 280, height: 700 });
      try {
        const { el } = await setup('load-by-channel');
        const box = dialogOf(el).getBoundingClientRect();
        expect(box.left).to.be.at.least(0);
        expect(box.right).to.be.at.most(280);
        const period = root(el).querySelector<HTMLSelectElement>('#f-period')!;
        expect(period.getBoundingClientRect().right).to.be.at.most(box.right);
        // "Follow the page period" is wider than the select here: it ends in an ellipsis, not mid-word.
        const probe = document.body.appendChild(document.createElement('span'));
        probe.style.font = getComputedStyle(period).font;
        probe.textContent = period.options[0]!.textContent;
        const textWidth = probe.getBoundingClientRect().width;
        probe.remove();
        expect(textWidth, 'the test needs a choice wider than the select').to.be.above(period.clientWidth - 40);
        expect(getComputedStyle(period).textOverflow).to.equal('ellipsis');
        await expect(el).to.be.accessible();
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });

    it('labels every control in French', async () => {
      const { el } = await setup('deal-conversion', {}, { locale: 'fr' });
      expect(legends(el)).to.deep.equal(['Titre', 'Période', 'Affaires comptées', 'Pipelines', 'Étapes des affaires', 'Couleur', 'Comparer avec']);
      expect(root(el).querySelector('h2')!.textContent).to.equal('Paramètres : Conversion des affaires');
      expect(root(el).querySelector<HTMLSelectElement>('#f-period')!.options[0]!.textContent).to.equal('Suivre la période de la page');
      expect(root(el).querySelector('[part~="save-button"]')!.textContent!.trim()).to.equal('Enregistrer');
    });

    it('groups deal stages by pipeline in nested fieldsets, keeps unknown selected ids', async () => {
      const { el } = await setup('sales-amount', { dealStages: ['C1:WON', 'GONE'] });
      const groups = [...root(el).querySelectorAll('[data-field="dealStages"] fieldset')];
      expect(groups.map((g) => g.querySelector('legend')!.textContent)).to.deep.equal(['Sales', 'Partners', 'Other stages']);
      expect(groups.map((g) => [...g.querySelectorAll('label')].map((l) => l.textContent!.trim()))).to.deep.equal([
        ['New', 'Won'], ['Request', 'Won'], ['GONE (no longer available)'],
      ]);
      const checked = [...root(el).querySelectorAll<HTMLInputElement>('input[name="dealStages"]:checked')].map((i) => i.value);
      expect(checked).to.deep.equal(['C1:WON', 'GONE']);
    });

    it('invoice stages as one group; a fixed non-preset period stays selectable', async () => {
      const { el } = await setup('invoice-amounts', { period: 'month:2026-03', invoiceStages: ['P'] });
      expect([...root(el).querySelectorAll<HTMLInputElement>('input[name="invoiceStages"]')].map((i) => [i.value, i.checked]))
        .to.deep.equal([['N', false], ['P', true]]);
      const period = root(el).querySelector<HTMLSelectElement>('#f-period')!;
      expect(period.value).to.equal('month:2026-03');
      expect(period.selectedOptions[0]!.textContent).to.equal('March 2026');
    });

    it('without reference data, says there is nothing to choose', async () => {
      const { el } = await setup('invoice-amounts');
      el.reference = undefined;
      await el.updateComplete;
      expect(root(el).querySelector('[data-field="invoiceStages"] .empty')!.textContent).to.equal('None available.');
    });
  });

  describe('keyboard editing and Save', () => {
    it('load-by-channel: every kind of control, then Save → sanitized settings, focus back on the opener', async () => {
      const { el, opener, changes } = await setup('load-by-channel', { color: undefined });
      expect(dialogOf(el).open).to.equal(true);
      expect(focused(el)!.id).to.equal('f-title');
      await sendKeys({ type: '  Calls in  ' });
      await tab(); // period
      await press('ArrowDown'); // today
      await tab(); // channels: call
      await press('Space');
      await tab(2); // meeting
      await press('Space');
      await tab(7); // directions: in
      await press('Space');
      await tab(3); // completed
      await press('Space');
      await tab(); // chart radios (doughnut checked)
      await press('ArrowRight'); // bar
      await tab(); // colour radios (automatic checked)
      await press('ArrowRight');
      await press('ArrowRight'); // green
      await tab(3); // compare, Cancel, Save
      expect(focused(el)!.getAttribute('part')).to.contain('save-button');
      const closed = oneEvent(el, 'close');
      await press('Enter');
      await closed;
      expect(changes).to.deep.equal([{
        title: 'Calls in', period: 'today', channels: ['call', 'meeting'], directions: ['in'], completed: true,
        chart: 'bar', color: 'green',
      }]);
      expect(el.settings).to.deep.equal(changes[0]);
      expect(dialogOf(el).open).to.equal(false);
      expect(document.activeElement).to.equal(opener);
    });

    it('payments-trend: grouping and chart; the page period; untouched values come back as shown', async () => {
      const { el, changes } = await setup('payments-trend', { title: 'Trend', period: 'last-90-days', pipelines: ['1'] });
      await tab(); // period
      await press('Home'); // "Follow the page period"
      await tab(); // pipelines: Sales
      await press('Space');
      await tab(2); // chart: line
      await press('ArrowDown'); // bar
      await tab(); // grouping
      await press('ArrowDown');
      await press('ArrowDown'); // week
      await saveWithKeyboard(el);
      expect(changes).to.deep.equal([{ title: 'Trend', pipelines: ['0', '1'], chart: 'bar', grouping: 'week' }]);
    });

    it('deal-conversion: count and stages; unchecking everything means "all" (key omitted)', async () => {
      const { el, changes } = await setup('deal-conversion', { pipelines: ['0'], compare: 'previous' });
      await tab(2); // count: all
      await press('ArrowDown'); // closed
      await tab(); // pipelines: Sales (checked)
      await press('Space');
      await tab(2); // deal stages: Sales › New
      await press('Space');
      await saveWithKeyboard(el);
      expect(changes).to.deep.equal([{ count: 'closed', dealStages: ['NEW'], compare: 'previous' }]);
    });

    it('Enter in the title field saves too; the title is trimmed and cut to 80 characters', async () => {
      const { el, changes } = await setup('sales-amount');
      await sendKeys({ type: 'x'.repeat(85) }); // maxlength keeps 80
      await press('Enter');
      await el.updateComplete;
      expect(changes).to.deep.equal([{ title: 'x'.repeat(80), chart: 'table' }]);
    });

    it('starts from the current settings, sanitized, on every show()', async () => {
      const { el, changes } = await setup('invoice-amounts', { color: 'pink', compare: true, channels: ['call'] } as unknown as WidgetSettings);
      expect(root(el).querySelector<HTMLInputElement>('input[name="color"]:checked')!.value).to.equal('');
      await saveWithKeyboard(el);
      expect(changes).to.deep.equal([{ compare: 'previous' }]); // a layout's old `true`
      el.settings = { color: 'red' };
      await el.show();
      expect(root(el).querySelector<HTMLInputElement>('input[name="color"]:checked')!.value).to.equal('red');
      expect(root(el).querySelector<HTMLSelectElement>('#f-compare')!.value).to.equal(''); // as the profile
    });

    it('compare: as the profile, previous period, same period last year or none', async () => {
      const { el, changes } = await setup('sales-amount', { compare: 'off' });
      const select = root(el).querySelector<HTMLSelectElement>('#f-compare')!;
      expect(select.labels![0]!.textContent).to.equal('Compare with');
      expect([...select.options].map((o) => [o.value, o.textContent])).to.deep.equal([
        ['', 'As the profile'], ['previous', 'Previous period'], ['last-year', 'Same period last year'], ['off', 'No comparison'],
      ]);
      expect(select.value).to.equal('off');
      select.focus();
      select.value = 'last-year';
      select.dispatchEvent(new Event('change'));
      await saveWithKeyboard(el);
      expect(changes).to.deep.equal([{ chart: 'table', compare: 'last-year' }]);
    });
  });

  describe('Cancel and Escape', () => {
    it('Cancel: no change event, a close event, edits discarded, focus back on the opener', async () => {
      const { el, opener, changes } = await setup('load-by-channel', { title: 'Before' });
      await sendKeys({ type: ' after' });
      await tab();
      await press('ArrowDown');
      const cancel = root(el).querySelector<HTMLButtonElement>('[part~="cancel-button"]')!;
      cancel.focus();
      const closed = oneEvent(el, 'close');
      await press('Enter');
      await closed;
      expect(changes).to.deep.equal([]);
      expect(dialogOf(el).open).to.equal(false);
      expect(document.activeElement).to.equal(opener);
      expect(el.settings).to.deep.equal({ title: 'Before' });
      await el.show(opener);
      expect(root(el).querySelector<HTMLInputElement>('#f-title')!.value).to.equal('Before');
    });

    it('Escape: no change event, a close event, focus back on the opener', async () => {
      const s = await setup('payments-trend');
      await tab(3);
      await press('Space');
      const closed = oneEvent(s.el, 'close');
      await press('Escape');
      await closed;
      expect(s.changes).to.deep.equal([]);
      expect(s.closes).to.equal(1);
      expect(dialogOf(s.el).open).to.equal(false);
      expect(document.activeElement).to.equal(s.opener);
    });

    it('focus goes to the given opener, not to the element focused before (a menu item that closed)', async () => {
      const { el, opener } = await setup('sales-amount');
      el.close();
      const menuItem = document.createElement('button');
      menuItem.textContent = 'Settings…';
      opener.after(menuItem);
      menuItem.focus();
      await el.show(opener);
      menuItem.remove();
      await press('Escape');
      await new Promise((r) => setTimeout(r));
      expect(document.activeElement).to.equal(opener);
    });

    it('without an opener, focus returns to the element focused before show()', async () => {
      const { el, opener } = await setup('sales-amount');
      el.close();
      const other = document.createElement('button');
      other.textContent = 'Other';
      opener.after(other);
      other.focus();
      await el.show();
      expect(focused(el)!.id).to.equal('f-title');
      await press('Escape');
      await new Promise((r) => setTimeout(r));
      expect(document.activeElement).to.equal(other);
    });
  });

  describe('accessibility', () => {
    for (const type of ['load-by-channel', 'payments-trend', 'deal-conversion'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        it(`${type}, open, ${theme}`, async () => {
          const { el } = await setup(type, { color: 'teal', channels: ['call'] }, theme === 'dark' ? { theme } : {});
          expect(dialogOf(el).open).to.equal(true);
          // axe skips text that is still fading in: jump to the end of the opening animation.
          for (const a of dialogOf(el).getAnimations({ subtree: true })) a.finish();
          await expect(el).to.be.accessible();
        });
      }
    }
    it('closed', async () => {
      const { el } = await setup('load-by-channel');
      el.close();
      await expect(el).to.be.accessible();
    });
    it('the dialog is named by its heading', async () => {
      const { el } = await setup('sales-amount', { title: 'Big deals' });
      const dialog = dialogOf(el);
      expect(root(el).getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.equal('Settings: Big deals');
      expect(dialog.getAttribute('lang')).to.equal('en');
    });
  });
});
