/**
 * A command said in one clause, and a remark in another: "mark Tom Baker as lost, they went with
 * another agency", "Julie Moreau est intéressée, mets-la en cours". A remark is a clause of plain
 * commentary: no command word (action, record noun, field), no value (e-mail, phone, amount, date),
 * no second name, nothing that takes the command back ("non", "wait", "plutôt"). Only then can it not
 * change what the command means; anything else is asked, never guessed.
 */
import { tokenize } from './fold.ts';
import { actionsOf, ENTITY_NOUNS, isFiller, labelOf, QUESTION } from './lexicon.ts';

const NOUNS = new Set(Object.values(ENTITY_NOUNS).flat());

// Words that take back, soften or doubt what was said: the command is asked, not run.
const HEDGES = new Set(
  (
    'non no nope attends attendez wait kidding blague plutot rather sorry pardon oups oops actually ' +
    'annule cancel mais but maybe peut etre probablement probably perhaps sure pense think crois ' +
    'believe si if pas not jamais never'
  ).split(' '),
);

// The pronouns that stand for a record said in the other clause.
const PRONOUNS = new Set('la le lui les leur elle il her him them they it he she lead prospect'.split(' '));

/** The clause is commentary (see above); `except` are words of the name it may hold. */
export function isRemark(clause: string, except: Set<string> = new Set()): boolean {
  if (/[@\d?]|[€$£]/.test(clause)) return false;
  const words = tokenize(clause).filter((t) => !except.has(t.word));
  if (!words.length || words.length > 12) return false;
  for (const t of words) {
    if (HEDGES.has(t.word)) return false;
    // Record nouns as written ("contract" is no typo of "contact" here: a remark is plain words).
    if (actionsOf(t.word).length || NOUNS.has(t.word) || labelOf(t.word)) return false;
    // A capitalised word is another name ("…, Martin aussi"): whose is the command then?
    if (/^\p{Lu}/u.test(t.raw) && !isFiller(t.word) && !QUESTION.has(t.word)) return false;
  }
  return true;
}

/** The clause says its record with a pronoun ("mets-la", "mark her", "convertis le lead"). */
export function saysPronoun(clause: string): boolean {
  return tokenize(clause).some((t) => PRONOUNS.has(t.word));
}

/** Where the command clause ends or begins: the last ", " / "; " / ". " / "! " in the text. */
export function lastClauseCut(text: string): number {
  let cut = -1;
  for (const m of text.matchAll(/[,;.!]\s/g)) cut = m.index ?? cut;
  return cut;
}
