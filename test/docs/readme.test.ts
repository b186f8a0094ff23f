/**
 * The README's copy-paste examples, run as they are written (test/docs/readme-examples.mjs serves
 * each code block from README.md, with only its placeholder addresses made this server's). Pages
 * open in an iframe; what a reader would see there is checked: the client's name, the language,
 * the numbers the comments promise.
 *
 * The CDN examples load cdn/crm-profile.js: `npm run build` first (CI does).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createElement, Fragment, type FunctionComponent } from 'react';
import { createRoot } from 'react-dom/client';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import type { ClientType } from '../../src/core/model.js';
import { loadMessages, msg } from '../../src/i18n/index.js';
import '../../src/index.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { clearStoredLayouts, loaded, pickerButton, pickerOption } from '../elements/widget-helpers.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';

const SECTION = {
  usage: 'in-any-page-attributes-only',
  javascript: 'from-javascript-core-and-adapters',
  cdn: 'use-from-a-cdn-cms-one-script-tag-attributes-only',
  plain: 'plain-html',
  react: 'react-19',
  vue: 'vue-3',
  host: 'on-the-host-page-e-g-https-crm-example',
  adapter: 'the-interface-in-brief',
  rest: 'or-any-backend-through-the-rest-contract',
  webhook: 'without-installing-an-incoming-webhook',
};

const nameOf = async (type: ClientType, id: string, seed = 1) => (await new DemoAdapter({ seed }).getClient({ type, id })).name;

let frames: HTMLIFrameElement[] = [];

/** Opens `/__readme/<path>` in an iframe `width` px wide and returns its document once loaded. */
async function openExample(path: string, width = 1200): Promise<Document> {
  const frame = document.body.appendChild(document.createElement('iframe'));
  frames.push(frame);
  frame.title = path;
  frame.style.cssText = `inline-size: ${width}px; block-size: 900px; border: 0`;
  const done = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/__readme/${path}`;
  await done;
  return frame.contentDocument!;
}

/** The name a profile's client card shows, once it shows one. */
async function shownName(p: Element, what: string): Promise<string> {
  let name = '';
  await waitUntil(() => (name = p.shadowRoot?.querySelector('.client h2')?.textContent?.trim() ?? ''), `${what}: no client name shown`, { timeout: 15000 });
  return name;
}

/** A widget's numbers are shown: settled (the widget tests' `loaded`), and not as an error. */
async function widgetLoaded(w: Element, what: string): Promise<void> {
  await loaded(w as CrmWidget, 15000);
  expect(w.shadowRoot!.querySelector('.body .error')?.textContent ?? null, `${what}: an error instead of numbers`).to.equal(null);
}

/** Text of every error alert in the page's elements (none expected). */
const alerts = (doc: Document) => [...doc.querySelectorAll('crm-profile, crm-widget')]
  .flatMap((el) => [...el.shadowRoot!.querySelectorAll('[role="alert"]'), ...[...el.shadowRoot!.querySelectorAll('crm-widget')].flatMap((w) => [...w.shadowRoot!.querySelectorAll('[role="alert"]')])])
  .map((a) => a.textContent!.trim());

/** Compares what an example's comments claim (`expr; // value`) with what the lines give. */
async function checkClaims(claims: [string, () => unknown, string][], what: string) {
  expect(claims.length, `${what}: the comments claim values`).to.be.greaterThan(0);
  const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');
  for (const [expr, value, claimed] of claims) {
    const got = value();
    if (typeof got === 'number') {
      const decimals = claimed.split('.')[1]?.length ?? 0;
      expect(Math.abs(got - Number(claimed)), `${what}: ${expr} is ${got}, the README says ${claimed}`).to.be.lessThan(0.5 * 10 ** -decimals);
    } else expect(spaces(String(got)), `${what}: ${expr}`).to.equal(spaces(claimed));
  }
}

before(async () => {
  await loadMessages('fr');
});

afterEach(() => {
  for (const f of frames) f.remove();
  frames = [];
  clearStoredLayouts();
  sessionStorage.removeItem('crm-token');
});

describe('README: examples run as written', () => {
  it('serves the blocks of a section, and says which sections there are when one is missing', async () => {
    const raw = await (await fetch(`/__readme/${SECTION.cdn}/1?raw`)).text();
    expect(raw).to.contain('<crm-profile source="demo"');
    const missing = await fetch('/__readme/no-such-section/1');
    expect(missing.status).to.equal(404);
    expect(await missing.text()).to.contain(`${SECTION.cdn}: 3`);
  });

  describe('Use from a CDN / CMS', () => {
    it('the first example: a French profile, a company widget and a period picker from the one script', async () => {
      const doc = await openExample(`${SECTION.cdn}/1.html`);
      const profile = doc.querySelector('crm-profile')!;
      expect(await shownName(profile, 'the profile')).to.equal(await nameOf('contact', '1'));
      // French (locale="fr"), editable (its edit tools in French).
      const toolbar = profile.shadowRoot!.querySelector('[part="toolbar"]')!;
      await waitUntil(() => toolbar.textContent!.includes(msg('fr', 'settings.compare')), 'the toolbar is not in French', { timeout: 10000 });
      await waitUntil(() => profile.shadowRoot!.querySelector('.add-button'), 'no edit tools on the editable profile', { timeout: 10000 });
      const widget = doc.querySelector('crm-widget')!;
      await widgetLoaded(widget, 'the company widget');
      expect(widget.shadowRoot!.querySelector('h3')!.textContent).to.equal('Load by channel');
      const picker = doc.querySelector('crm-period-picker')!;
      await waitUntil(() => picker.shadowRoot?.querySelector('#button')?.textContent?.includes('March 2026'), 'the picker does not show March 2026', { timeout: 10000 });
      expect(alerts(doc)).to.deep.equal([]);
    });

    it('real data: a REST contract server and a Bitrix24 webhook, attributes only', async () => {
      // (Under the first example's script tag.)
      const doc = await openExample(`${SECTION.cdn}/1+2.html`);
      const rest = doc.querySelector('crm-profile[source^="rest:"]');
      const bitrix24 = doc.querySelector('crm-profile[source^="bitrix24:"]');
      expect(await shownName(rest!, 'the REST profile')).to.equal(await nameOf('company', '12'));
      expect(await shownName(bitrix24!, 'the Bitrix24 profile')).to.equal(await nameOf('contact', '7'));
    });

    it('from a script: the exported adapterForSource gives the page\'s profile another source', async () => {
      // The page of the first example with the script of the third.
      const doc = await openExample(`${SECTION.cdn}/1+3.html`);
      expect(await shownName(doc.querySelector('crm-profile')!, 'the profile')).to.equal(await nameOf('contact', '1', 7));
    });
  });

  describe('Usage', () => {
    it('attributes only: a profile, a widget, a card with the two widgets chosen and a picker', async () => {
      const doc = await openExample(`${SECTION.usage}/1.html`);
      const [profile, card] = [...doc.querySelectorAll('crm-profile')];
      expect(await shownName(profile!, 'the profile')).to.equal(await nameOf('contact', '1'));
      expect(await shownName(card!, 'the card')).to.equal(await nameOf('company', '2'));
      await waitUntil(() => card!.shadowRoot!.querySelectorAll('.cell').length === 3, 'the card does not show the system widget and the two chosen', { timeout: 10000 });
      const titles = [...card!.shadowRoot!.querySelectorAll('crm-widget')].map((w) => w.getAttribute('type'));
      expect(titles).to.deep.equal(['system', 'sales-amount', 'invoice-conversion']);
      const widget = doc.querySelector('body > crm-widget')!;
      await widgetLoaded(widget, 'the company widget');
      expect(widget.shadowRoot!.querySelector('h3')!.textContent).to.equal('Load by channel');
      const picker = doc.querySelector('crm-period-picker')!;
      await waitUntil(() => picker.shadowRoot?.querySelector('#button')?.textContent?.includes('March 2026'), 'the picker does not show March 2026', { timeout: 10000 });
    });

    it('the custom number: the difference of two metrics, titled by its formula', async () => {
      const doc = await openExample(`${SECTION.usage}/1+2.html`);
      const widget = doc.querySelector('crm-widget[type="number"]')!;
      await widgetLoaded(widget, 'the custom number');
      expect(widget.shadowRoot!.querySelector('h3')!.textContent).to.equal('Invoiced − Paid');
    });
  });

  it('From JavaScript: the values the comments give', async () => {
    const { claims } = await import(/* @vite-ignore */ `/__readme/${SECTION.javascript}/1.js`) as { claims: [string, () => unknown, string][] };
    await checkClaims(claims, 'From JavaScript');
  });

  it('Install in Bitrix24, without installing: a profile read through an incoming webhook, attributes only', async () => {
    // Markup only: put into this page, whose script has defined the elements.
    const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
    wrap.innerHTML = await (await fetch(`/__readme/${SECTION.webhook}/1`)).text();
    const profile = wrap.querySelector('crm-profile')!;
    expect(profile.getAttribute('source')).to.match(/^bitrix24:http:\/\/localhost:\d+\/rest\/1\//);
    expect(await shownName(profile, 'the profile')).to.equal(await nameOf('company', '7'));
  });

  it('Plain HTML: the profile and the widget the picker drives', async () => {
    const doc = await openExample(`${SECTION.plain}/1.html`);
    expect(await shownName(doc.querySelector('crm-profile')!, 'the profile')).to.equal(await nameOf('contact', '1'));
    const widget = doc.querySelector('crm-widget')!;
    await widgetLoaded(widget, 'the widget');
    expect(widget.shadowRoot!.querySelector('h3')!.textContent).to.equal('Calls and e-mails');
  });

  /** The user picks "Last 7 days" in `picker`; `widget` then shows that period's numbers. */
  async function pickLast7Days(picker: CrmPeriodPicker, widget: CrmWidget, what: string) {
    pickerButton(picker).click();
    await picker.updateComplete;
    pickerOption(picker, 'last-7-days').click();
    await waitUntil(() => widget.period === 'last-7-days', `${what}: the picker's period did not reach the widget`, { timeout: 15000 });
    await widgetLoaded(widget, `${what}: the widget, after the period changed`);
  }

  it('React 19: the crm-load handler names the client; the widget gets the adapter and settings as properties, and the picker\'s period', async () => {
    const { Profile, PeriodAndWidget } = await import(/* @vite-ignore */ `/__readme/${SECTION.react}/1.js`) as {
      Profile: FunctionComponent<{ clientId: string }>; PeriodAndWidget: FunctionComponent<{ adapter: CrmAdapter }>;
    };
    const adapter = new DemoAdapter({ seed: 1 });
    const box = document.body.appendChild(document.createElement('div'));
    const root = createRoot(box);
    try {
      root.render(createElement(Fragment, null, createElement(Profile, { clientId: '1' }), createElement(PeriodAndWidget, { adapter })));
      const name = await nameOf('contact', '1');
      await waitUntil(() => box.querySelector('h1')?.textContent === name, 'the heading never showed the name crm-load gave', { timeout: 15000 });
      expect(await shownName(box.querySelector('crm-profile')!, 'the profile')).to.equal(name);
      const widget = box.querySelector<CrmWidget>('crm-widget')!;
      expect(widget.adapter === adapter, 'adapter={adapter} set as a property').to.equal(true);
      await widgetLoaded(widget, 'the widget');
      expect(widget.shadowRoot!.querySelector('h3')!.textContent, 'settings={settings}').to.equal('Calls and e-mails');
      await pickLast7Days(box.querySelector('crm-period-picker')!, widget, 'React');
      await expect(box).to.be.accessible();
    } finally {
      root.unmount();
      box.remove();
    }
  });

  it('Vue 3: the app mounts on #app; :adapter.prop and :settings reach the widget, @crm-load names the client, @crm-period-change sets the period', async () => {
    const box = document.body.appendChild(document.createElement('div'));
    box.id = 'app';
    let app: { unmount(): void } | undefined;
    try {
      ({ app } = await import(/* @vite-ignore */ `/__readme/${SECTION.vue}/1.js?export=app`) as { app: { unmount(): void } });
      const name = await nameOf('contact', '1');
      expect(await shownName(box.querySelector('crm-profile')!, 'the profile')).to.equal(name);
      await waitUntil(() => box.querySelector('h1')?.textContent === name, 'the heading never showed the name @crm-load gave', { timeout: 15000 });
      const widget = box.querySelector<CrmWidget>('crm-widget')!;
      expect(widget.adapter instanceof DemoAdapter, ':adapter.prop').to.equal(true);
      await widgetLoaded(widget, 'the widget');
      expect(widget.shadowRoot!.querySelector('h3')!.textContent, ':settings').to.equal('Calls and e-mails');
      await pickLast7Days(box.querySelector('crm-period-picker')!, widget, 'Vue');
      await expect(box).to.be.accessible();
    } finally {
      app?.unmount();
      box.remove();
    }
  });

  it('Embed in an iframe: the host page frames the child page of another origin, which reports its height', async () => {
    const doc = await openExample(`${SECTION.host}/1.html`);
    const host = doc.querySelector('crm-profile-frame')! as HTMLElement & { height?: number };
    await waitUntil(() => (host.height ?? 0) > 0, 'the child never reported its height to the host', { timeout: 15000 });
    const iframe = host.shadowRoot!.querySelector('iframe')!;
    expect(new URL(iframe.src).origin, 'the child is on another origin').to.equal(`http://127.0.0.1:${location.port}`);
    expect(iframe.title, 'locale="fr"').to.equal('Profil client');
    // The child renders a whole profile: far taller than a bare page.
    await waitUntil(() => host.height! > 300, `the frame did not grow with the child's profile (${host.height} px)`, { timeout: 15000 });
  });

  describe('Write an adapter', () => {
    it('the complete adapter: the values the comments give, and a profile that shows its client', async () => {
      const { claims, myAdapter } = await import(/* @vite-ignore */ `/__readme/${SECTION.adapter}/1.js?export=myAdapter`) as {
        claims: [string, () => unknown, string][]; myAdapter: CrmAdapter;
      };
      await checkClaims(claims, 'the complete adapter');
      const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="7" period="year:2026" .adapter=${myAdapter}></crm-profile>`);
      expect(await shownName(p, 'the profile')).to.equal('Ada Lovelace');
    });

    it('the REST contract in Node: the reference server over the complete adapter, behind its token', async () => {
      const r = await executeServerCommand<{ status: number; client: { name: string }; withoutToken: number }, undefined>('readme-contract-server');
      expect(r.status).to.equal(200);
      expect(r.client.name).to.equal('Ada Lovelace');
      expect(r.withoutToken, 'without the token').to.equal(401);
    });

    it('the REST contract, attributes only: the profile asks the contract server (whose token it lacks here)', async () => {
      // Markup only: put into this page, whose script has defined the elements. This section's
      // server requires a token, which only the next example sends: the server's refusal shows.
      const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
      wrap.innerHTML = await (await fetch(`/__readme/${SECTION.rest}/1`)).text();
      const profile = wrap.querySelector('crm-profile')!;
      expect(profile.getAttribute('source')).to.equal('rest:/api-auth/');
      await waitUntil(() => profile.shadowRoot!.querySelector('.client.error'), 'no answer from the contract server shown', { timeout: 15000 });
      expect(profile.shadowRoot!.querySelector('.client.error')!.textContent).to.match(/401|token|sign|auth/i);
    });

    it('the REST contract: attributes, then a RestAdapter that sends the bearer token', async () => {
      // The server of this section's examples requires the token "wtr-rest-token".
      sessionStorage.setItem('crm-token', 'wtr-rest-token');
      const doc = await openExample(`${SECTION.rest}/1+2.html`);
      expect(await shownName(doc.querySelector('crm-profile')!, 'the profile')).to.equal(await nameOf('contact', '7'));
    });
  });
});
