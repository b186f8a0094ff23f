/**
 * "Client vs peers" (the system and communication-load widgets): the source's averages over the
 * clients of the same type, in the widget's display currency, shown right after the headline
 * number they are for. Pure, no DOM. Part of the peers chunk (../elements/widget/peers.ts), loaded
 * by a widget whose source has averages, never by pages whose source has none.
 */
import '../i18n/en-peers.js';
import type { PeerAverages } from '../adapters/adapter.js';
import type { MetricContext, MetricId } from '../core/metrics.js';
import type { Money } from '../core/model.js';
import { convert } from '../core/money.js';
import { formatAmount, formatNumber, msg } from '../i18n/index.js';
import type { Figure, WidgetView } from './views.js';

/** Averages over the clients of the same type (from the adapter, when it has them). */
export interface Peers {
  readonly clientType: 'contact' | 'company';
  readonly clients: number;
  readonly communicationLoad: number | null;
  /** Average value of won deals, in the widget's display currency. */
  readonly wonValue: Money | null;
}

/** The averages in the display `currency` (a won value that cannot be converted is left out). */
export function peersIn(p: PeerAverages, currency: string | undefined, mctx: MetricContext): Peers {
  let wonValue: Money | null = p.wonValueMinor === null ? null : { minor: p.wonValueMinor, currency: p.currency };
  if (wonValue && currency && currency !== wonValue.currency) {
    try {
      wonValue = mctx.rates ? convert(wonValue, currency, mctx.rates) : null;
    } catch {
      wonValue = null;
    }
  }
  return { clientType: p.clientType, clients: p.clients, communicationLoad: p.communicationLoad, wonValue };
}

/** The peers' figure beside a metric's own number: communication load and value of won deals. */
function peerFigure(metric: MetricId, peers: Peers, locale: string): Figure | undefined {
  if (peers.clients === 0) return undefined;
  const label = msg(locale, `peers.${peers.clientType}`, { count: peers.clients });
  if (metric === 'communication-load' && peers.communicationLoad !== null) {
    return { id: 'peers-communication-load', label, text: formatNumber(peers.communicationLoad, locale, 2), metric, role: 'secondary' };
  }
  if (metric === 'won-value' && peers.wonValue) {
    return { id: 'peers-won-value', label, text: formatAmount(peers.wonValue, locale), metric, role: 'secondary' };
  }
  return undefined;
}

/** The view with the peers' averages right after the headline number they are for. */
export function withPeers(view: WidgetView, peers: Peers, locale: string): WidgetView {
  const figures = view.figures.flatMap((f) => {
    const peer = f.role === 'headline' && f.id === f.metric ? peerFigure(f.metric, peers, locale) : undefined;
    return peer ? [f, peer] : [f];
  });
  return { ...view, figures };
}
