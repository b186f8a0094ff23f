/**
 * English words of the widget's gear button (src/elements/widget/gear.ts), loaded with its chunk:
 * importing this module adds them to the English table (not the code every page runs).
 */
import { messagesFor } from './index.js';

export const enGear = {
  'widget.menu': 'Widget menu: {title}',
};

Object.assign(messagesFor('en'), enGear);
