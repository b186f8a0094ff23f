/**
 * <crm-profile variant="card">: the compact card for CMS sidebars and listings, and the layout
 * given as an attribute (what a CMS author can type).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { layoutFromAttribute } from '../../src/widgets/layout.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { WIDGET_TYPES } from '../../src/widgets/types.js';
import { closePanel, expectedFigures, loaded, metricsFor, openFigure, shown, clearStoredLayouts } from './widget-helpers.js';

/** The default layout's system widget and first two others. */
const DEFAULT_CARD = ['system', ...WIDGET_TYPES.filter((t) => t !== 'system').slice(0, 2)];
const widgets = (p: CrmProfile) => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];

async function card(width: number, layout?: string): Promise<CrmProfile> {
  const wrap = await fixture<HTMLDivElement>(html`<div style=${`inline-size:${width}px`}>
    <crm-profile variant="card" source="demo" entity-type="contact" entity-id="1" period="last-90-days" locale="en" time-zone="UTC"
      editable layout=${layout ?? ''}></crm-profile></div>`);
  const p = wrap.querySelector('crm-profile')!;
  await waitUntil(() => p.shadowRoot!.querySelector('.client h2') && widgets(p).length > 0, 'the card did not load', { timeout: 8000 });
  await Promise.all(widgets(p).map((w) => loaded(w)));
  // The edit mode's chunk (the widgets' gear menus come with it) may arrive after the numbers.
  await p.updateComplete;
  await Promise.all(widgets(p).map((w) => w.updateComplete));
  return p;
}

/** Elements whose content is wider than their box (horizontal scrolling), through shadow roots. */
function overflowing(root: Element | ShadowRoot): string[] {
  const out: string[] = [];
  const walk = (node: Element | ShadowRoot) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.classList.contains('visually-hidden')) continue;
      if (el instanceof HTMLElement && el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        out.push(`${el.tagName.toLowerCase()}.${el.className}`);
      }
      if (el.getBoundingClientRect().right > (root instanceof ShadowRoot ? (root.host as HTMLElement) : (root as HTMLElement)).getBoundingClientRect().right + 1 && el.getBoundingClientRect().width > 0) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} sticks out`);
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

describe('<crm-profile variant="card">', () => {
  afterEach(() => clearStoredLayouts());

  it('at 280 px: the client card, the system widget and two widgets, one column, nothing wider than the card', async () => {
    const p = await card(280);
    expect(p.getBoundingClientRect().width).to.equal(280);
    expect(widgets(p).map((w) => w.type)).to.deep.equal(DEFAULT_CARD);
    const xs = new Set(widgets(p).map((w) => Math.round(w.getBoundingClientRect().left)));
    expect(xs.size, 'one column').to.equal(1);
    expect(overflowing(p.shadowRoot!), 'horizontal overflow').to.deep.equal([]);
    // A card has no layout editing; the widgets keep their gear menu.
    expect([...p.shadowRoot!.querySelectorAll('.toolbar button')].map((b) => b.textContent!.trim())).to.deep.equal(['↻ Refresh']);
    expect(widgets(p)[1]!.shadowRoot!.querySelector('button[aria-haspopup="menu"]')).not.to.equal(null);
    await expect(p).to.be.accessible();
  });

  it('at 280 px, an e-mail address too long for its line wraps after its "@" or a dot, not inside a word', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="inline-size:280px">
      <crm-profile variant="card" source="demo" entity-type="company" entity-id="2" locale="en" time-zone="UTC" layout="system"></crm-profile></div>`);
    const p = wrap.querySelector('crm-profile')!;
    await waitUntil(() => p.shadowRoot!.querySelector('.contacts a[href^="mailto:"]'), 'no e-mail shown', { timeout: 8000 });
    const links = [...p.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.contacts a[href^="mailto:"]')];
    // (A flex item: one box, two lines tall when wrapped.)
    const wrapped = links.filter((a) => a.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(a).fontSize));
    expect(wrapped.length, 'the test needs an address longer than its line').to.be.greaterThan(0);
    for (const a of links) {
      expect(a.textContent, 'the address reads (and copies) as it is').to.equal(a.getAttribute('href')!.slice('mailto:'.length));
      // Each piece between break points sits on one line.
      for (const node of [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        expect(lines.size, `"${node.textContent}" is not broken`).to.equal(1);
      }
    }
  });

  it('shows the widgets the author chose in the layout attribute, with their numbers and drill-down', async () => {
    const p = await card(320, 'load-by-channel, invoice-conversion, sales-amount');
    expect(widgets(p).map((w) => w.type)).to.deep.equal(['system', 'load-by-channel', 'invoice-conversion']);
    const w = widgets(p)[1]!;
    const expected = expectedFigures('load-by-channel', await metricsFor('load-by-channel', 'last-90-days'));
    expect(shown(w).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
    const first = shown(w).find((f) => f.clickable)!;
    const panel = await openFigure(w, first.id);
    await expect(panel).to.be.accessible();
    await closePanel(panel);
    expect(overflowing(p.shadowRoot!)).to.deep.equal([]);
  });

  it('takes a whole layout as JSON, settings included; unreadable text gives the default layout and a warning', async () => {
    const json = JSON.stringify({ version: 1, items: [{ id: 'a', type: 'deal-conversion', settings: { title: 'Deals, 90 days' } }] });
    const p = await card(400, json);
    expect(widgets(p).map((w) => w.type)).to.deep.equal(['system', 'deal-conversion']);
    expect(widgets(p)[1]!.shadowRoot!.querySelector('h3, h2')!.textContent).to.contain('Deals, 90 days');

    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(' '));
    try {
      const q = await card(400, '{not json');
      expect(widgets(q).map((w) => w.type)).to.deep.equal(DEFAULT_CARD);
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((w) => /layout/i.test(w))).to.equal(true);
  });

  it('reads the layout attribute forms', () => {
    expect(layoutFromAttribute('load-by-channel,sales-amount')).to.deep.equal({
      version: 1,
      items: [{ id: 'w1', type: 'system', settings: {} }, { id: 'w2', type: 'load-by-channel', settings: {} }, { id: 'w3', type: 'sales-amount', settings: {} }],
    });
    expect((layoutFromAttribute('system, sales-amount') as { items: unknown[] }).items).to.have.length(2);
    expect(layoutFromAttribute('{"version":1,"items":[]}')).to.deep.equal({ version: 1, items: [] });
    expect(layoutFromAttribute('{oops')).to.equal('{oops');
    expect(layoutFromAttribute(null)).to.equal(undefined);
    expect(layoutFromAttribute('  ')).to.equal(undefined);
  });
});
