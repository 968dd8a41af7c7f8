// `npm start`: the desktop app when the Electron binary is installed and runs
// here; otherwise browser mode — the same wallet and UI in your browser on
// 127.0.0.1 — printing the address (it carries the access key) and opening it
// when a display is available.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
if (!existsSync(join(root, 'dist/electron/main/main.js'))) {
  console.error('Data Wallet is not built yet: run `npm run setup` first.');
  process.exit(1);
}

/** The Electron binary, if it is installed and actually runs on this machine. */
function runnableElectron() {
  if (process.env.DATA_WALLET_BROWSER_MODE === '1') return null;
  let binary;
  try {
    binary = require('electron');
  } catch {
    return null;
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return null;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return probe.status === 0 ? binary : null;
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function openInBrowser(url) {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('(Could not open a browser; open the address above yourself.)'));
  child.unref();
}

const electron = runnableElectron();
if (electron) {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron cannot run here: starting browser mode (the wallet in your browser, on this computer only).');
  const child = spawn(process.execPath, [join(root, 'dist/electron/browser-mode/main.js'), ...process.argv.slice(2)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
  const lines = createInterface({ input: child.stdout });
  lines.once('line', (line) => {
    let url;
    try {
      url = JSON.parse(line).url;
    } catch {
      console.log(line);
      return;
    }
    console.log(`\nOpen Data Wallet at:\n\n  ${url}\n\nThis address holds this session's access key: do not share it. Stop with Ctrl+C.`);
    if (hasDisplay()) openInBrowser(url);
  });
}
