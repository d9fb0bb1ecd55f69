import type { ToolFamily } from '../tool-families.ts';

/**
 * Which tool families a request can need, from its words (FR/EN): a cheap router in front of the
 * one model call, so its prompt carries a few compact tools instead of all of them. It errs on the
 * side of offering more: a missing family costs an answer, an extra one a few hundred tokens.
 */
const SIGNALS: Array<[ToolFamily | ToolFamily[], RegExp]> = [
  // link_records is a contacts tool: it finds the account or opportunity itself.
  [
    'contacts',
    /\brattache|\blink(s|ed)?\b|\bassocie|\bd[ée]tache|\bunlink|\b(?:re)?lie[rz]?\b|\battach|\bconnect|\bassociate|\bdissocie/iu,
  ],
  ['contacts', /\bcontacts?\b|\binterlocut|\bpersonne/iu],
  [
    'accounts',
    /\bcomptes?\b|\baccounts?\b|\bentreprises?\b|\bsoci[ée]t[ée]s?\b|\bcompan(y|ies)\b|\bclients?\b/iu,
  ],
  [
    'opportunities',
    /\bopportunit|\bdeals?\b|\baffaires?\b|\bdevis\b|\bmontant\b|\bamount\b|\b[ée]tape\b|\bstage\b|\bpipeline\b|\bconverti|\bconvert/iu,
  ],
  [
    'activities',
    /\bnotes?\b|\bt[âa]ches?\b|\btasks?\b|\brappel|\bremind|\bappels?\b|\bcalls?\b|\brendez-vous\b|\brdv\b|\bmeetings?\b|\br[ée]union|\bto-?do\b/iu,
  ],
  ['custom', /\bdiagnostic|\bmissions?\b|\bscore\b|\bbudget\b|\bchamp\b|\bfield\b/iu],
  [
    'memory',
    /\bretiens\b|\bsouviens|\bm[ée]moris|\bremember\b|\boublie\b|\bforget\b|\bque sais-tu\b|\bce que tu sais\b|\bwhat do you know\b|\bnotre (entreprise|soci[ée]t[ée]|agence)\b|\bour (business|company)\b|\bretenez\b|\bretenir\b|\bkeep in mind\b|m[ée]moire\b|\bmemory\b|\bobjectifs?\b|\bgoals?\b|\bappel(?:le|ez)[- ]moi\b|\bcall me\b|\bje m['’]appelle\b|\bmy name is\b|\br[ée]pond(?:s|ez)?(?:-moi)?(?: toujours| d[ée]sormais)? en\b|\bparle(?:z)?(?:-moi)? en\b|\b(?:reply|answer|respond|speak|talk|write)(?: to me| me)? in (?:english|french)\b/iu,
  ],
  [
    'maintenance',
    /\bdoublons?\b|\bduplicates?\b|\bfusionne|\bmerge\b|\bqualit[ée]\b|\bquality\b|\bnettoy|\bclean|\ben double\b|\bincompl[eè]te?s?\b|\bincomplete\b|\bmanquant|\bmissing\b/iu,
  ],
  [
    'setup',
    /\bconfigure|\bset ?up\b|\bsecteur\b|\bsector\b|\bindustry\b|\bm[ée]tier\b|\bparam[èe]tr|\bpersonnalis|\bcustomi[sz]e|\b(?:champs|fields) (?:pour|for) (?:une?|an?|mon|ma|my|our|notre)\b/iu,
  ],
  [
    'admin',
    /\bchamps?\b|\bfields?\b|\blayout|\bvue\b|\brebuild|\breconstrui|\bsant[ée] du crm\b|\bcrm health\b|\bstatut du crm\b/iu,
  ],
  ['outreach', /\bwhats\s?app\b|\bconsent|\bopt[- ]?in\b/iu],
];

/** Leads are MAX's daily bread and the default subject; notes and tasks go with them. */
const ALWAYS: ToolFamily[] = ['leads', 'activities'];

export function routeFamilies(texts: string[], focusEntity?: string | null): ToolFamily[] {
  const text = texts.join('\n');
  const out = new Set<ToolFamily>(ALWAYS);
  for (const [families, re] of SIGNALS)
    if (re.test(text)) for (const f of Array.isArray(families) ? families : [families]) out.add(f);
  // "ajoute une note" about the contact in focus needs the contacts' tools to find it.
  const byFocus: Record<string, ToolFamily> = {
    Contact: 'contacts',
    Account: 'accounts',
    Opportunity: 'opportunities',
    DiagnosticIA: 'custom',
    MissionMAX: 'custom',
  };
  if (focusEntity && byFocus[focusEntity]) out.add(byFocus[focusEntity]);
  return [...out];
}
