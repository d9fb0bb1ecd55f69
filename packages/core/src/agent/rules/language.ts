import type { RulesLanguage } from './types.ts';

// Function words and command verbs; names, emails and numbers carry no signal.
const FR_WORDS = new Set(
  (
    'crée cree créer creer ajoute ajouter nouveau nouvelle nouveaux trouve trouver cherche chercher recherche ' +
    'montre montrer affiche liste derniers dernier dernière dernières tâche tache statut société entreprise ' +
    'chez pour avec le la les des un une est de du et en au aux à salut bonjour bonsoir coucou merci stp svp ' +
    'qui quel quelle quoi mets met passe rappeler rappelle demain aujourd hui son sa ses mon ma mes il elle ' +
    'je tu vous moi fait temps comment ça va supprime supprimer efface effacer lundi mardi mercredi jeudi ' +
    'vendredi samedi dimanche semaine prochain prochaine dans jours jour perdu perdue gagné converti cours ' +
    'appeler envoyer devis téléphone tél portable courriel prospect prospects mis jour modifie marque ' +
    'comme sur par pas oui non intéressé retiens oublie souviens objectif objectifs mémoire sais nous notre nos ' +
    "qu'est-ce quoi ai as avons faire fais doublons doublon rendez-vous rdv réunion appel appelé société compte " +
    'opportunité affaire ajouter merci bonne journée soirée ça va ne plus aussi très bien vos votre ses leur ' +
    'quels quelles combien quand où pourquoi hier matin soir cette ce cet ces mois année depuis chez aide ' +
    'convertis convertir rattache fusionne doublons rapport qualité configure importe importer ces fichier'
  ).split(' '),
);
const EN_WORDS = new Set(
  (
    'create add new find search show list last latest recent task status company at for with the an is of ' +
    'and to hi hello hey please thanks thank who set mark update remind me call tomorrow today monday tuesday ' +
    'wednesday thursday friday saturday sunday next week in days day lost won converted delete remove all ' +
    'my his her their what weather how send proposal quote as on by from named back it this that you can ' +
    'could would called answer no yes follow up remember forget goal goals memory know our we us ' +
    "any duplicates duplicate due what's whats i'm i've do does did have has got been will shall should " +
    'meeting meetings appointment deal deals account accounts company companies good morning evening night ' +
    'bye see you your yours which when where why there here just also very much many yesterday month year ' +
    'about into out up down were was are be let me tell give need want help convert link merge ' +
    'duplicates check quality report import these those file'
  ).split(' '),
);
// "note", "lead", "contact", "email" are shared by both languages and deliberately absent.

/** Which language the sender wrote in; ties go to the fallback (the tenant's locale). */
export function detectLanguage(text: string, fallback: RulesLanguage = 'fr'): RulesLanguage {
  return languageSignal(text) ?? fallback;
}

/** The language a text shows, or null when it shows none (a name, an e-mail, "ok", a tie). */
export function languageSignal(text: string): RulesLanguage | null {
  // Ids, e-mails, phones, dates and amounts say nothing of the language, yet their letters would
  // (a record id 1a23241de96… holds the French word "de"): every token with a digit or an @ goes.
  const sample = text
    .slice(0, 600)
    .toLowerCase()
    .replace(/\S*[\d@]\S*/g, ' ');
  let fr = (sample.match(/[éèêàçùûîôœ]/g)?.length ?? 0) > 0 ? 1 : 0;
  let en = 0;
  for (const word of sample.match(/\p{L}+/gu) ?? []) {
    if (FR_WORDS.has(word)) fr++;
    if (EN_WORDS.has(word)) en++;
  }
  if (fr === en) return null;
  return fr > en ? 'fr' : 'en';
}
