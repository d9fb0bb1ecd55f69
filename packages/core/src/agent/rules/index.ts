export { type DateMatch, findDueDate } from '../calendar/dates.ts';
export { parseFragment } from './fragment.ts';
export { rulesHelp } from './help.ts';
export { detectLanguage, languageSignal } from './language.ts';
export { MAX_COMMAND_LENGTH } from './normalize.ts';
export { parseCommand } from './parse-command.ts';
export { notUnderstood, proposalQuestion, smallTalkReply } from './replies.ts';
export type * from './types.ts';
