/**
 * What the CDN entry (src/cdn.ts) loads, observed through the browser's resource timing (the test
 * server serves every module as its own file): the data sources' adapters, chart.js and the
 * widget's overlays (<crm-detail-panel>, <crm-widget-settings>) and the iframe pieces
 * (<crm-profile-frame>, startFrameChild), the deep links (sync-url) and the profile's edit mode are not
 * fetched by the entry; the demo adapter is fetched
 * on the first question to source="demo", chart.js when the first chart comes into view, each overlay when
 * it is first opened, the frame when one appears in the document. scripts/size.mjs checks the same
 * of the built bundle.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { defineProfileFrame, startFrameChild } from '../../src/cdn.js';
import { frameLoader } from '../../src/embed/lazy.js';
import { DEMO_NOW } from '../../src/adapters/demo/now.js';
import { overlayLoaders } from '../../src/elements/overlays.js';
import { widgetChunks, type CrmWidget } from '../../src/elements/widget/widget.js';
import { sendKeys } from '@web/test-runner-commands';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { liveCharts } from '../../src/controllers/chart-controller.js';

const fetched = (part: string): boolean =>
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.includes(part));
const LAZY = ['/src/core/period-forms', '/src/adapters/demo/demo-adapter', '/src/adapters/demo/generate', '/src/adapters/demo/columnar', '/src/adapters/bitrix24/adapter', '/src/adapters/bitrix24/client', '/src/adapters/rest/', '/src/charts/chartjs', '/chart.js/', '/src/controllers/url-sync', '/src/controllers/url-state', '/src/elements/profile/editor', '/src/widgets/layout.', '/src/controllers/layout-store-io', '/src/elements/widget/interactions', '/src/widgets/comparison', '/src/elements/widget/comparison', '/src/core/compare.', '/src/elements/widget/gear', '/src/elements/widget/peers', '/src/widgets/peers', '/src/elements/profile/load-target', '/src/core/local-aggregates', '/src/i18n/en-compare', '/src/i18n/en-peers', '/src/i18n/en-gear', '/src/i18n/en-number', '/src/i18n/en-offline', '/src/adapters/bitrix24/failures', '/src/adapters/bitrix24/activities', '/src/elements/widget/standalone', '/src/elements/two-copies', '/src/i18n/en-periods'];
/** Defined by <crm-widget> on first open (src/elements/overlays.ts), not by the entry. */
const OVERLAYS = { 'crm-detail-panel': '/src/elements/detail-panel/', 'crm-widget-settings': '/src/elements/widget-settings/' } as const;
/** Defined when one appears in the document (src/embed/lazy.ts), not by the entry. */
const FRAME = ['/src/elements/profile-frame/', '/src/embed/frame-child'];
const failing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/**
 * Clicks `target` while a chunk fails to load (`fail` makes its loader fail and returns what restores
 * it); gives the widget's `crm-error` errors and the console warnings, once an error came.
 */
async function clickWhileChunkFails(w: CrmWidget, target: HTMLElement, fail: () => () => void): Promise<{ errors: Error[]; warnings: string[] }> {
  const warn = console.warn;
  const warnings: string[] = [];
  const errors: Error[] = [];
  w.addEventListener('crm-error', (e) => errors.push((e as CustomEvent<{ error: Error }>).detail.error));
  const restore = fail();
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    target.click();
    await waitUntil(() => errors.length > 0, 'no crm-error for the failed chunk');
  } finally {
    console.warn = warn;
    restore();
  }
  return { errors, warnings };
}

const settled = (w: CrmWidget) => {
  const root = w.shadowRoot!;
  return !root.querySelector('.skeleton') && !!root.querySelector('.view[aria-busy="false"], .body .error[role="alert"]');
};

describe('lazy chunks (the CDN entry)', () => {
  // Every element of custom-elements.json is defined: all but the two overlays by the entry (this
  // test), the overlays after their first use (the drill-down and settings tests below, which end
  // by checking that every tag of the manifest is then defined).
  it('the entry defines every element of custom-elements.json but the overlays and the frame, and fetches no adapter, no chart code, no overlay and no frame code', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: { tagName?: string }[] }[] };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter((t): t is string => !!t);
    expect(tags).to.include.members(['crm-profile', 'crm-widget', 'crm-period-picker', 'crm-detail-panel', 'crm-widget-settings']);
    for (const tag of tags) {
      if (tag in OVERLAYS || tag === 'crm-profile-frame') expect(customElements.get(tag), `<${tag}> not defined before first use`).to.equal(undefined);
      else expect(customElements.get(tag), `<${tag}> defined by src/cdn.ts`).to.be.a('function');
    }
    for (const part of [...LAZY, ...Object.values(OVERLAYS), ...FRAME]) expect(fetched(part), part).to.equal(false);
    expect(fetched('/src/adapters/sources')).to.equal(true);
  });

  it('source="demo": the demo adapter arrives on first use, with the demo data\'s fixed now known from the start; no chart code for a widget without a chart', async () => {
    const w = await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1" type="preferred-channel" period="last-90-days"></crm-widget>`);
    expect((w.context as { now?: number }).now).to.equal(DEMO_NOW);
    await waitUntil(() => settled(w), 'the widget did not load', { timeout: 10000 });
    expect(w.shadowRoot!.querySelector('.body .error')).to.equal(null);
    expect(fetched('/src/adapters/demo/demo-adapter')).to.equal(true);
    // The columnar engine is for clients with thousands of records: the demo data's are answered without it.
    expect(fetched('/src/adapters/demo/columnar')).to.equal(false);
    expect(fetched('/src/charts/chartjs')).to.equal(false);
    expect(fetched('/src/adapters/bitrix24/adapter')).to.equal(false);
    expect(fetched('/src/adapters/rest/')).to.equal(false);
  });

  it('chart.js is fetched when the first chart comes into view, and drawn then', async () => {
    // Below the fold: the numbers show, the chart waits (nothing of chart.js is fetched).
    const page = await fixture<HTMLElement>(html`<div><div style="block-size: 4000px"></div>
      <crm-widget source="demo" entity-type="contact" entity-id="1" type="load-by-channel" period="last-90-days"></crm-widget></div>`);
    const w = page.querySelector<CrmWidget>('crm-widget')!;
    await waitUntil(() => settled(w), 'the widget did not load', { timeout: 10000 });
    const canvas = w.shadowRoot!.querySelector('canvas')!;
    expect(canvas).to.be.instanceOf(HTMLCanvasElement);
    for (let i = 0; i < 10; i++) await new Promise(requestAnimationFrame);
    await new Promise((r) => setTimeout(r, 200));
    expect(fetched('/src/charts/chartjs'), 'chart.js fetched for a chart out of view').to.equal(false);
    expect(liveCharts).to.equal(0);
    // Scrolled to: chart.js arrives and the chart is drawn.
    canvas.scrollIntoView();
    await waitUntil(() => fetched('/src/charts/chartjs'), 'chart.js was not loaded for a chart in view', { timeout: 10000 });
    await waitUntil(() => liveCharts === 1, 'the chart was not drawn', { timeout: 10000 });
    page.remove();
    await waitUntil(() => liveCharts === 0, 'the chart outlived its widget');
  });

  it('a profile on source="demo" resolves its periods against the demo data\'s now', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="company" entity-id="2"></crm-profile>`);
    expect((p as unknown as { context?: { now?: number } }).context?.now).to.equal(DEMO_NOW);
  });

  it('the edit mode is fetched by an editable profile only, and its tools and gear menus come together', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile source="demo" entity-type="contact" entity-id="1"></crm-profile>`);
    const gears = () => [...p.shadowRoot!.querySelectorAll('crm-widget')].filter((w) => w.shadowRoot!.querySelector('.menu-button'));
    expect(fetched('/src/elements/profile/editor'), 'fetched by a read-only profile').to.equal(false);
    expect(p.shadowRoot!.querySelector('.add-button')).to.equal(null);
    p.editable = true;
    await p.updateComplete;
    expect(fetched('/src/elements/profile/editor')).to.equal(true);
    expect(p.shadowRoot!.querySelector('.add-button'), 'the add-widget button').to.not.equal(null);
    await waitUntil(() => gears().length > 0, 'no gear menu once editable');
    await expect(p).to.be.accessible();
  });

  describe('the iframe pieces load on first use', () => {
    it('<crm-profile-frame> is defined once one is added to the document (nested in other markup), loading its chunk once', async () => {
      let loads = 0;
      const load = frameLoader.load;
      frameLoader.load = () => (loads++, load());
      try {
        const host = document.createElement('section');
        host.innerHTML = '<div><crm-profile-frame src="/demo/frame-child.html" allowed-origin="http://localhost:1"></crm-profile-frame></div>';
        document.body.append(host);
        try {
          await customElements.whenDefined('crm-profile-frame');
          const frame = host.querySelector('crm-profile-frame')!;
          await (frame as unknown as { updateComplete: Promise<unknown> }).updateComplete;
          expect(frame.shadowRoot!.querySelector('iframe'), 'the upgraded frame renders its iframe').to.be.instanceOf(HTMLIFrameElement);
          expect(fetched(FRAME[0]!)).to.equal(true);
          expect(fetched(FRAME[1]!), 'the child code stays unloaded').to.equal(false);
          await defineProfileFrame();
          expect(loads).to.equal(1);
        } finally {
          host.remove();
        }
      } finally {
        frameLoader.load = load;
      }
    });

    it('startFrameChild() loads the child code and resolves to its FrameChild (here refusing: not framed)', async () => {
      const error = console.error;
      const errors: string[] = [];
      console.error = (...args: unknown[]) => void errors.push(args.join(' '));
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const child = await startFrameChild({ parentOrigin: location.origin, container, source: 'demo' });
        child.stop();
        expect(fetched(FRAME[1]!)).to.equal(true);
        expect(child.refusal).to.contain('not inside a frame');
        expect(container.querySelector('crm-profile')).to.equal(child.profile);
      } finally {
        console.error = error;
        container.remove();
      }
    });
  });

  describe('the overlays are defined on first open', () => {
    const mountWidget = async (type: string) => {
      const w = await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1" type=${type} period="all-time" locale="en"></crm-widget>`);
      await waitUntil(() => settled(w), 'the widget did not load', { timeout: 10000 });
      return w;
    };
    const deepActive = (): Element | null => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a;
    };

    // (Not through the gear: opening its menu starts loading the settings dialog, which the tests
    // below expect unloaded.)
    it('the widget\'s interactions (gear menu, drill-down, explanation) are a chunk of their own: not fetched for the numbers; a failed load is reported, the next use loads it (here the ⓘ button: the explanation opens, Escape closes it)', async () => {
      const w = await mountWidget('load-by-channel');
      expect(fetched('/src/elements/widget/interactions'), 'numbers alone fetch no interaction code').to.equal(false);
      const info = w.shadowRoot!.querySelector<HTMLButtonElement>('.info-button')!;
      const { errors, warnings } = await clickWhileChunkFails(w, info, () => {
        const load = widgetChunks.interactions;
        widgetChunks.interactions = failing;
        return () => (widgetChunks.interactions = load);
      });
      expect(errors[0]!.message).to.equal('Could not respond to "Load by channel": its code did not load (Failed to fetch dynamically imported module).');
      expect(warnings.some((m) => m.includes(errors[0]!.message)), 'console warning').to.equal(true);
      expect(w.shadowRoot!.querySelector('#explain')).to.equal(null);
      expect(info.getAttribute('aria-expanded')).to.equal('false');

      info.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => w.shadowRoot!.querySelector('#explain') !== null, 'the explanation did not open');
      expect(fetched('/src/elements/widget/interactions')).to.equal(true);
      expect(info.getAttribute('aria-expanded')).to.equal('true');
      expect(w.openState).to.deep.equal({ explanation: true });
      await expect(w).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await w.updateComplete;
      expect(w.shadowRoot!.querySelector('#explain')).to.equal(null);
      expect(w.shadowRoot!.activeElement).to.equal(info);
      expect(fetched(OVERLAYS['crm-widget-settings']), 'the settings dialog stays unloaded').to.equal(false);
    });

    it('a failed chunk load is reported (crm-error, console warning); the next click loads it and opens the panel, focus returns to the number', async () => {
      const w = await mountWidget('deal-conversion');
      const button = w.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure="won"]')!;
      const { errors, warnings } = await clickWhileChunkFails(w, button, () => {
        const load = overlayLoaders['crm-detail-panel'];
        overlayLoaders['crm-detail-panel'] = failing;
        return () => (overlayLoaders['crm-detail-panel'] = load);
      });
      expect(errors[0]!.message).to.match(/^Could not open ".+": the code of <crm-detail-panel> did not load \(Failed to fetch dynamically imported module\)\.$/);
      expect(warnings.some((m) => m.includes(errors[0]!.message)), 'console warning').to.equal(true);
      expect(customElements.get('crm-detail-panel')).to.equal(undefined);
      expect(fetched(OVERLAYS['crm-detail-panel'])).to.equal(false);

      // Retry: the real chunk this time.
      const opened = new Promise((resolve) => w.addEventListener('crm-detail-open', resolve, { once: true }));
      button.focus();
      button.click();
      await opened;
      expect(customElements.get('crm-detail-panel')).to.be.a('function');
      expect(fetched(OVERLAYS['crm-detail-panel'])).to.equal(true);
      expect(fetched(OVERLAYS['crm-widget-settings']), 'the settings dialog stays unloaded').to.equal(false);
      const panel = w.shadowRoot!.querySelector('crm-detail-panel')!;
      expect(panel.open).to.equal(true);
      await waitUntil(() => deepActive()?.getRootNode() === panel.shadowRoot, 'focus did not move into the panel');
      const closed = new Promise((resolve) => panel.addEventListener('close', resolve, { once: true }));
      panel.close();
      await closed;
      expect(deepActive() === button, 'focus returns to the number').to.equal(true);
    });

    it('gear → Settings loads the settings dialog and opens it; focus returns to the gear; then every tag of custom-elements.json is defined', async () => {
      const w = await mountWidget('load-by-channel');
      expect(customElements.get('crm-widget-settings')).to.equal(undefined);
      const gear = w.shadowRoot!.querySelector<HTMLButtonElement>('.menu-button')!;
      gear.focus();
      gear.click();
      await w.updateComplete;
      w.shadowRoot!.querySelector<HTMLButtonElement>('[role="menuitem"]')!.click();
      const dialog = w.shadowRoot!.querySelector('crm-widget-settings')!;
      await waitUntil(() => dialog.open, 'the settings dialog did not open', { timeout: 5000 });
      expect(fetched(OVERLAYS['crm-widget-settings'])).to.equal(true);
      await waitUntil(() => deepActive()?.getRootNode() === dialog.shadowRoot, 'focus did not move into the dialog');
      const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
      dialog.close();
      await closed;
      expect(deepActive() === gear, 'focus returns to the gear').to.equal(true);

      const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: { tagName?: string }[] }[] };
      for (const tag of manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter((t): t is string => !!t)) {
        expect(customElements.get(tag), `<${tag}> defined after first use`).to.be.a('function');
      }
    });
  });
});
