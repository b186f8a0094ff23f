/**
 * What the CDN entry (src/cdn.ts) loads, observed through the browser's resource timing (the test
 * server serves every module as its own file): the data sources' adapters and chart.js are not
 * fetched by the entry; the demo adapter is fetched on the first question to source="demo", and
 * chart.js when the first chart is drawn. scripts/size.mjs checks the same of the built bundle.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/cdn.js';
import { DEMO_NOW } from '../../src/adapters/demo/now.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';

const fetched = (part: string): boolean =>
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.includes(part));
const LAZY = ['/src/adapters/demo/demo-adapter', '/src/adapters/demo/generate', '/src/adapters/demo/columnar', '/src/adapters/bitrix24/adapter', '/src/adapters/bitrix24/client', '/src/adapters/rest/', '/src/charts/chartjs', '/chart.js/'];
const settled = (w: CrmWidget) => {
  const root = w.shadowRoot!;
  return !root.querySelector('.skeleton') && !!root.querySelector('.view[aria-busy="false"], .body .error[role="alert"]');
};

describe('lazy chunks (the CDN entry)', () => {
  it('the entry defines every element of custom-elements.json and fetches no adapter and no chart code', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: { tagName?: string }[] }[] };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter((t): t is string => !!t);
    expect(tags).to.include.members(['crm-profile', 'crm-widget', 'crm-period-picker', 'crm-detail-panel', 'crm-widget-settings']);
    for (const tag of tags) expect(customElements.get(tag), `<${tag}> defined by src/cdn.ts`).to.be.a('function');
    for (const part of LAZY) expect(fetched(part), part).to.equal(false);
    expect(fetched('/src/adapters/sources')).to.equal(true);
  });

  it('source="demo": the demo adapter arrives on first use, with the demo data\'s fixed now known from the start; no chart code for a widget without a chart', async () => {
    const w = await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1" type="preferred-channel" period="last-90-days"></crm-widget>`);
    expect((w.context as { now?: number }).now).to.equal(DEMO_NOW);
    await waitUntil(() => settled(w), 'the widget did not load', { timeout: 10000 });
    expect(w.shadowRoot!.querySelector('.body .error')).to.equal(null);
    expect(fetched('/src/adapters/demo/demo-adapter')).to.equal(true);
    expect(fetched('/src/charts/chartjs')).to.equal(false);
    expect(fetched('/src/adapters/bitrix24/adapter')).to.equal(false);
    expect(fetched('/src/adapters/rest/')).to.equal(false);
  });

  it('chart.js is fetched when the first chart is drawn', async () => {
    const w = await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1" type="load-by-channel" period="last-90-days"></crm-widget>`);
    await waitUntil(() => settled(w), 'the widget did not load', { timeout: 10000 });
    await waitUntil(() => fetched('/src/charts/chartjs'), 'chart.js was not loaded for a chart', { timeout: 10000 });
    expect(w.shadowRoot!.querySelector('canvas')).to.be.instanceOf(HTMLCanvasElement);
  });

  it('a profile on source="demo" resolves its periods against the demo data\'s now', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="company" entity-id="2"></crm-profile>`);
    expect((p as unknown as { context?: { now?: number } }).context?.now).to.equal(DEMO_NOW);
  });
});
