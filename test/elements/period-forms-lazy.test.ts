/**
 * Every period but the default one (`last-30-days`) is read by src/core/period-forms.ts, a lazy
 * chunk: an element given another period waits for it. This file runs in a page of its own, where
 * it is not loaded yet (it imports nothing that imports src/core/period.ts): the tests go in order,
 * from "never loaded" through "failing" and "held back" to "loaded".
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import '../../src/elements/widget/define.js';
import '../../src/elements/period-picker/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import type { ProfileContext } from '../../src/context/index.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { periodChunks, periodForms } from '../../src/core/period-base.js';
import { CountingAdapter } from '../adapters/counting-adapter.js';
import { chunkLoader } from '../helpers/chunks.js';

const adapter = new DemoAdapter({ seed: 1 });
const chunk = chunkLoader(periodChunks, 'forms');

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const has = (el: Element, sel: string) => $(el, sel) !== null;
const widgetSettled = (w: CrmWidget) => !has(w, '.skeleton') && (has(w, '.view[aria-busy="false"]') || has(w, '.body .error[role="alert"]'));
const widgetsOf = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
const pickerOf = (p: CrmProfile) => $<CrmPeriodPicker>(p, 'crm-period-picker')!;
const contextOf = (p: CrmProfile) => (p as unknown as { context?: ProfileContext }).context;
const labelOf = (picker: CrmPeriodPicker) => $(picker, '[part="label"]')!.textContent!.trim();

async function widgetLoaded(w: CrmWidget): Promise<void> {
  await w.updateComplete;
  await waitUntil(() => widgetSettled(w), `<crm-widget type=${w.type}> did not finish loading`, { timeout: 8000 });
}

async function profileSettled(p: CrmProfile): Promise<void> {
  await waitUntil(async () => {
    await p.updateComplete;
    return has(p, '.client h2') && widgetsOf(p).length > 0 && widgetsOf(p).every(widgetSettled);
  }, 'the profile did not settle', { timeout: 10000 });
}

/** Runs `body` with console.error and console.warn captured. */
async function capturing(body: (errors: string[], warnings: string[]) => Promise<void>): Promise<void> {
  const { error, warn } = console;
  const errors: string[] = [];
  const warnings: string[] = [];
  console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
  console.warn = (...a: unknown[]) => void warnings.push(a.map(String).join(' '));
  try {
    await body(errors, warnings);
  } finally {
    Object.assign(console, { error, warn });
  }
}

describe('the periods other than the default one, a lazy chunk', () => {
  it('a profile, a widget and a picker with the default period never load it', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" storage-key="period-default" time-zone="UTC"></crm-profile>
      <crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount" time-zone="UTC"></crm-widget>
      <crm-period-picker></crm-period-picker></div>`);
    await profileSettled(page.querySelector<CrmProfile>('crm-profile')!);
    await widgetLoaded(page.querySelector<CrmWidget>('crm-widget')!);
    expect(labelOf(page.querySelector<CrmPeriodPicker>('crm-period-picker')!)).to.equal('Last 30 days');
    expect(chunk.loads).to.equal(0);
    expect(periodForms.loaded).to.equal(undefined);
  });

  it('when its code does not load: the picker and the profile keep the last valid period and say why; a widget alone shows an error', async () => {
    chunk.fail();
    await capturing(async (errors, warnings) => {
      const picker = await fixture<CrmPeriodPicker>(html`<crm-period-picker value="month:2026-03"></crm-period-picker>`);
      await picker.updateComplete;
      expect(picker.value).to.equal('last-30-days');
      expect(labelOf(picker)).to.equal('Last 30 days');
      expect(warnings.some((w) => w.includes('Could not read the period "month:2026-03": its code did not load (Failed to fetch dynamically imported module). Keeping "last-30-days".'))).to.equal(true);
      await expect(picker).to.be.accessible();

      const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" storage-key="period-failing"
        time-zone="UTC" period="month:2026-03"></crm-profile>`);
      await profileSettled(p);
      expect(errors.filter((e) => e.includes('the period "month:2026-03" could not be read (its code did not load); showing the last valid period.'))).to.have.length(1);
      expect(contextOf(p)!.period).to.deep.equal({ kind: 'preset', preset: 'last-30-days' });
      expect(pickerOf(p).value).to.equal('last-30-days');
      await expect(p).to.be.accessible();
    });
    // The failure is the widget's error, not also an unhandled rejection a host's error tracker would log.
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => {
      unhandled.push(e.reason);
      e.preventDefault();
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    try {
      const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount" period="year:2025"></crm-widget>`);
      await widgetLoaded(w);
      expect($(w, '.body .error[role="alert"]')!.textContent).to.contain('The period could not be read: its code did not load (Failed to fetch dynamically imported module).');
      await expect(w).to.be.accessible();
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled.map(String)).to.deep.equal([]);
    } finally {
      window.removeEventListener('unhandledrejection', onUnhandled);
    }
    expect(periodForms.loaded).to.equal(undefined);
  });

  it('held back: profiles and widgets given another period show skeletons and read nothing; then read theirs', async () => {
    // (Reads counted: records and aggregate calls.)
    const counting = new CountingAdapter(adapter);
    const reads = () => counting.calls.records + counting.calls.aggregate;
    // A widget that failed before: its Retry waits for the held chunk like the others.
    chunk.fail();
    const failed = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount" period="current-month"></crm-widget>`);
    await widgetLoaded(failed);
    chunk.hold();
    const page = await fixture<HTMLElement>(html`<div>
      <crm-profile .adapter=${counting} entity-type="contact" entity-id="1" storage-key="period-held" time-zone="UTC" period="quarter:2026-Q1"></crm-profile>
      <crm-widget .adapter=${counting} entity-type="contact" entity-id="1" type="sales-amount" time-zone="UTC" period="year:2025"></crm-widget>
      <crm-period-picker value="range:2026-01-01/2026-02-15"></crm-period-picker></div>`);
    const p = page.querySelector<CrmProfile>('crm-profile')!;
    const widget = page.querySelector<CrmWidget>('crm-widget')!;
    const picker = page.querySelector<CrmPeriodPicker>('crm-period-picker')!;
    $<HTMLButtonElement>(failed, '.body .error button')!.click();
    // A period set meanwhile is the one read.
    p.period = 'last-year';
    for (let i = 0; i < 5; i++) await new Promise(requestAnimationFrame);
    expect(has(p, '.client.skeleton[aria-busy="true"]')).to.equal(true);
    expect(widgetsOf(p)).to.deep.equal([]);
    for (const w of [widget, failed]) expect(has(w, '.skeleton'), 'widget skeleton').to.equal(true);
    // Not the default period's name meanwhile: the widgets show no badge, the picker no label.
    for (const w of [widget, failed]) expect(has(w, '[part="badge"]'), 'widget badge').to.equal(false);
    expect(labelOf(picker)).to.equal('');
    expect(reads()).to.equal(0);
    await expect(p).to.be.accessible();
    await expect(widget).to.be.accessible();

    chunk.release();
    await profileSettled(p);
    await widgetLoaded(widget);
    await widgetLoaded(failed);
    await picker.updateComplete;
    expect(contextOf(p)!.period).to.deep.equal({ kind: 'preset', preset: 'last-year' });
    expect(pickerOf(p).value).to.equal('last-year');
    expect($(widget, '[part="badge"]')!.textContent!.trim()).to.equal('2025');
    expect(has(widget, '.body .error')).to.equal(false);
    expect($(failed, '[part="badge"]')!.textContent!.trim()).to.equal('Current month');
    expect(has(failed, '.body .error')).to.equal(false);
    expect(labelOf(picker)).to.equal('Jan 1 – Feb 15, 2026');
    expect(picker.period).to.deep.equal({ kind: 'range', start: { year: 2026, month: 1, day: 1 }, end: { year: 2026, month: 2, day: 15 } });
    expect(reads()).to.be.greaterThan(0);
    await expect(p).to.be.accessible();
    expect(periodForms.loaded).to.not.equal(undefined);
  });

  it('once here: a bad period still gets its clear message, and other periods read at once', async () => {
    await capturing(async (_errors, warnings) => {
      const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" storage-key="period-bad"
        time-zone="UTC" period="month:2026-13"></crm-profile>`);
      await profileSettled(p);
      expect(warnings.some((w) => w.includes('Invalid period "month:2026-13": month 13 is not 1..12 Showing the last valid period.'))).to.equal(true);
      const picker = await fixture<CrmPeriodPicker>(html`<crm-period-picker value="quarter:2026-Q5"></crm-period-picker>`);
      expect(picker.value).to.equal('last-30-days');
      expect(warnings.some((w) => w.includes('Invalid period "quarter:2026-Q5": expected quarter:YYYY-Qn (n = 1..4). Keeping "last-30-days".'))).to.equal(true);
      picker.value = 'month:2026-03';
      await picker.updateComplete;
      expect(labelOf(picker)).to.equal('March 2026');
    });
  });
});
