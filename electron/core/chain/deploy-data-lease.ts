import type { Address, Hash } from 'viem';
import { dataLeaseAbi, dataLeaseBytecode, dataLeaseSourceHash } from '../../../contracts/artifacts/DataLease.js';
import type { ChainPublicClient, ChainWalletClient } from './clients.js';
import { ContractNotDeployedError, mapChainError } from './errors.js';
import { deployArtifact } from './deploy-artifact.js';
import { LEASE_DOMAIN_VERSION } from '../../../shared/lease/eip712.js';

export interface DeployDataLeaseParameters {
  publicClient: ChainPublicClient;
  /** Pays for the deployment; becomes nothing special in the contract (any address can own leases). */
  walletClient: ChainWalletClient;
}

export interface DataLeaseDeployment {
  address: Address;
  chainId: number;
  transactionHash: Hash;
  blockNumber: bigint;
  deployer: Address;
  /** sha256 of the contract source the bytecode was compiled from. */
  sourceHash: `0x${string}`;
}

/** Deploys the compiled DataLease artifact and checks the result answers as a DataLease. */
export async function deployDataLease({ publicClient, walletClient }: DeployDataLeaseParameters): Promise<DataLeaseDeployment> {
  const { address, transactionHash, receipt } = await deployArtifact(
    { publicClient, walletClient },
    { abi: dataLeaseAbi, bytecode: dataLeaseBytecode, what: 'DataLease' },
  );
  await checkDataLeaseContract(publicClient, address);
  return {
    address,
    chainId: publicClient.chain.id,
    transactionHash,
    blockNumber: receipt.blockNumber,
    deployer: walletClient.account.address,
    sourceHash: dataLeaseSourceHash,
  };
}

/**
 * Checks that `address` holds a DataLease for this chain: code is present and
 * its EIP-5267 domain is ("DataWallet", "2", this chain id, this address).
 * A version-1 DataLease (native currency only, no payment token) is refused.
 */
export async function checkDataLeaseContract(publicClient: ChainPublicClient, address: Address): Promise<void> {
  let code: string | undefined;
  try {
    code = await publicClient.getCode({ address });
  } catch (e) {
    throw mapChainError(e);
  }
  if (!code || code === '0x') throw new ContractNotDeployedError(address);
  let domain: readonly unknown[];
  try {
    domain = await publicClient.readContract({ address, abi: dataLeaseAbi, functionName: 'eip712Domain' });
  } catch (e) {
    throw new ContractNotDeployedError(address, { cause: e, details: 'eip712Domain() failed: not a DataLease.' });
  }
  const [, name, version, chainId, verifyingContract] = domain as [string, string, string, bigint, Address];
  if (
    name !== 'DataWallet' ||
    version !== LEASE_DOMAIN_VERSION ||
    chainId !== BigInt(publicClient.chain.id) ||
    verifyingContract.toLowerCase() !== address.toLowerCase()
  ) {
    const retired = name === 'DataWallet' && version !== LEASE_DOMAIN_VERSION;
    throw new ContractNotDeployedError(address, {
      details: retired
        ? `It is a DataLease of lease protocol version ${version}; this wallet needs version ${LEASE_DOMAIN_VERSION} (payment tokens): deploy the current contract.`
        : `eip712Domain() is (${name}, ${version}, ${chainId}): not this DataLease.`,
    });
  }
}
