import { parseArgs } from 'node:util';

/** Every flag any tenant command reads (a flag unknown here is a usage error). */
const OPTIONS = {
  name: { type: 'string' },
  instance: { type: 'string' },
  'green-url': { type: 'string' },
  'crm-url': { type: 'string' },
  mode: { type: 'string' },
  'tenant-field': { type: 'string' },
  auth: { type: 'string' },
  locale: { type: 'string' },
  country: { type: 'string' },
  timezone: { type: 'string' },
  plan: { type: 'string' },
  role: { type: 'string' },
  user: { type: 'string' },
  groups: { type: 'string' },
  'group-crm-data': { type: 'string' },
  'assistant-name': { type: 'string' },
  'chat-rate': { type: 'string' },
  'public-url': { type: 'string' },
  'api-key': { type: 'string' },
  'hmac-secret': { type: 'string' },
  token: { type: 'string' },
  'grace-hours': { type: 'string' },
  month: { type: 'string' },
  until: { type: 'string' },
  out: { type: 'string' },
  remove: { type: 'boolean' },
  scopes: { type: 'string' },
  tenants: { type: 'string' },
  json: { type: 'boolean' },
  fix: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface TenantArgs {
  command: string | undefined;
  args: string[];
  values: Record<string, string | boolean | undefined>;
}

/** The command line split into the command, its positional arguments and the flags (throws on a bad flag). */
export function parseTenantArgs(argv: string[]): TenantArgs {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...args] = positionals;
  return { command, args, values };
}
