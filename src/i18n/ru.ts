/**
 * Русский: only the period names so far (Bitrix24's portals are mostly Russian-speaking; months,
 * years and ranges come from `Intl`). Every other message falls back to English, key by key (`msg`).
 */
import type { Messages } from './en.js';

export const ru = {
  'period.preset.today': 'Сегодня',
  'period.preset.yesterday': 'Вчера',
  'period.preset.current-week': 'Текущая неделя',
  'period.preset.last-week': 'Прошлая неделя',
  'period.preset.current-month': 'Текущий месяц',
  'period.preset.last-month': 'Прошлый месяц',
  'period.preset.current-quarter': 'Текущий квартал',
  'period.preset.last-quarter': 'Прошлый квартал',
  'period.preset.current-year': 'Текущий год',
  'period.preset.last-year': 'Прошлый год',
  'period.preset.last-7-days': 'Последние 7 дней',
  'period.preset.last-30-days': 'Последние 30 дней',
  'period.preset.last-60-days': 'Последние 60 дней',
  'period.preset.last-90-days': 'Последние 90 дней',
  'period.preset.all-time': 'За всё время',
  'period.quarterLabel': '{q} кв. {y}',
} satisfies Partial<Messages>;
