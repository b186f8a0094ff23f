/**
 * The framed side of `<crm-profile-frame>`: a page that calls `startFrameChild()` renders one
 * `<crm-profile>` from its URL parameters and reports its height to the page framing it.
 *
 * - Parameters: `entity-type`, `entity-id`, `period`, `locale`, `theme`, `editable`, `source` and
 *   `parent-origin`, read from the URL fragment (what the host writes) over the query (the page's
 *   own, e.g. `?source=demo`). A fragment change (the host's attributes changed) updates the profile
 *   in place.
 * - Height: `{ type: 'crm-profile:height', version: 1, height }` with `height = Math.ceil` of the
 *   document's height, on every size change (ResizeObserver), posted **only** to the explicit parent
 *   origin (`parentOrigin` option, else the `parent-origin` parameter) and only when that origin is
 *   the framing page's actual one (`location.ancestorOrigins[0]`, else the origin of
 *   `document.referrer`). Otherwise nothing is posted, and the page says why (console and a
 *   `role="alert"` notice).
 * - Overlays: while a `<dialog>` is open anywhere in the page (the detail panel and the settings
 *   dialog are modal dialogs in shadow roots, observed through their `open` attribute), the height
 *   asked for is at least `overlayMinHeight` (560) or what the dialog needs to show without inner
 *   scrolling, up to `overlayMaxHeight` (900), so the overlay is usable in a short frame; it falls
 *   back to the content's height when the last dialog closes. In a frame taller than the host's
 *   window, the dialogs open in the part of the frame the host's window shows (at least 400 px).
 */
import '../elements/profile/define.js';
import type { CrmProfile } from '../elements/profile/profile.js';
import type { CrmAdapter } from '../adapters/adapter.js';
import { DEFAULT_PERIOD, formatPeriod } from '../core/period.js';
import {
  checkParentOrigin, heightMessage, readFrameParams, type FrameParams, type ParentCheck,
} from './frame-protocol.js';

export interface FrameChildOptions {
  /** The origin of the page allowed to frame this one (default: the `parent-origin` parameter). */
  readonly parentOrigin?: string;
  /** Data source of the profile (default: the `source` parameter). Fix it here on a deployed page. */
  readonly source?: string;
  /** An adapter object (wins over `source`). */
  readonly adapter?: CrmAdapter;
  /** Key the layout persists under (the profile's `storage-key`). */
  readonly storageKey?: string;
  /** Where the profile goes (default: `document.body`). */
  readonly container?: HTMLElement;
  /** Smallest height asked for while a dialog is open (default 560 px). */
  readonly overlayMinHeight?: number;
  /** Largest height asked for because of a dialog (default 900 px; taller content still wins). */
  readonly overlayMaxHeight?: number;
}

export interface FrameChild {
  /** The rendered profile. */
  readonly profile: CrmProfile;
  /** The origin heights are posted to; `undefined` when posting was refused. */
  readonly parentOrigin: string | undefined;
  /** Why nothing is posted, when refused. */
  readonly refusal: string | undefined;
  /** The parameters in effect. */
  readonly params: FrameParams;
  /** The height reported last (also when refused: what would have been posted). */
  readonly height: number | undefined;
  /** Measures and reports now (it happens by itself on every change). */
  report(): void;
  /** Stops observing, listening and posting; the profile stays. */
  stop(): void;
}

const DEFAULT_OVERLAY_MIN = 560;
const DEFAULT_OVERLAY_MAX = 900;
const SCROLLING = /^(auto|scroll|overlay)$/;
/** The part of the frame in the host's view, for the overlays' CSS (see "overlays in view"). */
const VISIBLE = { top: '--crm-frame-visible-top', bottom: '--crm-frame-visible-bottom', height: '--crm-frame-visible-height' } as const;
/** The least height an overlay is given when less of the frame is in view. */
const MIN_VISIBLE_BAND = 400;

/** Renders the profile of the URL's parameters and reports its height to the framing page. */
export function startFrameChild(options: FrameChildOptions = {}): FrameChild {
  let params = readFrameParams(location.href);
  const check: ParentCheck = checkParentOrigin(options.parentOrigin ?? params.parentOrigin, {
    framed: window.parent !== window,
    ...(location.ancestorOrigins ? { ancestorOrigins: location.ancestorOrigins } : {}),
    referrer: document.referrer,
  });
  const parentOrigin = check.ok ? check.origin : undefined;
  const refusal = check.ok ? undefined : check.reason;
  const container = options.container ?? document.body;
  const overlayMin = positive(options.overlayMinHeight, DEFAULT_OVERLAY_MIN);
  const overlayMax = Math.max(overlayMin, positive(options.overlayMaxHeight, DEFAULT_OVERLAY_MAX));

  if (refusal) {
    console.error(`crm-profile frame: ${refusal} The frame will not be resized.`);
    const notice = document.createElement('p');
    notice.className = 'crm-frame-notice';
    notice.setAttribute('role', 'alert');
    notice.textContent = `This profile cannot size its frame: ${refusal}`;
    container.append(notice);
  }

  const profile = document.createElement('crm-profile');
  if (options.storageKey) profile.storageKey = options.storageKey;
  if (options.adapter) profile.adapter = options.adapter;
  applyParams(profile, params, options);
  container.append(profile);

  // ─── overlays: every <dialog>, through every (open) shadow root ─────────────────────────────
  const openDialogs = new Set<HTMLDialogElement>();
  const observed = new WeakSet<Node>();
  const track = (d: HTMLDialogElement) => {
    if (d.open) openDialogs.add(d);
    else openDialogs.delete(d);
  };
  const visit = (el: Element) => {
    if (el instanceof HTMLDialogElement) track(el);
    if (el.shadowRoot) observe(el.shadowRoot);
    // A custom element defined later (the widget's overlays are defined on first open) gets its
    // shadow root when it is upgraded, which no mutation reports.
    else if (el.localName.includes('-') && !customElements.get(el.localName)) {
      customElements.whenDefined(el.localName).then(() => {
        if (el.shadowRoot) observe(el.shadowRoot);
      }, () => undefined);
    }
  };
  const scan = (node: Element | Document | ShadowRoot) => {
    if (node instanceof Element) visit(node);
    for (const el of node.querySelectorAll('*')) visit(el);
  };
  const mutations = new MutationObserver((records) => {
    let toggled = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target instanceof HTMLDialogElement) {
          track(r.target);
          toggled = true;
        }
      } else {
        for (const n of r.addedNodes) if (n instanceof Element) scan(n);
      }
    }
    // Content inside an open dialog (rows arriving) changes what it needs; the rest is the ResizeObserver's.
    if (toggled || openDialogs.size > 0) report();
  });
  function observe(root: Document | ShadowRoot) {
    if (observed.has(root)) return;
    observed.add(root);
    mutations.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
    scan(root);
  }

  // ─── height ─────────────────────────────────────────────────────────────────────────────────
  let last: number | undefined;
  let stopped = false;
  /** While a dialog is open: the part of the frame in view is asked for again (see "overlays in view"). */
  let whileOpen: ReturnType<typeof setInterval> | undefined;

  function needed(): number {
    // The root element's own box: unlike scrollHeight it is not floored at the frame's height, so
    // the frame can shrink back.
    const content = Math.ceil(document.documentElement.getBoundingClientRect().height);
    let overlay = 0;
    for (const d of [...openDialogs]) {
      if (!d.isConnected || !d.open) {
        openDialogs.delete(d);
        continue;
      }
      overlay = Math.max(overlay, Math.min(overlayMax, Math.max(overlayMin, dialogNeed(d))));
    }
    return Math.max(content, overlay);
  }

  function report() {
    if (stopped) return;
    const height = needed();
    if (openDialogs.size > 0) whileOpen ??= setInterval(askInView, 250);
    else if (whileOpen !== undefined) {
      clearInterval(whileOpen);
      whileOpen = undefined;
    }
    if (height === last) return;
    last = height;
    // Explicit origin only, never '*': if the parent navigated elsewhere meanwhile, the browser drops it.
    if (parentOrigin) window.parent.postMessage(heightMessage(height), parentOrigin);
  }

  const resize = new ResizeObserver(() => report());
  resize.observe(document.documentElement);

  // ─── overlays in view ───────────────────────────────────────────────────────────────────────
  // The frame is as tall as its content, so in a frame taller than the host's window a modal dialog
  // (fixed to the frame's viewport: the whole frame) opened at the frame's top, perhaps scrolled out
  // of the host's view, focus and all. The part of the frame the host's window shows is given to the
  // overlays' CSS instead (--crm-frame-visible-top, -bottom and -height, in px): what an
  // IntersectionObserver with the implicit root (the top-level window, across origins too) reports
  // for an invisible box fixed over the frame's whole viewport. It reports when the part in view
  // changes size, not when it moves at the same size (a tall frame scrolled through the window), so
  // it is asked again when the user is about to open something and every 250 ms while a dialog is open.
  const root = document.documentElement;
  const viewportBox = document.createElement('div');
  viewportBox.setAttribute('aria-hidden', 'true');
  viewportBox.style.cssText = 'position:fixed;inset:0;visibility:hidden;pointer-events:none';
  document.body.append(viewportBox);
  const inView = new IntersectionObserver(([entry]) => {
    const full = window.innerHeight;
    const band = entry?.isIntersecting ? entry.intersectionRect : undefined;
    if (!band || band.height >= full - 1) {
      for (const p of Object.values(VISIBLE)) root.style.removeProperty(p);
      return;
    }
    // A sliver in view at the frame's top still gives an overlay room, downwards; one at its end
    // keeps the overlay's top (its Close button) in view.
    const top = Math.max(0, band.top);
    const height = Math.min(full - top, Math.max(band.height, MIN_VISIBLE_BAND));
    root.style.setProperty(VISIBLE.top, `${Math.round(top)}px`);
    root.style.setProperty(VISIBLE.bottom, `${Math.round(full - top - height)}px`);
    root.style.setProperty(VISIBLE.height, `${Math.round(height)}px`);
  }, { threshold: Array.from({ length: 101 }, (_, i) => i / 100) });
  inView.observe(viewportBox);
  /** A fresh report of the part in view (observing again reports at once). */
  const askInView = () => {
    inView.unobserve(viewportBox);
    inView.observe(viewportBox);
  };
  for (const type of ['pointerdown', 'keydown', 'focusin']) document.addEventListener(type, askInView, true);
  const onViewport = () => {
    askInView();
    if (openDialogs.size > 0) report();
  };
  window.addEventListener('resize', onViewport);

  const onHash = () => {
    params = readFrameParams(location.href);
    applyParams(profile, params, options);
  };
  window.addEventListener('hashchange', onHash);

  observe(document);
  report();

  return {
    profile,
    parentOrigin,
    refusal,
    get params() {
      return params;
    },
    get height() {
      return last;
    },
    report,
    stop() {
      stopped = true;
      resize.disconnect();
      mutations.disconnect();
      inView.disconnect();
      viewportBox.remove();
      clearInterval(whileOpen);
      for (const type of ['pointerdown', 'keydown', 'focusin']) document.removeEventListener(type, askInView, true);
      for (const p of Object.values(VISIBLE)) root.style.removeProperty(p);
      window.removeEventListener('resize', onViewport);
      window.removeEventListener('hashchange', onHash);
    },
  };
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Sets the profile (and the page's language and colour scheme) from the parameters; absent ones fall back to defaults. */
function applyParams(profile: CrmProfile, p: FrameParams, options: FrameChildOptions): void {
  profile.entityType = (p.entityType ?? 'contact') as CrmProfile['entityType'];
  profile.entityId = p.entityId ?? '';
  profile.period = p.period ?? formatPeriod(DEFAULT_PERIOD);
  profile.locale = p.locale ?? '';
  const theme = (p.theme ?? 'light') as CrmProfile['theme'];
  profile.theme = theme;
  profile.editable = p.editable === true;
  if (!options.adapter) profile.source = options.source ?? p.source ?? '';
  const root = document.documentElement;
  if (p.locale) root.lang = p.locale;
  // The same colour scheme as the host's iframe element, or Chromium paints the frame opaque.
  root.style.setProperty('color-scheme', theme === 'dark' ? 'dark' : theme === 'auto' ? 'light dark' : 'light');
}

/**
 * The viewport height a dialog needs to show its content without inner scrolling: its box, plus
 * what its scroll containers hide, plus the space the page keeps around it (a centred dialog's
 * margins; a full-height panel has none).
 */
function dialogNeed(dialog: HTMLDialogElement): number {
  const rect = dialog.getBoundingClientRect();
  let hidden = 0;
  const counted: Element[] = [];
  for (const el of [dialog, ...dialog.querySelectorAll('*')]) {
    if (el.scrollHeight <= el.clientHeight + 1) continue;
    if (!SCROLLING.test(getComputedStyle(el).overflowY)) continue;
    if (counted.some((c) => c.contains(el))) continue; // nested: already in its container's overflow
    counted.push(el);
    hidden += el.scrollHeight - el.clientHeight;
  }
  const around = Math.max(0, rect.top) + Math.max(0, window.innerHeight - rect.bottom);
  return Math.ceil(rect.height + hidden + around);
}
