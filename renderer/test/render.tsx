/** Renders a component the way the app does: Mantine, TanStack Query, a router, and an API client over the given transport. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import type { ApiEventEnvelope, ApiResult, ApiTransport } from '../../shared/api/envelope.js';
import { ApiProvider } from '../src/api/ApiProvider.js';
import { createWalletClient } from '../src/api/client.js';
import { theme } from '../src/app/theme.js';

/**
 * A transport that answers from a table of handlers and can push events —
 * the renderer's side of the wire only. Tests of the real core over the real
 * transports are the Playwright end-to-end tests.
 */
export function scriptedTransport(handlers: Record<string, (input: unknown) => unknown | Promise<unknown>>) {
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  const calls: { call: string; input: unknown }[] = [];
  const transport: ApiTransport = {
    async invoke(call, input): Promise<ApiResult> {
      calls.push({ call, input });
      const h = handlers[call];
      if (!h) return { ok: false, error: { code: 'UNKNOWN_CALL', message: `no handler for ${call}` } };
      try {
        return { ok: true, value: await h(input) };
      } catch (e) {
        const err = e as { code?: string; message?: string; hint?: string; details?: string };
        return { ok: false, error: { code: err.code ?? 'UNEXPECTED', message: err.message ?? 'failed', ...(err.hint ? { hint: err.hint } : {}), ...(err.details ? { details: err.details } : {}) } };
      }
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const emit = (event: string, payload: unknown) => listeners.forEach((l) => l({ event, payload }));
  return { transport, calls, emit };
}

export function renderWithApp(ui: ReactNode, transport: ApiTransport, route = '/') {
  const client = createWalletClient(transport);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <MantineProvider theme={theme}>
      <ApiProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </QueryClientProvider>
      </ApiProvider>
    </MantineProvider>,
  );
}

/** A serialised wallet error, thrown by a handler. */
export function walletError(code: string, message: string, extra: { hint?: string; details?: string } = {}) {
  return Object.assign(new Error(message), { code, ...extra });
}
