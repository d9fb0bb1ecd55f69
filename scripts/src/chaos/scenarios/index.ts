import type { Scenario } from '../scenario.ts';
import { agentKilled } from './agent-killed.ts';
import { burst } from './burst.ts';
import { crmDown } from './crm-down.ts';
import { crmNoteLostAnswer } from './crm-note-lost-answer.ts';
import { databaseCut } from './database-cut.ts';
import { doubleDelivery } from './double-delivery.ts';
import { greenLostAnswer } from './green-lost-answer.ts';
import { greenSendErrors } from './green-send-errors.ts';
import { journalLag } from './journal-lag.ts';
import { longRun } from './long-run.ts';
import { lostWebhook } from './lost-webhook.ts';
import { memoryRace } from './memory-race.ts';
import { poisonMessage } from './poison.ts';
import { rateLimitedChat } from './rate-limited-chat.ts';
import { reverseArrival } from './reverse-arrival.ts';

/** The rows of issue 12's table, in its order, then issue 19's. */
export const SCENARIOS: Scenario[] = [
  agentKilled,
  databaseCut,
  greenSendErrors,
  greenLostAnswer,
  crmNoteLostAnswer,
  crmDown,
  burst,
  rateLimitedChat,
  doubleDelivery,
  lostWebhook,
  journalLag,
  poisonMessage,
  memoryRace,
  reverseArrival,
  longRun,
];
