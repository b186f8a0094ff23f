/**
 * A tiny reader for the plain YAML subset docs/openapi.yaml is written in: block mappings and
 * block sequences by indentation, one-line scalars (plain, 'single' or "double" quoted, numbers,
 * booleans, null), flow sequences of scalars (`[a, 'b']`) and the empty flow mapping `{}`, full-line
 * comments. Anything else (anchors, multi-line scalars, tags…) throws with the line number, so the
 * file cannot drift out of the subset unnoticed.
 */

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

export class YamlError extends Error {}

function scalar(raw: string, no: number): unknown {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === '{}') return {};
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new YamlError(`line ${no}: unterminated quoted string`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith('"')) return JSON.parse(s) as string;
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new YamlError(`line ${no}: unterminated flow sequence`);
    return splitFlow(s.slice(1, -1), no).map((x) => scalar(x, no));
  }
  if (/^[&*!|>%@`{]/.test(s)) throw new YamlError(`line ${no}: unsupported YAML: ${s}`);
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^[-+]?\d+\.\d+$/.test(s) && !/^\d+\.\d+\.\d+/.test(s)) return Number(s);
  if (s.includes(' #')) throw new YamlError(`line ${no}: a comment after a value is not supported`);
  return s;
}

function splitFlow(s: string, no: number): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const ch of s) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else if (ch === '[' || ch === '{') throw new YamlError(`line ${no}: nested flow collections are not supported`);
    else cur += ch;
  }
  if (quote) throw new YamlError(`line ${no}: unterminated quoted string`);
  if (cur.trim() !== '' || out.length > 0) out.push(cur);
  return out;
}

/** Splits `key: value` (the key may be quoted); undefined when the text is not a mapping entry. */
function entry(text: string): [string, string] | undefined {
  let key: string;
  let rest: string;
  if (text.startsWith("'") || text.startsWith('"')) {
    const q = text[0]!;
    let i = 1;
    for (; i < text.length; i++) {
      if (text[i] === q) {
        if (q === "'" && text[i + 1] === "'") i++;
        else break;
      }
    }
    key = scalar(text.slice(0, i + 1), 0) as string;
    rest = text.slice(i + 1);
    if (!rest.startsWith(':')) return undefined;
    rest = rest.slice(1);
  } else {
    const m = /^([^'"\s][^:]*?):(?=\s|$)/.exec(text);
    if (!m) return undefined;
    key = m[1]!;
    rest = text.slice(m[0].length);
  }
  if (rest !== '' && !rest.startsWith(' ')) return undefined;
  return [key, rest.trim()];
}

export function parseYaml(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (raw.includes('\t')) throw new YamlError(`line ${i + 1}: tabs are not allowed`);
    const text = raw.trimEnd();
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    lines.push({ indent: text.length - trimmed.length, text: trimmed, no: i + 1 });
  });
  let pos = 0;

  function block(indent: number): unknown {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : mapping(first.indent);
  }

  /** The value after `key:` — inline, or the block below (deeper, or a sequence at the same indent). */
  function valueAfter(inline: string, indent: number): unknown {
    if (inline !== '') return scalar(inline, lines[pos - 1]!.no);
    const next = lines[pos];
    if (!next) return null;
    if (next.indent > indent) return block(next.indent);
    if (next.indent === indent && next.text.startsWith('- ')) return sequence(indent);
    return null;
  }

  function mapping(indent: number, seed?: [string, string]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const add = (key: string, inline: string, no: number, at: number) => {
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlError(`line ${no}: duplicate key ${key}`);
      out[key] = valueAfter(inline, at);
    };
    if (seed) add(seed[0], seed[1], lines[pos - 1]!.no, indent);
    while (pos < lines.length) {
      const line = lines[pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlError(`line ${line.no}: unexpected indentation`);
      if (line.text.startsWith('- ')) break;
      const e = entry(line.text);
      if (!e) throw new YamlError(`line ${line.no}: expected "key: value"`);
      pos++;
      add(e[0], e[1], line.no, indent);
    }
    return out;
  }

  function sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (pos < lines.length) {
      const line = lines[pos]!;
      if (line.indent !== indent || !(line.text.startsWith('- ') || line.text === '-')) {
        if (line.indent > indent) throw new YamlError(`line ${line.no}: unexpected indentation`);
        break;
      }
      pos++;
      const item = line.text.slice(1).trimStart();
      const inner = indent + (line.text.length - item.length);
      const e = item === '' ? undefined : entry(item);
      if (item === '') out.push(block(indent + 1));
      else if (e) out.push(mapping(inner, e));
      else out.push(scalar(item, line.no));
    }
    return out;
  }

  const doc = block(0);
  if (pos < lines.length) throw new YamlError(`line ${lines[pos]!.no}: unexpected content`);
  return doc;
}
