/**
 * A whole <crm-profile> read over HTTP from the Bitrix24 emulator mounted on the test server
 * (web-test-runner.config.mjs): what a user sees, and what it costs the portal.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { Bitrix24Client, WebhookTransport } from '../../src/adapters/bitrix24/client.js';

const control = (path: string, body: unknown = {}) =>
  fetch(`/__emulator/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const requests = async () => ((await (await fetch('/__emulator/stats')).json()) as { requests: number }).requests;

const widgets = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
const settled = (w: CrmWidget) => {
  const root = w.shadowRoot;
  return !!root && !root.querySelector('.skeleton') && !!root.querySelector('.figures, .error, .empty');
};

function adapter(): Bitrix24Adapter {
  const client = new Bitrix24Client({ transport: new WebhookTransport(`${location.origin}/rest/1/demo-webhook-code/`), sleep: async () => {} });
  return new Bitrix24Adapter({ client, onIssue: () => {} });
}

describe('<crm-profile> over the Bitrix24 REST API (emulator)', () => {
  beforeEach(async () => {
    await control('reset');
    localStorage.clear();
  });
  after(() => control('reset'));

  it('shows the client and every widget in at most 4 HTTP requests once reference data is cached', async () => {
    const source = adapter();
    await source.referenceData();
    const before = await requests();
    const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="current-year" locale="en"
      time-zone="UTC" storage-key="b24-test" .adapter=${source}></crm-profile>`);
    await waitUntil(() => p.shadowRoot!.querySelector('.client h2') && widgets(p).length > 0 && widgets(p).every(settled), 'the profile did not load', { timeout: 10000 });
    expect(p.shadowRoot!.querySelector('.client h2')!.textContent!.trim()).to.equal('Julien Lefèvre');
    expect(widgets(p).every((w) => !w.shadowRoot!.querySelector('.error'))).to.equal(true);
    expect((await requests()) - before).to.be.within(1, 4);
    await expect(p).to.be.accessible();
  });

  it('rides out a 503 burst from the portal and still shows the numbers', async () => {
    await control('faults', { status503: 2 });
    const p = await fixture<CrmProfile>(html`<crm-profile entity-type="company" entity-id="2" period="all-time" locale="en"
      time-zone="UTC" storage-key="b24-test-2" .adapter=${adapter()}></crm-profile>`);
    await waitUntil(() => widgets(p).length > 0 && widgets(p).every(settled), 'the profile did not load', { timeout: 10000 });
    expect(widgets(p).some((w) => w.shadowRoot!.querySelector('.error'))).to.equal(false);
    const log = (await (await fetch('/__emulator/stats')).json()) as { log: { status: number }[] };
    expect(log.log.filter((e) => e.status === 503)).to.have.length(2);
  });
});
