/**
 * The layout model's rules, as pure functions (no DOM): the repair of anything
 * read from storage or given by a host (`normalizeLayout`), the sanitizing of one widget's settings
 * (`sanitizeSettings`, shared with the settings dialog) and the immutable edit operations.
 *
 * Invariants every function here returns (and `normalizeLayout` restores):
 * - `version` is `LAYOUT_VERSION`; at most `MAX_WIDGETS` items; ids are non-empty, unique strings;
 * - exactly one system widget, first, with empty settings;
 * - every item's settings hold only the fields its type offers (`WIDGET_CATALOG[type].settings`),
 *   each with a valid value, keys in a canonical order; empty lists and empty titles are absent.
 *
 * Schema history:
 * - v0 (before versioning): a plain array of type names (`["system", "load-by-channel"]`), or an
 *   object `{ items: [{ type, settings }] }` without ids or version;
 * - v1 (current): `{ version: 1, items: [{ id, type, settings }] }`; the store adds `savedAt`.
 */
import { CHANNELS, type Direction } from '../core/model.js';
import { formatPeriod, parsePeriod } from '../core/period.js';
import { WIDGET_CATALOG } from './catalog.js';
import { DEFAULT_NUMBER_METRICS, MAX_NUMBER_METRICS, isNumberMetric, numberProblem, problemText } from './number.js';
import { type MetricId } from '../core/metrics.js';
import { isMetricId } from '../core/metric-ids.js';
import {
  LAYOUT_VERSION, MAX_WIDGETS, SYSTEM_WIDGET, WIDGET_TYPES,
  type Layout, type NumberOp, type LayoutItem, type SettingField, type WidgetSettings, type WidgetType,
} from './types.js';
import { CHART_TYPES, COLORS, COMPARE_SETTINGS, DEAL_COUNTS, GROUPINGS, NUMBER_OPS } from './choices.js';
import { defaultLayout } from './layout-lazy.js';

// The default layout and the layouts' comparison live with the lazy loader of this module (what a
// first paint needs without it).
export { defaultLayout, sameValue } from './layout-lazy.js';

/** Directions an activity filter may name (the `Direction` union, as data). */
export const DIRECTIONS: readonly Direction[] = ['in', 'out', 'none'];

/** Longest custom title kept, in characters (code points); longer ones are cut. */
export const MAX_TITLE_LENGTH = 80;

/** Longest item id kept; a longer one is replaced by a generated id. */
const MAX_ID_LENGTH = 100;

/** Every settings field, in the canonical order sanitized settings are written in. */
export const FIELD_ORDER: readonly SettingField[] = [
  'title', 'period', 'metrics', 'op', 'count', 'pipelines', 'dealStages', 'invoiceStages', 'channels', 'directions', 'completed',
  'chart', 'grouping', 'color', 'compare',
];

export interface NormalizedLayout {
  readonly layout: Layout;
  /** What was repaired, one English sentence each (for logs and developer tools). */
  readonly warnings: string[];
}

export interface SanitizedSettings {
  readonly settings: WidgetSettings;
  readonly warnings: string[];
}

const isWidgetType = (v: unknown): v is WidgetType => typeof v === 'string' && (WIDGET_TYPES as readonly string[]).includes(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? String(v));
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
};


// ─── settings ────────────────────────────────────────────────────────────────────────────────────

/** A list of distinct, non-empty strings; `allowed` (when given) filters and orders it canonically. */
function stringList(
  field: string, value: unknown, warnings: string[], allowed?: readonly string[],
): string[] | undefined {
  if (!Array.isArray(value)) {
    warnings.push(`setting "${field}" must be a list of strings, got ${show(value)}: dropped`);
    return undefined;
  }
  const out: string[] = [];
  for (const x of value) {
    if (typeof x !== 'string' || x === '' || (allowed && !allowed.includes(x))) {
      warnings.push(`setting "${field}": ${show(x)} is not ${allowed ? `one of ${allowed.join(', ')}` : 'a non-empty string'}: dropped`);
    } else if (!out.includes(x)) out.push(x);
  }
  if (allowed) out.sort((a, b) => allowed.indexOf(a) - allowed.indexOf(b));
  return out.length ? out : undefined;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], warnings: string[]): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  warnings.push(`setting "${field}": ${show(value)} is not one of ${allowed.join(', ')}: dropped`);
  return undefined;
}

function bool(field: string, value: unknown, warnings: string[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  warnings.push(`setting "${field}" must be true or false, got ${show(value)}: dropped`);
  return undefined;
}

/** A title trimmed and cut to `MAX_TITLE_LENGTH` code points (never half a surrogate pair). */
function cleanTitle(value: unknown, warnings: string[]): string | undefined {
  if (typeof value !== 'string') {
    warnings.push(`setting "title" must be a string, got ${show(value)}: dropped`);
    return undefined;
  }
  let title = value.trim();
  const chars = Array.from(title);
  if (chars.length > MAX_TITLE_LENGTH) {
    warnings.push(`setting "title" is longer than ${MAX_TITLE_LENGTH} characters: cut`);
    title = chars.slice(0, MAX_TITLE_LENGTH).join('').trimEnd();
  }
  return title || undefined;
}

function cleanPeriod(value: unknown, warnings: string[]): string | undefined {
  if (typeof value === 'string') {
    try {
      return formatPeriod(parsePeriod(value));
    } catch { /* reported below */ }
  }
  warnings.push(`setting "period": ${show(value)} is not a period: dropped (the widget follows the page period)`);
  return undefined;
}

/**
 * The custom number's metrics: known number metrics (not channel or series ones), in the order
 * given (it matters: first − second, first ÷ second), without repeats, at most three.
 */
function numberMetrics(value: unknown, warnings: string[]): MetricId[] | undefined {
  if (!Array.isArray(value)) {
    warnings.push(`setting "metrics" must be a list of metric ids, got ${show(value)}: dropped (the value of won deals is shown)`);
    return undefined;
  }
  const out: MetricId[] = [];
  for (const x of value) {
    if (typeof x !== 'string' || !isMetricId(x)) warnings.push(`setting "metrics": unknown metric ${show(x)}: dropped`);
    else if (!isNumberMetric(x)) warnings.push(`setting "metrics": ${show(x)} is not a single number (a channel or a series): dropped`);
    else if (out.includes(x)) warnings.push(`setting "metrics": ${show(x)} repeated: dropped`);
    else out.push(x);
  }
  if (out.length > MAX_NUMBER_METRICS) {
    warnings.push(`setting "metrics": more than ${MAX_NUMBER_METRICS} metrics, the last ${out.length - MAX_NUMBER_METRICS} dropped`);
    out.length = MAX_NUMBER_METRICS;
  }
  if (!out.length && value.length) warnings.push('setting "metrics": no metric left, the value of won deals is shown');
  return out.length ? out : undefined;
}

/**
 * Checks that hold between fields: the custom number's operation must suit its metrics (else it
 * shows them side by side), and a filter that narrows none of its metrics is dropped.
 */
function crossCheck(type: WidgetType, out: Record<string, unknown>, warnings: string[]): void {
  const def = WIDGET_CATALOG[type];
  if (def.settings.includes('op') && out.op !== undefined) {
    const metrics = (out.metrics as MetricId[] | undefined) ?? DEFAULT_NUMBER_METRICS;
    const problem = numberProblem(metrics, out.op as NumberOp);
    if (problem) {
      warnings.push(`setting "op": ${problemText(problem)}: the metrics are shown side by side ("none")`);
      out.op = 'none';
    }
  }
  if (!def.applies) return;
  for (const field of Object.keys(out) as SettingField[]) {
    if (!def.applies(field, out as WidgetSettings)) {
      warnings.push(`setting "${field}" narrows none of the widget's numbers: dropped`);
      delete out[field];
    }
  }
}

function cleanField(type: WidgetType, field: SettingField, value: unknown, warnings: string[]): unknown {
  switch (field) {
    case 'title': return cleanTitle(value, warnings);
    case 'period': return cleanPeriod(value, warnings);
    case 'pipelines':
    case 'dealStages':
    case 'invoiceStages': return stringList(field, value, warnings);
    case 'channels': return stringList(field, value, warnings, CHANNELS);
    case 'directions': return stringList(field, value, warnings, DIRECTIONS);
    case 'completed': return bool(field, value, warnings);
    // Layouts saved before the comparison modes stored a boolean: true was "the previous period".
    case 'compare': return value === true ? 'previous' : value === false ? 'off' : oneOf(field, value, COMPARE_SETTINGS, warnings);
    case 'chart': {
      const charts = WIDGET_CATALOG[type].charts;
      if (typeof value === 'string' && (CHART_TYPES as readonly string[]).includes(value) && !(charts as readonly string[]).includes(value)) {
        warnings.push(`setting "chart": a ${type} widget has no ${value} chart (${charts.join(', ')}): dropped`);
        return undefined;
      }
      return oneOf(field, value, charts, warnings);
    }
    case 'grouping': return oneOf(field, value, GROUPINGS, warnings);
    case 'color': return oneOf(field, value, COLORS, warnings);
    case 'count': return oneOf(field, value, DEAL_COUNTS, warnings);
    case 'metrics': return numberMetrics(value, warnings);
    case 'op': return oneOf(field, value, NUMBER_OPS, warnings);
  }
}

/**
 * The settings a widget of `type` keeps from `input`, field by field: unknown keys and fields the
 * type does not offer are dropped, every value is checked (titles trimmed and cut to 80 characters,
 * periods parsed and written in canonical form, enumerations checked, lists deduplicated, empty
 * lists and titles removed; the custom number keeps up to three known number metrics, and an
 * operation that does not suit them becomes `none`). Never throws; the system widget's settings
 * are always empty.
 */
export function sanitizeSettings(type: WidgetType, input: unknown): SanitizedSettings {
  try {
    return sanitize(type, input);
  } catch (e) {
    // An object whose getters or proxy traps throw: nothing of it can be trusted.
    return { settings: {}, warnings: [`settings could not be read (${e instanceof Error ? e.message : show(e)}): replaced by {}`] };
  }
}

function sanitize(type: WidgetType, input: unknown): SanitizedSettings {
  const warnings: string[] = [];
  if (input === undefined || input === null) return { settings: {}, warnings };
  if (!isRecord(input)) {
    warnings.push(`settings must be an object, got ${show(input)}: replaced by {}`);
    return { settings: {}, warnings };
  }
  const offered = WIDGET_CATALOG[type].settings;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(input);
  for (const key of keys) {
    if (!(FIELD_ORDER as readonly string[]).includes(key)) warnings.push(`unknown setting "${key}": dropped`);
    else if (!offered.includes(key as SettingField)) warnings.push(`a ${type} widget has no "${key}" setting: dropped`);
  }
  for (const field of FIELD_ORDER) {
    if (!offered.includes(field) || !keys.includes(field) || input[field] === undefined) continue;
    const value = cleanField(type, field, input[field], warnings);
    if (value !== undefined) out[field] = value;
  }
  crossCheck(type, out, warnings);
  return { settings: out as WidgetSettings, warnings };
}

// ─── layout ──────────────────────────────────────────────────────────────────────────────────────

/** The next generated id `w<n>` not in `used` (n above every `w<k>` already used). */
function nextId(used: ReadonlySet<string>): string {
  let n = 0;
  for (const id of used) {
    const m = /^w(\d{1,9})$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  while (used.has(`w${++n}`));
  return `w${n}`;
}

interface RawItem {
  readonly id?: string;
  readonly type: WidgetType;
  readonly settings: unknown;
  /** Position in the input, for warnings. */
  readonly at: number;
}

/** The id an input item proposes, if usable: a non-empty string (or a finite number, as text). */
function proposedId(v: unknown): string | undefined {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  return typeof s === 'string' && s.trim() !== '' && s.length <= MAX_ID_LENGTH ? s : undefined;
}

function readItems(list: readonly unknown[], warnings: string[]): RawItem[] {
  const out: RawItem[] = [];
  list.forEach((entry, at) => {
    if (typeof entry === 'string') {
      if (isWidgetType(entry)) out.push({ type: entry, settings: undefined, at });
      else warnings.push(`item ${at}: unknown widget type ${show(entry)}: dropped`);
      return;
    }
    if (!isRecord(entry)) {
      warnings.push(`item ${at}: ${show(entry)} is not a widget: dropped`);
      return;
    }
    if (!isWidgetType(entry.type)) {
      warnings.push(`item ${at}: unknown widget type ${show(entry.type)}: dropped`);
      return;
    }
    const id = proposedId(entry.id);
    if (entry.id !== undefined && id === undefined) warnings.push(`item ${at}: invalid id ${show(entry.id)}: a new one is given`);
    out.push({ ...(id !== undefined ? { id } : {}), type: entry.type, settings: entry.settings, at });
  });
  return out;
}

/** The items of any accepted input shape, or null when there is nothing layout-like in it. */
function itemsOf(input: unknown, warnings: string[]): readonly unknown[] | null {
  if (Array.isArray(input)) {
    warnings.push('layout stored in version 0 (a list of widget types): migrated');
    return input;
  }
  if (!isRecord(input)) {
    warnings.push(`the layout ${show(input)} is not an object: the default layout is used`);
    return null;
  }
  if (!Array.isArray(input.items)) {
    warnings.push('the layout has no "items" list: the default layout is used');
    return null;
  }
  const v = input.version;
  if (v === undefined || v === 0) warnings.push('layout stored in version 0 (items without ids): migrated');
  else if (typeof v === 'number' && Number.isFinite(v) && v > LAYOUT_VERSION) {
    warnings.push(`layout version ${v} is newer than this code's version ${LAYOUT_VERSION}: read as far as understood`);
  } else if (v !== LAYOUT_VERSION) warnings.push(`unknown layout version ${show(v)}: read as far as understood`);
  return input.items;
}

function repair(input: unknown, warnings: string[]): Layout {
  const list = itemsOf(input, warnings);
  if (!list) return defaultLayout();
  let items = readItems(list, warnings);

  // The system widget: exactly one, first.
  const sysAt = items.findIndex((it) => it.type === SYSTEM_WIDGET);
  let system: RawItem | undefined;
  if (sysAt < 0) warnings.push('the system widget was missing: put back first');
  else {
    system = items[sysAt]!;
    if (sysAt > 0) warnings.push(`the system widget was at position ${sysAt}: moved first`);
  }
  const others = items.filter((it) => it.type !== SYSTEM_WIDGET);
  if (items.length - others.length > 1) warnings.push(`${items.length - others.length - 1} extra system widget(s): dropped`);
  items = others;

  if (items.length + 1 > MAX_WIDGETS) {
    warnings.push(`${items.length + 1} widgets, more than ${MAX_WIDGETS}: the last ${items.length + 1 - MAX_WIDGETS} dropped`);
    items = items.slice(0, MAX_WIDGETS - 1);
  }

  // Ids: the first holder of an id keeps it; later duplicates and missing ids get fresh ones.
  const kept = [...(system ? [system] : []), ...items];
  const used = new Set<string>();
  const ids = kept.map((it) => {
    if (it.id === undefined || used.has(it.id)) return undefined;
    used.add(it.id);
    return it.id;
  });
  const sysId = system ? ids[0] ?? nextId(used) : nextId(used);
  used.add(sysId);

  if (system && isRecord(system.settings) && Object.keys(system.settings).length > 0) {
    warnings.push('the system widget cannot be configured: its settings were emptied');
  }
  const out: LayoutItem[] = [{ id: sysId, type: SYSTEM_WIDGET, settings: {} }];
  items.forEach((it, i) => {
    let id = ids[i + (system ? 1 : 0)];
    if (id === undefined) {
      id = nextId(used);
      used.add(id);
      if (it.id !== undefined) warnings.push(`item ${it.at}: duplicate id ${show(it.id)}: renamed ${show(id)}`);
    }
    const s = sanitizeSettings(it.type, it.settings);
    for (const w of s.warnings) warnings.push(`item ${it.at} (${id}): ${w}`);
    out.push({ id, type: it.type, settings: s.settings });
  });
  return { version: LAYOUT_VERSION, items: out };
}

/**
 * Repairs anything into a valid layout, keeping all that can be kept: corrupt input → the default
 * layout; v0 shapes migrated; unknown types dropped; duplicate ids renamed; the system widget put
 * (back) first with empty settings; settings sanitized; more than `MAX_WIDGETS` items cut; a newer
 * version read as far as understood. Never throws; idempotent (`normalize(normalize(x).layout)`
 * returns the same layout and no warnings).
 */
export function normalizeLayout(input: unknown): NormalizedLayout {
  const warnings: string[] = [];
  try {
    return { layout: repair(input, warnings), warnings };
  } catch (e) {
    // Only hostile objects (throwing getters, proxies) get here.
    warnings.push(`the layout could not be read (${e instanceof Error ? e.message : show(e)}): the default layout is used`);
    return { layout: defaultLayout(), warnings };
  }
}

/**
 * The text of `<crm-profile>`'s `layout` attribute: JSON, or widget types separated by commas (the
 * system widget first); anything else is left to `normalizeLayout` to refuse (with a warning).
 */
export function layoutFromAttribute(value: string | null): unknown {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (/^[a-z-]+(\s*,\s*[a-z-]+)*$/.test(text)) {
    const types = text.split(',').map((t) => t.trim()).filter((t) => t !== SYSTEM_WIDGET);
    return { version: 1, items: [SYSTEM_WIDGET, ...types].map((type, i) => ({ id: `w${i + 1}`, type, settings: {} })) };
  }
  return text;
}

// ─── operations ──────────────────────────────────────────────────────────────────────────────────

const with_ = (items: readonly LayoutItem[]): Layout => ({ version: LAYOUT_VERSION, items });

/**
 * A new layout with a widget of `type` appended, under a fresh id, its settings sanitized.
 * @throws RangeError when the layout already holds `MAX_WIDGETS` widgets.
 * @throws TypeError for the system widget (there is exactly one) or an unknown type.
 */
export function addWidget(layout: Layout, type: WidgetType, settings?: WidgetSettings): Layout {
  if (!isWidgetType(type) || type === SYSTEM_WIDGET) throw new TypeError(`Cannot add a widget of type ${show(type)}.`);
  if (layout.items.length >= MAX_WIDGETS) throw new RangeError(`A layout holds at most ${MAX_WIDGETS} widgets.`);
  const id = nextId(new Set(layout.items.map((it) => it.id)));
  return with_([...layout.items, { id, type, settings: sanitizeSettings(type, settings).settings }]);
}

/** A new layout without the widget `id`; the same layout for the system widget or an unknown id. */
export function removeWidget(layout: Layout, id: string): Layout {
  const at = layout.items.findIndex((it) => it.id === id);
  if (at < 0 || layout.items[at]!.type === SYSTEM_WIDGET) return layout;
  return with_(layout.items.filter((_, i) => i !== at));
}

/**
 * A new layout with widget `id` at index `toIndex` of the result, clamped to 1 … last (nothing goes
 * before the system widget). The same layout for the system widget, an unknown id, a non-numeric
 * index or no change.
 */
export function moveWidget(layout: Layout, id: string, toIndex: number): Layout {
  const from = layout.items.findIndex((it) => it.id === id);
  if (from < 0 || layout.items[from]!.type === SYSTEM_WIDGET || typeof toIndex !== 'number' || Number.isNaN(toIndex)) return layout;
  const to = Math.min(Math.max(Math.trunc(toIndex), 1), layout.items.length - 1);
  if (to === from) return layout;
  const items = layout.items.filter((_, i) => i !== from);
  items.splice(to, 0, layout.items[from]!);
  return with_(items);
}

/**
 * A new layout where widget `id` has `settings` (replacing its old ones), sanitized as
 * `normalizeLayout` does. The same layout for the system widget or an unknown id.
 */
export function updateSettings(layout: Layout, id: string, settings: WidgetSettings): Layout {
  const at = layout.items.findIndex((it) => it.id === id);
  if (at < 0) return layout;
  const item = layout.items[at]!;
  if (item.type === SYSTEM_WIDGET) return layout;
  const clean = sanitizeSettings(item.type, settings).settings;
  return with_(layout.items.map((it, i) => (i === at ? { ...it, settings: clean } : it)));
}
