import { expect, waitUntil } from '@open-wc/testing';
import {
  Bitrix24Frame, FrameTransport, parseFrameName, parsePlacementOptions, placementClient, type FrameWindow,
} from '../../src/adapters/bitrix24/frame.js';
import { Bitrix24Client, type FetchLike } from '../../src/adapters/bitrix24/client.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { FakePortal, NO_REPLY, frameReady, initData, parseRequest } from '../fixtures/portal/fake-portal.js';
import type { PortalChild } from '../fixtures/portal/child.js';
import { adapterFailure as rejection } from './adapter-failure.js';

const ORIGIN = 'https://portal.example';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stub window: records what is posted to the parent and lets the test deliver message events. */
function stubWindow(name = 'portal.example|1|SID123') {
  const sent: { message: string; targetOrigin: string }[] = [];
  const listeners = new Set<(e: MessageEvent) => void>();
  const parent = { postMessage: (message: string, targetOrigin: string) => void sent.push({ message, targetOrigin }) };
  const win: FrameWindow = {
    name,
    parent,
    addEventListener: (_type, l) => void listeners.add(l),
    removeEventListener: (_type, l) => void listeners.delete(l),
  };
  /** Delivers a message event (from the parent and the portal origin unless told otherwise). */
  const deliver = (data: unknown, origin = ORIGIN, source: unknown = parent) => {
    for (const l of [...listeners]) l({ data, origin, source } as MessageEvent);
  };
  const last = () => {
    const m = sent.at(-1);
    if (!m) throw new Error('nothing sent');
    return { ...m, request: parseRequest(m.message)! };
  };
  /** Answers the last request with `{id}:{JSON}`. */
  const answer = (value: unknown) => deliver(`${last().request.callbackId}:${JSON.stringify(value)}`);
  return { win, sent, listeners, parent, deliver, last, answer };
}

async function connected(stub = stubWindow(), data: Record<string, unknown> = initData({ DOMAIN: 'portal.example', PROTOCOL: '1' }), options: { timeoutMs?: number; safelyMs?: number } = {}) {
  const p = Bitrix24Frame.connect({ window: stub.win, ...options });
  await waitUntil(() => stub.sent.length === 1);
  stub.answer(data);
  return { frame: await p, stub };
}

/** A promise's state without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  await sleep(0);
  return done;
}

describe('Bitrix24 frame: window.name and placements', () => {
  it('parses DOMAIN|PROTOCOL|APP_SID', () => {
    expect(parseFrameName('b24-x.bitrix24.com|1|9c33468728e1d2c8c97562475edfd96')).to.deep.equal({
      domain: 'b24-x.bitrix24.com', protocol: 'https', appSid: '9c33468728e1d2c8c97562475edfd96',
    });
    expect(parseFrameName('localhost:8000|0|SID')).to.deep.equal({ domain: 'localhost:8000', protocol: 'http', appSid: 'SID' });
    // Default ports are stripped as the SDK does (frame/frame.ts).
    expect(parseFrameName('Portal.Example:443|1|S')?.domain).to.equal('portal.example');
    for (const bad of ['', 'portal.example', 'portal.example|1', 'portal.example|2|S', '|1|S', 'portal.example|1|', 'a/b|1|S',
      'evil.example/x|1|S', 'user@evil|1|S', 'portal.example|1|S|extra', 'portal..example|1|S', 'portal.example|1|a:b']) {
      expect(parseFrameName(bad), bad).to.equal(undefined);
    }
    expect(parseFrameName(undefined)).to.equal(undefined);
  });

  it('maps detail-tab placements to the client', () => {
    expect(placementClient('CRM_CONTACT_DETAIL_TAB', { ID: '13037' })).to.deep.equal({ type: 'contact', id: '13037' });
    expect(placementClient('CRM_COMPANY_DETAIL_TAB', { ID: '2946', URI: '/crm/company/details/2946/' })).to.deep.equal({ type: 'company', id: '2946' });
    expect(placementClient('CRM_COMPANY_DETAIL_TAB', { ID: 7 })).to.deep.equal({ type: 'company', id: '7' });
    expect(placementClient('CRM_DEAL_DETAIL_TAB', { ID: '3473' })).to.equal(undefined);
    expect(placementClient('DEFAULT', {})).to.equal(undefined);
    for (const id of ['', ' ', '0', '-1', '1.5', '1e3', '12a', '../1', null, undefined, {}, 1.5]) {
      expect(placementClient('CRM_CONTACT_DETAIL_TAB', { ID: id }), String(id)).to.equal(undefined);
    }
  });

  it('reads PLACEMENT_OPTIONS as an object or a JSON string', () => {
    expect(parsePlacementOptions({ ID: '8061' })).to.deep.equal({ ID: '8061' });
    expect(parsePlacementOptions('{"ID":"8061","URI":"/crm/deal/details/8061/?IFRAME=Y"}')).to.deep.equal({ ID: '8061', URI: '/crm/deal/details/8061/?IFRAME=Y' });
    expect(parsePlacementOptions('[]')).to.deep.equal({});
    expect(parsePlacementOptions('{broken')).to.deep.equal({});
    expect(parsePlacementOptions(undefined)).to.deep.equal({});
    expect(parsePlacementOptions([])).to.deep.equal({});
  });
});

describe('Bitrix24 frame: connect (stub window)', () => {
  it('says the page is not inside a portal when window.name is missing or invalid', async () => {
    for (const name of ['', 'some-frame', 'portal.example|9|S']) {
      const stub = stubWindow(name);
      const e = await rejection(Bitrix24Frame.connect({ window: stub.win }));
      expect(e.kind).to.equal('auth');
      expect(e.message).to.contain('not opened inside a Bitrix24 portal');
      expect(stub.sent).to.have.length(0);
      expect(stub.listeners.size).to.equal(0);
    }
    // A top-level page (its own parent), and this very test page.
    const self = { name: 'portal.example|1|S', addEventListener() {}, removeEventListener() {} } as unknown as { parent: unknown } & FrameWindow;
    (self as { parent: unknown }).parent = self;
    expect((await rejection(Bitrix24Frame.connect({ window: self }))).message).to.contain('not opened inside a Bitrix24 portal');
    expect((await rejection(Bitrix24Frame.connect())).message).to.contain('not opened inside a Bitrix24 portal');
  });

  it('sends getInitData to the portal origin and keeps the answer', async () => {
    const stub = stubWindow();
    const p = Bitrix24Frame.connect({ window: stub.win });
    await waitUntil(() => stub.sent.length === 1);
    const { message, targetOrigin, request } = stub.last();
    expect(targetOrigin).to.equal('https://portal.example');
    // `{command}:{callbackId}:{APP_SID}`: the empty params part is dropped.
    expect(message).to.match(/^getInitData:[0-9a-z]+:SID123$/);
    expect(message).to.equal(`getInitData:${request.callbackId}:SID123`);
    stub.answer(initData({
      DOMAIN: 'portal.example', PROTOCOL: '1', LANG: 'de', PLACEMENT: 'CRM_COMPANY_DETAIL_TAB',
      PLACEMENT_OPTIONS: '{"ID":"2946"}', INSTALL: false, AUTH_ID: 'tok-1', REFRESH_ID: 'ref-1', AUTH_EXPIRES: '3600',
    }));
    const frame = await p;
    expect(frame.domain).to.equal('portal.example');
    expect(frame.origin).to.equal('https://portal.example');
    expect(frame.appSid).to.equal('SID123');
    expect(frame.lang).to.equal('de');
    expect(frame.placement).to.equal('CRM_COMPANY_DETAIL_TAB');
    expect(frame.placementOptions).to.deep.equal({ ID: '2946' });
    expect(frame.installing).to.equal(false);
    expect(frame.auth.accessToken).to.equal('tok-1');
    expect(frame.auth.refreshToken).to.equal('ref-1');
    expect(frame.auth.expiresAt).to.be.within(Date.now() + 3590_000, Date.now() + 3601_000);
    expect(frame.initData).to.not.have.property('AUTH_ID');
    expect(frame.initData).to.not.have.property('REFRESH_ID');
    expect(placementClient(frame.placement, frame.placementOptions)).to.deep.equal({ type: 'company', id: '2946' });
    frame.dispose();
    expect(stub.listeners.size).to.equal(0);
  });

  it('accepts PLACEMENT_OPTIONS as an object; DEFAULT placement and INSTALL', async () => {
    const { frame } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', PLACEMENT: undefined, PLACEMENT_OPTIONS: { ID: '5' }, INSTALL: true, LANG: undefined }));
    expect(frame.placement).to.equal('DEFAULT');
    expect(frame.placementOptions).to.deep.equal({ ID: '5' });
    expect(frame.installing).to.equal(true);
    expect(frame.lang).to.equal('en');
    frame.dispose();
  });

  it('ignores replies from other origins, other windows and malformed data', async () => {
    const stub = stubWindow();
    const p = Bitrix24Frame.connect({ window: stub.win });
    await waitUntil(() => stub.sent.length === 1);
    const id = stub.last().request.callbackId;
    const forged = `${id}:${JSON.stringify(initData({ AUTH_ID: 'forged' }))}`;
    stub.deliver(forged, 'https://evil.example');
    stub.deliver(forged, 'http://portal.example'); // same host, other scheme
    stub.deliver(forged, 'https://portal.example:8443');
    stub.deliver(forged, 'https://evil.portal.example');
    stub.deliver(forged, ORIGIN, {}); // right origin, not the parent window
    stub.deliver(forged, ORIGIN, null);
    stub.deliver({ id, data: {} }); // not a string
    stub.deliver(null);
    stub.deliver(`${id}:{broken json`);
    stub.deliver(`${id}x:{}`); // unknown id
    stub.deliver('nocolon');
    expect(await settled(p)).to.equal(false);
    stub.answer(initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: 'real' }));
    const frame = await p;
    expect(frame.auth.accessToken).to.equal('real');
    frame.dispose();
  });

  it('times out when the portal does not answer getInitData', async () => {
    const stub = stubWindow();
    const t0 = Date.now();
    const e = await rejection(Bitrix24Frame.connect({ window: stub.win, timeoutMs: 80 }));
    expect(e.kind).to.equal('timeout');
    expect(e.message).to.contain('portal.example did not answer within');
    expect(Date.now() - t0).to.be.at.least(70);
    expect(stub.listeners.size).to.equal(0);
  });

  it('cancels the handshake through its signal', async () => {
    const stub = stubWindow();
    const ctl = new AbortController();
    const p = Bitrix24Frame.connect({ window: stub.win, signal: ctl.signal });
    await waitUntil(() => stub.sent.length === 1);
    ctl.abort();
    expect((await rejection(p)).kind).to.equal('aborted');
    expect(stub.listeners.size).to.equal(0);
  });
});

describe('Bitrix24 frame: commands (stub window)', () => {
  it('sends params as JSON between the command and the callback id', async () => {
    const { frame, stub } = await connected();
    const p = frame.call('setTitle', { title: 'Profil: A:B' }, { safely: false });
    const { message, targetOrigin, request } = stub.last();
    expect(message).to.equal(`setTitle:{"title":"Profil: A:B"}:${request.callbackId}:SID123`);
    expect(targetOrigin).to.equal(ORIGIN);
    stub.answer({ ok: 1 });
    expect(await p).to.deep.equal({ ok: 1 });
    // A reply with no JSON resolves with undefined; each call has its own id.
    const q = frame.call('reloadData', {}, { safely: false });
    expect(stub.last().request.callbackId).to.not.equal(request.callbackId);
    stub.deliver(`${stub.last().request.callbackId}`);
    expect(await q).to.equal(undefined);
    expect((await rejection(frame.call('bad:command'))).kind).to.equal('invalid-data');
    frame.dispose();
  });

  it('times out and aborts single calls', async () => {
    const { frame, stub } = await connected(undefined, undefined, { timeoutMs: 60 });
    const e = await rejection(frame.call('getInterface', {}, { safely: false }));
    expect(e.kind).to.equal('timeout');
    expect(e.message).to.contain('"getInterface"');
    const ctl = new AbortController();
    const p = frame.call('selectCRM', { entityType: ['contact'] }, { signal: ctl.signal, timeoutMs: 0 });
    const id = stub.last().request.callbackId;
    ctl.abort();
    expect((await rejection(p)).kind).to.equal('aborted');
    stub.deliver(`${id}:{"late":true}`); // harmless
    const aborted = new AbortController();
    aborted.abort();
    const sentBefore = stub.sent.length;
    expect((await rejection(frame.call('selectUser', {}, { signal: aborted.signal }))).kind).to.equal('aborted');
    expect(stub.sent.length).to.equal(sentBefore);
    frame.dispose();
  });

  it('resizeWindow / fitWindow resolve after 900 ms when the portal stays silent (isSafely)', async () => {
    const { frame, stub } = await connected();
    const t0 = performance.now();
    const p = frame.resizeWindow('100%', 480.2);
    expect(stub.last().message).to.equal(`resizeWindow:{"width":"100%","height":481}:${stub.last().request.callbackId}:SID123`);
    expect(await p).to.deep.equal({ isSafely: true });
    expect(performance.now() - t0).to.be.within(850, 3000);
    // Answered: resolves with the answer at once.
    const q = frame.resizeWindow(300, 200);
    stub.answer({ done: true });
    expect(await q).to.deep.equal({ done: true });
    // fitWindow = resizeWindow('100%', document scroll height).
    const r = frame.fitWindow();
    const root = document.documentElement;
    expect(stub.last().request.params).to.deep.equal({ width: '100%', height: Math.max(root.scrollHeight, root.offsetHeight) });
    stub.answer({});
    await r;
    for (const [w, h] of [[0, 10], [10, 0], [Number.NaN, 10], [10, Number.POSITIVE_INFINITY]] as const) {
      expect((await rejection(frame.resizeWindow(w, h))).kind).to.equal('invalid-data');
    }
    frame.dispose();
  });

  it('openPath sends same-portal paths only', async () => {
    const { frame, stub } = await connected(undefined, undefined, { timeoutMs: 50 });
    const before = stub.sent.length;
    for (const bad of ['https://evil.example/crm/deal/details/1/', '//evil.example/x', '/\\evil.example/x', 'crm/deal/details/1/',
      'javascript:alert(1)', '', ' /crm/', '/crm/\nx', `${ORIGIN}/crm/deal/details/1/`]) {
      const e = await rejection(frame.openPath(bad));
      expect(e.kind, bad).to.equal('invalid-data');
      expect(e.message).to.contain('same Bitrix24 portal');
    }
    expect(stub.sent.length).to.equal(before);
    const p = frame.openPath('/crm/deal/details/5/?from=profile#x');
    expect(stub.last().message).to.equal(`openPath:{"path":"/crm/deal/details/5/?from=profile#x"}:${stub.last().request.callbackId}:SID123`);
    // No timeout: the portal answers when the slider closes.
    await sleep(120);
    expect(await settled(p)).to.equal(false);
    stub.answer({ result: 'close' });
    expect(await p).to.deep.equal({ result: 'close' });
    const q = frame.openPath('/crm/contact/details/2/');
    stub.answer({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' });
    const e = await rejection(q);
    expect(e.message).to.contain('PATH_NOT_AVAILABLE');
    frame.dispose();
  });

  it('openApplication and installFinish', async () => {
    const { frame, stub } = await connected(undefined, undefined, { safelyMs: 30 });
    const p = frame.openApplication({ list: 'deals', ids: [1, 2] });
    expect(stub.last().message).to.equal(`openApplication:{"list":"deals","ids":[1,2]}:${stub.last().request.callbackId}:SID123`);
    stub.answer({});
    await p;
    const q = frame.installFinish();
    expect(stub.last().message).to.equal(`setInstallFinish:${stub.last().request.callbackId}:SID123`);
    // The portal reloads the page instead of answering: resolves like isSafely.
    expect(await q).to.deep.equal({ isSafely: true });
    frame.dispose();
  });

  it('dispose fails the pending calls and stops listening', async () => {
    const { frame, stub } = await connected();
    const p = frame.call('selectUser', {}, { timeoutMs: 0 });
    frame.dispose();
    expect((await rejection(p)).kind).to.equal('aborted');
    expect(stub.listeners.size).to.equal(0);
    expect((await rejection(frame.call('selectUser'))).kind).to.equal('aborted');
  });
});

describe('Bitrix24 frame: REST transport (stub window, stub fetch)', () => {
  interface Sent { url: string; init: RequestInit; body: Record<string, unknown> }
  function fakeFetch(responses: Array<{ status: number; body: unknown }>) {
    const calls: Sent[] = [];
    const f: FetchLike = async (url, init) => {
      calls.push({ url, init, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      const r = responses.shift() ?? { status: 200, body: { result: true } };
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json' } });
    };
    return { f, calls };
  }

  it('POSTs JSON with the access token as auth to {origin}/rest/{method}.json', async () => {
    const { frame } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: 'tok-1' }));
    const { f, calls } = fakeFetch([{ status: 200, body: { result: 'EUR' } }]);
    const transport = frame.transport({ fetch: f });
    expect(transport).to.be.instanceOf(FrameTransport);
    expect(transport.label).to.equal('portal.example');
    const res = await transport.call('crm.currency.base.get', { x: 1 }, new AbortController().signal);
    expect(res).to.deep.equal({ status: 200, body: { result: 'EUR' } });
    expect(calls[0]!.url).to.equal('https://portal.example/rest/crm.currency.base.get.json');
    expect(calls[0]!.init.method).to.equal('POST');
    expect(calls[0]!.init.credentials).to.equal('omit');
    expect(calls[0]!.body).to.deep.equal({ x: 1, auth: 'tok-1' });
    expect((await rejection(transport.call('bad method', {}, new AbortController().signal))).kind).to.equal('invalid-data');
    expect((await rejection(transport.call('a.b', [1], new AbortController().signal))).kind).to.equal('invalid-data');
    frame.dispose();
  });

  it('refreshAuth asks the portal and the next REST call uses the new token', async () => {
    const { frame, stub } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: 'tok-1', REFRESH_ID: 'ref-1' }));
    const { f, calls } = fakeFetch([]);
    const transport = frame.transport({ fetch: f });
    await transport.call('user.current', {}, new AbortController().signal);
    const p = transport.refreshAuth();
    // Concurrent refreshes share one request.
    const p2 = frame.refreshAuth();
    const refreshes = stub.sent.filter((s) => s.message.startsWith('refreshAuth:'));
    expect(refreshes).to.have.length(1);
    expect(refreshes[0]!.message).to.equal(`refreshAuth:${stub.last().request.callbackId}:SID123`);
    stub.answer({ AUTH_ID: 'tok-2', REFRESH_ID: 'ref-2', AUTH_EXPIRES: '1800' });
    await p;
    expect((await p2).accessToken).to.equal('tok-2');
    expect(frame.auth.refreshToken).to.equal('ref-2');
    await transport.call('user.current', {}, new AbortController().signal);
    expect(calls.map((c) => c.body['auth'])).to.deep.equal(['tok-1', 'tok-2']);
    // A refresh answer without a token fails as auth.
    const q = frame.refreshAuth();
    stub.answer({});
    expect((await rejection(q)).kind).to.equal('auth');
    expect(frame.auth.accessToken).to.equal('tok-2');
    frame.dispose();
  });

  it('Bitrix24Client refreshes once after 401 expired_token and retries with the new token; tokens never reach a message', async () => {
    const { frame, stub } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: 'tok-old', REFRESH_ID: 'ref-old' }));
    stub.sent.length = 0;
    const expired = { status: 401, body: { error: 'expired_token', error_description: 'The access token provided has expired (tok-old).' } };
    const { f, calls } = fakeFetch([expired, { status: 200, body: { result: 'EUR' } }]);
    // The fake portal answers refreshAuth.
    const portal = setInterval(() => {
      const r = stub.sent.find((s) => s.message.startsWith('refreshAuth:'));
      if (r) {
        clearInterval(portal);
        stub.deliver(`${parseRequest(r.message)!.callbackId}:${JSON.stringify({ AUTH_ID: 'tok-new', REFRESH_ID: 'ref-new', AUTH_EXPIRES: 3600 })}`);
      }
    }, 5);
    const client = new Bitrix24Client({ transport: frame.transport({ fetch: f }) });
    const res = await client.call<string>('crm.currency.base.get');
    expect(res.result).to.equal('EUR');
    expect(calls.map((c) => c.body['auth'])).to.deep.equal(['tok-old', 'tok-new']);
    expect(stub.sent.filter((s) => s.message.startsWith('refreshAuth:'))).to.have.length(1);

    // Expired twice: one refresh only, then a readable auth error without any token in it.
    const again = fakeFetch([
      { status: 401, body: { error: 'expired_token', error_description: 'expired tok-new / ref-new' } },
      { status: 401, body: { error: 'expired_token', error_description: 'expired tok-newer / ref-newer' } },
    ]);
    const watcher = setInterval(() => {
      const r = stub.sent.filter((s) => s.message.startsWith('refreshAuth:'))[1];
      if (r) {
        clearInterval(watcher);
        stub.deliver(`${parseRequest(r.message)!.callbackId}:${JSON.stringify({ AUTH_ID: 'tok-newer', REFRESH_ID: 'ref-newer', AUTH_EXPIRES: 3600 })}`);
      }
    }, 5);
    const client2 = new Bitrix24Client({ transport: frame.transport({ fetch: again.f }) });
    const e = await rejection(client2.call('crm.currency.base.get'));
    expect(e.kind).to.equal('auth');
    for (const secret of ['tok-old', 'tok-new', 'tok-newer', 'ref-new', 'ref-newer']) expect(e.message).to.not.contain(secret);
    expect(e.message).to.contain('portal.example');
    expect(frame.redact('a tok-old b ref-newer c')).to.equal('a *** b *** c');
    for (const s of stub.sent) expect(s.message).to.not.match(/tok-|ref-/);
    frame.dispose();
  });

  it('fails as auth when the portal gave no token', async () => {
    const { frame } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: undefined }));
    const { f, calls } = fakeFetch([]);
    const e = await rejection(frame.transport({ fetch: f }).call('user.current', {}, new AbortController().signal));
    expect(e.kind).to.equal('auth');
    expect(calls).to.have.length(0);
    frame.dispose();
  });

  it('network failures become network errors without the request in the message', async () => {
    const { frame } = await connected(undefined, initData({ DOMAIN: 'portal.example', PROTOCOL: '1', AUTH_ID: 'tok-net' }));
    const failing: FetchLike = () => Promise.reject(new TypeError('Failed to fetch https://portal.example/rest/x.json?auth=tok-net'));
    const e = await rejection(frame.transport({ fetch: failing }).call('x', {}, new AbortController().signal));
    expect(e.kind).to.equal('network');
    expect(e.message).to.not.contain('tok-net');
    expect(String((e.cause as Error).message)).to.not.contain('tok-net');
    frame.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// Real frames: the test page is the portal, the child page under test/fixtures/portal/ connects.

type ChildWindow = Window & { portalChild: PortalChild };

async function openPortal(handlers: ConstructorParameters<typeof FakePortal>[0] = {}): Promise<{ portal: FakePortal; child: ChildWindow }> {
  const portal = new FakePortal(handlers);
  await frameReady(portal.iframe, (w) => 'portalChild' in w);
  return { portal, child: portal.child as ChildWindow };
}

function frameIndexOf(win: Window): number {
  for (let i = 0; i < window.frames.length; i++) if (window.frames[i] === win) return i;
  throw new Error('frame not found');
}

/** Loads test/fixtures/portal/hostile.html from `origin` and waits until it is ready. */
async function openForger(origin: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  const ready = new Promise<void>((resolve) => {
    const on = (e: MessageEvent) => {
      if (e.source === iframe.contentWindow && (e.data as { forgerReady?: string })?.forgerReady === origin) {
        window.removeEventListener('message', on);
        resolve();
      }
    };
    window.addEventListener('message', on);
  });
  iframe.src = `${origin}${new URL('../fixtures/portal/hostile.html', import.meta.url).pathname}`;
  document.body.append(iframe);
  await ready;
  return iframe;
}

/** Has the forger post `data` into the frame at `frameIndex`; resolves when it says it did. */
function forge(forger: HTMLIFrameElement, frameIndex: number, data: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (e: MessageEvent) => {
      if (e.source === forger.contentWindow && (e.data as { forged?: string })?.forged === data) {
        window.removeEventListener('message', on);
        resolve();
      }
    };
    window.addEventListener('message', on);
    forger.contentWindow!.postMessage({ forge: true, frameIndex, data }, '*');
  });
}

describe('Bitrix24 frame: a real child frame and a fake portal', function () {
  this.timeout(20000);
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    while (cleanup.length) cleanup.pop()!();
  });

  it('connects through window.name and postMessage; resize, openPath and refreshAuth round-trip', async () => {
    const { portal, child } = await openPortal({
      handlers: {
        getInitData: () => initData({ LANG: 'ru', PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"42"}', AUTH_ID: 'access-1' }),
        resizeWindow: () => ({}),
        openPath: () => ({ result: 'close' }),
        refreshAuth: () => ({ AUTH_ID: 'access-2', REFRESH_ID: 'refresh-2', AUTH_EXPIRES: '3600' }),
      },
    });
    cleanup.push(() => portal.dispose());
    const frame = await child.portalChild.Bitrix24Frame.connect({ timeoutMs: 5000 });
    cleanup.push(() => frame.dispose());

    const [init] = portal.of('getInitData');
    // The exact request string, from the child's origin, for the origin in window.name.
    expect(init!.origin).to.equal(location.origin);
    expect(init!.raw).to.equal(`getInitData:${init!.callbackId}:SID123`);
    expect(frame.domain).to.equal(location.host);
    expect(frame.origin).to.equal(`http://${location.host}`);
    expect(frame.lang).to.equal('ru');
    expect(placementClient(frame.placement, frame.placementOptions)).to.deep.equal({ type: 'contact', id: '42' });

    expect(await frame.resizeWindow('100%', 640)).to.deep.equal({});
    expect(portal.of('resizeWindow')[0]!.params).to.deep.equal({ width: '100%', height: 640 });
    expect(await frame.openPath('/crm/company/details/7/')).to.deep.equal({ result: 'close' });
    expect(portal.of('openPath')[0]!.raw).to.equal(`openPath:{"path":"/crm/company/details/7/"}:${portal.of('openPath')[0]!.callbackId}:SID123`);
    expect((await frame.refreshAuth()).accessToken).to.equal('access-2');
    expect(frame.auth.accessToken).to.equal('access-2');
  });

  it('ignores a forged reply posted from another origin (127.0.0.1) and from a same-origin sibling frame', async () => {
    const { portal, child } = await openPortal({ handlers: {} });
    cleanup.push(() => portal.dispose());
    const hostile = await openForger(`http://127.0.0.1:${location.port}`);
    cleanup.push(() => hostile.remove());
    const sibling = await openForger(location.origin);
    cleanup.push(() => sibling.remove());

    let resolved = false;
    const connecting = child.portalChild.Bitrix24Frame.connect({ timeoutMs: 8000 });
    void connecting.then(() => (resolved = true), () => (resolved = true));
    await waitUntil(() => portal.of('getInitData').length === 1, 'no getInitData request');
    const id = portal.of('getInitData')[0]!.callbackId;
    const index = frameIndexOf(portal.child);

    const fromOtherOrigin = `${id}:${JSON.stringify(initData({ AUTH_ID: 'forged-cross-origin' }))}`;
    await forge(hostile, index, fromOtherOrigin);
    const fromSibling = `${id}:${JSON.stringify(initData({ AUTH_ID: 'forged-sibling' }))}`;
    await forge(sibling, index, fromSibling);
    // Both forgeries reached the child's window…
    await waitUntil(() => child.portalChild.received.some((m) => m.data === fromOtherOrigin) && child.portalChild.received.some((m) => m.data === fromSibling),
      'the forged messages did not arrive');
    const received = child.portalChild.received;
    expect(received.find((m) => m.data === fromOtherOrigin)).to.include({ origin: `http://127.0.0.1:${location.port}`, fromParent: false });
    expect(received.find((m) => m.data === fromSibling)).to.include({ origin: location.origin, fromParent: false });
    // …and neither settled the handshake.
    await sleep(50);
    expect(resolved).to.equal(false);

    portal.reply(`${id}:${JSON.stringify(initData({ AUTH_ID: 'genuine' }))}`);
    const frame = await connecting;
    cleanup.push(() => frame.dispose());
    expect(frame.auth.accessToken).to.equal('genuine');
  });

  it('times out in a frame whose parent never answers, and refuses foreign paths without sending them', async () => {
    const { portal, child } = await openPortal({ handlers: { getInitData: () => NO_REPLY } });
    cleanup.push(() => portal.dispose());
    let err: { kind?: string; message?: string } = {};
    try {
      await child.portalChild.Bitrix24Frame.connect({ timeoutMs: 150 });
    } catch (e) {
      err = e as AdapterError; // from the child's realm: compare fields, not classes
    }
    expect(err.kind).to.equal('timeout');
    portal.handlers['getInitData'] = () => initData();
    const frame = await child.portalChild.Bitrix24Frame.connect({ timeoutMs: 5000 });
    cleanup.push(() => frame.dispose());
    for (const bad of [`https://evil.example/crm/`, '//evil.example/crm/']) {
      let e: { kind?: string } = {};
      try {
        await frame.openPath(bad);
      } catch (x) {
        e = x as AdapterError;
      }
      expect(e.kind, bad).to.equal('invalid-data');
    }
    expect(portal.of('openPath')).to.have.length(0);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: child frame → FrameTransport → Bitrix24Client → the REST emulator on this server
// (web-test-runner.config.mjs mounts it at /rest/ and /__emulator/; OAuth token demo-access-token).

interface EmulatorStats { requests: number; calls: Record<string, number>; log: Array<{ method: string; status: number }> }
const emulator = {
  post: (path: string, body: unknown = {}) =>
    fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  stats: async (): Promise<EmulatorStats> => (await fetch('/__emulator/stats')).json() as Promise<EmulatorStats>,
};

describe('Bitrix24 frame: end to end through the REST emulator', function () {
  this.timeout(20000);
  const cleanup: Array<() => void> = [];
  before(async () => {
    const res = await fetch('/__emulator/stats').catch(() => undefined);
    if (!res?.ok) throw new Error('the Bitrix24 REST emulator does not answer GET /__emulator/stats on this server');
  });
  beforeEach(() => emulator.post('/__emulator/reset'));
  afterEach(async () => {
    while (cleanup.length) cleanup.pop()!();
    await emulator.post('/__emulator/reset');
  });

  async function connectChild() {
    const refreshes: string[] = [];
    const { portal, child } = await openPortal({
      handlers: {
        getInitData: () => initData({ AUTH_ID: 'demo-access-token', REFRESH_ID: 'demo-refresh-token' }),
        // The portal renews the token with the OAuth server (here: the emulator's).
        refreshAuth: async () => {
          const res = await emulator.post('/__emulator/oauth/refresh', { refresh_token: 'demo-refresh-token' });
          const t = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
          refreshes.push(t.access_token);
          return { AUTH_ID: t.access_token, REFRESH_ID: t.refresh_token, AUTH_EXPIRES: String(t.expires_in) };
        },
      },
    });
    cleanup.push(() => portal.dispose());
    const frame = await child.portalChild.Bitrix24Frame.connect({ timeoutMs: 5000 });
    cleanup.push(() => frame.dispose());
    const client = new child.portalChild.Bitrix24Client({ transport: frame.transport() });
    return { portal, frame, client, refreshes };
  }

  it('reads crm.currency.base.get with the portal token', async () => {
    const { client, portal } = await connectChild();
    const res = await client.call<string>('crm.currency.base.get');
    expect(res.result).to.match(/^[A-Z]{3}$/);
    const stats = await emulator.stats();
    expect(stats.log).to.deep.equal([{ method: 'crm.currency.base.get', status: 200 }]);
    expect(portal.of('refreshAuth')).to.have.length(0);
  });

  it('an expired token is renewed through the portal (refreshAuth) and the call retried once', async () => {
    await emulator.post('/__emulator/faults', { expireToken: 'demo-access-token' });
    const { client, frame, portal, refreshes } = await connectChild();
    const res = await client.call<string>('crm.currency.base.get');
    expect(res.result).to.match(/^[A-Z]{3}$/);
    expect(portal.of('refreshAuth')).to.have.length(1);
    expect(portal.of('refreshAuth')[0]!.raw).to.equal(`refreshAuth:${portal.of('refreshAuth')[0]!.callbackId}:SID123`);
    expect(refreshes).to.have.length(1);
    expect(frame.auth.accessToken).to.equal(refreshes[0]);
    const stats = await emulator.stats();
    expect(stats.log).to.deep.equal([
      { method: 'crm.currency.base.get', status: 401 },
      { method: 'crm.currency.base.get', status: 200 },
    ]);
    // The next call goes out with the new token at once.
    await client.call('crm.currency.base.get');
    expect((await emulator.stats()).log.map((e) => e.status)).to.deep.equal([401, 200, 200]);
    expect(portal.of('refreshAuth')).to.have.length(1);
  });

  it('a token the portal cannot renew ends in one readable auth error, without the token', async () => {
    await emulator.post('/__emulator/faults', { expireToken: 'demo-access-token' });
    const { client, portal, refreshes } = await connectChild();
    // The portal hands back the same (still expired) token.
    portal.handlers['refreshAuth'] = () => {
      refreshes.push('demo-access-token');
      return { AUTH_ID: 'demo-access-token', REFRESH_ID: 'demo-refresh-token', AUTH_EXPIRES: '3600' };
    };
    let err: { kind?: string; message?: string } = {};
    try {
      await client.call('crm.currency.base.get');
    } catch (e) {
      err = e as AdapterError;
    }
    expect(err.kind).to.equal('auth');
    expect(err.message).to.contain('expired');
    expect(err.message).to.not.contain('demo-access-token');
    expect(portal.of('refreshAuth')).to.have.length(1);
    expect((await emulator.stats()).log.map((e) => e.status)).to.deep.equal([401, 401]);
  });
});
