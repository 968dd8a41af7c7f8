import { Alert, Button, Group, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { describeError, type ErrorAction } from '../errors/describe-error.js';
import { s } from '../strings.js';

export interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
  /** Extra handlers for actions a screen offers itself. */
  onAction?: Partial<Record<ErrorAction, () => void>>;
  title?: string;
}

/** An error in the GUI's own words, with the buttons that help. */
export function ErrorAlert({ error, onRetry, onAction, title }: ErrorAlertProps) {
  const navigate = useNavigate();
  const d = describeError(error);
  const handlers: Partial<Record<ErrorAction, () => void>> = {
    retry: onRetry,
    unlock: () => navigate('/'),
    settings: () => navigate('/settings'),
    requests: () => navigate('/requests'),
    leases: () => navigate('/leases'),
    ...onAction,
  };
  const buttons = d.actions.filter((a) => handlers[a]);
  return (
    <Alert color="red" title={title ?? d.title} role="alert" data-error-code={d.code ?? undefined}>
      <Text size="sm">{d.body}</Text>
      {d.technical && d.technical !== d.body && (
        <details>
          <summary>
            <Text span size="xs" c="dimmed">
              {s.common.details}
            </Text>
          </summary>
          <Text size="xs" c="dimmed">
            {d.code ? `${d.code}: ` : ''}
            {d.technical}
          </Text>
        </details>
      )}
      {buttons.length > 0 && (
        <Group mt="sm" gap="xs">
          {buttons.map((a) => (
            <Button key={a} size="xs" variant="light" color="red" onClick={handlers[a]}>
              {s.errors.actions[a]}
            </Button>
          ))}
        </Group>
      )}
    </Alert>
  );
}
