import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { requestersKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';

function LabelEditor({ address, label }: { address: string; label: string | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(label ?? '');
  const save = useMutation({
    mutationFn: () => api.call('requesters.label', { address, label: value.trim() || null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestersKey }),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <TextInput size="xs" aria-label={`${s.settings.label}: ${address}`} value={value} onChange={(e) => setValue(e.currentTarget.value)} maxLength={80} />
        <Button size="xs" type="submit" variant="light" loading={save.isPending}>
          {s.settings.labelSave}
        </Button>
      </Group>
      {save.isError && <ErrorAlert error={save.error} />}
    </form>
  );
}

/** Known and blocked requesters: label them (the consent prompt shows your label), block or unblock. */
export function RequestersPanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: requestersKey, queryFn: () => api.call('requesters.list', {}) });
  const [address, setAddress] = useState('');
  const toggle = useMutation({
    mutationFn: ({ address, block }: { address: string; block: boolean }) =>
      api.call(block ? 'requesters.block' : 'requesters.unblock', { address }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestersKey }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="requesters-title">
      <Stack>
        <Title order={2} size="h4" id="requesters-title">
          {s.settings.requesters}
        </Title>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && list.data.length === 0 && <Alert color="gray" role="note">{s.settings.requestersEmpty}</Alert>}
        {list.isSuccess && list.data.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{s.consent.address}</Table.Th>
                <Table.Th scope="col">{s.settings.label}</Table.Th>
                <Table.Th scope="col">{s.leases.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((r) => (
                <Table.Tr key={r.address}>
                  <Table.Td>
                    <Code>{r.address}</Code>
                  </Table.Td>
                  <Table.Td>
                    <LabelEditor address={r.address} label={r.label} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {r.blocked && <Badge color="red">{s.settings.blocked}</Badge>}
                      <Button size="xs" variant="subtle" color={r.blocked ? 'wallet' : 'red'} onClick={() => toggle.mutate({ address: r.address, block: !r.blocked })}>
                        {r.blocked ? s.settings.unblock : s.settings.block}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {toggle.isError && <ErrorAlert error={toggle.error} />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (address.trim()) toggle.mutate({ address: address.trim(), block: true });
          }}
        >
          <Group align="end">
            <TextInput style={{ flex: 1 }} label={s.settings.blockAddress} value={address} onChange={(e) => setAddress(e.currentTarget.value)} autoComplete="off" spellCheck={false} />
            <Button type="submit" color="red" variant="light" disabled={!address.trim()}>
              {s.settings.block}
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
