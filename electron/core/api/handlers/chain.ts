/** chain.*: which network leases are granted on, its state, and deploying the contract (operators). */
import { checkRpcUrl, parseNetworkConfig, writeNetworkConfig } from '../../chain/network-config.js';
import { deployToNetwork, openWalletChain } from '../../chain/wallet-chain.js';
import type { HandlersOf } from '../handler.js';
import { getAddress, zeroAddress } from 'viem';
import type { TokenEarnings } from '../../leases/actions/earnings.js';

function tokenEarnings(e: TokenEarnings) {
  return {
    token: e.token,
    symbol: e.currency.symbol,
    decimals: e.currency.decimals,
    amount: e.amount.toString(),
    ...(e.currency.testToken && { testToken: true }),
  };
}

export const chainHandlers: HandlersOf<'chain.'> = {
  'chain.status': async (wallet) => {
    const { chain, service } = await wallet.leases();
    const [block, gas, earnings, leases] = await Promise.all([
      chain.ctx.publicClient.getBlock({ blockTag: 'latest' }),
      chain.ctx.publicClient.getBalance({ address: chain.account.address }),
      service.earnings(),
      service.list({ chain: false }),
    ]);
    const counts: Record<string, number> = {};
    for (const l of leases) counts[l.status] = (counts[l.status] ?? 0) + 1;
    return {
      network: chain.kind,
      chainId: chain.chainId,
      contract: chain.contract,
      account: chain.account.address,
      blockNumber: block.number.toString(),
      blockTime: Number(block.timestamp) * 1000,
      accountBalance: gas.toString(),
      earnings: (earnings.find((e) => e.token === zeroAddress)?.amount ?? 0n).toString(),
      earningsByToken: earnings.map(tokenEarnings),
      currency: service.currency,
      leases: counts,
      ...(chain.embedded && { folder: chain.embedded.chainDir, lostContract: chain.prepared?.lostContract ?? null }),
    };
  },

  'chain.withdraw': async (wallet, { token }) => {
    const { service } = await wallet.leases();
    const withdrawn = await service.withdraw(token === undefined ? undefined : getAddress(token));
    return { withdrawn: withdrawn.map((w) => ({ ...tokenEarnings(w), transactionHash: w.transactionHash })) };
  },

  'chain.use': (wallet, input) => {
    const network = parseNetworkConfig(input.network);
    // Check the network answers and has the contract before saving it.
    return wallet.withLeasesStopped(async (vault) => {
      const chain = await openWalletChain({ vault, dataDir: wallet.dataDir, network });
      const info = { network: chain.kind, chainId: chain.chainId, contract: chain.contract, account: chain.account.address };
      await chain.stop();
      writeNetworkConfig(vault, network);
      return info;
    });
  },

  'chain.deploy': async (_wallet, { rpcUrl, chainId, privateKey }) => {
    const d = await deployToNetwork({ rpcUrl: checkRpcUrl(rpcUrl), chainId, privateKey: privateKey as `0x${string}` });
    return { contract: d.address, chainId: d.chainId, transactionHash: d.transactionHash, blockNumber: d.blockNumber.toString(), deployer: d.deployer };
  },
};
