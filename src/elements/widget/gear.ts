/**
 * The widget's gear button, a chunk of its own: loaded by a widget that shows it (a configurable
 * widget alone, or in an `editable` profile: a read-only profile never fetches it). Its menu is
 * in ./interactions.ts, loaded on its first use.
 */
import '../../i18n/en-gear.js';
import { css, html, svg, type TemplateResult } from 'lit';
import { msg } from '../../i18n/index.js';

/** The button's rules, added to the widget's shadow root with the chunk. */
export const styles = css`
  .menu-button {
    inline-size: 2rem; block-size: 2rem; border-radius: 50%; border: 1px solid transparent;
    background: transparent; cursor: pointer; font-size: 1rem; color: var(--_fg-muted);
  }
  .menu-button svg { display: block; margin: auto; }
  .menu-button:hover, .menu-button[aria-expanded='true'] { background: var(--_bg-muted); color: var(--_fg); }
`;

const gearIcon = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${svg`<path fill="currentColor" d="M6.9 1h2.2l.4 1.9 1.2.5 1.6-1.1 1.6 1.6-1.1 1.6.5 1.2 1.9.4v2.2l-1.9.4-.5 1.2 1.1 1.6-1.6 1.6-1.6-1.1-1.2.5-.4 1.9H6.9l-.4-1.9-1.2-.5-1.6 1.1-1.6-1.6 1.1-1.6-.5-1.2L.8 9.1V6.9l1.9-.4.5-1.2-1.1-1.6 1.6-1.6 1.6 1.1 1.2-.5zM8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z"/>`}</svg>`;

/**
 * The gear (WAI-ARIA APG menu button) of the widget titled `title`, its menu `open` or not: a click
 * calls `menu()` (which toggles it), Down and Up `menu('first')` and `menu('last')` (which open it
 * on its first or last item).
 */
export function renderGear(title: string, locale: string, open: boolean, menu: (focus?: 'first' | 'last') => void): TemplateResult {
  return html`<button part="menu-button" class="menu-button" aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'}
    aria-label=${msg(locale, 'widget.menu', { title })} aria-controls="menu" @click=${() => menu()}
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        menu(e.key === 'ArrowDown' ? 'first' : 'last');
      }
    }}>${gearIcon}</button>`;
}
