/**
 * What a handler is: the use case behind one contract call. It gets the
 * wallet and the input already parsed with the call's schema, and returns
 * plain JSON that fits the call's output schema. It throws WalletErrors; the
 * router turns them into the serialised form.
 */
import type { z } from 'zod';
import type { ApiCallName, ApiCalls } from '../../../shared/api/contract.js';
import type { Wallet } from '../wallet/wallet.js';

export type CallInput<N extends ApiCallName> = z.output<ApiCalls[N]['input']>;
export type CallOutput<N extends ApiCallName> = z.input<ApiCalls[N]['output']>;

export type ApiHandler<N extends ApiCallName> = (wallet: Wallet, input: CallInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;

/** One handler per call of the contract (the compiler checks none is missing). */
export type ApiHandlers = { [N in ApiCallName]: ApiHandler<N> };

/** The handlers of one area, e.g. `HandlersOf<'vault.'>`. */
export type HandlersOf<Prefix extends string> = { [N in ApiCallName as N extends `${Prefix}${string}` ? N : never]: ApiHandler<N> };
