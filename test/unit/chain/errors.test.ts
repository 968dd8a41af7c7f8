/** Chain errors: wording pinned, and raw viem errors mapped to ours. */
import { BaseError, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult } from 'viem';
import { describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import {
  ChainIdMismatchError,
  ChainRpcError,
  ChainTransactionError,
  DataLeaseRevertError,
  mapChainError,
} from '../../../electron/core/chain/errors.js';

function revert(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi: dataLeaseAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const cause = new ContractFunctionRevertedError({ abi: dataLeaseAbi, data, functionName: 'grant' });
  return new ContractFunctionExecutionError(cause, { abi: dataLeaseAbi, functionName: 'grant', args: [] });
}

describe('mapChainError', () => {
  it('maps DataLease custom errors to DataLeaseRevertError with reason and arguments', () => {
    const e = mapChainError(revert('NonceAlreadyUsed', ['0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', 7n, 3n]));
    expect(e).toBeInstanceOf(DataLeaseRevertError);
    expect(e).toMatchObject({
      name: 'DataLeaseRevertError',
      reason: 'NonceAlreadyUsed',
      args: ['0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', 7n, 3n],
      shortMessage: 'This lease request has already been granted.',
      hint: 'A request can be granted once. Check your leases, or ask the requester for a new request.',
    });
    expect(e.toString()).toBe(
      'This lease request has already been granted. A request can be granted once. Check your leases, or ask the requester for a new request.',
    );
  });

  it('pins the wording people see for the revoke and signature failures', () => {
    expect(mapChainError(revert('NotLeaseOwner', [1n, '0x0000000000000000000000000000000000000001'])).shortMessage).toBe(
      'Only the data owner who granted this lease can do that.',
    );
    expect(mapChainError(revert('SignerMismatch', ['0x0000000000000000000000000000000000000001', '0x0000000000000000000000000000000000000002'])).shortMessage).toBe(
      'The request was not signed by the requester it names.',
    );
    expect(mapChainError(revert('LeaseNotExpired', [1n, 2n])).shortMessage).toBe('The lease has not expired yet.');
  });

  it('maps connection failures to ChainRpcError and passes WalletErrors through', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED /tmp/x/anvil.ipc'), { code: 'ECONNREFUSED' });
    const wrapped = new BaseError('An unknown RPC error occurred.', { cause: refused });
    const mapped = mapChainError(wrapped);
    expect(mapped).toBeInstanceOf(ChainRpcError);
    expect(mapped.details).toBe('ECONNREFUSED');
    const own = new ChainIdMismatchError(1, 2);
    expect(mapChainError(own)).toBe(own);
    expect(own.shortMessage).toBe('The chain answered with chain id 2, but 1 is configured.');
    expect(mapChainError(new BaseError('nonce too low'))).toBeInstanceOf(ChainTransactionError);
    expect(mapChainError('boom')).toBeInstanceOf(ChainRpcError);
  });
});
