import { connect } from 'node:net';

/**
 * One JSON-RPC call over a fresh IPC connection, outside viem (whose socket
 * clients are cached per path): used to wait for Anvil to answer and to tell
 * whether a chain is already listening on a socket. Resolves with the result,
 * rejects on connection errors, RPC errors or after `timeoutMs`.
 */
export function ipcRpcOnce(path: string, method: string, params: unknown[] = [], timeoutMs = 1000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = '';
    const finish = (error: Error | null, value?: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error(`no answer to ${method} within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('error', (e) => finish(e));
    socket.on('connect', () => socket.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let reply: { result?: unknown; error?: { message?: string } };
      try {
        reply = JSON.parse(buffer) as typeof reply;
      } catch {
        return; // incomplete; wait for more
      }
      if (reply.error) finish(new Error(reply.error.message ?? `${method} failed`));
      else finish(null, reply.result);
    });
  });
}

/** True when something answers eth_chainId on `path` (within `timeoutMs`). */
export async function ipcAnswers(path: string, timeoutMs = 500): Promise<boolean> {
  try {
    await ipcRpcOnce(path, 'eth_chainId', [], timeoutMs);
    return true;
  } catch {
    return false;
  }
}
