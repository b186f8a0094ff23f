import { fixture, html, expect, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/elements/period-picker/define.js';
import { pickerChunks, type CrmPeriodPicker, type PeriodChangeDetail } from '../../src/elements/period-picker/period-picker.js';
import { chunkLoader } from '../helpers/chunks.js';

const NOW = Date.parse('2026-03-15T12:00:00Z'); // a Sunday; Paris is UTC+1 until 2026-03-29
const iso = (t: number): string => new Date(t).toISOString();

const sr = (el: CrmPeriodPicker): ShadowRoot => el.shadowRoot!;
const button = (el: CrmPeriodPicker): HTMLButtonElement => sr(el).querySelector<HTMLButtonElement>('#button')!;
const popup = (el: CrmPeriodPicker): HTMLElement => sr(el).querySelector<HTMLElement>('#popup')!;
const listbox = (el: CrmPeriodPicker): HTMLElement | null => sr(el).querySelector<HTMLElement>('[role="listbox"]');
const options = (el: CrmPeriodPicker): HTMLElement[] => [...sr(el).querySelectorAll<HTMLElement>('[role="option"]')];
const optionTexts = (el: CrmPeriodPicker): string[] => options(el).map((o) => o.querySelector('.option-label')!.textContent!.trim());
const option = (el: CrmPeriodPicker, id: string): HTMLElement => sr(el).querySelector<HTMLElement>(`#option-${id}`)!;
const focused = (el: CrmPeriodPicker): Element | null => sr(el).activeElement;
/** Lets the popup's entrance animation finish, so axe sees final colours. */
const settled = async (el: CrmPeriodPicker): Promise<void> => {
  await el.updateComplete;
  await Promise.all(sr(el).getAnimations().map((a) => a.finished));
};
const label = (el: CrmPeriodPicker): string => sr(el).querySelector('[part="label"]')!.textContent!.trim();

async function picker(template = html`<crm-period-picker time-zone="Europe/Paris"></crm-period-picker>`): Promise<CrmPeriodPicker> {
  const el = await fixture<CrmPeriodPicker>(template);
  el.now = NOW;
  await el.updateComplete;
  return el;
}

/** Presses a key (real keyboard input through the browser) and waits for the element to render. */
async function press(el: CrmPeriodPicker, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

async function openWithKeyboard(el: CrmPeriodPicker, key = 'Enter'): Promise<void> {
  button(el).focus();
  await press(el, key);
  expect(el.open).to.equal(true);
}

/** Opens the list with a click and picks a chooser (month, quarter, year, range). */
async function openChooser(el: CrmPeriodPicker, kind: string): Promise<HTMLFormElement> {
  button(el).click();
  await el.updateComplete;
  option(el, kind).click();
  await el.updateComplete;
  return sr(el).querySelector<HTMLFormElement>('form')!;
}

/** Records every crm-period-change. */
function events(el: CrmPeriodPicker): PeriodChangeDetail[] {
  const seen: PeriodChangeDetail[] = [];
  el.addEventListener('crm-period-change', (e) => seen.push((e as CustomEvent<PeriodChangeDetail>).detail));
  return seen;
}

/** Replaces console.warn for the duration of `fn`, returning what was warned. */
async function captureWarnings(fn: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('<crm-period-picker>', () => {
  // The opening, the list and the choosers are a chunk of their own (period-picker-popup.ts), fetched
  // when the button is first hovered, focused or used; each picker asks for it until it has it.
  describe('the popup\'s code', () => {
    it('when it does not load, a click is warned about and opens nothing; the next use loads it and opens the list', async () => {
      const el = await picker();
      const chunk = chunkLoader(pickerChunks, 'popup');
      chunk.fail();
      let warnings: string[];
      try {
        warnings = await captureWarnings(async () => {
          button(el).click();
          await el.updateComplete;
        });
      } finally {
        chunk.restore();
      }
      expect(warnings).to.deep.equal(['<crm-period-picker>: Could not load the period list: Failed to fetch dynamically imported module']);
      expect(el.open).to.equal(false);
      expect(button(el).getAttribute('aria-expanded')).to.equal('false');
      expect(listbox(el)).to.equal(null);
      await expect(el).to.be.accessible();

      await openWithKeyboard(el, 'ArrowDown');
      expect(focused(el)).to.equal(listbox(el));
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-last-30-days');
    });

    it('a key pressed while it loads is acted on when it comes: Up opens the list, focus in it', async () => {
      const el = await picker(html`<crm-period-picker time-zone="Europe/Paris" value="month:2026-02"></crm-period-picker>`);
      const chunk = chunkLoader(pickerChunks, 'popup');
      chunk.hold();
      try {
        button(el).focus();
        await sendKeys({ press: 'ArrowUp' });
        expect(el.open, 'nothing opens before the code comes').to.equal(false);
        expect(listbox(el)).to.equal(null);
        chunk.release();
        await el.updateComplete;
      } finally {
        chunk.restore();
      }
      expect(el.open).to.equal(true);
      expect(focused(el)).to.equal(listbox(el));
      expect(listbox(el)!.getAttribute('aria-activedescendant'), 'the selected choice').to.equal('option-month');
      await press(el, 'Escape');
      expect(el.open).to.equal(false);
      expect(focused(el)).to.equal(button(el));
    });
  });

  describe('rendering', () => {
    it('shows "Last 30 days" by default, closed, as a listbox menu button', async () => {
      const el = await picker();
      expect(el.value).to.equal('last-30-days');
      expect(el.getAttribute('value')).to.equal('last-30-days');
      expect(label(el)).to.equal('Last 30 days');
      const b = button(el);
      expect(b.getAttribute('aria-haspopup')).to.equal('listbox');
      expect(b.getAttribute('aria-expanded')).to.equal('false');
      expect(b.getAttribute('aria-label')).to.equal('Reporting period: Last 30 days');
      expect(popup(el).hidden).to.equal(true);
      expect(listbox(el)).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('speaks French with locale="fr" or an inherited lang', async () => {
      const el = await picker(html`<crm-period-picker locale="fr"></crm-period-picker>`);
      expect(label(el)).to.equal('30 derniers jours');
      expect(button(el).getAttribute('aria-label')).to.equal('Période de rapport : 30 derniers jours');

      const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr-CA"><crm-period-picker value="month:2026-03"></crm-period-picker></div>`);
      const inner = wrapper.querySelector('crm-period-picker')!;
      await inner.updateComplete;
      expect(label(inner)).to.equal('mars 2026');
      inner.locale = 'en';
      await inner.updateComplete;
      expect(label(inner)).to.equal('March 2026');
    });

    it('lists Bitrix24’s nine first, then the extra presets after a separator', async () => {
      const el = await picker();
      button(el).click();
      await el.updateComplete;
      const groups = [...listbox(el)!.querySelectorAll('[role="group"]')];
      expect(groups.map((g) => g.getAttribute('aria-label'))).to.deep.equal(['Standard periods', 'More periods']);
      expect(optionTexts(el)).to.deep.equal([
        'Current month', 'Current quarter', 'Last 7 days', 'Last 30 days', 'Last 60 days', 'Last 90 days', 'Month…', 'Quarter…', 'Year…',
        'Today', 'Yesterday', 'Current week', 'Last week', 'Last month', 'Last quarter', 'Current year', 'Last year', 'All time', 'Custom range…',
      ]);
      expect(option(el, 'last-30-days').getAttribute('aria-selected')).to.equal('true');
      expect(options(el).filter((o) => o.getAttribute('aria-selected') === 'true')).to.have.length(1);
    });

    it('restricts the choices with presets, warning about unknown names', async () => {
      let el!: CrmPeriodPicker;
      const warnings = await captureWarnings(async () => {
        el = await picker(html`<crm-period-picker presets="range, last-7-days month  no-such-preset"></crm-period-picker>`);
      });
      button(el).click();
      await el.updateComplete;
      expect(optionTexts(el)).to.deep.equal(['Last 7 days', 'Month…', 'Custom range…']);
      expect(warnings.some((w) => w.includes('"no-such-preset"'))).to.equal(true);
      el.presets = 'today yesterday';
      await el.updateComplete;
      expect(optionTexts(el)).to.deep.equal(['Today', 'Yesterday']);
      expect(listbox(el)!.querySelectorAll('[role="group"]')).to.have.length(1);
    });

    it('shows the chosen month in its chooser option', async () => {
      const el = await picker(html`<crm-period-picker value="quarter:2025-Q4"></crm-period-picker>`);
      expect(label(el)).to.equal('Q4 2025');
      button(el).click();
      await el.updateComplete;
      expect(option(el, 'quarter').getAttribute('aria-selected')).to.equal('true');
      expect(option(el, 'quarter').querySelector('.hint')!.textContent).to.equal('Q4 2025');
    });
  });

  describe('keyboard', () => {
    it('opens with Enter on the selected option, moves with arrows and selects with Enter', async () => {
      const el = await picker();
      const seen = events(el);
      await openWithKeyboard(el, 'Enter');
      expect(button(el).getAttribute('aria-expanded')).to.equal('true');
      expect(focused(el)).to.equal(listbox(el));
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-last-30-days');

      await press(el, 'ArrowUp');
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-last-7-days');
      expect(option(el, 'last-7-days').classList.contains('active')).to.equal(true);

      const fired = oneEvent(el, 'crm-period-change');
      await press(el, 'Enter');
      const event = (await fired) as CustomEvent<PeriodChangeDetail>;
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      const { detail } = event;
      expect(detail.value).to.equal('last-7-days');
      expect(detail.preset).to.equal('last-7-days');
      expect(detail.period).to.deep.equal({ kind: 'preset', preset: 'last-7-days' });
      expect(detail.label).to.equal('Last 7 days');
      // Paris, 9 March 00:00 (UTC+1) to 16 March 00:00, exclusive.
      expect(iso(detail.from)).to.equal('2026-03-08T23:00:00.000Z');
      expect(iso(detail.to)).to.equal('2026-03-15T23:00:00.000Z');
      expect(seen).to.have.length(1);

      expect(el.open).to.equal(false);
      expect(el.value).to.equal('last-7-days');
      expect(el.getAttribute('value')).to.equal('last-7-days');
      expect(label(el)).to.equal('Last 7 days');
      expect(focused(el)).to.equal(button(el));
    });

    it('opens with ArrowDown; Home, End, Down and Space select across DST exactly', async () => {
      const el = await picker();
      await openWithKeyboard(el, 'ArrowDown');
      expect(focused(el)).to.equal(listbox(el));
      await press(el, 'End');
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-range');
      await press(el, 'ArrowDown'); // stays on the last option
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-range');
      await press(el, 'Home');
      await press(el, 'ArrowUp'); // stays on the first option
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-current-month');

      const fired = oneEvent(el, 'crm-period-change');
      await press(el, ' ');
      const { detail } = (await fired) as CustomEvent<PeriodChangeDetail>;
      expect(detail.value).to.equal('current-month');
      // March 2026 in Paris: 1 March 00:00 CET to 1 April 00:00 CEST (summer time from 29 March).
      expect(iso(detail.from)).to.equal('2026-02-28T23:00:00.000Z');
      expect(iso(detail.to)).to.equal('2026-03-31T22:00:00.000Z');
      expect(focused(el)).to.equal(button(el));
    });

    it('Escape closes with focus on the button, and fires nothing', async () => {
      const el = await picker();
      const seen = events(el);
      await openWithKeyboard(el);
      await press(el, 'ArrowDown');
      await press(el, 'Escape');
      expect(el.open).to.equal(false);
      expect(popup(el).hidden).to.equal(true);
      expect(button(el).getAttribute('aria-expanded')).to.equal('false');
      expect(focused(el)).to.equal(button(el));
      expect(el.value).to.equal('last-30-days');
      expect(seen).to.have.length(0);
    });

    it('Tab closes and moves on to the next control', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div><crm-period-picker></crm-period-picker><button id="after">after</button></div>`);
      const el = wrapper.querySelector('crm-period-picker')!;
      await openWithKeyboard(el);
      await press(el, 'Tab');
      expect(el.open).to.equal(false);
      expect(document.activeElement).to.equal(wrapper.querySelector('#after'));
    });

    it('choosing the current period closes without an event', async () => {
      const el = await picker();
      const seen = events(el);
      await openWithKeyboard(el);
      await press(el, 'Enter');
      expect(el.open).to.equal(false);
      expect(seen).to.have.length(0);
      expect(focused(el)).to.equal(button(el));
    });

    it('typing a letter jumps to the next matching option', async () => {
      const el = await picker();
      await openWithKeyboard(el);
      await press(el, 'y');
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-year');
      await press(el, 'y');
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-yesterday');
      await new Promise((r) => setTimeout(r, 700));
      await press(el, 'l');
      await press(el, 'a');
      await press(el, 's');
      await press(el, 't');
      await press(el, ' ');
      await press(el, 'm');
      expect(el.open).to.equal(true);
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-last-month');
    });
  });

  describe('pointer', () => {
    it('clicking an option applies it; clicking outside closes', async () => {
      const el = await picker();
      const seen = events(el);
      button(el).click();
      await el.updateComplete;
      option(el, 'yesterday').click();
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(seen.map((d) => [d.value, iso(d.from), iso(d.to)])).to.deep.equal([
        ['yesterday', '2026-03-13T23:00:00.000Z', '2026-03-14T23:00:00.000Z'],
      ]);

      button(el).click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(seen).to.have.length(1);
    });

    it('the button toggles, and does nothing while disabled', async () => {
      const el = await picker(html`<crm-period-picker disabled></crm-period-picker>`);
      expect(button(el).disabled).to.equal(true);
      el.open = true;
      await el.updateComplete;
      expect(el.open).to.equal(false);
      el.disabled = false;
      await el.updateComplete;
      button(el).click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      button(el).click();
      await el.updateComplete;
      expect(el.open).to.equal(false);
    });
  });

  describe('choosers', () => {
    it('month chooser → month:2026-03', async () => {
      const el = await picker();
      el.now = Date.parse('2026-05-20T10:00:00Z');
      await el.updateComplete;
      const form = await openChooser(el, 'month');
      expect(form.getAttribute('aria-labelledby')).to.equal('chooser-title');
      const year = form.querySelector<HTMLSelectElement>('#year')!;
      const month = form.querySelector<HTMLSelectElement>('#month')!;
      expect(focused(el)).to.equal(year);
      // Defaults to now's month; years from now's year + 1 down to 1970.
      expect(year.value).to.equal('2026');
      expect(month.value).to.equal('5');
      expect(year.options[0]!.value).to.equal('2027');
      expect(year.options[year.options.length - 1]!.value).to.equal('1970');
      expect(month.options[2]!.textContent).to.equal('March');
      await expect(el).to.be.accessible();

      month.value = '3';
      month.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const fired = oneEvent(el, 'crm-period-change');
      form.querySelector<HTMLButtonElement>('[part="apply"]')!.click();
      const { detail } = (await fired) as CustomEvent<PeriodChangeDetail>;
      expect(detail.value).to.equal('month:2026-03');
      expect(detail.preset).to.equal('month');
      expect(detail.label).to.equal('March 2026');
      expect(iso(detail.from)).to.equal('2026-02-28T23:00:00.000Z');
      expect(iso(detail.to)).to.equal('2026-03-31T22:00:00.000Z');
      await el.updateComplete;
      expect(el.value).to.equal('month:2026-03');
      expect(focused(el)).to.equal(button(el));
    });

    it('quarter and year choosers apply with Enter from the keyboard', async () => {
      const el = await picker();
      const seen = events(el);
      await openWithKeyboard(el);
      await press(el, 'ArrowDown'); // last-60-days
      await press(el, 'ArrowDown'); // last-90-days
      await press(el, 'ArrowDown'); // month
      await press(el, 'ArrowDown'); // quarter
      await press(el, 'Enter');
      const form = sr(el).querySelector('form')!;
      expect(form.querySelector('#chooser-title')!.textContent).to.equal('Quarter');
      expect(form.querySelector<HTMLSelectElement>('#quarter')!.value).to.equal('1');
      expect(form.querySelector<HTMLSelectElement>('#quarter')!.selectedOptions[0]!.textContent).to.equal('Q1');
      form.querySelector<HTMLButtonElement>('[part="apply"]')!.focus();
      await press(el, 'Enter');
      expect(seen.map((d) => d.value)).to.deep.equal(['quarter:2026-Q1']);

      const yearForm = await openChooser(el, 'year');
      const year = yearForm.querySelector<HTMLSelectElement>('#year')!;
      year.value = '2024';
      year.dispatchEvent(new Event('change'));
      await el.updateComplete;
      yearForm.requestSubmit();
      await el.updateComplete;
      expect(seen.map((d) => [d.value, iso(d.from), iso(d.to)])).to.deep.equal([
        ['quarter:2026-Q1', '2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
        ['year:2024', '2023-12-31T23:00:00.000Z', '2024-12-31T23:00:00.000Z'],
      ]);
    });

    it('Escape in a chooser goes back to the list, on the chooser’s option', async () => {
      const el = await picker();
      await openChooser(el, 'year');
      await press(el, 'Escape');
      expect(el.open).to.equal(true);
      expect(sr(el).querySelector('form')).to.equal(null);
      expect(focused(el)).to.equal(listbox(el));
      expect(listbox(el)!.getAttribute('aria-activedescendant')).to.equal('option-year');
      await press(el, 'Escape');
      expect(el.open).to.equal(false);
      expect(focused(el)).to.equal(button(el));
    });

    it('custom range: a valid range applies', async () => {
      const el = await picker();
      const form = await openChooser(el, 'range');
      const from = form.querySelector<HTMLInputElement>('#from')!;
      const to = form.querySelector<HTMLInputElement>('#to')!;
      expect(focused(el)).to.equal(from);
      expect(form.querySelector(`label[for="from"]`)!.textContent).to.equal('From');
      expect(form.querySelector(`label[for="to"]`)!.textContent).to.equal('To');
      // Defaults to the current period's days.
      expect([from.value, to.value]).to.deep.equal(['2026-02-14', '2026-03-15']);
      from.value = '2026-01-01';
      from.dispatchEvent(new Event('input'));
      to.value = '2026-02-15';
      to.dispatchEvent(new Event('input'));
      const fired = oneEvent(el, 'crm-period-change');
      form.querySelector<HTMLButtonElement>('[part="apply"]')!.click();
      const { detail } = (await fired) as CustomEvent<PeriodChangeDetail>;
      expect(detail.value).to.equal('range:2026-01-01/2026-02-15');
      expect(detail.preset).to.equal('range');
      expect(iso(detail.from)).to.equal('2025-12-31T23:00:00.000Z');
      expect(iso(detail.to)).to.equal('2026-02-15T23:00:00.000Z');
      expect(detail.label).to.equal('Jan 1 – Feb 15, 2026');
      await el.updateComplete;
      expect(label(el)).to.equal('Jan 1 – Feb 15, 2026');
    });

    it('custom range: start after end shows an alert and fires nothing; an empty date too', async () => {
      const el = await picker();
      const seen = events(el);
      const form = await openChooser(el, 'range');
      const from = form.querySelector<HTMLInputElement>('#from')!;
      const to = form.querySelector<HTMLInputElement>('#to')!;
      const alert = form.querySelector<HTMLElement>('[role="alert"]')!;
      expect(alert.textContent!.trim()).to.equal('');
      from.value = '2026-03-10';
      from.dispatchEvent(new Event('input'));
      to.value = '2026-03-01';
      to.dispatchEvent(new Event('input'));
      form.querySelector<HTMLButtonElement>('[part="apply"]')!.click();
      await el.updateComplete;
      expect(alert.textContent!.trim()).to.equal('The start date must be on or before the end date.');
      for (const input of [from, to]) {
        expect(input.getAttribute('aria-invalid')).to.equal('true');
        expect(input.getAttribute('aria-describedby')).to.equal(alert.id);
      }
      expect(el.open).to.equal(true);
      expect(seen).to.have.length(0);
      expect(el.value).to.equal('last-30-days');
      await expect(el).to.be.accessible();

      // Editing clears the message; an empty date is reported on its own field.
      from.value = '';
      from.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(alert.textContent!.trim()).to.equal('');
      expect(from.getAttribute('aria-invalid')).to.equal('false');
      form.requestSubmit();
      await el.updateComplete;
      expect(alert.textContent!.trim()).to.equal('Enter a valid date.');
      expect(from.getAttribute('aria-invalid')).to.equal('true');
      expect(to.getAttribute('aria-invalid')).to.equal('false');
      expect(seen).to.have.length(0);
    });

    it('custom range messages are French with locale="fr"', async () => {
      const el = await picker(html`<crm-period-picker locale="fr"></crm-period-picker>`);
      const form = await openChooser(el, 'range');
      form.querySelector<HTMLInputElement>('#from')!.value = '2026-03-10';
      form.querySelector<HTMLInputElement>('#to')!.value = '2026-03-01';
      form.requestSubmit();
      await el.updateComplete;
      expect(form.querySelector('[role="alert"]')!.textContent!.trim()).to.equal('La date de début doit précéder ou égaler la date de fin.');
      expect(form.querySelector(`label[for="from"]`)!.textContent).to.equal('Du');
    });
  });

  describe('value from the host', () => {
    it('an invalid value warns and keeps the previous valid one', async () => {
      const el = await picker(html`<crm-period-picker value="month:2026-02"></crm-period-picker>`);
      const seen = events(el);
      const warnings = await captureWarnings(async () => {
        el.setAttribute('value', 'fortnight-zz');
        await el.updateComplete;
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('Invalid period "fortnight-zz"');
      expect(warnings[0]).to.include('<crm-period-picker>');
      expect(el.value).to.equal('month:2026-02');
      expect(el.period).to.deep.equal({ kind: 'month', year: 2026, month: 2 });
      expect(label(el)).to.equal('February 2026');
      expect(seen).to.have.length(0);
    });

    it('an invalid initial value falls back to the default', async () => {
      let el!: CrmPeriodPicker;
      const warnings = await captureWarnings(async () => {
        el = await picker(html`<crm-period-picker value="month:2026-13"></crm-period-picker>`);
      });
      expect(warnings.join('\n')).to.include('month 13 is not 1..12');
      expect(el.value).to.equal('last-30-days');
      expect(label(el)).to.equal('Last 30 days');
    });

    it('an unknown time zone warns and uses the browser’s', async () => {
      let el!: CrmPeriodPicker;
      const warnings = await captureWarnings(async () => {
        el = await picker(html`<crm-period-picker time-zone="Mars/Olympus_Mons"></crm-period-picker>`);
      });
      expect(warnings.join('\n')).to.include('Unknown time zone "Mars/Olympus_Mons"');
      const seen = events(el);
      button(el).click();
      await el.updateComplete;
      option(el, 'today').click();
      expect(seen).to.have.length(1);
      expect(seen[0]!.to - seen[0]!.from).to.be.within(23 * 3_600_000, 25 * 3_600_000);
    });

    it('setting value programmatically updates the label without firing', async () => {
      const el = await picker();
      const seen = events(el);
      el.value = 'year:2025';
      await el.updateComplete;
      expect(label(el)).to.equal('2025');
      expect(el.getAttribute('value')).to.equal('year:2025');
      el.setAttribute('value', 'RANGE:2026-01-01/2026-01-31');
      await el.updateComplete;
      expect(label(el)).to.equal('Jan 1 – 31, 2026');
      expect(seen).to.have.length(0);
    });

    it('the open property shows the list without taking focus; closing from the host returns focus', async () => {
      const el = await picker();
      el.open = true;
      await el.updateComplete;
      expect(listbox(el)).to.not.equal(null);
      expect(focused(el)).to.equal(null);
      listbox(el)!.focus();
      el.open = false;
      await el.updateComplete;
      expect(focused(el)).to.equal(button(el));
    });

    it('listens to the document only while connected', async () => {
      const el = await picker();
      el.open = true;
      await el.updateComplete;
      const parent = el.parentNode!;
      el.remove();
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      expect(el.open).to.equal(true);
      parent.appendChild(el);
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      expect(el.open).to.equal(false);
    });
  });

  describe('accessibility', () => {
    it('is accessible open, with a chooser open, in French and in the dark theme', async () => {
      const el = await picker();
      await openWithKeyboard(el);
      await settled(el);
      await expect(el).to.be.accessible();
      option(el, 'quarter').click();
      await settled(el);
      await expect(el).to.be.accessible();

      const dark = await picker(html`<crm-period-picker theme="dark" locale="fr" value="month:2026-03"></crm-period-picker>`);
      await expect(dark).to.be.accessible();
      button(dark).click();
      await settled(dark);
      await expect(dark).to.be.accessible();
      option(dark, 'range').click();
      await settled(dark);
      await expect(dark).to.be.accessible();
      const form = sr(dark).querySelector('form')!;
      form.querySelector<HTMLInputElement>('#to')!.value = '';
      form.requestSubmit();
      await settled(dark);
      expect(form.querySelector('[role="alert"]')!.textContent!.trim()).to.equal('Saisissez une date valide.');
      await expect(dark).to.be.accessible();
    });

    it('does not animate under prefers-reduced-motion', async () => {
      const el = await picker();
      button(el).click();
      await el.updateComplete;
      expect(sr(el).getAnimations().length).to.be.greaterThan(0);
      el.open = false;
      await el.updateComplete;
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        button(el).click();
        await el.updateComplete;
        expect(el.open).to.equal(true);
        expect(sr(el).getAnimations()).to.have.length(0);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  });
});
