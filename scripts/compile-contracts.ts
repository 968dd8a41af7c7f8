/**
 * Compiles contracts/DataLease.sol with the pinned solc-js (offline) and writes
 *   contracts/artifacts/DataLease.json  (abi, bytecode, compiler facts, sourceHash)
 *   contracts/artifacts/DataLease.ts    (the same, typed `as const` for viem)
 * and the test tokens of contracts/test/TestTokens.sol (tests and the embedded
 * chain's demo stablecoin only) to
 *   contracts/artifacts/test/TestTokens.ts
 * Imports of `@openzeppelin/contracts/...` are read from node_modules (the
 * pinned devDependency) through solc's import callback.
 *
 * Run: npx tsx scripts/compile-contracts.ts [--check]
 *   --check  compile in memory and exit 1 if the committed artifacts are stale.
 *
 * test/unit/chain/artifact.test.ts calls `compileDataLease()` and fails when
 * the committed artifact no longer matches the source.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONTRACT_SOURCE_PATH = join(REPO_ROOT, 'contracts', 'DataLease.sol');
export const ARTIFACT_JSON_PATH = join(REPO_ROOT, 'contracts', 'artifacts', 'DataLease.json');
export const ARTIFACT_TS_PATH = join(REPO_ROOT, 'contracts', 'artifacts', 'DataLease.ts');
export const TEST_TOKENS_SOURCE_PATH = join(REPO_ROOT, 'contracts', 'test', 'TestTokens.sol');
export const TEST_TOKENS_TS_PATH = join(REPO_ROOT, 'contracts', 'artifacts', 'test', 'TestTokens.ts');

export const EXPECTED_SOLC_VERSION = '0.8.37';
export const EVM_VERSION = 'cancun';
export const OPTIMIZER_RUNS = 200;

export interface DataLeaseArtifact {
  contractName: 'DataLease';
  abi: readonly unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  solcVersion: string;
  evmVersion: string;
  optimizer: { enabled: true; runs: number };
  /** sha256 of the source with line endings normalised to LF, hex with 0x. */
  sourceHash: `0x${string}`;
}

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}

interface Solc {
  version(): string;
  compile(input: string, callbacks?: { import: (path: string) => { contents: string } | { error: string } }): string;
}

const OPENZEPPELIN_PREFIX = '@openzeppelin/contracts/';

/** solc's import callback: only OpenZeppelin's pinned sources, from node_modules; anything else is an error. */
function resolveImport(path: string): { contents: string } | { error: string } {
  if (!path.startsWith(OPENZEPPELIN_PREFIX) || path.includes('..')) return { error: `import not allowed: ${path}` };
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8').replace(/\r\n/g, '\n') };
  } catch {
    return { error: `import not found: ${path}` };
  }
}

interface CompiledContract {
  abi: unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  solcVersion: string;
}

/** Compiles one source file (with its OpenZeppelin imports) and returns the named contracts. */
function compileSource(sourceName: string, source: string, contractNames: readonly string[]): Record<string, CompiledContract> {
  const solc = require('solc') as Solc;
  const fullVersion = solc.version();
  if (!fullVersion.startsWith(`${EXPECTED_SOLC_VERSION}+`)) {
    throw new Error(`compile-contracts: solc ${fullVersion} is installed, ${EXPECTED_SOLC_VERSION} is pinned`);
  }
  const input = {
    language: 'Solidity',
    sources: { [sourceName]: { content: source } },
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      outputSelection: {
        [sourceName]: Object.fromEntries(
          contractNames.map((n) => [n, ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object']]),
        ),
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport })) as SolcOutput;
  const problems = (output.errors ?? []).filter((e) => e.severity === 'error' || e.severity === 'warning');
  if (problems.length > 0) {
    throw new Error(`compile-contracts: solc reported:\n${problems.map((e) => e.formattedMessage).join('\n')}`);
  }
  const result: Record<string, CompiledContract> = {};
  for (const name of contractNames) {
    const contract = output.contracts?.[sourceName]?.[name];
    if (!contract) throw new Error(`compile-contracts: solc produced no ${name} contract`);
    result[name] = {
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      solcVersion: fullVersion,
    };
  }
  return result;
}

/** Source text as compiled and hashed: LF line endings, so a CRLF checkout compiles identically. */
export function readContractSource(path = CONTRACT_SOURCE_PATH): string {
  return readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
}

export function hashSource(source: string): `0x${string}` {
  return `0x${createHash('sha256').update(source, 'utf8').digest('hex')}`;
}

/** Compiles the DataLease source in memory. Throws with solc's messages on any error. */
export function compileDataLease(source = readContractSource()): DataLeaseArtifact {
  const contract = compileSource('DataLease.sol', source, ['DataLease'])['DataLease']!;
  return {
    contractName: 'DataLease',
    abi: contract.abi,
    bytecode: contract.bytecode,
    deployedBytecode: contract.deployedBytecode,
    solcVersion: contract.solcVersion,
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    sourceHash: hashSource(source),
  };
}

/** The test tokens (TestStablecoin, NoReturnToken), rendered as one typed module. */
export function compileTestTokens(source = readContractSource(TEST_TOKENS_SOURCE_PATH)): string {
  const compiled = compileSource('TestTokens.sol', source, ['TestStablecoin', 'NoReturnToken']);
  const lines = [
    '// Generated by scripts/compile-contracts.ts from contracts/test/TestTokens.sol. Do not edit.',
    '// Test tokens for tests and the embedded chain\'s demo stablecoin: NOT REAL MONEY.',
    '',
    `export const testTokensSourceHash = ${JSON.stringify(hashSource(source))} as const;`,
    '',
  ];
  for (const [name, c] of Object.entries(compiled)) {
    const prefix = name.charAt(0).toLowerCase() + name.slice(1);
    lines.push(`export const ${prefix}Abi = ${JSON.stringify(c.abi, null, 2)} as const;`, '');
    lines.push(`export const ${prefix}Bytecode = ${JSON.stringify(c.bytecode)} as const;`, '');
  }
  return lines.join('\n');
}

export function renderArtifactJson(artifact: DataLeaseArtifact): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

export function renderArtifactTs(artifact: DataLeaseArtifact): string {
  const lines = [
    '// Generated by scripts/compile-contracts.ts from contracts/DataLease.sol. Do not edit.',
    '// Regenerate with: npx tsx scripts/compile-contracts.ts',
    '',
    `export const dataLeaseSolcVersion = ${JSON.stringify(artifact.solcVersion)};`,
    `export const dataLeaseEvmVersion = ${JSON.stringify(artifact.evmVersion)};`,
    `export const dataLeaseSourceHash = ${JSON.stringify(artifact.sourceHash)} as const;`,
    '',
    `export const dataLeaseAbi = ${JSON.stringify(artifact.abi, null, 2)} as const;`,
    '',
    `export const dataLeaseBytecode = ${JSON.stringify(artifact.bytecode)} as const;`,
    '',
    `export const dataLeaseDeployedBytecode = ${JSON.stringify(artifact.deployedBytecode)} as const;`,
    '',
  ];
  return lines.join('\n');
}

/** Compares the committed artifacts with a fresh compile; returns what differs (empty when fresh). */
export function findStaleArtifacts(
  fresh: DataLeaseArtifact = compileDataLease(),
  freshTestTokens: string = compileTestTokens(),
): string[] {
  const stale: string[] = [];
  let committed: Partial<DataLeaseArtifact>;
  try {
    committed = JSON.parse(readFileSync(ARTIFACT_JSON_PATH, 'utf8')) as Partial<DataLeaseArtifact>;
  } catch {
    return [`${ARTIFACT_JSON_PATH} is missing or not JSON`];
  }
  if (committed.sourceHash !== fresh.sourceHash) stale.push('sourceHash differs from contracts/DataLease.sol');
  if (committed.bytecode !== fresh.bytecode) stale.push('bytecode differs from a fresh compile');
  if (committed.deployedBytecode !== fresh.deployedBytecode) stale.push('deployedBytecode differs');
  if (JSON.stringify(committed.abi) !== JSON.stringify(fresh.abi)) stale.push('abi differs');
  if (committed.solcVersion !== fresh.solcVersion) stale.push('solcVersion differs');
  let ts = '';
  try {
    ts = readFileSync(ARTIFACT_TS_PATH, 'utf8');
  } catch {
    stale.push(`${ARTIFACT_TS_PATH} is missing`);
  }
  if (ts && ts !== renderArtifactTs(fresh)) stale.push('DataLease.ts differs from a fresh render');
  let testTokens = '';
  try {
    testTokens = readFileSync(TEST_TOKENS_TS_PATH, 'utf8');
  } catch {
    stale.push(`${TEST_TOKENS_TS_PATH} is missing`);
  }
  if (testTokens && testTokens !== freshTestTokens) stale.push('test/TestTokens.ts differs from a fresh compile');
  return stale;
}

function main(argv: string[]): number {
  const started = performance.now();
  const artifact = compileDataLease();
  const testTokens = compileTestTokens();
  if (argv.includes('--check')) {
    const stale = findStaleArtifacts(artifact, testTokens);
    if (stale.length > 0) {
      console.error(`compile-contracts: artifacts are stale:\n  ${stale.join('\n  ')}\nRun: npx tsx scripts/compile-contracts.ts`);
      return 1;
    }
    console.log('compile-contracts: artifacts are up to date');
    return 0;
  }
  mkdirSync(dirname(ARTIFACT_JSON_PATH), { recursive: true });
  writeFileSync(ARTIFACT_JSON_PATH, renderArtifactJson(artifact));
  writeFileSync(ARTIFACT_TS_PATH, renderArtifactTs(artifact));
  mkdirSync(dirname(TEST_TOKENS_TS_PATH), { recursive: true });
  writeFileSync(TEST_TOKENS_TS_PATH, testTokens);
  const ms = Math.round(performance.now() - started);
  const size = (artifact.deployedBytecode.length - 2) / 2;
  console.log(`compile-contracts: DataLease (${size} bytes deployed, solc ${artifact.solcVersion}, ${EVM_VERSION}) in ${ms} ms`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
