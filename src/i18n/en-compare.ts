/**
 * English words of the period comparison (src/widgets/comparison.ts), loaded with its chunk:
 * importing this module adds them to the English table (not the code every page runs).
 */
import { messagesFor } from './index.js';

export const enCompare = {
  'compare.points': '{value} pts',
  'compare.up': 'up',
  'compare.down': 'down',
  'compare.flat': 'unchanged',
  'compare.vs': 'vs {period}: {previous}',
};

Object.assign(messagesFor('en'), enCompare);
