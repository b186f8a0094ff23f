/**
 * A widget's words come from the message tables, loaded on first use (French here): the view a
 * widget computes holds words (the comparison's direction, its period's name), so it waits for its
 * language's table even when the numbers come first (before, such a view kept English words: "down
 * ▼−50 pts (−50 %) vs Q2 2026"). In a page of its own: French is not loaded before this test.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { messageChunks, periodLabel } from '../../src/i18n/index.js';
import { parsePeriod, resolvePeriod } from '../../src/core/period.js';
import { previousPeriod } from '../../src/core/period-shift.js';
import { adapter, loaded } from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

describe('<crm-widget>: its words in the language of its locale', () => {
  it('numbers that come before the French words wait for them: the change and the compared period read in French', async () => {
    const chunk = chunkLoader(messageChunks, 'fr');
    chunk.hold();
    const w = document.createElement('crm-widget') as CrmWidget;
    try {
      expect(periodLabel(parsePeriod('current-quarter'), 'fr'), 'English meanwhile').to.equal('Current quarter');
      // The demo adapter, counting its answers (both periods: the shown one and the compared one).
      let answered = 0;
      const counting = new Proxy(adapter, {
        get: (t, k) => (k === 'aggregate'
          ? async (...args: Parameters<typeof adapter.aggregate>) => {
            const r = await t.aggregate(...args);
            answered++;
            return r;
          }
          : typeof Reflect.get(t, k) === 'function' ? Reflect.get(t, k).bind(t) : Reflect.get(t, k)),
      });
      Object.assign(w, { adapter: counting, entityType: 'contact', entityId: '1', type: 'deal-conversion', period: 'last-quarter', compare: 'previous', locale: 'fr', timeZone: 'UTC' });
      document.body.append(w);
      // The numbers are read meanwhile; nothing is shown before the words. (Waited for, not timed:
      // on a loaded machine the numbers may take longer than any fixed delay.)
      await waitUntil(() => answered >= 2, 'the numbers of both periods were not read', { timeout: 10000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(w.shadowRoot!.querySelector('[part="delta"]')?.textContent ?? null, 'no view before the words').to.equal(null);
      chunk.release();
      await w.updateComplete;
      await waitUntil(() => w.shadowRoot!.querySelector('[part="delta"]'), 'no change shown once the words came', { timeout: 10000 });
    } finally {
      chunk.release();
      chunk.restore();
    }
    // The quarter before last quarter, named by the French table ("T1 2026"), in French words.
    const compared = previousPeriod(resolvePeriod('last-quarter', adapter.now!, 'UTC'))!.period;
    const name = periodLabel(compared, 'fr');
    expect(name).to.match(/^T[1-4] \d{4}$/);
    const delta = w.shadowRoot!.querySelector('[part="delta"]')!;
    expect(delta.getAttribute('title')).to.match(new RegExp(`^en (hausse|baisse) de .+ par rapport à ${name} : `));
    expect(delta.textContent).to.contain('par rapport à');
    await expect(w).to.be.accessible();
    w.remove();
  });

  it('French counts agree with the deals they count, and a number\'s name is punctuated the French way', async () => {
    const w = document.createElement('crm-widget') as CrmWidget;
    Object.assign(w, { adapter, entityType: 'contact', entityId: '1', type: 'deal-conversion', period: 'all-time', locale: 'fr', timeZone: 'UTC' });
    document.body.append(w);
    try {
      await loaded(w);
      const won = w.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure="won"]')!;
      expect(won.querySelector('.label')!.textContent!.trim()).to.equal('Gagnées');
      // "Gagnées : 3 : afficher les enregistrements" (a space before each colon), not "Gagnées: 3 : …".
      expect(won.getAttribute('aria-label')).to.match(/^Gagnées : \S+ : afficher les enregistrements$/);
    } finally {
      w.remove();
    }
  });
});
