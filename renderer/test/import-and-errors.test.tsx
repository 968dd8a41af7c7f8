import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import DataScreen from '../src/screens/data/DataScreen.js';
import { renderWithApp, scriptedTransport, walletError } from './render.js';

const STEPS = { kind: 'HKQuantityTypeIdentifierStepCount', unit: 'count', source: 'apple-health', recordCount: 1200, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 2, 1) };

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(importHandler: (input: unknown) => unknown, extra: Record<string, (input: unknown) => unknown> = {}) {
  const t = scriptedTransport({
    'data.datasets': () => [STEPS],
    'data.aggregate': () => [],
    'data.import': importHandler,
    'data.cancelImport': () => ({ cancelled: true }),
    ...extra,
  });
  renderWithApp(<DataScreen />, t.transport);
  return t;
}

async function startImport(path: string) {
  await userEvent.type(await screen.findByRole('textbox', { name: /full path/ }), path);
  await userEvent.click(screen.getByRole('button', { name: 'Import' }));
}

describe('data screen: import', () => {
  it('lists datasets with counts and time span', async () => {
    setup(() => null);
    expect(await screen.findByRole('rowheader', { name: 'Step count' })).toBeTruthy();
    expect(screen.getByText('1,200')).toBeTruthy();
  });

  it('shows progress with records/s from the wallet’s events, then the outcome', async () => {
    const d = deferred<unknown>();
    const t = setup(() => d.promise);
    await startImport('/home/me/export.zip');
    expect(await screen.findByText('Importing export.zip')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Importing export.zip' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    act(() => t.emit('data.importProgress', { fileName: 'export.zip', bytesRead: 500, totalBytes: 1000, records: 4000 }));
    await waitFor(() => expect(screen.getByTestId('import-rate').textContent).toMatch(/^4,000 records · [\d,]+ records\/s$/));
    const rate = Number(screen.getByTestId('import-rate').textContent!.split('·')[1]!.replace(/[^\d]/g, ''));
    expect(rate).toBeGreaterThan(0);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(t.calls.find((c) => c.call === 'data.import')?.input).toEqual({ path: '/home/me/export.zip', format: 'auto' });
    act(() => d.resolve({ importId: 1, fileName: 'export.zip', format: 'apple-health', added: 4100, skipped: 12, seconds: 1.5 }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Imported 4,100 new records.*apple-health.*12 were already/);
  });

  it('cancel asks the wallet to stop and says what was kept', async () => {
    const d = deferred<unknown>();
    const t = setup(() => d.promise);
    await startImport('/home/me/big.csv');
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel import' }));
    expect(t.calls.some((c) => c.call === 'data.cancelImport')).toBe(true);
    act(() => d.reject(walletError('CANCELLED', 'Cancelled; nothing was changed.')));
    expect((await screen.findByRole('status')).textContent).toContain('cancelled');
  });

  it('an unknown format is explained in the GUI’s words with the core’s message as detail', async () => {
    setup(() => {
      throw walletError('IMPORT_UNKNOWN_FORMAT', 'Could not detect the format of notes.bin.', { hint: 'Pass --format.' });
    });
    await startImport('/home/me/notes.bin');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Data Wallet does not recognise this file');
    expect(alert.textContent).toContain('IMPORT_UNKNOWN_FORMAT');
    expect(alert.getAttribute('data-error-code')).toBe('IMPORT_UNKNOWN_FORMAT');
  });

  it('refuses a relative path before calling the wallet', async () => {
    const t = setup(() => null);
    await userEvent.type(await screen.findByRole('textbox', { name: /full path/ }), 'export.zip');
    expect((screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/starting with \//)).toBeTruthy();
    expect(t.calls.some((c) => c.call === 'data.import')).toBe(false);
  });

  it('an unknown error code falls back to the core’s own words and offers to try again', async () => {
    setup(() => null, {
      'data.datasets': () => {
        throw walletError('SOMETHING_NEW', 'The new thing failed.', { hint: 'Do the new thing.' });
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Do the new thing.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('data screen: erase needs the typed name', () => {
  it('enables the erase button only when the dataset name is typed', async () => {
    const t = setup(() => null, { 'data.erase': () => ({ erased: STEPS.kind, recordsErased: 1200 }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Erase: Step count' }));
    const confirm = await screen.findByRole('button', { name: 'Erase for good' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByRole('textbox', { name: /Type “Step count” to confirm/ }), 'Step count');
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    await userEvent.click(confirm);
    await waitFor(() => expect(t.calls.find((c) => c.call === 'data.erase')?.input).toEqual({ kind: STEPS.kind }));
  });
});
