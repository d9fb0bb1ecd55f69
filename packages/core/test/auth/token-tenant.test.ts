import { type SupabaseClaims, tokenTenant } from '@max/core/auth';
import { describe, expect, it } from 'vitest';

const base: SupabaseClaims = {
  sub: '7f1a2b3c-0000-4000-8000-000000000001',
  role: 'authenticated',
  exp: 2_000_000_000,
};

describe('the tenant a token names (the access token hook’s claims)', () => {
  it('reads tenant_id and tenant_role', () => {
    expect(tokenTenant({ ...base, tenant_id: 'acme', tenant_role: 'viewer' })).toEqual({
      tenantId: 'acme',
      role: 'viewer',
    });
  });

  it('a token of no tenant, or with claims the hook never writes, names none', () => {
    for (const extra of [
      {},
      { tenant_id: 'acme' },
      { tenant_id: 'acme', tenant_role: 'superadmin' },
      { tenant_id: 'ACME; drop', tenant_role: 'owner' },
      { tenant_id: ['acme'], tenant_role: 'owner' },
      { app_metadata: { tenant_id: 'acme', tenant_role: 'owner' } },
    ])
      expect(tokenTenant({ ...base, ...extra })).toBeNull();
  });
});
