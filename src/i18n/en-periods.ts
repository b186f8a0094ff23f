/**
 * English names of the periods other than the default one ("Last 30 days" stays in en.ts), loaded
 * with their code (src/core/period-forms.ts, a chunk): `periodLabel` names no other period before
 * that code is here (it checks the period with it first). Importing this module adds them to the
 * English table (not the code every page runs).
 */
import { messagesFor } from './index.js';

export const enPeriods = {
  'period.preset.today': 'Today',
  'period.preset.yesterday': 'Yesterday',
  'period.preset.current-week': 'Current week',
  'period.preset.last-week': 'Last week',
  'period.preset.current-month': 'Current month',
  'period.preset.last-month': 'Last month',
  'period.preset.current-quarter': 'Current quarter',
  'period.preset.last-quarter': 'Last quarter',
  'period.preset.current-year': 'Current year',
  'period.preset.last-year': 'Last year',
  'period.preset.last-7-days': 'Last 7 days',
  'period.preset.last-60-days': 'Last 60 days',
  'period.preset.last-90-days': 'Last 90 days',
  'period.preset.all-time': 'All time',
  /** A quarter: {q} its number, {y} the year. */
  'period.quarterLabel': 'Q{q} {y}',
};

Object.assign(messagesFor('en'), enPeriods);
