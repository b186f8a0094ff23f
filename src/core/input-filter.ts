/**
 * The drill-down of a number: the concrete filter of one input of a metric, built from the same
 * declaration (src/core/metrics.ts) as its value. A module of its own: only the drill-down (a lazy
 * chunk) asks, so the main bundle does not carry it.
 */
import type { RecordKind } from './model.js';
import type { QuerySource, RecordFilter } from './query.js';
import { METRICS, specFilter, type MetricContext, type MetricId } from './metrics.js';
import { resolveDeals } from './evaluate.js';

/** The concrete filter of one input of a metric (what its drill-down lists). */
export async function inputFilter(
  source: QuerySource, id: MetricId, input: string, ctx: MetricContext, signal?: AbortSignal,
): Promise<{ kind: RecordKind; filter: RecordFilter }> {
  const spec = METRICS[id].inputs[input];
  if (!spec) throw new TypeError(`Metric "${id}" has no input "${input}".`);
  const deals = spec.boundTo ? await resolveDeals(source, spec.boundTo, ctx, signal, new Map()) : undefined;
  return { kind: spec.kind, filter: specFilter(spec, ctx, deals?.ids) };
}
