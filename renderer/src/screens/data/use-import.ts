/**
 * One import at a time, driven from the GUI: start with a path (from a picked
 * or dropped file in Electron, typed in browser mode), follow the wallet's
 * progress events (records, bytes) and compute records/s, cancel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider.js';
import { ApiError } from '../../api/api-error.js';
import { importFromPath } from '../../api/send-file.js';

export interface ImportSummaryView {
  fileName: string;
  format: string;
  added: number;
  skipped: number;
  duplicates?: number;
  files?: { name: string; records: number; duplicates: number }[];
  seconds: number;
  repaired?: Record<string, number>;
  notImported?: Record<string, number>;
}

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'running'; fileName: string; records: number; bytesRead: number; totalBytes: number | null; recordsPerSecond: number; cancelling: boolean }
  | { phase: 'done'; summary: ImportSummaryView }
  | { phase: 'cancelled'; fileName: string }
  | { phase: 'error'; fileName: string; error: unknown };

const baseName = (p: string): string => p.split(/[\\/]/).pop() || p;

export function useImport() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const started = useRef(0);

  useEffect(
    () =>
      api.on('data.importProgress', (p) => {
        setState((cur) => {
          if (cur.phase !== 'running') return cur;
          const elapsed = Math.max(0.001, (performance.now() - started.current) / 1000);
          return { ...cur, records: p.records, bytesRead: p.bytesRead, totalBytes: p.totalBytes ?? cur.totalBytes, recordsPerSecond: p.records / elapsed };
        });
      }),
    [api],
  );

  const start = useCallback(
    async (path: string) => {
      const fileName = baseName(path);
      started.current = performance.now();
      setState({ phase: 'running', fileName, records: 0, bytesRead: 0, totalBytes: null, recordsPerSecond: 0, cancelling: false });
      try {
        const summary = await importFromPath(api, path);
        setState({ phase: 'done', summary });
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'CANCELLED' || e.code === 'IMPORT_CANCELLED' || e.code === 'ABORT_ERR')) {
          setState({ phase: 'cancelled', fileName });
        } else {
          setState({ phase: 'error', fileName, error: e });
        }
      } finally {
        void queryClient.invalidateQueries({ queryKey: ['data'] });
      }
    },
    [api, queryClient],
  );

  const cancel = useCallback(() => {
    setState((cur) => (cur.phase === 'running' ? { ...cur, cancelling: true } : cur));
    void api.call('data.cancelImport', {}).catch(() => undefined);
  }, [api]);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, cancel, reset };
}
