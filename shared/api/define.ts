/**
 * How the API contract is written down: every call is a name with a zod input
 * schema and a zod output schema; every event a name with a payload schema.
 * The contract itself (`contract.ts`) is plain data built with these helpers,
 * so the router (core), the transports (Electron IPC, browser mode) and the
 * typed client (renderer, tests) are all derived from one object.
 *
 * Conventions for what crosses a transport (JSON only):
 * - bigints (wei, token amounts, uint256 nonces) travel as canonical decimal
 *   strings (`decimalString`), never as JS numbers;
 * - times are unix milliseconds as integers (`unixMs`) unless a field's name
 *   says otherwise (e.g. `…Seconds` for block-time values that the contract holds);
 * - addresses are EIP-55 checksummed strings.
 */
import { z } from 'zod';

export interface ApiCallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One line for people and docs: what the call does. */
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export interface ApiEventDef<P extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly payload: P;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(def: ApiCallDef<I, O>): ApiCallDef<I, O> {
  return def;
}

export function defineEvent<P extends z.ZodType>(def: ApiEventDef<P>): ApiEventDef<P> {
  return def;
}

/** A non-negative integer as a canonical decimal string (the bigint convention). */
export const decimalString = z
  .string()
  .max(78)
  .regex(/^(0|[1-9][0-9]*)$/, 'must be a non-negative integer written as a decimal string');

/** Unix time in milliseconds. */
export const unixMs = z.number().int().nonnegative().max(8.64e15);
