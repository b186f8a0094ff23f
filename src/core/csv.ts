/**
 * Plain-text table formats for exports, pure and DOM-free: CSV (RFC 4180), tab-separated text and
 * an HTML `<table>` for the clipboard, ISO 8601 instants, file names. Cells are strings already: the
 * caller decides what each value looks like (see `src/widgets/record-columns.ts`).
 *
 * Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula. Text that comes from a data source goes through
 * {@link neutralizeFormula} (a leading `'` is added, as OWASP recommends); numbers and dates,
 * written by us, do not (a negative amount stays `-12.50`).
 */
import type { Instant } from './model.js';
import { zoneOffset } from './period-base.js';

/** The UTF-8 byte order mark: Excel reads the file as UTF-8 only when it starts with it. */
export const UTF8_BOM = '\uFEFF';

/** One CSV field: quoted when it contains `"`, `,`, CR or LF, quotes doubled (RFC 4180 §2.6–2.7). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * RFC 4180 text of `rows`: fields separated by commas, every record (the last one too) ended by
 * CRLF. An empty row gives an empty line. No BOM: prefix {@link UTF8_BOM} for a file.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`;
  return out;
}

/** Characters a spreadsheet takes as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM(…)`, `-2+3`) gets a leading `'`. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Tab-separated text (what spreadsheets paste as a table): tabs and line breaks inside a cell become
 * spaces, rows end with LF.
 */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n') + '\n';
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * An HTML `<table>` (header row in `<thead>`, cells escaped) for the `text/html` clipboard flavour.
 * `numeric` lists the column indexes to align right.
 */
export function toHtmlTable(
  header: readonly string[], rows: readonly (readonly string[])[], options: { caption?: string; numeric?: readonly number[] } = {},
): string {
  const num = new Set(options.numeric ?? []);
  const cell = (tag: 'th' | 'td', text: string, i: number) =>
    `<${tag}${num.has(i) ? ' style="text-align:right"' : ''}>${escapeHtml(text)}</${tag}>`;
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  const head = `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</tbody>`;
  return `<table>${caption}${head}${body}</table>`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * ISO 8601 local date-time of `t` in `timeZone` with its offset ("2026-03-01T10:00:00+01:00"), `Z`
 * when the offset is zero; milliseconds only when not zero. Never `Intl`-formatted (the offset
 * comes from the time-zone data, the digits from arithmetic), so it reads the same in every locale.
 */
export function isoInstant(t: Instant, timeZone = 'UTC'): string {
  const offset = zoneOffset(t, timeZone);
  // Offsets with seconds (local mean time before 1900) are rounded out by writing UTC instead.
  const o = offset % 60_000 === 0 ? offset : 0;
  const iso = new Date(t + o).toISOString(); // the local wall time, read as if it were UTC
  const local = iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1);
  if (o === 0) return `${local}Z`;
  const abs = Math.abs(o) / 60_000;
  return `${local}${o < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A portable file name from `parts` joined by `-`: letters and digits of any script kept, anything
 * else (spaces, `/\:*?"<>|`, dots, control characters) becomes one `-`; at most 120 characters
 * before `extension`; `export` when nothing is left.
 */
export function safeFileName(parts: readonly string[], extension = 'csv'): string {
  let base = parts
    .map((p) => p.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-').replace(/^-+|-+$/g, ''))
    .filter((p) => p !== '')
    .join('-')
    .slice(0, 120)
    .replace(/-+$/, '');
  if (base === '') base = 'export';
  if (RESERVED.test(base)) base = `_${base}`;
  return `${base}.${extension}`;
}
