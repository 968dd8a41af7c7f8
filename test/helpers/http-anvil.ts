/** A plain Anvil on a loopback HTTP port, standing in for a configured JSON-RPC network (chain id 31337). */
import { spawn } from 'node:child_process';
import { resolveAnvilBinary } from '../../electron/core/chain/anvil-binary.js';

/** Anvil's public dev key #0 (funded on such a node only). */
export const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

export async function startHttpAnvil(): Promise<{ url: string; stop: () => void }> {
  const anvil = spawn(resolveAnvilBinary(), ['--port', '0', '--host', '127.0.0.1', '--chain-id', '31337', '--color', 'never'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const stop = () => void anvil.kill('SIGTERM');
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      anvil.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(`http://${m[1]}`);
      });
      anvil.once('exit', () => reject(new Error(`anvil exited: ${out.slice(-500)}`)));
    });
    return { url, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
