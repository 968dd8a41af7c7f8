/**
 * A small incremental RFC 4180 tokenizer. Text goes in in pieces of any
 * size; whole rows come out with, per field, whether it was quoted (the
 * Data Wallet export writes `""` for an empty string and nothing for null)
 * and the physical line the row starts on.
 *
 * Why not csv-parse: the importers need a synchronous push API (so every
 * format shares one read → parse → batch loop with one back-pressure and
 * abort path), the quoted flag per field, the starting line of rows that
 * span lines, and error messages that never echo field contents.
 *
 * Rules: fields separated by the delimiter; rows end at LF, CRLF or a lone
 * CR; a field that starts with `"` is quoted and may contain delimiters,
 * line breaks and `""` (a literal quote); after its closing quote only a
 * delimiter or line end may follow. A `"` inside an unquoted field is kept
 * as a literal character. Empty lines are skipped. A row, or a quoted
 * field, longer than `maxRowChars` is an error (so an unterminated quote
 * cannot make the parser buffer the rest of the file).
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterCr,
}

export const MAX_ROW_CHARS = 16 * 1024 * 1024;

export type CsvRowHandler = (fields: string[], quoted: boolean[], line: number) => void;
/** Must throw. */
export type CsvFail = (reason: string, line: number) => never;

export class CsvTokenizer {
  private state = State.FieldStart;
  private fields: string[] = [];
  private quoted: boolean[] = [];
  private field = '';
  private fieldQuoted = false;
  /** Current physical line (1-based). */
  private line = 1;
  /** Line the current row started on. */
  private rowLine = 1;
  /** Line the open quoted field started on. */
  private quoteLine = 1;
  /** Characters of the current row seen in earlier pieces. */
  private rowChars = 0;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly onRow: CsvRowHandler,
    private readonly fail: CsvFail,
    private readonly maxRowChars = MAX_ROW_CHARS,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  write(s: string): void {
    const n = s.length;
    const delim = this.delim;
    let i = 0;
    let rowStart = 0;
    while (i < n) {
      switch (this.state) {
        case State.AfterCr:
          if (s.charCodeAt(i) === LF) {
            i++;
            rowStart = i;
          }
          this.state = State.FieldStart;
          break;
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.fieldQuoted = true;
            this.quoteLine = this.line;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = s.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
          }
          if (j === n) {
            this.field += s.slice(i, n);
            i = n;
            break;
          }
          this.field += s.slice(i, j);
          i = j + 1;
          this.endField();
          if (c === delim) {
            this.state = State.FieldStart;
          } else {
            this.endRow();
            this.line++;
            this.state = c === CR ? State.AfterCr : State.FieldStart;
            rowStart = i;
          }
          break;
        }
        case State.Quoted: {
          const j = s.indexOf('"', i);
          const end = j === -1 ? n : j;
          for (let k = s.indexOf('\n', i); k !== -1 && k < end; k = s.indexOf('\n', k + 1)) this.line++;
          this.field += s.slice(i, end);
          if (j === -1) {
            i = n;
          } else {
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          i++;
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
          } else if (c === delim) {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRow();
            this.line++;
            this.state = c === CR ? State.AfterCr : State.FieldStart;
            rowStart = i;
          } else {
            this.fail('unexpected character after the closing quote of a field (a quote inside a quoted field must be doubled: "")', this.line);
          }
          break;
        }
      }
    }
    this.rowChars += n - rowStart;
    if (this.rowChars > this.maxRowChars) {
      const mib = Math.round(this.maxRowChars / (1024 * 1024));
      if (this.state === State.Quoted) {
        this.fail(`the quoted field opened here is not closed within ${mib} MiB (unterminated quote?)`, this.quoteLine);
      }
      this.fail(`the row starting here is longer than ${mib} MiB`, this.rowLine);
    }
  }

  /** End of input: flushes a last row without a line break; fails on an open quote. */
  end(): void {
    switch (this.state) {
      case State.Quoted:
        this.fail('unterminated quoted field: the file ends before its closing quote', this.quoteLine);
        break;
      case State.AfterCr:
        break;
      case State.FieldStart:
        if (this.fields.length > 0) {
          this.endField();
          this.endRow();
        }
        break;
      default:
        this.endField();
        this.endRow();
    }
    this.state = State.FieldStart;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.quoted.push(this.fieldQuoted);
    this.field = '';
    this.fieldQuoted = false;
  }

  private endRow(): void {
    const { fields, quoted } = this;
    this.fields = [];
    this.quoted = [];
    this.rowChars = 0;
    const line = this.rowLine;
    this.rowLine = this.line + 1;
    // A blank line: one empty, unquoted field.
    if (fields.length === 1 && fields[0] === '' && !quoted[0]) return;
    this.onRow(fields, quoted, line);
  }
}

/**
 * Picks the delimiter (`,`, `;` or tab) from the start of a file: the one
 * that occurs the same, non-zero number of times (outside quotes) on every
 * sampled line, preferring the most frequent; if none is consistent, the
 * most frequent on the first line; comma by default.
 */
export function sniffDelimiter(text: string, maxLines = 20): ',' | ';' | '\t' {
  const candidates = [',', ';', '\t'] as const;
  const perLine: number[][] = [];
  let counts = [0, 0, 0];
  let inQuotes = false;
  let lineComplete = false;
  for (let i = 0; i < text.length && perLine.length < maxLines; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 44) counts[0]!++;
    else if (c === 59) counts[1]!++;
    else if (c === 9) counts[2]!++;
    else if (c === LF || c === CR) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      if (counts.some((k) => k > 0) || perLine.length > 0) perLine.push(counts);
      counts = [0, 0, 0];
      lineComplete = true;
    }
  }
  // The last, unterminated line counts only when it is the only one.
  if (perLine.length === 0 && !lineComplete) perLine.push(counts);
  if (perLine.length === 0) return ',';
  let best = -1;
  let bestCount = 0;
  for (let k = 0; k < 3; k++) {
    const first = perLine[0]![k]!;
    if (first > 0 && perLine.every((l) => l[k] === first) && first > bestCount) {
      best = k;
      bestCount = first;
    }
  }
  if (best === -1) {
    for (let k = 0; k < 3; k++) {
      const first = perLine[0]![k]!;
      if (first > bestCount) {
        best = k;
        bestCount = first;
      }
    }
  }
  return best === -1 ? ',' : candidates[best]!;
}
