/**
 * JSON.parse, plus what it silently forgives: a repeated object key (the last
 * one wins, so `{"price":"1","price":"100"}` would show one value and sign
 * another in a naive pipeline). After JSON.parse has accepted the text, a
 * small scanner walks it once more, tracking object nesting, and compares
 * every key after unescaping (`"a"` and `"\u0061"` are the same key).
 */
export type StrictJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'syntax'; message: string }
  | { ok: false; reason: 'duplicate-key'; path: string };

export function parseStrictJson(text: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'syntax', message: e instanceof Error ? e.message : 'invalid JSON' };
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) return { ok: false, reason: 'duplicate-key', path: duplicate };
  return { ok: true, value };
}

type Frame =
  | { kind: 'object'; keys: Set<string>; expectKey: boolean; currentKey: string | null; path: string }
  | { kind: 'array'; index: number; path: string };

/**
 * Returns the path of the first repeated key (e.g. `message.price`), or null.
 * Precondition: `text` is valid JSON (JSON.parse accepted it), so the scanner
 * only needs to tell strings, keys and nesting apart.
 */
export function findDuplicateKey(text: string): string | null {
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'object') return top.path ? `${top.path}.${top.currentKey ?? ''}` : (top.currentKey ?? '');
    return `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      stack.push({ kind: 'object', keys: new Set(), expectKey: true, currentKey: null, path: childPath() });
    } else if (c === 0x5b /* [ */) {
      stack.push({ kind: 'array', index: 0, path: childPath() });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index++;
    } else if (c === 0x22 /* " */) {
      const start = i;
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) return path;
        top.keys.add(key);
        top.currentKey = key;
        top.expectKey = false;
      }
    }
  }
  return null;
}
