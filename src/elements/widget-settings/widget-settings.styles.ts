import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

export const styles = [tokens, css`
  :host {
    display: contents;
    --_swatch-blue: var(--_color-blue); --_swatch-green: var(--_color-green); --_swatch-orange: var(--_color-orange);
    --_swatch-purple: var(--_color-purple); --_swatch-red: var(--_color-red); --_swatch-teal: var(--_color-teal);
    --_swatch-grey: var(--_color-grey);
  }

  dialog {
    box-sizing: border-box;
    inline-size: min(40rem, calc(100vw - 2rem));
    /* In a frame taller than the host's window: centred in the part in view (src/embed/frame-child.ts). */
    inset-block: var(--crm-frame-visible-top, 0) var(--crm-frame-visible-bottom, 0);
    max-block-size: calc(var(--crm-frame-visible-height, 100dvh) - 2rem);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--crm-dialog-background, var(--_bg));
    color: var(--_fg);
    font-family: var(--_font);
    font-size: 0.9375rem;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.28);
  }
  dialog::backdrop { background: rgb(15 23 32 / 0.5); }
  @media (prefers-reduced-motion: no-preference) {
    dialog[open] { animation: appear 120ms ease-out; }
    @keyframes appear { from { opacity: 0; transform: translateY(8px); } }
  }

  form {
    display: flex;
    flex-direction: column;
    max-block-size: calc(var(--crm-frame-visible-height, 100dvh) - 2rem - 2px);
  }
  h2 {
    margin: 0;
    padding: 1rem 1.25rem 0.875rem;
    font-size: 1.125rem;
    line-height: 1.3;
    border-block-end: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  .fields {
    display: grid;
    gap: 1rem;
    padding: 1rem 1.25rem 1.25rem;
    overflow: auto;
    overscroll-behavior: contain;
  }
  .field { display: grid; gap: 0.375rem; }
  .field > label { font-weight: 600; }
  .check { display: flex; align-items: center; gap: 0.5rem; }

  input[type='text'], select {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.25rem;
    padding: 0.375rem 0.625rem;
    border: 1px solid var(--_fg-muted);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    /* A choice longer than a narrow dialog (280 px) ends in "…", not cut mid-word. */
    text-overflow: ellipsis;
  }
  input[type='text']::placeholder { color: var(--_fg-muted); opacity: 1; }
  input[type='checkbox'], input[type='radio'] {
    flex: none;
    inline-size: 1rem;
    block-size: 1rem;
    margin: 0;
    accent-color: var(--_accent);
  }

  fieldset {
    min-inline-size: 0;
    margin: 0;
    padding: 0.5rem 0.875rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
  }
  legend { padding-inline: 0.25rem; font-weight: 600; }
  fieldset fieldset { border: 0; padding: 0; }
  fieldset fieldset + fieldset { margin-block-start: 0.5rem; }
  fieldset fieldset legend {
    padding: 0;
    font-weight: 500;
    font-size: 0.875rem;
    color: var(--_fg-muted);
  }
  .hint { margin: 0 0 0.375rem; font-size: 0.8125rem; color: var(--_fg-muted); }
  .options {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.125rem 1rem;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-block-size: 1.875rem;
    cursor: pointer;
  }
  .options.stacked { grid-template-columns: 1fr; }
  .option.unavailable { color: var(--_fg-muted); }

  .swatch {
    flex: none;
    inline-size: 1rem;
    block-size: 1rem;
    border-radius: 50%;
    border: 1px solid var(--_fg-muted);
    box-sizing: border-box;
  }
  .swatch-auto { background: linear-gradient(135deg, var(--_swatch-blue) 0 50%, var(--_swatch-orange) 50% 100%); }
  .swatch-blue { background: var(--_swatch-blue); }
  .swatch-green { background: var(--_swatch-green); }
  .swatch-orange { background: var(--_swatch-orange); }
  .swatch-purple { background: var(--_swatch-purple); }
  .swatch-red { background: var(--_swatch-red); }
  .swatch-teal { background: var(--_swatch-teal); }
  .swatch-grey { background: var(--_swatch-grey); }

  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    padding: 0.75rem 1.25rem;
    border-block-start: 1px solid var(--_border);
    background: var(--_bg-muted);
    border-end-start-radius: var(--_radius);
    border-end-end-radius: var(--_radius);
  }
  .actions button {
    min-block-size: 2.25rem;
    padding: 0.375rem 1rem;
    border: 1px solid var(--_fg-muted);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  .actions button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .actions button:hover { filter: brightness(0.95); }
  .empty { margin: 0; color: var(--_fg-muted); }

  /* Custom number: its three metric pickers, and why a combination is refused. */
  .slots { display: grid; gap: 0.5rem; }
  .slots .field > label { font-weight: 500; }
  .problem { margin: 0.5rem 0 0; color: var(--_danger); font-weight: 600; }
`];
