import { Alert, Button, FileButton, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { looksLikeAbsolutePath, pathOfFile } from '../../api/send-file.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../format/format.js';
import { s } from '../../strings.js';
import type { ImportState } from './use-import.js';

const ACCEPT = '.zip,.xml,.json,.ndjson,.jsonl,.csv,.tsv,.txt';

/** File picker + drop zone, then progress with records/s and cancel, then the outcome. */
export function ImportPanel({
  state,
  onPath,
  onCancel,
  onReset,
}: {
  state: ImportState;
  onPath: (path: string) => void;
  onCancel: () => void;
  onReset: () => void;
}) {
  const [over, setOver] = useState(false);
  const [path, setPath] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const running = state.phase === 'running';
  const onFile = (f: File) => {
    const p = pathOfFile(f);
    if (p) {
      setPicked(null);
      onPath(p);
    } else {
      // A browser page cannot see where a file lives: ask for its full path.
      setPicked(f.name);
      setPath('');
    }
  };
  const pathOk = looksLikeAbsolutePath(path.trim());
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {s.data.importTitle}
        </Title>
        {!running && (
          <div
            data-testid="drop-zone"
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(false);
              const f = e.dataTransfer.files[0];
              if (f) onFile(f);
            }}
            style={{
              border: `2px dashed var(--mantine-color-${over ? 'teal-6' : 'gray-5'})`,
              borderRadius: 8,
              padding: 24,
              textAlign: 'center',
            }}
          >
            <Stack gap="xs" align="center">
              <Text>{s.data.importDrop}</Text>
              <FileButton onChange={(f) => f && onFile(f)} accept={ACCEPT}>
                {(props) => <Button {...props}>{s.data.importChoose}</Button>}
              </FileButton>
              <Text size="sm" c="dimmed">
                {s.data.importFormats}
              </Text>
            </Stack>
          </div>
        )}
        {!running && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (pathOk) {
                onPath(path.trim());
                setPicked(null);
              }
            }}
          >
            <Group align="end">
              <TextInput
                style={{ flex: 1 }}
                label={picked ? s.data.importWhere(picked) : s.data.importPath}
                description={s.data.importPathDescription}
                value={path}
                onChange={(e) => setPath(e.currentTarget.value)}
                error={path.trim() && !pathOk ? s.data.importPathInvalid : undefined}
                autoComplete="off"
                spellCheck={false}
              />
              <Button type="submit" disabled={!pathOk}>
                {s.data.importStart}
              </Button>
            </Group>
          </form>
        )}
        {state.phase === 'running' && (
          <Stack gap="xs" aria-live="polite">
            <Text fw={500}>{s.data.importing(state.fileName)}</Text>
            <Progress
              value={state.totalBytes ? Math.min(100, (state.bytesRead / state.totalBytes) * 100) : 100}
              animated={!state.totalBytes}
              striped
              aria-label={s.data.importing(state.fileName)}
              size="lg"
            />
            <Text size="sm" data-testid="import-rate">
              {s.data.importProgress(formatCount(state.records), formatCount(Math.round(state.recordsPerSecond)))}
            </Text>
            <Group>
              <Button variant="default" color="red" onClick={onCancel} loading={state.cancelling}>
                {s.data.importCancel}
              </Button>
            </Group>
          </Stack>
        )}
        {state.phase === 'done' && (
          <Alert color="wallet" role="status" withCloseButton closeButtonLabel={s.common.close} onClose={onReset}>
            {s.data.importDone(formatCount(state.summary.added))} {s.data.importDetected(state.summary.format)}.{' '}
            {state.summary.skipped > 0 && s.data.importDuplicates(formatCount(state.summary.skipped))}
            {(state.summary.duplicates ?? 0) > 0 && s.data.importRepeated(formatCount(state.summary.duplicates ?? 0))}
            {state.summary.files && state.summary.files.length > 0 && (
              <Text size="sm" mt={4}>
                {s.data.importFiles(state.summary.files.map((f) => `${f.name} (${formatCount(f.records)})`).join(', '))}
              </Text>
            )}
            {state.summary.repaired && Object.keys(state.summary.repaired).length > 0 && (
              <Text size="sm" mt={4}>
                {s.data.importRepaired(Object.entries(state.summary.repaired).map(([what, n]) => `${what} (${formatCount(n)})`).join(', '))}
              </Text>
            )}
            {state.summary.notImported && Object.keys(state.summary.notImported).length > 0 && (
              <Text size="sm" mt={4}>
                {s.data.importSkippedParts(Object.entries(state.summary.notImported).map(([what, n]) => `${what} (${formatCount(n)})`).join(', '))}
              </Text>
            )}
          </Alert>
        )}
        {state.phase === 'cancelled' && (
          <Alert color="yellow" role="status" withCloseButton closeButtonLabel={s.common.close} onClose={onReset}>
            {s.data.importCancelled}
          </Alert>
        )}
        {state.phase === 'error' && <ErrorAlert error={state.error} />}
      </Stack>
    </Paper>
  );
}
