/**
 * The suite's context key and the Context Protocol it speaks (the Web Components Community Group's
 * community protocol, https://github.com/webcomponents-cg/community-protocols/blob/main/proposals/context.md,
 * the one `@lit/context` implements; this is the part of it the suite uses, in a few lines instead of the
 * package). `<crm-profile>` provides one immutable `ProfileContext` object and replaces it (never mutates
 * it) when anything changes, so subscribed consumers (`<crm-widget>`) update exactly then. Interoperable
 * both ways: `@lit/context`'s `ContextConsumer` gets `profileContext` from a profile, and a widget consumes
 * it from `@lit/context`'s `ContextProvider`; a provider announces itself with `context-provider` (for a
 * `ContextRoot`, and an outer provider hands it the consumers under it) as `@lit/context` does
 * (test/context/context.test.ts).
 */
import type { ReactiveControllerHost } from 'lit';
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

/** A context key typed with the value it carries (the protocol's, and `@lit/context`'s, `Context` type). */
export type Context<KeyType, ValueType> = KeyType & { __context__: ValueType };

export const profileContext = Symbol('crm-profile-context') as Context<symbol, ProfileContext | undefined>;

type Callback<V> = (value: V, unsubscribe?: () => void) => void;
/** The `context-request` and `context-provider` events (bubbling, composed). */
interface ContextEvent<V> extends Event {
  readonly context: unknown;
  readonly contextTarget?: Element;
  readonly callback: Callback<V>;
  readonly subscribe?: boolean;
}
type Host = ReactiveControllerHost & HTMLElement;

const fire = (target: Element, type: string, fields: object) =>
  target.dispatchEvent(Object.assign(new Event(type, { bubbles: true, composed: true }), fields));
/** Subscribes `callback` from `target` to the nearest provider of `context` above it. */
const request = <V>(target: Element, context: unknown, callback: Callback<V>) =>
  fire(target, 'context-request', { context, contextTarget: target, callback, subscribe: true });

/**
 * Makes `host` the provider of `context` to the elements under it: answers their `context-request`s
 * with `value`, and every subscriber again when `setValue` changes it (`Object.is`).
 */
export function provide<V>(host: Host, context: Context<unknown, V>) {
  const subscribers = new Map<Callback<V>, [unsubscribe: () => void, consumer: Element]>();
  /** The event is for this context and from someone else (a request from the host is for a provider above). */
  const mine = (e: ContextEvent<V>) => e.context === context && (e.contextTarget ?? e.composedPath()[0]) !== host;
  const provider = {
    value: undefined as V,
    setValue(value: V) {
      if (Object.is(value, provider.value)) return;
      provider.value = value;
      for (const [callback, [unsubscribe]] of subscribers) callback(value, unsubscribe);
    },
  };
  host.addEventListener('context-request', (e) => {
    const { callback, subscribe } = e as ContextEvent<V>;
    if (!mine(e as ContextEvent<V>)) return;
    e.stopPropagation();
    if (!subscribe) return callback(provider.value);
    if (!subscribers.has(callback)) subscribers.set(callback, [() => subscribers.delete(callback), (e as ContextEvent<V>).contextTarget ?? e.composedPath()[0] as Element]);
    callback(provider.value, subscribers.get(callback)![0]);
  });
  // A provider connected under this one: its subscribers ask again, and those under it move to it.
  host.addEventListener('context-provider', (e) => {
    if (!mine(e as ContextEvent<V>)) return;
    for (const [callback, [, consumer]] of [...subscribers]) request(consumer, context, callback);
    e.stopPropagation();
  });
  host.addController({ hostConnected: () => fire(host, 'context-provider', { context, contextTarget: host }) });
  return provider;
}

/**
 * Subscribes `host`, while connected, to the nearest provider of `context` above it: `callback` gets
 * its value and every new one. A host that leaves keeps the last value and gets no more (as
 * `@lit/context`'s `ContextConsumer`). Unlike that one it does not call `requestUpdate`: the callback
 * sets a reactive property.
 */
export function consume<V>(host: Host, context: Context<unknown, V>, callback: (value: V) => void): void {
  let unsubscribe: (() => void) | undefined;
  const answer: Callback<V> = (value, next) => {
    // Another provider answers (one connected in between): leave the previous one.
    if (unsubscribe !== next) unsubscribe?.();
    unsubscribe = next;
    callback(value);
  };
  host.addController({
    hostConnected: () => request(host, context, answer),
    hostDisconnected: () => {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}
