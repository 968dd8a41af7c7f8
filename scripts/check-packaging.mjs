// CI check of the packaging config, offline: builds `--linux --dir` with a
// stub Electron (a file carrying Electron's fuse wire, so the fuse settings
// are really applied and can be read back) and npmRebuild=false, then checks
// the output: the app inside app.asar, the native and binary parts unpacked
// (SQLCipher addon, tfjs wasm, Anvil), the fuses flipped, and the datawallet:
// protocol registered for every platform's installer.
//
// Usage: npm run build && node scripts/check-packaging.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const asar = require('@electron/asar');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's fuse order (FuseV1Options) and the states the config asks for ('0' off, '1' on).
const FUSES = [
  ['runAsNode', '0'],
  ['enableCookieEncryption', '1'],
  ['enableNodeOptionsEnvironmentVariable', '0'],
  ['enableNodeCliInspectArguments', '0'],
  ['enableEmbeddedAsarIntegrityValidation', '1'],
  ['onlyLoadAppFromAsar', '1'],
  ['loadBrowserProcessSpecificV8Snapshot', '0'],
  ['grantFileProtocolExtraPrivileges', '0'],
];

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

if (!existsSync(join(root, 'dist/electron/main/main.js'))) {
  console.error('dist/electron/main/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'dw-package-'));
try {
  // A stub Electron: what electron-builder copies and renames, with a fuse wire in Electron's defaults.
  const stub = join(work, 'electron-dist');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(`#!/bin/sh\necho stub electron\nexit 1\n# ${SENTINEL}`), Buffer.from([1, FUSES.length]), Buffer.from('10110001')]);
  writeFileSync(join(stub, 'electron'), wire);
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'version'), require('electron/package.json').version);
  writeFileSync(join(stub, 'LICENSE'), 'stub');
  writeFileSync(join(stub, 'chrome-sandbox'), 'stub');

  const out = join(work, 'out');
  const builder = join(root, 'node_modules/electron-builder/cli.js');
  const r = spawnSync(
    process.execPath,
    [builder, '--linux', '--dir', '--publish', 'never', `-c.electronDist=${stub}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true', CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  check(r.status === 0, 'electron-builder --linux --dir succeeds offline');
  if (r.status !== 0) {
    console.error(r.stdout.slice(-4000), r.stderr.slice(-4000));
    throw new Error('build failed');
  }

  const app = join(out, 'linux-unpacked');
  const resources = join(app, 'resources');
  const archive = join(resources, 'app.asar');
  check(existsSync(archive), 'resources/app.asar exists');
  const inside = new Set(asar.listPackage(archive).map((p) => p.replaceAll('\\', '/').replace(/^\//, '')));
  for (const f of ['package.json', 'dist/electron/main/main.js', 'dist/electron/main/preload.cjs', 'dist/electron/core/vault/index.js']) {
    check(inside.has(f), `app.asar holds ${f}`);
  }
  if (existsSync(join(root, 'renderer/dist/index.html'))) check(inside.has('renderer/dist/index.html'), 'app.asar holds the built renderer');
  check(![...inside].some((f) => f.endsWith('.map') || f.startsWith('test/') || f.startsWith('electron/')), 'app.asar holds no sources, tests or source maps');

  const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
  const parts = [
    ['better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node', 'the SQLCipher addon'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs wasm'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs wasm (simd)'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs wasm (threaded simd)'],
  ];
  for (const [path, what] of parts) check(existsSync(join(unpacked, path)), `${what} is unpacked from ASAR (${path})`);
  // @foundry-rs/anvil's platform package is an optional dependency electron-builder does not collect: extraResources.
  const anvil = `anvil/anvil-linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}/bin/anvil`;
  check(existsSync(join(resources, anvil)), `the Anvil binary sits outside ASAR (resources/${anvil})`);

  const binary = readFileSync(join(app, 'data-wallet'));
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  const flipped = binary.subarray(at + 2, at + 2 + FUSES.length).toString('latin1');
  FUSES.forEach(([name, want], i) => check(flipped[i] === want, `fuse ${name} is ${want === '1' ? 'on' : 'off'}`));

  // Protocol registration: the Linux desktop file as electron-builder's own code writes it (AppImage and deb
  // targets need downloads, so they are not built here), and the macOS/Windows settings from the config.
  const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8'));
  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');
  const fakePackager = {
    appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: 'Data Wallet' },
    executableName: config.executableName,
    info: { metadata: {} },
    fileAssociations: [],
    config,
    platformSpecificBuildOptions: config.linux,
  };
  const desktop = await new LinuxTargetHelper(fakePackager).computeDesktopEntry(config.linux);
  check(/^MimeType=x-scheme-handler\/datawallet;$/m.test(desktop), 'the Linux desktop file has MimeType=x-scheme-handler/datawallet');
  check(/^Exec=.* %U$/m.test(desktop), 'the Linux desktop file passes the link to the app (%U)');
  check(JSON.stringify(config.linux.target) === '["AppImage","deb"]', 'linux targets: AppImage and deb');
  check(JSON.stringify(config.mac.target) === '["dmg"]' && config.protocols.some((p) => p.schemes.includes('datawallet')), 'mac: dmg, with the datawallet scheme in CFBundleURLTypes (protocols)');
  check(JSON.stringify(config.win.target) === '["nsis"]' && config.nsis.include === 'build/installer.nsh', 'win: nsis with the protocol include');
  const nsis = readFileSync(join(root, 'build/installer.nsh'), 'utf8');
  check(/Software\\Classes\\datawallet/.test(nsis) && nsis.includes('URL Protocol'), 'nsis include registers the datawallet: protocol');
} catch (e) {
  console.error(e);
  failures.push(String(e));
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\npackaging check failed: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('\npackaging check passed');
