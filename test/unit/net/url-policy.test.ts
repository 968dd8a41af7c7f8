import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFetchUrl, isPublicIpAddress } from '../../../shared/net/url-policy.js';

const problem = (url: string, allowLocal = false) => {
  const r = checkFetchUrl(url, { allowLocal });
  return r.ok ? null : r.problem;
};

describe('fetch URL policy (task URLs; the training runner uses the same function)', () => {
  it('accepts public https URLs', () => {
    expect(problem('https://lab.example.org/tasks/sleep-v1')).toBeNull();
    expect(problem('https://93.184.215.14/tasks')).toBeNull();
    expect(problem('https://[2606:4700::6810:84e5]/tasks')).toBeNull();
  });

  it('refuses plain http, credentials and what is not a URL', () => {
    expect(problem('http://lab.example.org/tasks')).toBe('not-https');
    expect(problem('ftp://lab.example.org/tasks')).toBe('not-https');
    expect(problem('https://user:pw@lab.example.org/')).toBe('credentials');
    expect(problem('not a url')).toBe('not-a-url');
  });

  it.each([
    'https://127.0.0.1/t', 'https://localhost/t', 'https://api.localhost/t', 'https://10.1.2.3/t', 'https://172.16.0.1/t', 'https://172.31.255.255/t',
    'https://192.168.1.10/t', 'https://169.254.169.254/latest/meta-data', 'https://100.64.0.1/t', 'https://0.0.0.0/t', 'https://[::1]/t',
    'https://[fe80::1]/t', 'https://[fd00::1]/t', 'https://[::ffff:127.0.0.1]/t', 'https://[::ffff:10.0.0.1]/t', 'https://printer.local/t',
    'https://intranet/t', 'https://nas.home.arpa/t', 'https://0x7f.1/t', 'https://2130706433/t', 'https://224.0.0.1/t',
  ])('refuses %s unless the test/demo setting allows local hosts', (url) => {
    expect(problem(url)).toBe('local-address');
    expect(problem(url, true)).toBeNull();
  });

  it('allows http only to loopback and only with the setting', () => {
    expect(problem('http://127.0.0.1:8080/tasks')).toBe('not-https');
    expect(problem('http://127.0.0.1:8080/tasks', true)).toBeNull();
    expect(problem('http://[::1]:8080/tasks', true)).toBeNull();
    expect(problem('http://192.168.1.2/tasks', true)).toBe('not-https');
  });

  it('property: every address in a private, loopback or link-local IPv4 range is refused, and checkFetchUrl agrees', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), octet, octet, octet),
      fc.tuple(fc.constant(127), octet, octet, octet),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
      fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
      fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
    );
    fc.assert(
      fc.property(privateV4, (parts) => {
        const ip = parts.join('.');
        expect(isPublicIpAddress(ip)).toBe(false);
        expect(problem(`https://${ip}/t`)).toBe('local-address');
      }),
      { numRuns: 500 },
    );
  });

  it('property: never throws on arbitrary input, and only ever accepts https (or http with the setting)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), fc.boolean(), (url, allowLocal) => {
        const r = checkFetchUrl(url, { allowLocal });
        if (r.ok) expect(['https:', ...(allowLocal ? ['http:'] : [])]).toContain(r.url.protocol);
      }),
      { numRuns: 1000 },
    );
  });
});
