/**
 * Every @lit/context key of the suite, in one module. `<crm-profile>` provides one immutable
 * `ProfileContext` object and replaces it (never mutates it) when anything changes, so consumers
 * subscribed with `subscribe: true` (`<crm-widget>`'s `ContextConsumer`) update exactly then.
 */
import { createContext } from '@lit/context';
import type { CrmAdapter } from '../adapters/adapter.js';
import type { Client, ClientRef, CurrencyCode, ReferenceData } from '../core/model.js';
import type { Period } from '../core/period.js';
import type { CompareMode } from '../core/compare-modes.js';

export interface ProfileContext {
  readonly adapter: CrmAdapter;
  readonly client: ClientRef;
  /** The client record once loaded (the header shows it); undefined while loading or failed. */
  readonly clientData?: Client;
  readonly period: Period;
  readonly locale: string;
  readonly timeZone: string;
  /** Display currency; undefined → the source's base currency. */
  readonly currency?: CurrencyCode;
  readonly reference?: ReferenceData;
  /** "Now" of the source (the demo data has a fixed one); default Date.now() at evaluation. */
  readonly now?: number;
  /** Whether widgets may be configured, moved and removed (the profile's `editable`). */
  readonly editable?: boolean;
  /** Bumped by Refresh: widgets reload when it changes. */
  readonly revision: number;
  /** The profile's comparison (its toolbar): widgets without a `compare` setting of their own follow it. */
  readonly compare?: CompareMode;
}

export const profileContext = createContext<ProfileContext | undefined>(Symbol('crm-profile-context'));
