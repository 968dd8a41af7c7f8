import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConsentPrompt, type ConsentRequest, type ConsentPromptProps } from '../src/screens/consent/ConsentPrompt.js';
import ConsentScreen from '../src/screens/consent/ConsentScreen.js';
import { Route, Routes } from 'react-router';
import { renderWithApp, scriptedTransport, walletError } from './render.js';

const KNOWN = { address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', label: 'Sleep Lab, University of Example' };
const OTHER = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';

function request(over: Partial<ConsentRequest> = {}): ConsentRequest {
  return {
    requester: OTHER,
    requesterName: 'Weather Research Co',
    label: null,
    known: false,
    blocked: false,
    purpose: 'dpv:ResearchAndDevelopment',
    purposeLabel: 'Research and Development',
    description: 'Train a sleep-stage model on step counts and heart rate.',
    maxEpsilonMilli: 3000,
    deadline: String(Math.floor(Date.UTC(2030, 0, 1) / 1000)),
    terms: {
      datasets: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
      dataFrom: String(Date.UTC(2024, 0, 1) / 1000),
      dataTo: String(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000),
      duration: '86400',
      price: '1000000000000000',
    },
    status: 'new',
    ...over,
  };
}

function baseProps(): ConsentPromptProps {
  return {
    request: request(),
    knownRequesters: [KNOWN],
    recordsInScope: 1234,
    taskPreview: null,
    currency: 'ETH',
    busy: null,
    error: null,
    onApprove: vi.fn(),
    onDecline: vi.fn(),
    onNarrowingChange: vi.fn(),
  };
}

function renderPrompt(over: Partial<ConsentPromptProps> = {}) {
  const props: ConsentPromptProps = { ...baseProps(), ...over };
  const { transport } = scriptedTransport({});
  renderWithApp(<ConsentPrompt {...props} />, transport);
  return props;
}

/** The prompt with props that can change later (as the screen's query answers). */
function renderPromptWithRerender(over: Partial<ConsentPromptProps> = {}) {
  let setProps: (p: Partial<ConsentPromptProps>) => void = () => undefined;
  function Harness() {
    const [extra, set] = useState<Partial<ConsentPromptProps>>(over);
    setProps = set;
    return <ConsentPrompt {...baseProps()} {...extra} />;
  }
  renderWithApp(<Harness />, scriptedTransport({}).transport);
  return { rerender: (p: Partial<ConsentPromptProps>) => act(() => setProps(p)) };
}

describe('consent prompt: paid in a token', () => {
  it("shows the price in the token's units and the wallet's token warning in the verified section", () => {
    const token = '0x1111111111111111111111111111111111111111';
    renderPrompt({
      request: request({
        terms: { ...request().terms, price: '25000000' },
        warnings: [{ code: 'token-symbol-confusable', token, message: `This token's symbol looks like USDC, but Data Wallet does not know it as USDC on this network. Payment token: ${token}.` }],
      }),
      currency: 'USDC',
      decimals: 6,
    });
    expect(screen.getByTestId('price').textContent).toBe('25 USDC');
    const verified = screen.getByRole('region', { name: 'What your wallet verified' });
    const warning = within(verified).getByTestId('token-warning');
    expect(warning.textContent).toContain('Check what you are paid in');
    expect(warning.textContent).toContain('looks like USDC');
  });
});

describe('consent prompt: profile facts', () => {
  it("shows the wallet's profile-facts warning in the verified section, naming the kinds", () => {
    renderPrompt({
      request: request({
        terms: { ...request().terms, datasets: ['HKQuantityTypeIdentifierStepCount', 'profile.dateOfBirth'] },
        warnings: [{ code: 'profile-facts-requested', datasets: ['profile.dateOfBirth'], message: 'core words' }],
      }),
    });
    const verified = screen.getByRole('region', { name: 'What your wallet verified' });
    const warning = within(verified).getByTestId('profile-facts-warning');
    expect(warning.textContent).toContain('It asks for facts about you');
    expect(warning.textContent).toContain('profile.dateOfBirth');
  });

  it('shows no such warning when the core reports none', () => {
    renderPrompt();
    expect(screen.queryByTestId('profile-facts-warning')).toBeNull();
  });
});

describe('consent prompt: what the wallet verified comes first and apart', () => {
  it('shows address, badge and the plain-words terms; the verified section precedes the requester text', () => {
    renderPrompt();
    const verified = screen.getByRole('region', { name: 'What your wallet verified' });
    const said = screen.getByRole('region', { name: 'What the requester says' });
    expect(verified.compareDocumentPosition(said) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(verified).getByText(OTHER)).toBeTruthy();
    expect(within(verified).getByText('New requester')).toBeTruthy();
    // the requester's own name is only in its own section
    expect(within(verified).queryByText(/Weather Research Co/)).toBeNull();
    expect(within(said).getByTestId('requester-name').textContent).toContain('Weather Research Co');
    expect(screen.getByTestId('price').textContent).toBe('0.001 ETH');
    expect(screen.getByTestId('records-in-scope').textContent).toContain('1,234');
    expect(screen.getByText(/ε ≤ 3: moderate privacy/)).toBeTruthy();
    expect(screen.getByText('Never your raw records.')).toBeTruthy();
  });

  it('marks a known requester with the user’s own label and a blocked one without an approve button', () => {
    renderPrompt({ request: request({ requester: KNOWN.address, requesterName: KNOWN.label, label: 'My sleep lab', known: true }) });
    expect(screen.getByText('Known')).toBeTruthy();
    expect(screen.getByText('My sleep lab')).toBeTruthy();
    // its own label is not a look-alike of itself
    expect(screen.queryByTestId('confusable-warning')).toBeNull();
  });

  it('a blocked requester cannot be approved', () => {
    renderPrompt({ request: request({ blocked: true }) });
    expect(screen.getByText('Blocked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Approve/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Decline' })).toBeTruthy();
  });
});

describe('consent prompt: spoofing', () => {
  const lookalikes = [
    ['the same name from another address', 'Sleep Lab, University of Example'],
    ['a Cyrillic е and о', 'Slеep Lab, University оf Example'],
    ['capital I for l', 'SIeep Lab, University of Example'],
    ['rn for m', 'Sleep Lab, University of Exarnple'],
    ['digits for letters and different spacing', 'Sleep-Lab University 0f Examp1e'],
    ['accents', 'Sleep Läb, Universïty of Example'],
  ] as const;
  for (const [what, name] of lookalikes) {
    it(`warns when a new address uses a look-alike of a labelled requester’s name (${what})`, () => {
      renderPrompt({ request: request({ requesterName: name }) });
      const warning = screen.getByTestId('confusable-warning');
      expect(warning.textContent).toContain('Sleep Lab, University of Example');
      expect(warning.textContent).toContain('different address');
    });
  }

  it('shows the core’s own look-alike warning (for a label the GUI does not know of)', () => {
    renderPrompt({
      knownRequesters: [],
      request: request({
        requesterName: 'Weather Research Co',
        warnings: [{ code: 'name-looks-like-label', label: 'Weather Research Co.', labelledAddress: KNOWN.address, message: 'x' }],
      }),
    });
    expect(screen.getByTestId('confusable-warning').textContent).toContain('Weather Research Co.');
  });

  it('does not warn for an unrelated name', () => {
    renderPrompt({ request: request({ requesterName: 'Weather Research Co' }) });
    expect(screen.queryByTestId('confusable-warning')).toBeNull();
  });

  it('strips direction overrides and invisible characters from the name and says so', () => {
    renderPrompt({ request: request({ requesterName: 'Bank\u202Emoc.elpmaxe\u200B' }) });
    expect(screen.getByTestId('requester-name').textContent).toBe('“Bankmoc.elpmaxe”');
    expect(screen.getByText(/hidden or direction-changing characters/)).toBeTruthy();
  });

  it('a very long description stays inside its own collapsible box, below the verified facts', async () => {
    const long = `${'Approved by your wallet. Verified requester. '.repeat(200)}END`;
    renderPrompt({ request: request({ description: long, requesterName: 'x'.repeat(500) }) });
    const said = screen.getByRole('region', { name: 'What the requester says' });
    expect(within(said).getByTestId('requester-description').textContent).not.toContain('END');
    await userEvent.click(within(said).getByRole('button', { name: 'Show all' }));
    expect(within(said).getByTestId('requester-description').textContent).toContain('END');
    // the one-line name is cut, never allowed to push the terms away
    expect(screen.getByTestId('requester-name').textContent!.length).toBeLessThanOrEqual(125);
    const verified = screen.getByRole('region', { name: 'What your wallet verified' });
    expect(verified.compareDocumentPosition(said) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(verified).queryByText(/Approved by your wallet/)).toBeNull();
  });

  it('renders markup in the description as text', () => {
    renderPrompt({ request: request({ description: '<b id="x">bold</b><img src=x onerror=alert(1)>' }) });
    expect(document.getElementById('x')).toBeNull();
    expect(screen.getByTestId('requester-description').textContent).toContain('<b id="x">bold</b>');
  });
});

describe('consent prompt: narrowing', () => {
  it('approves as asked when nothing was narrowed', async () => {
    const props = renderPrompt();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(props.onApprove).toHaveBeenCalledWith(null);
  });

  it('sends only the narrowed fields, in contract units', async () => {
    const props = renderPrompt();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    const hours = screen.getByRole('textbox', { name: /Lease duration/ });
    await userEvent.clear(hours);
    await userEvent.type(hours, '12');
    fireEvent.change(screen.getByLabelText('Data from'), { target: { value: '2024-03-01' } });
    const narrowing = { datasets: ['HKQuantityTypeIdentifierStepCount'], dataFrom: String(Date.UTC(2024, 2, 1) / 1000), duration: '43200' };
    // the core is asked about the narrowing as it stands
    expect(props.onNarrowingChange).toHaveBeenLastCalledWith(narrowing);
    await userEvent.click(screen.getByRole('button', { name: 'Approve narrowed' }));
    expect(props.onApprove).toHaveBeenCalledWith(narrowing);
  });

  it('shows the records and payment the core computed for the narrowing, not its own arithmetic', async () => {
    renderPrompt({ narrowedPreview: { recordsInScope: 417, price: '500000000000000', error: null } });
    // nothing narrowed yet: the preview is not shown
    expect(screen.queryByTestId('narrowed-scope')).toBeNull();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    expect(screen.getByTestId('narrowed-scope').textContent).toBe('You would share 417 of your records (1,234 as requested).');
    expect(screen.getByTestId('narrowed-price').textContent).toContain('0.0005 ETH');
  });

  it('says the wallet is still working while the core recomputes, and warns when the payment drops to 0', async () => {
    const { rerender } = renderPromptWithRerender({ narrowedPreview: { recordsInScope: null, price: null, error: null } });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    expect(screen.getByTestId('narrowed-scope').textContent).toContain('working out');
    expect(screen.queryByTestId('narrowed-price')).toBeNull();
    rerender({ narrowedPreview: { recordsInScope: 3, price: '0', error: null } });
    expect(screen.getByTestId('narrowed-scope').textContent).toContain('share 3 of your records');
    expect(screen.getByText(/rounds down to nothing/)).toBeTruthy();
  });

  it('tells the core nothing is narrowed while the narrowing is not valid', async () => {
    const props = renderPrompt();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    expect(props.onNarrowingChange).toHaveBeenLastCalledWith({ datasets: ['HKQuantityTypeIdentifierStepCount'] });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Step count' }));
    expect(props.onNarrowingChange).toHaveBeenLastCalledWith(null);
  });

  it('refuses to widen: a longer duration, a range outside the request, or no dataset', async () => {
    const props = renderPrompt();
    const hours = screen.getByRole('textbox', { name: /Lease duration/ });
    await userEvent.clear(hours);
    await userEvent.type(hours, '48');
    expect(screen.getByRole('alert').textContent).toContain('at most 1 d');
    expect((screen.getByRole('button', { name: /Approve/ }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.clear(hours);
    await userEvent.type(hours, '24');
    fireEvent.change(screen.getByLabelText('Data until'), { target: { value: '2025-06-01' } });
    expect(screen.getByRole('alert').textContent).toContain('inside the one requested');
    fireEvent.change(screen.getByLabelText('Data until'), { target: { value: '2024-12-31' } });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Step count' }));
    expect(screen.getByRole('alert').textContent).toContain('at least one dataset');
    expect((screen.getByRole('button', { name: /Approve/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(props.onApprove).not.toHaveBeenCalled();
  });
});

describe('consent screen over the API client', () => {
  const LINK = 'datawallet://lease-request?r=abc';
  const inspected = {
    id: `0x${'ab'.repeat(32)}`,
    chainId: 31337,
    contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    nonce: '1',
    taskUrl: 'https://lab.example/task',
    receivedAt: null,
    currency: { symbol: 'ETH', decimals: 18 },
    warnings: [] as { code: 'name-looks-like-label'; label: string; labelledAddress: string; message: string }[],
    recordsInScope: 7,
    ...request(),
  };

  function renderScreen(handlers: Record<string, (input: unknown) => unknown>) {
    const t = scriptedTransport({
      'requesters.list': () => [{ ...KNOWN, blocked: false }],
      'leases.list': () => [],
      ...handlers,
    });
    renderWithApp(
      <Routes>
        <Route path="/consent" element={<ConsentScreen />} />
        <Route path="/leases" element={<p>leases page</p>} />
        <Route path="/requests" element={<p>requests page</p>} />
      </Routes>,
      t.transport,
      `/consent?link=${encodeURIComponent(LINK)}`,
    );
    return t;
  }

  it('passes the narrowing to requests.approve and moves on to the lease', async () => {
    const t = renderScreen({
      'requests.inspect': () => inspected,
      'requests.previewApproval': (input) => ({
        terms: { ...inspected.terms, datasets: (input as { narrowing: { datasets: string[] } }).narrowing.datasets },
        recordsInScope: 5,
        currency: { symbol: 'ETH', decimals: 18 },
        warnings: [],
      }),
      'requests.approve': () => ({ ...leaseView(), status: 'active' }),
    });
    await screen.findByRole('region', { name: 'What your wallet verified' });
    // the count is the core's, from requests.inspect: the screen reads no records itself
    expect(screen.getByTestId('records-in-scope').textContent).toBe('7 of your records');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Heart rate' }));
    // narrowing asks the core again
    await waitFor(() => expect(screen.getByTestId('narrowed-scope').textContent).toBe('You would share 5 of your records (7 as requested).'));
    expect(t.calls.find((c) => c.call === 'requests.previewApproval')?.input).toEqual({ ref: LINK, narrowing: { datasets: ['HKQuantityTypeIdentifierStepCount'] } });
    expect(t.calls.some((c) => c.call === 'data.aggregate' || c.call === 'data.records')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Approve narrowed' }));
    await screen.findByText('leases page');
    const approve = t.calls.find((c) => c.call === 'requests.approve');
    expect(approve?.input).toEqual({ ref: LINK, narrowing: { datasets: ['HKQuantityTypeIdentifierStepCount'] } });
  });

  it('shows what would leave the device from the wallet\'s task preview', async () => {
    const t = renderScreen({
      'requests.inspect': () => inspected,
      'training.preview': () => ({
        ok: true, taskHash: `0x${'cd'.repeat(32)}`, taskName: 'steps-v1', params: 129, updateBytes: 516,
        layers: [{ className: 'Dense', outputShape: [-1, 16], params: 112 }, { className: 'Dense', outputShape: [-1, 1], params: 17 }],
        datasets: ['HKQuantityTypeIdentifierStepCount'], from: 0, to: 1, recordCount: 7, examples: 5, epochs: 2, batchSize: 8,
        noiseMultiplier: 1.1, delta: 1e-5, epsilon: 2.5, maxEpsilon: 3, endpoint: 'https://lab.example/results',
      }),
    });
    const region = await screen.findByRole('region', { name: 'What leaves your device' });
    await waitFor(() => expect(region.textContent).toContain('516 B'));
    expect(region.textContent).toContain('Model layers: Dense, Dense.');
    expect(t.calls.find((c) => c.call === 'training.preview')?.input).toEqual({ link: LINK });
  });

  it('says the task could not be previewed when the wallet refuses it', async () => {
    renderScreen({
      'requests.inspect': () => inspected,
      'training.preview': () => ({ ok: false, taskHash: null, code: 'TASK_FETCH_FAILED', reason: null, path: null, message: 'unreachable' }),
    });
    const region = await screen.findByRole('region', { name: 'What leaves your device' });
    await waitFor(() => expect(region.textContent).toContain('could not be previewed'));
    expect(region.textContent).not.toContain('Model layers');
  });

  // As the core serialises LeaseRequestRefusedError: the reason rides in the details (`reason=…`).
  const refusals = [
    ['This lease request is not signed by the requester it names.', 'bad-signature', 'This request is forged or altered'],
    ['This lease request has expired: its deadline has passed.', 'deadline-passed', 'This request has expired'],
    ['This lease request was already used (its nonce has been granted or received with other terms).', 'nonce-used', 'This request was already used'],
    ['This lease request is for another chain than the one this wallet uses.', 'wrong-chain', 'This request is for another network'],
    ['This lease request’s task URL is not allowed.', 'task-url-not-allowed', 'This request’s task address is not allowed'],
  ] as const;
  for (const [coreMessage, reason, guiTitle] of refusals) {
    it(`explains a refused request in plain words: ${guiTitle}`, async () => {
      renderScreen({ 'requests.inspect': () => { throw walletError('LEASE_REQUEST_REFUSED', coreMessage, { details: `Some detail. reason=${reason}` }); } });
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain(guiTitle);
      expect(screen.queryByRole('button', { name: /^Approve/ })).toBeNull();
      expect(screen.getByRole('button', { name: 'Back to requests' })).toBeTruthy();
    });
  }

  it('a malformed link says so', async () => {
    renderScreen({ 'requests.inspect': () => { throw walletError('LINK_BASE64', 'The request is not valid base64url.'); } });
    expect((await screen.findByRole('alert')).textContent).toContain('not a valid lease request');
  });

  it('a failed approval shows the error and keeps the prompt', async () => {
    renderScreen({
      'requests.inspect': () => inspected,
      'requests.approve': () => { throw walletError('CHAIN_TRANSACTION_FAILED', 'The transaction was not accepted.'); },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The transaction failed');
    expect(screen.getByRole('region', { name: 'What your wallet verified' })).toBeTruthy();
  });

  function leaseView() {
    return {
      id: inspected.id, leaseId: '1', status: 'active', requester: OTHER, requesterName: 'x', label: null, purpose: 'dpv:ResearchAndDevelopment',
      purposeLabel: null, terms: inspected.terms, requested: inspected.terms, startsAt: 1, expiresAt: 2, grantTx: null, revokeTx: null,
      settleTx: null, ownerPaid: null, refunded: null, note: null, deadlinePassed: false, currency: { symbol: 'ETH', decimals: 18 },
    };
  }
});
