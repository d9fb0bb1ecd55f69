import { COMMANDS, SETUP_COMMANDS, UPKEEP_COMMANDS } from './commands.ts';
import { keygen } from './secret-keys.ts';

const line = (c: { usage: string }) => `  ${c.usage}`;

/** `npm run tenant -- --help`: every command's usage line, the options and the environment. */
export const USAGE = `Usage: npm run tenant -- <command> [options]

${SETUP_COMMANDS.map(line).join('\n')}
${COMMANDS.map(line).join('\n')}
${[UPKEEP_COMMANDS[0]!, keygen, ...UPKEEP_COMMANDS.slice(1)].map(line).join('\n')}

Options: --json prints the answer as /api/admin gives it.
Environment: DATABASE_URL, MAX_SECRET_KEYS (secrets, checks, rotations, rotate), GREENAPI_WEBHOOK_SECRET (webhook),
AGENT_URL and AGENT_SHARED_SECRET (replay); ROTATION_GRACE_HOURS, DELETION_GRACE_DAYS, AUDIT_RETENTION_DAYS as the agent's.`;
