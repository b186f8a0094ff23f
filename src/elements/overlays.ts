/**
 * The overlays of `<crm-widget>`, `<crm-detail-panel>` and `<crm-widget-settings>`, are defined on
 * first open rather than with the widget: their define modules are imported dynamically, so that
 * the CDN bundle (src/cdn.ts) keeps them in lazy chunks, out of the code every page runs. The npm
 * entry (src/index.ts) still imports both define modules: there the tags are defined already and
 * `defineOverlay` resolves at once. The overlays' shared helpers live here too (`deepActiveElement`),
 * out of the main bundle.
 */
export type OverlayTag = 'crm-detail-panel' | 'crm-widget-settings';

/**
 * How each overlay's define module is loaded.
 * @internal Replaced by the tests to simulate a chunk that fails to load.
 */
export const overlayLoaders: Record<OverlayTag, () => Promise<unknown>> = {
  'crm-detail-panel': () => import('./detail-panel/define.js'),
  'crm-widget-settings': () => import('./widget-settings/define.js'),
};

const loading = new Map<OverlayTag, Promise<void>>();

/**
 * Resolves once `tag` is defined: at once when it is (the npm entry, or another copy of the suite),
 * else after its chunk has loaded. Rejects when the chunk fails to load; the failure is not kept,
 * so the next open tries again.
 */
export function defineOverlay(tag: OverlayTag): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  let done = loading.get(tag);
  if (!done) {
    done = overlayLoaders[tag]().then(() => customElements.whenDefined(tag)).then(() => undefined);
    loading.set(tag, done);
    done.catch(() => loading.delete(tag));
  }
  return done;
}

/** The focused element, looking through open shadow roots (the opener an overlay returns focus to). */
export function deepActiveElement(): HTMLElement | undefined {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : undefined;
}
