import { Alert, Checkbox, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { s } from '../../strings.js';
import { estimateStrength } from './passphrase-strength.js';

const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

export interface PassphraseFieldsValue {
  passphrase: string;
  repeat: string;
  understood: boolean;
}

/** New passphrase + repeat + strength meter + the "cannot be recovered" warning. */
export function PassphraseFields({
  value,
  onChange,
  showWarning = true,
  label = s.onboarding.passphrase,
}: {
  value: PassphraseFieldsValue;
  onChange: (v: PassphraseFieldsValue) => void;
  showWarning?: boolean;
  label?: string;
}) {
  const strength = estimateStrength(value.passphrase);
  const meterId = useId();
  const mismatch = value.repeat.length > 0 && value.repeat !== value.passphrase;
  return (
    <Stack gap="sm">
      <PasswordInput
        label={label}
        description={s.onboarding.passphraseDescription}
        value={value.passphrase}
        onChange={(e) => onChange({ ...value, passphrase: e.currentTarget.value })}
        autoComplete="new-password"
        aria-describedby={meterId}
        required
        data-autofocus
      />
      <div id={meterId}>
        <Progress
          value={value.passphrase ? strength.percent : 0}
          color={COLORS[strength.level]}
          aria-label={s.onboarding.strengthLabel}
          size="sm"
        />
        <Text size="sm" mt={4} aria-live="polite">
          {value.passphrase ? `${s.onboarding.strengthLabel}: ${s.onboarding.strength[strength.level]}` : ' '}
        </Text>
        {strength.common && (
          <Text size="sm" c="red.8">
            {s.onboarding.strengthCommon}
          </Text>
        )}
      </div>
      <PasswordInput
        label={s.onboarding.passphraseRepeat}
        value={value.repeat}
        onChange={(e) => onChange({ ...value, repeat: e.currentTarget.value })}
        autoComplete="new-password"
        error={mismatch ? s.onboarding.mismatch : undefined}
        required
      />
      {showWarning && (
        <>
          <Alert color="orange" title={s.onboarding.noRecoveryWarningTitle}>
            {s.onboarding.noRecoveryWarning}
          </Alert>
          <Checkbox
            label={s.onboarding.understand}
            checked={value.understood}
            onChange={(e) => onChange({ ...value, understood: e.currentTarget.checked })}
          />
        </>
      )}
    </Stack>
  );
}

export function passphraseReady(v: PassphraseFieldsValue, needUnderstood = true): boolean {
  return !estimateStrength(v.passphrase).tooShort && v.passphrase === v.repeat && (!needUnderstood || v.understood);
}
