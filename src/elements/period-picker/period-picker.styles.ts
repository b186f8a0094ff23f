import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

/**
 * Styles of `<crm-period-picker>`. Logical properties only (RTL), colours from the theme tokens,
 * no inline `style` attributes: the popup's placement is set with classes and one custom property
 * (`--_popup-max`, through `style.setProperty` in `updated()`), which strict CSP allows. The styles of
 * the popup (its box, placement and content: list, choosers) come with it on the first open:
 * period-picker-popup.styles.ts.
 */
const own = css`
  :host {
    display: inline-block;
    position: relative;
    vertical-align: middle;
    font-size: 0.875rem;
    line-height: 1.4;
  }
  /* The menu button */
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-block-size: 2.25rem;
    padding-block: 0.375rem;
    padding-inline: 0.75rem 0.625rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
    white-space: nowrap;
    transition: background-color 120ms ease, border-color 120ms ease;
  }
  .button:hover:not(:disabled) { background: var(--_bg-muted); border-color: var(--_fg-muted); }
  .button:disabled { cursor: not-allowed; opacity: 0.55; }
  .icon { flex: none; inline-size: 1em; block-size: 1em; color: var(--_fg-muted); }
  .label { font-weight: 500; }

  /* The popup (its box and placement, and the open button's look: period-picker-popup.styles.ts, with its content) */
  .popup[hidden] { display: none; }
`;

export const styles = [tokens, own];
