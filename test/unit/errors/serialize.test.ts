import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coreErrorClasses, coreErrorClassList } from '../../../electron/core/error-classes.js';
import { ChainIdMismatchError, DataLeaseRevertError } from '../../../electron/core/chain/errors.js';
import { ImportFormatError } from '../../../electron/core/importers/errors.js';
import { LeaseRequestRefusedError } from '../../../electron/core/leases/errors.js';
import { DatasetNotFoundError, VaultLockedError, WrongPassphraseError } from '../../../electron/core/vault/errors.js';
import { serializedErrorSchema } from '../../../shared/api/envelope.js';
import {
  errorFromSerialized,
  InvalidInputError,
  RemoteWalletError,
  serializeError,
  WalletError,
} from '../../../shared/errors/index.js';
import { LeaseLinkError } from '../../../shared/lease/errors.js';

describe('serializeError / errorFromSerialized', () => {
  const samples: WalletError[] = [
    new WrongPassphraseError(),
    new VaultLockedError(),
    new DatasetNotFoundError('steps'),
    new ImportFormatError({ fileName: '/home/a/x.csv', line: 3, reason: 'a row has 3 columns, the header 2' }),
    new ChainIdMismatchError(31337, 1),
    new DataLeaseRevertError('InsufficientDeposit', [1n, 2n]),
    new LeaseRequestRefusedError('bad-signature'),
    new LeaseLinkError('LINK_JSON', { field: 'message.price', details: 'at byte 4' }),
    new InvalidInputError('vault.unlock', 'passphrase', 'Too small'),
  ];

  it('round-trips every sample as the same class with the same code, message and hint', () => {
    for (const e of samples) {
      const s = serializeError(e);
      expect(serializedErrorSchema.parse(s)).toEqual(s);
      expect(s).toEqual({
        code: e.code,
        message: e.shortMessage,
        ...(e.hint !== undefined && { hint: e.hint }),
        ...(e.details !== undefined && { details: e.details }),
      });
      const back = errorFromSerialized(JSON.parse(JSON.stringify(s)), coreErrorClasses);
      expect(back).toBeInstanceOf(e.constructor);
      expect(back).toBeInstanceOf(WalletError);
      expect(back.code).toBe(e.code);
      expect(back.shortMessage).toBe(e.shortMessage);
      expect(back.hint).toBe(e.hint);
      expect(back.details).toBe(e.details);
      expect(back.toString()).toBe(WalletError.prototype.toString.call(e));
    }
  });

  it('without the core classes, errors come back as RemoteWalletError with the same code and the class name', () => {
    const back = errorFromSerialized(serializeError(new WrongPassphraseError()));
    expect(back).toBeInstanceOf(RemoteWalletError);
    expect(back.code).toBe('WRONG_PASSPHRASE');
    expect(back.name).toBe('WrongPassphraseError');
    expect(back.hint).toMatch(/recovery key/);
  });

  it('a non-wallet error becomes UNEXPECTED and its message is withheld', () => {
    const s = serializeError(new TypeError('secret value 12345 leaked'));
    expect(s.code).toBe('UNEXPECTED');
    expect(JSON.stringify(s)).not.toContain('12345');
    expect(serializeError('a string').code).toBe('UNEXPECTED');
    expect(serializeError(Object.assign(new Error('x'), { name: 'AbortError' })).code).toBe('CANCELLED');
  });

  it('the core class list holds every area', () => {
    const names = coreErrorClassList.map((c) => c.name);
    for (const n of ['WrongPassphraseError', 'ImportFileError', 'ChainRpcError', 'LeaseNotFoundError', 'AuditLogBrokenError', 'LeaseLinkError', 'InvalidInputError']) {
      expect(names).toContain(n);
    }
  });

  it('property: anything received as an error is rebuilt as a WalletError, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ code: fc.string(), message: fc.string(), hint: fc.option(fc.string(), { nil: undefined }) })), (value) => {
        const e = errorFromSerialized(value, coreErrorClasses);
        expect(e).toBeInstanceOf(WalletError);
        expect(typeof e.code).toBe('string');
        expect(serializedErrorSchema.safeParse(serializeError(e)).success).toBe(true);
      }),
    );
  });
});
