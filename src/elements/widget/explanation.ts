/**
 * The widget's "How is this computed?" region: the explanation of src/widgets/explain.ts (generated
 * from the metric declarations) as a template. A lazy chunk: `<crm-widget>` imports it on the first
 * click of its ⓘ button.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { explain, type ExplainInput } from '../../widgets/explain.js';
import { msg } from '../../i18n/index.js';

/** The region; Escape inside it (or its close button) calls `onClose`. */
export function renderExplanation(input: ExplainInput, onKeydown: (e: KeyboardEvent) => void, onClose: () => void): TemplateResult {
  const { locale } = input;
  const e = explain(input);
  return html`<section id="explain" class="explain" part="explanation" aria-labelledby="explain-heading" @keydown=${onKeydown}>
    <div class="explain-head"><h4 id="explain-heading">${msg(locale, 'explain.heading')}</h4>
      <button class="explain-close" aria-label=${msg(locale, 'explain.close')} @click=${onClose}>×</button></div>
    ${e.metrics.map((m) => html`<div class="explain-metric" data-metric=${m.id}>
      <p><strong>${m.title}</strong> = ${m.formula}</p>
      ${m.currencies && m.currencies.length > 1 ? html`<table class="currencies">
        <thead><tr><th scope="col">${msg(locale, 'explain.table.currency')}</th><th scope="col">${msg(locale, 'explain.table.amount')}</th>
          <th scope="col">${msg(locale, 'explain.table.rate')}</th><th scope="col">${msg(locale, 'explain.table.converted', { currency: m.currency ?? '' })}</th></tr></thead>
        <tbody>${m.currencies.map((c) => html`<tr><th scope="row">${c.currency}</th><td>${c.amount}</td><td>${c.rate}</td><td>${c.converted}</td></tr>`)}</tbody>
      </table>` : nothing}
    </div>`)}
    <ul class="notes">${e.notes.map((n) => html`<li>${n}</li>`)}</ul>
  </section>`;
}
