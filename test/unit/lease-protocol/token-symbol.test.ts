/** Payment-token symbols come from a contract anyone can deploy: look-alikes of well-known tokens are flagged. */
import fc from 'fast-check';
import { parseUnits } from 'viem';
import { describe, expect, it } from 'vitest';
import { formatTokenAmount, formatUnitsExact } from '../../../shared/lease/token-amount.js';
import { displayTokenSymbol, tokenSymbolProblem, WELL_KNOWN_TOKENS } from '../../../shared/lease/token-symbol.js';

const USDC_MAINNET = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const ELSEWHERE = '0x1111111111111111111111111111111111111111';

describe('tokenSymbolProblem', () => {
  it('accepts a well-known symbol only at its official address on that chain', () => {
    expect(tokenSymbolProblem('USDC', USDC_MAINNET, 1, 'ETH')).toBeNull();
    expect(tokenSymbolProblem('USDC', USDC_MAINNET.toLowerCase() as `0x${string}`, 1, 'ETH')).toBeNull();
    expect(tokenSymbolProblem('USDC', ELSEWHERE, 1, 'ETH')).toMatchObject({ kind: 'confusable', like: 'USDC' });
    expect(tokenSymbolProblem('USDC', ELSEWHERE, 1, 'ETH')!.message).toContain(USDC_MAINNET);
    // The same address on another chain is not USDC there.
    expect(tokenSymbolProblem('USDC', USDC_MAINNET, 4_478_796, 'ETH')).toMatchObject({ kind: 'confusable', like: 'USDC' });
  });

  it('flags look-alikes: other case, Cyrillic or Greek letters, punctuation, the network currency', () => {
    for (const symbol of ['usdc', 'USDС', 'UЅDC', 'U.S.D.C', 'USD C', 'uѕdt', 'ΕΤΗ', 'WETH']) {
      const problem = tokenSymbolProblem(symbol, ELSEWHERE, 1, 'ETH');
      expect(problem?.kind, symbol).toBe('confusable');
      // The message never repeats the contract's own text when it is disguised (not plain ASCII).
      if (!/^[\x21-\x7e]+$/.test(symbol)) expect(problem!.message).not.toContain(symbol);
    }
    expect(tokenSymbolProblem('POL', ELSEWHERE, 137, 'POL')).toMatchObject({ kind: 'confusable', like: 'POL' });
  });

  it('accepts ordinary symbols and flags ones that are not plain ASCII or too long', () => {
    expect(tokenSymbolProblem('LABT', ELSEWHERE, 1, 'ETH')).toBeNull();
    expect(tokenSymbolProblem('TSTC', ELSEWHERE, 4_478_796, 'ETH')).toBeNull();
    expect(tokenSymbolProblem('ÄPFEL', ELSEWHERE, 1, 'ETH')).toMatchObject({ kind: 'unreadable' });
    expect(tokenSymbolProblem('A\u200bB', ELSEWHERE, 1, 'ETH')).toMatchObject({ kind: 'unreadable' });
    expect(tokenSymbolProblem('X'.repeat(17), ELSEWHERE, 1, 'ETH')).toMatchObject({ kind: 'unreadable' });
  });

  it('property: never throws; any string is either accepted, flagged, or shown as plain ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(1, 10, 137, 8453, 4_478_796), (symbol, chainId) => {
        const problem = tokenSymbolProblem(symbol, ELSEWHERE, chainId, 'ETH');
        const shown = displayTokenSymbol(symbol);
        expect(shown === 'token units' || /^[\x21-\x7e]{1,16}$/.test(shown)).toBe(true);
        if (problem === null) expect(shown).toBe(symbol);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a well-known symbol with one letter swapped for its homoglyph is always flagged', () => {
    const homoglyphs: Record<string, string[]> = { A: ['А', 'Α'], C: ['С', 'Ϲ'], E: ['Е', 'Ε'], H: ['Н', 'Η'], T: ['Т', 'Τ'], S: ['Ѕ'], D: ['Ꭰ'], U: ['Ս'] };
    const names = Object.keys(WELL_KNOWN_TOKENS).filter((n) => [...n].some((ch) => homoglyphs[ch]));
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.nat(), (name, i, j) => {
        const positions = [...name].map((ch, k) => [ch, k] as const).filter(([ch]) => homoglyphs[ch]);
        const [ch, k] = positions[i % positions.length]!;
        const glyphs = homoglyphs[ch]!;
        const disguised = name.slice(0, k) + glyphs[j % glyphs.length]! + name.slice(k + 1);
        expect(tokenSymbolProblem(disguised, ELSEWHERE, 1, 'ETH')).toMatchObject({ kind: 'confusable', like: name });
      }),
    );
  });
});

describe('token amounts', () => {
  it('formats exact amounts in the token’s units', () => {
    expect(formatTokenAmount(2000n, { symbol: 'TSTC', decimals: 6 })).toBe('0.002 TSTC');
    expect(formatTokenAmount(25_000_000n, { symbol: 'TSTC', decimals: 6 })).toBe('25 TSTC');
    expect(formatTokenAmount(333n, { symbol: 'X', decimals: 0 })).toBe('333 X');
  });

  it('property: formatUnitsExact round-trips through parseUnits for any amount and decimals', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, (1n << 256n) - 1n), fc.integer({ min: 0, max: 36 }), (amount, decimals) => {
        expect(parseUnits(formatUnitsExact(amount, decimals), decimals)).toBe(amount);
      }),
      { numRuns: 1000 },
    );
  });
});
