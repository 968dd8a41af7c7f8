/**
 * The GUI end to end, in Debian's Chromium, against browser mode with the
 * real core and the embedded chain: create a vault, write down and confirm
 * the recovery key, import an Apple Health export, see its chart, open a
 * lease-request link signed with the requester SDK, review the consent
 * prompt (records in scope and the task preview from the core), approve
 * narrowed, see the lease active, run its small training task, review the
 * result and send it to the requester on loopback (the requester SDK's task
 * server, which checks the signer owns the lease; FedAvg takes the update),
 * see the delivery in the egress ledger, revoke, verify the audit log. Every screen is screenshotted (test-results/screens) and
 * checked with axe (no serious or critical violation).
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from 'viem';
import { writeAppleHealthExport } from '../helpers/importer-gen-apple-health.js';
import { federatedAverage, updateFromPayload } from '../../requester/training/fedavg.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import { otherAccount, requesterAccount, sampleMessage } from '../helpers/chain-requests.js';
import {
  allowLoopbackRequesters,
  expectAccessible,
  expectNoTruncatedBadges,
  fundRequester,
  HEART_RATE,
  ROOT,
  SCREENS,
  shoot,
  startBrowserMode,
  startLoopbackRequester,
  type BrowserModeWallet,
  type LoopbackRequester,
} from './harness.js';

const PASSPHRASE = 'correct horse battery staple';
const FIXTURE = join(ROOT, 'test', 'fixtures', 'apple-health', 'export.xml');

let bm: BrowserModeWallet;
let requester: LoopbackRequester | undefined;
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  bm = await startBrowserMode();
});
test.afterAll(async () => {
  await requester?.close();
  await bm?.close();
});

test.describe.configure({ mode: 'serial' });

test('create → import → chart → consent (narrowed) → lease → training → review → sent → revoke → audit verifies', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // ---- onboarding
  await page.goto(bm.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Data Wallet' })).toBeVisible();
  // the token left the address bar
  expect(page.url()).not.toContain('token=');
  await expectAccessible(page, 'onboarding');
  await page.locator('input[type="password"]').nth(0).fill(PASSPHRASE);
  await page.locator('input[type="password"]').nth(1).fill(PASSPHRASE);
  await page.getByRole('checkbox', { name: /cannot be replaced/ }).check();
  await shoot(page, '01-create-vault');
  await page.getByRole('button', { name: 'Create vault' }).click();
  const keyText = (await page.getByTestId('recovery-key').textContent({ timeout: 60_000 }))!.trim();
  expect(keyText).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
  await expectAccessible(page, 'recovery key');
  await shoot(page, '02-recovery-key');
  await page.getByRole('button', { name: 'I have written it down' }).click();
  const prompt = await page.getByText(/^Type group \d of your recovery key/).textContent();
  const group = Number(/group (\d)/.exec(prompt!)![1]);
  await page.getByRole('textbox', { name: /Group \d of the recovery key/ }).fill(keyText.split('-')[group - 1]!);
  await page.getByRole('button', { name: 'Open my wallet' }).click();

  // ---- data: import the Apple Health fixture, see its chart
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await page.getByRole('textbox', { name: /full path/ }).fill(FIXTURE);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Imported \d+ new records/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('rowheader', { name: 'Heart rate', exact: true })).toBeVisible();
  // A bigger, generated export (about six weeks): the progress bar with records/s, then a chart worth zooming.
  const big = join(bm.dataDir, 'export-six-weeks.xml');
  await writeAppleHealthExport(big, { elements: 30_000, seed: 7 });
  await page.getByRole('textbox', { name: /full path/ }).fill(big);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: /Importing export-six-weeks.xml/ })).toBeVisible();
  await shoot(page, '03-import-progress');
  await expect(page.getByRole('status').filter({ hasText: /Imported [\d,]+ new records/ })).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Show chart: Heart rate', exact: true }).click();
  await expect(page.getByRole('img', { name: /Heart rate: daily values/ })).toBeVisible();
  await expect(page.locator('.uplot canvas')).toBeVisible();
  const summary = page.getByTestId('chart-summary');
  await expect(summary).toContainText(/\d+ days with data/);
  const days = Number(/(\d+) days/.exec((await summary.textContent())!)![1]);
  expect(days).toBeGreaterThan(20);
  // zoom by dragging across the chart: fewer days in view (the generated weeks are at the left, early 2023)
  const overlay = page.locator('.uplot .u-over');
  await overlay.scrollIntoViewIfNeeded();
  const box = (await overlay.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.01, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.06, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(summary).toContainText(/\d+ days? with data/);
  await expect.poll(async () => Number(/(\d+) day/.exec((await summary.textContent())!)?.[1] ?? -1)).toBeLessThan(days);
  expect(Number(/(\d+) day/.exec((await summary.textContent())!)![1])).toBeGreaterThan(0);
  // the keyboard way: the range picker
  await page.getByRole('radio', { name: 'All' }).check({ force: true });
  await expectAccessible(page, 'data');
  await shoot(page, '04-data');

  // ---- a requester on loopback (allowed by the test-only setting) signs a request for this wallet's chain and funds its deposit
  await allowLoopbackRequesters(bm);
  const chain = await bm.call<{ chainId: number; contract: Address }>('chain.status', {});
  await fundRequester(bm.dataDir, chain.chainId, chain.contract, requesterAccount);
  requester = await startLoopbackRequester(bm, chain.chainId, chain.contract);
  const message = sampleMessage({
    taskUrl: requester.server.taskUrl,
    nonce: 1n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400),
    dataFrom: BigInt(Date.UTC(2023, 0, 1) / 1000),
    dataTo: BigInt(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000),
    duration: 3600n,
    price: 36_000_000_000_000n,
  });
  const link = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: chain.chainId, verifyingContract: chain.contract }, message));

  // ---- requests → consent prompt
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('textbox', { name: 'Lease request link' }).fill(link);
  await page.getByRole('button', { name: 'Review' }).click();
  const verified = page.getByRole('region', { name: 'What your wallet verified' });
  await expect(verified).toContainText(requesterAccount.address);
  await expect(verified).toContainText('New requester');
  await expect(page.getByRole('region', { name: 'What the requester says' })).toContainText('Sleep Lab, University of Example');
  await expect(page.getByTestId('price')).toHaveText('0.000036 ETH');
  // Records in scope are counted by the core (requests.inspect), for both requested datasets in the range.
  const inScope = await bm.call<{ recordsInScope: number }>('requests.inspect', { link });
  expect(inScope.recordsInScope).toBeGreaterThan(20_000);
  await expect(page.getByTestId('records-in-scope')).toHaveText(`${inScope.recordsInScope.toLocaleString('en-US')} of your records`);
  // What would leave: the wallet fetched the requester's task from loopback and checked it.
  const leaves = page.getByRole('region', { name: 'What leaves your device' });
  await expect(leaves).toContainText('Model layers: Dense, Dense.');
  await expect(leaves).toContainText(/model update — \d+ B of changed model weights/);
  await expectAccessible(page, 'consent prompt');
  await shoot(page, '05-consent-prompt');

  // narrow: only heart rate, half the duration; the core recomputes records and payment
  await page.getByRole('checkbox', { name: 'Step count' }).uncheck();
  await page.getByRole('textbox', { name: /Lease duration/ }).fill('0.5');
  const narrowedScope = await bm.call<{ recordsInScope: number }>('requests.previewApproval', { ref: link, narrowing: { datasets: [HEART_RATE] } });
  expect(narrowedScope.recordsInScope).toBeLessThan(inScope.recordsInScope);
  await expect(page.getByTestId('narrowed-scope')).toHaveText(
    `You would share ${narrowedScope.recordsInScope.toLocaleString('en-US')} of your records (${inScope.recordsInScope.toLocaleString('en-US')} as requested).`,
  );
  await expect(page.getByTestId('narrowed-price')).toContainText('0.000018 ETH');
  await expectAccessible(page, 'consent prompt (narrowed)');
  await shoot(page, '06-consent-narrowed');
  await page.getByRole('button', { name: 'Approve narrowed' }).click();

  // ---- lease active
  await expect(page.getByRole('heading', { name: 'Leases', exact: true })).toBeVisible({ timeout: 60_000 });
  const row = page.getByRole('row').filter({ hasText: 'Heart rate' }).first();
  await expect(row).toContainText('Active');
  await expect(row).not.toContainText('Step count');
  await expect(page.getByTestId('earnings')).toBeVisible();
  await expectAccessible(page, 'leases');
  await expectNoTruncatedBadges(page, 'leases');
  await shoot(page, '07-lease-active');
  // status words stay whole at the desktop window's default size and near its minimum width too
  for (const size of [{ width: 1180, height: 780 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await expect(row).toContainText('Active');
    await expectNoTruncatedBadges(page, `leases at ${size.width}×${size.height}`);
    await shoot(page, `07-lease-active-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 860 });
  const leaseId = (await row.getByRole('rowheader').first().textContent())!.trim();
  expect(leaseId).toMatch(/^\d+$/);

  // ---- the lease's task runs on this device: progress, then the result to review
  await page.getByRole('link', { name: 'Training', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Training jobs' })).toBeVisible();
  await expectAccessible(page, 'training (ready)');
  await page.getByTestId(`train-lease-${leaseId}`).getByRole('button', { name: 'Run training now' }).click();
  const running = page.getByRole('region', { name: 'Running' });
  // progress arrives as training.progress events while the job runs
  await expect(running.getByTestId('job-loss')).toHaveText(/^Loss: \d+\.\d{4}$/, { timeout: 60_000 });
  await expect(running.getByTestId('job-rate')).toHaveText(/^Samples\/s: [\d,]+$/);
  await expect(running.getByRole('progressbar', { name: 'Privacy budget spent' })).toBeVisible();
  await expectAccessible(page, 'training (running)');
  await expectNoTruncatedBadges(page, 'training (running)');
  await shoot(page, '08-training-running');
  const review = page.getByRole('region', { name: 'Waiting for your review' });
  await expect(review).toBeVisible({ timeout: 120_000 });
  await expect(review.getByTestId('result-destination')).toHaveText(requester.server.resultUrl);
  await expect(review.getByTestId('result-size')).toHaveText(/^[\d.]+ (B|KB)$/);
  await expect(review.getByTestId('result-metrics')).toContainText(/final loss \d+\.\d{4} · \d+ examples · ε \d\.\d\d/);
  // ε against the lease's budget (the request allows 3; the task asks for at most 1.5)
  await expect(review).toContainText(/ε spent on this lease: (0|1)\.\d\d of 3\.00/);
  const resultHash = (await review.getByTestId('result-hash').textContent())!.trim();
  expect(resultHash).toMatch(/^0x[0-9a-f]{64}$/);
  // nothing has left yet
  expect(requester.server.results()).toEqual([]);
  await expectAccessible(page, 'training review');
  await expectNoTruncatedBadges(page, 'training review');
  await shoot(page, '09-training-review');

  // ---- send: the requester receives exactly the reviewed bytes, signed by the lease's owner, and aggregates them
  await review.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('sent-notice')).toContainText(`sent to ${requester.server.resultUrl}`, { timeout: 60_000 });
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('row').filter({ hasText: 'Resting heart rate trend' })).toContainText('Sent');
  const received = requester.server.results();
  expect(received).toHaveLength(1);
  expect(requester.server.rejected()).toEqual([]);
  expect(received[0]!.sha256).toBe(resultHash);
  expect(received[0]!.payload).toMatchObject({ leaseId, taskHash: requester.taskHash, chainId: chain.chainId });
  const next = federatedAverage(requester.weights, [updateFromPayload(received[0]!.payload)]);
  expect(next.map((w) => w.length)).toEqual(requester.weights.map((w) => w.length));
  expect(next.some((w, i) => w.some((v, j) => v !== requester!.weights[i]![j]))).toBe(true);
  await expectAccessible(page, 'training (sent)');
  await expectNoTruncatedBadges(page, 'training (sent)');
  await shoot(page, '10-training-sent');

  // ---- the egress ledger shows what left, where, how big
  await page.getByRole('link', { name: 'See what left your device' }).click();
  const ledger = page.getByRole('region', { name: 'What left your device' });
  const delivery = ledger.getByTestId('egress-row');
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toContainText(requester.server.resultUrl);
  await expect(delivery).toContainText(leaseId);
  await expect(delivery).toContainText('Delivered');
  await expect(delivery).toContainText(resultHash.slice(0, 10));

  // ---- revoke with confirmation
  await page.getByRole('link', { name: 'Leases' }).click();
  await row.getByRole('button', { name: 'Revoke' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('You are paid for the time the lease ran');
  await expectAccessible(page, 'revoke dialog');
  await dialog.getByRole('button', { name: 'Revoke lease' }).click();
  await expect(page.getByRole('status').filter({ hasText: /was revoked/ })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText(/Revoked|Settled/);
  await expectNoTruncatedBadges(page, 'leases (revoked)');
  await shoot(page, '11-lease-revoked');

  // ---- spoofing: another address calls itself like the requester the user labelled; a forged signature
  await bm.call('requesters.label', { address: requesterAccount.address, label: 'Sleep Lab, University of Example' });
  const domain = { chainId: chain.chainId, verifyingContract: chain.contract };
  const spoof = encodeLeaseLink(
    await signLeaseRequest(otherAccount, domain, { ...message, requester: otherAccount.address, requesterName: 'Sleep Lab, Universlty of Examp1e', nonce: 7n }),
  );
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('textbox', { name: 'Lease request link' }).fill(spoof);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('confusable-warning').first()).toContainText('Sleep Lab, University of Example');
  await expect(page.getByRole('region', { name: 'What your wallet verified' })).toContainText(otherAccount.address);
  await expectAccessible(page, 'consent prompt (spoof)');
  await shoot(page, '12-consent-spoof');
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Declined' })).toBeVisible();
  const signed = await signLeaseRequest(otherAccount, domain, { ...message, requester: otherAccount.address, nonce: 8n });
  const forged = encodeLeaseLink({ ...signed, message: { ...signed.message, requester: requesterAccount.address } });
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('textbox', { name: 'Lease request link' }).fill(forged);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('alert')).toContainText('This request is forged or altered');
  await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  await shoot(page, '13-consent-refused');

  // ---- audit log verifies
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByTestId('audit-verified')).toContainText('The log is intact');
  await expect(page.getByRole('region', { name: 'What left your device' }).getByTestId('egress-row')).toHaveCount(1);
  await expectAccessible(page, 'audit log');
  await shoot(page, '14-audit');

  // ---- settings and requests screens are reachable and accessible too
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expectAccessible(page, 'settings');
  await shoot(page, '15-settings');
  await page.getByRole('link', { name: 'Requests' }).click();
  await expectAccessible(page, 'requests');

  // ---- lock → unlock screen → unlock
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible({ timeout: 60_000 });
  const passphrase = page.locator('input[type="password"]');
  await passphrase.fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
  await expectAccessible(page, 'unlock');
  await shoot(page, '16-unlock-error');
  await passphrase.fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // back where it was locked
  await expect(page.getByRole('heading', { name: 'Lease requests' })).toBeVisible({ timeout: 60_000 });

  expect(errors).toEqual([]);
});

test('keyboard only: the main screens are reachable with Tab and Enter, focus is visible', async ({ page }) => {
  // Same wallet as the flow above; unlock first if it was left locked.
  if (!(await bm.call<{ unlocked: boolean }>('vault.status', {})).unlocked) await bm.call('vault.unlock', { passphrase: PASSPHRASE });
  await page.goto(bm.url);
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  for (const name of ['Data', 'Requests', 'Leases', 'Training', 'Audit log', 'Settings']) {
    const link = page.getByRole('link', { name, exact: true });
    await link.focus();
    const outline = await link.evaluate('(el) => getComputedStyle(el).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeVisible();
  }
});
