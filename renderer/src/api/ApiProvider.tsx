import { createContext, useContext, type ReactNode } from 'react';
import type { WalletClient } from './client.js';

const ApiContext = createContext<WalletClient | null>(null);

export function ApiProvider({ client, children }: { client: WalletClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The typed API client: `api.call('vault.status', {})`. */
export function useApi(): WalletClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
