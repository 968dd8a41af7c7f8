/** `data-wallet pause` / `resume`: pause all leases (nothing is revoked) and resume them. */
import type { CliContext } from '../context.js';
import { emit } from '../io.js';
import { isoShort } from '../format.js';

export async function pauseCommand(ctx: CliContext, paused: boolean): Promise<void> {
  await ctx.unlock();
  const state = await ctx.call(paused ? 'leases.pause' : 'leases.resume', {});
  emit(ctx.io, ctx.json, state, () =>
    state.paused
      ? `All leases are paused${state.since !== null ? ` (since ${isoShort(state.since)})` : ''}: no lease may read your data until you run \`data-wallet resume\`. Nothing was revoked.`
      : 'Leases are resumed: active leases may use your data again.',
  );
}
