import { activate } from './activate.ts';
import { add } from './add.ts';
import { addMember, addSender } from './add-people.ts';
import { checks } from './checks.ts';
import type { CliCommand } from './command.ts';
import { deleteTenant } from './delete.ts';
import { disable } from './disable.ts';
import { eraseSender } from './erase-sender.ts';
import { exportTenant } from './export.ts';
import { health } from './health.ts';
import { list } from './list.ts';
import { operatorKey } from './operator-key.ts';
import { liftLimits, setPlan } from './plan.ts';
import { removeMember, removeSender } from './remove-people.ts';
import { replay } from './replay.ts';
import { rotateCrm, rotateGreenApi } from './rotate.ts';
import { rotateSecrets } from './secret-keys.ts';
import { setSecret } from './set-secret.ts';
import { setChat, setCrm } from './set-settings.ts';
import { statement } from './statement.ts';
import { usage } from './usage.ts';
import { webhook } from './webhook.ts';

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

/** The tenant's basic settings, first in the usage text. */
export const SETUP_COMMANDS: readonly CliCommand[] = [
  add,
  list,
  disable,
  setCrm,
  setChat,
  setSecret,
  addSender,
  addMember,
  webhook,
];

/** Last in the usage text: replaying a dead message and the keyring's rotation (keygen needs no database). */
export const UPKEEP_COMMANDS: readonly CliCommand[] = [replay, rotateSecrets];

export const findCommand = (name: string): CliCommand | undefined =>
  [...SETUP_COMMANDS, ...COMMANDS, ...UPKEEP_COMMANDS].find((c) => c.name === (ALIASES[name] ?? name));
