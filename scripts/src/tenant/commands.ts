import { activate } from './activate.ts';
import { checks } from './checks.ts';
import type { CliCommand } from './command.ts';
import { deleteTenant } from './delete.ts';
import { eraseSender } from './erase-sender.ts';
import { exportTenant } from './export.ts';
import { health } from './health.ts';
import { operatorKey } from './operator-key.ts';
import { liftLimits, setPlan } from './plan.ts';
import { removeMember, removeSender } from './remove-people.ts';
import { rotateCrm, rotateGreenApi } from './rotate.ts';
import { statement } from './statement.ts';
import { usage } from './usage.ts';

/** The tenant CLI's commands that live in files of their own (the dispatcher's table). */
export const COMMANDS: readonly CliCommand[] = [
  activate,
  checks,
  health,
  rotateCrm,
  rotateGreenApi,
  usage,
  statement,
  setPlan,
  liftLimits,
  exportTenant,
  eraseSender,
  deleteTenant,
  removeSender,
  removeMember,
  operatorKey,
];

const ALIASES: Record<string, string> = { doctor: 'checks', enable: 'activate' };

export const findCommand = (name: string): CliCommand | undefined =>
  COMMANDS.find((c) => c.name === (ALIASES[name] ?? name));
