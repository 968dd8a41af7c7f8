/**
 * Every WalletError class of the core and shared/, for rebuilding errors from
 * their serialised form on a side that can import the core (tests, the CLI,
 * Electron main): `errorFromSerialized(s, coreErrorClasses)`.
 */
import * as transportErrors from '../../shared/api/transports/errors.js';
import * as apiErrors from '../../shared/errors/api-errors.js';
import { errorClassLookup, type WalletErrorClass } from '../../shared/errors/serialize.js';
import { WalletError } from '../../shared/errors/wallet-error.js';
import * as leaseLinkErrors from '../../shared/lease/errors.js';
import * as auditErrors from './audit/errors.js';
import * as chainErrors from './chain/errors.js';
import * as importerErrors from './importers/errors.js';
import * as instanceErrors from './instance/errors.js';
import * as consentReceipt from './leases/consent-receipt.js';
import * as leaseErrors from './leases/errors.js';
import * as trainingEngineErrors from './training/engine/errors.js';
import * as settingsErrors from './settings/errors.js';
import * as vaultErrors from './vault/errors.js';
import * as trainingErrors from './training/errors.js';

const isErrorClass = (v: unknown): v is WalletErrorClass => typeof v === 'function' && v.prototype instanceof WalletError;

/** All exported WalletError classes of these modules. */
export const coreErrorClassList: readonly WalletErrorClass[] = [
  apiErrors,
  transportErrors,
  instanceErrors,
  leaseLinkErrors,
  auditErrors,
  chainErrors,
  importerErrors,
  consentReceipt,
  leaseErrors,
  trainingEngineErrors,
  vaultErrors,
  trainingErrors,
  settingsErrors,
].flatMap((m) => Object.values(m).filter(isErrorClass));

export const coreErrorClasses = errorClassLookup(coreErrorClassList);
