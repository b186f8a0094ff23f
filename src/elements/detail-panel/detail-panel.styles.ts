import { css } from 'lit';

/**
 * The slide-out panel: a full-height modal `<dialog>` on the inline-end edge (right in LTR, left in
 * RTL), header / scrolling table / footer. Logical properties only, so RTL needs no extra rules
 * beyond the slide direction.
 */
export const detailPanelStyles = css`
  :host {
    --_panel-width: var(--crm-detail-panel-width, min(100vw, 56rem));
    --_panel-bg: var(--crm-detail-panel-background, var(--_bg));
    --_slide-from: 100%;
    --_duration: var(--crm-detail-panel-duration, 220ms);
  }
  :host(:dir(rtl)) {
    --_slide-from: -100%;
  }

  dialog {
    box-sizing: border-box;
    position: fixed;
    /* In a frame taller than the host's window: the part in view (src/embed/frame-child.ts). */
    inset-block: var(--crm-frame-visible-top, 0) auto;
    inset-inline-start: auto;
    inset-inline-end: 0;
    margin: 0;
    padding: 0;
    border: 0;
    border-inline-start: 1px solid var(--_border);
    inline-size: var(--_panel-width);
    max-inline-size: 100vw;
    block-size: var(--crm-frame-visible-height, 100dvh);
    max-block-size: var(--crm-frame-visible-height, 100dvh);
    overflow: hidden;
    background: var(--_panel-bg);
    color: var(--_fg);
    font-family: var(--_font);
    box-shadow: 0 0 24px rgb(0 0 0 / 0.25);
  }
  dialog[open] {
    animation: crm-detail-slide-in var(--_duration) ease-out;
  }
  dialog::backdrop {
    background: rgb(15 23 32 / 0.4);
  }
  dialog[open]::backdrop {
    animation: crm-detail-fade-in var(--_duration) ease-out;
  }
  @keyframes crm-detail-slide-in {
    from { transform: translateX(var(--_slide-from)); }
    to { transform: none; }
  }
  @keyframes crm-detail-fade-in {
    from { opacity: 0; }
  }
  @media (prefers-reduced-motion: reduce) {
    dialog[open], dialog[open]::backdrop { animation: none; }
  }

  .panel {
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    block-size: 100%;
  }

  header {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: start;
    column-gap: 0.75rem;
    padding-block: 1rem 0.75rem;
    padding-inline: 1.25rem 0.75rem;
    border-block-end: 1px solid var(--_border);
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
    line-height: 1.4;
    overflow-wrap: anywhere;
  }
  .close {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 2.25rem;
    padding: 0;
    border: 1px solid transparent;
    border-radius: var(--_radius-small);
    background: transparent;
    cursor: pointer;
  }
  .close:hover { background: var(--_bg-muted); }
  .close svg { inline-size: 1.25rem; block-size: 1.25rem; }

  /* Export CSV / Copy as table, then the status line and the export error, under the title. */
  .tools {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: 0.625rem;
  }
  .tools button { display: inline-flex; align-items: center; gap: 0.375rem; cursor: pointer; }
  .tools button:hover { background: var(--_bg-muted); }
  .tools button[aria-disabled='true'] { cursor: progress; opacity: 0.6; }
  .tools svg { inline-size: 1rem; block-size: 1rem; flex: none; }
  .notice, .export-error {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.875rem;
  }
  .notice:not(:empty) { margin-block-start: 0.5rem; color: var(--_fg-muted); }
  .export-error { margin-block-start: 0.5rem; color: var(--_danger); font-weight: 600; }

  .body {
    overflow: auto;
    overscroll-behavior: contain;
    container-type: inline-size;
  }
  .state {
    margin: 0;
    padding: 2rem 1.25rem;
    color: var(--_fg-muted);
  }
  .error {
    padding: 1.5rem 1.25rem;
  }
  .error p { margin: 0 0 0.75rem; }
  .error .title { font-weight: 600; color: var(--_danger); }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  table.stale { opacity: 0.55; }
  th, td {
    padding-block: 0.5rem;
    padding-inline: 1.25rem 0.5rem;
    text-align: start;
    vertical-align: baseline;
    border-block-end: 1px solid var(--_border);
  }
  thead th {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    background: var(--_bg-muted);
    color: var(--_fg-muted);
    font-weight: 600;
    white-space: nowrap;
  }
  tbody tr:hover { background: var(--_bg-muted); }
  .col-title, .col-subject { min-inline-size: 12rem; }
  .num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .date { white-space: nowrap; }
  .muted { color: var(--_fg-muted); }
  /*
   * Reflow (WCAG 1.4.10) in a narrow panel (a phone, a sidebar card's page): one record per block,
   * each value beside its column's name, instead of columns too narrow for their words.
   * The header row becomes the sort buttons; the table keeps its semantics (rows, cells, headers:
   * their roles are written out in the markup, as browsers that drop a table's roles when its
   * display changes need), and the names shown beside the values are not read twice (the generated
   * text's alternative is empty).
   */
  @container (max-width: 36rem) {
    table, tbody, tr, td { display: block; }
    thead, thead tr { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    thead { position: sticky; inset-block-start: 0; z-index: 1; padding-block: 0.5rem; padding-inline: 1rem; background: var(--_bg-muted); }
    thead th { position: static; padding: 0; border: 0; background: none; }
    thead th.num .sort { flex-direction: row; }
    thead th.unsortable { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    tbody tr { padding-block: 0.5rem; padding-inline: 1rem; border-block-end: 1px solid var(--_border); }
    td {
      display: grid;
      grid-template-columns: minmax(5.5rem, 35%) minmax(0, 1fr);
      column-gap: 0.75rem;
      padding: 0.125rem 0;
      border: 0;
      white-space: normal;
      overflow-wrap: break-word;
    }
    td, td.num { text-align: start; }
    /* (Browsers without the alternative-text syntax take the first: the name is then read twice.) */
    td::before { content: attr(data-label); content: attr(data-label) / ""; color: var(--_fg-muted); font-weight: normal; }
    .col-title, .col-subject { min-inline-size: 0; font-weight: 600; }
  }

  .sort {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.125rem 0.25rem;
    margin-inline: -0.25rem;
    border: 0;
    border-radius: var(--_radius-small);
    background: transparent;
    font-weight: inherit;
    color: inherit;
    cursor: pointer;
  }
  .sort:hover { color: var(--_fg); text-decoration: underline; }
  .arrow { inline-size: 0.75rem; block-size: 0.75rem; opacity: 0.45; }
  th[aria-sort] .arrow { opacity: 1; }
  th[aria-sort='descending'] .arrow { transform: rotate(180deg); }
  th.num .sort { flex-direction: row-reverse; }

  a {
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
  }

  footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding-block: 0.75rem;
    padding-inline: 1.25rem;
    border-block-start: 1px solid var(--_border);
    background: var(--_bg-muted);
    font-size: 0.875rem;
  }
  .summary { margin: 0; display: grid; gap: 0.125rem; justify-items: start; }
  .summary .total { font-weight: 600; }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .pager label { display: inline-flex; align-items: center; gap: 0.375rem; }
  /* The panel's small controls: export tools, pager, Retry. */
  .tools button, .pager select, .pager button, .error button {
    font: inherit;
    color: inherit;
    padding-block: 0.25rem;
    padding-inline: 0.625rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_bg);
  }
  .pager button, .error button { cursor: pointer; }
  .tools button { font-size: 0.875rem; }
  .pager button:disabled { cursor: default; opacity: 0.5; }
  .page-of { white-space: nowrap; }
`;
