/** audit.*: verify and read the hash-chained audit log. */
import { AuditLogBrokenError } from '../../audit/index.js';
import type { HandlersOf } from '../handler.js';

export const auditHandlers: HandlersOf<'audit.'> = {
  'audit.verify': (wallet) => {
    const result = wallet.audit.verify();
    if (!result.ok) throw new AuditLogBrokenError(result.seq, { details: `${result.kind}: ${result.message}` });
    return result;
  },

  'audit.list': (wallet, query) => wallet.audit.list(query),
};
