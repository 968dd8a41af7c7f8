import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../api/ApiProvider.js';
import { settingsKey } from './query-keys.js';

/** The wallet settings (pause state included), refreshed when this or another window changes them. */
export function useSettings(enabled = true) {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKey });
    const offs = [api.on('leases.paused', refresh), api.on('settings.changed', refresh)];
    return () => offs.forEach((off) => off());
  }, [api, queryClient]);
  return useQuery({ queryKey: settingsKey, queryFn: () => api.call('settings.get', {}), enabled });
}
