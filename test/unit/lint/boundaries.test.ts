/**
 * Each import boundary of eslint.config.js fires on a file that crosses it,
 * and stays quiet for the same folder's allowed imports (the real config,
 * linting source text under the path it would have).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/imports').map((m) => m.message);
}

const CASES: { rule: string; file: string; bad: string[]; good: string[] }[] = [
  {
    rule: 'electron/core never imports electron/cli, electron/main or renderer/ (nor Electron)',
    file: 'electron/core/vault/zz-probe.ts',
    bad: [
      "import { runCli } from '../../cli/program.js';",
      "export * from '../../main/ipc-bridge.js';",
      "import '../../../renderer/src/main.js';",
      "const m = await import('../../cli/session.js');",
      "import { app } from 'electron';",
    ],
    good: ["import { Vault } from './vault.js';", "import { z } from 'zod';", "import { join } from 'node:path';", "import { apiCalls } from '../../../shared/api/contract.js';"],
  },
  {
    rule: 'electron/cli reaches the core only through electron/core/wallet/index.js',
    file: 'electron/cli/commands/zz-probe.ts',
    bad: ["import { unlockVault } from '../../core/vault/index.js';", "import { LeaseService } from '../../core/leases/lease-service.js';", "import '../../main/main.js';"],
    good: ["import { openWallet } from '../../core/wallet/index.js';", "import { apiCalls } from '../../../shared/api/contract.js';", "import { emit } from '../io.js';"],
  },
  {
    rule: 'shared/ imports no Node built-in and nothing from electron/ or requester/',
    file: 'shared/domain/zz-probe.ts',
    bad: [
      "import { readFile } from 'node:fs';",
      "import { readFile } from 'fs/promises';",
      "import { Buffer } from 'buffer';",
      "import { inspect } from 'util';",
      "import { EventEmitter } from 'events';",
      "import { createHash } from 'crypto';",
      "import { Worker } from 'worker_threads';",
      "import { WalletError } from '../../electron/core/errors.js';",
      "import { deposit } from '../../requester/deposit.js';",
      "import Database from 'better-sqlite3-multiple-ciphers';",
      "import { ipcRenderer } from 'electron';",
    ],
    good: ["import { z } from 'zod';", "import { getAddress } from 'viem';", "import { decimalString } from '../api/define.js';"],
  },
  {
    rule: 'requester/ never imports electron/',
    file: 'requester/zz-probe.ts',
    bad: ["import { LeaseService } from '../electron/core/leases/lease-service.js';", "export { openWallet } from '../electron/core/wallet/index.js';"],
    good: ["import { encodeLeaseLink } from '../shared/lease/link.js';", "import { readFile } from 'node:fs/promises';"],
  },
  {
    rule: 'renderer/ imports only shared/ (and its own npm packages)',
    file: 'renderer/src/zz-probe.ts',
    bad: [
      "import { openWallet } from '../../electron/core/wallet/index.js';",
      "import { deposit } from '../../requester/deposit.js';",
      "import { readFile } from 'node:fs';",
      "import { ipcRenderer } from 'electron';",
    ],
    good: ["import { apiCalls } from '../../shared/api/contract.js';", "import { useQuery } from '@tanstack/react-query';", "import { App } from './app.js';"],
  },
  {
    rule: 'tests never import bench/',
    file: 'test/unit/zz-probe.test.ts',
    bad: ["import { quantile } from '../../bench/lib/stats.js';"],
    good: ["import { makeRecord } from '../helpers/vault-fixtures.js';", "import { Vault } from '../../electron/core/vault/index.js';"],
  },
];

describe('import boundaries (eslint.config.js)', () => {
  it.each(CASES)('$rule', async ({ file, bad, good }) => {
    for (const line of bad) {
      const messages = await boundaryMessages(file, `${line}\nexport {};\n`);
      expect(messages, `${file}: ${line}`).toHaveLength(1);
    }
    for (const line of good) {
      expect(await boundaryMessages(file, `${line}\nexport {};\n`), `${file}: ${line}`).toEqual([]);
    }
  });

  it('names the boundary and the way around it in the message', async () => {
    const [message] = await boundaryMessages('shared/zz-probe.ts', "import { Buffer } from 'buffer';\n");
    expect(message).toMatch(/Node built-in/);
    expect(message).toMatch(/shared\/ runs in the renderer/);
  });
});
