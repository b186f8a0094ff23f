import { css } from 'lit';

/**
 * Styles of the content of `<crm-period-picker>`'s popup (list, choosers, custom range), adopted by
 * the element with the popup module on the first open. Same rules as period-picker.styles.ts.
 */
export const popupStyles = css`
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
