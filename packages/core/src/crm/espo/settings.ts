import { z } from 'zod';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { CrmSettings, CrmSettingsChange } from '../port.ts';
import type { EspoAuth } from './auth.ts';
import type { EspoClientState } from './state.ts';
import type { EspoTransport } from './transport.ts';

/**
 * `GET Settings` as EspoCRM answers it (only what MAX uses; the real answer has ~150 keys). An empty
 * `currencyRates` is a PHP empty array, `[]`; anything unreadable makes the defaults of a fresh install.
 */
const settingsSchema = z.object({
  currencyList: z.array(z.string()).catch([]),
  defaultCurrency: z.string().catch(''),
  baseCurrency: z.string().catch(''),
  currencyRates: z
    .union([z.record(z.string(), z.number()), z.array(z.unknown()).transform(() => ({}))])
    .catch({}),
  timeZone: z.string().catch('UTC'),
  language: z.string().catch('en_US'),
});

export const parseSettings = (res: unknown): CrmSettings => {
  const s = settingsSchema.parse(typeof res === 'object' && res !== null && !Array.isArray(res) ? res : {});
  return {
    ...s,
    defaultCurrency: s.defaultCurrency || (s.currencyList[0] ?? ''),
    baseCurrency: s.baseCurrency || s.defaultCurrency || (s.currencyList[0] ?? ''),
  };
};

interface SettingsDeps {
  transport: EspoTransport;
  auth: EspoAuth;
  adminAuth: EspoAuth | undefined;
  /** Shared mode: the install is every tenant's, so its settings are never changed through a tenant. */
  shared: boolean;
  state: EspoClientState;
  clock: Clock;
  ttlMs: number;
}

/** The client's Settings calls: currencies (cached), the locale read now, and its change (admin PUT). */
export function settingsCalls(d: SettingsDeps) {
  const { request, login } = d.transport;
  const read = async (): Promise<CrmSettings> => {
    await login(d.auth);
    return parseSettings(await request<unknown>('GET', '/Settings'));
  };
  return {
    async currencies() {
      const cached = d.state.currencies;
      if (cached && d.clock.now().getTime() - cached.at < d.ttlMs) return cached.value;
      const s = await read();
      const value = { list: s.currencyList, default: s.defaultCurrency };
      d.state.currencies = { at: d.clock.now().getTime(), value };
      return value;
    },
    settings: read,
    async updateSettings(changes: CrmSettingsChange): Promise<CrmSettings> {
      if (d.shared)
        throw new AppError('forbidden', "A shared CRM's settings are the operator's", {
          retryable: false,
          details: { kind: 'forbidden', delivery: 'not_sent' },
        });
      await login(d.adminAuth ?? d.auth);
      const res = await request<unknown>('PUT', '/Settings', { body: changes, admin: true });
      // What the install accepts and how it names things may have changed with it.
      d.state.currencies = undefined;
      d.state.labels = undefined;
      return parseSettings(res);
    },
  };
}
