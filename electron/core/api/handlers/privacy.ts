/** privacy.*: the accountant's figures, for consent previews and scripts (no vault needed). */
import { computeEpsilon, TrainingSettingsError } from '../../training/engine/index.js';
import type { HandlersOf } from '../handler.js';

export const privacyHandlers: HandlersOf<'privacy.'> = {
  'privacy.epsilon': (_wallet, input) => {
    const r = computeEpsilon(input);
    if (!Number.isFinite(r.epsilon)) throw new TrainingSettingsError('the noise multiplier is too small for ε to be bounded');
    return r;
  },
};
