/**
 * Inside a Bitrix24 portal: the portal ↔ iframe handshake over `postMessage`, spoken directly (no
 * BX24.js, no @bitrix24/b24jssdk), and a REST `Transport` that uses the token the portal hands over.
 *
 * Sources (research note /work/shared/research/bitrix24.md §4.2–§4.3):
 * - The protocol is not in the REST docs. It is read from the official SDK, bitrix24/b24jssdk
 *   `packages/jssdk/src/frame/*` ("B24 Manager. Replacement api.bitrix24.com … @see
 *   /bitrix/js/rest/applayout.js", `frame/b24.ts`): `loader-b24frame.ts` (window.name),
 *   `frame/frame.ts` (target origin), `frame/message/controller.ts` (message format, origin check,
 *   "isSafely" 900 ms auto-resolve), `frame/message/commands.ts` (command names), `frame/auth.ts`
 *   and `types/auth.ts` (getInitData / refreshAuth fields), `frame/parent.ts` (resizeWindow,
 *   fitWindow), `frame/slider.ts` (openPath, openApplication), `tools/scroll-size.ts`.
 * - The fields a placement handler receives (`DOMAIN, PROTOCOL, LANG, APP_SID, AUTH_ID,
 *   AUTH_EXPIRES, REFRESH_ID, PLACEMENT, PLACEMENT_OPTIONS` as a JSON string `{"ID":"13037"}`):
 *   b24restdocs `api-reference/widgets/crm/detail-tab.md` ("What the handler receives").
 * - `BX24.openPath`: only same-portal paths starting with `/` (b24restdocs
 *   `sdk/bx24-js-sdk/additional-functions/bx24-open-path.md`, `api-reference/widgets/open-path.md`:
 *   the callback runs when the slider closes).
 * - `BX24.installFinish` reloads the page when called from the installer (b24restdocs
 *   `sdk/bx24-js-sdk/system-functions/bx24-install-finish.md`), so its answer may never come.
 *
 * Secrets: the access and refresh tokens never go into a message, a label or a log line.
 */
import { AdapterError, cancelled } from '../errors.js';
import { checkMethodName, postJson, type FetchLike, type Transport, type TransportResponse } from './client.js';

// ---------------------------------------------------------------------------------------------
// window.name

export interface FrameName {
  /** Portal host, with a non-default port if any (`:80` / `:443` stripped as the SDK does). */
  readonly domain: string;
  readonly protocol: 'http' | 'https';
  readonly appSid: string;
}

const DOMAIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::\d{1,5})?$/;
const APP_SID_RE = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Parses `window.name` = `{DOMAIN}|{PROTOCOL}|{APP_SID}` (PROTOCOL 0 → http, 1 → https), as set by
 * the portal (b24jssdk `loader-b24frame.ts`: `window.name.split('|')`; the SDK fails without
 * DOMAIN or APP_SID). Stricter than the SDK: PROTOCOL must be 0 or 1 and the host a host name.
 * Returns `undefined` when the name is not such a triple.
 */
export function parseFrameName(name: unknown): FrameName | undefined {
  if (typeof name !== 'string') return undefined;
  const parts = name.split('|');
  if (parts.length !== 3) return undefined;
  const [rawDomain, protocol, appSid] = parts as [string, string, string];
  // frame/frame.ts: `domain.replace(/:(80|443)$/, '')`.
  const domain = rawDomain.trim().replace(/:(80|443)$/, '');
  if (!DOMAIN_RE.test(domain) || domain.includes('..')) return undefined;
  if (protocol !== '0' && protocol !== '1') return undefined;
  if (!APP_SID_RE.test(appSid)) return undefined;
  return { domain: domain.toLowerCase(), protocol: protocol === '1' ? 'https' : 'http', appSid };
}

// ---------------------------------------------------------------------------------------------
// Placements

/** The detail-tab placements we handle and the client type each shows (detail-tab.md). */
export const PLACEMENT_CLIENT_TYPES: Readonly<Record<string, 'contact' | 'company'>> = {
  CRM_CONTACT_DETAIL_TAB: 'contact',
  CRM_COMPANY_DETAIL_TAB: 'company',
};

/**
 * The client a detail-tab placement was opened for: `CRM_CONTACT_DETAIL_TAB` → contact,
 * `CRM_COMPANY_DETAIL_TAB` → company, id = `PLACEMENT_OPTIONS.ID` (digits only). The object type is
 * not in the options, only in the placement code (detail-tab.md). Anything else → `undefined`.
 */
export function placementClient(
  placement: string,
  options: Record<string, unknown>,
): { type: 'contact' | 'company'; id: string } | undefined {
  const type = PLACEMENT_CLIENT_TYPES[String(placement).toUpperCase()];
  if (!type || typeof options !== 'object' || options === null) return undefined;
  const raw = options['ID'];
  const id = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,18}$/.test(id) || /^0+$/.test(id)) return undefined;
  return { type, id: id.replace(/^0+/, '') };
}

/** PLACEMENT_OPTIONS arrive as an object (getInitData, `types/auth.ts`) or as a JSON string (the POST body, detail-tab.md). */
export function parsePlacementOptions(value: unknown): Record<string, unknown> {
  let v = value;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s) return {};
    try {
      v = JSON.parse(s);
    } catch {
      return {};
    }
  }
  // PHP sends an empty map as [] (research note §1.2).
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  return { ...(v as Record<string, unknown>) };
}

// ---------------------------------------------------------------------------------------------
// The frame

/** What the frame needs from its window; a real `Window` fits, tests pass a stub. */
export interface FrameWindow {
  readonly name: string;
  readonly parent: { postMessage(message: string, targetOrigin: string): void } | null;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** For `fitWindow` (default: the global document). */
  readonly document?: Document;
}

export interface FrameConnectOptions {
  /** Default: the global `window`. */
  readonly window?: FrameWindow;
  /** Default timeout of every command, `getInitData` included (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Cancels the handshake. */
  readonly signal?: AbortSignal;
  /** How long commands that may never answer wait before resolving (default 900 ms, as the SDK). */
  readonly safelyMs?: number;
}

export interface FrameCallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the frame's timeout for this call; 0 = no timeout (the call still aborts). */
  readonly timeoutMs?: number;
  /**
   * The portal may never answer (b24jssdk `isSafely`): resolve with `{ isSafely: true }` after
   * `safelyMs` (900 ms) instead of failing. `true` uses the frame's `safelyMs`; a number sets it.
   */
  readonly safely?: boolean | number;
}

export interface FrameAuth {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch ms the access token expires at (now + AUTH_EXPIRES seconds), when the portal said. */
  readonly expiresAt: number | undefined;
}

/** The `getInitData` answer (b24jssdk `types/auth.ts` MessageInitData); every field optional here. */
export interface FrameInitData {
  readonly DOMAIN?: string;
  readonly PROTOCOL?: string | number;
  readonly PATH?: string;
  readonly LANG?: string;
  readonly MEMBER_ID?: string;
  readonly IS_ADMIN?: boolean;
  readonly PLACEMENT?: string;
  readonly PLACEMENT_OPTIONS?: Record<string, unknown> | string;
  readonly INSTALL?: boolean;
  readonly FIRST_RUN?: boolean;
  readonly [key: string]: unknown;
}

interface Pending {
  readonly command: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Commands the SDK sends with `isSafely` (they may never answer): frame/parent.ts, frame/placement.ts. */
const SAFELY_COMMANDS = new Set([
  'resizeWindow', 'setScroll', 'reloadWindow', 'setTitle', 'imCallTo', 'imPhoneTo', 'imOpenMessenger',
  'imOpenHistory', 'getInterface', 'placementBindEvent',
  // Not `isSafely` in the SDK, but the portal reloads the page instead of answering when called
  // from the installer (bx24-install-finish.md) (inferred).
  'setInstallFinish',
]);

const COMMAND_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const NOT_IN_PORTAL =
  'This page is not opened inside a Bitrix24 portal: the portal names its frames "DOMAIN|PROTOCOL|APP_SID" and this window has no such name. ' +
  'Install it as a Bitrix24 application and open it from a contact or company card (the "Profile" tab).';

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'Y' || v === 'true';
}

function expiresAtOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Date.now() + n * 1000 : undefined;
}

function randomId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Bitrix24 application frame: `Bitrix24Frame.connect()` reads `window.name`, asks the portal
 * for `getInitData` and keeps the answer (portal, language, placement, tokens).
 */
export class Bitrix24Frame {
  readonly #window: FrameWindow;
  readonly #name: FrameName;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #safelyMs: number;
  readonly #pending = new Map<string, Pending>();
  readonly #idPrefix = randomId();
  #seq = 0;
  #disposed = false;
  #init: FrameInitData = {};
  #placementOptions: Readonly<Record<string, unknown>> = Object.freeze({});
  #auth: FrameAuth = { accessToken: '', refreshToken: '', expiresAt: undefined };
  /** Every token seen, for `redact`. */
  readonly #secrets = new Set<string>();
  #refreshing: Promise<FrameAuth> | undefined;
  #transport: FrameTransport | undefined;

  private constructor(win: FrameWindow, name: FrameName, options: FrameConnectOptions) {
    this.#window = win;
    this.#name = name;
    // frame/frame.ts getTargetOrigin: `${protocol ? 'https' : 'http'}://${domain}`.
    this.#origin = `${name.protocol}://${name.domain}`;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#safelyMs = options.safelyMs ?? 900;
    win.addEventListener('message', this.#onMessage);
  }

  /**
   * Connects to the portal the page is framed in. Fails with an `AdapterError` (`auth`) when the
   * page is not inside a Bitrix24 portal, and with `timeout` when the portal does not answer.
   */
  static async connect(options: FrameConnectOptions = {}): Promise<Bitrix24Frame> {
    const win = options.window ?? (globalThis as unknown as { window?: FrameWindow }).window;
    const name = parseFrameName(win?.name);
    // A top-level page is its own parent: nobody to talk to.
    if (!win || !name || !win.parent || (win.parent as unknown) === (win as unknown)) {
      throw new AdapterError('auth', NOT_IN_PORTAL);
    }
    const frame = new Bitrix24Frame(win, name, options);
    try {
      const callOptions: FrameCallOptions = options.signal ? { signal: options.signal } : {};
      const data = await frame.call('getInitData', {}, callOptions);
      frame.#applyInit(data);
    } catch (e) {
      frame.dispose();
      if (e instanceof AdapterError && e.kind === 'timeout') {
        throw new AdapterError(
          'timeout',
          `The Bitrix24 portal ${name.domain} did not answer within ${Math.round(frame.#timeoutMs / 100) / 10} s. Check that this page is opened inside that portal (as an application or a CRM tab) and reload it.`,
        );
      }
      throw e;
    }
    return frame;
  }

  #applyInit(data: unknown): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new AdapterError('invalid-data', `The Bitrix24 portal ${this.domain} sent unreadable application data.`);
    }
    const d = data as FrameInitData;
    this.#init = d;
    this.#placementOptions = Object.freeze(parsePlacementOptions(d.PLACEMENT_OPTIONS));
    // frame/auth.ts initData: AUTH_ID, REFRESH_ID, AUTH_EXPIRES (seconds).
    this.#setAuth(d['AUTH_ID'], d['REFRESH_ID'], d['AUTH_EXPIRES']);
    // Not done here: the SDK re-reads PROTOCOL from this answer (frame/frame.ts initData) — the
    // origin stays the one of window.name, which the answer came from; and on FIRST_RUN it sends
    // `setInstall {install: true}` (frame/b24.ts init), which only records the first launch.
  }

  #setAuth(access: unknown, refresh: unknown, expires: unknown): void {
    const accessToken = typeof access === 'string' ? access : '';
    const refreshToken = typeof refresh === 'string' ? refresh : '';
    for (const s of [accessToken, refreshToken]) if (s.length >= 4) this.#secrets.add(s);
    this.#auth = Object.freeze({ accessToken, refreshToken, expiresAt: expiresAtOf(expires) });
  }

  /** Portal host (`example.bitrix24.com`, with a port when not the default). */
  get domain(): string {
    return this.#name.domain;
  }

  /** `https://{domain}` (or http for PROTOCOL 0): the only origin whose messages are accepted. */
  get origin(): string {
    return this.#origin;
  }

  /** The application's id in this page of the portal (not a secret: it is in the frame's name). */
  get appSid(): string {
    return this.#name.appSid;
  }

  /** Bitrix24 `LANG` of the user (`en`, `de`, `ru`, `br`, `ua`…); map it with `localeFromLang`. */
  get lang(): string {
    const l = this.#init.LANG;
    return typeof l === 'string' && l.trim() ? l.trim() : 'en';
  }

  /** The placement code (`CRM_CONTACT_DETAIL_TAB`…), `DEFAULT` when opened from the app menu (frame/placement.ts). */
  get placement(): string {
    const p = this.#init.PLACEMENT;
    return typeof p === 'string' && p.trim() ? p.trim() : 'DEFAULT';
  }

  /** PLACEMENT_OPTIONS as an object (an object or a JSON string on the wire). */
  get placementOptions(): Readonly<Record<string, unknown>> {
    return this.#placementOptions;
  }

  /** The application was just installed and `installFinish()` is still due (getInitData `INSTALL`). */
  get installing(): boolean {
    return truthy(this.#init.INSTALL);
  }

  get isAdmin(): boolean {
    return truthy(this.#init.IS_ADMIN);
  }

  /** The raw getInitData answer without the tokens. */
  get initData(): Readonly<Record<string, unknown>> {
    const { AUTH_ID: _a, REFRESH_ID: _r, ...rest } = this.#init;
    return rest;
  }

  /** The current OAuth tokens (a credential: never log them). */
  get auth(): FrameAuth {
    return this.#auth;
  }

  /** Replaces every token this frame has seen with `***`. */
  redact(text: string): string {
    let out = String(text);
    // Longest first: one token may contain another.
    for (const s of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  /**
   * Sends `{command}:{JSON params}:{callbackId}:{APP_SID}` to the parent window for the portal's
   * origin only, empty parts dropped (message/controller.ts `send`: `listParams.filter(Boolean)`;
   * params `{}` → no JSON part). Resolves with the parsed JSON of the reply.
   */
  call(command: string, params: Record<string, unknown> = {}, options: FrameCallOptions = {}): Promise<unknown> {
    if (!COMMAND_RE.test(command)) {
      return Promise.reject(new AdapterError('invalid-data', `"${String(command).slice(0, 40)}" is not a Bitrix24 frame command.`));
    }
    if (this.#disposed) return Promise.reject(new AdapterError('aborted', 'The Bitrix24 frame connection was closed.'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled(signal.reason));
    let json = '';
    if (params && typeof params === 'object' && Object.keys(params).length > 0) {
      try {
        json = JSON.stringify(params);
      } catch {
        return Promise.reject(new AdapterError('invalid-data', `The parameters of ${command} cannot be sent to the portal.`));
      }
    }
    const safely = options.safely ?? SAFELY_COMMANDS.has(command);
    const safelyMs = typeof safely === 'number' ? safely : this.#safelyMs;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const id = `${this.#idPrefix}${(++this.#seq).toString(36)}`;

    return new Promise<unknown>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        settle();
        reject(cancelled(signal?.reason));
      };
      const settle = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
      };
      this.#pending.set(id, {
        command,
        resolve: (v) => {
          settle();
          resolve(v);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (safely !== false) {
        // message/controller.ts: `if (params?.isSafely) setTimeout(() => resolve({ isSafely: true }), safelyTime || 900)`.
        timer = setTimeout(() => {
          settle();
          resolve({ isSafely: true });
        }, safelyMs);
      } else if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          settle();
          reject(new AdapterError('timeout', `The Bitrix24 portal did not answer "${command}" within ${Math.round(timeoutMs / 100) / 10} s.`));
        }, timeoutMs);
      }
      const message = `${command}:${[json, id, this.#name.appSid].filter(Boolean).join(':')}`;
      try {
        this.#window.parent?.postMessage(message, this.#origin);
      } catch (e) {
        settle();
        reject(new AdapterError('network', `Could not send "${command}" to the Bitrix24 portal.`, { cause: e }));
      }
    });
  }

  /**
   * Replies: `event.origin` must equal the portal origin exactly (message/controller.ts
   * `_runCallback`) and — stricter than the SDK — come from the parent window; `data` is
   * `{callbackId}:{JSON}`. Anything else (other origins, other windows, non-strings, unknown ids,
   * broken JSON) is ignored.
   */
  readonly #onMessage = (event: MessageEvent): void => {
    if (event.origin !== this.#origin) return;
    if (event.source !== (this.#window.parent as unknown)) return;
    const data: unknown = event.data;
    if (typeof data !== 'string' || data.length > 1_000_000) return;
    const colon = data.indexOf(':');
    const id = colon < 0 ? data : data.slice(0, colon);
    const pending = this.#pending.get(id);
    if (!pending) return;
    const body = colon < 0 ? '' : data.slice(colon + 1);
    let value: unknown;
    if (body !== '') {
      try {
        value = JSON.parse(body);
      } catch {
        return;
      }
    }
    pending.resolve(value);
  };

  // -------------------------------------------------------------------------------------------
  // Commands

  /**
   * Asks the portal for a fresh access token (`refreshAuth`, frame/auth.ts: answer `AUTH_ID,
   * REFRESH_ID, AUTH_EXPIRES`) and keeps it. Concurrent calls share one request.
   */
  refreshAuth(options: { signal?: AbortSignal } = {}): Promise<FrameAuth> {
    if (!this.#refreshing) {
      const run = this.call('refreshAuth', {}, options.signal ? { signal: options.signal } : {}).then((data) => {
        const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
        if (typeof d['AUTH_ID'] !== 'string' || d['AUTH_ID'] === '') {
          throw new AdapterError('auth', `The Bitrix24 portal ${this.domain} did not renew the access token; reload the page.`);
        }
        this.#setAuth(d['AUTH_ID'], d['REFRESH_ID'] ?? this.#auth.refreshToken, d['AUTH_EXPIRES']);
        return this.#auth;
      });
      this.#refreshing = run;
      const clear = () => {
        if (this.#refreshing === run) this.#refreshing = undefined;
      };
      run.then(clear, clear);
    }
    return this.#refreshing;
  }

  /**
   * Resizes the frame (`resizeWindow {width, height}`; `'100%'` width as BX24.resizeWindow and
   * frame/parent.ts fitWindow). May never be answered: resolves after 900 ms then.
   */
  resizeWindow(width: number | '100%', height: number, options: FrameCallOptions = {}): Promise<unknown> {
    const okWidth = width === '100%' || (typeof width === 'number' && Number.isFinite(width) && width > 0);
    if (!okWidth || !(typeof height === 'number' && Number.isFinite(height) && height > 0)) {
      return Promise.reject(new AdapterError('invalid-data', `Cannot resize the Bitrix24 frame to ${String(width)} × ${String(height)}.`));
    }
    return this.call('resizeWindow', { width, height: Math.ceil(height) }, options);
  }

  /** `resizeWindow('100%', scrollHeight)` as BX24.fitWindow (frame/parent.ts, tools/scroll-size.ts). */
  fitWindow(options: FrameCallOptions = {}): Promise<unknown> {
    const doc = this.#window.document ?? (globalThis as { document?: Document }).document;
    const root = doc?.documentElement;
    const height = root ? Math.max(root.scrollHeight, root.offsetHeight) : 0;
    return this.resizeWindow('100%', Math.max(1, height), options);
  }

  /**
   * Opens a page of the same portal in a slider (`openPath {path}`). Only paths starting with one
   * `/` that stay on the portal (bx24-open-path.md); anything else is refused before sending. The
   * portal answers when the slider closes (`{result: 'close'}`), so there is no timeout; an answer
   * `{result: 'error', errorCode}` (PATH_NOT_AVAILABLE, METHOD_NOT_SUPPORTED_ON_DEVICE) rejects.
   */
  openPath(path: string, options: FrameCallOptions = {}): Promise<unknown> {
    const refuse = () =>
      Promise.reject(new AdapterError('invalid-data', 'Only pages of the same Bitrix24 portal (a path starting with "/") can be opened.'));
    // No second slash or backslash after the first (`//host`, `/\host` leave the portal), no control characters.
    const hasControl = [...String(path)].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\') || hasControl) return refuse();
    let url: URL;
    try {
      url = new URL(path, this.#origin);
    } catch {
      return refuse();
    }
    if (url.origin !== this.#origin) return refuse();
    const clean = `${url.pathname}${url.search}${url.hash}`;
    return this.call('openPath', { path: clean }, { timeoutMs: 0, ...options }).then((r) => {
      const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      if (o['result'] === 'error') {
        const code = typeof o['errorCode'] === 'string' ? o['errorCode'].slice(0, 80) : 'unknown error';
        throw new AdapterError('invalid-data', `Bitrix24 could not open ${url.pathname} (${code}).`, { field: code });
      }
      return r;
    });
  }

  /**
   * Opens this application in a slider (`openApplication`); `params` arrive in the new frame's
   * PLACEMENT_OPTIONS (research note §4.1). Resolves when the slider closes: no timeout.
   */
  openApplication(params: Record<string, unknown> = {}, options: FrameCallOptions = {}): Promise<unknown> {
    return this.call('openApplication', params, { timeoutMs: 0, ...options });
  }

  /** Ends the installation (`setInstallFinish`): until then placements do not show (bx24-install-finish.md). */
  installFinish(options: FrameCallOptions = {}): Promise<unknown> {
    return this.call('setInstallFinish', {}, options);
  }

  /** A REST transport over this frame's token. One per frame. */
  transport(options: FrameTransportOptions = {}): FrameTransport {
    if (!this.#transport || options.fetch) this.#transport = new FrameTransport(this, options);
    return this.#transport;
  }

  /** Stops listening; pending calls fail as `aborted`. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#window.removeEventListener('message', this.#onMessage);
    for (const p of [...this.#pending.values()]) p.reject(new AdapterError('aborted', 'The Bitrix24 frame connection was closed.'));
    this.#pending.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// REST through the frame's token

export interface FrameTransportOptions {
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
}


/**
 * OAuth REST from inside the portal: JSON POST to `{origin}/rest/{method}.json` with the access
 * token as `auth` in the body (research note §1.1, §4.3: "REST calls then go directly to
 * https://{DOMAIN}/rest/{method} with auth = AUTH_ID"). `refreshAuth` asks the portal for a new
 * token; `Bitrix24Client` calls it once after a 401 `expired_token` and retries.
 */
export class FrameTransport implements Transport {
  readonly label: string;
  readonly #frame: Bitrix24Frame;
  readonly #fetch: FetchLike;

  constructor(frame: Bitrix24Frame, options: FrameTransportOptions = {}) {
    this.#frame = frame;
    this.label = frame.domain;
    this.#fetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  }

  async call(method: string, params: unknown, signal: AbortSignal): Promise<TransportResponse> {
    checkMethodName(method);
    if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
      throw new AdapterError('invalid-data', `The parameters of ${method} must be an object.`);
    }
    const token = this.#frame.auth.accessToken;
    if (!token) {
      throw new AdapterError('auth', `The Bitrix24 portal ${this.label} gave this page no access token; reopen the application.`);
    }
    return postJson(this.#fetch, `${this.#frame.origin}/rest/${method}.json`, { ...((params ?? {}) as Record<string, unknown>), auth: token }, signal, this.label);
  }

  async refreshAuth(): Promise<void> {
    await this.#frame.refreshAuth();
  }

  redact(text: string): string {
    return this.#frame.redact(text);
  }
}
