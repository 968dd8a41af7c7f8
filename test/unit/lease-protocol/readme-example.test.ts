/** The worked example in requester/README.md must stay a valid, verifiable link. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLeaseLink, encodeLeaseLink } from '../../../shared/lease/link.js';
import { verifyLeaseRequestSignature } from '../../../shared/lease/signature.js';

const readme = readFileSync(new URL('../../../requester/README.md', import.meta.url), 'utf8');

describe('requester/README.md worked example', () => {
  it('decodes, verifies, and matches the JSON shown next to it', async () => {
    const link = /^datawallet:\/\/lease-request\?r=[A-Za-z0-9_-]+$/m.exec(readme)?.[0];
    expect(link).toBeDefined();
    const decoded = decodeLeaseLink(link);
    expect(await verifyLeaseRequestSignature(decoded)).toBe(true);
    expect(encodeLeaseLink(decoded)).toBe(link);
    const shownJson = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const fromLink = Buffer.from(link!.split('?r=')[1]!, 'base64url').toString('utf8');
    expect(JSON.parse(shownJson!)).toEqual(JSON.parse(fromLink));
  });
});
