import { expect, fixture, waitUntil as waitFor, aTimeout } from '@open-wc/testing';
import '../../src/elements/profile-frame/define.js';
import type { CrmProfileFrame, FrameResizeDetail } from '../../src/elements/profile-frame/profile-frame.js';
import {
  MAX_FRAME_HEIGHT, checkParentOrigin, exactOrigin, frameUrl, heightMessage, parseHeightMessage, readFrameParams,
} from '../../src/embed/frame-protocol.js';
import { startFrameChild } from '../../src/embed/frame-child.js';
import type { FrameFixture, Probed } from '../fixtures/frame/child.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmDetailPanel } from '../../src/elements/detail-panel/detail-panel.js';
import type { CrmWidgetSettings } from '../../src/elements/widget-settings/widget-settings.js';
import { clearStoredLayouts, loaded } from './widget-helpers.js';

/**
 * open-wc's waitUntil with 10 s by default instead of 1 s: most waits here include loading a page
 * into a frame, which a loaded machine (CI, the whole suite in parallel) can take longer than 1 s to do.
 */
const waitUntil = (predicate: () => unknown, message?: string, options: { timeout?: number; interval?: number } = {}) =>
  waitFor(predicate, message, { timeout: 10000, ...options });

const CHILD = new URL('../fixtures/frame/child.html', import.meta.url).pathname;
const HOSTILE = new URL('../fixtures/frame/hostile.html', import.meta.url).pathname;
const SAME = location.origin;
/** Another origin on the same test server. */
const OTHER = `http://127.0.0.1:${location.port}`;
const TYPE = 'crm-profile:height';

type FrameWindow = Window & typeof globalThis & { frameFixture?: FrameFixture };

const iframeOf = (el: CrmProfileFrame) => el.shadowRoot!.querySelector('iframe')!;
const winOf = (el: CrmProfileFrame) => iframeOf(el).contentWindow as FrameWindow;
/** The test child's fixture (same-origin children only), once started. */
const fixtureOf = (el: CrmProfileFrame): FrameFixture => winOf(el).frameFixture!;
const childReady = (el: CrmProfileFrame) => {
  try {
    return winOf(el)?.frameFixture?.child !== undefined && winOf(el).document.readyState === 'complete';
  } catch {
    return false;
  }
};
/** What the child measures: the root element's box, rounded up. */
const contentHeight = (el: CrmProfileFrame) => Math.ceil(winOf(el).document.documentElement.getBoundingClientRect().height);
const frameBox = (el: CrmProfileFrame) => iframeOf(el).getBoundingClientRect().height;
const profileOf = (el: CrmProfileFrame) => fixtureOf(el).child!.profile;

async function mount(src: string, attrs: Record<string, string> = {}): Promise<CrmProfileFrame> {
  const el = document.createElement('crm-profile-frame');
  el.setAttribute('src', src);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return fixture<CrmProfileFrame>(el);
}

/** A same-origin child with the profile of contact 1, started and sized. */
async function mountSame(query = 'source=demo', attrs: Record<string, string> = {}): Promise<CrmProfileFrame> {
  const el = await mount(`${CHILD}?${query}`, { 'entity-type': 'contact', 'entity-id': '1', period: 'all-time', ...attrs });
  await waitUntil(() => childReady(el), 'the child page did not start', { timeout: 10000 });
  await waitUntil(() => el.height !== undefined && el.height === contentHeight(el), 'the frame did not take the child\'s height', { timeout: 10000 });
  return el;
}

function resizes(el: CrmProfileFrame): number[] {
  const seen: number[] = [];
  el.addEventListener('crm-frame-resize', (e) => seen.push((e as CustomEvent<FrameResizeDetail>).detail.height));
  return seen;
}

/** Loads test/fixtures/frame/hostile.html from `origin` next to the frame and waits until it is ready. */
async function openForger(origin: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.title = 'forger';
  const ready = new Promise<void>((resolve) => {
    const on = (e: MessageEvent) => {
      if (e.source === iframe.contentWindow && e.origin === origin && (e.data as { forgerReady?: string })?.forgerReady === origin) {
        window.removeEventListener('message', on);
        resolve();
      }
    };
    window.addEventListener('message', on);
  });
  iframe.src = `${origin}${HOSTILE}#parent-origin=${encodeURIComponent(SAME)}`;
  document.body.append(iframe);
  await ready;
  return iframe;
}

/** Has the forger post `data` to this page; resolves once this page received it (so every listener ran). */
function forge(forger: HTMLIFrameElement, origin: string, data: unknown): Promise<void> {
  return new Promise((resolve) => {
    const on = (e: MessageEvent) => {
      if (e.source === forger.contentWindow && (e.data as { forged?: unknown })?.forged !== undefined) {
        window.removeEventListener('message', on);
        resolve();
      }
    };
    window.addEventListener('message', on);
    forger.contentWindow!.postMessage({ forge: data }, origin);
  });
}

/** Resolves once this page received a message from `source` matching `test` (every earlier listener ran). */
function received(source: Window, test: (data: unknown) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const on = (e: MessageEvent) => {
      if (e.source === source && test(e.data)) {
        window.removeEventListener('message', on);
        resolve();
      }
    };
    window.addEventListener('message', on);
  });
}

describe('<crm-profile-frame>', function () {
  this.timeout(30000);
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    while (cleanup.length) cleanup.pop()!();
    clearStoredLayouts();
  });

  it('creates a titled, sandboxed, non-scrolling iframe whose fragment carries the parameters, and is accessible', async () => {
    const el = await mount(`${CHILD}?source=demo&bare`, {
      'entity-type': 'company', 'entity-id': '42', period: 'range:2026-01-01/2026-02-15', locale: 'fr', theme: 'dark',
    });
    const iframe = iframeOf(el);
    expect(iframe.getAttribute('title')).to.equal('Profil client');
    expect(iframe.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms');
    expect(iframe.getAttribute('scrolling')).to.equal('no');
    expect(iframe.getAttribute('loading')).to.equal('eager');
    const url = new URL(iframe.src);
    expect(url.pathname).to.equal(CHILD);
    expect(url.search).to.equal('?source=demo&bare');
    expect(Object.fromEntries(new URLSearchParams(url.hash.slice(1)))).to.deep.equal({
      'entity-type': 'company', 'entity-id': '42', period: 'range:2026-01-01/2026-02-15', locale: 'fr', theme: 'dark',
      'parent-origin': SAME,
    });
    el.setAttribute('frame-title', 'Profile of ACME');
    el.setAttribute('loading', 'lazy');
    await el.updateComplete;
    expect(iframe.getAttribute('title')).to.equal('Profile of ACME');
    expect(iframe.getAttribute('loading')).to.equal('lazy');
    await waitUntil(() => childReady(el), 'the child page did not start', { timeout: 10000 });
    await expect(el).to.be.accessible();
  });

  it('grows and shrinks with the content of its child', async () => {
    const el = await mountSame('source=demo&layout=system');
    await loaded(await waitForWidget(profileOf(el)), 10000);
    await waitUntil(() => el.height === contentHeight(el), 'the frame did not settle');
    const seen = resizes(el);
    const base = contentHeight(el);
    expect(el.height).to.equal(base);
    expect(frameBox(el)).to.equal(base);

    fixtureOf(el).setSpacer(700);
    await waitUntil(() => el.height === base + 700, `the frame did not grow to ${base + 700} (is ${el.height})`);
    expect(frameBox(el)).to.equal(base + 700);
    expect(contentHeight(el)).to.equal(base + 700);

    fixtureOf(el).setSpacer(0);
    await waitUntil(() => el.height === base, `the frame did not shrink back to ${base} (is ${el.height})`);
    expect(frameBox(el)).to.equal(base);
    expect(seen).to.deep.equal([base + 700, base]);
    // No inner scrollbar: the child's document fits its frame.
    const doc = winOf(el).document.documentElement;
    expect(doc.scrollHeight).to.equal(doc.clientHeight);
  });

  it('sizes a cross-origin child (127.0.0.1) and passes it new attributes', async () => {
    const el = await mount(`${OTHER}${CHILD}?source=demo&bare&echo`, { 'entity-id': '50' });
    const seen = resizes(el);
    // echo: the child is exactly 100 + entity-id px tall.
    await waitUntil(() => el.height === 150, `no height from the cross-origin child (is ${el.height})`, { timeout: 10000 });
    expect(frameBox(el)).to.equal(150);
    el.entityId = '80';
    await waitUntil(() => el.height === 180, `the cross-origin child did not get entity-id 80 (height ${el.height})`);
    expect(seen).to.deep.equal([150, 180]);
  });

  it('ignores forged heights: from another origin, from a same-origin sibling frame, and malformed ones from its own child', async () => {
    const el = await mountSame('source=demo&bare&spacer=200');
    expect(el.height).to.equal(200);
    const seen = resizes(el);
    const forged = { type: TYPE, version: 1, height: 4321 };

    const hostile = await openForger(OTHER);
    cleanup.push(() => hostile.remove());
    await forge(hostile, OTHER, forged);
    const sibling = await openForger(SAME);
    cleanup.push(() => sibling.remove());
    await forge(sibling, SAME, forged);
    // The page itself (same origin, but not the iframe).
    const self = received(window, (d) => (d as { height?: number })?.height === 4322);
    window.postMessage({ ...forged, height: 4322 }, SAME);
    await self;

    // The genuine child window, but malformed messages.
    const child = winOf(el);
    const bad: unknown[] = [
      JSON.stringify(forged), [TYPE, 1, 300], { ...forged, version: 2 }, { ...forged, version: '1' }, { ...forged, type: 'crm-profile:size' },
      { type: TYPE, version: 1 }, { ...forged, height: '300' }, { ...forged, height: Number.NaN }, { ...forged, height: Infinity },
      { ...forged, height: -5 }, null,
    ];
    for (const data of bad) fixtureOf(el).post(data, SAME);
    const end = received(child, (d) => (d as { end?: boolean })?.end === true);
    fixtureOf(el).post({ end: true }, SAME);
    await end;

    expect(el.height).to.equal(200);
    expect(frameBox(el)).to.equal(200);
    expect(seen).to.deep.equal([]);

    // A valid report from the child is applied, clamped to the maximum.
    fixtureOf(el).post({ ...forged, height: 1e9 }, SAME);
    await waitUntil(() => el.height === MAX_FRAME_HEIGHT, 'a huge height was not clamped');
    expect(seen).to.deep.equal([MAX_FRAME_HEIGHT]);
  });

  it('ignores its own child when the child is not at the allowed origin', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    cleanup.push(() => (console.warn = warn));
    // The child is at 127.0.0.1 and reports (bare: 100 + 0 px), but only this page's origin is allowed.
    const el = await mount(`${OTHER}${CHILD}?source=demo&bare&spacer=123`, { 'allowed-origin': `${SAME}/` });
    await waitUntil(() => warnings.some((w) => w.includes(`reported its height from ${OTHER}`)), 'no warning about the origin', { timeout: 10000 });
    expect(el.height).to.equal(undefined);

    // allowed-origin must be an origin: '*' or a URL with a path accepts nothing.
    const star = await mount(`${CHILD}?source=demo&bare&spacer=77`, { 'allowed-origin': '*' });
    await waitUntil(() => warnings.some((w) => w.includes('allowed-origin "*" is not an origin')), 'no warning about "*"');
    await waitUntil(() => childReady(star), 'the child page did not start', { timeout: 10000 });
    await aTimeout(100);
    expect(star.height).to.equal(undefined);
  });

  it('with two frames of one origin on the page, each follows only its own child', async () => {
    const a = await mountSame('source=demo&bare&spacer=210');
    const b = await mountSame('source=demo&bare&spacer=320');
    expect([a.height, b.height]).to.deep.equal([210, 320]);
    fixtureOf(b).setSpacer(330);
    await waitUntil(() => b.height === 330, 'b did not follow its child');
    fixtureOf(a).setSpacer(240);
    await waitUntil(() => a.height === 240, 'a did not follow its child');
    expect(b.height).to.equal(330);
  });

  it('passes attribute changes to the child without reloading it or adding history entries; a moved frame reloads with them', async () => {
    const el = await mountSame('source=demo&layout=system');
    const profile = profileOf(el);
    const loadedAt = fixtureOf(el).loadedAt;
    const history = window.history.length;
    expect([profile.entityType, profile.entityId, profile.period, profile.theme]).to.deep.equal(['contact', '1', 'all-time', 'light']);

    el.entityType = 'company';
    el.entityId = '3';
    el.period = 'month:2026-03';
    el.locale = 'fr';
    el.theme = 'dark';
    el.editable = true;
    await waitUntil(() => profile.period === 'month:2026-03' && profile.entityType === 'company', 'the child did not get the new parameters');
    expect([profile.entityType, profile.entityId, profile.period, profile.locale, profile.theme, profile.editable])
      .to.deep.equal(['company', '3', 'month:2026-03', 'fr', 'dark', true]);
    expect(winOf(el).document.documentElement.lang).to.equal('fr');
    expect(fixtureOf(el).loadedAt, 'the child was reloaded').to.equal(loadedAt);
    expect(window.history.length, 'history entries were added').to.equal(history);

    el.removeAttribute('period');
    el.editable = false;
    await waitUntil(() => profile.period === 'last-30-days' && !profile.editable, 'a removed attribute did not fall back to the default');

    // Moving the element reloads its iframe: from the current parameters.
    el.period = 'year:2025';
    await waitUntil(() => profile.period === 'year:2025');
    const other = document.createElement('div');
    document.body.append(other);
    cleanup.push(() => other.remove());
    other.append(el);
    await waitUntil(() => childReady(el) && fixtureOf(el).loadedAt !== loadedAt, 'the moved frame did not reload', { timeout: 10000 });
    expect([profileOf(el).entityType, profileOf(el).entityId, profileOf(el).period]).to.deep.equal(['company', '3', 'year:2025']);
    await waitUntil(() => el.height === contentHeight(el), 'the reloaded child did not size the frame', { timeout: 10000 });
  });

  it('a detail panel opened in a short frame makes the frame tall enough, and it shrinks back on close', async () => {
    const el = await mountSame('source=demo&layout=system');
    const profile = profileOf(el);
    await profile.updateComplete;
    const widget = await waitForWidget(profile);
    await loaded(widget, 10000);
    await waitUntil(() => el.height === contentHeight(el), 'the frame did not settle');
    const short = el.height!;

    expect(short, 'the test needs a frame shorter than the overlay minimum').to.be.below(560);

    const button = widget.shadowRoot!.querySelector<HTMLButtonElement>('.figures button');
    expect(button, 'a number of the widget is a button').to.not.equal(null);
    button!.click();
    // (The panel joins the widget's shadow root with its interactions' chunk, at the first click.)
    const panelOf = () => widget.shadowRoot!.querySelector<CrmDetailPanel>('crm-detail-panel');
    await waitUntil(() => panelOf()?.open, 'the panel did not open');
    const panel = panelOf()!;
    await waitUntil(() => el.height! >= 560, `the frame did not grow for the panel (is ${el.height})`);
    // Once the rows are in: tall enough for the whole first page (or the overlay maximum, 900 px).
    const body = panel.shadowRoot!.querySelector('.body')!;
    await waitUntil(() => el.height === 900 || (body.querySelector('tbody tr') !== null && body.scrollHeight <= body.clientHeight + 1),
      `the panel still scrolls at ${el.height} px`);
    expect(frameBox(el)).to.equal(el.height);
    const dialog = panel.shadowRoot!.querySelector('dialog')!;
    expect(dialog.matches(':modal')).to.equal(true);
    // The panel fills the (now taller) frame, and its close button is inside it.
    await waitUntil(() => Math.round(dialog.getBoundingClientRect().height) === el.height, 'the panel does not fill the frame');
    const close = panel.shadowRoot!.querySelector('.close')!.getBoundingClientRect();
    expect(close.bottom).to.be.at.most(el.height!);

    panel.close();
    await waitUntil(() => el.height === short, `the frame did not shrink back to ${short} (is ${el.height})`);
    expect(frameBox(el)).to.equal(short);
  });

  it('in a frame taller than the window, scrolled down, the detail panel and the settings dialog open where the user looks', async () => {
    // 1200 px of the child's page above its profile: scrolled past them, the profile fills the window
    // (with widgets enough to be taller than it).
    const el = await mountSame('source=demo&layout=system,deal-conversion,sales-amount,communication-load&spacer=1200', { editable: '' });
    const widget = await waitForWidget(profileOf(el), 'deal-conversion');
    await loaded(widget, 10000);
    await waitUntil(() => el.height === contentHeight(el), 'the frame did not settle');
    const frame = iframeOf(el);
    const scrolled = scrollY;
    window.scrollTo(0, frame.getBoundingClientRect().top + scrollY + 1200);
    try {
      expect(frame.getBoundingClientRect().top, 'the frame starts above the window').to.be.below(-1000);
      expect(frame.getBoundingClientRect().bottom, 'and ends below it').to.be.above(innerHeight);
      /** A box of the child's page, in the window's coordinates. */
      const inWindow = (r: DOMRect) => ({ top: frame.getBoundingClientRect().top + r.top, bottom: frame.getBoundingClientRect().top + r.bottom });

      // (Waited for: on a busy machine the child's page may not have laid out after the scroll yet.)
      const button = () => widget.shadowRoot!.querySelector<HTMLButtonElement>('.figures button')!;
      const opener = () => inWindow(button().getBoundingClientRect()).top;
      await waitUntil(() => opener() >= 0 && opener() <= innerHeight, `the number to click is not in view (at ${opener()} px)`, { timeout: 3000 });
      button().click();
      // (The panel joins the widget's shadow root with its interactions' chunk, at the first click.)
      const panelOf = () => widget.shadowRoot!.querySelector<CrmDetailPanel>('crm-detail-panel');
      await waitUntil(() => panelOf()?.open, 'the panel did not open');
      const panel = panelOf()!;
      const dialog = panel.shadowRoot!.querySelector('dialog')!;
      // The panel covers the window (the part of the frame in view), not the frame's top, out of view.
      await waitUntil(() => Math.abs(inWindow(dialog.getBoundingClientRect()).top) <= 2,
        `the panel is not at the window's top (at ${inWindow(dialog.getBoundingClientRect()).top} px)`);
      expect(inWindow(dialog.getBoundingClientRect()).bottom).to.be.closeTo(innerHeight, 2);
      const close = inWindow(panel.shadowRoot!.querySelector('.close')!.getBoundingClientRect());
      expect(close.top, 'its close button (focused) is in view').to.be.within(0, innerHeight);
      // Scrolled while open (the part in view moves, same size): the panel follows.
      window.scrollBy(0, -300);
      await waitUntil(() => Math.abs(inWindow(dialog.getBoundingClientRect()).top) <= 2,
        `the panel did not follow the scroll (at ${inWindow(dialog.getBoundingClientRect()).top} px)`, { timeout: 3000 });
      panel.close();

      // Scrolled back while nothing is open; the gear's click asks again where the frame is.
      window.scrollBy(0, 300);
      widget.shadowRoot!.querySelector<HTMLButtonElement>('.menu-button')!.click();
      await widget.updateComplete;
      widget.shadowRoot!.querySelector<HTMLButtonElement>('[role="menuitem"]')!.click();
      const settings = widget.shadowRoot!.querySelector<CrmWidgetSettings>('crm-widget-settings')!;
      await waitUntil(() => settings.open, 'the settings dialog did not open');
      const settingsDialog = settings.shadowRoot!.querySelector('dialog')!;
      await waitUntil(() => inWindow(settingsDialog.getBoundingClientRect()).top >= 0, 'the settings dialog is above the window', { timeout: 3000 });
      const box = inWindow(settingsDialog.getBoundingClientRect());
      expect(box.top, 'the settings dialog is in view').to.be.at.least(0);
      expect(box.bottom).to.be.at.most(innerHeight);
      settings.close();
    } finally {
      window.scrollTo(0, scrolled);
    }
  });

  it('in a cross-origin frame taller than the window, scrolled down, the detail panel opens where the user looks', async () => {
    // As the test above, with the child at another origin (127.0.0.1): the parent cannot read the
    // child's page, so the child's fixture (`probe`) clicks and reports where things are.
    const el = await mount(`${OTHER}${CHILD}?source=demo&layout=system,deal-conversion,sales-amount,communication-load&spacer=1200&probe`,
      { 'entity-type': 'contact', 'entity-id': '1', period: 'all-time' });
    const frame = iframeOf(el);
    let ids = 0;
    /** The child's answer; a question sent before the child's page listens is lost: then it is asked again. */
    const probe = (what: 'where' | 'open' | 'close'): Promise<Probed> => new Promise<Probed | undefined>((resolve) => {
      const id = ++ids;
      const on = (e: MessageEvent) => {
        const probed = (e.data as { probed?: Probed })?.probed;
        if (e.source !== frame.contentWindow || e.origin !== OTHER || probed?.id !== id) return;
        window.removeEventListener('message', on);
        resolve(probed);
      };
      window.addEventListener('message', on);
      frame.contentWindow!.postMessage({ probe: what, id }, OTHER);
      if (what === 'where') {
        setTimeout(() => {
          window.removeEventListener('message', on);
          resolve(undefined);
        }, 500);
      }
    }).then((answer) => answer ?? probe(what));
    const ready = async () => (await probe('where')).loaded;
    let loadedYet = false;
    await waitUntil(async () => (loadedYet = await ready()), 'the cross-origin child did not show its numbers');
    expect(loadedYet).to.equal(true);
    await waitUntil(() => el.height !== undefined && el.height > 1200 + innerHeight, `the frame is not taller than the window (is ${el.height})`);
    const scrolled = scrollY;
    window.scrollTo(0, frame.getBoundingClientRect().top + scrollY + 1200);
    try {
      expect(frame.getBoundingClientRect().top, 'the frame starts above the window').to.be.below(-1000);
      expect(frame.getBoundingClientRect().bottom, 'and ends below it').to.be.above(innerHeight);
      /** A box of the child's page, in the window's coordinates. */
      const inWindow = (r: { top: number; bottom: number }) => ({ top: frame.getBoundingClientRect().top + r.top, bottom: frame.getBoundingClientRect().top + r.bottom });
      let where = await probe('where');
      await waitUntil(async () => {
        where = await probe('where');
        const top = inWindow(where.button!).top;
        return top >= 0 && top <= innerHeight;
      }, 'the number to click is not in view');
      let opened = await probe('open');
      expect(opened.open, 'the panel opened').to.equal(true);
      // The panel covers the window (the part of the frame in view), not the frame's top, out of view.
      await waitUntil(async () => Math.abs(inWindow((opened = await probe('where')).dialog!).top) <= 2,
        `the panel is not at the window's top (at ${opened.dialog && inWindow(opened.dialog).top} px)`);
      expect(inWindow(opened.dialog!).bottom).to.be.closeTo(innerHeight, 2);
      expect(inWindow(opened.close!).top, 'its close button is in view').to.be.within(0, innerHeight);
      // Scrolled while open (the part in view moves, same size): the panel follows.
      window.scrollBy(0, -300);
      await waitUntil(async () => Math.abs(inWindow((opened = await probe('where')).dialog!).top) <= 2,
        `the panel did not follow the scroll (at ${opened.dialog && inWindow(opened.dialog).top} px)`);
      expect((await probe('close')).open).to.equal(false);
    } finally {
      window.scrollTo(0, scrolled);
    }
  });

  it('the settings dialog (editable) makes a short frame tall enough too', async () => {
    const el = await mountSame('source=demo&layout=system,deal-conversion&spacer=0', { editable: '' });
    const profile = profileOf(el);
    const widget = await waitForWidget(profile, 'deal-conversion');
    await loaded(widget, 10000);
    await waitUntil(() => el.height === contentHeight(el), 'the frame did not settle');
    const before = el.height!;

    // Through the gear menu: <crm-widget> defines the dialog on first open (src/elements/overlays.ts).
    widget.shadowRoot!.querySelector<HTMLButtonElement>('.menu-button')!.click();
    await widget.updateComplete;
    widget.shadowRoot!.querySelector<HTMLButtonElement>('[role="menuitem"]')!.click();
    // (The dialog's element joins the widget's shadow root with its interactions' chunk, with the menu.)
    const settings = widget.shadowRoot!.querySelector<CrmWidgetSettings>('crm-widget-settings')!;
    await waitUntil(() => settings.open, 'the settings dialog did not open');
    await waitUntil(() => el.height! >= 560 && el.height! > before, `the frame did not grow for the dialog (is ${el.height}, was ${before})`);
    // Tall enough to show the whole form (or the overlay maximum, 900 px), the dialog inside the frame.
    const dialog = settings.shadowRoot!.querySelector('dialog')!;
    const fields = settings.shadowRoot!.querySelector('.fields')!;
    await waitUntil(() => el.height === 900 || fields.scrollHeight <= fields.clientHeight + 1, `the form still scrolls at ${el.height} px`);
    const box = dialog.getBoundingClientRect();
    expect(box.top).to.be.at.least(0);
    expect(box.bottom).to.be.at.most(el.height!);
    settings.close();
    await waitUntil(() => el.height === before, `the frame did not go back to ${before} (is ${el.height})`);
  });

  it('refuses a src that is not http(s) (no javascript: frame) and says so', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    cleanup.push(() => (console.warn = warn));
    const el = await mount('javascript:alert(1)');
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('src must be an http or https URL');
    expect(warnings.some((w) => w.includes('src must be an http or https URL'))).to.equal(true);
    await expect(el).to.be.accessible();
    el.src = `${CHILD}?source=demo&bare&spacer=90`;
    await el.updateComplete;
    await waitUntil(() => el.height === 90, 'a valid src did not load');
  });
});

async function waitForWidget(profile: HTMLElement, type = 'system'): Promise<CrmWidget> {
  let widget: CrmWidget | null = null;
  await waitUntil(() => (widget = profile.shadowRoot?.querySelector<CrmWidget>(`crm-widget[type="${type}"]`) ?? null) !== null,
    `no ${type} widget in the child`, { timeout: 10000 });
  return widget!;
}

describe('startFrameChild', function () {
  this.timeout(30000);
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    while (cleanup.length) cleanup.pop()!();
    clearStoredLayouts();
  });

  /** A plain iframe (not <crm-profile-frame>) on the test child in manual mode. */
  async function manualChild(query = 'source=demo&bare&spacer=150&manual', hash = ''): Promise<{ iframe: HTMLIFrameElement; win: FrameWindow }> {
    const iframe = document.createElement('iframe');
    iframe.title = 'child';
    iframe.src = `${CHILD}?${query}${hash}`;
    document.body.append(iframe);
    cleanup.push(() => iframe.remove());
    const win = iframe.contentWindow as FrameWindow;
    await waitUntil(() => win.frameFixture !== undefined && win.document.readyState === 'complete', 'the child did not load', { timeout: 10000 });
    return { iframe, win };
  }

  /** Records what is posted to this window (the child's `window.parent`). */
  function spyOnPostMessage(): { calls: { data: unknown; targetOrigin: unknown }[] } {
    const calls: { data: unknown; targetOrigin: unknown }[] = [];
    const original = window.postMessage;
    (window as { postMessage: unknown }).postMessage = (data: unknown, targetOrigin: unknown) => void calls.push({ data, targetOrigin });
    cleanup.push(() => ((window as { postMessage: unknown }).postMessage = original));
    return { calls };
  }

  it('posts its height to the explicit parent origin only', async () => {
    const { win } = await manualChild();
    const spy = spyOnPostMessage();
    const child = win.frameFixture!.start({ parentOrigin: SAME });
    expect(child.parentOrigin).to.equal(SAME);
    expect(child.refusal).to.equal(undefined);
    await waitUntil(() => spy.calls.length >= 1, 'nothing posted');
    expect(spy.calls[0]).to.deep.equal({ data: heightMessage(150), targetOrigin: SAME });
    win.frameFixture!.setSpacer(260.2);
    await waitUntil(() => spy.calls.length >= 2, 'the new height was not posted');
    expect(spy.calls[1]).to.deep.equal({ data: { type: TYPE, version: 1, height: 261 }, targetOrigin: SAME });
    expect(spy.calls.every((c) => c.targetOrigin === SAME)).to.equal(true);
    child.stop();
    win.frameFixture!.setSpacer(10);
    await aTimeout(100);
    expect(spy.calls.length, 'posted after stop()').to.equal(2);
  });

  it('takes the parent origin from the parent-origin parameter', async () => {
    const { win } = await manualChild('source=demo&bare&spacer=150&manual', `#parent-origin=${encodeURIComponent(SAME)}&entity-id=7`);
    const spy = spyOnPostMessage();
    const child = win.frameFixture!.start();
    expect(child.parentOrigin).to.equal(SAME);
    expect(child.profile.entityId).to.equal('7');
    await waitUntil(() => spy.calls.length >= 1, 'nothing posted');
    expect(spy.calls[0]!.targetOrigin).to.equal(SAME);
  });

  it('refuses a parent origin that is not the framing page\'s (ancestorOrigins), posts nothing and says why', async () => {
    const { win } = await manualChild();
    const spy = spyOnPostMessage();
    const errors: string[] = [];
    const error = win.console.error;
    win.console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    cleanup.push(() => (win.console.error = error));
    for (const parentOrigin of [OTHER, '*', `${SAME}/child.html`]) {
      const child = win.frameFixture!.start({ parentOrigin });
      expect(child.parentOrigin, parentOrigin).to.equal(undefined);
      expect(child.refusal, parentOrigin).to.be.a('string');
      child.stop();
    }
    const notices = [...win.document.querySelectorAll('.crm-frame-notice[role="alert"]')].map((n) => n.textContent);
    expect(notices).to.have.length(3);
    expect(notices[0]).to.contain(`The parent origin given (${OTHER}) is not the origin of the page framing this one (${SAME})`);
    expect(notices[1]).to.contain('is not an http(s) origin');
    expect(errors).to.have.length(3);
    expect(errors[0]).to.contain('The frame will not be resized');
    await aTimeout(100);
    expect(spy.calls).to.deep.equal([]);
  });

  it('refuses at the top level (not framed), and says so', () => {
    const errors: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    cleanup.push(() => (console.error = error));
    const container = document.createElement('div');
    document.body.append(container);
    cleanup.push(() => container.remove());
    const child = startFrameChild({ parentOrigin: SAME, container, source: 'demo' });
    cleanup.push(() => child.stop());
    expect(child.parentOrigin).to.equal(undefined);
    expect(child.refusal).to.contain('not inside a frame');
    expect(container.querySelector('[role="alert"]')!.textContent).to.contain('not inside a frame');
    expect(child.profile.source).to.equal('demo');
    expect(errors[0]).to.contain('not inside a frame');
  });
});

describe('frame protocol', () => {
  it('accepts only { type, version: 1, finite height ≥ 0 }, rounded up and clamped', () => {
    expect(parseHeightMessage({ type: TYPE, version: 1, height: 412.2 })).to.equal(413);
    expect(parseHeightMessage({ type: TYPE, version: 1, height: 0 })).to.equal(0);
    expect(parseHeightMessage({ type: TYPE, version: 1, height: 1e12, extra: true })).to.equal(MAX_FRAME_HEIGHT);
    for (const bad of [
      undefined, null, 'x', 42, [], JSON.stringify({ type: TYPE, version: 1, height: 1 }),
      { type: TYPE, height: 1 }, { type: TYPE, version: 2, height: 1 }, { type: 'other', version: 1, height: 1 },
      { type: TYPE, version: 1, height: -1 }, { type: TYPE, version: 1, height: Number.NaN },
      { type: TYPE, version: 1, height: -Infinity }, { type: TYPE, version: 1, height: '1' },
    ]) expect(parseHeightMessage(bad), JSON.stringify(bad) ?? String(bad)).to.equal(undefined);
  });

  it('exactOrigin takes exact http(s) origins only', () => {
    expect(exactOrigin('https://Widgets.Example')).to.equal('https://widgets.example');
    expect(exactOrigin('https://widgets.example/')).to.equal('https://widgets.example');
    expect(exactOrigin('http://127.0.0.1:8000')).to.equal('http://127.0.0.1:8000');
    expect(exactOrigin('https://widgets.example:443')).to.equal('https://widgets.example');
    for (const bad of ['', '*', 'null', 'widgets.example', 'https://widgets.example/child.html', 'https://widgets.example/?',
      'https://widgets.example/#', 'https://user@widgets.example', 'ftp://widgets.example', 'javascript:alert(1)']) {
      expect(exactOrigin(bad), bad).to.equal(undefined);
    }
  });

  it('checkParentOrigin: ancestorOrigins first, the referrer where it is missing, refusal otherwise', () => {
    const P = 'https://crm.example';
    expect(checkParentOrigin(P, { framed: true, ancestorOrigins: [P, 'https://top.example'] })).to.deep.equal({ ok: true, origin: P, by: 'ancestorOrigins' });
    expect(checkParentOrigin(`${P}/`, { framed: true, ancestorOrigins: [P] })).to.deep.include({ ok: true, origin: P });
    // ancestorOrigins wins over a matching referrer.
    expect(checkParentOrigin(P, { framed: true, ancestorOrigins: ['https://evil.example'], referrer: `${P}/page` })).to.include({ ok: false });
    expect(checkParentOrigin(P, { framed: true, ancestorOrigins: [] })).to.include({ ok: false });
    // No ancestorOrigins (Firefox): the referrer's origin.
    expect(checkParentOrigin(P, { framed: true, referrer: `${P}/crm/contact/42?x=1` })).to.deep.equal({ ok: true, origin: P, by: 'referrer' });
    expect(checkParentOrigin(P, { framed: true, referrer: 'https://evil.example/' })).to.include({ ok: false });
    const none = checkParentOrigin(P, { framed: true, referrer: '' });
    expect(none).to.include({ ok: false });
    expect((none as { reason: string }).reason).to.contain('cannot be checked');
    expect(checkParentOrigin(undefined, { framed: true, ancestorOrigins: [P] })).to.include({ ok: false });
    expect(checkParentOrigin('*', { framed: true, ancestorOrigins: [P] })).to.include({ ok: false });
    expect(checkParentOrigin(P, { framed: false, ancestorOrigins: [] })).to.include({ ok: false });
  });

  it('frameUrl writes the fragment (keeping the query and other fragment keys); readFrameParams reads it over the query', () => {
    const url = frameUrl(new URL('https://widgets.example/child.html?source=demo&period=year:2024#keep=1&theme=light'), {
      entityType: 'contact', entityId: '42', period: 'last-30-days', locale: 'fr', theme: 'dark', editable: true,
      parentOrigin: 'https://crm.example',
    });
    const u = new URL(url);
    expect(u.search).to.equal('?source=demo&period=year:2024');
    expect(Object.fromEntries(new URLSearchParams(u.hash.slice(1)))).to.deep.equal({
      keep: '1', theme: 'dark', 'entity-type': 'contact', 'entity-id': '42', period: 'last-30-days', locale: 'fr', editable: '1',
      'parent-origin': 'https://crm.example',
    });
    expect(readFrameParams(url)).to.deep.equal({
      entityType: 'contact', entityId: '42', period: 'last-30-days', locale: 'fr', theme: 'dark', editable: true, source: 'demo',
      parentOrigin: 'https://crm.example',
    });
    // Empty values are left out; editable=false removes the key.
    const bare = new URL(frameUrl(new URL(url), { entityId: ' ', editable: false }));
    expect(new URLSearchParams(bare.hash.slice(1)).has('editable')).to.equal(false);
    expect(new URLSearchParams(bare.hash.slice(1)).has('entity-id')).to.equal(false);
  });
});
