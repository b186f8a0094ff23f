import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

export const styles = [tokens, css`
  :host { display: block; container-type: inline-size; background: var(--crm-profile-background, transparent); }
  /* Dark: the toolbar's own text (the "as of" stamp) needs the dark surface behind it, whatever the page's. */
  :host([theme='dark']) { background: var(--crm-profile-background, var(--_bg)); }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) { background: var(--crm-profile-background, var(--_bg)); }
  }
  .header { margin-block-end: 0.75rem; }
  .client {
    display: grid; grid-template-columns: auto 1fr minmax(16rem, 22rem); gap: 1rem; align-items: start;
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); box-shadow: var(--_shadow);
    padding: 1rem 1.25rem;
  }
  .client.skeleton { min-block-size: 6rem; }
  .avatar {
    inline-size: 3.5rem; block-size: 3.5rem; border-radius: 50%; object-fit: cover; display: grid; place-items: center;
    background: var(--_accent); color: var(--_on-accent); font-weight: 700; font-size: 1.2rem;
  }
  h2 { margin: 0; font-size: 1.3rem; }
  .sub { margin: 0.2rem 0 0; color: var(--_fg-muted); font-size: 0.9rem; }
  .contacts { margin: 0.35rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.9rem; font-size: 0.9rem; }
  a { color: var(--_accent); }
  .load h3 { margin: 0; font-size: 0.85rem; color: var(--_fg-muted); font-weight: 600; }
  .load-value { margin: 0.25rem 0 0.4rem; display: flex; align-items: baseline; gap: 0.4rem; flex-wrap: wrap; }
  .load-value strong { font-size: 1.4rem; }
  .load-value span { color: var(--_fg-muted); font-size: 0.85rem; }
  .band { border-radius: 999px; padding: 0.1rem 0.5rem; font-size: 0.75rem; font-weight: 600; background: var(--_bg-muted); color: var(--_fg); }
  .band-ideal { background: #d9f2e1; color: #14532d; }
  .band-critical, .band-veryHigh { background: #fde2e1; color: #7f1d1d; }
  .band-high, .band-maxDesirable { background: #fdf0d5; color: #713f12; }
  :host([theme='dark']) .band-ideal { background: #1f4d2e; color: #c8f0d5; }
  :host([theme='dark']) .band-critical, :host([theme='dark']) .band-veryHigh { background: #5c1f1c; color: #ffd7d3; }
  :host([theme='dark']) .band-high, :host([theme='dark']) .band-maxDesirable { background: #5a4314; color: #fde9b8; }
  .scale { position: relative; display: grid; grid-template-columns: repeat(7, 1fr); gap: 2px; block-size: 0.6rem; }
  .seg { border-radius: 2px; }
  .seg-veryLow { background: #bcd4f2; } .seg-low { background: #8fc2e8; } .seg-ideal { background: #4caf72; }
  .seg-maxDesirable { background: #b7d35b; } .seg-high { background: #f2c94c; } .seg-veryHigh { background: #f08a4b; } .seg-critical { background: #d9534f; }
  .marker {
    position: absolute; inset-block: -0.3rem; inset-inline-start: var(--_pos, 0%); inline-size: 3px; margin-inline-start: -1px;
    background: var(--_fg); border-radius: 2px;
  }
  .target { margin: 0.3rem 0 0; font-size: 0.8rem; color: var(--_fg-muted); }
  .link { background: none; border: 0; padding: 0; margin-block-start: 0.4rem; color: var(--_accent); cursor: pointer; text-decoration: underline; font-size: 0.85rem; }
  .pipelines { list-style: none; margin: 0.4rem 0 0; padding: 0; font-size: 0.85rem; display: grid; gap: 0.2rem; }
  .pipelines li { display: flex; justify-content: space-between; gap: 1rem; }
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-block-end: 0.75rem; }
  .spacer { flex: 1 1 auto; }
  .asof { color: var(--_fg-muted); font-size: 0.85rem; }
  .compare { display: inline-flex; align-items: center; gap: 0.375rem; font-size: 0.85rem; color: var(--_fg-muted); }
  .compare select { color: var(--_fg); max-inline-size: 14rem; }
  .tool, .retry {
    border: 1px solid var(--_border); background: var(--_bg); color: var(--_fg); border-radius: var(--_radius-small);
    padding: 0.4rem 0.75rem; cursor: pointer; min-block-size: 2.25rem;
  }
  .tool:hover { background: var(--_bg-muted); }
  /* The edit mode's pressed and disabled tools and its undo bar come with its chunk (./editor.styles.ts), the offline banner with its own (./offline-copy.styles.ts). */
  .grid {
    display: grid; gap: 0.75rem;
    grid-template-columns: repeat(var(--crm-profile-columns, auto-fill), minmax(min(100%, var(--crm-profile-min-column, 19rem)), 1fr));
  }
  .cell { position: relative; min-inline-size: 0; }
  .cell.system { grid-column: 1 / -1; }
  /* Edit mode's rules (add menu, handles, the editing outline) come with its chunk: ./editor.ts. */
  .error { color: var(--_danger); }
  @container (max-inline-size: 720px) {
    .client { grid-template-columns: auto 1fr; }
    .load { grid-column: 1 / -1; }
  }
  @container (max-inline-size: 420px) {
    .client { grid-template-columns: 1fr; }
    .toolbar .spacer { display: none; }
  }
  /* The card: one column at any width, nothing wider than the card (from 280 px). */
  :host([variant='card']) { min-inline-size: 0; overflow-wrap: anywhere; }
  :host([variant='card']) .client { grid-template-columns: auto minmax(0, 1fr); gap: 0.75rem; }
  :host([variant='card']) .load { grid-column: 1 / -1; }
  :host([variant='card']) .grid { grid-template-columns: minmax(0, 1fr); }
  :host([variant='card']) .toolbar .spacer, :host([variant='card']) .asof { display: none; }
  :host([variant='card']) .contacts { display: flex; flex-direction: column; gap: 0.15rem; }
`];
