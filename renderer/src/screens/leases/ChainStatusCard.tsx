/**
 * The chain status card on the Leases screen: network, contract, account,
 * gas balance, and the earnings the account can withdraw from the lease
 * contract, one line per payment token, with a Withdraw button that pays
 * them all out to the wallet account (chain.withdraw).
 */
import { Alert, Button, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider.js';
import { chainKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatWei, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';

const NATIVE = '0x0000000000000000000000000000000000000000';

export function ChainStatusCard() {
  const api = useApi();
  const queryClient = useQueryClient();
  const chain = useQuery({ queryKey: [...chainKey, 'status'], queryFn: () => api.call('chain.status', {}), refetchInterval: 15_000 });
  const withdraw = useMutation({
    mutationFn: () => api.call('chain.withdraw', {}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: chainKey });
    },
  });
  const earnings = chain.data?.earningsByToken ?? [];
  const anything = earnings.some((e) => BigInt(e.amount) > 0n);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="chain-title">
      <Title order={2} size="h4" id="chain-title" mb="xs">
        {s.leases.chainTitle}
      </Title>
      {chain.isPending && <Loader size="sm" aria-label={s.loading} />}
      {chain.isError && <ErrorAlert error={chain.error} title={s.leases.chainOffline} onRetry={() => void chain.refetch()} />}
      {chain.isSuccess && (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Text size="sm">
              {s.leases.network}: {chain.data.network === 'embedded' ? s.settings.embedded : s.settings.rpc} ({chain.data.chainId})
            </Text>
            <Text size="sm">
              {s.leases.contract}: <Code>{shortHex(chain.data.contract)}</Code>
            </Text>
            <Text size="sm">
              {s.leases.account}: <Code>{shortHex(chain.data.account)}</Code>
            </Text>
            <Text size="sm" data-testid="account-balance">
              {s.leases.balance}: {formatWei(chain.data.accountBalance, chain.data.currency.symbol, chain.data.currency.decimals)}
            </Text>
          </SimpleGrid>
          <Text size="sm" fw={500}>
            {s.leases.earnings}
          </Text>
          <Stack gap={2} data-testid="earnings" aria-label={s.leases.earnings}>
            {earnings.map((e) => (
              <Text size="sm" key={e.token} data-testid={`earnings-${e.token === NATIVE ? 'native' : e.token}`}>
                {formatWei(e.amount, e.symbol, e.decimals)}
                {e.token !== NATIVE && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {e.testToken ? s.leases.testToken : s.leases.tokenAt(shortHex(e.token))}
                  </Text>
                )}
              </Text>
            ))}
          </Stack>
          <Group>
            <Button size="xs" onClick={() => withdraw.mutate()} loading={withdraw.isPending} disabled={!anything || withdraw.isPending}>
              {s.leases.withdraw}
            </Button>
            {!anything && (
              <Text size="xs" c="dimmed">
                {s.leases.nothingToWithdraw}
              </Text>
            )}
          </Group>
          {withdraw.isSuccess && (
            <Alert color="wallet" role="status">
              {withdraw.data.withdrawn.length === 0
                ? s.leases.nothingToWithdraw
                : s.leases.withdrawnAmounts(withdraw.data.withdrawn.map((w) => formatWei(w.amount, w.symbol, w.decimals)).join(', '))}
            </Alert>
          )}
          {withdraw.isError && <ErrorAlert error={withdraw.error} />}
        </Stack>
      )}
    </Paper>
  );
}
