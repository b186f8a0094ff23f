/**
 * The custom number's rules (src/widgets/number.ts) are a lazy chunk (src/widgets/number-lazy.ts):
 * a widget of type `number` loads them before its first numbers. This file runs in a page of its
 * own, where they are not loaded yet: first failing, then loaded.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { loadedNumberRules, numberChunks } from '../../src/widgets/number-lazy.js';
import { $, adapter, has, loaded, shown, titleOf } from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

describe('the custom number\'s rules, a lazy chunk', () => {
  it('when their code does not load: the widget says so, with Retry, which loads them and shows the number', async () => {
    const chunk = chunkLoader(numberChunks, 'rules');
    chunk.fail();
    let w: CrmWidget;
    try {
      w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="number" period="all-time"></crm-widget>`);
      await loaded(w);
    } finally {
      chunk.restore();
    }
    expect($(w, '.body .error[role="alert"]')!.textContent).to.contain("The custom number's code did not load (Failed to fetch dynamically imported module).");
    expect(titleOf(w)).to.equal('Custom number');
    expect(loadedNumberRules()).to.equal(undefined);
    await expect(w).to.be.accessible();

    $<HTMLButtonElement>(w, '.body .error button')!.click();
    await waitUntil(() => has(w, '.view[aria-busy="false"]'), 'Retry did not show the number', { timeout: 5000 });
    expect(loadedNumberRules()).to.not.equal(undefined);
    expect(shown(w).map((f) => f.id)).to.deep.equal(['won-value']);
    await expect(w).to.be.accessible();
  });

  it('a combined number is titled by its formula once they are loaded', async () => {
    const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="number" period="all-time"
      settings='{"metrics":["won-value","sales-open"],"op":"sum"}'></crm-widget>`);
    await loaded(w);
    expect(titleOf(w)).to.equal('Value of won deals + In progress');
    expect(shown(w)[0]!.id).to.equal('result');
  });
});
