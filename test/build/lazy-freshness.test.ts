/**
 * The freshness code of <crm-profile> (stamp, offline copy, refresh timer) and the IndexedDB code of
 * its offline copy are not part of the CDN entry's first load: the former arrives as a profile gets
 * its adapter, the offline copy's code only for a profile with `offline-snapshot`, the refresh
 * timer's only for one with `refresh-interval`. The cache is in the entry (the
 * first numbers wait for no chunk). Observed through the
 * browser's resource timing (the test server serves every module as its own file), as
 * lazy-loading.test.ts does for the adapters and chart.js.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/cdn.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';

const fetched = (part: string): boolean =>
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.includes(part));
const loaded = (p: CrmProfile) => !!p.shadowRoot!.querySelector('.client h2');

describe('lazy chunks: the profile\'s freshness and offline copy', () => {
  it('the entry fetches neither, but the cache', () => {
    for (const part of ['/src/elements/profile/freshness', '/src/elements/profile/refresh', '/src/elements/profile/offline-copy', '/src/adapters/offline', '/src/adapters/snapshots']) {
      expect(fetched(part), part).to.equal(false);
    }
    expect(fetched('/src/adapters/cache')).to.equal(true);
  });

  it('a profile fetches the freshness code with its adapter, the offline copy\'s code only with offline-snapshot, the refresh timer\'s only with refresh-interval', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="contact" entity-id="2" layout="sales-amount"></crm-profile>`);
    await waitUntil(() => loaded(p), 'the profile did not load', { timeout: 10000 });
    await waitUntil(() => fetched('/src/elements/profile/freshness'), 'the freshness code was not loaded', { timeout: 5000 });
    expect(fetched('/src/adapters/offline')).to.equal(false);
    expect(fetched('/src/elements/profile/offline-copy')).to.equal(false);
    expect(fetched('/src/elements/profile/refresh')).to.equal(false);
    expect(fetched('/src/adapters/snapshots')).to.equal(false);
    const q = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="contact" entity-id="3" layout="sales-amount" offline-snapshot></crm-profile>`);
    await waitUntil(() => loaded(q), 'the profile did not load', { timeout: 10000 });
    await waitUntil(() => fetched('/src/adapters/snapshots'), 'the IndexedDB code was not loaded', { timeout: 5000 });
    expect(fetched('/src/adapters/offline')).to.equal(true);
    expect(fetched('/src/elements/profile/offline-copy')).to.equal(true);
    expect(fetched('/src/elements/profile/refresh')).to.equal(false);
    const r = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="contact" entity-id="4" layout="sales-amount" refresh-interval="600"></crm-profile>`);
    await waitUntil(() => loaded(r), 'the profile did not load', { timeout: 10000 });
    await waitUntil(() => fetched('/src/elements/profile/refresh'), 'the refresh timer\'s code was not loaded', { timeout: 5000 });
  });
});
