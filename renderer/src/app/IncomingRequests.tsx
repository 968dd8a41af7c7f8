import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider.js';
import { leasesKey, requestsKey } from './query-keys.js';

/** A deep link that reached the wallet (stored as a pending request) opens its consent prompt. */
export function IncomingRequests() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    const offs = [
      api.on('requests.received', (r) => {
        queryClient.setQueryData([...requestsKey, 'received', r.id], r);
        void queryClient.invalidateQueries({ queryKey: leasesKey });
        navigate(`/consent?id=${encodeURIComponent(r.id)}`);
      }),
      api.on('leases.changed', () => void queryClient.invalidateQueries({ queryKey: leasesKey })),
      api.on('data.changed', () => void queryClient.invalidateQueries({ queryKey: ['data'] })),
    ];
    return () => offs.forEach((off) => off());
  }, [api, navigate, queryClient]);
  return null;
}
