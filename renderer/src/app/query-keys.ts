/** TanStack Query keys, in one place so mutations invalidate the right things. */
export const vaultStatusKey = ['vault', 'status'] as const;
export const datasetsKey = ['data', 'datasets'] as const;
export const requestsKey = ['requests'] as const;
export const leasesKey = ['leases'] as const;
export const chainKey = ['chain'] as const;
export const auditKey = ['audit'] as const;
export const settingsKey = ['settings'] as const;
export const requestersKey = ['requesters'] as const;
export const trainingKey = ['training'] as const;
