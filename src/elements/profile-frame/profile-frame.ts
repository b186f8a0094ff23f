import { html, type PropertyValues } from 'lit';
import { CrmElement, fire } from '../base.js';
import { VERSION } from '../../version.js';
import { languageOf } from '../../i18n/index.js';
import { exactOrigin, frameUrl, parseHeightMessage, type FrameParams } from '../../embed/frame-protocol.js';
import { styles } from './profile-frame.styles.js';

/** Detail of `crm-frame-resize`. */
export interface FrameResizeDetail {
  /** The iframe's new height in CSS pixels (what the child asked for, clamped to `MAX_FRAME_HEIGHT`). */
  readonly height: number;
}

/** Default accessible names of the iframe (the `frame-title` attribute overrides them). */
const TITLES: Readonly<Record<string, string>> = { en: 'Customer profile', fr: 'Profil client' };

/**
 * The sandbox of the iframe. `allow-scripts` (the child is a Lit app), `allow-same-origin` (it keeps
 * its own origin: localStorage for layouts, fetch to its API with its cookies, and the origin the
 * host checks — a sandboxed opaque origin would post as "null"), `allow-popups` +
 * `allow-popups-to-escape-sandbox` (record links open in a new tab as a normal, unsandboxed page:
 * a CRM page inheriting the sandbox would lose its forms), `allow-forms` (the widget settings
 * dialog is a form; without it submitting is blocked before the submit event). Not granted: top
 * navigation, modals (alert/confirm), downloads, pointer lock, presentation.
 * Note: scripts + same-origin together mean a child served from the host's own origin could lift
 * its sandbox; the sandbox matters for children from another origin, which is the intended setup.
 */
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms';

const withoutHash = (url: string) => url.replace(/#.*$/s, '');

/**
 * Embeds the customer profile through an iframe: the framed page runs `startFrameChild()`
 * (`crm-profile-widgets/src/embed/frame-child.ts`), which renders a `<crm-profile>` and reports its
 * height, so the frame is always exactly as tall as the profile (no inner scrollbar).
 *
 * Parameters travel in the URL **fragment** of `src` (`#entity-type=…&entity-id=…&period=…&locale=…
 * &theme=…&parent-origin=<this page's origin>`): fragments are not sent to servers (client ids stay out
 * of access logs) and changing one does not reload the page. When an attribute changes after the
 * child loaded, the frame is moved to the new URL with `location.replace`: a same-document fragment
 * change (no reload, no history entry, so the host page's Back button is untouched); before it
 * loaded, `src` is simply updated. The child listens to no message: there is nothing to forge into it.
 *
 * Height reports are accepted only when `event.source` is this element's own iframe **and**
 * `event.origin` equals `allowed-origin` (default: the origin of `src`); the message must be
 * `{ type: 'crm-profile:height', version: 1, height }` with a finite, non-negative height, clamped to
 * 20 000 px. Everything else is ignored. Nothing is ever posted to the child.
 *
 * @summary The customer profile of another origin in an auto-sized iframe.
 *
 * @fires {CustomEvent<FrameResizeDetail>} crm-frame-resize - The iframe took a new height reported by the child. Bubbles, composed.
 *
 * @csspart frame - The iframe.
 *
 * @cssproperty [--crm-profile-frame-initial-height=400px] - Height of the iframe until the child reports its own.
 */
export class CrmProfileFrame extends CrmElement {
  static version = VERSION;
  static override styles = styles;
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    src: {},
    allowedOrigin: { attribute: 'allowed-origin' },
    entityType: { attribute: 'entity-type' },
    entityId: { attribute: 'entity-id' },
    period: {},
    locale: {},
    theme: { reflect: true },
    editable: { type: Boolean },
    loading: {},
    frameTitle: { attribute: 'frame-title' },
  };

  /** URL of the child page (http or https; relative URLs resolve against the document). Its query is kept; the fragment carries the parameters. */
  src = '';
  /** The only origin whose height messages are accepted (exactly `scheme://host[:port]`). Default: the origin of `src`. */
  allowedOrigin = '';
  /** `contact` or `company` (default: the child's, `contact`). */
  entityType = '';
  /** The client id. */
  entityId = '';
  /** The period in the core string form (e.g. `last-30-days`, `month:2026-03`); default: the child's. */
  period = '';
  /** Language of the profile (and of the frame's default title). Default: the closest `lang`, else `en`. */
  locale = '';
  /** `light`, `dark` or `auto`, passed to the child; also the frame's colour scheme. */
  theme: '' | 'light' | 'dark' | 'auto' = '';
  /** Lets the user add, remove, move and configure widgets inside the frame. */
  editable = false;
  /** `lazy` defers loading until the frame nears the viewport; default `eager`. */
  loading: 'eager' | 'lazy' = 'eager';
  /** Accessible name of the iframe (default: "Customer profile", localized). */
  frameTitle = '';

  private get iframe(): HTMLIFrameElement | undefined { return this.shadowRoot?.querySelector('iframe') ?? undefined; }

  /** The iframe the state below belongs to (a new node starts afresh). */
  #node?: HTMLIFrameElement;
  /** The URL the iframe was last sent to. */
  #current?: string;
  /** The iframe's document at `#current` has loaded (fragment changes can then be same-document). */
  #loaded = false;
  #height?: number;
  #target?: { url: string; allowed: string | undefined };
  #srcError?: string;

  /** The last height applied from the child's report (CSS px), `undefined` before the first. */
  get height(): number | undefined {
    return this.#height;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    // The iframe reloads from its `src` attribute when the element is put back: make that the
    // current URL. Detached, the iframe has no document, so this does not navigate anything.
    const iframe = this.#node;
    if (iframe && this.#current && iframe.getAttribute('src') !== this.#current) iframe.setAttribute('src', this.#current);
    this.#loaded = false;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.#target = this.#computeTarget();
  }

  #computeTarget(): { url: string; allowed: string | undefined } | undefined {
    this.#srcError = undefined;
    const raw = this.src.trim();
    if (!raw) {
      this.#srcError = 'Set src to the URL of the page that runs startFrameChild().';
      return undefined;
    }
    let src: URL;
    try {
      src = new URL(raw, document.baseURI);
    } catch {
      this.#srcError = 'src is not a valid URL.';
      return undefined;
    }
    if (src.protocol !== 'http:' && src.protocol !== 'https:') {
      // Never a javascript:, data: or blob: frame: it would run in, or hide, an origin.
      this.#srcError = `src must be an http or https URL, not ${src.protocol}.`;
      return undefined;
    }
    let allowed: string | undefined = src.origin;
    if (this.allowedOrigin.trim()) {
      allowed = exactOrigin(this.allowedOrigin);
      if (!allowed) {
        this.warnOnce(`allowed-origin "${this.allowedOrigin.slice(0, 80)}" is not an origin (scheme://host[:port], no path, never "*"); no height report is accepted.`);
      }
    }
    const params: FrameParams = {
      entityType: this.entityType, entityId: this.entityId, period: this.period, locale: this.locale,
      theme: this.theme, editable: this.editable, parentOrigin: location.origin,
    };
    return { url: frameUrl(src, params), allowed };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#srcError) this.warnOnce(this.#srcError);
    const iframe = this.iframe;
    if (iframe !== this.#node) {
      this.#node = iframe;
      this.#current = undefined;
      this.#loaded = false;
      this.#height = undefined;
    }
    const next = this.#target?.url;
    if (!iframe || !next || next === this.#current) return;
    const win = iframe.contentWindow;
    if (this.#loaded && win && this.#current && withoutHash(this.#current) === withoutHash(next)) {
      // Same document, new fragment: no reload, no history entry (cross-origin `replace` is allowed).
      win.location.replace(next);
    } else {
      iframe.src = next;
      this.#loaded = false;
    }
    this.#current = next;
  }

  #onLoad = (): void => {
    if (this.#current) this.#loaded = true;
  };

  #onMessage = (e: MessageEvent): void => {
    const iframe = this.#node;
    // Only our own iframe's window: not a sibling frame, not the page itself, not a popup.
    if (!iframe || e.source === null || e.source !== iframe.contentWindow) return;
    const height = parseHeightMessage(e.data);
    if (height === undefined) return;
    const allowed = this.#target?.allowed;
    if (!allowed || e.origin !== allowed) {
      this.warnOnce(`The framed page reported its height from ${e.origin}, which is not the allowed origin (${allowed ?? 'none'}); ignored. Set allowed-origin if the page moved to that origin on purpose.`);
      return;
    }
    if (height === this.#height) return;
    this.#height = height;
    iframe.style.setProperty('block-size', `${height}px`);
    fire<FrameResizeDetail>(this, 'crm-frame-resize', { height });
  };

  #title(): string {
    if (this.frameTitle.trim()) return this.frameTitle.trim();
    const lang = languageOf(this.locale || this.parentElement?.closest('[lang]')?.getAttribute('lang'));
    return TITLES[lang] ?? TITLES['en']!;
  }

  override render() {
    if (!this.#target) return html`<p class="error" role="alert">&lt;crm-profile-frame&gt;: ${this.#srcError}</p>`;
    // `src` is set in updated(), not bound here: after the first load it changes by location.replace.
    return html`<iframe part="frame" title=${this.#title()} sandbox=${SANDBOX} scrolling="no"
      referrerpolicy="strict-origin" loading=${this.loading === 'lazy' ? 'lazy' : 'eager'} @load=${this.#onLoad}></iframe>`;
  }
}
