import { Alert, Button, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../api/ApiProvider.js';
import { leasesKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatDateTime, formatWei, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';
import { cleanOneLine } from './display-text.js';

/** Pending requests (from deep links) and a box to review a pasted lease link. */
export default function RequestsScreen() {
  const api = useApi();
  const navigate = useNavigate();
  const [link, setLink] = useState('');
  const leases = useQuery({ queryKey: leasesKey, queryFn: () => api.call('leases.list', {}) });
  const pending = (leases.data ?? []).filter((l) => l.status === 'pending');
  return (
    <Stack>
      <Title order={1} size="h2">
        {s.consent.requestsTitle}
      </Title>
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const v = link.trim();
            if (v) navigate(`/consent?link=${encodeURIComponent(v)}`);
          }}
        >
          <Group align="end">
            <TextInput
              style={{ flex: 1 }}
              label={s.consent.pasteLabel}
              description={s.consent.pasteDescription}
              value={link}
              onChange={(e) => setLink(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <Button type="submit" disabled={!link.trim()}>
              {s.consent.review}
            </Button>
          </Group>
        </form>
      </Paper>
      {leases.isPending && <Loader aria-label={s.loading} />}
      {leases.isError && <ErrorAlert error={leases.error} onRetry={() => void leases.refetch()} />}
      {leases.isSuccess && pending.length === 0 && <Alert color="gray" role="note">{s.consent.requestsEmpty}</Alert>}
      {pending.length > 0 && (
        <Paper withBorder>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{s.leases.requester}</Table.Th>
                <Table.Th scope="col">{s.consent.datasets}</Table.Th>
                <Table.Th scope="col">{s.consent.price}</Table.Th>
                <Table.Th scope="col">{s.consent.validUntil}</Table.Th>
                <Table.Th scope="col">{s.data.actions}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm">{p.label ?? cleanOneLine(p.requesterName, 60).text}</Text>
                    <Text size="xs" c="dimmed">
                      {shortHex(p.requester)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.requested.datasets.map(datasetName).join(', ')}</Table.Td>
                  <Table.Td>{p.requested.price ? formatWei(p.requested.price, p.currency.symbol, p.currency.decimals) : '—'}</Table.Td>
                  <Table.Td>{p.deadlinePassed ? s.consent.status.expired : p.expiresAt ? formatDateTime(p.expiresAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" onClick={() => navigate(`/consent?id=${encodeURIComponent(p.id)}`)} disabled={p.deadlinePassed}>
                      {s.consent.review}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
