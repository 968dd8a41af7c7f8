/** requests.*, leases.*, requesters.*: from a lease link to a granted, revoked or settled lease. */
import type { NarrowingInput } from '../../../../shared/domain/leases.js';
import { writeTextFile } from '../../exports/index.js';
import type { LeaseView } from '../../leases/lease-service.js';
import type { Narrowing } from '../../leases/narrowing.js';
import { assertWithinPrivacyLimit, checkPrivacyLimit, type PrivacyLimitCheck } from '../../leases/actions/privacy-limit.js';
import { readWalletSettings } from '../../settings/wallet-settings.js';
import type { Wallet } from '../../wallet/wallet.js';
import type { HandlersOf } from '../handler.js';

function narrowingOf(input: NarrowingInput | undefined): Narrowing {
  if (!input) return {};
  return {
    ...(input.datasets !== undefined && { datasets: input.datasets }),
    ...(input.duration !== undefined && { duration: BigInt(input.duration) }),
    ...(input.dataFrom !== undefined && { dataFrom: BigInt(input.dataFrom) }),
    ...(input.dataTo !== undefined && { dataTo: BigInt(input.dataTo) }),
  };
}

/** The request's privacy budget against the owner's limit per lease (and a narrowed budget, if any). */
async function privacyCheck(wallet: Wallet, ref: string, narrowing: NarrowingInput | undefined): Promise<PrivacyLimitCheck> {
  const requested = await (await service(wallet)).requestedEpsilonMilli(ref);
  return checkPrivacyLimit(requested, narrowing?.maxEpsilonMilli, readWalletSettings(wallet.vault).maxEpsilonMilli);
}

function changed(wallet: Wallet, view: LeaseView): LeaseView {
  wallet.events.emit('leases.changed', { id: view.id, leaseId: view.leaseId, status: view.status });
  return view;
}

const service = async (wallet: Wallet) => (await wallet.leases()).service;

export const requestHandlers: HandlersOf<'requests.'> = {
  'requests.inspect': async (wallet, { link }) => (await service(wallet)).inspect(link),

  'requests.receive': async (wallet, { link }) => {
    const request = await (await service(wallet)).receive(link);
    wallet.events.emit('requests.received', request);
    return request;
  },

  'requests.approve': async (wallet, { ref, narrowing }) => {
    const privacy = await privacyCheck(wallet, ref, narrowing);
    assertWithinPrivacyLimit(privacy);
    const view = await (await service(wallet)).approve(ref, narrowingOf(narrowing));
    // A narrowed budget becomes the lease's own ε cap (the owner's limit caps it meanwhile, if the process stops here).
    if (privacy.grantedMilli < privacy.requestedMilli && view.leaseId) {
      (await wallet.training()).setLeaseSettings(view.leaseId, { maxEpsilonMilli: privacy.grantedMilli });
    }
    return changed(wallet, view);
  },

  'requests.previewApproval': async (wallet, { ref, narrowing }) => {
    const leases = await service(wallet);
    const privacy = await privacyCheck(wallet, ref, narrowing);
    const preview = await leases.previewApproval(ref, narrowingOf(narrowing));
    const warnings = privacy.aboveLimit
      ? [...preview.warnings, `The privacy budget ε ${privacy.grantedMilli / 1000} is above your limit of ε ${privacy.limitMilli! / 1000} per lease; lower it to approve.`]
      : preview.warnings;
    return { ...preview, warnings, privacy };
  },

  'requests.decline': async (wallet, { ref }) => (await service(wallet)).decline(ref),
};

export const leaseHandlers: HandlersOf<'leases.'> = {
  'leases.list': async (wallet, { chain }) => (await service(wallet)).list({ chain: chain ?? true }),

  'leases.show': async (wallet, { ref }) => (await service(wallet)).show(ref),

  'leases.revoke': async (wallet, { ref }) => changed(wallet, await (await service(wallet)).revoke(ref)),

  'leases.receipt': async (wallet, { ref, path }) => {
    const receipt = (await service(wallet)).receipt(ref);
    if (path !== undefined) await writeTextFile(path, `${JSON.stringify(receipt, null, 2)}\n`);
    return { receipt, path: path ?? null };
  },

  'leases.pause': (wallet) => wallet.setLeasesPaused(true),

  'leases.resume': (wallet) => wallet.setLeasesPaused(false),

  'leases.reconcile': async (wallet) => {
    const report = await (await service(wallet)).reconcile();
    wallet.events.emit('leases.reconciled', { trigger: 'request', report });
    return report;
  },
};

export const requesterHandlers: HandlersOf<'requesters.'> = {
  'requesters.list': async (wallet) => (await service(wallet)).listRequesters(),
  'requesters.label': async (wallet, { address, label }) => (await service(wallet)).labelRequester(address, label),
  'requesters.block': async (wallet, { address }) => (await service(wallet)).blockRequester(address),
  'requesters.unblock': async (wallet, { address }) => (await service(wallet)).unblockRequester(address),
};
