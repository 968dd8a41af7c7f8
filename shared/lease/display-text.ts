/**
 * Text a requester supplies and the wallet shows (name, description, dataset
 * kinds): which code points are refused, how many lines a description may
 * have, and when a name looks like another one (Unicode UTS #39 skeletons).
 *
 * Refused, because they change how text looks without being seen, or let
 * text pose as the wallet's own lines: controls (line feed and tab only in
 * multi-line fields), format characters (bidi controls, U+061C, zero-width
 * U+200B–D, U+2060–4, U+FEFF…), every default-ignorable code point (Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0, variation selectors, tags…), line
 * and paragraph separators (U+2028/9), spaces other than U+0020, private-use,
 * unassigned and lone surrogate code points, and more than three combining
 * marks in a row.
 */
import unhomoglyph from 'unhomoglyph';

/** A description may have at most this many lines (so it cannot push the wallet's verified lines off screen). */
export const DESCRIPTION_MAX_LINES = 12;

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;
const FORBIDDEN_MULTILINE = /(?![\n\t])[\p{Cc}]|[\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;
const MARK_RUN = /\p{M}{4,}/u;

/** `U+200B` for a code point. */
export function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `text` may not be shown, or null when it may: names the first refused
 * code point (as U+XXXX, never the text itself).
 */
export function displayTextProblem(text: string, options: { multiline?: boolean; maxLines?: number } = {}): string | null {
  const bad = (options.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN).exec(text);
  if (bad) {
    return `must not contain invisible, format, text-direction, separator or control characters (found ${codePointLabel(bad[0])})`;
  }
  if (MARK_RUN.test(text)) return 'must not stack more than three combining marks on one character';
  if (options.maxLines !== undefined && text.split('\n').length > options.maxLines) {
    return `must have at most ${options.maxLines} lines`;
  }
  return null;
}

/**
 * UTS #39 skeleton: NFD, each character replaced by its prototype from
 * Unicode's confusables data (the `unhomoglyph` package ships that table),
 * NFD again. Two strings with the same skeleton look alike.
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/** Skeleton for comparing names: case, spacing and punctuation runs do not count. */
function nameKey(text: string): string {
  return skeleton(skeleton(text).toLowerCase())
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/**
 * True when `name` looks like `other` (same skeleton, ignoring case and
 * spacing) or visibly contains it (e.g. "Sleep Lab — your label: Sleep Lab"),
 * though the two strings differ. Very short names (under 3 letters) never match.
 */
export function looksLike(name: string, other: string): boolean {
  const a = nameKey(name);
  const b = nameKey(other);
  if (b.length < 3 || a.length === 0) return false;
  return a === b || ` ${a} `.includes(` ${b} `);
}
