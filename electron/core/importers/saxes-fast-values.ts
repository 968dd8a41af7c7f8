/**
 * A faster reader of quoted attribute values for saxes 6 (the hottest loop
 * of the Apple Health import: every Record has nine attributes, the device
 * description alone ~110 characters).
 *
 * saxes reads an attribute value one character at a time through
 * `getCode()`, which keeps line and column and checks each character. The
 * replacement first skips, in a tight loop, the run of characters that
 * `getCode10()` would hand back unchanged (printable, below the surrogates,
 * not the quote, `&` or `<`), adding them to the value and to the column as
 * saxes would; the character that ends the run (quote, entity, newline,
 * tab, `<`, anything unusual) and the rest are left to saxes's own method.
 * Same values, positions and errors: `test/unit/importers/saxes-fast-values.test.ts`
 * parses random documents both ways, in random chunkings.
 *
 * It only applies to XML 1.0 (`getCode10`); for anything it does not
 * recognise (another saxes version) it leaves the parser as it is.
 */
import { SaxesParser } from 'saxes';

/** The saxes internals the fast path reads and writes. */
interface SaxesInternals {
  chunk: string;
  i: number;
  q: number | null;
  text: string;
  column: number;
  getCode: () => number;
  getCode10: () => number;
  stateTable: ((this: SaxesInternals) => void)[];
}

const proto = SaxesParser.prototype as unknown as Record<string, unknown>;
const original = proto.sAttribValueQuoted as ((this: SaxesInternals) => void) | undefined;

function sAttribValueQuotedFast(this: SaxesInternals): void {
  if (this.getCode !== this.getCode10) {
    original!.call(this);
    return;
  }
  const { chunk, q } = this;
  const start = this.i;
  const n = chunk.length;
  let j = start;
  for (; j < n; j++) {
    const c = chunk.charCodeAt(j);
    if (c === q || c === 38 || c === 60 || c < 32 || c >= 0xd800) break;
  }
  if (j > start) {
    this.text += chunk.slice(start, j);
    this.column += j - start;
    this.i = j;
  }
  if (j < n) original!.call(this);
}

/** Makes `parser` read quoted attribute values faster (see the module comment); false when it could not. */
export function useFastAttributeValues(parser: SaxesParser): boolean {
  const p = parser as unknown as SaxesInternals;
  if (typeof original !== 'function' || !Array.isArray(p.stateTable) || typeof p.getCode10 !== 'function') return false;
  const k = p.stateTable.indexOf(original);
  if (k === -1 || p.stateTable.indexOf(original, k + 1) !== -1) return false;
  p.stateTable[k] = sAttribValueQuotedFast;
  return true;
}
