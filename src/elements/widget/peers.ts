/**
 * The widget's "client vs peers", a chunk of its own: loaded by a system or communication-load
 * widget whose source has averages (`peerAverages`), beside its numbers, which never wait for it.
 * Reads the averages (../../widgets/peers.ts shows them).
 */
import type { ProfileContext } from '../../context/index.js';
import type { MetricValue } from '../../core/evaluate.js';
import type { MetricContext, MetricId } from '../../core/metrics.js';
import { peersIn, type Peers } from '../../widgets/peers.js';

export { withPeers } from '../../widgets/peers.js';

/**
 * The source's averages over the clients of the same type for the widget's period, as a function
 * of the widget's values (their display currency: that of the value of won deals, else the
 * context's); `undefined` when they failed (a warning saying why, unless the run was cancelled):
 * failing averages only leave the comparison out.
 */
export async function readPeers(ctx: ProfileContext, mctx: MetricContext, signal: AbortSignal, warn: (message: string) => void):
  Promise<((values: Readonly<Partial<Record<MetricId, MetricValue>>>) => Peers) | undefined> {
  try {
    const p = await ctx.adapter.peerAverages!(ctx.client.type, mctx.period, signal);
    return (values) => peersIn(p, values['won-value']?.money?.total.currency ?? mctx.currency, mctx);
  } catch (e) {
    if (!signal.aborted) warn(`Could not read the averages of other clients: ${(e as Error).message}`);
    return undefined;
  }
}
