import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Divider,
  Group,
  List,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatBytes, formatCount, formatDate, formatDuration, formatWei } from '../../format/format.js';
import { s } from '../../strings.js';
import { confusableWith, type KnownName } from './confusable.js';
import { cleanOneLine, cleanParagraphs } from './display-text.js';

/** What the prompt needs about a verified request (the wallet's facts and the requester's words). */
export interface ConsentRequest {
  requester: string;
  requesterName: string;
  label: string | null;
  known: boolean;
  blocked: boolean;
  purpose: string;
  purposeLabel: string | null;
  description: string;
  maxEpsilonMilli: number;
  /** Unix seconds (decimal string). */
  deadline: string;
  terms: { datasets: string[]; dataFrom: string; dataTo: string; duration: string; price: string };
  status: string;
  /** What the wallet's core found (e.g. a name that looks like a labelled requester's). */
  warnings?: (
    | { code: 'name-looks-like-label'; label: string; labelledAddress: string; message: string }
    | { code: 'profile-facts-requested'; datasets: string[]; message: string }
    | { code: 'token-not-erc20' | 'token-symbol-confusable' | 'token-symbol-unreadable' | 'token-test-only'; token: string; message: string }
  )[];
}

export interface TaskPreview {
  /** Size of the model update that would be sent, in bytes. */
  updateBytes: number;
  layers: string[];
}

/** Narrowing in contract units (decimal strings), only the fields that changed. */
export interface Narrowing {
  datasets?: string[];
  dataFrom?: string;
  dataTo?: string;
  duration?: string;
}

/** What the wallet's core computed for the current narrowing (requests.previewApproval). */
export interface NarrowedPreview {
  /** Records the narrowed scope covers; null while the core is asked. */
  recordsInScope: number | null;
  /** Payment for the narrowed duration (smallest unit, decimal string); null while the core is asked. */
  price: string | null;
  error: unknown;
}

export interface ConsentPromptProps {
  request: ConsentRequest;
  /** The user's labelled requesters, to catch look-alike names. */
  knownRequesters: readonly KnownName[];
  /** Records the requested scope covers, as the wallet's core counted them. */
  recordsInScope: number | null;
  /** The core's figures for the narrowing the user chose (null when nothing is narrowed). */
  narrowedPreview?: NarrowedPreview | null;
  /** Called with a valid narrowing whenever it changes (null: as requested, or not valid), so the core can recompute. */
  onNarrowingChange?: (narrowing: Narrowing | null) => void;
  taskPreview: TaskPreview | null;
  currency: string;
  /** Decimals of the currency (18 for ether). */
  decimals?: number;
  busy: 'approve' | 'decline' | null;
  error: unknown;
  onApprove: (narrowing: Narrowing | null) => void;
  onDecline: () => void;
}

/** Characters of the requester's description shown before "Show all". */
const DESCRIPTION_PREVIEW = 480;

const dayOf = (unixSeconds: string): string => new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 10);
const secondsOf = (day: string, endOfDay: boolean): string =>
  String(Math.floor(Date.parse(`${day}T${endOfDay ? '23:59:59' : '00:00:00'}Z`) / 1000));

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="34%" fw={500}>
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{children}</Table.Td>
    </Table.Tr>
  );
}

/**
 * The consent prompt. Order matters: first what the wallet verified (set
 * apart, solid border), then what the requester wrote (dashed border, plain
 * text, cleaned), then the terms in plain words, then narrowing and the
 * decision. Nothing the requester wrote can style itself or move above the
 * wallet's facts.
 */
export function ConsentPrompt(props: ConsentPromptProps) {
  const { request: r, knownRequesters, recordsInScope, taskPreview, currency, busy, error, narrowedPreview, onNarrowingChange } = props;
  const decimals = props.decimals ?? 18;
  const name = cleanOneLine(r.requesterName);
  const description = cleanParagraphs(r.description);
  // The core's warnings first; the GUI's own look-alike check adds any it did not report.
  const lookalikes = useMemo(() => {
    const fromCore = (r.warnings ?? []).flatMap((w) => ('labelledAddress' in w ? [{ address: w.labelledAddress, label: w.label }] : []));
    const own = confusableWith(r.requesterName, r.requester, knownRequesters);
    return [...fromCore, ...own.filter((k) => !fromCore.some((c) => c.address.toLowerCase() === k.address.toLowerCase()))];
  }, [r.warnings, r.requesterName, r.requester, knownRequesters]);
  const eps = (r.maxEpsilonMilli / 1000).toString();
  const requestedHours = Number(r.terms.duration) / 3600;

  const longDescription = description.text.length > DESCRIPTION_PREVIEW;
  const [expanded, setExpanded] = useState(false);
  const [datasets, setDatasets] = useState<string[]>(r.terms.datasets);
  const [from, setFrom] = useState(dayOf(r.terms.dataFrom));
  const [to, setTo] = useState(dayOf(r.terms.dataTo));
  const [hours, setHours] = useState<number>(requestedHours);

  const narrowing: Narrowing = {};
  if (datasets.length !== r.terms.datasets.length) narrowing.datasets = datasets;
  if (from !== dayOf(r.terms.dataFrom)) narrowing.dataFrom = secondsOf(from, false);
  if (to !== dayOf(r.terms.dataTo)) narrowing.dataTo = secondsOf(to, true);
  if (hours !== requestedHours) narrowing.duration = String(Math.round(hours * 3600));
  const narrowed = Object.keys(narrowing).length > 0;

  const problems: string[] = [];
  if (datasets.length === 0) problems.push(s.consent.narrowNoDatasets);
  if (!from || !to || from > to) problems.push(s.consent.narrowBadRange);
  if (from < dayOf(r.terms.dataFrom) || to > dayOf(r.terms.dataTo)) problems.push(s.consent.narrowOutside);
  if (!(hours > 0) || hours > requestedHours) problems.push(s.consent.narrowDurationOutside(formatDuration(Number(r.terms.duration))));
  const decidable = r.status === 'new' || r.status === 'pending';
  // The core recomputes what a valid narrowing covers and pays; the prompt only says what changed.
  const narrowingKey = narrowed && problems.length === 0 ? JSON.stringify(narrowing) : null;
  useEffect(() => {
    onNarrowingChange?.(narrowingKey === null ? null : (JSON.parse(narrowingKey) as Narrowing));
  }, [narrowingKey, onNarrowingChange]);
  const shownPreview = narrowingKey !== null ? (narrowedPreview ?? null) : null;
  const priceDropsToZero = shownPreview?.price === '0' && r.terms.price !== '' && r.terms.price !== '0';

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {s.consent.title}
      </Title>

      <Paper withBorder p="md" className="set-apart" component="section" aria-labelledby="verified-title">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4" id="verified-title">
              {s.consent.verifiedTitle}
            </Title>
            {r.blocked ? (
              <Badge color="red.9" size="lg">{s.consent.badgeBlocked}</Badge>
            ) : r.known ? (
              <Badge color="wallet" size="lg">{s.consent.badgeKnown}</Badge>
            ) : (
              <Badge color="yellow" c="dark" size="lg">{s.consent.badgeNew}</Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {s.consent.verifiedNote}
          </Text>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Fact label={s.consent.address} testId="requester-address">
                <Code>{r.requester}</Code>
              </Fact>
              <Fact label={s.consent.yourLabel}>{r.label ?? <Text span size="sm" c="dimmed">{s.consent.noLabel}</Text>}</Fact>
              <Fact label={s.consent.signature}>{s.consent.signatureOk}</Fact>
            </Table.Tbody>
          </Table>
          {lookalikes.map((k) => (
            <Alert key={k.address} color="red" title={s.consent.confusableTitle} role="alert" data-testid="confusable-warning">
              {s.consent.confusable(k.label)}
            </Alert>
          ))}
          {name.altered && (
            <Alert color="orange" role="alert">
              {s.consent.hiddenCharacters}
            </Alert>
          )}
          {(r.warnings ?? []).flatMap((w) =>
            w.code === 'profile-facts-requested' ? [
              <Alert key={w.code} color="orange" title={s.consent.profileFactsTitle} role="alert" data-testid="profile-facts-warning">
                {s.consent.profileFacts(w.datasets.join(', '))}
              </Alert>,
            ] : 'token' in w ? [
              <Alert key={w.code} color={w.code === 'token-test-only' ? 'yellow' : 'red'} title={s.consent.tokenWarningTitle} role="alert" data-testid="token-warning">
                {w.message}
              </Alert>,
            ] : [],
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md" className="requester-text" component="section" aria-labelledby="requester-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="requester-title">
            {s.consent.requesterTitle}
          </Title>
          <Text size="sm" c="dimmed">
            {s.consent.requesterNote}
          </Text>
          <Text>
            <Text span fw={500}>
              {s.consent.name}:{' '}
            </Text>
            <Text span data-testid="requester-name">
              “{name.text}”
            </Text>
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="requester-description" id="requester-description">
            {longDescription && !expanded ? `${description.text.slice(0, DESCRIPTION_PREVIEW)}…` : description.text}
          </Text>
          {longDescription && (
            <Button
              variant="subtle"
              size="xs"
              style={{ alignSelf: 'flex-start' }}
              aria-expanded={expanded}
              aria-controls="requester-description"
              onClick={() => setExpanded((v) => !v)}
            >
              {expanded ? s.consent.showLess : s.consent.showMore}
            </Button>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="terms-title">
        <Title order={2} size="h4" id="terms-title" mb="xs">
          {s.consent.termsTitle}
        </Title>
        <Table variant="vertical" withTableBorder={false}>
          <Table.Tbody>
            <Fact label={s.consent.purpose}>{r.purposeLabel ?? s.consent.purposeUnknown(r.purpose)}</Fact>
            <Fact label={s.consent.datasets}>{r.terms.datasets.map(datasetName).join(', ')}</Fact>
            <Fact label={s.consent.range}>
              {formatDate(Number(r.terms.dataFrom) * 1000)} – {formatDate(Number(r.terms.dataTo) * 1000)}
            </Fact>
            <Fact label={s.consent.recordsInScope} testId="records-in-scope">
              {recordsInScope === null ? s.common.unknown : s.consent.recordsInScopeValue(formatCount(recordsInScope))}
            </Fact>
            <Fact label={s.consent.duration}>{formatDuration(Number(r.terms.duration))}</Fact>
            <Fact label={s.consent.price} testId="price">
              {r.terms.price ? formatWei(r.terms.price, currency, decimals) : s.common.unknown}
            </Fact>
            <Fact label={s.consent.epsilon}>{s.consent.epsilonPlain(eps)}</Fact>
            <Fact label={s.consent.validUntil}>{formatDate(Number(r.deadline) * 1000)}</Fact>
          </Table.Tbody>
        </Table>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="leaves-title">
        <Title order={2} size="h4" id="leaves-title" mb="xs">
          {s.consent.leavesTitle}
        </Title>
        <List spacing={4}>
          {taskPreview ? (
            <>
              <List.Item>{s.consent.leavesUpdate(formatBytes(taskPreview.updateBytes))}</List.Item>
              <List.Item>{s.consent.leavesLayers(taskPreview.layers.join(', '))}</List.Item>
            </>
          ) : (
            <List.Item>{s.consent.leavesUnknown}</List.Item>
          )}
          <List.Item fw={600}>{s.consent.leavesNever}</List.Item>
        </List>
      </Paper>

      {decidable && !r.blocked && (
        <Paper withBorder p="md" component="section" aria-labelledby="narrow-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="narrow-title">
              {s.consent.narrowTitle}
            </Title>
            <Checkbox.Group label={s.consent.narrowDatasets} value={datasets} onChange={setDatasets}>
              <Stack gap={4} mt={4}>
                {r.terms.datasets.map((d) => (
                  <Checkbox key={d} value={d} label={datasetName(d)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group grow>
              <TextInput type="date" label={s.consent.narrowFrom} value={from} min={dayOf(r.terms.dataFrom)} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
              <TextInput type="date" label={s.consent.narrowTo} value={to} min={from} max={dayOf(r.terms.dataTo)} onChange={(e) => setTo(e.currentTarget.value)} />
            </Group>
            <NumberInput
              label={s.consent.narrowDuration}
              description={s.consent.narrowPriceNote}
              value={hours}
              min={0.01}
              max={requestedHours}
              decimalScale={2}
              onChange={(v) => setHours(typeof v === 'number' ? v : Number(v))}
            />
            {shownPreview && (
              <Stack gap={2} aria-live="polite" aria-busy={shownPreview.recordsInScope === null}>
                {shownPreview.error ? (
                  <ErrorAlert error={shownPreview.error} />
                ) : (
                  <>
                    <Text size="sm" data-testid="narrowed-scope">
                      {shownPreview.recordsInScope === null
                        ? s.consent.narrowedChecking
                        : s.consent.narrowedRecords(formatCount(shownPreview.recordsInScope), recordsInScope === null ? null : formatCount(recordsInScope))}
                    </Text>
                    {shownPreview.price !== null && r.terms.price !== '' && (
                      <Text size="sm" data-testid="narrowed-price">
                        {s.consent.narrowedPrice(formatWei(shownPreview.price, currency, decimals))}
                      </Text>
                    )}
                    {priceDropsToZero && (
                      <Alert color="orange" role="note" p="xs">
                        {s.consent.narrowedZeroPrice}
                      </Alert>
                    )}
                  </>
                )}
              </Stack>
            )}
            {problems.length > 0 && (
              <Alert color="orange" role="alert">
                {problems.join(' ')}
              </Alert>
            )}
          </Stack>
        </Paper>
      )}

      {Boolean(error) && <ErrorAlert error={error} />}

      {decidable && (
        <>
          <Divider />
          <Group justify="flex-end">
            <Button variant="default" color="red" onClick={props.onDecline} loading={busy === 'decline'} disabled={busy !== null}>
              {s.consent.decline}
            </Button>
            {!r.blocked && (
              <Button
                onClick={() => props.onApprove(narrowed ? narrowing : null)}
                loading={busy === 'approve'}
                disabled={busy !== null || problems.length > 0}
              >
                {narrowed ? s.consent.approveNarrowed : s.consent.approve}
              </Button>
            )}
          </Group>
          {busy === 'approve' && (
            <Text size="sm" aria-live="polite" ta="right">
              {s.consent.approving}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
