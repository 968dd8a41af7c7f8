import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { JobCard } from '../src/screens/training/JobCard.js';
import type { TrainingJob } from '../src/screens/training/job-types.js';
import { renderWithApp, scriptedTransport } from './render.js';

function job(over: Partial<TrainingJob> = {}): TrainingJob {
  return {
    id: 'j1',
    leaseId: '3',
    state: 'running',
    review: true,
    summary: { taskName: 'sleep-v1', updateBytes: 20480, layers: ['dense', 'dense'], datasets: ['HKQuantityTypeIdentifierHeartRate'], examples: 400, epochs: 4, epsilon: 3, endpoint: 'https://lab.example/results' },
    progress: { epoch: 2, epochs: 4, step: 5, steps: 10, loss: 0.4321, samplesPerSecond: 812.4, epsilonSpent: 1.5 },
    error: null,
    epsilon: null,
    resultSha256: null,
    resultBytes: null,
    destination: null,
    createdAt: 0,
    finishedAt: null,
    ...over,
  };
}

function renderCard(j: TrainingJob) {
  const onSend = vi.fn();
  const onDiscard = vi.fn();
  renderWithApp(<JobCard job={j} busy={null} onSend={onSend} onDiscard={onDiscard} />, scriptedTransport({}).transport);
  return { onSend, onDiscard };
}

describe('training job card', () => {
  it('shows progress, loss, samples/s and ε spent against the budget while running', () => {
    renderCard(job());
    expect(screen.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow')).toBe('37.5');
    expect(screen.getByText('Loss: 0.4321')).toBeTruthy();
    expect(screen.getByText('Samples/s: 812')).toBeTruthy();
    expect(screen.getByText('ε spent 1.50 of 3.00')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Privacy budget spent' }).getAttribute('aria-valuenow')).toBe('50');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('a result waiting for review shows size, hash, metrics and destination, with send and discard', async () => {
    const { onSend, onDiscard } = renderCard(
      job({ state: 'review', resultBytes: 20480, resultSha256: `0x${'ab'.repeat(32)}`, destination: 'https://lab.example/results', epsilon: 2.9 }),
    );
    expect(screen.getByText('20.0 KB')).toBeTruthy();
    expect(screen.getByText(`0x${'ab'.repeat(32)}`)).toBeTruthy();
    expect(screen.getByText('https://lab.example/results')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await userEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(onSend).toHaveBeenCalledOnce();
    expect(onDiscard).toHaveBeenCalledOnce();
  });
});
