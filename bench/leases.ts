/**
 * Lease benchmark: `npm run bench:leases` (builds, then runs
 * dist/bench/leases.js; about a minute). On a real embedded Anvil chain:
 *
 * 1. verify a link: decode the deep link (size limits, strict schemas) and
 *    verify its EIP-712 signature, p50/p99 of LINK_RUNS; baseline: decode alone.
 * 2. grant round trip: commit transaction + receipt, then the grant (reveal)
 *    transaction + receipt (commit-reveal, see contracts/DataLease.sol),
 *    p50/p99 of GRANTS, and each half on its own; baseline: a plain 1-wei
 *    transfer + receipt on the same chain (the chain's and IPC's own floor).
 *    Two transactions, so the floor is about two transfers. A lease paid in
 *    the embedded chain's 6-decimal test stablecoin (ERC-20 escrow per token)
 *    is granted in the same loop, alternating with the native one, and
 *    reported next to it.
 * 3. chain start on unlock: spawn → first RPC answer, in a fresh folder and
 *    with saved state (the contract and GRANTS leases in it), and the whole
 *    start + prepareEmbeddedChain the wallet does on unlock.
 * 4. DataLease deployment (transaction + receipt + domain check).
 *
 * Accounts are Anvil's public development keys (bench/lib/lease-fixtures.ts).
 * Every chain folder is a temp folder removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther, type Address } from 'viem';
import { commitGrant } from '../electron/core/chain/data-lease/commit-grant.js';
import { grantLease, randomSalt } from '../electron/core/chain/data-lease/grant-lease.js';
import { hashLeaseRequest } from '../shared/lease/eip712.js';
import { deployDataLease } from '../electron/core/chain/deploy-data-lease.js';
import { startEmbeddedChain, type EmbeddedChain } from '../electron/core/chain/embedded-chain.js';
import { prepareEmbeddedChain } from '../electron/core/chain/prepare-embedded-chain.js';
import { waitForReceipt } from '../electron/core/chain/wait-for-receipt.js';
import { deposit, depositToken } from '../requester/deposit.js';
import { mintTestStablecoin } from '../electron/core/chain/deploy-test-stablecoin.js';
import { signLeaseRequest } from '../requester/sign-lease-request.js';
import { hashLeaseScope, requestedScope } from '../shared/lease/eip712.js';
import { decodeLeaseLink, encodeLeaseLink } from '../shared/lease/link.js';
import { verifyLeaseRequestSignature } from '../shared/lease/signature.js';
import { benchLeaseRequest, benchOwner, benchRequester } from './lib/lease-fixtures.js';
import { fmtMs, fmtRatio, machineLine, median, printTable, quantile, verdict, type GoalRow } from './lib/stats.js';

const LINK_RUNS = 2000;
const LINK_WARMUP = 200;
const GRANTS = 200;
const GRANT_WARMUP = 10;
const FRESH_STARTS = 5;
const SAVED_STARTS = 5;
const DEPLOYS = 5;

const GOAL = { verifyMs: 5, grantMs: 10, startMs: 1000 } as const;

const dirs: string[] = [];
const chains: EmbeddedChain[] = [];
const table: GoalRow[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dw-bench-leases-'));
  dirs.push(d);
  return d;
}

const section = (title: string): void => console.log(`\n== ${title}`);
const dist = (label: string, s: number[]): string =>
  `  ${label.padEnd(44)} p50 ${fmtMs(median(s)).padStart(8)}  p99 ${fmtMs(quantile(s, 0.99)).padStart(8)}  max ${fmtMs(Math.max(...s)).padStart(8)}  (n=${s.length})`;

async function start(dataDir: string): Promise<EmbeddedChain> {
  const chain = await startEmbeddedChain({ dataDir, autoRestart: false });
  chains.push(chain);
  return chain;
}

async function stop(chain: EmbeddedChain): Promise<void> {
  await chain.stop();
  chains.splice(chains.indexOf(chain), 1);
}

// ---------------------------------------------------------------- 1. verify a link

async function verifyLink(): Promise<void> {
  section('1. verify a link (decode deep link + EIP-712 signature verify)');
  const signed = await signLeaseRequest(benchRequester, { chainId: 31337, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }, benchLeaseRequest());
  const link = encodeLeaseLink(signed);
  const decodeOnly: number[] = [];
  const verifyOnly: number[] = [];
  const both: number[] = [];
  const bothCpu: number[] = [];
  for (let i = 0; i < LINK_WARMUP + LINK_RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const decoded = decodeLeaseLink(link);
    const t1 = performance.now();
    const ok = await verifyLeaseRequestSignature(decoded);
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (!ok) throw new Error('the sample signature did not verify');
    if (i >= LINK_WARMUP) {
      decodeOnly.push(t1 - t0);
      verifyOnly.push(t2 - t1);
      both.push(t2 - t0);
      bothCpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  console.log(`link of ${link.length} characters, ${LINK_RUNS} runs after ${LINK_WARMUP} warm-up:`);
  console.log(dist('baseline: decode only', decodeOnly));
  console.log(dist('signature verify only', verifyOnly));
  console.log(dist('decode + verify', both));
  console.log(dist('decode + verify, CPU time (µs resolution)', bothCpu));
  console.log(`  decode + verify / decode only (p50): ${fmtRatio(median(both) / median(decodeOnly))}`);
  table.push(
    { figure: 'verify a link, p50', value: fmtMs(median(both)), goal: `< ${GOAL.verifyMs} ms`, verdict: verdict(median(both) < GOAL.verifyMs) },
    { figure: 'verify a link, p99', value: fmtMs(quantile(both, 0.99)), goal: `< ${GOAL.verifyMs} ms`, verdict: verdict(quantile(both, 0.99) < GOAL.verifyMs) },
    { figure: '  same, CPU time p99 (less load-sensitive)', value: fmtMs(quantile(bothCpu, 0.99)), goal: '—', verdict: 'info' },
    { figure: '  baseline: decode only, p50', value: fmtMs(median(decodeOnly)), goal: '—', verdict: 'info' },
  );
}

// ---------------------------------------------------------------- 2–4. chain

/** Deploys (timed), then grants GRANTS leases (timed) on a prepared chain in `dir`; leaves the chain stopped with its state saved. */
async function deployAndGrant(dir: string): Promise<void> {
  section(`2. deploy DataLease (median of ${DEPLOYS}) and grant round trip (${GRANTS} grants)`);
  const chain = await start(dir);
  const prepared = await prepareEmbeddedChain(chain, benchOwner); // deploys and records the contract the saved-state starts find
  await chain.testClient.setBalance({ address: benchRequester.address, value: parseEther('1000') });
  const owner = chain.walletClient(benchOwner);

  const deployMs: number[] = [];
  for (let i = 0; i < DEPLOYS; i++) {
    const t0 = performance.now();
    await deployDataLease({ publicClient: chain.publicClient, walletClient: owner });
    deployMs.push(performance.now() - t0);
  }

  const contract: Address = prepared.contract;
  await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(benchRequester), contract }, parseEther('1'));
  const token = prepared.testStablecoin;
  const requesterClients = { publicClient: chain.publicClient, walletClient: chain.walletClient(benchRequester), contract };
  await mintTestStablecoin({ publicClient: chain.publicClient, walletClient: owner }, token, benchRequester.address, 10n ** 12n);
  await depositToken(requesterClients, token, 10n ** 12n);
  const now = (await chain.publicClient.getBlock()).timestamp;
  const domain = { chainId: chain.chainId, verifyingContract: contract };
  const signed: Awaited<ReturnType<typeof signLeaseRequest>>[] = [];
  const signedToken: Awaited<ReturnType<typeof signLeaseRequest>>[] = [];
  for (let i = 0; i < GRANT_WARMUP + GRANTS; i++) {
    signed.push(await signLeaseRequest(benchRequester, domain, benchLeaseRequest({ nonce: BigInt(i + 1), deadline: now + 86_400n })));
    signedToken.push(
      await signLeaseRequest(benchRequester, domain, benchLeaseRequest({ nonce: BigInt(1_000_000 + i), deadline: now + 86_400n, token, price: 6_000_000n })),
    );
  }
  /** Commit + grant of one signed request; returns [total ms, commit ms]. */
  const commitAndGrant = async (s: Awaited<ReturnType<typeof signLeaseRequest>>): Promise<[number, number]> => {
    const t0 = performance.now();
    const salt = randomSalt();
    const scopeHash = hashLeaseScope(requestedScope(s.message));
    await commitGrant(ctx, { requestDigest: hashLeaseRequest(domain, s.message), scopeHash, duration: 3600n, salt });
    const tCommit = performance.now() - t0;
    await grantLease(ctx, { message: s.message, signature: s.signature, scopeHash, duration: 3600n, salt });
    return [performance.now() - t0, tCommit];
  };
  const tokenGrantMs: number[] = [];
  const ctx = { publicClient: chain.publicClient, walletClient: owner, address: contract };
  const grantMs: number[] = [];
  const commitMs: number[] = [];
  const revealMs: number[] = [];
  const transferMs: number[] = [];
  /** Of the baseline transfers: time spent waiting for the receipt after the hash came back. */
  const transferReceiptMs: number[] = [];
  for (const [i, s] of signed.entries()) {
    // Baseline and grant alternate, so both see the same machine noise.
    const t0 = performance.now();
    const hash = await owner.sendTransaction({ to: benchRequester.address, value: 1n, account: benchOwner, chain: owner.chain });
    const tSent = performance.now();
    const receipt = await waitForReceipt(chain.publicClient, hash);
    const tReceipt = performance.now() - tSent;
    if (receipt.status !== 'success') throw new Error('baseline transfer reverted');
    const tTransfer = performance.now() - t0;
    const [tGrant, tCommit] = await commitAndGrant(s);
    const [tTokenGrant] = await commitAndGrant(signedToken[i]!);
    if (i >= GRANT_WARMUP) {
      tokenGrantMs.push(tTokenGrant);
      grantMs.push(tGrant);
      commitMs.push(tCommit);
      revealMs.push(tGrant - tCommit);
      transferMs.push(tTransfer);
      transferReceiptMs.push(tReceipt);
    }
  }
  await stop(chain);

  console.log(dist('deployDataLease (tx + receipt + domain check)', deployMs));
  console.log(dist('baseline: 1-wei transfer + receipt', transferMs));
  console.log(dist('commit + grant (2 tx + receipts + event)', grantMs));
  console.log(dist('  of which commit (tx + receipt)', commitMs));
  console.log(dist('  of which grant/reveal (tx + receipt + event)', revealMs));
  console.log(dist('commit + grant, lease paid in the test stablecoin', tokenGrantMs));
  console.log(`  commit+grant / transfer (p50): ${fmtRatio(median(grantMs) / median(transferMs))}; reveal / transfer: ${fmtRatio(median(revealMs) / median(transferMs))}`);
  console.log(`  token lease / native lease grant round trip (p50): ${fmtRatio(median(tokenGrantMs) / median(grantMs))}`);
  const over = (xs: number[], ms: number): number => xs.filter((x) => x >= ms).length;
  console.log(
    `  slower than ${GOAL.grantMs} ms: grant ${over(grantMs, GOAL.grantMs)}/${GRANTS}, transfer ${over(transferMs, GOAL.grantMs)}/${GRANTS}; ` +
      `slower than 40 ms: grant ${over(grantMs, 40)}, transfer ${over(transferMs, 40)}`,
  );
  const slowTransfers = transferMs.map((t, i) => [t, transferReceiptMs[i] as number] as const).filter(([t]) => t >= 40);
  if (slowTransfers.length > 0) {
    const inReceipt = slowTransfers.filter(([t, r]) => r >= t / 2).length;
    console.log(
      `  of the ${slowTransfers.length} transfers slower than 40 ms, ${inReceipt} spent most of it waiting for the receipt after the hash came back ` +
        '(electron/core/chain/wait-for-receipt.ts), not sending it',
    );
  }
  table.push(
    { figure: 'grant round trip (commit + grant) incl. receipts, p50', value: fmtMs(median(grantMs)), goal: `< ${GOAL.grantMs} ms`, verdict: verdict(median(grantMs) < GOAL.grantMs) },
    { figure: 'grant round trip incl. receipt, p99', value: fmtMs(quantile(grantMs, 0.99)), goal: `< ${GOAL.grantMs} ms`, verdict: verdict(quantile(grantMs, 0.99) < GOAL.grantMs) },
    { figure: 'grant round trip, token lease (ERC-20 escrow), p50', value: fmtMs(median(tokenGrantMs)), goal: `< ${GOAL.grantMs} ms`, verdict: verdict(median(tokenGrantMs) < GOAL.grantMs) },
    { figure: 'grant round trip, token lease, p99', value: fmtMs(quantile(tokenGrantMs, 0.99)), goal: `< ${GOAL.grantMs} ms`, verdict: verdict(quantile(tokenGrantMs, 0.99) < GOAL.grantMs) },
    { figure: '  baseline: transfer + receipt, p50', value: fmtMs(median(transferMs)), goal: '—', verdict: 'info' },
    { figure: 'deploy DataLease, median', value: fmtMs(median(deployMs)), goal: '—', verdict: 'info' },
  );
}

async function chainStart(savedDir: string): Promise<void> {
  section('3. chain start (spawn → first answer on the IPC socket)');
  const freshReady: number[] = [];
  const freshTotal: number[] = [];
  for (let i = 0; i < FRESH_STARTS; i++) {
    const t0 = performance.now();
    const chain = await start(tempDir());
    freshTotal.push(performance.now() - t0);
    freshReady.push(chain.startInfo.readyInMs);
    await stop(chain);
  }
  const savedReady: number[] = [];
  const savedTotal: number[] = [];
  for (let i = 0; i < SAVED_STARTS; i++) {
    const t0 = performance.now();
    const chain = await start(savedDir);
    const prepared = await prepareEmbeddedChain(chain, benchOwner);
    savedTotal.push(performance.now() - t0);
    savedReady.push(chain.startInfo.readyInMs);
    if (prepared.deployedNow) throw new Error('the saved state lost the contract');
    await stop(chain);
  }
  console.log(dist('fresh folder: spawn → first answer', freshReady));
  console.log(dist('fresh folder: startEmbeddedChain() total', freshTotal));
  console.log(dist(`saved state (${GRANTS} leases): spawn → first answer`, savedReady));
  console.log(dist('saved state: start + prepare (on unlock)', savedTotal));
  table.push(
    { figure: 'chain start, fresh: spawn→answer p50', value: fmtMs(median(freshReady)), goal: `< ${GOAL.startMs} ms`, verdict: verdict(median(freshReady) < GOAL.startMs) },
    { figure: 'chain start, saved: spawn→answer p50', value: fmtMs(median(savedReady)), goal: `< ${GOAL.startMs} ms`, verdict: verdict(median(savedReady) < GOAL.startMs) },
    { figure: 'start + prepare on unlock, saved, p50', value: fmtMs(median(savedTotal)), goal: `< ${GOAL.startMs} ms`, verdict: verdict(median(savedTotal) < GOAL.startMs) },
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench:leases — ${machineLine()}`);
  await verifyLink();
  const savedDir = tempDir();
  await deployAndGrant(savedDir);
  await chainStart(savedDir);
  printTable(`bench:leases summary (${machineLine()}; total ${fmtMs(performance.now() - started)})`, table);
  const missed = table.filter((r) => r.verdict === 'MISS').length;
  console.log(missed ? `\n${missed} figure(s) missed their goal (see above).` : '\nAll figures with a goal met it.');
}

async function cleanup(): Promise<void> {
  for (const c of [...chains]) await c.stop().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

process.once('SIGINT', () => {
  void cleanup().finally(() => process.exit(130));
});
main()
  .catch((e: unknown) => {
    console.error(`bench:leases failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(cleanup);
