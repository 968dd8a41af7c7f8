/**
 * Length bounds for streamed XML, enforced BEFORE the text reaches saxes.
 * saxes collects a whole attribute value, text run, comment or DOCTYPE in
 * one string before it emits anything, so a 700 MB attribute makes it
 * buffer until V8's string limit. This guard follows the markup with a
 * small state machine over each decoded piece (jumping with indexOf where
 * it can) and throws as soon as one construct grows past its limit:
 *
 * - a tag with its attributes (`<Record … />`), a DOCTYPE with its internal
 *   subset, or a processing instruction: `maxMarkup` characters;
 * - a comment or CDATA section: `maxComment`;
 * - text between two tags: `maxText`.
 *
 * It only measures: well-formedness stays saxes's job. On a malformed file
 * the guard's idea of where a construct ends may differ from saxes's; then
 * saxes reports the error first, or the guard reports a (bounded) overlong
 * construct — either way the import stops without buffering the rest.
 */
import type { ImportLimit } from './errors.js';

const enum S {
  Text,
  Lt,
  Tag,
  Quoted,
  Bang,
  BangDash,
  Comment,
  Cdata,
  Pi,
  Decl,
}

export interface XmlGuardLimits {
  maxMarkup: number;
  maxText: number;
  maxComment: number;
}

/** Thrown by the guard; the caller turns it into an ImportLimitError with a line. */
export interface XmlGuardViolation {
  limit: ImportLimit;
  what: string;
  max: number;
  /** Line where the overlong construct starts. */
  line: number;
}

export class XmlLengthGuard {
  private state = S.Text;
  /** Length of the current construct so far. */
  private len = 0;
  private quote = 0;
  /** Consecutive `-` (comment), `]` (CDATA) or `?` (PI) just seen. */
  private marks = 0;
  private bracketDepth = 0;
  /** Where the current construct started: a piece of input, the line that piece started on, and the index in it. */
  private startPiece = '';
  private startPieceLine = 1;
  private startIndex = 0;
  private pieceLine = 1;

  constructor(
    private readonly limits: XmlGuardLimits,
    private readonly onViolation: (v: XmlGuardViolation) => never,
  ) {}

  /** True between markup (in character content or between top-level constructs): where an element may start. */
  get inText(): boolean {
    return this.state === S.Text;
  }

  /**
   * The caller read a complete element itself, from its `<` to its last `>`,
   * every construct in it far below the limits: the text run before it ends
   * there, and a new one starts after it.
   */
  skipElement(): void {
    if (this.state !== S.Text) throw new Error('skipElement() outside character content');
    this.len = 0;
  }

  /** Measures the next decoded piece; `lineAtStart` is the 1-based line the piece starts on. */
  scan(s: string, lineAtStart: number): void {
    this.pieceLine = lineAtStart;
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case S.Text: {
          const lt = s.indexOf('<', i);
          if (lt === -1) {
            if (this.len === 0) this.mark(s, i);
            this.len += n - i;
            this.check(this.limits.maxText, 'xml-text', 'a run of text between two tags');
            return;
          }
          this.len += lt - i;
          this.check(this.limits.maxText, 'xml-text', 'a run of text between two tags');
          this.mark(s, lt);
          this.len = 1;
          this.state = S.Lt;
          i = lt + 1;
          break;
        }
        case S.Lt: {
          const c = s.charCodeAt(i);
          if (c === 33 /* ! */) {
            this.state = S.Bang;
            this.len++;
            i++;
          } else if (c === 63 /* ? */) {
            this.state = S.Pi;
            this.marks = 0;
            this.len++;
            i++;
          } else this.state = S.Tag;
          break;
        }
        case S.Tag: {
          for (; i < n; i++) {
            const c = s.charCodeAt(i);
            if (c === 62 /* > */) {
              this.len++;
              this.toText();
              i++;
              break;
            }
            this.len++;
            if (c === 34 || c === 39) {
              this.quote = c;
              this.state = S.Quoted;
              i++;
              break;
            }
          }
          this.check(this.limits.maxMarkup, 'xml-markup', 'a tag with its attributes');
          break;
        }
        case S.Quoted: {
          const q = s.indexOf(this.quote === 34 ? '"' : "'", i);
          const end = q === -1 ? n : q + 1;
          this.len += end - i;
          i = end;
          if (q !== -1) this.state = S.Tag;
          this.check(this.limits.maxMarkup, 'xml-markup', 'a tag with its attributes');
          break;
        }
        case S.Bang: {
          const c = s.charCodeAt(i);
          this.len++;
          i++;
          if (c === 45 /* - */) this.state = S.BangDash;
          else if (c === 91 /* [ */) {
            this.state = S.Cdata;
            this.marks = 0;
          } else {
            this.state = S.Decl;
            this.bracketDepth = 0;
          }
          break;
        }
        case S.BangDash: {
          if (s.charCodeAt(i) === 45) {
            this.state = S.Comment;
            this.marks = 0;
            this.len++;
            i++;
          } else {
            this.state = S.Decl;
            this.bracketDepth = 0;
          }
          break;
        }
        case S.Comment:
        case S.Cdata:
        case S.Pi: {
          const markCode = this.state === S.Comment ? 45 : this.state === S.Cdata ? 93 : 63;
          const need = this.state === S.Pi ? 1 : 2;
          for (; i < n; i++) {
            const c = s.charCodeAt(i);
            this.len++;
            if (c === 62 && this.marks >= need) {
              this.toText();
              i++;
              break;
            }
            this.marks = c === markCode ? this.marks + 1 : 0;
          }
          if (this.state === S.Pi) this.check(this.limits.maxMarkup, 'xml-markup', 'a processing instruction');
          else if ((this.state as S) !== S.Text) this.check(this.limits.maxComment, 'xml-comment', 'a comment or CDATA section');
          break;
        }
        case S.Decl: {
          for (; i < n; i++) {
            const c = s.charCodeAt(i);
            this.len++;
            if (c === 91) this.bracketDepth++;
            else if (c === 93) this.bracketDepth--;
            else if (c === 62 && this.bracketDepth <= 0) {
              this.toText();
              i++;
              break;
            }
          }
          if ((this.state as S) === S.Decl) this.check(this.limits.maxMarkup, 'xml-markup', 'a document type declaration');
          break;
        }
      }
    }
  }

  /** The construct ended (its `>` counted): check its whole length, then start a text run. */
  private toText(): void {
    const st = this.state;
    if (st === S.Comment || st === S.Cdata) this.check(this.limits.maxComment, 'xml-comment', 'a comment or CDATA section');
    else this.check(this.limits.maxMarkup, 'xml-markup', st === S.Pi ? 'a processing instruction' : st === S.Decl ? 'a document type declaration' : 'a tag with its attributes');
    this.state = S.Text;
    this.len = 0;
  }

  private mark(s: string, index: number): void {
    this.startPiece = s;
    this.startPieceLine = this.pieceLine;
    this.startIndex = index;
  }

  private check(max: number, limit: ImportLimit, what: string): void {
    if (this.len <= max) return;
    let line = this.startPieceLine;
    const p = this.startPiece;
    for (let k = p.indexOf('\n'); k !== -1 && k < this.startIndex; k = p.indexOf('\n', k + 1)) line++;
    this.onViolation({ limit, what, max, line });
  }
}
