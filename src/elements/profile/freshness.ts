/**
 * `<crm-profile>`'s freshness, loaded as the profile gets its adapter (a lazy chunk of the CDN
 * bundle, so the main bundle does not grow by it): the "as of" stamp (when the data shown was read
 * from the source) and what starts the `refresh-interval` timer and — with `offline-snapshot` — the
 * offline copy and its banner. Those two are chunks of their own (./refresh.ts, ./offline-copy.ts),
 * loaded only for a profile with the attribute: a first paint without them runs none of their code.
 * The cache itself is the profile's, in the main bundle (./clock.ts). The offline copy's IndexedDB
 * code (adapters/snapshots.ts) is one more chunk, loaded only with `offline-snapshot`.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CrmAdapter } from '../../adapters/adapter.js';
import type { OfflineAdapter } from '../../adapters/offline.js';
import type { ProfileContext } from '../../context/index.js';
import { formatPeriod } from '../../core/period-base.js';
import { intlFormatter } from '../../core/intl.js';
import { formatDate, msg } from '../../i18n/index.js';
import type { RefreshTimer } from './refresh.js';

/**
 * How the freshness's own lazy parts are loaded.
 * @internal Replaced by the tests to hold a chunk back or make it fail.
 */
export const freshnessChunks = {
  /** The refresh timer (./refresh.ts): only for a profile with a `refresh-interval`. */
  refresh: () => import('./refresh.js'),
  /** The offline copy, going offline and back, the banner (./offline-copy.ts): only with `offline-snapshot`. */
  offline: () => import('./offline-copy.js'),
};

/** ./offline-copy.ts once here (before any profile is offline: only it sets `offline`). */
let offlineCopy: typeof import('./offline-copy.js') | undefined;

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
  /** `console.warn` once per distinct message. */
  warnOnce(message: string): void;
  /** `updateComplete` waits for `work` (the loading of a chunk). */
  whileLoading<T>(work: Promise<T>): Promise<T>;
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
   * `key` (`cache-ttl`). Its code (./offline-copy.ts, adapters/offline.ts) is a chunk of its own, loaded only for it.
   */
  offlineAdapter(raw: CrmAdapter, key: string): Promise<OfflineAdapter> {
    // A chunk that did not load is asked for again by the next call.
    return freshnessChunks.offline().then((m) => (offlineCopy = m).offlineAdapter(this, this.#host, raw, key));
  }

  /** Another adapter or other options: no stamp until it answers, and live first. */
  reset(): void {
    this.asOf = undefined;
    if (this.offline) offlineCopy!.online(this, this.#host);
  }

  /** Refresh or Retry: drops the cache (and the source's own); an offline profile asks the source again (the banner stays until live data comes). */
  retry(): void {
    this.#timer?.reset();
    // The offline copy's cache (and the source's own), or the profile's cache. (Only ./offline-copy.ts sets `offline`.)
    if (!offlineCopy?.retry(this, this.#host)) this.#host.context?.adapter.invalidate?.();
  }

  /** An answer handed out: the stamp is the oldest number shown (the client record and the reference data do not count). */
  served(at: number, live: boolean, key: string): void {
    if (live && this.offline?.retrying) offlineCopy!.online(this, this.#host);
    if (!key.endsWith('|client') && !key.endsWith('|reference') && (this.asOf === undefined || at < this.asOf)) this.asOf = at;
    this.#host.requestUpdate();
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
    this.#timer = undefined;
    // The timer's chunk, for an interval only; a value changed meanwhile starts its own.
    if (value?.trim()) {
      void this.#host.whileLoading(freshnessChunks.refresh()).then(({ hostTimer }) => {
        if (this.#timerOf === value && !this.#timer) this.#timer = hostTimer(value, this.#host);
      }, () => {
        // Not loaded: tried again at the next update.
        if (this.#timerOf === value) this.#timerOf = undefined;
      });
    }
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
    return this.offline ? offlineCopy!.banner(this, this.#host, locale, timeZone) : nothing;
  }
}
