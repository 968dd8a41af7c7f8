/** The CLI shows amounts in the currency the API result names, never a hard-coded ETH. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../electron/cli/format.js';

describe('cli money()', () => {
  it('formats the smallest unit in the given currency', () => {
    expect(money('1500000000000000000', { symbol: 'POL', decimals: 18 })).toBe('1.5 POL');
    expect(money('0', { symbol: 'XDAI', decimals: 18 })).toBe('0 XDAI');
    expect(money('1234567', { symbol: 'USDC', decimals: 6 })).toBe('1.234567 USDC');
    expect(money('', { symbol: 'ETH', decimals: 18 })).toBe('—');
  });

  it('round-trips any amount: whole and fraction digits give back the smallest units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.integer({ min: 0, max: 30 }), (amount, decimals) => {
        const [number, symbol] = money(amount.toString(), { symbol: 'CRO', decimals }).split(' ');
        expect(symbol).toBe('CRO');
        const [whole, frac = ''] = number!.split('.');
        expect(BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0')).toBe(amount);
      }),
    );
  });
});
