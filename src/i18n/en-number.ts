/**
 * English words of the custom number (src/widgets/number.ts), loaded with its chunk: importing
 * this module adds them to the English table (not the code every page runs).
 */
import { messagesFor } from './index.js';

export const enNumber = {
  'number.percentageOf': '{a} as a percentage of {b}',
  'number.zero': '{term} is 0: no percentage of it',
  'number.currencies': 'Amounts in different currencies ({currencies}) cannot be combined',
};

Object.assign(messagesFor('en'), enNumber);
