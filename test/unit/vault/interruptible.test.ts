import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Interrupt, interruptible } from '../../../electron/core/vault/actions/interruptible.js';

async function* count(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield await Promise.resolve(i);
}

describe('interruptible', () => {
  it('passes every value through and keeps no wait registered between steps', async () => {
    const interrupt = new Interrupt();
    const seen: number[] = [];
    for await (const v of interruptible(count(1000), interrupt)) {
      seen.push(v);
      expect(interrupt.pendingWaits).toBe(0);
    }
    expect(seen).toHaveLength(1000);
  });

  it('does not keep yielded values reachable while the iteration goes on (the Promise.race leak)', () => {
    // Needs --expose-gc, so it runs the built module in a child node.
    const script = `
      const { Interrupt, interruptible } = await import(${JSON.stringify(pathToFileURL(resolve('dist/electron/core/vault/actions/interruptible.js')).href)});
      const refs = [];
      async function* big() {
        for (let i = 0; i < 200; i++) {
          const value = { payload: new Array(10000).fill(i) };
          refs.push(new WeakRef(value));
          yield value;
        }
      }
      const interrupt = new Interrupt();
      let alive = -1;
      for await (const v of interruptible(big(), interrupt)) {
        if (refs.length === 200) {
          await new Promise((r) => setImmediate(r));
          globalThis.gc();
          alive = refs.filter((r) => r.deref() !== undefined).length;
        }
      }
      process.stdout.write(String(alive));
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // Only the current batch (and perhaps the previous one) may still be reachable.
    expect(Number(r.stdout)).toBeLessThanOrEqual(2);
  });

  it('stops a stuck source at once when fired, and asks it to finish', async () => {
    const interrupt = new Interrupt();
    let returned = false;
    const stuck: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<number>>(() => undefined),
        return: () => {
          returned = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    const run = (async () => {
      for await (const v of interruptible(stuck, interrupt)) void v;
    })();
    setTimeout(() => interrupt.fire(new Error('locked')), 10);
    await expect(run).rejects.toThrow('locked');
    expect(returned).toBe(true);
    expect(interrupt.pendingWaits).toBe(0);
  });

  it('rejects new waits after it fired', async () => {
    const interrupt = new Interrupt();
    interrupt.fire(new Error('gone'));
    await expect(interrupt.race(Promise.resolve(1))).rejects.toThrow('gone');
  });
});
