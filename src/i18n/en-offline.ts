/**
 * English words of the profile's offline copy (src/elements/profile/offline-copy.ts), loaded with
 * its chunk: importing this module adds them to the English table (not the code every page runs).
 */
import { messagesFor } from './index.js';

export const enOffline = {
  'offline.banner': 'Offline — data from {time}',
};

Object.assign(messagesFor('en'), enOffline);
