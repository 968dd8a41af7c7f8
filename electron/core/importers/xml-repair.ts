/**
 * Repairs two known defects of Apple Health exports while streaming, before
 * the text reaches saxes (which would refuse the whole export):
 *
 * - **Control characters** (iOS 16 wrote some into metadata values): the C0
 *   controls XML 1.0 forbids (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F)
 *   become U+FFFD. NUL is not repaired: it means a binary file.
 * - **Attribute names with spaces** (iOS 8 wrote third-party metadata as
 *   attributes, e.g. `Health Mate App Version="2.6.2"`): inside a start tag,
 *   a name of several words followed by `=` gets its spaces replaced by
 *   SPACED_NAME_MARK (U+00B7, a valid XML name character Apple never uses),
 *   so saxes reads it as one attribute; the parser turns such attributes into
 *   metadata with the original spaced name.
 *
 * Anything else stays as it is, so unknown malformations are still refused
 * by saxes. The repair follows tags with a small state machine; `<!…>` and
 * `<?…?>` constructs are passed through. To rewrite a name that a chunk
 * boundary splits, the unquoted tail of an open tag is held back until the
 * next piece (at most MAX_HELD characters; a longer one passes unrepaired).
 */

export const SPACED_NAME_MARK = '\u00b7';
const MAX_HELD = 4096;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HAS_CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f]/;
/** A name of several words, then `=`, at the end of an unquoted stretch of a tag. */
const SPACED_NAME = /([A-Za-z_][\w.:-]*(?:[ \t]+[A-Za-z_0-9][\w.:-]*)+)([ \t]*=[ \t]*)$/;

const TEXT = 0;
const OPEN = 1; // just after '<'
const SKIP = 2; // <!…> or <?…>: pass through to '>'
const TAG = 3; // in a start/end tag, outside quotes
const QUOTED = 4;

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Cheap pre-check for fixStretch, run on every attribute of the export
 * without slicing: false when s[from, to) cannot hold a spaced name (after
 * the element name, if `first`, and leading blanks, no space or tab is
 * followed by a name character). Anything unusual (other control or
 * non-ASCII characters) says true, leaving the decision to fixStretch.
 */
export function mayHoldSpacedName(s: string, from: number, to: number, first: boolean): boolean {
  let i = from;
  if (first) {
    for (; i < to; i++) {
      const c = s.charCodeAt(i);
      if (isBlank(c)) break;
      if (c < 32 || c > 126) return true;
    }
  }
  while (i < to && isBlank(s.charCodeAt(i))) i++;
  let afterBlank = false;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) afterBlank = true;
    else if (c < 32 || c > 126) return true;
    else if (c !== 61 && afterBlank) return true;
  }
  return false;
}

export class XmlRepair {
  private state = TEXT;
  private quote = '';
  /** True while the unquoted stretch being read is the first of its tag (it starts with the element name). */
  private first = false;
  private held = '';
  controlChars = 0;
  spacedNames = 0;

  /** `precheck`: skip the spaced-name repair where cheap checks show it cannot apply (false only in tests, as the reference). */
  constructor(private readonly precheck = true) {}

  /** The repaired text to hand on for this piece (some of it may be held back for the next). */
  process(piece: string): string {
    let s = this.held + piece;
    this.held = '';
    if (HAS_CONTROL.test(s)) {
      s = s.replace(CONTROL, () => {
        this.controlChars++;
        return '\ufffd';
      });
    }
    let out = '';
    let from = 0;
    /** Start of the current unquoted stretch inside a tag. */
    let stretch = -1;
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (this.state === TEXT) {
        const lt = s.indexOf('<', i);
        if (lt === -1) break;
        this.state = OPEN;
        i = lt + 1;
      } else if (this.state === OPEN) {
        const c = s.charCodeAt(i);
        if (c === 33 || c === 63) this.state = SKIP;
        else {
          this.state = TAG;
          this.first = c !== 47; // not an end tag
          stretch = i;
        }
      } else if (this.state === SKIP) {
        const gt = s.indexOf('>', i);
        if (gt === -1) break;
        this.state = TEXT;
        i = gt + 1;
      } else if (this.state === QUOTED) {
        const q = s.indexOf(this.quote, i);
        if (q === -1) break;
        this.state = TAG;
        stretch = q + 1;
        i = q + 1;
      } else {
        // TAG: find the next quote or '>', noting on the way whether a blank is followed by another character
        // than a blank or '=' (only then can the stretch hold a spaced name; see mayHoldSpacedName).
        if (stretch === -1) stretch = i;
        let j = i;
        let seen = false;
        let blank = false;
        let suspect = !this.precheck;
        for (; j < n; j++) {
          const c = s.charCodeAt(j);
          if (c === 34 || c === 39 || c === 62) break;
          if (c === 32 || c === 9 || c === 10 || c === 13) blank = seen;
          else {
            if ((blank && c !== 61) || c < 32 || c > 126) suspect = true;
            seen = true;
          }
        }
        if (j === n) {
          // The stretch continues in the next piece: hold it back (if short) so a name in it can still be rewritten.
          if (n - stretch <= MAX_HELD) {
            out += s.slice(from, stretch);
            this.held = s.slice(stretch);
            return out;
          }
          break;
        }
        const c = s.charCodeAt(j);
        if (c !== 62) {
          const fixed = suspect && (!this.precheck || mayHoldSpacedName(s, stretch, j, this.first)) ? this.fixStretch(s.slice(stretch, j)) : null;
          if (fixed !== null) {
            out += s.slice(from, stretch) + fixed;
            from = j;
          }
          this.quote = c === 34 ? '"' : "'";
          this.state = QUOTED;
        } else this.state = TEXT;
        this.first = false;
        stretch = -1;
        i = j + 1;
      }
    }
    return from === 0 ? s : out + s.slice(from);
  }

  /** What is still held back at the end of the input. */
  end(): string {
    const h = this.held;
    this.held = '';
    return h;
  }

  /** The stretch with a spaced attribute name rewritten, or null when it has none. */
  private fixStretch(stretch: string): string | null {
    if (stretch.indexOf(' ') === -1 && stretch.indexOf('\t') === -1) return null;
    let lead = '';
    let rest = stretch;
    if (this.first) {
      // Keep the element name out of it: `Record type=` is not a spaced name.
      const m = /^[^\s]*/.exec(stretch)!;
      lead = m[0];
      rest = stretch.slice(lead.length);
    }
    const m = SPACED_NAME.exec(rest);
    if (m === null) return null;
    const name = m[1]!;
    if (rest.length - m[0].length > 0 && !/\s$/.test(rest.slice(0, rest.length - m[0].length))) return null;
    this.spacedNames++;
    return lead + rest.slice(0, rest.length - m[0].length) + name.replace(/[ \t]+/g, SPACED_NAME_MARK) + m[2]!;
  }
}
