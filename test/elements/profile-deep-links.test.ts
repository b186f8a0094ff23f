/**
 * Deep links (issue 6.6): `<crm-profile sync-url>` keeps the period, the comparison and the open
 * drill-down or explanation in the URL fragment; opening the link restores the view; back and
 * forward walk through it.
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import { profileChunks, type CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { ClientType } from '../../src/core/model.js';
import type { ResolvedPeriod } from '../../src/core/period.js';
import { adapter, ZONE, clearStoredLayouts, panelOf, footerText, oneEvent, whileChunkFails } from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

const ORIGINAL_PUSH = history.pushState;
const widgets = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
const widget = (p: CrmProfile, type: string) => widgets(p).find((w) => w.type === type)!;
const loadedAll = (p: CrmProfile) => waitUntil(() => widgets(p).length > 0 && widgets(p).every((w) => w.shadowRoot!.querySelector('.view[aria-busy="false"]')),
  'the widgets did not load', { timeout: 10000 });
const panelOpen = (w: CrmWidget) => panelOf(w)?.open === true;

async function mount(hash: string, syncUrl = ''): Promise<CrmProfile> {
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="last-30-days"
    time-zone=${ZONE} locale="en" sync-url=${syncUrl}></crm-profile>`);
  await loadedAll(p);
  return p;
}

/**
 * Back / forward to the entry with `url`, as the browser does them (the URL changes, then
 * `popstate`), without real history navigation: a Back too many under test load once left the test
 * page (wtr: "the page navigated to about:blank").
 */
async function go(url: string) {
  history.replaceState(history.state, '', url);
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  await new Promise((r) => setTimeout(r, 50));
}

describe('<crm-profile sync-url>', () => {
  beforeEach(clearStoredLayouts);
  afterEach(() => void (history.pushState = ORIGINAL_PUSH));
  after(() => history.replaceState(null, '', `${location.pathname}${location.search}`));

  it('opening a link restores the period, the comparison and the open drill-down', async () => {
    const p = await mount('#tab=x&crm-period=month:2026-03&crm-compare=previous&crm-widget=w7&crm-open=won-value');
    expect(p.period).to.equal('month:2026-03');
    expect(p.getAttribute('compare')).to.equal('previous');
    const sales = widget(p, 'sales-amount');
    expect(sales.widgetId).to.equal('w7');
    await waitUntil(() => panelOpen(sales), 'the drill-down did not open');
    const panel = panelOf(sales);
    await waitUntil(() => footerText(panel) !== '', 'the panel did not load');
    expect(panel.periodLabel).to.equal('March 2026');
    expect(sales.shadowRoot!.querySelector('[data-delta]'), 'the comparison is shown').to.not.equal(null);
    expect(location.hash).to.contain('tab=x');
  });

  it('each change is a history entry; back and forward restore the view', async () => {
    const p = await mount('');
    const start = location.href;
    // Entries added (history.length stops growing at 50 in Chromium: count the pushes instead).
    const pushed: string[] = [];
    const push = ORIGINAL_PUSH.bind(history);
    history.pushState = (data, unused, url) => (pushed.push(String(url)), push(data, unused, url));
    // A drill-down opened by a click.
    const deals = widget(p, 'deal-conversion');
    deals.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure="deal-conversion"]')!.click();
    await waitUntil(() => panelOpen(deals) && location.hash.includes('crm-open=deal-conversion'), 'the link did not follow the drill-down');
    expect(location.hash).to.contain(`crm-widget=${deals.widgetId}`);
    // Closed: another entry, without it.
    const closed = oneEvent(panelOf(deals), 'close');
    panelOf(deals).close();
    await closed;
    await waitUntil(() => !location.hash.includes('crm-open'), 'closing is not in the link');
    // The comparison chosen in the toolbar.
    const select = p.shadowRoot!.querySelector<HTMLSelectElement>('.compare select')!;
    select.value = 'last-year';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => location.hash.includes('crm-compare=last-year'), 'the comparison is not in the link');
    expect(pushed).to.have.length(3);
    history.pushState = ORIGINAL_PUSH;
    const [opened, closedUrl] = pushed.map((u) => new URL(u, location.href).href);

    await go(closedUrl!); // Back: before the comparison: closed panel, no comparison
    await waitUntil(() => !p.hasAttribute('compare'), 'back did not remove the comparison');
    expect(panelOpen(deals)).to.equal(false);
    await go(opened!); // Back: the drill-down open again
    await waitUntil(() => panelOpen(deals), 'back did not reopen the drill-down');
    await go(start); // Back: the start: nothing open
    await waitUntil(() => !panelOpen(deals), 'back did not close the drill-down');
    await go(opened!); // Forward
    await waitUntil(() => panelOpen(deals), 'forward did not reopen the drill-down');
    deals.closeOverlays();
  });

  it('the explanation is a state too; a link naming an unknown widget opens nothing and says why', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      const p = await mount('#crm-widget=w99&crm-open=won-value');
      expect(widgets(p).some(panelOpen)).to.equal(false);
      const load = widget(p, 'communication-load');
      load.shadowRoot!.querySelector<HTMLButtonElement>('.info-button')!.click();
      await waitUntil(() => location.hash.includes(`crm-widget=${load.widgetId}`) && location.hash.includes('crm-open=explanation'), 'the explanation is not in the link');
      await expect(p).to.be.accessible();
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((m) => m.includes('The link names widget "w99"'))).to.equal(true);
  });

  it('a period chosen in the toolbar goes into the link; back returns to the page\'s own period', async () => {
    const p = await mount('');
    const start = location.href;
    const picker = p.shadowRoot!.querySelector('crm-period-picker')!;
    picker.dispatchEvent(new CustomEvent('crm-period-change', { detail: { value: 'last-7-days' }, bubbles: true, composed: true }));
    await waitUntil(() => location.hash.includes('crm-period=last-7-days'), 'the period is not in the link');
    expect(p.period).to.equal('last-7-days');
    await go(start);
    await waitUntil(() => p.period === 'last-30-days', 'back did not restore the period');
  });

  it('a newer link wins over one still loading: nothing it opened stays open', async () => {
    const p = await mount('');
    const deals = widget(p, 'deal-conversion');
    location.hash = '#crm-period=month:2026-03&crm-widget=w5&crm-open=deal-conversion';
    await new Promise((r) => setTimeout(r, 0));
    location.hash = '#crm-period=last-7-days';
    await waitUntil(() => p.period === 'last-7-days', 'the newer link was not applied');
    await loadedAll(p);
    await new Promise((r) => setTimeout(r, 300));
    expect(panelOpen(deals), 'the older link\'s drill-down').to.equal(false);
    expect(location.hash).to.equal('#crm-period=last-7-days');
  });

  it('the link\'s period applies before the first read: the deep links\' chunk loads first, under a skeleton', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#crm-period=month:2026-03`);
    const periods: string[] = [];
    // The demo adapter, with its peers' averages recorded (the header asks for them with the page period).
    const day = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    const spy = new Proxy(adapter, {
      get(target, key) {
        if (key === 'peerAverages') {
          return (type: ClientType, period: ResolvedPeriod, signal?: AbortSignal) => {
            periods.push(`${day(period.start)}..${day(period.end)}`);
            return target.peerAverages(type, period, signal);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // The deep links' chunk held back, as on a slow network.
    const chunk = chunkLoader(profileChunks, 'urlSync');
    chunk.hold();
    const p = document.createElement('crm-profile') as CrmProfile;
    Object.assign(p, { adapter: spy, entityType: 'contact', entityId: '1', period: 'last-30-days', timeZone: ZONE, locale: 'en', syncUrl: '' });
    document.body.append(p);
    try {
      // Until it comes: a busy skeleton, no toolbar, no widget, and nothing asked of the source.
      await waitUntil(() => p.shadowRoot?.querySelector('[aria-busy="true"]'), 'the skeleton');
      await new Promise((r) => setTimeout(r, 100));
      expect(p.shadowRoot!.querySelector('crm-widget, crm-period-picker'), 'no widget, no toolbar').to.equal(null);
      expect(periods).to.deep.equal([]);
      await expect(p).to.be.accessible();
      chunk.release();
      await p.updateComplete; // waits for the chunk: it resolves on the link's state
      expect(p.period).to.equal('month:2026-03');
      await loadedAll(p);
      await waitUntil(() => periods.length > 0, 'the header did not ask for the peers\' averages');
      expect(periods, 'every read is of March 2026').to.deep.equal(periods.map(() => '2026-03-01..2026-04-01'));
    } finally {
      chunk.restore();
      p.remove();
    }
  });

  it('when the deep links cannot be loaded, the profile shows its own period and says why', () => whileChunkFails('urlSync', async (errors) => {
    const p = await mount('#crm-period=month:2026-03');
    expect(errors.some((m) => m.includes('the deep links (sync-url) could not be loaded; the profile shows without them')), errors.join('\n')).to.equal(true);
    expect(p.period).to.equal('last-30-days');
    await expect(p).to.be.accessible();
  }));

  it('without sync-url the URL is left alone', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#crm-period=today`);
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="last-30-days" time-zone=${ZONE}></crm-profile>`);
    await loadedAll(p);
    expect(p.period).to.equal('last-30-days');
    const deals = widget(p, 'deal-conversion');
    deals.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure="deal-conversion"]')!.click();
    await waitUntil(() => panelOpen(deals));
    expect(location.hash).to.equal('#crm-period=today');
    deals.closeOverlays();
  });
});
