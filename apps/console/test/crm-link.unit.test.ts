import { describe, expect, it } from 'vitest';
import { crmRecordLink } from '../src/crm-link.ts';

describe('links to CRM records', () => {
  it('point at the record in the tenant EspoCRM, whatever the base looks like', () => {
    expect(crmRecordLink('https://crm.acme.example', 'Lead', '6750a1b2c3d4e5f60')).toBe(
      'https://crm.acme.example/#Lead/view/6750a1b2c3d4e5f60',
    );
    expect(crmRecordLink('https://acme.example/espo/?x=1#old', 'Account', 'abcdef0123456789')).toBe(
      'https://acme.example/espo/#Account/view/abcdef0123456789',
    );
  });

  it('are never built on a javascript:, data: or credentialed base, nor from a malformed one', () => {
    for (const base of [
      'javascript:alert(1)//',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'https://user:pass@crm.example',
      '//crm.example',
      'crm.example',
      '',
      null,
    ])
      expect([base, crmRecordLink(base, 'Lead', '6750a1b2c3d4e5f60')]).toEqual([base, null]);
  });

  it('take no entity or id that could inject into the address', () => {
    for (const [entity, id] of [
      ['Lead/../../x', '6750a1b2c3d4e5f60'],
      ['lead', '6750a1b2c3d4e5f60'],
      ['Lead', '6750a1b2"><img src=x onerror=alert(1)>'],
      ['Lead', '../admin'],
      ['Lead?x=1', '6750a1b2c3d4e5f60'],
    ])
      expect(crmRecordLink('https://crm.example', entity!, id!)).toBeNull();
  });
});
