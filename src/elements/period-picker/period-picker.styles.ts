import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

/**
 * Styles of `<crm-period-picker>`. Logical properties only (RTL), colours from the theme tokens,
 * no inline `style` attributes: the popup's placement is set with classes and one custom property
 * (`--_popup-max`, through `style.setProperty` in `updated()`), which strict CSP allows. The styles of
 * the popup's content (list, choosers) come with it on the first open: period-picker-popup.styles.ts.
 */
const own = css`
  :host {
    --_popup-shadow: var(--crm-period-picker-popup-shadow, 0 8px 24px rgb(0 0 0 / 0.18));
    --_z: var(--crm-period-picker-z-index, 20);
    display: inline-block;
    position: relative;
    vertical-align: middle;
    font-size: 0.875rem;
    line-height: 1.4;
  }
  :host([theme='dark']) {
    --_popup-shadow: var(--crm-period-picker-popup-shadow, 0 8px 24px rgb(0 0 0 / 0.55));
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
  .button[aria-expanded='true'] { border-color: var(--_accent); }
  .icon { flex: none; inline-size: 1em; block-size: 1em; color: var(--_fg-muted); }
  .chevron { transition: transform 150ms ease; }
  .button[aria-expanded='true'] .chevron { transform: rotate(180deg); }
  .label { font-weight: 500; }

  /* The popup */
  .popup {
    position: absolute;
    z-index: var(--_z);
    inset-block-start: calc(100% + 4px);
    inset-inline-start: 0;
    box-sizing: border-box;
    /* As wide as the longest option (hint included), within the viewport. */
    inline-size: max-content;
    min-inline-size: max(100%, 14rem);
    max-inline-size: min(26rem, 100vw - 1rem);
    max-block-size: var(--_popup-max, 28rem);
    overflow: auto;
    overscroll-behavior: contain;
    padding-block: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--_popup-shadow);
  }
  .popup[hidden] { display: none; }
  .popup.above { inset-block-start: auto; inset-block-end: calc(100% + 4px); }
  .popup.end { inset-inline-start: auto; inset-inline-end: 0; }
  @media (prefers-reduced-motion: no-preference) {
    .popup:not([hidden]) { animation: crm-pp-in 120ms ease-out; }
  }
  @keyframes crm-pp-in {
    from { opacity: 0; translate: 0 -4px; }
  }
`;

export const styles = [tokens, own];
