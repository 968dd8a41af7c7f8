import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { datasetsKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatCount } from '../../format/format.js';
import { s } from '../../strings.js';

/** Erase a dataset after typing its name: a slip of the mouse cannot delete data. */
export function EraseDialog({ kind, records, onClose }: { kind: string; records: number; onClose: (erased: boolean) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const name = datasetName(kind);
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => api.call('data.erase', { kind }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: datasetsKey });
      onClose(true);
    },
  });
  return (
    <Modal opened onClose={() => onClose(false)} title={s.data.eraseTitle(name)} closeButtonProps={{ 'aria-label': s.common.close }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim() === name) erase.mutate();
        }}
      >
        <Stack>
          <Text>{s.data.eraseBody(formatCount(records))}</Text>
          <TextInput label={s.data.eraseConfirmLabel(name)} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" data-autofocus />
          {erase.isError && <ErrorAlert error={erase.error} onRetry={() => erase.mutate()} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {s.common.cancel}
            </Button>
            <Button type="submit" color="red" disabled={typed.trim() !== name} loading={erase.isPending}>
              {s.data.eraseConfirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
