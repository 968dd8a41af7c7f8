/** The committed contract artifact must be what the pinned solc makes of the committed source. */
import { describe, expect, it } from 'vitest';
import {
  compileDataLease,
  EVM_VERSION,
  EXPECTED_SOLC_VERSION,
  findStaleArtifacts,
  hashSource,
  readContractSource,
} from '../../../scripts/compile-contracts.js';
import { dataLeaseAbi, dataLeaseBytecode, dataLeaseSourceHash } from '../../../contracts/artifacts/DataLease.js';

describe('contracts/artifacts/DataLease', () => {
  const fresh = compileDataLease();

  it('is up to date with contracts/DataLease.sol (run `npx tsx scripts/compile-contracts.ts` if not)', () => {
    expect(findStaleArtifacts(fresh)).toEqual([]);
    expect(dataLeaseSourceHash).toBe(hashSource(readContractSource()));
    expect(dataLeaseBytecode).toBe(fresh.bytecode);
    expect(JSON.stringify(dataLeaseAbi)).toBe(JSON.stringify(fresh.abi));
  });

  it('was built by the pinned compiler for the pinned EVM', () => {
    expect(fresh.solcVersion.startsWith(`${EXPECTED_SOLC_VERSION}+`)).toBe(true);
    expect(fresh.evmVersion).toBe(EVM_VERSION);
    // EIP-170: deployable on any EVM chain.
    expect((fresh.deployedBytecode.length - 2) / 2).toBeLessThan(24_576);
  });

  it('notices a changed source', () => {
    const changed = compileDataLease(`${readContractSource()}\n// a comment changes the metadata hash\n`);
    expect(changed.sourceHash).not.toBe(fresh.sourceHash);
    expect(changed.bytecode).not.toBe(fresh.bytecode);
  });
});
