import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  UTF8_BOM, csvField, escapeHtml, isoInstant, neutralizeFormula, safeFileName, toCsv, toHtmlTable, toTsv,
} from '../../src/core/csv.js';
import { parseCsv } from './csv-parse.js';

describe('csv: RFC 4180 writing', () => {
  it('leaves plain fields alone and quotes those with a comma, a quote, CR or LF', () => {
    expect(csvField('plain text')).to.equal('plain text');
    expect(csvField('')).to.equal('');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('"')).to.equal('""""');
    expect(csvField('line 1\nline 2')).to.equal('"line 1\nline 2"');
    expect(csvField('line 1\r\nline 2')).to.equal('"line 1\r\nline 2"');
    expect(csvField('cr\ronly')).to.equal('"cr\ronly"');
    expect(csvField("it's; fine\ttab")).to.equal("it's; fine\ttab");
  });

  it('ends every record with CRLF, the last one too; an empty row is an empty line', () => {
    expect(toCsv([['a', 'b'], [], ['c,d', 'e"f']])).to.equal('a,b\r\n\r\n"c,d","e""f"\r\n');
    expect(toCsv([])).to.equal('');
  });

  it('does not add a BOM; UTF8_BOM is U+FEFF (EF BB BF in UTF-8)', () => {
    expect(toCsv([['é']]).charCodeAt(0)).to.equal(0xe9);
    expect(UTF8_BOM).to.equal('\uFEFF');
    expect([...new TextEncoder().encode(UTF8_BOM)]).to.deep.equal([0xef, 0xbb, 0xbf]);
  });

  it('round-trips any table through a strict RFC 4180 reader', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '\r\n', 'é', '€', '=', '\t', "'") });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (rows) => {
      expect(parseCsv(toCsv(rows))).to.deep.equal(rows);
    }), { numRuns: 300 });
  });
});

describe('csv: formula injection guard', () => {
  it('prefixes text starting with = + - @ tab or CR with a quote', () => {
    for (const s of ['=1+1', '=HYPERLINK("http://evil","x")', '+33 6 12', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralizeFormula(s), s).to.equal(`'${s}`);
    }
  });

  it('leaves other text alone (a formula character further in is harmless)', () => {
    for (const s of ['', 'Deal = win', 'a+b', "'quoted", ' =1', '€12', '1-2']) expect(neutralizeFormula(s), s).to.equal(s);
  });

  it('still quotes a guarded cell for CSV', () => {
    expect(toCsv([[neutralizeFormula('=1,2')]])).to.equal(`"'=1,2"\r\n`);
  });
});

describe('csv: clipboard formats', () => {
  it('writes tab-separated text with tabs and line breaks inside cells turned into spaces', () => {
    expect(toTsv([['a', 'b'], ['c\td', 'e\r\nf']])).to.equal('a\tb\nc d\te f\n');
  });

  it('writes an HTML table with every cell escaped', () => {
    const html = toHtmlTable(['Title', 'Amount'], [['<b>x</b> & "y"', '-1.50']], { caption: 'Won <deals>', numeric: [1] });
    expect(html).to.equal('<table><caption>Won &lt;deals&gt;</caption><thead><tr><th>Title</th><th style="text-align:right">Amount</th></tr></thead>'
      + '<tbody><tr><td>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</td><td style="text-align:right">-1.50</td></tr></tbody></table>');
    expect(escapeHtml(`'`)).to.equal('&#39;');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('td')[0]!.textContent).to.equal('<b>x</b> & "y"');
    expect(doc.querySelector('b')).to.equal(null);
  });
});

describe('csv: isoInstant', () => {
  const t = Date.UTC(2026, 0, 15, 9, 30, 0);
  it('writes UTC with Z, milliseconds only when not zero', () => {
    expect(isoInstant(t)).to.equal('2026-01-15T09:30:00Z');
    expect(isoInstant(t, 'UTC')).to.equal('2026-01-15T09:30:00Z');
    expect(isoInstant(t + 7, 'UTC')).to.equal('2026-01-15T09:30:00.007Z');
    expect(isoInstant(0, 'UTC')).to.equal('1970-01-01T00:00:00Z');
  });

  it('writes the local time with the offset of the zone at that instant (DST included)', () => {
    expect(isoInstant(t, 'Europe/Paris')).to.equal('2026-01-15T10:30:00+01:00');
    expect(isoInstant(Date.UTC(2026, 6, 1, 22, 0), 'Europe/Paris')).to.equal('2026-07-02T00:00:00+02:00');
    expect(isoInstant(t, 'America/New_York')).to.equal('2026-01-15T04:30:00-05:00');
    expect(isoInstant(t, 'Asia/Kolkata')).to.equal('2026-01-15T15:00:00+05:30');
    expect(isoInstant(t, 'Europe/London')).to.equal('2026-01-15T09:30:00Z');
    // Both sides of the Paris spring-forward: 01:59:59+01:00 then 03:00:00+02:00.
    const jump = Date.UTC(2026, 2, 29, 1, 0, 0);
    expect(isoInstant(jump - 1000, 'Europe/Paris')).to.equal('2026-03-29T01:59:59+01:00');
    expect(isoInstant(jump, 'Europe/Paris')).to.equal('2026-03-29T03:00:00+02:00');
  });

  it('names the same instant as Date parses it back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom('UTC', 'Europe/Paris', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu'), (ms, zone) => {
      expect(Date.parse(isoInstant(ms, zone))).to.equal(ms);
    }), { numRuns: 300 });
  });
});

describe('csv: safeFileName', () => {
  it('joins the parts with dashes, keeping letters and digits of any script', () => {
    expect(safeFileName(['Won deals', 'Jane Doe', 'Last 30 days'])).to.equal('Won-deals-Jane-Doe-Last-30-days.csv');
    expect(safeFileName(['Affaires gagnées', 'Société Générale', 'T1 2026'])).to.equal('Affaires-gagnées-Société-Générale-T1-2026.csv');
    expect(safeFileName(['Продажи', '東京'])).to.equal('Продажи-東京.csv');
  });

  it('drops path separators, reserved characters, dots and control characters', () => {
    const name = safeFileName(['../../etc/passwd', 'a:b*c?"d"<e>|f\\g', '\u0000x\u001f', '.hidden']);
    expect(name).to.equal('etc-passwd-a-b-c-d-e-f-g-x-hidden.csv');
    expect(name).to.not.match(/[/\\:*?"<>|]/);
    expect([...name].some((c) => c.charCodeAt(0) < 0x20), 'no control character').to.equal(false);
  });

  it('falls back to "export", avoids Windows device names and stays short', () => {
    expect(safeFileName(['', '  ', '—'])).to.equal('export.csv');
    expect(safeFileName(['CON'])).to.equal('_CON.csv');
    expect(safeFileName(['x'.repeat(300)]).length).to.equal(124);
    expect(safeFileName(['a'], 'tsv')).to.equal('a.tsv');
  });
});
