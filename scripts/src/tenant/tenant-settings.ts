import { isSupportedRegion } from '@max/core';
import { text } from './command.ts';
import type { CliContext } from './context.ts';

const onOff = (ctx: CliContext, v: string | undefined, flag: string) =>
  v === undefined
    ? undefined
    : v === 'on'
      ? true
      : v === 'off'
        ? false
        : ctx.fail(`${flag} must be on or off`);

/** The tenant settings given as flags (only those given), checked as the operator typed them. */
export function settingsOf(ctx: CliContext): Record<string, unknown> {
  const chatRate = text(ctx, 'chat-rate');
  const rate = chatRate === undefined ? undefined : Number(chatRate);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 600))
    ctx.fail('--chat-rate must be a whole number from 1 to 600');
  const name = text(ctx, 'assistant-name');
  if (name !== undefined && !/^[\p{L}\p{N} _.-]{1,40}$/u.test(name))
    ctx.fail('--assistant-name: 1 to 40 letters, digits, spaces');
  const country = text(ctx, 'country')?.toUpperCase();
  const out: Record<string, unknown> = {
    name: text(ctx, 'name'),
    idInstance: text(ctx, 'instance'),
    greenApiUrl: text(ctx, 'green-url'),
    crmBaseUrl: text(ctx, 'crm-url'),
    crmMode: text(ctx, 'mode'),
    crmTenantField: text(ctx, 'tenant-field'),
    crmAuthMode: text(ctx, 'auth'),
    locale: text(ctx, 'locale'),
    defaultCountry: country,
    timezone: text(ctx, 'timezone'),
    groupsEnabled: onOff(ctx, text(ctx, 'groups'), '--groups'),
    groupCrmData: onOff(ctx, text(ctx, 'group-crm-data'), '--group-crm-data'),
    assistantName: name,
    chatMessagesPerMinute: rate,
  };
  if (country !== undefined && !isSupportedRegion(country))
    ctx.fail(`--country ${text(ctx, 'country')} is not a region code (e.g. FR, BE, CH, GB)`);
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export const tenantLine = (b: Record<string, unknown>) => {
  const t = b.tenant as { id: string; status: string };
  return `✔ tenant ${t.id} saved (${t.status})`;
};
