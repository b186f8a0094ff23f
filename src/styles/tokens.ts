import { css } from 'lit';

/**
 * Theme tokens, three layers (Material Web's pattern):
 * - system tokens `--crm-sys-*` (colours, radius, font), overridable by the host page;
 * - component tokens (`--crm-widget-background`, `--crm-chart-series-1..9`, the widget colour palette
 *   `--crm-color-blue|green|orange|purple|red|teal|grey`, …) defaulting to system ones;
 * - private `--_*` variables on `:host`, used by the element's own rules.
 * Light by default; `theme="dark"` or `theme="auto"` (follows prefers-color-scheme) on the host.
 */
/** The dark palette, shared by `theme="dark"` and `theme="auto"` under a dark colour scheme. */
const dark = css`
  --_bg: var(--crm-sys-color-surface, #1b2129);
  --_bg-muted: var(--crm-sys-color-surface-variant, #262e38);
  --_fg: var(--crm-sys-color-on-surface, #e7ecf2);
  --_fg-muted: var(--crm-sys-color-on-surface-variant, #aeb8c5);
  --_border: var(--crm-sys-color-outline, #3a4452);
  --_accent: var(--crm-sys-color-primary, #8ab8f0);
  --_on-accent: var(--crm-sys-color-on-primary, #0d1b2a);
  --_danger: var(--crm-sys-color-error, #f2a19b);
  --_good: var(--crm-sys-color-success, #7fd39b);
  --_focus: var(--crm-sys-color-focus, #8ab8f0);
  --_shadow: var(--crm-sys-elevation-1, 0 1px 3px rgb(0 0 0 / 0.5));
  --_color-blue: var(--crm-color-blue, #8ab8f0); --_color-green: var(--crm-color-green, #7fd39b);
  --_color-orange: var(--crm-color-orange, #f5b46b); --_color-purple: var(--crm-color-purple, #c4a5f5);
  --_color-red: var(--crm-color-red, #f2a19b); --_color-teal: var(--crm-color-teal, #6fd6c8);
  --_color-grey: var(--crm-color-grey, #aeb8c5);
  color-scheme: dark;
`;

export const tokens = css`
  :host {
    --_bg: var(--crm-sys-color-surface, #ffffff);
    --_bg-muted: var(--crm-sys-color-surface-variant, #f1f4f8);
    --_fg: var(--crm-sys-color-on-surface, #1d2733);
    --_fg-muted: var(--crm-sys-color-on-surface-variant, #4a5565);
    --_border: var(--crm-sys-color-outline, #d3d9e2);
    --_accent: var(--crm-sys-color-primary, #1f64b0);
    --_on-accent: var(--crm-sys-color-on-primary, #ffffff);
    --_danger: var(--crm-sys-color-error, #b3261e);
    --_good: var(--crm-sys-color-success, #1b7a3a);
    --_focus: var(--crm-sys-color-focus, #1f64b0);
    --_radius: var(--crm-sys-radius-medium, 8px);
    --_radius-small: var(--crm-sys-radius-small, 4px);
    --_font: var(--crm-sys-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_shadow: var(--crm-sys-elevation-1, 0 1px 3px rgb(0 0 0 / 0.12));
    --_color-blue: var(--crm-color-blue, #1f64b0); --_color-green: var(--crm-color-green, #1b7a3a);
    --_color-orange: var(--crm-color-orange, #b45309); --_color-purple: var(--crm-color-purple, #6d3fb3);
    --_color-red: var(--crm-color-red, #b3261e); --_color-teal: var(--crm-color-teal, #0f766e);
    --_color-grey: var(--crm-color-grey, #4a5565);
    color-scheme: light;
    font-family: var(--_font);
    color: var(--_fg);
  }
  :host([theme='dark']) { ${dark} }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) { ${dark} }
  }
  :host([hidden]) { display: none !important; }
  :focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
  .visually-hidden {
    position: absolute !important; inline-size: 1px; block-size: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; margin: -1px; padding: 0; border: 0;
  }
  button { font: inherit; color: inherit; }
  @media (prefers-reduced-motion: reduce) {
    *, *::before, *::after { animation-duration: 0s !important; transition-duration: 0s !important; }
  }
`;
