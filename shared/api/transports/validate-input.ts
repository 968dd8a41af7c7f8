/**
 * The check every transport boundary runs before a call reaches the router:
 * the name is a call of the contract, and the input parses with that call's
 * schema. Anything else is answered with UNKNOWN_CALL or INVALID_INPUT, which
 * name the call and the field at fault — never the value (it may be a secret).
 */
import { InvalidInputError, UnknownCallError } from '../../errors/api-errors.js';
import { serializeError } from '../../errors/serialize.js';
import type { CallMap } from '../client.js';
import type { ApiResult } from '../envelope.js';

export type InputCheck = { ok: true; input: unknown } | { ok: false; result: ApiResult };

export function checkCallInput(calls: CallMap, name: string, input: unknown): InputCheck {
  const def = Object.hasOwn(calls, name) ? calls[name] : undefined;
  if (!def) return { ok: false, result: { ok: false, error: serializeError(new UnknownCallError(name)) } };
  const parsed = def.input.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const problem = (issue?.message ?? 'not accepted').slice(0, 200);
  return { ok: false, result: { ok: false, error: serializeError(new InvalidInputError(name, field, problem)) } };
}
