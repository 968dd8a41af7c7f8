/** The shell binds, it does not decide: electron/main stays under 10% of the main-process code (electron/main + electron/core + shared). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function lines(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(c|m)?ts$/.test(entry.name)) n += readFileSync(join(entry.parentPath, entry.name), 'utf8').split('\n').length;
  }
  return n;
}

describe('shell size', () => {
  it('electron/main is under 10% of the main-process lines', () => {
    const shell = lines('electron/main');
    const total = shell + lines('electron/core') + lines('shared');
    expect(shell / total).toBeLessThan(0.1);
  });
});
