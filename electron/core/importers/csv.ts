/**
 * Generic CSV importer.
 *
 * - Encoding: UTF-8 (a BOM is dropped); anything else is refused.
 * - Delimiter: `,`, `;` or tab, sniffed from the first lines (see
 *   sniffDelimiter). Quoting per RFC 4180 (see csv-tokenizer.ts).
 * - Header: the first row is a header when every cell is non-empty and
 *   neither a number nor a date; otherwise the columns are named
 *   `col1`…`colN` and the first row is data. Header names must be unique.
 * - Every row must have as many fields as the header (or first row).
 * - Mapping and auto-detection: see planColumns in generic.ts. With one
 *   value column each row gives one record of kind `kind`; with several,
 *   one record per (row, column) with kind `${kind}.${column}`, so every
 *   dataset holds one kind of measurement with one unit, and re-importing
 *   an export of it gives the same records. An empty cell is an absent
 *   value: it gives no record (a row whose value cells are all empty gives
 *   none).
 * - Values: a plain decimal number (`12`, `-3.5`, `1e3`) goes to valueNum,
 *   anything else to valueText as written. In `;`-delimited files a decimal
 *   comma (`12,5`) is read as a number too.
 * - The Data Wallet export (header exactly kind,t_start,t_end,value_num,
 *   value_text,unit,source,meta, any order) is imported as-is unless the
 *   mapping names columns: kind/unit/source from the row, meta parsed from
 *   its JSON text, an unquoted empty field is null and `""` the empty
 *   string, value_num must be a number or empty.
 */
import type { NewRecord } from '../../../shared/domain/record.js';
import { CsvTokenizer, sniffDelimiter } from './csv-tokenizer.js';
import { ImportFormatError, UnsupportedTimestampError } from './errors.js';
import {
  WALLET_EXPORT_COLUMNS,
  asMeta,
  decimalCommaNumber,
  isWalletExportShape,
  NON_FINITE_HINT,
  nonFiniteProblem,
  namesColumns,
  planColumns,
  strictNumber,
  type ColumnPlan,
  type WalletExportColumn,
} from './generic.js';
import { openFileInput, runParser, Utf8Decoder, type ByteInput, type ChunkParser, type RecordSink } from './stream.js';
import { NUMERIC_RE, describeTimestampFailure, looksLikeDateText, parseTimestampText, type TimeFormat } from './timestamps.js';
import type { GenericMapping, ImportOptions } from './types.js';

/** Text gathered before the delimiter is sniffed. */
const SNIFF_CHARS = 64 * 1024;

const HEADER_HINT = 'Every row must have as many fields as the header (or the first row); quote fields that contain the delimiter.';

export class CsvParser implements ChunkParser {
  private readonly decoder: Utf8Decoder;
  private tokenizer: CsvTokenizer | null = null;
  private pending = '';
  private delimiter: ',' | ';' | '\t' = ',';
  private names: string[] | null = null;
  private plan: ColumnPlan | null = null;
  private wallet: Record<WalletExportColumn, number> | null = null;
  private line = 0;

  constructor(
    private readonly fileName: string,
    private readonly mapping: GenericMapping | undefined,
    private readonly sink: RecordSink,
  ) {
    this.decoder = new Utf8Decoder(fileName);
    sink.position = () => ({ line: this.line });
  }

  write(chunk: Buffer): void {
    this.text(this.decoder.decode(chunk));
  }

  end(): void {
    this.text(this.decoder.end());
    if (this.tokenizer === null) this.start();
    this.tokenizer!.end();
  }

  private text(s: string): void {
    if (this.tokenizer !== null) {
      this.tokenizer.write(s);
      return;
    }
    this.pending += s;
    if (this.pending.length >= SNIFF_CHARS) this.start();
  }

  private start(): void {
    this.delimiter = sniffDelimiter(this.pending);
    this.tokenizer = new CsvTokenizer(
      this.delimiter,
      (fields, quoted, line) => this.row(fields, quoted, line),
      (reason, line) => {
        throw new ImportFormatError({ fileName: this.fileName, line, reason, hint: HEADER_HINT });
      },
    );
    const text = this.pending;
    this.pending = '';
    this.tokenizer.write(text);
  }

  private row(fields: string[], quoted: boolean[], line: number): void {
    this.line = line;
    if (this.names === null) {
      if (isHeader(fields)) {
        this.names = fields.map((f) => f.trim());
        const seen = new Map<string, number>();
        this.names.forEach((n, i) => {
          const first = seen.get(n);
          // Positions only: a "header" may really be a first row of data.
          if (first !== undefined) this.fail(line, `columns ${first + 1} and ${i + 1} of the header have the same name`, 'Give every column a different name.');
          seen.set(n, i);
        });
        if (isWalletExportShape(this.names) && !namesColumns(this.mapping)) {
          const idx = {} as Record<WalletExportColumn, number>;
          for (const c of WALLET_EXPORT_COLUMNS) idx[c] = this.names.indexOf(c);
          this.wallet = idx;
        }
        return;
      }
      this.names = fields.map((_, i) => `col${i + 1}`);
    }
    const names = this.names;
    if (fields.length !== names.length) {
      this.fail(line, `row has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${names.length}`, HEADER_HINT);
    }
    if (this.wallet !== null) {
      this.walletRow(fields, quoted, line, this.wallet);
      return;
    }
    const plan = (this.plan ??= planColumns(this.fileName, names, fields, this.mapping, line));
    const tStart = this.time(fields[plan.timeIndex]!, plan.timeName, plan.timeFormat, line);
    const tEnd = plan.endIndex === -1 ? tStart : this.time(fields[plan.endIndex]!, plan.endName!, plan.timeFormat, line);
    for (const col of plan.values) {
      const cell = fields[col.index]!;
      if (cell === '') continue;
      const bad = nonFiniteProblem(cell);
      if (bad !== null) this.fail(line, `column ${col.index + 1} ${bad}`, NON_FINITE_HINT);
      let num = strictNumber(cell);
      if (num === null && this.delimiter === ';') num = decimalCommaNumber(cell);
      this.sink.push({
        kind: col.kind,
        unit: plan.unit,
        source: null,
        tStart,
        tEnd,
        valueNum: num,
        valueText: num === null ? cell : null,
        meta: null,
      });
    }
  }

  private walletRow(fields: string[], quoted: boolean[], line: number, idx: Record<WalletExportColumn, number>): void {
    // Unquoted empty → null; quoted empty ("") → empty string.
    const text = (c: WalletExportColumn): string | null => {
      const i = idx[c];
      const v = fields[i]!;
      return v === '' && !quoted[i] ? null : v;
    };
    const kind = text('kind');
    if (kind === null || kind === '') this.fail(line, 'column "kind" is empty', 'Every row of a Data Wallet export needs a kind.');
    // The export writes ISO-8601; a number there is epoch milliseconds, never seconds.
    const fmt = (cell: string): TimeFormat => (NUMERIC_RE.test(cell.trim()) ? 'epoch-ms' : 'iso');
    const tStart = this.time(fields[idx.t_start]!, 't_start', fmt(fields[idx.t_start]!), line);
    const tEnd = this.time(fields[idx.t_end]!, 't_end', fmt(fields[idx.t_end]!), line);
    const numText = text('value_num');
    let valueNum: number | null = null;
    if (numText !== null) {
      const bad = nonFiniteProblem(numText);
      if (bad !== null) this.fail(line, `column "value_num" ${bad}`, NON_FINITE_HINT);
      valueNum = strictNumber(numText);
      if (valueNum === null) this.fail(line, 'column "value_num" is not a number', 'value_num must be a plain number or empty.');
    }
    const metaText = text('meta');
    let meta: NewRecord['meta'] = null;
    if (metaText !== null && metaText !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(metaText);
      } catch {
        this.fail(line, 'column "meta" is not valid JSON', 'meta must be a JSON object of strings, numbers, booleans and nulls, or empty.');
      }
      const m = asMeta(parsed);
      if (m === undefined) {
        this.fail(line, 'column "meta" is not a JSON object of plain values', 'meta must be a JSON object of strings, numbers, booleans and nulls, or empty.');
      }
      meta = m;
    }
    this.sink.push({ kind: kind!, unit: text('unit'), source: text('source'), tStart, tEnd, valueNum, valueText: text('value_text'), meta });
  }

  private time(cell: string, column: string, format: TimeFormat, line: number): number {
    const t = parseTimestampText(cell, format);
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({ fileName: this.fileName, field: column, problem: describeTimestampFailure(cell, format), line });
    }
    return t;
  }

  private fail(line: number, reason: string, hint: string): never {
    throw new ImportFormatError({ fileName: this.fileName, line, reason, hint });
  }
}

/** Header row: every cell non-empty, none a number or a date. */
function isHeader(fields: string[]): boolean {
  return fields.every((f) => {
    const t = f.trim();
    return t !== '' && strictNumber(t) === null && decimalCommaNumber(t) === null && !looksLikeDateText(t);
  });
}

/** Parses CSV from any byte input (file, archive entry, test stream). */
export function parseCsv(input: ByteInput, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new CsvParser(input.fileName, options.mapping, sink), { text: true });
}

/** The CSV importer (see the module comment). */
export async function* importCsv(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  yield* parseCsv(await openFileInput(filePath), options);
}
