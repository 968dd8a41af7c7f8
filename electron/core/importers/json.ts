/**
 * Generic JSON and NDJSON importers.
 *
 * - `json`: one top-level array of objects, streamed element by element
 *   (never parsed as a whole). `ndjson`: one object per line (blank lines
 *   are skipped); each line is parsed on its own, lines are capped at 16 MiB.
 * - Mapping and auto-detection: as for CSV (planColumns in generic.ts),
 *   decided on the first object: its fields are the columns. With auto
 *   value fields, a later object with a field the first one did not have is
 *   an error (name the value fields to import only some); a missing or null
 *   field is an absent value and gives no record.
 * - Values keep their JSON type: number → valueNum; string → valueText
 *   (not re-read as a number); boolean → valueText `true`/`false`; an
 *   object or array → valueText holding its JSON text.
 * - Times may be strings or numbers (epoch seconds/ms by magnitude, or as
 *   the mapping's timeFormat says).
 * - The Data Wallet export shape (objects with exactly the fields kind,
 *   t_start, t_end, value_num, value_text, unit, source, meta) is imported
 *   as-is unless the mapping names columns: nulls stay null, meta may be an
 *   object or its JSON text, times ISO-8601 text or epoch milliseconds.
 */
import type { NewRecord } from '../../../shared/domain/record.js';
import { CHOOSE_VALUE_FIELDS_SENTENCE, ImportFormatError, ImportLimitError, UnsupportedTimestampError, type Position } from './errors.js';
import { NON_FINITE_HINT, asMeta, isWalletExportShape, namesColumns, nonFiniteProblem, planColumns, type ColumnPlan } from './generic.js';
import { MAX_JSON_FIELDS_GENERIC } from './limits.js';
import { JsonStream, firstNonSpaceByte, jsonErrorColumn } from './json-stream.js';
import { openFileInput, runParser, Utf8Decoder, type ByteInput, type ChunkParser, type RecordSink } from './stream.js';
import { describeTimestampFailure, parseTimestampValue, type TimeFormat } from './timestamps.js';
import type { GenericMapping, ImportOptions } from './types.js';

const JSON_HINT = 'A JSON file must hold one array of objects ([{…}, {…}]); NDJSON one object per line. Check that the file is complete.';
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Turns objects into records: generic mapping or the Data Wallet export shape. */
class ObjectMapper {
  private plan: ColumnPlan | null = null;
  private at: () => Position = () => ({});
  private planNames: Set<string> | null = null;
  private wallet: boolean | null = null;

  constructor(
    private readonly fileName: string,
    private readonly mapping: GenericMapping | undefined,
    private readonly sink: RecordSink,
  ) {}

  /** `at` gives the element's position; it is only called for an error (computing lines costs). */
  add(value: unknown, at: () => Position, what: string): void {
    this.at = at;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(`${what} is not an object`, JSON_HINT);
    }
    const obj = value as Record<string, unknown>;
    // Arrays were bounded while streaming; an NDJSON line was parsed whole (≤ 16 MiB), so count here too.
    let fields = 0;
    for (const _ in obj) {
      if (++fields > MAX_JSON_FIELDS_GENERIC) {
        throw new ImportLimitError({ fileName: this.fileName, ...this.at(), limit: 'json-fields', reason: `${what} has more than ${MAX_JSON_FIELDS_GENERIC} fields` });
      }
    }
    if (this.wallet === null) this.wallet = isWalletExportShape(Object.keys(obj)) && !namesColumns(this.mapping);
    if (this.wallet) {
      this.walletObject(obj, what);
      return;
    }
    if (this.plan === null) {
      const names = Object.keys(obj);
      this.plan = planColumns(this.fileName, names, names.map((n) => obj[n]), this.mapping, at().line);
      const p = this.plan;
      this.planNames = new Set([p.timeName, ...(p.endName === null ? [] : [p.endName]), ...p.values.map((v) => v.name)]);
    }
    const plan = this.plan;
    if (plan.autoValues) {
      for (const k in obj) {
        if (!this.planNames!.has(k)) {
          this.fail(`${what} has field "${k}", which the first object did not have`, CHOOSE_VALUE_FIELDS_SENTENCE);
        }
      }
    }
    const tStart = this.time(obj[plan.timeName], plan.timeName, plan.timeFormat);
    const tEnd = plan.endName === null ? tStart : this.time(obj[plan.endName], plan.endName, plan.timeFormat);
    for (const col of plan.values) {
      const v = obj[col.name];
      if (v === undefined || v === null) continue;
      const bad = nonFiniteProblem(v);
      if (bad !== null) this.fail(`field "${col.name}" ${bad}`, NON_FINITE_HINT);
      const num = typeof v === 'number' ? v : null;
      const text = num !== null ? null : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : this.jsonText(v, col.name);
      this.sink.push({ kind: col.kind, unit: plan.unit, source: null, tStart, tEnd, valueNum: num, valueText: text, meta: null });
    }
  }

  private walletObject(obj: Record<string, unknown>, what: string): void {
    if (!isWalletExportShape(Object.keys(obj))) {
      this.fail(`${what} does not have the fields of a Data Wallet export`, 'Every object must have exactly: kind, t_start, t_end, value_num, value_text, unit, source, meta.');
    }
    const str = (field: string, nullable: boolean): string | null => {
      const v = obj[field];
      if (v === null && nullable) return null;
      if (typeof v !== 'string') this.fail(`field "${field}" must be ${nullable ? 'a string or null' : 'a string'}`, JSON_HINT);
      return v;
    };
    const kind = str('kind', false);
    if (kind === '') this.fail('field "kind" is empty', 'Every record of a Data Wallet export needs a kind.');
    const tStart = this.walletTime(obj.t_start, 't_start');
    const tEnd = this.walletTime(obj.t_end, 't_end');
    const vn = obj.value_num;
    const bad = nonFiniteProblem(vn);
    if (bad !== null) this.fail(`field "value_num" ${bad}`, NON_FINITE_HINT);
    if (!(vn === null || typeof vn === 'number')) this.fail('field "value_num" must be a number or null', JSON_HINT);
    let meta = obj.meta;
    if (typeof meta === 'string') {
      try {
        meta = JSON.parse(meta);
      } catch {
        this.fail('field "meta" is not valid JSON text', 'meta must be an object of plain values, its JSON text, or null.');
      }
    }
    const m = asMeta(meta);
    if (m === undefined) this.fail('field "meta" is not an object of plain values', 'meta must be an object of strings, numbers, booleans and nulls, or null.');
    this.sink.push({
      kind: kind!,
      unit: str('unit', true),
      source: str('source', true),
      tStart,
      tEnd,
      valueNum: vn,
      valueText: str('value_text', true),
      meta: m === null ? null : { ...m },
    });
  }

  /** An object/array value as JSON text; absurdly deep nesting would overflow the stack. */
  private jsonText(v: unknown, field: string): string {
    try {
      return JSON.stringify(v);
    } catch {
      this.fail(`field "${field}" is nested too deeply`, 'Values may be nested objects or arrays, but not thousands of levels deep.');
    }
  }

  private walletTime(v: unknown, field: string): number {
    // ISO-8601 text as the export writes it; a number is epoch milliseconds.
    return this.time(v, field, typeof v === 'number' ? 'epoch-ms' : 'iso');
  }

  private time(v: unknown, field: string, format: TimeFormat): number {
    const t = parseTimestampValue(v, format);
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({ fileName: this.fileName, field, problem: describeTimestampFailure(v, format), ...this.at() });
    }
    return t;
  }

  private fail(reason: string, hint: string): never {
    throw new ImportFormatError({ fileName: this.fileName, ...this.at(), reason, hint });
  }
}

/** A top-level array of objects, streamed. */
export class JsonArrayParser implements ChunkParser {
  private readonly stream: JsonStream;
  private readonly mapper: ObjectMapper;
  private checkedRoot = false;

  constructor(
    private readonly fileName: string,
    mapping: GenericMapping | undefined,
    sink: RecordSink,
  ) {
    this.mapper = new ObjectMapper(fileName, mapping, sink);
    this.stream = new JsonStream({
      fileName,
      paths: ['$.*'],
      elementDepth: 1,
      maxFields: MAX_JSON_FIELDS_GENERIC,
      hint: JSON_HINT,
      onElement: (e) => {
        const at = (): Position => this.stream.position(e.startOffset);
        sink.position = at;
        this.mapper.add(e.value, at, `element ${typeof e.key === 'number' ? e.key + 1 : '?'}`);
      },
    });
  }

  write(chunk: Buffer): void {
    if (!this.checkedRoot) {
      const first = firstNonSpaceByte(chunk);
      if (first !== -1) {
        this.checkedRoot = true;
        if (chunk[first] !== 0x5b /* [ */) {
          throw new ImportFormatError({ fileName: this.fileName, line: 1, byteOffset: first, reason: 'expected a JSON array ([) at the start', hint: JSON_HINT });
        }
      }
    }
    this.stream.write(chunk);
  }

  end(): void {
    this.stream.end();
  }
}

/** One JSON object per line. */
export class NdjsonParser implements ChunkParser {
  private readonly decoder: Utf8Decoder;
  private readonly mapper: ObjectMapper;
  private partial = '';
  private line = 1;

  constructor(
    private readonly fileName: string,
    mapping: GenericMapping | undefined,
    sink: RecordSink,
  ) {
    this.decoder = new Utf8Decoder(fileName);
    this.mapper = new ObjectMapper(fileName, mapping, sink);
    sink.position = () => ({ line: this.line });
  }

  write(chunk: Buffer): void {
    this.text(this.decoder.decode(chunk));
  }

  end(): void {
    this.text(this.decoder.end());
    if (this.partial !== '') this.parseLine(this.partial);
    this.partial = '';
  }

  private text(s: string): void {
    let start = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      const piece = s.slice(start, nl);
      const line = this.partial === '' ? piece : this.partial + piece;
      this.partial = '';
      this.parseLine(line);
      this.line++;
      start = nl + 1;
    }
    if (start < s.length) this.partial += s.slice(start);
    if (this.partial.length > MAX_LINE_CHARS) {
      throw new ImportFormatError({ fileName: this.fileName, line: this.line, reason: `line is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB`, hint: JSON_HINT });
    }
  }

  private parseLine(raw: string): void {
    const text = raw.trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // V8's message quotes the text: find the position ourselves instead.
      const at = jsonErrorColumn(text);
      const column = at === undefined ? undefined : at + (raw.length - raw.trimStart().length);
      throw new ImportFormatError({
        fileName: this.fileName,
        line: this.line,
        ...(column !== undefined && { column }),
        reason: 'invalid JSON on this line',
        hint: 'NDJSON needs one complete JSON object per line. Check that the file is complete.',
      });
    }
    const line = this.line;
    this.mapper.add(value, () => ({ line }), 'the object on this line');
  }
}

export function parseJson(input: ByteInput, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new JsonArrayParser(input.fileName, options.mapping, sink), { text: true });
}

export function parseNdjson(input: ByteInput, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new NdjsonParser(input.fileName, options.mapping, sink), { text: true });
}

/** The JSON (array of objects) importer. */
export async function* importJson(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  yield* parseJson(await openFileInput(filePath), options);
}

/** The NDJSON (one object per line) importer. */
export async function* importNdjson(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  yield* parseNdjson(await openFileInput(filePath), options);
}
