/**
 * The lint rule behind the egress ledger: network APIs only in the training
 * HTTP client and the chain's transports; the HTTP client only for the
 * egress function and the task loader. Runs the project's ESLint config on
 * probe sources placed (virtually) at real paths.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('network lint rule', () => {
  it('refuses network modules, globals and viem transports in any other core file', async () => {
    const file = 'electron/core/vault/probe.ts';
    for (const code of [
      "import http from 'node:http';\nexport { http };",
      "import https from 'https';\nexport { https };",
      "import { connect } from 'node:net';\nexport { connect };",
      "import { request } from 'undici';\nexport { request };",
      "import dgram from 'node:dgram';\nexport { dgram };",
      "import { connect } from 'node:tls';\nexport { connect };",
      "import { WebSocket } from 'ws';\nexport { WebSocket };",
      "import { http } from 'viem';\nexport { http };",
      "export const f = () => fetch('https://example.org');",
      "export const w = () => new WebSocket('wss://example.org');",
    ]) {
      expect((await errors(file, code)).length, code).toBeGreaterThan(0);
    }
  });

  it('refuses the HTTP client outside the egress function and the task loader', async () => {
    const code = "import { httpPost } from '../net/http-client.js';\nexport { httpPost };";
    expect(await errors('electron/core/training/result/other.ts', code)).toHaveLength(1);
    expect(await errors('electron/core/training/result/egress.ts', code)).toEqual([]);
  });

  it('allows the named exceptions, narrowly', async () => {
    expect(await errors('electron/core/training/net/http-client.ts', "import http from 'node:http';\nexport { http };")).toEqual([]);
    expect(await errors('electron/core/chain/ipc-probe.ts', "import { connect } from 'node:net';\nexport { connect };")).toEqual([]);
    expect(await errors('electron/core/chain/wallet-chain.ts', "import { http } from 'viem';\nexport { http };")).toEqual([]);
    // …but not in the chain folder at large
    expect((await errors('electron/core/chain/other.ts', "export const f = () => fetch('x');")).length).toBeGreaterThan(0);
  });
});
