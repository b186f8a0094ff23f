/**
 * A widget alone reads its attributes with code of its own (src/elements/widget/standalone.ts, a
 * chunk): a profile's widgets never fetch it; until it comes the widget shows its skeleton and
 * `updateComplete` waits, attributes changed meanwhile are not lost; one that does not load is said
 * (the error and Retry, crm-error) and Retry tries again. (The tests run in order: the chunk is
 * loaded once per page.)
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import '../../src/elements/profile/define.js';
import { widgetChunks, type CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { parsePeriod } from '../../src/core/period.js';
import { periodLabel } from '../../src/i18n/index.js';
import { $, adapter, ZONE, clearStoredLayouts, expectedFigures, loaded, metricsFor, profileSettled, shown } from './widget-helpers.js';
import { chunkLoader, type ChunkLoader } from '../helpers/chunks.js';

describe('<crm-widget> alone: its setup (a chunk)', () => {
  let chunk: ChunkLoader;
  beforeEach(() => {
    chunk = chunkLoader(widgetChunks, 'standalone');
  });
  afterEach(() => {
    chunk.restore();
    clearStoredLayouts();
  });

  it('a profile\'s widgets never fetch it', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" locale="en"
      time-zone="UTC" storage-key="standalone-test"></crm-profile>`);
    await profileSettled(p);
    expect(chunk.loads).to.equal(0);
  });

  it('that does not load: the error, a crm-error and Retry; held back, a skeleton, updateComplete waits and a period set meanwhile is the one shown', async () => {
    chunk.fail();
    const errors: Error[] = [];
    const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount"
      period="last-90-days" time-zone=${ZONE} locale="en" @crm-error=${(e: CustomEvent<{ error: Error }>) => errors.push(e.detail.error)}></crm-widget>`);
    await waitUntil(() => errors.length > 0, 'no crm-error');
    const message = 'This widget could not be set up: its code did not load (Failed to fetch dynamically imported module).';
    expect(errors[0]!.message).to.equal(message);
    await w.updateComplete;
    expect($(w, '.body .error[role="alert"] p')!.textContent).to.equal(`Could not load the data: ${message}`);
    await expect(w).to.be.accessible();

    // Retry, the code held back: a skeleton; the period changed meanwhile is the one shown.
    chunk.hold();
    const before = chunk.loads;
    $<HTMLButtonElement>(w, '.retry')!.click();
    await new Promise((r) => setTimeout(r, 30));
    expect($(w, '.skeleton[aria-busy="true"]')).to.not.equal(null);
    await expect(w).to.be.accessible();
    w.period = 'last-30-days';
    let complete = false;
    void w.updateComplete.then(() => (complete = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(complete, 'updateComplete resolved before the code came').to.equal(false);
    chunk.release();
    await loaded(w);
    expect(chunk.loads - before).to.equal(1);
    expect($(w, '.body .error')).to.equal(null);
    expect($(w, '[part="badge"]')!.textContent).to.equal(periodLabel(parsePeriod('last-30-days'), 'en'));
    const expected = expectedFigures('sales-amount', await metricsFor('sales-amount', 'last-30-days'));
    expect(shown(w).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
  });
});
