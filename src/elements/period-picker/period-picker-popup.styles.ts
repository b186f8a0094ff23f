import { css } from 'lit';

/**
 * Styles of the content of `<crm-period-picker>`'s popup (list, choosers, custom range), adopted by
 * the element with the popup module on the first open. Same rules as period-picker.styles.ts.
 */
export const popupStyles = css`
  /* The open button (the popup opens once this module is here) */
  .button[aria-expanded='true'] { border-color: var(--_accent); }
  .chevron { transition: transform 150ms ease; }
  .button[aria-expanded='true'] .chevron { transform: rotate(180deg); }

  /* The popup's box (hidden until this module is here: period-picker.styles.ts) */
  :host {
    --_popup-shadow: var(--crm-period-picker-popup-shadow, 0 8px 24px rgb(0 0 0 / 0.18));
  }
  :host([theme='dark']) {
    --_popup-shadow: var(--crm-period-picker-popup-shadow, 0 8px 24px rgb(0 0 0 / 0.55));
  }
  .popup {
    position: absolute;
    z-index: var(--crm-period-picker-z-index, 20);
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
  .popup.above { inset-block-start: auto; inset-block-end: calc(100% + 4px); }
  .popup.end { inset-inline-start: auto; inset-inline-end: 0; }
  @media (prefers-reduced-motion: no-preference) {
    .popup:not([hidden]) { animation: crm-pp-in 120ms ease-out; }
  }
  @keyframes crm-pp-in {
    from { opacity: 0; translate: 0 -4px; }
  }

  /* Listbox */
  .listbox { outline: none; }
  .group + .group {
    margin-block-start: 0.25rem;
    padding-block-start: 0.25rem;
    border-block-start: 1px solid var(--_border);
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding-block: 0.375rem;
    padding-inline: 0.5rem 1rem;
    margin-inline: 0.25rem;
    border-radius: var(--_radius-small);
    cursor: pointer;
    user-select: none;
  }
  .option.active { background: var(--_bg-muted); }
  .listbox:focus-visible .option.active {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .option[aria-selected='true'] { color: var(--_accent); font-weight: 600; }
  .check { flex: none; inline-size: 1rem; block-size: 1rem; visibility: hidden; }
  .option[aria-selected='true'] .check { visibility: visible; }
  .option-text { display: grid; }
  .option-label, .hint { white-space: nowrap; }
  /* The chosen month / quarter / year / range, under its chooser. */
  .hint { color: var(--_fg-muted); font-size: 0.8125rem; font-weight: 400; }

  /* Choosers (month, quarter, year, custom range) */
  .chooser { display: grid; gap: 0.75rem; padding-block: 0.5rem 0.75rem; padding-inline: 0.75rem; }
  .chooser-head { display: flex; align-items: center; gap: 0.25rem; margin-inline-start: -0.25rem; }
  .chooser-title { font-weight: 600; }
  .back {
    display: inline-grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    padding: 0;
    border: 0;
    border-radius: var(--_radius-small);
    background: transparent;
    cursor: pointer;
  }
  .back:hover { background: var(--_bg-muted); }
  .back .icon { color: inherit; }
  /* The back arrow points to the start side. */
  :host(:dir(rtl)) .back .icon { transform: scaleX(-1); }
  .fields { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; }
  .field { display: grid; gap: 0.25rem; flex: 1 1 6.5rem; }
  .field label { color: var(--_fg-muted); font-size: 0.8125rem; }
  select, input {
    box-sizing: border-box;
    min-block-size: 2.25rem;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }
  input[aria-invalid='true'] { border-color: var(--_danger); }
  /* Always rendered (a live region must exist before its text changes); takes no room while empty. */
  .error { margin: 0; color: var(--_danger); font-size: 0.8125rem; }
  .error:not(:empty) { margin-block-start: 0.5rem; }
  .actions { display: flex; justify-content: flex-end; }
  .apply {
    min-block-size: 2.25rem;
    padding-block: 0.375rem;
    padding-inline: 1rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius-small);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    cursor: pointer;
  }
  .apply:hover { filter: brightness(1.08); }

  @media (forced-colors: active) {
    .option.active { outline: 2px solid Highlight; outline-offset: -2px; }
    .option[aria-selected='true'] { color: Highlight; }
    .apply { border-color: ButtonText; }
  }
`;
