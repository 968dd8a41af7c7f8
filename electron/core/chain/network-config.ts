/**
 * Which network leases are granted on, as stored in the vault settings: the
 * embedded chain (default), or a JSON-RPC endpoint with its chain id and
 * DataLease address.
 */
import { getAddress, isAddress, type Address } from 'viem';
import { z } from 'zod';
import type { Vault } from '../vault/index.js';
import { WalletNetworkConfigError } from './errors.js';

export const NETWORK_SETTING = 'chain.network';

export type NetworkConfig =
  | { kind: 'embedded' }
  | {
      kind: 'rpc';
      /** http(s):// or ws(s):// JSON-RPC endpoint. */
      rpcUrl: string;
      chainId: number;
      contract: Address;
    };

const rpcUrl = z.string().refine((value) => {
  try {
    const u = new URL(value);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol);
  } catch {
    return false;
  }
}, 'must be an http(s):// or ws(s):// URL');

const NetworkConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded') }),
  z.strictObject({
    kind: z.literal('rpc'),
    rpcUrl,
    chainId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    contract: z.string().refine((a) => isAddress(a, { strict: false }), 'must be a 0x address'),
  }),
]);

/** Checks a JSON-RPC URL (http(s):// or ws(s)://); throws WalletNetworkConfigError. */
export function checkRpcUrl(value: string): string {
  const parsed = rpcUrl.safeParse(value);
  if (!parsed.success) throw new WalletNetworkConfigError(`rpcUrl ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/** Checks a network setting and returns it normalised; throws WalletNetworkConfigError. */
export function parseNetworkConfig(value: unknown): NetworkConfig {
  const parsed = NetworkConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'kind';
    throw new WalletNetworkConfigError(`${field} ${issue?.message ?? 'is invalid'}`);
  }
  const v = parsed.data;
  return v.kind === 'embedded' ? v : { ...v, contract: getAddress(v.contract) };
}

export function readNetworkConfig(vault: Vault): NetworkConfig {
  const stored = vault.settings.get(NETWORK_SETTING);
  return stored === undefined ? { kind: 'embedded' } : parseNetworkConfig(stored);
}

export function writeNetworkConfig(vault: Vault, config: NetworkConfig): NetworkConfig {
  const checked = parseNetworkConfig(config);
  vault.settings.set(NETWORK_SETTING, checked);
  return checked;
}
