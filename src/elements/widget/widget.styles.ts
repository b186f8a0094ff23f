import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

export const styles = [tokens, css`
  :host {
    display: block;
    min-inline-size: 0;
  }
  .card {
    background: var(--crm-widget-background, var(--_bg));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: 0.875rem 1rem 1rem;
    block-size: 100%;
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  /* The title and its period badge wrap in their own box; the buttons stay at the top end. */
  header { display: flex; align-items: flex-start; gap: 0.5rem; }
  .heading { flex: 1 1 auto; min-inline-size: 0; min-block-size: 2rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
  h3 { font-size: 0.95rem; font-weight: 650; margin: 0; min-inline-size: 0; overflow-wrap: anywhere; }
  .badge {
    font-size: 0.75rem; color: var(--_fg-muted); background: var(--_bg-muted);
    border-radius: 999px; padding: 0.125rem 0.5rem; white-space: nowrap;
  }
  .badge.fixed { color: var(--_accent); }
  .lock { display: inline-flex; align-items: center; block-size: 2rem; color: var(--_fg-muted); }
  .info-button svg { display: block; margin: auto; }
  .info-button {
    inline-size: 2rem; block-size: 2rem; border-radius: 50%; border: 1px solid transparent;
    background: transparent; cursor: pointer; color: var(--_fg-muted); padding: 0;
  }
  .info-button:hover, .info-button[aria-expanded='true'] { background: var(--_bg-muted); color: var(--_fg); }
  .info-button:disabled { opacity: 0.4; cursor: default; }
  /* The gear's place, kept while its code loads (its rules come with it: ./gear.ts). */
  .menu-anchor { position: relative; min-inline-size: 2rem; }
  /* The menu's and the explanation's rules come with their chunk: ./interactions.ts. */
  .figures { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; align-items: flex-end; }
  .figure-wrap { display: flex; flex-direction: column; }
  .figure {
    display: flex; flex-direction: column; align-items: flex-start; gap: 0.125rem;
    background: none; border: 0; padding: 0.25rem 0.375rem; margin-inline-start: -0.375rem; border-radius: var(--_radius-small);
    text-align: start; color: inherit;
  }
  button.figure { cursor: pointer; }
  button.figure:hover .value { text-decoration: underline; text-underline-offset: 3px; }
  .figure .label { font-size: 0.8rem; color: var(--_fg-muted); }
  .figure .value { font-variant-numeric: tabular-nums; font-weight: 650; }
  .figure.headline .value { font-size: 1.6rem; color: var(--_accent-custom, var(--_accent)); line-height: 1.15; }
  .figure.secondary .value { font-size: 1.15rem; }
  .note { font-size: 0.75rem; color: var(--_fg-muted); max-inline-size: 22rem; }
  /* The comparison's rules (its changes' arrows and colours) come with its chunk: ./comparison.ts. */
  .rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.125rem; }
  .rows .figure { flex-direction: row; justify-content: space-between; inline-size: 100%; margin: 0; box-sizing: border-box; }
  .rows .figure .label { font-size: 0.85rem; color: var(--_fg); }
  .rows .figure .value { font-weight: 500; font-size: 0.85rem; }
  .rows button.figure:hover { background: var(--_bg-muted); }
  .chart { position: relative; block-size: 12rem; min-inline-size: 0; }
  /* chart.js sizes the canvas after its first frame: never wider than the widget meanwhile. */
  .chart canvas { max-inline-size: 100%; }
  .empty { margin: 0; color: var(--_fg-muted); font-size: 0.9rem; }
  .error { color: var(--_danger); font-size: 0.9rem; }
  .error p { margin: 0 0 0.5rem; }
  .retry {
    border: 1px solid var(--_border); background: var(--_bg); border-radius: var(--_radius-small);
    padding: 0.35rem 0.75rem; cursor: pointer; color: var(--_fg);
  }
  .stale { opacity: 0.6; transition: opacity 0.2s; }
  .skeleton { display: grid; gap: 0.5rem; }
  .bone { block-size: 0.9rem; border-radius: 4px; background: var(--_bg-muted); inline-size: 60%; animation: pulse 1.2s ease-in-out infinite; }
  .bone.wide { block-size: 1.8rem; inline-size: 45%; }
  @keyframes pulse { 50% { opacity: 0.5; } }
`];
