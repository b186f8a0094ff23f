/**
 * `checkedAdapter(adapter)`: a host-given adapter (the `adapter` property of `<crm-profile>` and
 * `<crm-widget>`) behind the same validation the REST adapter applies to its server's answers
 * (`rest/validate.ts`). A malformed answer — a missing field, a wrong type, NaN, Infinity, a
 * non-integer or unsafe amount, an unknown channel or currency, an unreadable rate — fails the call
 * with an `invalid-data` AdapterError naming the field, so the widget shows a clear error instead of
 * "NaN" or a crash. Everything else (label, now, layouts, invalidate…) is the adapter's own. The
 * validation code (`checked-answers.ts`) is a lazy chunk loaded by a host adapter's first call, so
 * the declarative sources (`source="demo"`…) never fetch it.
 */
import type { CrmAdapter } from './adapter.js';

const CHECKED_CALLS: readonly PropertyKey[] = ['getClient', 'records', 'aggregate', 'referenceData', 'peerAverages'];
const wrappers = new WeakMap<CrmAdapter, CrmAdapter>();
let answers: Promise<typeof import('./checked-answers.js')> | undefined;

/** The adapter with every answer validated (one wrapper per adapter object, so its identity is stable). */
export function checkedAdapter(adapter: CrmAdapter): CrmAdapter {
  let out = wrappers.get(adapter);
  if (!out) {
    out = new Proxy(adapter, {
      get: (target, p) => {
        const v: unknown = Reflect.get(target, p);
        if (typeof v !== 'function') return v;
        const call = (v as (...a: unknown[]) => unknown).bind(target);
        return !CHECKED_CALLS.includes(p) ? call : async (...args: unknown[]) => {
          const module = (answers ??= import('./checked-answers.js').catch((e: unknown) => {
            answers = undefined;
            throw e;
          }));
          const [m, answer] = await Promise.all([module, call(...args)]);
          return m.checkAnswer(p as string, answer, args);
        };
      },
    });
    wrappers.set(adapter, out);
  }
  return out;
}
