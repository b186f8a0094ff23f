/**
 * `checkedAdapter(adapter)`: a host-given adapter (the `adapter` property of `<crm-profile>` and
 * `<crm-widget>`) behind the same validation the REST adapter applies to its server's answers
 * (`rest/validate.ts`). A malformed answer — a missing field, a wrong type, NaN, Infinity, a
 * non-integer or unsafe amount, an unknown channel or currency, an unreadable rate — fails the call
 * with an `invalid-data` AdapterError naming the field, so the widget shows a clear error instead of
 * "NaN" or a crash. A call that does not settle within the adapter's `timeoutMs` (default 30 s)
 * fails with a `timeout` error, so a hung host adapter shows a message with Retry, not a skeleton
 * forever. Everything else (label, now, layouts, invalidate…) is the adapter's own. The code
 * (`checked-answers.ts`) is a lazy chunk loaded by a host adapter's first call, so the declarative
 * sources (`source="demo"`…) never fetch it.
 */
import { ANSWERS_CHECKED, type CrmAdapter } from './adapter.js';
import { deferredAdapter } from './deferred.js';
import { lazyPart } from '../core/lazy-part.js';

const wrappers = new WeakMap<CrmAdapter, CrmAdapter>();
const answers = lazyPart(() => import('./checked-answers.js'));

/** The adapter with every answer validated (one wrapper per adapter object, so its identity is stable). */
export function checkedAdapter(adapter: CrmAdapter): CrmAdapter {
  // The built-in adapters validate (or generate) what they answer themselves.
  if (adapter[ANSWERS_CHECKED]) return adapter;
  let out = wrappers.get(adapter);
  if (!out) {
    let calls: Partial<CrmAdapter> | undefined;
    out = deferredAdapter(adapter, async () => {
      return (calls ??= (await answers.load()).checkedCalls(adapter));
    });
    wrappers.set(adapter, out);
  }
  return out;
}
