import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/index.ts';
import { client, startEspoStandIn } from './helpers.ts';

/** Issue 14: the client calls contacts, accounts, opportunities, links and conversion need. */
let espo: EspoStandIn;
const acme = () => client(espo, { tenant: { field: 'cTenantId', value: 'acme' } });
const globex = () => client(espo, { tenant: { field: 'cTenantId', value: 'globex' } });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
const bodyOf = (c: { body: string | null }) => JSON.parse(c.body ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  espo = await startEspoStandIn({
    port: 0,
    customizations: 'infra',
    settings: { currencyList: ['EUR', 'USD'], defaultCurrency: 'EUR' },
  });
});
afterAll(() => espo?.stop());

describe('CRM client additions', () => {
  it('client: currencies(): the install’s list and default from GET Settings, read once then cached', async () => {
    const { crm, calls } = client(espo);
    expect(await crm.currencies()).toEqual({ list: ['EUR', 'USD'], default: 'EUR' });
    expect(await crm.currencies()).toEqual({ list: ['EUR', 'USD'], default: 'EUR' });
    expect(calls.filter((c) => new URL(c.url).pathname === '/api/v1/Settings')).toHaveLength(1);
    const fresh = await startEspoStandIn({ port: 0 });
    try {
      expect(await client(fresh).crm.currencies()).toEqual({ list: ['USD'], default: 'USD' });
    } finally {
      await fresh.stop();
    }
  });

  it('client: link/unlink from the account side fill and clear the contact’s primary account, as EspoCRM’s hook does', async () => {
    const { crm } = client(espo);
    const contact = (await crm.create('Contact', { firstName: 'Link', lastName: 'Test' })).record;
    const account = (await crm.create('Account', { name: 'Link Test SA' })).record;
    await crm.link('Account', account.id, 'contacts', contact.id, 'Contact');
    expect((await crm.get('Contact', contact.id)).accountId).toBe(account.id);
    await crm.unlink('Account', account.id, 'contacts', contact.id, 'Contact');
    expect((await crm.get('Contact', contact.id)).accountId ?? null).toBeNull();
  });

  it('client: shared mode: link/unlink with another tenant’s record on either end → not_found, and nothing is sent', async () => {
    const mine = (await acme().crm.create('Contact', { lastName: 'Mine' })).record;
    const myAccount = (await acme().crm.create('Account', { name: 'Mine SA' })).record;
    const theirs = (await globex().crm.create('Account', { name: 'Theirs SA' })).record;
    const { crm, calls } = acme();
    expect(await code(crm.link('Account', theirs.id, 'contacts', mine.id, 'Contact'))).toBe('not_found');
    expect(await code(crm.link('Account', myAccount.id, 'contacts', theirs.id, 'Account'))).toBe('not_found');
    expect(await code(crm.unlink('Account', theirs.id, 'contacts', mine.id, 'Contact'))).toBe('not_found');
    expect(calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    await crm.link('Account', myAccount.id, 'contacts', mine.id, 'Contact');
    expect((await crm.get('Contact', mine.id)).accountId).toBe(myAccount.id);
  });

  it('client: convertLead: EspoCRM’s own conversion; in shared mode every record carries the tenant value and the duplicate check is skipped', async () => {
    const lead = (
      await acme().crm.create('Lead', { firstName: 'Conv', lastName: 'Ert', accountName: 'Conv SA' })
    ).record;
    const { crm, calls } = acme();
    const attrs = await crm.convertAttributes(lead.id);
    expect(attrs.Account).toMatchObject({ name: 'Conv SA' });
    const converted = await crm.convertLead(lead.id, {
      Account: { name: 'Conv SA' },
      Contact: { firstName: 'Conv', lastName: 'Ert' },
    });
    expect(converted.status).toBe('Converted');
    const post = calls.find((c) => c.url.endsWith('/Lead/action/convert'))!;
    const body = bodyOf(post) as {
      skipDuplicateCheck: boolean;
      records: Record<string, Record<string, unknown>>;
    };
    expect(body.skipDuplicateCheck).toBe(true);
    expect(body.records.Account!.cTenantId).toBe('acme');
    expect(body.records.Contact!.cTenantId).toBe('acme');
    const contact = await crm.get('Contact', String(converted.createdContactId));
    expect(contact).toMatchObject({ cTenantId: 'acme', accountId: converted.createdAccountId });
  });

  it('client: shared mode: another tenant’s lead cannot be read through getConvertAttributes nor converted; nothing is posted', async () => {
    const theirs = (
      await globex().crm.create('Lead', { lastName: 'Secret', emailAddress: 'secret@globex.fr' })
    ).record;
    const { crm, calls } = acme();
    expect(await code(crm.convertAttributes(theirs.id))).toBe('not_found');
    expect(await code(crm.convertLead(theirs.id, { Contact: { lastName: 'X' } }))).toBe('not_found');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(espo.state.records('Lead').find((l) => l.id === theirs.id)?.status).toBe('New');
  });

  it('client: shared mode: a 409 from the conversion never carries the records EspoCRM named', async () => {
    const lead = (await acme().crm.create('Lead', { lastName: 'Dup' })).record;
    const { crm } = client(espo, {
      tenant: { field: 'cTenantId', value: 'acme' },
      fetch: async (input, init) => {
        if (String(input).endsWith('/Lead/action/convert'))
          return new Response(
            JSON.stringify([{ id: 'abcdefabcdefabcde', name: 'Globex Secret', _entityType: 'Account' }]),
            {
              status: 409,
              headers: { 'X-Status-Reason': 'duplicate' },
            },
          );
        return fetch(input, init);
      },
    });
    const err = await crm.convertLead(lead.id, { Contact: { lastName: 'Dup' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('duplicate');
    expect(JSON.stringify((err as AppError).details)).not.toContain('Globex Secret');
  });
});
