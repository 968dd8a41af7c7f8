/**
 * The check every transport boundary runs before a call reaches the router:
 * the name is a call of the contract, and the input parses with that call's
 * schema. The answer for anything else is a typed error that names the call
 * and the fields at fault — never the values (they may be secrets).
 */
import type { CallMap } from '../client.js';
import type { ApiResult } from '../envelope.js';
import { TRANSPORT_ERROR_CODES } from './http-protocol.js';

export const INVALID_INPUT_CODE = 'API_INVALID_INPUT';

export type InputCheck = { ok: true; input: unknown } | { ok: false; result: ApiResult };

export function checkCallInput(calls: CallMap, name: string, input: unknown): InputCheck {
  const def = Object.hasOwn(calls, name) ? calls[name] : undefined;
  if (!def) {
    return {
      ok: false,
      result: {
        ok: false,
        error: {
          code: TRANSPORT_ERROR_CODES.unknownCall,
          message: `"${name.slice(0, 100)}" is not a wallet call.`,
          hint: 'Update the app: this window and the wallet are from different versions.',
        },
      },
    };
  }
  const parsed = def.input.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => (i.path.length ? i.path.join('.') : '(input)')))].slice(0, 10);
  return {
    ok: false,
    result: {
      ok: false,
      error: {
        code: INVALID_INPUT_CODE,
        message: `The input of ${name} is not valid.`,
        hint: 'Check the highlighted fields and try again.',
        details: `fields: ${fields.join(', ')}`.slice(0, 4000),
      },
    },
  };
}
