/**
 * React 19 JSX types of the five tags. In a React + TypeScript project, once (in any file the
 * compiler sees, e.g. the entry or a global `.d.ts`):
 *
 *     import type {} from 'crm-profile-widgets/react';
 *
 * React 19 passes a prop as a DOM property when the element has one (`adapter`, `settings`,
 * `layout`, `entityId`…) and as an attribute otherwise (`entity-id`…), so both spellings are typed:
 * properties with the element class's types, attributes as strings (or numbers and booleans). It adds
 * a listener for a prop named `on` + the event name spelt exactly as dispatched, hence
 * `oncrm-period-change` (with `onCrm-period-change` it would listen to "Crm-period-change").
 * Types only: importing this module registers no element (import `crm-profile-widgets` for that).
 */
import type { ClassAttributes, HTMLAttributes } from 'react';
import type { CrmTagElements, CrmTagEvents, CrmTagName, CrmTagProperties, CrmTagProps } from './elements.js';

/** `entityId` → `entity-id` (the attribute names of the elements are their properties in kebab-case). */
type Kebab<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<T>}`
  : S;

/** What an attribute accepts for a property of type `V` (React stringifies numbers; `true` sets it empty). */
type AttributeValue<V> = V extends string ? V : V extends number ? number | `${number}` : V extends boolean ? boolean : never;

/** The kebab-case attributes of the properties whose attribute name differs (`entity-id`, `time-zone`…). */
export type CrmTagAttributes<T extends CrmTagName> = {
  [P in CrmTagProperties[T] & keyof CrmTagElements[T] & string as Kebab<P> extends P ? never : Kebab<P>]?:
    AttributeValue<CrmTagElements[T][P]>;
};

/** `on` + event name → listener of that event, e.g. `oncrm-period-change`. */
export type CrmTagListeners<T extends CrmTagName> = {
  [E in keyof CrmTagEvents[T] & string as `on${E}`]?: (event: CrmTagEvents[T][E]) => void;
};

/** Everything a tag accepts in JSX: HTML attributes, `ref`, its properties, attributes and event listeners. */
export type CrmReactProps<T extends CrmTagName> =
  Omit<HTMLAttributes<CrmTagElements[T]>, keyof CrmTagProps<T>>
  & ClassAttributes<CrmTagElements[T]>
  & CrmTagProps<T>
  & CrmTagAttributes<T>
  & CrmTagListeners<T>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX namespace is augmented, not declared
  namespace JSX {
    interface IntrinsicElements {
      'crm-profile': CrmReactProps<'crm-profile'>;
      'crm-widget': CrmReactProps<'crm-widget'>;
      'crm-period-picker': CrmReactProps<'crm-period-picker'>;
      'crm-detail-panel': CrmReactProps<'crm-detail-panel'>;
      'crm-widget-settings': CrmReactProps<'crm-widget-settings'>;
    }
  }
}
