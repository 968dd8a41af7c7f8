import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, isAddress, type Account, type Address, type Hash } from 'viem';
import { dataLeaseSourceHash } from '../../../contracts/artifacts/DataLease.js';
import { checkDataLeaseContract, deployDataLease, type DataLeaseDeployment } from './deploy-data-lease.js';
import type { EmbeddedChain } from './embedded-chain.js';
import { ContractNotDeployedError } from './errors.js';
import { fundAccount } from './fund-account.js';
import { deployTestStablecoin, isTestStablecoin } from './deploy-test-stablecoin.js';

export const DEPLOYMENT_FILE = 'deployment.json';

export interface PreparedEmbeddedChain {
  /** The DataLease contract the wallet uses on this chain. */
  contract: Address;
  /** True when this call deployed it (first start, or the chain state was lost). */
  deployedNow: boolean;
  /**
   * The contract recorded earlier but no longer on the chain (state file lost
   * or reset): leases granted there are gone from the chain and must be
   * reconciled from the wallet's own records. Null normally.
   */
  lostContract: Address | null;
  /** The recorded contract was compiled from another source than the current artifact. */
  outdated: boolean;
  /** The wallet account's balance after funding. */
  balance: bigint;
  /** The embedded chain's "Test Stablecoin (not real money)" (6 decimals), for demos and tests. */
  testStablecoin: Address;
}

interface DeploymentRecord {
  chainId: number;
  address: Address;
  transactionHash: Hash;
  blockNumber: string;
  deployer: Address;
  sourceHash: string;
  /** Address of the demo test stablecoin on this chain (absent in records written before it existed). */
  testStablecoin?: Address;
}

function readDeployment(path: string, chainId: number): DeploymentRecord | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<DeploymentRecord>;
    if (value.chainId === chainId && typeof value.address === 'string' && isAddress(value.address)) {
      return value as DeploymentRecord;
    }
  } catch {
    // none yet
  }
  return null;
}

function writeDeployment(path: string, record: DeploymentRecord): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/**
 * Readies the embedded chain for the wallet's account: funds it with play
 * money, and makes sure a DataLease contract is deployed — reusing the one
 * recorded in `<chainDir>/deployment.json` when it is still there, deploying
 * (from `account`) and recording a new one otherwise. The address is returned
 * for the caller to keep in its settings as well.
 */
export async function prepareEmbeddedChain(chain: EmbeddedChain, account: Account): Promise<PreparedEmbeddedChain> {
  await fundAccount(chain.testClient, account.address);
  const recordPath = join(chain.chainDir, DEPLOYMENT_FILE);
  const record = readDeployment(recordPath, chain.chainId);
  const clients = { publicClient: chain.publicClient, walletClient: chain.walletClient(account) };
  if (record) {
    try {
      await checkDataLeaseContract(chain.publicClient, getAddress(record.address));
      let testStablecoin = record.testStablecoin && isAddress(record.testStablecoin) ? getAddress(record.testStablecoin) : null;
      if (!testStablecoin || !(await isTestStablecoin(chain.publicClient, testStablecoin))) {
        testStablecoin = (await deployTestStablecoin(clients)).address;
        writeDeployment(recordPath, { ...record, testStablecoin });
      }
      return {
        contract: getAddress(record.address),
        deployedNow: false,
        lostContract: null,
        outdated: record.sourceHash !== dataLeaseSourceHash,
        balance: await chain.publicClient.getBalance({ address: account.address }),
        testStablecoin,
      };
    } catch (e) {
      if (!(e instanceof ContractNotDeployedError)) throw e;
    }
  }
  const deployment = await deployDataLease(clients);
  const testStablecoin = (await deployTestStablecoin(clients)).address;
  writeDeployment(recordPath, recordOf(deployment, testStablecoin));
  return {
    contract: deployment.address,
    deployedNow: true,
    lostContract: record ? getAddress(record.address) : null,
    outdated: false,
    balance: await chain.publicClient.getBalance({ address: account.address }),
    testStablecoin,
  };
}

function recordOf(d: DataLeaseDeployment, testStablecoin: Address): DeploymentRecord {
  return {
    chainId: d.chainId,
    address: d.address,
    transactionHash: d.transactionHash,
    blockNumber: d.blockNumber.toString(),
    deployer: d.deployer,
    sourceHash: d.sourceHash,
    testStablecoin,
  };
}
