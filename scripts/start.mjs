// `npm start`: opens the desktop app when Electron can run here; otherwise says
// plainly what is available instead. The GUI shell lands in a later issue.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/electron/cli/main.js');
if (!existsSync(cli)) {
  console.error('data-wallet is not built yet: run `npm run setup` first.');
  process.exit(1);
}
console.log(
  [
    'Data Wallet',
    '',
    'The desktop window (Electron) and the browser-mode UI are not built yet.',
    'Everything the wallet does today is in the command-line interface:',
    '',
  ].join('\n'),
);
const r = spawnSync(process.execPath, [cli, '--help'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
