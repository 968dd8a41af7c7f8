/**
 * Does a requester's self-chosen name look like the label the user gave
 * another, known requester? A spoofer picks "Sleep Lab, Univ. of Examp1e" to
 * look like "Sleep Lab, University of Example". We fold look-alike characters
 * (Cyrillic/Greek homoglyphs, digits for letters, accents, width variants),
 * drop spaces and punctuation, and compare with an edit-distance bound.
 */

const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't',
  'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ɡ': 'g',
  // Greek
  'α': 'a', 'β': 'b', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
  // digits and symbols used for letters
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '$': 's', '@': 'a', '|': 'l', '!': 'i',
  // letters that look alike in most fonts
  'i': 'l', 'ı': 'l',
};

/** A skeleton of a name: what it looks like, not what it spells. */
export function skeleton(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents
    .toLowerCase();
  let out = '';
  for (const ch of folded) {
    const mapped = HOMOGLYPHS[ch] ?? ch;
    if (/[a-z]/.test(mapped)) out += mapped;
  }
  // "rn" reads as "m", "vv" as "w", "cl" as "d"
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd');
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export interface KnownName {
  address: string;
  label: string;
}

/**
 * The labelled requesters (other than `address` itself) whose label the
 * given name imitates. Exact text matches count too: a new address calling
 * itself by a known requester's label is the plainest spoof.
 */
export function confusableWith(name: string, address: string, known: readonly KnownName[]): KnownName[] {
  const s = skeleton(name);
  if (s.length < 3) return [];
  return known.filter((k) => {
    if (k.address.toLowerCase() === address.toLowerCase()) return false;
    const t = skeleton(k.label);
    if (t.length < 3) return false;
    if (s === t || s.includes(t) || t.includes(s)) return true;
    const limit = Math.max(1, Math.floor(Math.min(s.length, t.length) / 8));
    return editDistance(s, t, limit) <= limit;
  });
}
