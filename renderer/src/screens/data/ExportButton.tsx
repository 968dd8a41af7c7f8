import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { looksLikeAbsolutePath } from '../../api/send-file.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatCount } from '../../format/format.js';
import { s } from '../../strings.js';

/** Export one dataset as CSV or JSON to a file the user names (a native save dialog in Electron). */
export function ExportButton({ kind }: { kind: string }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [path, setPath] = useState('');
  const exp = useMutation({ mutationFn: () => api.call('data.export', { kind, format, path: path.trim() }) });
  const name = datasetName(kind);
  const openDialog = async () => {
    exp.reset();
    const chooser = window.walletFiles?.chooseSavePath;
    if (chooser) {
      const chosen = await chooser(`${name}.${format}`);
      if (!chosen) return;
      setPath(chosen);
    }
    setOpen(true);
  };
  return (
    <>
      <Button size="xs" variant="subtle" onClick={() => void openDialog()} aria-label={`${s.data.export}: ${name}`}>
        {s.data.export}
      </Button>
      {open && (
        <Modal opened onClose={() => setOpen(false)} title={s.data.exportTitle(name)} closeButtonProps={{ 'aria-label': s.common.close }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (looksLikeAbsolutePath(path.trim())) exp.mutate();
            }}
          >
            <Stack>
              <SegmentedControl
                aria-label={s.data.exportFormat}
                value={format}
                onChange={(v) => setFormat(v as 'csv' | 'json')}
                data={[
                  { value: 'csv', label: 'CSV' },
                  { value: 'json', label: 'JSON' },
                ]}
              />
              <TextInput label={s.data.exportPath} value={path} onChange={(e) => setPath(e.currentTarget.value)} autoComplete="off" spellCheck={false} data-autofocus />
              <Text size="sm" c="orange.9">
                {s.data.exportWarning}
              </Text>
              {exp.isSuccess && (
                <Alert color="wallet" role="status">
                  {s.data.exportSaved(formatCount(exp.data.records), exp.data.path)}
                </Alert>
              )}
              {exp.isError && <ErrorAlert error={exp.error} onRetry={() => exp.mutate()} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setOpen(false)}>
                  {s.common.close}
                </Button>
                <Button type="submit" loading={exp.isPending} disabled={!looksLikeAbsolutePath(path.trim())}>
                  {s.data.export}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      )}
    </>
  );
}
