import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

/**
 * Styles of `<crm-profile-frame>`: a borderless, full-width iframe whose block size follows the
 * child's reports (set through `style.setProperty`, which strict CSP allows). Before the first
 * report it is `--crm-profile-frame-initial-height` tall.
 */
export const styles = [tokens, css`
  :host {
    display: block;
    inline-size: 100%;
  }
  iframe {
    display: block;
    box-sizing: border-box;
    inline-size: 100%;
    block-size: var(--crm-profile-frame-initial-height, 400px);
    border: 0;
    overflow: hidden;
    background: transparent;
    /* The same colour scheme as the child page, or Chromium paints the frame opaque. */
    color-scheme: light;
  }
  :host([theme='dark']) iframe { color-scheme: dark; }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) iframe { color-scheme: dark; }
  }
  .error {
    color: var(--_danger);
    margin: 0;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
`];
