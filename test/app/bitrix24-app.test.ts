/**
 * The installable Bitrix24 app (app/bitrix24/index.html) in a frame, with this test page playing
 * the portal (test/fixtures/portal/fake-portal.ts) and the Bitrix24 REST emulator answering
 * `/rest/{method}.json` on the same server (OAuth token `demo-access-token`).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { FakePortal, frameReady, initData, type PortalHandler, type PortalRequest } from '../fixtures/portal/fake-portal.js';
import { TAB_TITLES, bindParams, handlerUrl } from '../../app/bitrix24/bitrix24-app.js';

const APP = new URL('../../app/bitrix24/index.html', import.meta.url).href;
const TOKEN = 'demo-access-token';

async function emulatorUp(): Promise<boolean> {
  try {
    return (await fetch('/__emulator/stats')).ok;
  } catch {
    return false;
  }
}

async function stats(): Promise<{ requests: number; calls: Record<string, number> }> {
  return (await fetch('/__emulator/stats')).json() as Promise<{ requests: number; calls: Record<string, number> }>;
}

async function resetEmulator(): Promise<void> {
  await fetch('/__emulator/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
}

async function rest<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`/rest/${method}.json`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...params, auth: TOKEN }),
  });
  const body = (await res.json()) as { result: T };
  return body.result;
}

/** Opens the app in a frame answered by a fake portal. */
async function openApp(init: Record<string, unknown> | undefined, options: { name?: string; src?: string; handlers?: Record<string, PortalHandler> } = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const portal = new FakePortal({
    src: options.src ?? APP,
    container,
    ...(options.name !== undefined ? { name: options.name } : {}),
    handlers: {
      ...(init ? { getInitData: () => init } : {}),
      resizeWindow: (params) => {
        // The portal resizes the frame, as applayout.js does.
        const { height } = params as { height: number };
        portal.iframe.style.height = `${height}px`;
        return {};
      },
      openPath: () => ({ result: 'close' }),
      setInstallFinish: () => ({}),
      refreshAuth: () => ({ AUTH_ID: TOKEN, REFRESH_ID: 'demo-refresh-token', AUTH_EXPIRES: '3600' }),
      ...options.handlers,
    },
  });
  await frameReady(portal.iframe, (w) => w.document.getElementById('app') !== null);
  return { portal, doc: () => portal.child.document, dispose: () => { portal.dispose(); container.remove(); } };
}

const errorText = (doc: Document) => (doc.getElementById('error')?.hidden ? '' : doc.getElementById('error')?.textContent ?? '');
const statusText = (doc: Document) => doc.getElementById('status')?.textContent ?? '';
const contentHeight = (doc: Document) => Math.ceil(doc.documentElement.getBoundingClientRect().height);
const lastResize = (portal: FakePortal): PortalRequest | undefined => portal.of('resizeWindow').at(-1);

/** waitUntil with a message computed when it fails. */
async function until(predicate: () => unknown, message: () => string, timeout = 10000): Promise<void> {
  try {
    await waitUntil(predicate, 'timeout', { timeout });
  } catch {
    throw new Error(message());
  }
}

describe('Bitrix24 app: helpers', () => {
  it('binds the tabs to this page without the portal parameters; install.html hands over to index.html', () => {
    expect(handlerUrl('https://app.example/b24/index.html?DOMAIN=x.bitrix24.com&PROTOCOL=1&LANG=de&APP_SID=abc&v=2#top'))
      .to.equal('https://app.example/b24/index.html?v=2');
    expect(handlerUrl('https://app.example/b24/install.html?DOMAIN=x&APP_SID=abc')).to.equal('https://app.example/b24/index.html');
    expect(bindParams('CRM_CONTACT_DETAIL_TAB', 'https://app.example/b24/index.html')).to.deep.equal({
      PLACEMENT: 'CRM_CONTACT_DETAIL_TAB',
      HANDLER: 'https://app.example/b24/index.html',
      TITLE: 'Profile',
      LANG_ALL: { en: { TITLE: 'Profile' }, fr: { TITLE: 'Profil' }, de: { TITLE: 'Profil' }, ru: { TITLE: 'Профиль' } },
    });
    expect(TAB_TITLES['ru']).to.equal('Профиль');
  });
});

describe('Bitrix24 app: the page in a fake portal', function () {
  this.timeout(30000);
  const cleanup: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('says it is not inside a portal when opened without the portal frame name', async () => {
    const app = await openApp(undefined, { name: '' });
    cleanup.push(app.dispose);
    await waitUntil(() => errorText(app.doc()) !== '', 'no error shown');
    expect(errorText(app.doc())).to.contain('not opened inside a Bitrix24 portal');
    expect(app.portal.requests).to.have.length(0);
  });

  it('from the menu (DEFAULT, installed): explains itself in the user language and fits the frame', async () => {
    const app = await openApp(initData({ PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: [], LANG: 'de', INSTALL: false }));
    cleanup.push(app.dispose);
    await waitUntil(() => statusText(app.doc()).includes('Profil'), 'no explanation shown');
    expect(statusText(app.doc())).to.contain('Diese Anwendung fügt Kontakten und Unternehmen einen Tab „Profil“ hinzu');
    expect(app.doc().documentElement.lang).to.equal('de');
    await waitUntil(() => lastResize(app.portal) !== undefined, 'no resizeWindow');
    expect(lastResize(app.portal)!.params).to.deep.equal({ width: '100%', height: contentHeight(app.doc()) });
    expect(app.portal.of('placement.bind')).to.have.length(0);
    expect(app.portal.of('setInstallFinish')).to.have.length(0);
  });

  it('refuses a placement it does not handle, readably', async () => {
    const app = await openApp(initData({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"3"}', LANG: 'en' }));
    cleanup.push(app.dispose);
    await waitUntil(() => errorText(app.doc()) !== '', 'no error shown');
    expect(errorText(app.doc())).to.contain('(CRM_DEAL_DETAIL_TAB)');
    expect(errorText(app.doc())).to.contain('“Profile” tab');
  });

  describe('against the REST emulator', () => {
    before(async function () {
      // The emulator is mounted on this server by web-test-runner.config.mjs.
      if (!(await emulatorUp())) throw new Error('the Bitrix24 REST emulator does not answer GET /__emulator/stats on this server');
      await resetEmulator();
    });
    afterEach(resetEmulator);

    it('installs from the menu (DEFAULT + INSTALL): binds both tabs to index.html, then finishes the installation', async () => {
      let bindsAtFinish = -1;
      const app = await openApp(initData({ PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: {}, LANG: 'fr', INSTALL: true, IS_ADMIN: true, AUTH_ID: TOKEN }), {
        // install.html is the same page (scripts/build-bitrix24.mjs): the handler must still be index.html.
        src: APP.replace(/index\.html$/, 'index.html?DOMAIN=x&PROTOCOL=0&LANG=fr&APP_SID=SID123'),
      });
      cleanup.push(app.dispose);
      app.portal.handlers['setInstallFinish'] = async () => {
        bindsAtFinish = (await stats()).calls['placement.bind'] ?? 0;
        return {};
      };
      await until(() => app.doc().querySelector('.installed'), () => `not installed (error: ${errorText(app.doc()) || 'none'})`);
      expect(app.doc().querySelector('.installed')!.textContent).to.contain('Installé');
      const bound = await rest<Array<{ placement: string; handler: string; title: string }>>('placement.get');
      const handler = new URL('../../app/bitrix24/index.html', import.meta.url).href;
      expect(bound.map((b) => [b.placement, b.handler, b.title])).to.deep.equal([
        ['CRM_CONTACT_DETAIL_TAB', handler, 'Profile'],
        ['CRM_COMPANY_DETAIL_TAB', handler, 'Profile'],
      ]);
      expect(app.portal.of('setInstallFinish')).to.have.length(1);
      expect(bindsAtFinish, 'installFinish comes after both binds').to.equal(2);
    });

    it('installing again over bound tabs still finishes; a REST failure is shown and does not finish', async () => {
      const handler = new URL('../../app/bitrix24/index.html', import.meta.url).href;
      await rest('placement.bind', bindParams('CRM_CONTACT_DETAIL_TAB', handler));
      const again = await openApp(initData({ PLACEMENT: 'DEFAULT', INSTALL: true, IS_ADMIN: true, AUTH_ID: TOKEN, LANG: 'en' }));
      cleanup.push(again.dispose);
      await until(() => again.doc().querySelector('.installed'), () => `not installed (error: ${errorText(again.doc()) || 'none'})`);
      expect(again.portal.of('setInstallFinish')).to.have.length(1);
      expect((await rest<unknown[]>('placement.get'))).to.have.length(2);

      // A token the emulator does not know, and a portal that cannot renew it.
      const broken = await openApp(initData({ PLACEMENT: 'DEFAULT', INSTALL: true, IS_ADMIN: true, AUTH_ID: 'not-a-token', LANG: 'en' }), {
        handlers: { refreshAuth: () => ({ AUTH_ID: 'still-not-a-token', REFRESH_ID: 'r', AUTH_EXPIRES: '3600' }) },
      });
      cleanup.push(broken.dispose);
      await until(() => errorText(broken.doc()) !== '', () => 'no error shown');
      expect(errorText(broken.doc())).to.contain('Bitrix24');
      expect(errorText(broken.doc())).to.not.contain('not-a-token');
      expect(broken.portal.of('refreshAuth')).to.have.length(1);
      expect(broken.portal.of('setInstallFinish')).to.have.length(0);
    });

    it('renders the contact tab (LANG ru), keeps the frame fitted and opens record links with openPath', async () => {
      const contact = await rest<{ NAME?: string; LAST_NAME?: string }>('crm.contact.get', { id: 1 });
      const name = [contact.NAME, contact.LAST_NAME].filter(Boolean).join(' ');
      expect(name).to.not.equal('');

      const app = await openApp(initData({
        PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', PLACEMENT_OPTIONS: { ID: '1' }, LANG: 'ru', AUTH_ID: TOKEN, REFRESH_ID: 'demo-refresh-token',
      }));
      cleanup.push(app.dispose);
      const doc = app.doc();
      await waitUntil(() => doc.querySelector('crm-profile') !== null, 'no <crm-profile> in the app', { timeout: 10000 });
      const profile = doc.querySelector('crm-profile')!;
      expect(profile.entityType).to.equal('contact');
      expect(profile.entityId).to.equal('1');
      expect(profile.locale).to.equal('ru');
      expect(doc.documentElement.lang).to.equal('ru');
      await until(() => profile.shadowRoot?.querySelector('.client h2')?.textContent?.trim() === name,
        () => `the client name "${name}" was not rendered (error: ${errorText(doc) || 'none'})`, 20000);
      expect(errorText(doc)).to.equal('');

      // The frame follows the content: the last resizeWindow carries the current content height.
      await until(() => {
        const r = lastResize(app.portal);
        return r !== undefined && (r.params as { height: number }).height === contentHeight(doc);
      }, () => `resizeWindow ${JSON.stringify(lastResize(app.portal)?.params)} ≠ content height ${contentHeight(doc)}`);
      expect((lastResize(app.portal)!.params as { width: string }).width).to.equal('100%');
      expect(contentHeight(doc)).to.be.greaterThan(300);
      // Only when the height changed: no two identical heights in a row.
      const heights = app.portal.of('resizeWindow').map((r) => (r.params as { height: number }).height);
      for (let i = 1; i < heights.length; i++) expect(heights[i], `resize ${i}`).to.not.equal(heights[i - 1]);

      // A number opens the drill-down; its record links open in the portal's slider.
      profile.period = 'all-time';
      const widget = profile.shadowRoot!.querySelector('crm-widget')!;
      const panelOf = () => widget.shadowRoot!.querySelector('crm-detail-panel');
      await waitUntil(() => widget.shadowRoot?.querySelector('button[data-figure]') !== null, 'no number button', { timeout: 20000 });
      let link: HTMLAnchorElement | undefined;
      for (const figure of [...widget.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-figure]')]) {
        figure.click();
        await waitUntil(() => panelOf()?.shadowRoot?.querySelector('.summary .total'), 'the panel did not load', { timeout: 20000 });
        link = panelOf()!.shadowRoot!.querySelector<HTMLAnchorElement>('a[href^="http"]') ?? undefined;
        if (link) break;
        panelOf()!.shadowRoot!.querySelector<HTMLButtonElement>('button.close')!.click();
        await waitUntil(() => !panelOf()?.shadowRoot?.querySelector('dialog[open]'), 'the panel did not close');
      }
      expect(link, 'a record link in the drill-down').to.not.equal(undefined);
      const url = new URL(link!.href);
      expect(url.host).to.equal(location.host);
      const before = app.portal.of('openPath').length;
      const navigated = new Promise<boolean>((resolve) => {
        doc.addEventListener('click', (e) => resolve(e.defaultPrevented), { once: true });
      });
      link!.click();
      expect(await navigated, 'the link click was prevented').to.equal(true);
      await waitUntil(() => app.portal.of('openPath').length === before + 1, 'no openPath');
      const open = app.portal.of('openPath').at(-1)!;
      expect(open.params).to.deep.equal({ path: `${url.pathname}${url.search}` });
      expect(open.raw).to.equal(`openPath:${JSON.stringify({ path: `${url.pathname}${url.search}` })}:${open.callbackId}:SID123`);
    });

    it('renders a company tab and refreshes an expired token through the portal', async () => {
      await fetch('/__emulator/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ expireToken: TOKEN }) });
      const company = await (async () => {
        // With TOKEN expired, read the name with a fresh token from the emulator's OAuth endpoint.
        const r = await fetch('/__emulator/oauth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: 'demo-refresh-token' }) });
        const { access_token: fresh } = (await r.json()) as { access_token: string };
        const res = await fetch('/rest/crm.company.get.json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 3, auth: fresh }) });
        return ((await res.json()) as { result: { TITLE: string } }).result;
      })();
      const app = await openApp(initData({ PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"3"}', LANG: 'de', AUTH_ID: TOKEN, REFRESH_ID: 'demo-refresh-token' }));
      // The portal's refreshAuth answers with a token from the emulator's OAuth endpoint.
      app.portal.handlers['refreshAuth'] = async () => {
        const r = await fetch('/__emulator/oauth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: 'demo-refresh-token' }) });
        const t = (await r.json()) as { access_token: string; refresh_token: string; expires_in: number };
        return { AUTH_ID: t.access_token, REFRESH_ID: t.refresh_token, AUTH_EXPIRES: String(t.expires_in) };
      };
      cleanup.push(app.dispose);
      const doc = app.doc();
      await until(() => doc.querySelector('crm-profile')?.shadowRoot?.querySelector('.client h2')?.textContent?.trim() === company.TITLE,
        () => `the company "${company.TITLE}" was not rendered (error: ${errorText(doc) || 'none'})`, 20000);
      expect(app.portal.of('refreshAuth')).to.have.length(1);
      expect(doc.querySelector('crm-profile')!.entityType).to.equal('company');
    });
  });
});
