/**
 * The widget's comparison with another period, a chunk of its own (loaded by a widget that
 * compares): which period and the change of each number (../../widgets/comparison.ts), and how a
 * figure shows that change (its template and its rules, which the widget adds to its styles).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { MetricValue } from '../../core/evaluate.js';
import type { MetricContext, MetricId } from '../../core/metrics.js';
import type { CompareMode } from '../../core/compare-modes.js';
import { periodLabel } from '../../i18n/index.js';
import { comparisonPeriod, withComparison } from '../../widgets/comparison.js';
import type { Figure, WidgetView } from '../../widgets/views.js';

export { comparisonPeriod, figureDelta, withComparison } from '../../widgets/comparison.js';

type Values = Readonly<Partial<Record<MetricId, MetricValue>>>;

/** The metric context of the period `mode` compares `current` with; undefined when not compared (or no such period). */
export function comparisonContext(mode: CompareMode | undefined, current: MetricContext): { mode: CompareMode; mctx: MetricContext } | undefined {
  const period = mode && comparisonPeriod(current.period, mode);
  return period ? { mode: mode!, mctx: { ...current, period } } : undefined;
}

/** `view` (of `values`) with the change of each number against `previous`, the values of the comparison context `compared`. */
export const compareView = (view: WidgetView, values: Values, compared: { mode: CompareMode; mctx: MetricContext }, previous: Values, locale: string): WidgetView =>
  withComparison(view, values, { mode: compared.mode, label: periodLabel(compared.mctx.period.period, locale), values: previous }, locale);

/** The changes' rules, added to the shadow root of a widget that compares when it first does. */
export const styles = css`
  /* Comparison delta: arrow and sign carry the direction; colour only adds good / bad. */
  .delta {
    align-self: flex-start; display: inline-flex; align-items: baseline; gap: 0.25rem;
    font-size: 0.75rem; font-variant-numeric: tabular-nums; color: var(--_fg-muted);
    background: none; border: 0; padding: 0.125rem 0.375rem; margin-inline-start: -0.375rem; border-radius: var(--_radius-small);
  }
  button.delta { cursor: pointer; }
  button.delta:hover { background: var(--_bg-muted); text-decoration: underline; text-underline-offset: 2px; }
  .delta .arrow { font-size: 0.65rem; }
  .delta.good { color: var(--_good); }
  .delta.bad { color: var(--_danger); }
`;

/**
 * The change against the comparison period: an arrow and a sign (it reads without colour), the
 * colour saying good or bad news; the direction and the other period's value for screen readers
 * and as a tooltip. A button that lists the comparison period's records (`openPrevious`, given the
 * button) when the number has some. Nothing for a figure without a change.
 */
export function renderDelta(f: Figure, openPrevious: (opener: HTMLElement) => void): TemplateResult | typeof nothing {
  const d = f.delta;
  if (!d) return nothing;
  const arrow = d.direction === 'up' ? '▲' : d.direction === 'down' ? '▼' : '●';
  const inner = html`<span class="visually-hidden">${d.word} </span><span class="arrow" aria-hidden="true">${arrow}</span>${d.text}<span class="visually-hidden"> ${d.vs}</span>`;
  const cls = `delta ${d.direction} ${d.tone}`;
  const title = `${d.word} ${d.text} ${d.vs}`;
  return f.input && d.previousText !== '—'
    ? html`<button part="delta" class=${cls} data-delta=${f.id} title=${title}
        @click=${(e: Event) => openPrevious(e.currentTarget as HTMLElement)}>${inner}</button>`
    : html`<span part="delta" class=${cls} data-delta=${f.id} title=${title}>${inner}</span>`;
}
