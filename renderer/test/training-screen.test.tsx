import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { TrainingNotices } from '../src/app/TrainingNotices.js';
import { JobCard } from '../src/screens/training/JobCard.js';
import type { TrainingJob } from '../src/screens/training/job-types.js';
import TrainingScreen from '../src/screens/training/TrainingScreen.js';
import { renderWithApp, scriptedTransport, walletError } from './render.js';

const HASH = `0x${'ab'.repeat(32)}`;

function job(over: Partial<TrainingJob> = {}): TrainingJob {
  return {
    id: 'job_00000000000000a1',
    leaseId: '3',
    taskHash: `0x${'cd'.repeat(32)}`,
    taskSource: 'http://127.0.0.1:9/task',
    state: 'running',
    review: true,
    summary: {
      taskName: 'sleep-v1',
      params: 129,
      updateBytes: 20480,
      layers: ['Dense', 'Dense'],
      datasets: ['HKQuantityTypeIdentifierHeartRate'],
      from: 0,
      to: 1,
      recordCount: 900,
      examples: 400,
      epochs: 4,
      batchSize: 16,
      noiseMultiplier: 1.1,
      clipNorm: 1,
      delta: 1e-5,
      epsilon: 2,
      endpoint: 'https://lab.example/results',
      leaseEpsilon: 4,
      epsilonBefore: 1,
    },
    progress: { epoch: 2, epochs: 4, step: 5, steps: 10, loss: 0.4321, samplesPerSecond: 812.4, epsilonSpent: 1.5 },
    error: null,
    epsilon: null,
    delta: null,
    resultSha256: null,
    resultBytes: null,
    destination: null,
    deliveryTx: null,
    createdAt: Date.UTC(2026, 0, 1),
    finishedAt: null,
    ...over,
  };
}

const inReview = (over: Partial<TrainingJob> = {}) =>
  job({ state: 'review', resultBytes: 20480, resultSha256: HASH, destination: 'https://lab.example/results', epsilon: 1.9, delta: 1e-5, finishedAt: Date.UTC(2026, 0, 1, 0, 5), ...over });

function lease(over: Record<string, unknown> = {}) {
  const terms = { datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: '0', dataTo: '1', duration: '3600', price: '1000' };
  return {
    id: `0x${'12'.repeat(32)}`, leaseId: '3', status: 'active', requester: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', requesterName: 'Sleep Lab', label: null,
    purpose: 'dpv:ResearchAndDevelopment', purposeLabel: null, terms, requested: terms, startsAt: Date.now() - 60_000, expiresAt: Date.now() + 3_600_000,
    grantTx: null, revokeTx: null, settleTx: null, ownerPaid: null, refunded: null, note: null, deadlinePassed: false, currency: { symbol: 'ETH', decimals: 18 },
    ...over,
  };
}

function renderCard(j: TrainingJob) {
  const onSend = vi.fn();
  const onDiscard = vi.fn();
  const onCancel = vi.fn();
  renderWithApp(<JobCard job={j} busy={null} onSend={onSend} onDiscard={onDiscard} onCancel={onCancel} />, scriptedTransport({}).transport);
  return { onSend, onDiscard, onCancel };
}

describe('training job card', () => {
  it('shows progress, loss, samples/s and ε spent against the lease’s budget while running', async () => {
    const { onCancel } = renderCard(job());
    expect(screen.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow')).toBe('37.5');
    expect(screen.getByTestId('job-progress').textContent).toBe('Progress: epoch 2 of 4 · 38 %');
    expect(screen.getByTestId('job-loss').textContent).toBe('Loss: 0.4321');
    expect(screen.getByTestId('job-rate').textContent).toBe('Samples/s: 812');
    // 1 spent by earlier results + 1.5 by this job, of the lease's 4
    expect(screen.getByText('ε spent on this lease: 2.50 of 4.00')).toBeTruthy();
    expect(screen.getByText('this job: ε 1.50')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Privacy budget spent' }).getAttribute('aria-valuenow')).toBe('62.5');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Stop training' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('a job from before the lease’s budget was kept draws ε against its own plan', () => {
    const old = job();
    delete old.summary.leaseEpsilon;
    delete old.summary.epsilonBefore;
    renderCard(old);
    expect(screen.getByText('ε spent on this lease: 1.50 of 2.00')).toBeTruthy();
  });

  it('a result waiting for review shows size, hash, metrics and destination, with send and discard', async () => {
    const { onSend, onDiscard } = renderCard(inReview());
    const review = screen.getByRole('region', { name: 'Review the result before it is sent' });
    expect(within(review).getByTestId('result-size').textContent).toBe('20.0 KB');
    expect(within(review).getByTestId('result-hash').textContent).toBe(HASH);
    expect(within(review).getByTestId('result-metrics').textContent).toBe('final loss 0.4321 · 400 examples · ε 1.90 · δ 1e-5');
    expect(within(review).getByTestId('result-destination').textContent).toBe('https://lab.example/results');
    expect(within(review).getByText('Never your raw records.')).toBeTruthy();
    expect(screen.queryByRole('progressbar', { name: 'Progress' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await userEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(onSend).toHaveBeenCalledOnce();
    expect(onDiscard).toHaveBeenCalledOnce();
  });

  it('while a result is being sent, neither send nor discard can be pressed again', () => {
    renderCard(inReview({ state: 'sending' }));
    expect((screen.getByRole('button', { name: 'Discard' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('training screen over the API client', () => {
  function renderScreen(handlers: Record<string, (input: unknown) => unknown>) {
    const t = scriptedTransport({
      'leases.list': () => [lease()],
      'training.leaseSettings': (input) => ({ review: (input as { review?: boolean }).review ?? true, maxEpsilonMilli: null }),
      ...handlers,
    });
    renderWithApp(<TrainingScreen />, t.transport, '/training');
    return t;
  }

  it('runs an active lease’s task, then follows the job with the wallet’s progress and state events', async () => {
    let jobs: TrainingJob[] = [];
    const t = renderScreen({
      'training.jobs': () => jobs,
      'training.train': () => {
        jobs = [job({ progress: null })];
        return jobs[0];
      },
    });
    expect(await screen.findByText('Lease 3 · “Sleep Lab”')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Run training now' }));
    expect(t.calls.find((c) => c.call === 'training.train')?.input).toEqual({ leaseId: '3' });
    const running = await screen.findByRole('region', { name: 'Running' });
    expect(within(running).getByTestId('job-progress').textContent).toBe('Progress: starting…');
    // one job at a time: the run button waits
    expect((screen.getByRole('button', { name: 'Run training now' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => t.emit('training.progress', { jobId: jobs[0]!.id, progress: { epoch: 1, epochs: 4, step: 10, steps: 10, loss: 0.25, samplesPerSecond: 1500, epsilonSpent: 0.5 } }));
    await waitFor(() => expect(within(running).getByTestId('job-loss').textContent).toBe('Loss: 0.2500'));
    expect(within(running).getByTestId('job-rate').textContent).toBe('Samples/s: 1,500');
    // the job ends in review: the state event makes the screen ask again
    jobs = [inReview()];
    act(() => t.emit('training.job', { jobId: jobs[0]!.id, state: 'review' }));
    expect(await screen.findByRole('region', { name: 'Waiting for your review' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Running' })).toBeNull();
  });

  it('sends a reviewed result: the job moves to the history with where it went', async () => {
    let jobs = [inReview()];
    const t = renderScreen({
      'training.jobs': () => jobs,
      'training.send': () => {
        jobs = [inReview({ state: 'sent', deliveryTx: `0x${'ef'.repeat(32)}` })];
        return jobs[0];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect(t.calls.find((c) => c.call === 'training.send')?.input).toEqual({ id: 'job_00000000000000a1' });
    expect((await screen.findByTestId('sent-notice')).textContent).toContain('sent to https://lab.example/results');
    const history = screen.getByRole('region', { name: 'History' });
    const row = await within(history).findByTestId('history-job_00000000000000a1');
    expect(row.textContent).toContain('Sent');
    expect(row.textContent).toContain('https://lab.example/results');
    expect(row.textContent).toContain('20.0 KB');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('discards a result: nothing sent, the history says so', async () => {
    let jobs = [inReview()];
    const t = renderScreen({
      'training.jobs': () => jobs,
      'training.discard': () => {
        jobs = [inReview({ state: 'discarded', resultSha256: null })];
        return jobs[0];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(t.calls.some((c) => c.call === 'training.send')).toBe(false);
    expect((await screen.findByRole('status')).textContent).toContain('Nothing was sent');
    expect((await screen.findByTestId('history-job_00000000000000a1')).textContent).toContain('Deleted without sending');
  });

  it('a task the wallet cannot fetch or refuses is explained in the GUI’s words', async () => {
    renderScreen({
      'training.jobs': () => [],
      'training.train': () => {
        throw walletError('TASK_FETCH_FAILED', 'GET http://127.0.0.1:9/task failed: connection refused.');
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Run training now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The training task could not be fetched');
  });

  it('a failed send keeps the result for review and says what happened', async () => {
    renderScreen({
      'training.jobs': () => [inReview()],
      'training.send': () => {
        throw walletError('RESULT_DELIVERY_FAILED', 'POST https://lab.example/results answered 503.');
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The result could not be delivered');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('stopped and failed jobs are in the history with the reason', async () => {
    renderScreen({
      'training.jobs': () => [
        job({ id: 'job_00000000000000b2', state: 'failed', error: { code: 'TRAINING_FAILED', message: 'NaN loss' }, finishedAt: 2 }),
        job({ id: 'job_00000000000000b3', state: 'stopped', error: { code: 'TRAINING_CANCELLED', message: 'revoked' }, finishedAt: 3 }),
      ],
    });
    expect((await screen.findByTestId('history-job_00000000000000b2')).textContent).toContain('Training failed');
    expect(screen.getByTestId('history-job_00000000000000b3').textContent).toContain('Training stopped');
  });

  it('review before sending is a per-lease setting in the wallet', async () => {
    const t = renderScreen({ 'training.jobs': () => [] });
    const toggle = await screen.findByRole('switch', { name: 'Review each result before it is sent' });
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    await userEvent.click(toggle);
    await waitFor(() => expect(t.calls.some((c) => c.call === 'training.leaseSettings' && (c.input as { review?: boolean }).review === false)).toBe(true));
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(false));
  });

  it('says what to do when no lease is active', async () => {
    renderScreen({ 'leases.list': () => [lease({ status: 'revoked' })], 'training.jobs': () => [] });
    expect((await screen.findByRole('note')).textContent).toContain('Approve a lease request first');
    expect(screen.queryByRole('button', { name: 'Run training now' })).toBeNull();
  });
});

describe('training notices on every screen', () => {
  function renderNotices(jobsById: Record<string, TrainingJob>) {
    const t = scriptedTransport({ 'training.job': (input) => jobsById[(input as { id: string }).id] });
    renderWithApp(
      <Routes>
        <Route path="/data" element={<><TrainingNotices /><p>data page</p></>} />
        <Route path="/training" element={<p>training page</p>} />
      </Routes>,
      t.transport,
      '/data',
    );
    return t;
  }

  it('a result waiting for review is announced with the way to it', async () => {
    const t = renderNotices({ job_00000000000000a1: inReview() });
    act(() => t.emit('training.job', { jobId: 'job_00000000000000a1', state: 'review' }));
    const notice = await screen.findByTestId('training-notice');
    expect(notice.textContent).toContain('lease 3 waits for your review');
    await userEvent.click(within(notice).getByRole('button', { name: 'Review it' }));
    expect(await screen.findByText('training page')).toBeTruthy();
  });

  it('a result sent on at once (review off) is not announced, and a sent one clears the notice', async () => {
    const t = renderNotices({ job_00000000000000a1: inReview({ review: false, state: 'sending' }), job_00000000000000a2: inReview({ id: 'job_00000000000000a2' }) });
    act(() => t.emit('training.job', { jobId: 'job_00000000000000a1', state: 'review' }));
    await waitFor(() => expect(t.calls.some((c) => c.call === 'training.job')).toBe(true));
    await act(() => new Promise((r) => setTimeout(r, 50))); // the answer has been handled
    expect(screen.queryByTestId('training-notice')).toBeNull();
    act(() => t.emit('training.job', { jobId: 'job_00000000000000a2', state: 'review' }));
    await screen.findByTestId('training-notice');
    act(() => t.emit('training.job', { jobId: 'job_00000000000000a2', state: 'sent' }));
    await waitFor(() => expect(screen.queryByTestId('training-notice')).toBeNull());
  });
});
