/**
 * `deferredAdapter(raw, load)`: one mechanism for "a lazily loaded wrapper in front of an adapter".
 * Plain members (label, now, maxPageSize) are `raw`'s own; every method call first waits for
 * `load()` — the wrapper, whose code is a lazy chunk — then calls the wrapper's method, or `raw`'s
 * when the wrapper lacks it or could not be loaded (`undefined`). Methods `raw` lacks stay absent, so
 * optional calls (`peerAverages`, `loadLayout`…) keep their meaning.
 *
 * `load()` is first called at creation, so that the chunks load while the elements render their
 * skeletons, not one after the other once the first question is asked (`load` must share its work).
 *
 * Used by `<crm-profile offline-snapshot>` (the offline copy) and `checkedAdapter` (validation of a
 * host's answers).
 */
import type { CrmAdapter } from './adapter.js';

type Method = (...args: unknown[]) => unknown;

export function deferredAdapter(raw: CrmAdapter, load: () => Promise<Partial<CrmAdapter> | undefined>): CrmAdapter {
  load().catch(() => undefined); // a failure shows at the first call (which tries again)
  return new Proxy(raw, {
    get: (target, p) => {
      const v: unknown = Reflect.get(target, p);
      return typeof v !== 'function' ? v : async (...args: unknown[]) => {
        const wrapper = await load();
        const to = wrapper && p in wrapper ? wrapper : raw;
        return (Reflect.get(to, p) as Method).apply(to, args);
      };
    },
  });
}
