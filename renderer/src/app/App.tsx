import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApiProvider } from '../api/ApiProvider.js';
import type { WalletClient } from '../api/client.js';
import { createAppRouter } from './routes.js';
import { theme } from './theme.js';

export function App({ client }: { client: WalletClient }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Wallet errors are answers, not network glitches: do not retry them blindly.
          queries: { retry: false, refetchOnWindowFocus: true, staleTime: 2_000 },
          mutations: { retry: false },
        },
      }),
  );
  const [router] = useState(() => createAppRouter());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <ApiProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ApiProvider>
    </MantineProvider>
  );
}
