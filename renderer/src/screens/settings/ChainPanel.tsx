import { Alert, Button, NumberInput, Paper, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { chainKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';

/** Embedded chain or a JSON-RPC network with its DataLease contract; checked by the wallet before it switches. */
export function ChainSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: [...chainKey, 'status'], queryFn: () => api.call('chain.status', {}) });
  const [mode, setMode] = useState<'embedded' | 'rpc' | null>(null);
  const [rpcUrl, setRpcUrl] = useState('');
  const [chainId, setChainId] = useState<number | ''>('');
  const [contract, setContract] = useState('');
  const current = mode ?? status.data?.network ?? 'embedded';
  const use = useMutation({
    mutationFn: () =>
      api.call('chain.use', {
        network: current === 'embedded' ? { kind: 'embedded' } : { kind: 'rpc', rpcUrl: rpcUrl.trim(), chainId: Number(chainId), contract: contract.trim() },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chainKey }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="chain-settings-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          use.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="chain-settings-title">
            {s.settings.chain}
          </Title>
          <SegmentedControl
            aria-label={s.settings.chainMode}
            value={current}
            onChange={(v) => setMode(v as 'embedded' | 'rpc')}
            data={[
              { value: 'embedded', label: s.settings.embedded },
              { value: 'rpc', label: s.settings.rpc },
            ]}
          />
          {current === 'rpc' && (
            <>
              <TextInput label={s.settings.rpcUrl} value={rpcUrl} onChange={(e) => setRpcUrl(e.currentTarget.value)} placeholder="https://…" required />
              <NumberInput label={s.settings.chainId} value={chainId} onChange={(v) => setChainId(typeof v === 'number' ? v : '')} min={1} allowDecimal={false} required />
              <TextInput label={s.settings.contract} value={contract} onChange={(e) => setContract(e.currentTarget.value)} placeholder="0x…" required />
            </>
          )}
          {use.isSuccess && (
            <Alert color="wallet" role="status">
              {s.settings.chainSaved(use.data.chainId)}
            </Alert>
          )}
          {use.isError && <ErrorAlert error={use.error} />}
          <Button type="submit" loading={use.isPending} style={{ alignSelf: 'flex-start' }}>
            {s.settings.chainApply}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
