import { describe, expect, it } from 'vitest';
import { isPublicHttpsUrl } from '../../src/shared/public-url.ts';

describe('a URL a deployed service may call', () => {
  it.each([
    'https://abcdefghijklmnopqrst.supabase.co/functions/v1/agent',
    'https://agent.example.com:8443/x?y=1',
    'https://172.32.0.1/agent',
    'https://11.0.0.1/agent',
  ])('%s is public https', (url) => {
    expect(isPublicHttpsUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://abcdefghijklmnopqrst.supabase.co/functions/v1/agent'],
    ['loopback', 'https://127.0.0.1:54321/functions/v1/agent'],
    ['another loopback address', 'https://127.8.9.10/x'],
    ['localhost', 'https://localhost/x'],
    ['a localhost subdomain', 'https://agent.localhost/x'],
    ['mDNS', 'https://mac.local/x'],
    ['10/8', 'https://10.0.0.5/x'],
    ['172.16/12', 'https://172.20.1.1/x'],
    ['192.168/16', 'https://192.168.0.10/x'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest'],
    ['unspecified', 'https://0.0.0.0/x'],
    ['IPv6 loopback', 'https://[::1]/x'],
    ['an IPv6 literal', 'https://[fd00::1]/x'],
    ['not a URL', 'agent'],
    ['empty', ''],
    ['another scheme', 'ftp://example.com/x'],
  ])('%s is refused', (_name, url) => {
    expect(isPublicHttpsUrl(url)).toBe(false);
  });
});
