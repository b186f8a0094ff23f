/**
 * `<crm-profile>`'s freshness, loaded as the profile gets its adapter (a lazy chunk of the CDN
 * bundle, so the main bundle does not grow by it): the "as of" stamp (when the data shown was read
 * from the source), the `refresh-interval` timer and — with `offline-snapshot` — the offline copy
 * and its banner. The cache itself is the profile's, in the main bundle (./clock.ts). The offline
 * copy's IndexedDB code (adapters/snapshots.ts) is one more chunk, loaded only with `offline-snapshot`.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CrmAdapter } from '../../adapters/adapter.js';
import type { OfflineAdapter } from '../../adapters/offline.js';
import type { ProfileContext } from '../../context/index.js';
import { formatPeriod } from '../../core/period.js';
import { intlFormatter } from '../../core/intl.js';
import { formatDate, msg } from '../../i18n/index.js';
import { cacheTtlMs, clock, seconds } from './clock.js';

/** The shortest `refresh-interval`, in seconds. */
export const MIN_REFRESH_S = 30;

const warned = new Set<string>();
function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<crm-profile>: ${message}`);
}

/** `refresh-interval` in ms: absent or empty → undefined (off); below 30 s or unreadable → a warning and 30 s. */
export function refreshIntervalMs(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const s = seconds(value);
  if (s !== undefined && s >= MIN_REFRESH_S) return s * 1000;
  warn(`refresh-interval="${value}" ${s === undefined ? 'is not a number of seconds' : `is below the minimum of ${MIN_REFRESH_S} s`}; refreshing every ${MIN_REFRESH_S} s.`);
  return MIN_REFRESH_S * 1000;
}

export interface RefreshTimer {
  stop(): void;
  /** A refresh just happened (the button): the next one is a whole interval away. */
  reset(): void;
}

/**
 * Calls `tick` every `ms` while the page is visible. While the tab is hidden nothing runs; when it
 * shows again, `tick` runs at once if an interval has passed meanwhile, else when the interval ends.
 */
export function refreshTimer(ms: number, tick: () => void): RefreshTimer {
  let last = clock.now();
  let id: unknown;
  const hidden = () => document.visibilityState === 'hidden';
  const arm = () => {
    clock.clearTimeout(id);
    id = hidden() ? undefined : clock.setTimeout(fire, Math.max(0, last + ms - clock.now()));
  };
  const fire = () => {
    if (hidden()) return;
    last = clock.now();
    tick();
    arm();
  };
  const onVisibility = () => (hidden() ? clock.clearTimeout(id) : clock.now() - last >= ms ? fire() : arm());
  document.addEventListener('visibilitychange', onVisibility);
  arm();
  return {
    stop: () => {
      clock.clearTimeout(id);
      document.removeEventListener('visibilitychange', onVisibility);
    },
    reset: () => {
      last = clock.now();
      arm();
    },
  };
}

/** `<crm-profile>` as its freshness controller sees it (its private members too: the profile passes itself). */
export interface FreshnessHost extends ReactiveControllerHost, HTMLElement {
  readonly refreshInterval?: string | undefined;
  readonly cacheTtl?: string | undefined;
  readonly offlineSnapshot?: boolean | undefined;
  readonly context: ProfileContext | undefined;
  /** Refresh (the button, the banner's Retry, the timer). */
  _refresh(): void;
  /** Every view reads its data again (bumps the revision), without dropping the cache. */
  _reload(): void;
}

/** A controller of `<crm-profile>`, created (and added) as the profile gets its adapter. */
export class Freshness implements ReactiveController {
  /**
   * When the numbers shown were read from the source: the oldest answer (aggregates, records, peer
   * averages) handed out since the client, the period, the revision or the adapter changed.
   */
  asOf?: number;
  /** Set while the profile shows its offline copy: when that copy was read; `retrying` while a Retry asks the source again. */
  offline?: { readonly at: number; readonly retrying?: boolean };

  readonly #host: FreshnessHost;
  #generation: string;
  #wrapped?: { raw: CrmAdapter; key: string; adapter: Promise<OfflineAdapter> };
  #offlineCopy?: OfflineAdapter;
  #timer?: RefreshTimer;
  #timerOf?: string;

  constructor(host: FreshnessHost) {
    this.#host = host;
    this.#generation = this.#key();
    host.addController(this);
  }

  /** What the data shown depends on. */
  #key(): string {
    const c = this.#host.context;
    return c ? `${c.client.type}:${c.client.id}|${formatPeriod(c.period)}|${c.revision}` : '';
  }

  /**
   * With `offline-snapshot`: `raw` behind the offline copy (a cache that keeps its answers), for
   * `key` (`cache-ttl`). Its code (adapters/offline.ts) is a chunk of its own, loaded only for it.
   */
  offlineAdapter(raw: CrmAdapter, key: string): Promise<OfflineAdapter> {
    const w = this.#wrapped;
    if (w?.raw === raw && w.key === key) return w.adapter;
    const adapter = import('../../adapters/offline.js').then(({ OfflineAdapter }) => {
      this.reset();
      return (this.#offlineCopy = new OfflineAdapter(raw, {
        source: raw.label, ttlMs: cacheTtlMs(this.#host.cacheTtl ?? '', warn), now: clock.now,
        onServe: (at, live, key) => this.served(at, live, key),
        client: () => this.#host.context?.client,
        offline: () => !!this.offline && !this.offline.retrying,
        onOffline: (at) => this.#goOffline(at),
      }));
    });
    // A chunk that did not load is asked for again by the next call.
    adapter.catch(() => { if (this.#wrapped?.adapter === adapter) this.#wrapped = undefined; });
    this.#wrapped = { raw, key, adapter };
    return adapter;
  }

  /** Another adapter or other options: no stamp until it answers, and live first. */
  reset(): void {
    this.asOf = undefined;
    if (this.offline) this.#online();
  }

  /** Refresh or Retry: drops the cache (and the source's own); an offline profile asks the source again (the banner stays until live data comes). */
  retry(): void {
    if (this.offline) this.offline = { at: this.offline.at, retrying: true };
    this.#timer?.reset();
    // The offline copy's cache (and the source's own), or the profile's cache.
    if (this.#wrapped) this.#offlineCopy?.invalidate();
    else this.#host.context?.adapter.invalidate?.();
  }

  /** An answer handed out: the stamp is the oldest number shown (the client record and the reference data do not count). */
  served(at: number, live: boolean, key: string): void {
    if (live && this.offline?.retrying) this.#online();
    if (!key.endsWith('|client') && !key.endsWith('|reference') && (this.asOf === undefined || at < this.asOf)) this.asOf = at;
    this.#host.requestUpdate();
  }

  /** Live data again: the banner goes (its Retry button hands the focus to Refresh). */
  #online(): void {
    this.offline = undefined;
    const root = this.#host.shadowRoot;
    if (root?.activeElement?.closest('.offline')) {
      void this.#host.updateComplete.then(() => root.querySelector<HTMLElement>('.toolbar .refresh')?.focus());
    }
  }

  #goOffline(at: number): void {
    if (this.offline && !this.offline.retrying) return;
    this.offline = { at };
    this.#host._reload();
  }

  hostConnected(): void {
    this.hostUpdated();
  }

  hostUpdate(): void {
    const key = this.#key();
    if (key === this.#generation) return;
    this.#generation = key;
    this.asOf = undefined;
  }

  hostUpdated(): void {
    const value = this.#host.isConnected ? this.#host.refreshInterval ?? '' : undefined;
    if (value === this.#timerOf) return;
    this.#timerOf = value;
    this.#timer?.stop();
    const ms = value && refreshIntervalMs(value);
    this.#timer = ms ? refreshTimer(ms, () => this.#host._refresh()) : undefined;
  }

  hostDisconnected(): void {
    this.hostUpdated();
  }

  /** The toolbar's "as of" stamp: the time (with the date when not today) in the profile's time zone. */
  stamp(locale: string, timeZone: string) {
    const t = this.asOf;
    if (t === undefined) return nothing;
    const time = formatDate(t, locale, timeZone) === formatDate(Date.now(), locale, timeZone)
      ? intlFormatter(Intl.DateTimeFormat, locale, { timeStyle: 'short', timeZone }).format(t) : formatDate(t, locale, timeZone, true);
    return html`<span class="asof">${msg(locale, 'label.asOf', { time })}</span>`;
  }

  /** The offline banner: a read-only copy, when it was read, and Retry. */
  banner(locale: string, timeZone: string) {
    const o = this.offline;
    return o ? html`<div class="offline" role="status"><span>${msg(locale, 'offline.banner', { time: formatDate(this.asOf ?? o.at, locale, timeZone, true) })}</span>
      <button class="tool" @click=${() => this.#host._refresh()}>${msg(locale, 'action.retry')}</button></div>` : nothing;
  }
}
