import type { Scenario } from '../scenario.ts';
import { agentKilled } from './agent-killed.ts';
import { burst } from './burst.ts';
import { crmDown } from './crm-down.ts';
import { crmNoteLostAnswer } from './crm-note-lost-answer.ts';
import { databaseCut } from './database-cut.ts';
import { doubleDelivery } from './double-delivery.ts';
import { greenLostAnswer } from './green-lost-answer.ts';
import { greenSendErrors } from './green-send-errors.ts';
import { rateLimitedChat } from './rate-limited-chat.ts';

/** The rows of issue 12's table, in its order. */
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
];
