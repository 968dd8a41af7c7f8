/**
 * Streaming JSON for the importers: @streamparser/json's tokenizer and
 * token parser, wired so that
 * - only the elements at the requested paths are materialised, one at a
 *   time (keepStack: false drops them once emitted);
 * - every element comes with the byte offset where it starts, and any
 *   offset can be turned into a line number (for errors);
 * - library errors become ImportFormatError/BinaryFileError with line and
 *   byte offset, and never echo the document's contents (the library's own
 *   messages quote values, so they are not passed on, not even as cause);
 * - no single string/number token or element may grow without bound.
 */
import { TokenParser, TokenParserError, TokenType, Tokenizer, TokenizerError } from '@streamparser/json';
import type { ParsedElementInfo, ParsedTokenInfo } from '@streamparser/json';
import { BinaryFileError, ImportError, ImportFormatError, ImportLimitError, type Position } from './errors.js';

export const MAX_TOKEN_BYTES = 16 * 1024 * 1024;
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;
/** Deepest nesting of arrays/objects accepted (real exports need fewer than 10). */
export const MAX_DEPTH = 256;

export interface JsonElement {
  value: unknown;
  /** Key of the container the element sits in at depth 1 (`locations`), or undefined for a top-level array. */
  container: string | undefined;
  /** Index within its array (or key within its object). */
  key: string | number | undefined;
  /** Byte offset where the element starts. */
  startOffset: number;
}

/** Counts lines for offsets in the current or the previous chunk. */
export class LineCounter {
  private prev: Uint8Array = new Uint8Array(0);
  private cur: Uint8Array = new Uint8Array(0);
  private curStart = 0;
  /** Line breaks before `prev`. */
  private linesBeforePrev = 0;

  feed(chunk: Uint8Array): void {
    this.linesBeforePrev += countLf(this.prev, 0, this.prev.length);
    this.prev = this.cur;
    this.curStart += this.cur.length;
    this.cur = chunk;
  }

  /** Offset where the current chunk starts. */
  get currentStart(): number {
    return this.curStart;
  }

  /** 1-based line of a byte offset, or undefined when it lies before the previous chunk. */
  lineAt(offset: number): number | undefined {
    const prevStart = this.curStart - this.prev.length;
    if (offset < prevStart) return undefined;
    if (offset < this.curStart) return 1 + this.linesBeforePrev + countLf(this.prev, 0, offset - prevStart);
    const inCur = Math.min(offset - this.curStart, this.cur.length);
    return 1 + this.linesBeforePrev + countLf(this.prev, 0, this.prev.length) + countLf(this.cur, 0, inCur);
  }
}

function countLf(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (b[i] === 10) n++;
  return n;
}

export interface JsonStreamOptions {
  fileName: string;
  /** JSONPath-like selectors as @streamparser/json takes them: `$.*`, `$.locations.*`. */
  paths: string[];
  /** Depth of the selected elements: 1 for `$.*`, 2 for `$.locations.*`. */
  elementDepth: number;
  onElement: (e: JsonElement) => void;
  /** Hint for syntax errors. */
  hint: string;
  /** Called with every key of a top-level object. */
  onTopKey?: (key: string) => void;
  /**
   * Most object fields (at any depth) one selected element may have;
   * counted while tokenizing, so an element with millions of fields is
   * refused before it is built. Unlimited when absent.
   */
  maxFields?: number;
}

export class JsonStream {
  private readonly tokenizer: Tokenizer;
  private readonly parser: TokenParser;
  readonly lines = new LineCounter();
  /** Bytes fed so far (after a dropped BOM). */
  private fed = 0;
  /** Offset shift: 3 when a UTF-8 BOM was dropped. */
  private shift = 0;
  private first = true;
  /** Open containers; true = array. */
  private readonly containers: boolean[] = [];
  /** Start offset of the value being read at each depth. */
  private readonly starts: number[] = [];
  private expectValue = true;
  private lastTokenOffset = 0;
  /** Offset just past the last complete token. */
  private lastTokenEnd = 0;
  sawToken = false;
  /** Object fields in the element being read. */
  private fields = 0;

  constructor(private readonly o: JsonStreamOptions) {
    this.tokenizer = new Tokenizer({ stringBufferSize: 0, numberBufferSize: 0 });
    this.parser = new TokenParser({ paths: o.paths, keepStack: false });
    this.tokenizer.onToken = (t: ParsedTokenInfo) => this.token(t);
    this.parser.onValue = (info: ParsedElementInfo) => {
      const depth = info.stack.length;
      const container = depth >= 2 ? info.stack[1]?.key : undefined;
      o.onElement({
        value: info.value,
        container: typeof container === 'string' ? container : undefined,
        key: info.key,
        startOffset: this.starts[depth] ?? this.lastTokenOffset,
      });
    };
    // The parser ends itself after the root value; end() must not run twice.
    this.parser.onEnd = () => undefined;
  }

  private token(t: ParsedTokenInfo): void {
    const offset = t.offset + this.shift;
    this.lastTokenOffset = offset;
    this.sawToken = true;
    const tok = t.token;
    if (tok === TokenType.LEFT_BRACE || tok === TokenType.LEFT_BRACKET) {
      if (this.expectValue) this.starts[this.containers.length] = offset;
      if (this.containers.length === this.o.elementDepth) this.fields = 0;
      if (this.containers.length >= MAX_DEPTH) {
        throw new ImportFormatError({
          fileName: this.o.fileName,
          ...this.position(offset),
          reason: `arrays/objects are nested more than ${MAX_DEPTH} levels deep`,
          hint: this.o.hint,
        });
      }
      this.containers.push(tok === TokenType.LEFT_BRACKET);
      this.expectValue = tok === TokenType.LEFT_BRACKET;
      this.lastTokenEnd = offset + 1;
    } else if (tok === TokenType.RIGHT_BRACE || tok === TokenType.RIGHT_BRACKET) {
      this.containers.pop();
      this.expectValue = false;
      this.lastTokenEnd = offset + 1;
    } else if (tok === TokenType.COLON) {
      this.expectValue = true;
      this.lastTokenEnd = offset + 1;
    } else if (tok === TokenType.COMMA) {
      this.expectValue = this.containers.at(-1) === true;
      this.lastTokenEnd = offset + 1;
    } else {
      if (!this.expectValue && tok === TokenType.STRING && this.containers.at(-1) === false) {
        if (this.containers.length === 1) this.o.onTopKey?.(t.value as string);
        if (this.containers.length > this.o.elementDepth && this.o.maxFields !== undefined && ++this.fields > this.o.maxFields) {
          // The element's first line when it is still known, else the line of the field one too many.
          const start = this.starts[this.o.elementDepth];
          const at = start === undefined ? undefined : this.position(start);
          throw new ImportLimitError({
            fileName: this.o.fileName,
            ...(at?.line !== undefined ? at : this.position(offset)),
            limit: 'json-fields',
            reason: `an element has more than ${this.o.maxFields} fields`,
          });
        }
      }
      if (this.expectValue) this.starts[this.containers.length] = offset;
      this.expectValue = false;
      // Token length is not reported; the next token's offset bounds it.
      this.lastTokenEnd = offset + 1;
    }
    this.parser.write(t);
  }

  /** Line and byte offset for an absolute offset. */
  position(offset: number): Position {
    const line = this.lines.lineAt(offset);
    return line === undefined ? { byteOffset: offset } : { line, byteOffset: offset };
  }

  write(chunk: Uint8Array): void {
    let data = chunk;
    if (this.first) {
      this.first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        this.shift = 3;
      }
    }
    this.lines.feed(chunk);
    try {
      this.tokenizer.write(data);
    } catch (e) {
      throw this.mapError(e);
    }
    this.fed += data.length;
    const end = this.fed + this.shift;
    if (end - this.lastTokenEnd > MAX_TOKEN_BYTES && this.sawToken) {
      throw new ImportFormatError({
        fileName: this.o.fileName,
        ...this.position(this.lastTokenEnd),
        reason: `a single JSON string or number is longer than ${MAX_TOKEN_BYTES / 1024 / 1024} MiB (unterminated string?)`,
        hint: this.o.hint,
      });
    }
    const d = this.o.elementDepth;
    const start = this.starts[d];
    if (this.containers.length > d && start !== undefined && end - start > MAX_ELEMENT_BYTES) {
      throw new ImportFormatError({
        fileName: this.o.fileName,
        ...this.position(start),
        reason: `a single element is larger than ${MAX_ELEMENT_BYTES / 1024 / 1024} MiB`,
        hint: this.o.hint,
      });
    }
  }

  end(): void {
    try {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
      if (!this.parser.isEnded) this.parser.end();
    } catch (e) {
      if (e instanceof ImportError) throw e;
      const endOffset = this.fed + this.shift;
      throw new ImportFormatError({
        fileName: this.o.fileName,
        ...this.position(endOffset),
        reason: 'unexpected end of file: the JSON is incomplete',
        hint: this.o.hint,
      });
    }
  }

  private mapError(e: unknown): unknown {
    if (e instanceof ImportError) return e;
    if (e instanceof TypeError && /encoded data was not valid/i.test(e.message)) {
      return new BinaryFileError({ fileName: this.o.fileName, reason: 'is not valid UTF-8 text', byteOffset: this.lines.currentStart });
    }
    if (e instanceof TokenizerError) {
      const m = /absolute position "(\d+)"/.exec(e.message);
      const offset = m ? Number(m[1]) + this.shift : this.lastTokenOffset;
      const state = /in state (\w+)/.exec(e.message)?.[1];
      return new ImportFormatError({
        fileName: this.o.fileName,
        ...this.position(offset),
        reason: state === 'ENDED' ? 'unexpected data after the end of the JSON document' : 'invalid JSON syntax',
        hint: this.o.hint,
      });
    }
    if (e instanceof TokenParserError) {
      return new ImportFormatError({
        fileName: this.o.fileName,
        ...this.position(this.lastTokenOffset),
        reason: /state ENDED/.test(e.message) ? 'unexpected data after the end of the JSON document' : 'invalid JSON structure (a value, comma, colon or bracket is misplaced)',
        hint: this.o.hint,
      });
    }
    return e;
  }
}

/**
 * Where a piece of JSON text first goes wrong: the 1-based column (in
 * characters), or undefined when it is fine. Used for error messages only
 * (V8's JSON.parse messages quote the text and may not give a position).
 */
export function jsonErrorColumn(text: string): number | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const s = new JsonStream({ fileName: '-', paths: ['$'], elementDepth: 0, hint: '', onElement: () => undefined });
  try {
    s.write(bytes);
    s.end();
    return undefined;
  } catch (e) {
    if (!(e instanceof ImportFormatError) || e.byteOffset === undefined) return undefined;
    return bytes.subarray(0, Math.min(e.byteOffset, bytes.length)).toString('utf8').length + 1;
  }
}

/** Index of the first byte that is not JSON whitespace (a leading UTF-8 BOM is skipped), or -1. */
export function firstNonSpaceByte(b: Uint8Array): number {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}
