import type { GoTrueClient } from '@supabase/supabase-js';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { T } from './i18n.ts';
import { roleKey } from './team.tsx';
export interface MyTenant {
  id: string;
  name: string;
  role: string;
  current: boolean;
}

/**
 * For a person of several businesses: the database records the choice (choose_tenant), then
 * supabase-js refreshes the session and the new token carries that tenant (the access token hook);
 * the page re-renders for it. Nothing here widens what the person may see: every call is checked
 * against the token's tenant and tenant_members.
 */
export function TenantSwitch(p: {
  api: Api;
  auth: GoTrueClient;
  t: T;
  current: string;
  tenants: MyTenant[];
}) {
  const { t } = p;
  const [failed, setFailed] = useState(false);
  if (p.tenants.length < 2) return null;
  const choose = async (id: string) => {
    try {
      await p.api('/api/console/tenants/choose', { method: 'POST', body: { tenantId: id } });
      const { error } = await p.auth.refreshSession();
      if (error) throw error;
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <div class="tenant-switch">
      <label for="tenant">{t('business')}</label>
      <select id="tenant" value={p.current} onChange={(e) => void choose(e.currentTarget.value)}>
        {p.tenants.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name} ({t(roleKey(x.role))})
          </option>
        ))}
      </select>
      {failed && (
        <span role="alert" class="notice error">
          {t('switchFailed')}
        </span>
      )}
    </div>
  );
}
