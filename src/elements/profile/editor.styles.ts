import { css } from 'lit';

/** The edit mode's own rules, added to the profile's shadow root when the chunk arrives. */
export const editorStyles = css`
  .tool[aria-pressed='true'] { background: var(--_accent); color: var(--_on-accent); border-color: var(--_accent); }
  .tool:disabled { opacity: 0.5; cursor: not-allowed; }
  .undo {
    display: flex; align-items: center; gap: 0.75rem; margin-block-end: 0.75rem; padding: 0.5rem 0.75rem;
    background: var(--_bg-muted); border-radius: var(--_radius-small);
  }
  .undo button {
    border: 1px solid var(--_border); background: var(--_bg); color: var(--_fg); border-radius: var(--_radius-small);
    padding: 0.4rem 0.75rem; cursor: pointer; min-block-size: 2.25rem;
  }
  .add { position: relative; }
  .add-menu {
    position: absolute; inset-inline-end: 0; inset-block-start: calc(100% + 4px); z-index: 20; margin: 0; padding: 0.25rem;
    display: flex; flex-direction: column;
    min-inline-size: 16rem; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius-small);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
  }
  .add-menu button { display: block; inline-size: 100%; text-align: start; border: 0; background: none; padding: 0.5rem 0.75rem; cursor: pointer; border-radius: var(--_radius-small); }
  .add-menu button:hover, .add-menu button:focus-visible { background: var(--_bg-muted); }
  .editing .cell:not(.system) { outline: 2px dashed var(--_border); outline-offset: 3px; border-radius: var(--_radius); }
  .handle {
    position: absolute; inset-block-start: -0.6rem; inset-inline-start: 50%; z-index: 5; cursor: grab;
    border: 1px solid var(--_border); background: var(--_bg); border-radius: var(--_radius-small); padding: 0 0.5rem; color: var(--_fg-muted);
  }
`;
