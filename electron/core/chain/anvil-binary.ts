import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AnvilBinaryNotFoundError } from './errors.js';

const require = createRequire(import.meta.url);

/** @foundry-rs/anvil's per-platform packages, as its own launcher (bin.mjs) names them. */
const PLATFORM_PACKAGES: Partial<Record<NodeJS.Platform, Partial<Record<string, string>>>> = {
  darwin: { x64: '@foundry-rs/anvil-darwin-amd64', arm64: '@foundry-rs/anvil-darwin-arm64' },
  linux: { x64: '@foundry-rs/anvil-linux-amd64', arm64: '@foundry-rs/anvil-linux-arm64' },
  win32: { x64: '@foundry-rs/anvil-win32-amd64' },
};

/**
 * The absolute path of the Anvil executable installed with @foundry-rs/anvil,
 * resolved from that package (never from PATH, so the pinned version runs).
 * The binary is started directly rather than through the package's Node
 * launcher: one process less, and signals reach Anvil itself.
 */
export function resolveAnvilBinary(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const pkg = PLATFORM_PACKAGES[platform]?.[arch];
  if (!pkg) throw new AnvilBinaryNotFoundError(`${platform}-${arch}`, { details: 'No Anvil build exists for this platform.' });
  const binaryName = platform === 'win32' ? 'anvil.exe' : 'anvil';
  // The packaged desktop app ships it outside app.asar (electron-builder extraResources), where it can be executed.
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) {
    const packaged = join(resources, 'anvil', pkg.slice(pkg.indexOf('/') + 1), 'bin', binaryName);
    if (existsSync(packaged)) return packaged;
  }
  let launcher: string;
  try {
    launcher = require.resolve('@foundry-rs/anvil/package.json');
  } catch (cause) {
    throw new AnvilBinaryNotFoundError(`${platform}-${arch}`, { cause, details: '@foundry-rs/anvil is not installed.' });
  }
  // Resolve the platform package the way the launcher does: relative to @foundry-rs/anvil itself.
  const fromLauncher = createRequire(launcher);
  let binary: string;
  try {
    binary = fromLauncher.resolve(`${pkg}/bin/${binaryName}`);
  } catch (cause) {
    throw new AnvilBinaryNotFoundError(`${platform}-${arch}`, { cause, details: `${pkg} is not installed.` });
  }
  if (!existsSync(binary)) {
    throw new AnvilBinaryNotFoundError(`${platform}-${arch}`, { details: `${pkg} has no ${binaryName}.` });
  }
  return binary;
}
