import { css } from 'lit';

/** The offline banner's rules (./offline-copy.ts), added to the profile's shadow root with its first banner. */
export const offlineStyles = css`
  .offline {
    display: flex; align-items: center; gap: 0.75rem; margin-block-end: 0.75rem; padding: 0.5rem 0.75rem;
    background: var(--_bg-muted); border-radius: var(--_radius-small); border-inline-start: 4px solid var(--_danger);
  }
`;
