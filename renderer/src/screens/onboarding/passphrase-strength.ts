/**
 * A rough, honest strength estimate for the meter (not a policy: the core
 * only refuses fewer than 8 characters). Guessing entropy from the character
 * pool and length, minus what patterns give away: repeats, sequences, a short
 * list of the most common passwords and words, and all-one-class strings.
 */
export const MIN_LENGTH = 8;

const COMMON = [
  'password', 'passwort', 'qwerty', 'azerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'monkey', 'dragon',
  'football', 'baseball', 'sunshine', 'princess', 'master', 'shadow', 'secret', 'wallet', 'datawallet', 'abc123',
  '123456', '12345678', '123456789', '1234567890', '111111', '000000', 'trustno1', 'hello', 'freedom', 'whatever',
];

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  /** 0 = refused (too short), 1 weak, 2 fair, 3 good, 4 strong. */
  level: StrengthLevel;
  /** Estimated guessing entropy in bits. */
  bits: number;
  /** 0–100 for the meter. */
  percent: number;
  tooShort: boolean;
  common: boolean;
}

function poolSize(chars: string[]): number {
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => /[ ]/.test(c))) pool += 1;
  if (chars.some((c) => /[^a-zA-Z0-9 ]/.test(c) && c.charCodeAt(0) < 128)) pool += 33;
  if (chars.some((c) => c.charCodeAt(0) >= 128)) pool += 100;
  return Math.max(pool, 1);
}

/** Characters that add little: a repeat of the previous one or the next in a run (abc, 321). */
function effectiveLength(chars: string[]): number {
  let eff = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!.toLowerCase().codePointAt(0)!;
    const prev = i > 0 ? chars[i - 1]!.toLowerCase().codePointAt(0)! : -99;
    if (c === prev) eff += 0.1;
    else if (Math.abs(c - prev) === 1) eff += 0.3;
    else eff += 1;
  }
  return eff;
}

export function estimateStrength(passphrase: string): Strength {
  const trimmed = passphrase.normalize('NFC').trim();
  const chars = Array.from(trimmed);
  const tooShort = chars.length < MIN_LENGTH;
  const lower = trimmed.toLowerCase();
  const common = COMMON.some((w) => lower === w || (w.length >= 6 && lower.replace(/[^a-z0-9]/g, '').startsWith(w) && lower.length < w.length + 4));
  let bits = effectiveLength(chars) * Math.log2(poolSize(chars));
  // Several words separated by spaces or dashes: credit length, they are harder to guess than they look short.
  const words = trimmed.split(/[\s\-_.]+/).filter((w) => w.length >= 3);
  if (words.length >= 4) bits = Math.max(bits, words.length * 12);
  if (common) bits = Math.min(bits, 10);
  bits = Math.round(bits);
  let level: StrengthLevel;
  if (tooShort) level = 0;
  else if (bits < 40) level = 1;
  else if (bits < 60) level = 2;
  else if (bits < 80) level = 3;
  else level = 4;
  const percent = tooShort ? Math.min(20, chars.length * 2) : Math.min(100, Math.max(25, Math.round((bits / 90) * 100)));
  return { level, bits, percent, tooShort, common };
}
