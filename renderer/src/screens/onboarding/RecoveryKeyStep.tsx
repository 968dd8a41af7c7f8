import { Button, Code, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { s } from '../../strings.js';

/** Normalises a group as the core reads keys: case-insensitive, O→0, I/L→1. */
function normGroup(g: string): string {
  return g.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Shows a recovery key once, then asks for one of its groups (picked at
 * random) to make sure it was written down. The key lives only in this
 * component's state and is dropped when it unmounts.
 */
export function RecoveryKeyStep({ recoveryKey, onConfirmed }: { recoveryKey: string; onConfirmed: () => void }) {
  const groups = recoveryKey.split('-');
  const [phase, setPhase] = useState<'show' | 'confirm'>('show');
  const index = useMemo(() => 1 + Math.floor(Math.random() * Math.max(1, groups.length - 1)), [groups.length]);
  const [typed, setTyped] = useState('');
  const [wrong, setWrong] = useState(false);

  if (phase === 'show') {
    return (
      <Stack>
        <Title order={2}>{s.onboarding.recoveryTitle}</Title>
        <Text>{s.onboarding.recoveryBody}</Text>
        <Paper withBorder p="md">
          <Code block className="recovery-key" aria-label={s.onboarding.recoveryKey} data-testid="recovery-key">
            {recoveryKey}
          </Code>
        </Paper>
        <Group>
          <CopyButton value={recoveryKey}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? s.common.copied : s.common.copy}
              </Button>
            )}
          </CopyButton>
          <Button onClick={() => setPhase('confirm')}>{s.onboarding.recoveryWritten}</Button>
        </Group>
        <Text size="sm" c="dimmed">
          {s.onboarding.recoveryCopyHint}
        </Text>
      </Stack>
    );
  }
  const expected = groups[index - 1] ?? '';
  const submit = () => {
    if (normGroup(typed) === normGroup(expected)) onConfirmed();
    else setWrong(true);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <Title order={2}>{s.onboarding.recoveryConfirmTitle}</Title>
        <Text>{s.onboarding.recoveryConfirmBody(index)}</Text>
        <TextInput
          label={s.onboarding.recoveryConfirmLabel(index)}
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            setWrong(false);
          }}
          autoComplete="off"
          spellCheck={false}
          error={wrong ? s.onboarding.recoveryConfirmWrong : undefined}
          maxLength={8}
          data-autofocus
        />
        <Group>
          <Button variant="default" onClick={() => setPhase('show')}>
            {s.common.back}
          </Button>
          <Button type="submit">{s.onboarding.finish}</Button>
        </Group>
      </Stack>
    </form>
  );
}
