import { Alert, Button, Group, Loader, Paper, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { datasetsKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatCount, formatDate } from '../../format/format.js';
import { s } from '../../strings.js';
import { DatasetChart } from './DatasetChart.js';
import { EraseDialog } from './EraseDialog.js';
import { ExportButton } from './ExportButton.js';
import { ImportPanel } from './ImportPanel.js';
import { useImport } from './use-import.js';

export default function DataScreen() {
  const api = useApi();
  const datasets = useQuery({ queryKey: datasetsKey, queryFn: () => api.call('data.datasets', {}) });
  const importer = useImport();
  const [selected, setSelected] = useState<string | null>(null);
  const [erasing, setErasing] = useState<{ kind: string; records: number } | null>(null);
  const list = datasets.data ?? [];
  // By default the biggest dataset: the one most worth a chart.
  const biggest = list.reduce<(typeof list)[number] | null>((a, d) => (d.from !== null && (!a || d.recordCount > a.recordCount) ? d : a), null);
  const current = list.find((d) => d.kind === selected) ?? biggest;

  return (
    <Stack>
      <Title order={1} size="h2">
        {s.data.title}
      </Title>
      <ImportPanel state={importer.state} onPath={(p) => void importer.start(p)} onCancel={importer.cancel} onReset={importer.reset} />
      {datasets.isPending && <Loader aria-label={s.loading} />}
      {datasets.isError && <ErrorAlert error={datasets.error} onRetry={() => void datasets.refetch()} />}
      {datasets.isSuccess && list.length === 0 && <Alert color="gray" role="note">{s.data.empty}</Alert>}
      {list.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={600}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{s.data.dataset}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {s.data.records}
                  </Table.Th>
                  <Table.Th scope="col">{s.data.from}</Table.Th>
                  <Table.Th scope="col">{s.data.to}</Table.Th>
                  <Table.Th scope="col">{s.data.actions}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.kind} aria-selected={current?.kind === d.kind}>
                    <Table.Th scope="row" fw={current?.kind === d.kind ? 700 : 400}>
                      {datasetName(d.kind)}
                    </Table.Th>
                    <Table.Td ta="right">{formatCount(d.recordCount)}</Table.Td>
                    <Table.Td>{d.from !== null ? formatDate(d.from) : '—'}</Table.Td>
                    <Table.Td>{d.to !== null ? formatDate(d.to) : '—'}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => setSelected(d.kind)} aria-label={`${s.data.show}: ${datasetName(d.kind)}`}>
                          {s.data.show}
                        </Button>
                        <ExportButton kind={d.kind} />
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setErasing({ kind: d.kind, records: d.recordCount })}
                          aria-label={`${s.data.erase}: ${datasetName(d.kind)}`}
                        >
                          {s.data.erase}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {current && current.from !== null && current.to !== null && (
        <Paper withBorder p="md">
          <DatasetChart key={current.kind} kind={current.kind} unit={current.unit} from={current.from} to={current.to} />
        </Paper>
      )}
      {erasing && <EraseDialog kind={erasing.kind} records={erasing.records} onClose={() => setErasing(null)} />}
    </Stack>
  );
}
