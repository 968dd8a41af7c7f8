import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ChainStatusCard } from '../src/screens/leases/ChainStatusCard.js';
import { renderWithApp, scriptedTransport } from './render.js';

const NATIVE = '0x0000000000000000000000000000000000000000';
const TSTC = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

function status(native: string, token: string) {
  return {
    network: 'embedded',
    chainId: 4478796,
    contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    account: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    blockNumber: '12',
    blockTime: 1_760_000_000_000,
    accountBalance: '1000000000000000000',
    earnings: native,
    earningsByToken: [
      { token: NATIVE, symbol: 'ETH', decimals: 18, amount: native },
      { token: TSTC, symbol: 'TSTC', decimals: 6, amount: token, testToken: true },
    ],
    currency: { symbol: 'ETH', decimals: 18 },
    leases: { active: 1 },
  };
}

describe('chain status card', () => {
  it('lists earnings per token in their own units and withdraws them with one button', async () => {
    let earned = { native: '1500', token: '2000' };
    const { transport, calls } = scriptedTransport({
      'chain.status': () => status(earned.native, earned.token),
      'chain.withdraw': () => {
        const withdrawn = [
          { token: NATIVE, symbol: 'ETH', decimals: 18, amount: earned.native, transactionHash: `0x${'11'.repeat(32)}` },
          { token: TSTC, symbol: 'TSTC', decimals: 6, amount: earned.token, testToken: true, transactionHash: `0x${'22'.repeat(32)}` },
        ];
        earned = { native: '0', token: '0' };
        return { withdrawn };
      },
    });
    renderWithApp(<ChainStatusCard />, transport);
    expect((await screen.findByTestId(`earnings-${TSTC}`)).textContent).toContain('0.002 TSTC');
    expect(screen.getByTestId(`earnings-${TSTC}`).textContent).toContain('test stablecoin, not real money');
    expect(screen.getByTestId('earnings-native').textContent).toContain('ETH');

    await userEvent.click(screen.getByRole('button', { name: 'Withdraw earnings' }));
    expect(await screen.findByText(/Withdrawn to your account: .*0\.002 TSTC\./)).toBeTruthy();
    expect(calls.filter((c) => c.call === 'chain.withdraw')).toHaveLength(1);
    // The card asks the chain again and now shows nothing left to withdraw.
    await waitFor(() => expect(screen.getByTestId(`earnings-${TSTC}`).textContent).toContain('0 TSTC'));
    expect((screen.getByRole('button', { name: 'Withdraw earnings' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the error when the withdrawal fails and keeps the earnings', async () => {
    const { transport } = scriptedTransport({
      'chain.status': () => status('0', '5000000'),
      'chain.withdraw': () => {
        throw Object.assign(new Error('A transaction was not accepted.'), { code: 'CHAIN_TRANSACTION_FAILED', hint: 'Try again later.' });
      },
    });
    renderWithApp(<ChainStatusCard />, transport);
    expect((await screen.findByTestId(`earnings-${TSTC}`)).textContent).toContain('5 TSTC');
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw earnings' }));
    expect(await screen.findByText(/not accepted/)).toBeTruthy();
    expect(screen.getByTestId(`earnings-${TSTC}`).textContent).toContain('5 TSTC');
  });
});
