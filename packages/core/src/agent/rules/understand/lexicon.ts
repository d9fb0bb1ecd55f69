/**
 * The words of MAX's commands, folded (see fold.ts), by what they say: an action, a kind of record,
 * a field. A verb is a stem and takes the usual French and English endings ("ajout" → ajoute,
 * ajouter, ajoutez, ajouté; "add" → adds, added, adding); a word of five letters or more may carry
 * one typo ("ajoue", "oportunité").
 */
import { withinOneEdit } from './typo.ts';

export type Action =
  | 'create'
  | 'find'
  | 'update'
  | 'status'
  | 'note'
  | 'task'
  | 'call'
  | 'meeting'
  | 'link'
  | 'unlink'
  | 'convert'
  | 'duplicates'
  | 'agenda'
  | 'merge';

export type Entity = 'Lead' | 'Contact' | 'Account' | 'Opportunity';

const w = (s: string) => s.split(' ').filter(Boolean);

const ACTION_STEMS: Record<Action, string[]> = {
  create: w(
    'cre ajout rajout enregistr nouveau nouvel nouvelle nouveaux nouvelles creat add new regist sav insert',
  ),
  find: w(
    'trouv cherch recherch montr affich list find search show look lookup display voir retrouv sort sors',
  ),
  update: w(
    'chang modifi mettr met mets maj jour corrig remplac updat set edit fix correct replac actualis renseign ' +
      'decal repouss avanc report push postpon mov',
  ),
  status: w('pass marqu mark mov bascul statut status'),
  note: w('not notez comment ecri write wrote written jot mot'),
  task: w('tache task todo rappel rappelle remind reminder relanc follow pens oubli oublie forget'),
  call: w('appel call phon telephon rang ring log logg parl spoke spoken talk'),
  meeting: w(
    'rdv rendez reunion meeting meet appointment rencontr visio book cal cale planifi programm organis fix schedul arrang voit voyons',
  ),
  link: w('rattach reli lie associ attach link connect'),
  unlink: w('detach deli dissoci unlink disconnect'),
  convert: w('convert convertis transform'),
  duplicates: w('doublon duplicat duplicate double'),
  agenda: w('agenda planning programme prevu due upcoming plate'),
  merge: w('fusion fusionn merg'),
};

// French and English endings of a verb or a noun stem; "" is the stem itself.
const ENDINGS = new Set(
  w('_ e es er ez ons ent ee ees ai ais ait a is it ir s ed d ing ings ion ions eur eurs x').map((e) =>
    e === '_' ? '' : e,
  ),
);

export const ENTITY_NOUNS: Record<Entity, string[]> = {
  Lead: w('lead leads prospect prospects client clients cliente clientes'),
  Contact: w('contact contacts interlocuteur interlocuteurs interlocutrice'),
  Account: w(
    'compte comptes societe societes entreprise entreprises account accounts company companies boite',
  ),
  Opportunity: w(
    'opportunite opportunites opportunity opportunities affaire affaires deal deals oppo oppos vente ventes pipe pipeline',
  ),
};

/** Field names and the markers that introduce a value ("chez Acme", "tél 06…", "clôture fin janvier"). */
export const LABELS: Record<string, string[]> = {
  email: w('email emails mail mails courriel adresse address e'),
  phone: w('tel telephone phone mobile portable numero number num gsm cell cellphone fixe'),
  company: w('societe entreprise company boite chez at from works work travaille bosse employer'),
  title: w('titre poste fonction title job role position'),
  website: w('site web website url internet'),
  name: w('nom prenom name first last surname firstname lastname appelle called named nomme'),
  source: w('source origine vient viennent come comes coming'),
  amount: w('montant amount budget valeur value worth prix price'),
  close: w('cloture cloturer close closing echeance signature prevue expected fin end date'),
  stage: w('etape stage phase'),
  description: w('description'),
  industry: w('secteur industrie industry sector activite'),
  type: w('type categorie category'),
};

/** Words that never carry a value of their own: articles, prepositions, pronouns, courtesy. */
export const FILLER = new Set(
  w(
    // French
    'le la les l un une des du de d au aux a et ou en dans sur pour par avec ce cet cette ces c ca cela ' +
      'mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous vous ils elles ' +
      'me m te t se s moi toi lui y qu que est sont etre merci stp svp plait juste aussi bien alors donc puis ' +
      'ensuite ok okay voila voici maintenant desormais egalement fiche comme ai as all tous toutes tout crm via ' +
      // English
      'the an of to in on at for with by from and or is are be it its this that these those my your our ' +
      'their his her him i you we he she they them us please pls kindly just also too again now then so ' +
      'thanks thank as into about hey hi hello salut bonjour coucou yo new',
  ).filter((x) => x !== 'new'),
);

/** Words that ask rather than tell: fine for a read, never part of a write. */
export const QUESTION = new Set(
  w(
    'quoi quel quelle quels quelles qui combien comment quand ou pourquoi deja est-ce esque what which who ' +
      'whose how when where why whats any there y-a-t-il t do does did have has got ' +
      'quelqu qqn someone somebody anyone anybody anything something',
  ),
);

function stemOf(word: string, stems: string[]): boolean {
  for (const s of stems) {
    if (word === s) return true;
    if (word.startsWith(s) && ENDINGS.has(word.slice(s.length))) return true;
  }
  return false;
}

const TYPO_ENDINGS = ['', 'e', 'er', 'es', 'ez', 's', 'ed', 'ing'];

function typoOf(word: string, stems: string[]): boolean {
  // A word of the language is itself, not a typo of another ("about" is not "ajout").
  if (word.length < 5 || FILLER.has(word) || QUESTION.has(word)) return false;
  return stems.some((s) => s.length >= 4 && TYPO_ENDINGS.some((e) => withinOneEdit(word, s + e)));
}

/** The actions a word says ("ajoute" → create; "note" → note; "rappelle" → task and call). */
const actionCache = new Map<string, Action[]>();

export function actionsOf(word: string): Action[] {
  const known = actionCache.get(word);
  if (known) return known;
  const found = findActions(word);
  // Bounded: a hostile message cannot grow it without limit.
  if (actionCache.size < 5000) actionCache.set(word, found);
  return found;
}

function findActions(word: string): Action[] {
  const exact = (Object.keys(ACTION_STEMS) as Action[]).filter((a) => stemOf(word, ACTION_STEMS[a]));
  if (exact.length) return exact;
  return (Object.keys(ACTION_STEMS) as Action[]).filter((a) => typoOf(word, ACTION_STEMS[a]));
}

/** The kind of record a noun names ("prospects" → Lead, "oportunité" → Opportunity). */
export function entityOf(word: string): Entity | null {
  for (const [e, nouns] of Object.entries(ENTITY_NOUNS)) if (nouns.includes(word)) return e as Entity;
  for (const [e, nouns] of Object.entries(ENTITY_NOUNS)) if (typoOf(word, nouns)) return e as Entity;
  return null;
}

export function labelOf(word: string): string | null {
  for (const [label, words] of Object.entries(LABELS)) if (words.includes(word)) return label;
  return null;
}

export const isFiller = (word: string) => FILLER.has(word) || word.length === 1;

/** Every word the lexicon knows: such a word typed in lower case is not a name. */
export function isCommandWord(word: string): boolean {
  return (
    isFiller(word) ||
    QUESTION.has(word) ||
    actionsOf(word).length > 0 ||
    entityOf(word) !== null ||
    labelOf(word) !== null
  );
}

/** The word a one-letter typo stands for ("plainfie" → "planifie", "oportunité" → "opportunite"), or null. */
const fixes = new Map<string, string | null>();

export function typoFix(word: string): string | null {
  if (word.length < 5 || word.length > 20 || FILLER.has(word) || QUESTION.has(word)) return null;
  const known = fixes.get(word);
  if (known !== undefined) return known;
  const fixed = findFix(word);
  // Bounded: a hostile message cannot grow it without limit.
  if (fixes.size < 5000) fixes.set(word, fixed);
  return fixed;
}

function findFix(word: string): string | null {
  if (actionsOf(word).length && Object.values(ACTION_STEMS).some((stems) => stemOf(word, stems))) return null;
  if (Object.values(ENTITY_NOUNS).some((n) => n.includes(word))) return null;
  for (const stems of [...Object.values(ACTION_STEMS), ...Object.values(ENTITY_NOUNS)])
    for (const s of stems) {
      if (s.length < 4) continue;
      for (const e of TYPO_ENDINGS) if (word !== s + e && withinOneEdit(word, s + e)) return s + e;
    }
  return null;
}
