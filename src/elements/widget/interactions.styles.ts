import { css } from 'lit';

/** The menu's and the explanation's rules, added to the widget's shadow root when the chunk arrives. */
export const interactionStyles = css`
  .menu {
    position: absolute; inset-inline-end: 0; inset-block-start: calc(100% + 4px); z-index: 10;
    min-inline-size: 12rem; display: flex; flex-direction: column; padding: 0.25rem;
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius-small); box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
  }
  .menu [role='menuitem'] {
    text-align: start; background: none; border: 0; padding: 0.5rem 0.75rem; border-radius: var(--_radius-small); cursor: pointer;
  }
  .menu [role='menuitem']:hover, .menu [role='menuitem']:focus-visible { background: var(--_bg-muted); }
  .menu .danger { color: var(--_danger); }
  .explain {
    font-size: 0.8rem; background: var(--_bg-muted); border-radius: var(--_radius-small); padding: 0.5rem 0.75rem;
    overflow-wrap: anywhere;
  }
  .explain-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 0.5rem; }
  .explain h4 { margin: 0 0 0.375rem; font-size: 0.85rem; }
  .explain-close {
    inline-size: 1.75rem; block-size: 1.75rem; flex: none; border: 0; border-radius: 50%; background: transparent;
    color: var(--_fg-muted); cursor: pointer; font-size: 1.1rem; line-height: 1; margin: -0.25rem -0.375rem 0 0;
  }
  .explain-close:hover { background: var(--_bg); color: var(--_fg); }
  .explain p { margin: 0 0 0.375rem; }
  .explain .notes { margin: 0.25rem 0 0; padding-inline-start: 1.1rem; color: var(--_fg-muted); }
  .explain .currencies { border-collapse: collapse; margin: 0 0 0.375rem; font-variant-numeric: tabular-nums; }
  .explain .currencies th, .explain .currencies td { padding: 0.125rem 0.5rem 0.125rem 0; text-align: end; }
  .explain .currencies th:first-child { text-align: start; }
`;
