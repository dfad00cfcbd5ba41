import { describe, expect, it } from 'vitest';
import { columnsOf, csvField, toCsv } from './to-csv.js';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says, and ends records with CRLF', () => {
    const rows = [
      { name: 'plain', note: 'a,b' },
      { name: 'say "hi"', note: 'line\nbreak' },
      { name: null, note: 42 },
    ];
    expect(toCsv(columnsOf<(typeof rows)[number]>(['name', 'note']), rows)).toBe(
      'name,note\r\nplain,"a,b"\r\n"say ""hi""","line\nbreak"\r\n,42\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula but leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(-5)).toBe('-5');
    expect(csvField('@cmd', { isFormulaEscaped: false })).toBe('@cmd');
    expect(csvField(true)).toBe('true');
    expect(csvField(undefined)).toBe('');
  });

  it('takes computed columns', () => {
    const csv = toCsv(
      [{ header: 'minutes', value: (row: { ms: number }) => row.ms / 60_000 }],
      [{ ms: 90_000 }],
    );
    expect(csv).toBe('minutes\r\n1.5\r\n');
  });
});
