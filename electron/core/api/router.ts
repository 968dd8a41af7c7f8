/**
 * The one router: implements the API contract on top of a wallet. Every
 * transport (in-process for the CLI and tests, Electron IPC, browser mode)
 * carries this object's `invoke` and `subscribe`.
 *
 * `invoke` never throws and never rejects: an unknown call, input that does
 * not parse with the call's schema, a WalletError from the handler, or any
 * other failure comes back as `{ ok: false, error }` in the serialised form.
 * The result is checked against the call's output schema and passed on as
 * plain JSON, so an in-process caller sees exactly what a remote one does.
 */
import type { z } from 'zod';
import { apiCalls, type ApiCallName } from '../../../shared/api/contract.js';
import type { ApiEventEnvelope, ApiResult, ApiTransport } from '../../../shared/api/envelope.js';
import { InvalidInputError, UnexpectedError, UnknownCallError } from '../../../shared/errors/api-errors.js';
import { serializeError } from '../../../shared/errors/serialize.js';
import type { Wallet } from '../wallet/wallet.js';
import type { ApiHandlers } from './handler.js';
import { auditHandlers } from './handlers/audit.js';
import { chainHandlers } from './handlers/chain.js';
import { dataHandlers } from './handlers/data.js';
import { leaseHandlers, requestHandlers, requesterHandlers } from './handlers/leases.js';
import { trainingHandlers } from './handlers/training.js';
import { privacyHandlers } from './handlers/privacy.js';
import { settingsHandlers } from './handlers/settings.js';
import { vaultHandlers } from './handlers/vault.js';

export const apiHandlers: ApiHandlers = {
  ...vaultHandlers,
  ...dataHandlers,
  ...requestHandlers,
  ...leaseHandlers,
  ...requesterHandlers,
  ...auditHandlers,
  ...chainHandlers,
  ...trainingHandlers,
  ...privacyHandlers,
  ...settingsHandlers,
};

export interface ApiRouter extends ApiTransport {
  readonly wallet: Wallet;
}

export interface ApiRouterOptions {
  handlers?: ApiHandlers;
  /**
   * Sees every error a handler threw, before it is serialised (the original,
   * with its stack and cause): for a front end's debug output. Never send
   * what it gets across a transport.
   */
  onError?: (call: string, error: unknown) => void;
}

function isCallName(name: unknown): name is ApiCallName {
  return typeof name === 'string' && Object.hasOwn(apiCalls, name);
}

/** A path for people: `narrowing.datasets.0`, or '' for the input as a whole. */
function issuePath(issue: z.core.$ZodIssue | undefined): string {
  return (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? '?' : String(p))).join('.');
}

const problemOf = (issue: z.core.$ZodIssue | undefined): string => (issue?.message ?? 'invalid').replace(/\s+/g, ' ').slice(0, 200);

/**
 * The first problem of a failed parse, without the offending value (it may be
 * a secret). `details` lists up to ten problems, one `path: problem` a line
 * (`(input)` for the input as a whole), so a front end can point at its own
 * field for each.
 */
function invalidInput(call: string, error: z.ZodError): InvalidInputError {
  const issue = error.issues[0];
  return new InvalidInputError(call, issuePath(issue), problemOf(issue), {
    details: error.issues
      .slice(0, 10)
      .map((i) => `${issuePath(i) || '(input)'}: ${problemOf(i)}`)
      .join('\n'),
  });
}

export function createApiRouter(wallet: Wallet, options: ApiRouterOptions = {}): ApiRouter {
  const handlers = options.handlers ?? apiHandlers;
  return {
    wallet,
    async invoke(call: string, input: unknown): Promise<ApiResult> {
      try {
        if (!isCallName(call)) throw new UnknownCallError(String(call));
        const def = apiCalls[call];
        const parsed = def.input.safeParse(input);
        if (!parsed.success) throw invalidInput(call, parsed.error);
        const handler = handlers[call] as (w: Wallet, i: unknown) => unknown;
        const value: unknown = await handler(wallet, parsed.data);
        const json: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
        const checked = def.output.safeParse(json);
        if (!checked.success) {
          throw new UnexpectedError({ details: `the result of ${call} does not match the contract at ${issuePath(checked.error.issues[0]) || '(result)'}` });
        }
        return { ok: true, value: json };
      } catch (e) {
        try {
          options.onError?.(call, e);
        } catch {
          // a debug hook must not change the answer
        }
        return { ok: false, error: serializeError(e) };
      }
    },
    subscribe(listener: (event: ApiEventEnvelope) => void): () => void {
      return wallet.events.onAny(listener);
    },
  };
}
