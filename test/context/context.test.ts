/**
 * `profileContext` speaks the Context Protocol (webcomponents-cg community protocol, the one
 * `@lit/context` implements): `<crm-profile>` answers `context-request` events, `<crm-widget>` sends
 * them. Both directions must work with `@lit/context`'s own controllers (a devDependency for these
 * tests), and the order in which providers and consumers arrive must not change what they get.
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ContextConsumer, ContextProvider, ContextRoot } from '@lit/context';
import '../../src/elements/profile/define.js';
import '../../src/elements/widget/define.js';
import { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { profileContext, type ProfileContext } from '../../src/index.js';
import { parsePeriod } from '../../src/core/period.js';
import { periodLabel } from '../../src/i18n/index.js';
import { $, CONTACT_1, CONTACT_4, adapter, expectedFigures, loaded, metricsFor, profileSettled, shown } from '../elements/widget-helpers.js';

let names = 0;
/** A custom element name no other test uses (elements cannot be undefined again). */
const uniqueName = (what: string) => `ctx-${what}-${Date.now()}-${++names}`;

/** An outside component that consumes `profileContext` with @lit/context's `ContextConsumer`. */
class Probe extends LitElement {
  values: (ProfileContext | undefined)[] = [];
  consumer!: ContextConsumer<typeof profileContext, this>;
  subscribe = true;
  override connectedCallback() {
    this.consumer ??= new ContextConsumer(this, { context: profileContext, subscribe: this.subscribe, callback: (v) => this.values.push(v) });
    super.connectedCallback();
  }
}
const PROBE = uniqueName('probe');
customElements.define(PROBE, Probe);
const probe = (subscribe = true): Probe => Object.assign(document.createElement(PROBE) as Probe, { subscribe });

/** An outside component that provides `profileContext` with @lit/context's `ContextProvider`. */
class Host extends LitElement {
  provider = new ContextProvider(this, { context: profileContext });
  protected override createRenderRoot() {
    return this; // its children are light DOM, as a page's
  }
}
const HOST = uniqueName('host');
customElements.define(HOST, Host);
async function mountHost(): Promise<Host> {
  const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
  return wrap.appendChild(document.createElement(HOST) as Host);
}

/** A context as a profile makes one, for the demo data. */
const contextFor = (period: string, client = CONTACT_1): ProfileContext => ({
  adapter, client, period: parsePeriod(period), locale: 'en', timeZone: 'UTC', revision: 0,
});

const valueOf = (p: CrmProfile) => (p as unknown as { context?: ProfileContext }).context;

async function profile(): Promise<CrmProfile> {
  const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="last-30-days" locale="en"
    time-zone="UTC" storage-key=${uniqueName('key')} .adapter=${adapter}></crm-profile>`);
  await profileSettled(p);
  return p;
}

describe('profileContext (the Context Protocol)', () => {
  it('is exported with the element classes, and every widget of a profile gets the profile\'s value', async () => {
    expect(typeof profileContext).to.equal('symbol');
    const p = await profile();
    const widgets = [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
    expect(widgets.length).to.be.greaterThan(1);
    for (const w of widgets) expect(w.context).to.equal(valueOf(p));
  });

  describe('an outside @lit/context ContextConsumer', () => {
    it('gets the profile\'s value and every new one while subscribed, none once it left', async () => {
      const p = await profile();
      const c = probe();
      p.append(c);
      expect(c.values).to.have.length(1);
      expect(c.values[0]).to.equal(valueOf(p));
      expect(c.consumer.value?.client).to.deep.equal(CONTACT_1);
      p.period = 'all-time';
      await profileSettled(p);
      expect(c.values.length).to.be.greaterThan(1);
      expect(c.values.at(-1)).to.equal(valueOf(p));
      expect(c.values.at(-1)!.period).to.deep.equal(parsePeriod('all-time'));
      const before = c.values.length;
      c.remove();
      p.period = 'last-7-days';
      await profileSettled(p);
      expect(c.values).to.have.length(before);
    });

    it('without subscribe: gets the value once, not the changes', async () => {
      const p = await profile();
      const c = probe(false);
      p.append(c);
      expect(c.values).to.deep.equal([valueOf(p)]);
      p.period = 'all-time';
      await profileSettled(p);
      expect(c.values).to.have.length(1);
    });

    it('a request from the profile itself is not answered by it', async () => {
      const p = await profile();
      const got: unknown[] = [];
      const event = Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
        context: profileContext, contextTarget: p, callback: (v: unknown) => got.push(v), subscribe: false,
      });
      p.dispatchEvent(event);
      expect(got).to.deep.equal([]);
    });

    it('outside a profile gets nothing', async () => {
      await profile();
      const c = probe();
      document.body.append(c);
      expect(c.values).to.deep.equal([]);
      c.remove();
    });
  });

  describe('a <crm-widget> under an outside @lit/context ContextProvider', () => {
    it('shows the numbers of the provided value, and of every new one', async () => {
      const host = await mountHost();
      host.provider.setValue(contextFor('last-90-days'));
      const w = document.createElement('crm-widget') as CrmWidget;
      w.type = 'invoice-amounts';
      host.append(w);
      await loaded(w);
      expect(w.context).to.equal(host.provider.value);
      expect($(w, '[part="badge"]')!.textContent).to.equal(periodLabel(parsePeriod('last-90-days'), 'en'));
      let expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'last-90-days'));
      expect(shown(w).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));

      host.provider.setValue(contextFor('all-time', CONTACT_4));
      await waitUntil(() => $(w, '[part="badge"]')?.textContent === periodLabel(parsePeriod('all-time'), 'en'));
      await loaded(w);
      expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'all-time', CONTACT_4));
      expect(shown(w).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
      expect(w.context).to.equal(host.provider.value);
    });

    it('stops following the provider once removed', async () => {
      const host = await mountHost();
      host.provider.setValue(contextFor('last-90-days'));
      const w = document.createElement('crm-widget') as CrmWidget;
      w.type = 'system';
      host.append(w);
      const first = w.context;
      expect(first).to.equal(host.provider.value);
      w.remove();
      host.provider.setValue(contextFor('all-time'));
      expect(w.context).to.equal(first);
    });
  });

  describe('order of arrival', () => {
    it('a widget next to a profile, added before or after it, stays standalone', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
      const before = Object.assign(document.createElement('crm-widget') as CrmWidget, { type: 'system' });
      wrap.append(before);
      const p = await profile();
      wrap.append(p);
      const after = Object.assign(document.createElement('crm-widget') as CrmWidget, { type: 'system' });
      wrap.append(after);
      await profileSettled(p);
      for (const w of [before, after]) {
        await w.updateComplete; // (a widget alone reads its attributes with code of its own, a chunk)
        expect(w.context).to.deep.equal({ error: 'Set the adapter property or a source attribute (e.g. source="demo").' });
      }
    });

    it('a widget appended inside a profile gets its value; one added before the profile\'s element upgrades does not, unless a ContextRoot re-sends its request', async () => {
      const p = await profile();
      const inside = Object.assign(document.createElement('crm-widget') as CrmWidget, { type: 'system' });
      p.append(inside);
      expect(inside.context).to.equal(valueOf(p));

      // <late-profile> is upgraded to a profile after its widget connected.
      const late = uniqueName('late-profile');
      const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = document.createElement('div');
      wrap.append(root);
      const withRoot = document.createElement('div');
      wrap.append(withRoot);
      new ContextRoot().attach(withRoot);
      const widgets: CrmWidget[] = [];
      for (const parent of [root, withRoot]) {
        const el = document.createElement(late);
        for (const [name, value] of Object.entries({ 'entity-type': 'contact', 'entity-id': '1', locale: 'en', 'time-zone': 'UTC', 'storage-key': uniqueName('key') })) el.setAttribute(name, value);
        (el as unknown as { adapter: unknown }).adapter = adapter;
        const w = Object.assign(document.createElement('crm-widget') as CrmWidget, { type: 'system' });
        el.append(w);
        parent.append(el);
        widgets.push(w);
        expect('error' in w.context).to.equal(true);
      }
      customElements.define(late, class extends CrmProfile {});
      const [alone, rooted] = widgets as [CrmWidget, CrmWidget];
      const [plain, served] = [root.firstElementChild as CrmProfile, withRoot.firstElementChild as CrmProfile];
      await profileSettled(plain);
      await profileSettled(served);
      expect('error' in alone.context, 'no ContextRoot: stays standalone').to.equal(true);
      expect(rooted.context, 'ContextRoot: gets the profile\'s value').to.equal(valueOf(served));
      served.period = 'all-time';
      await profileSettled(served);
      expect(rooted.context).to.equal(valueOf(served));
    });

    it('a profile upgraded inside an outside provider takes over its widgets from it', async () => {
      const host = await mountHost();
      host.provider.setValue(contextFor('last-90-days'));
      const late = uniqueName('inner-profile');
      const el = document.createElement(late);
      for (const [name, value] of Object.entries({ 'entity-type': 'contact', 'entity-id': '4', locale: 'en', 'time-zone': 'UTC', 'storage-key': uniqueName('key') })) el.setAttribute(name, value);
      (el as unknown as { adapter: unknown }).adapter = adapter;
      const w = Object.assign(document.createElement('crm-widget') as CrmWidget, { type: 'system' });
      el.append(w);
      host.append(el);
      expect(w.context).to.equal(host.provider.value);
      customElements.define(late, class extends CrmProfile {});
      const p = el as CrmProfile;
      await profileSettled(p);
      expect(w.context).to.equal(valueOf(p));
      expect((w.context as ProfileContext).client).to.deep.equal(CONTACT_4);
      host.provider.setValue(contextFor('all-time')); // no longer its provider
      expect(w.context).to.equal(valueOf(p));
    });

    it('an outside provider upgraded inside a profile takes over the consumers under it', async () => {
      const p = await profile();
      const late = uniqueName('inner-host');
      const el = document.createElement(late);
      const c = probe();
      el.append(c);
      p.append(el);
      expect(c.values.at(-1)).to.equal(valueOf(p));
      customElements.define(late, class extends LitElement {
        provider = new ContextProvider(this, { context: profileContext, initialValue: contextFor('all-time', CONTACT_4) });
      });
      const inner = (el as unknown as { provider: ContextProvider<typeof profileContext> }).provider;
      expect(c.values.at(-1)).to.equal(inner.value);
      const count = c.values.length;
      p.period = 'last-7-days'; // the profile's new value no longer reaches it
      await profileSettled(p);
      expect(c.values).to.have.length(count);
      inner.setValue(contextFor('current-month'));
      expect(c.values.at(-1)).to.equal(inner.value);
    });
  });
});
