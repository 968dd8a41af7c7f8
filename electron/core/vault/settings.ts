import { InvalidQueryError } from './errors.js';
import type { VaultSession } from './session.js';

/** A JSON value as settings store it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Key/value settings stored inside the encrypted vault. */
export interface VaultSettings {
  /** The stored value, or undefined when the key was never set. */
  get(key: string): JsonValue | undefined;
  set(key: string, value: JsonValue): void;
  /** True when something was deleted. */
  delete(key: string): boolean;
}

const MAX_KEY_LENGTH = 200;

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InvalidQueryError(`a setting key must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
}

/** Settings over a session; `session()` throws VaultLockedError when locked. */
export function createVaultSettings(session: () => VaultSession): VaultSettings {
  return {
    get(key) {
      checkKey(key);
      const text = session().reads.setting(key);
      return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
    },
    set(key, value) {
      checkKey(key);
      const json = JSON.stringify(value);
      if (json === undefined) throw new InvalidQueryError('a setting value must be JSON');
      const s = session();
      s.assertWritable();
      s.writes.setSetting(key, json);
    },
    delete(key) {
      checkKey(key);
      const s = session();
      s.assertWritable();
      return s.writes.deleteSetting(key);
    },
  };
}
