/**
 * English words of "client vs peers" (src/widgets/peers.ts), loaded with its chunk: importing this
 * module adds them to the English table (not the code every page runs).
 */
import { messagesFor } from './index.js';
import type { Plural } from './en.js';

export const enPeers = {
  'peers.contact': { one: 'Average of {count} contact', other: 'Average of {count} contacts' } as Plural,
  'peers.company': { one: 'Average of {count} company', other: 'Average of {count} companies' } as Plural,
};

Object.assign(messagesFor('en'), enPeers);
