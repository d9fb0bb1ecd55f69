/** Turns a WhatsApp message into the command it carries: bounded, one-spaced, without greetings. */

/** Longer messages are not commands; refusing them keeps every pattern cheap and never truncates one. */
export const MAX_COMMAND_LENGTH = 2000;

// Each pass removes one leading courtesy ("Salut MAX,", "hi", "please", "peux-tu", "merci de").
const COURTESY = "s'il (?:te|vous) pla[iî]t|stp|svp|please|pls|merci(?: beaucoup| bien)?|thanks|thank you";
// "MAX" is only the bot's name right after a greeting or before punctuation: "Max Dupont" stays a name.
const LEADING = new RegExp(
  '^(?:(?:salut|slt|bonjour|bjr|bonsoir|coucou|hello|hi|hey|yo|ok|okay|alors|(?:good\\s+)?(?:morning|afternoon|evening))(?:\\s+max)?(?![\\p{L}])' +
    '|max(?=\\s*[,:;!.])' +
    `|(?:${COURTESY}|merci de|merci d')(?:\\s+max)?(?![\\p{L}])` +
    '|(?:est-ce que\\s+)?(?:tu peux|peux-tu|pourrais-tu|vous pouvez|pouvez-vous|pourriez-vous|can you|could you|would you|will you)(?![\\p{L}])' +
    "|(?:je (?:voudrais|veux|souhaite)|j'aimerais|i (?:want|would like|need) to|i'd like to)(?![\\p{L}])" +
    ')[\\s,:;!.]*',
  'iu',
);
const TRAILING = new RegExp(`(?:[\\s,;]+(?:${COURTESY})(?:\\s+max)?|\\s*,\\s*max)[\\s!.?]*$`, 'iu');

export function normalize(input: string): string | null {
  if (input.length > MAX_COMMAND_LENGTH) return null;
  let text = input
    .replace(/[\u2018\u2019\u02bc]/g, "'") // phones type curly apostrophes: "D’Arcy" is "D'Arcy"
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 6; i++) {
    const next = text.replace(LEADING, '').replace(TRAILING, '').trim();
    if (next === text) break;
    text = next;
  }
  return text || null;
}

// Words that delete, purge or reshape; rules never infer such an action, whatever else the text says.
const DESTRUCTIVE =
  /(?<![\p{L}])(?:supprim\p{L}*|effac\p{L}*|d[ée]trui\p{L}*|retire[rz]?|enl[eè]ve[rz]?|vide[rz]?|purge[rz]?|delete[sd]?|deleting|remove[sd]?|removing|erase[sd]?|drop(?:s|ped)?|purge[sd]?|wipe[sd]?|destroy\p{L}*|truncate|reset|r[ée]initialise[rz]?|fusionne[rz]?|merge[sd]?)(?![\p{L}])/iu;
// Schema changes (fields, layouts, entities) are admin tools behind a confirmation, never rules.
const SCHEMA =
  /(?<![\p{L}])(?:champs?|fields?|layouts?|mise en page|sch[ée]ma|schema|entit[ée]s?|entity|entities|colonnes?|columns?|rebuild|reconstrui\p{L}*)(?![\p{L}])/iu;

export function isDestructive(commandPart: string): boolean {
  return DESTRUCTIVE.test(commandPart) || SCHEMA.test(commandPart);
}
