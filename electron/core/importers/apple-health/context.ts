/**
 * What the element handlers of the Apple Health importer share with the
 * export.xml parser (apple-health.ts): the sink, dates and errors placed at
 * the parser's line, and the metadata bounds. A handler takes over one
 * element and everything inside it; the parser hands it every element that
 * opens or closes inside, so a handler never buffers more than its element
 * needs (and that is bounded here).
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { ImportLimitError } from '../errors.js';
import { MAX_META_CHARS, MAX_META_ENTRIES } from '../limits.js';
import type { RecordSink } from '../stream.js';
import type { MetaValue } from '../types.js';

export type Meta = Record<string, MetaValue>;
export type Attributes = Record<string, string>;

export const XML_HINT =
  'The export looks incomplete or damaged. Export it again (Health → your picture → Export All Health Data) and import the new export.zip.';

export interface AppleContext {
  readonly sink: RecordSink;
  readonly fileName: string;
  /** A date attribute → unix ms; a missing or unreadable one is a line-numbered error. */
  date(value: string | undefined, attr: string, element: string): number;
  /** An ImportFormatError at the parser's position. */
  fail(reason: string): never;
  /** The parser's current line. */
  line(): number;
}

/** Takes over one element: gets every element opening and closing inside it. */
export interface ElementHandler {
  /** An element opened inside the handled one, at `depth` (the handled element's own depth + 1 or more). */
  open(name: string, a: Attributes, depth: number): void;
  /** An element at `depth` closed; true when it was the handled element itself (the handler is done). */
  close(depth: number): boolean;
}

/** Counts everything inside an element as not imported (`<path>/<child>`), e.g. unknown children. */
export class SkipChildren implements ElementHandler {
  constructor(
    private readonly ctx: AppleContext,
    private readonly path: string,
    private readonly depth: number,
  ) {}

  open(name: string, _a: Attributes, depth: number): void {
    if (depth === this.depth + 1) this.ctx.sink.skipped(`${this.path}/${name}`);
  }

  close(depth: number): boolean {
    return depth === this.depth;
  }
}

/**
 * The metadata bounds of one record (limits.ts: MetadataEntry count and
 * characters), with the same errors as the parser's own records.
 */
export class MetaBudget {
  private entries = 0;
  private chars = 0;

  constructor(
    private readonly ctx: AppleContext,
    private readonly element: string,
  ) {}

  /** One more entry of `chars` characters; refuses past the bounds. */
  add(chars: number): void {
    this.entries++;
    this.chars += chars;
    if (this.entries > MAX_META_ENTRIES) {
      throw new ImportLimitError({
        fileName: this.ctx.fileName,
        line: this.ctx.line(),
        limit: 'metadata-entries',
        reason: `a <${this.element}> has more than ${MAX_META_ENTRIES} MetadataEntry elements`,
        hint: XML_HINT,
      });
    }
    if (this.chars > MAX_META_CHARS) {
      throw new ImportLimitError({
        fileName: this.ctx.fileName,
        line: this.ctx.line(),
        limit: 'metadata-bytes',
        reason: `the metadata of a <${this.element}> is longer than ${MAX_META_CHARS / 1024} KiB`,
        hint: XML_HINT,
      });
    }
  }
}

/** Sets `meta[key]`, renaming a key that is taken (or `__proto__`) to `metadata:<key>`, as the parser does. */
export function putMeta(meta: Meta, key: string, value: MetaValue): void {
  meta[key in meta || key === '__proto__' ? `metadata:${key}` : key] = value;
}

/** A record without meta keys gets meta null (as the parser stores its own records). */
export function withMeta(r: NewRecord, meta: Meta): NewRecord {
  r.meta = Object.keys(meta).length === 0 ? null : meta;
  return r;
}
