/**
 * `<crm-profile offline-snapshot>`: the offline copy put behind the profile's adapter, going offline
 * and back, and the banner. A chunk that ./freshness.ts loads only for a profile with
 * `offline-snapshot`, with the offline copy's own code (adapters/offline.ts); its IndexedDB code
 * (adapters/snapshots.ts) is one more chunk.
 */
import '../../i18n/en-offline.js';
import { html } from 'lit';
import type { CrmAdapter } from '../../adapters/adapter.js';
import { OfflineAdapter } from '../../adapters/offline.js';
import { formatDate, msg } from '../../i18n/index.js';
import { cacheTtlMs, clock } from './clock.js';
import { adoptMoreStyles } from '../base.js';
import { offlineStyles } from './offline-copy.styles.js';
import type { Freshness, FreshnessHost } from './freshness.js';

/** The offline copy of each profile (its freshness), and what it was made for. */
const copies = new WeakMap<Freshness, { raw: CrmAdapter; key: string; adapter: OfflineAdapter }>();

/**
 * `raw` behind the offline copy (a cache that keeps its answers), for `key` (`cache-ttl`): the same
 * object while `raw` and `key` stay; another one is live first, with no stamp until it answers.
 */
export function offlineAdapter(fresh: Freshness, host: FreshnessHost, raw: CrmAdapter, key: string): OfflineAdapter {
  const w = copies.get(fresh);
  if (w?.raw === raw && w.key === key) return w.adapter;
  fresh.reset();
  const adapter = new OfflineAdapter(raw, {
    source: raw.label, ttlMs: cacheTtlMs(host.cacheTtl, (m) => host.warnOnce(m)), now: clock.now,
    onServe: (at, live, key) => fresh.served(at, live, key),
    client: () => host.context?.client,
    offline: () => !!fresh.offline && !fresh.offline.retrying,
    onOffline: (at) => {
      if (fresh.offline && !fresh.offline.retrying) return;
      fresh.offline = { at };
      host._reload();
    },
  });
  copies.set(fresh, { raw, key, adapter });
  return adapter;
}

/**
 * Refresh or Retry: an offline profile asks the source again (the banner stays until live data
 * comes); drops the cache of `fresh`'s offline copy (and the source's own). False when the profile
 * has no offline copy (any more): its own cache is to be dropped.
 */
export function retry(fresh: Freshness, host: FreshnessHost): boolean {
  if (fresh.offline) fresh.offline = { at: fresh.offline.at, retrying: true };
  const w = host.offlineSnapshot ? copies.get(fresh) : undefined;
  w?.adapter.invalidate();
  return !!w;
}

/** Live data again: the banner goes (its Retry button hands the focus to Refresh). */
export function online(fresh: Freshness, host: FreshnessHost): void {
  fresh.offline = undefined;
  const root = host.shadowRoot;
  if (root?.activeElement?.closest('.offline')) {
    void host.updateComplete.then(() => root.querySelector<HTMLElement>('.toolbar .refresh')?.focus());
  }
}

/** The shadow roots the banner's rules were added to (with its first banner). */
const styled = new WeakSet<ShadowRoot>();

/** The offline banner (`fresh` is offline): a read-only copy, when it was read, and Retry. */
export function banner(fresh: Freshness, host: FreshnessHost, locale: string, timeZone: string) {
  const root = host.shadowRoot!;
  if (!styled.has(root)) {
    styled.add(root);
    adoptMoreStyles(root, offlineStyles);
  }
  return html`<div class="offline" role="status"><span>${msg(locale, 'offline.banner', { time: formatDate(fresh.asOf ?? fresh.offline!.at, locale, timeZone, true) })}</span>
      <button class="tool" @click=${() => host._refresh()}>${msg(locale, 'action.retry')}</button></div>`;
}
