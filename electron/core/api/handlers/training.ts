/** training.*: run a lease's task, review and send or discard its result, preview a task before consent. */
import { previewTask } from '../../training/preview-task.js';
import { leaseTerms } from '../../training/lease-terms.js';
import type { Wallet } from '../../wallet/wallet.js';
import { ALLOW_PRIVATE_ADDRESSES_SETTING } from '../../wallet/wallet.js';
import type { HandlersOf } from '../handler.js';

const training = (wallet: Wallet) => wallet.training();

export const trainingHandlers: HandlersOf<'training.'> = {
  'training.preview': async (wallet, input) => {
    const rt = await wallet.leases();
    const terms =
      'link' in input
        ? await rt.service.inspect(input.link).then((r) => ({
            leaseId: '0',
            datasets: r.terms.datasets,
            dataFrom: BigInt(r.terms.dataFrom),
            dataTo: BigInt(r.terms.dataTo),
            taskUrl: r.taskUrl,
            maxEpsilonMilli: r.maxEpsilonMilli,
          }))
        : leaseTerms(wallet.vault, rt.service, input.leaseId);
    return previewTask({
      vault: wallet.vault,
      terms,
      engine: (await training(wallet)).engine,
      policy: { allowPrivate: wallet.vault.settings.get(ALLOW_PRIVATE_ADDRESSES_SETTING) === true },
    });
  },

  'training.train': async (wallet, { leaseId, taskFile, wait }) => {
    const { job, done } = await (await training(wallet)).train(leaseId, taskFile ? { taskFile } : {});
    return wait ? done : job;
  },

  'training.jobs': async (wallet, { limit }) => (await training(wallet)).list(limit ?? 100),
  'training.job': async (wallet, { id }) => (await training(wallet)).get(id),
  'training.cancel': async (wallet, { id }) => (await training(wallet)).cancel(id),
  'training.send': async (wallet, { id, toFile }) => (await training(wallet)).send(id, toFile ? { toFile } : {}),
  'training.discard': async (wallet, { id }) => (await training(wallet)).discard(id),
  'training.leaseSettings': async (wallet, { leaseId, review, maxEpsilonMilli }) => {
    const t = await training(wallet);
    const update = { ...(review !== undefined && { review }), ...(maxEpsilonMilli !== undefined && { maxEpsilonMilli }) };
    if (Object.keys(update).length) return t.setLeaseSettings(leaseId, update);
    (await wallet.leases()).service.get(leaseId); // the lease must exist
    return t.leaseSettings(leaseId);
  },
};
