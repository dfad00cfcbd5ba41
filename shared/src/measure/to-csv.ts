/**
 * CSV as RFC 4180 describes it: records end with CRLF, a field containing a comma, a double quote,
 * CR or LF is enclosed in double quotes, and a double quote inside is doubled. Null and undefined
 * are empty fields. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab
 * or CR) is prefixed with an apostrophe, because CRM names and notes are not ours to trust; numbers
 * are written as they are. Pass `{ isFormulaEscaped: false }` to keep text verbatim.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => CsvValue;
}

export interface CsvOptions {
  readonly isFormulaEscaped?: boolean;
}

const needsQuoting = /[",\r\n]/;
const formulaStart = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && (options.isFormulaEscaped ?? true) && formulaStart.test(text)) {
    text = `'${text}`;
  }
  return needsQuoting.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
  options: CsvOptions = {},
): string {
  const lines = [columns.map((column) => csvField(column.header, options)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row), options)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Columns for every own property of a table's rows, headed by the property name. */
export function columnsOf<Row extends object>(keys: readonly (keyof Row & string)[]): CsvColumn<Row>[] {
  return keys.map((key) => ({ header: key, value: (row: Row) => row[key] as CsvValue }));
}
