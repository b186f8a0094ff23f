/**
 * `runAggregates` (./evaluate.ts) for a source without a push-down, or asked to evaluate `local`ly:
 * a module of its own, loaded by the first local evaluation with the reference semantics
 * (./records.ts), so that neither the main bundle nor a source that aggregates carries it.
 */
import type { CrmRecord, RecordKind } from './model.js';
import { queryKey, type AggregateQuery, type AggregateResult, type QuerySource, type RecordFilter } from './query.js';
import { fetchAll } from './evaluate.js';
import { aggregateRecords } from './records.js';

/**
 * Reads the records of every query page by page, once per distinct filter, and aggregates them
 * here. `pipelineOf[i]` maps deal id → pipeline for query i when it groups activities by pipeline.
 */
export function aggregateLocally(
  source: QuerySource, queries: readonly AggregateQuery[], signal: AbortSignal | undefined,
  pipelineOf?: readonly (ReadonlyMap<string, string> | undefined)[],
): Promise<AggregateResult[]> {
  const reads = new Map<string, Promise<CrmRecord[]>>();
  return Promise.all(queries.map(async (q, i) => {
    const readKey = queryKey({ ...q.filter, kind: q.kind } as RecordFilter);
    let read = reads.get(readKey);
    if (!read) reads.set(readKey, (read = fetchAll(source, q.kind, q.filter, signal) as Promise<CrmRecord[]>));
    return aggregateRecords(q as AggregateQuery & { kind: RecordKind }, await read, pipelineOf?.[i]);
  }));
}
