import { findDueDate } from './dates.ts';
import { cleanName, company, emails, NAME_WORDS, phones, splitName, stripContacts } from './extract.ts';
import { detectLanguage } from './language.ts';
import { findStatus } from './statuses.ts';
import type { ParseResult, RulesLanguage, ToolCallRequest } from './types.ts';

/** Longer inputs are not commands; capping keeps every pattern cheap. */
export const MAX_COMMAND_LENGTH = 1000;

const GREETING = /^(?:(?:salut|bonjour|bonsoir|coucou|hello|hi|hey|yo)\b[\s,!.]*)?(?:max\b[\s,:!.]*)?/i;
const POLITE = /[\s,]*(?:s'il te pla[iî]t|s'il vous pla[iî]t|stp|svp|please|merci|thanks|thank you)[\s!.]*$/i;
const DESTRUCTIVE = /\b(supprim\w*|effac\w*|d[ée]truis|delete|remove|erase|drop|purge|vide[rz]?)\b/i;

const FIELD_WORDS: Array<[RegExp, string]> = [
  [/^(?:l'|le |la )?(?:e-?mail|mail|adresse e-?mail|courriel|email address)$/i, 'emailAddress'],
  [
    /^(?:le |la )?(?:t[ée]l[ée]phone|t[ée]l|phone|mobile|portable|num[ée]ro|phone number|number)$/i,
    'phoneNumber',
  ],
  [/^(?:la |l')?(?:soci[ée]t[ée]|entreprise|company|account|compte)$/i, 'accountName'],
  [/^(?:le )?(?:titre|poste|fonction|title|job title)$/i, 'title'],
  [/^(?:le )?(?:site|site web|website)$/i, 'website'],
  [/^(?:le )?(?:pr[ée]nom|first name)$/i, 'firstName'],
  [/^(?:le )?(?:nom|nom de famille|last name|surname)$/i, 'lastName'],
  [/^(?:la )?(?:description)$/i, 'description'],
  [/^(?:la )?(?:source)$/i, 'source'],
];

const fieldOf = (word: string) => FIELD_WORDS.find(([re]) => re.test(word.trim()))?.[1] ?? null;

/** Who a command is about: an email or phone wins, then a clean name, else the lead in focus. */
function targetFrom(fragment: string | undefined): Record<string, string> {
  if (!fragment) return {};
  const e = emails(fragment)[0];
  if (e) return { emailAddress: e };
  const p = phones(fragment)[0];
  if (p) return { phoneNumber: p };
  const name = cleanName(
    fragment
      .replace(
        /^(?:du |de la |de l'|de |d'|des |le lead |the lead |lead |à |a |au |pour |to |for |on |of )/i,
        '',
      )
      .replace(/^(?:lead|prospect)\s+/i, ''),
  );
  if (!name || /^(?:lui|elle|le|la|him|her|it|ce lead|this lead|ce prospect)$/i.test(name)) return {};
  return NAME_WORDS.test(name) ? { name } : {};
}

function parseCreate(text: string): ToolCallRequest | null {
  const mail = emails(text)[0];
  const phone = phones(text)[0];
  const comp = company(stripContacts(text));
  let rest = stripContacts(text);
  if (comp) rest = rest.replace(comp.phrase, ' ');
  // "crée un lead pour X", "nouveau prospect X", "create a lead for X", "lead: X", in any order with contacts.
  const m =
    rest.match(
      /(?:cr[ée]{1,2}[ers]?|ajoute[rz]?|enregistre|nouveau|nouvelle|create|add|new|register)\s+(?:(?:un|une|le|la|a|an|new|nouveau|nouvelle)\s+)?(?:lead|prospect|contact|client)s?\b\s*(?:pour|for|:|nomm[ée]|named|appel[ée])?\s*([^,;\n]*)/i,
    ) ?? rest.match(/^(?:nouveau |new )?(?:lead|prospect)\s*[:-]\s*([^,;\n]*)/i);
  if (!m) return null;
  const name = cleanName((m[1] ?? '').replace(/\b(?:et|and|avec|with)\b.*$/i, ''));
  const split = name && NAME_WORDS.test(name) ? splitName(name) : null;
  if (!split) return null;
  return {
    name: 'create_lead',
    args: {
      ...(split.firstName ? { firstName: split.firstName } : {}),
      lastName: split.lastName,
      ...(mail ? { emailAddress: mail } : {}),
      ...(phone ? { phoneNumber: phone } : {}),
      ...(comp ? { accountName: comp.name } : {}),
    },
  };
}

function parseUpdate(text: string): ToolCallRequest | null {
  // FR: "change l'email de Marie Dupont en x", "mets à jour le téléphone de Dupont : 07…"
  // EN: "update John's phone to …", "set company of marie@x.fr to Acme", "change email of X to Y"
  const verb =
    '(?:change[rz]?|modifie[rz]?|mets? à jour|mettre à jour|met à jour|update|set|remplace[rz]?|corrige[rz]?)';
  let m = text.match(
    new RegExp(
      `${verb}\\s+(?:l'|le |la |les |the )?([\\p{L} -]{2,30}?)\\s+(?:de|du|d'|of|for)\\s+(.+?)\\s*(?:\\ben\\b|\\bà\\b|\\bpar\\b|\\bto\\b|:|=|->)\\s*(.+)$`,
      'iu',
    ),
  );
  let field: string | null = null;
  let target: string | undefined;
  let value: string | undefined;
  if (m) {
    field = fieldOf(m[1]!);
    target = m[2];
    value = m[3];
  } else {
    m = text.match(new RegExp(`${verb}\\s+(.+?)['’]s\\s+([\\p{L} ]{2,30}?)\\s+(?:to|:|=)\\s*(.+)$`, 'iu'));
    if (m) {
      target = m[1];
      field = fieldOf(m[2]!);
      value = m[3];
    }
  }
  if (!field || !target || !value) return null;
  const v =
    field === 'emailAddress'
      ? emails(value)[0]
      : field === 'phoneNumber'
        ? phones(value)[0]
        : cleanName(value);
  if (!v) return null;
  return { name: 'update_lead', args: { target: targetFrom(target), changes: { [field]: v } } };
}

function parseStatus(text: string): ToolCallRequest | null {
  const s = findStatus(text);
  if (!s) return null;
  if (!/\b(statut|status|passe[rz]?|mets?|mark|set|est|is|as|en|comme)\b/i.test(text)) return null;
  const e = emails(text)[0];
  if (e) return { name: 'change_status', args: { target: { emailAddress: e }, status: s.status } };
  let rest = text.replace(s.phrase, ' ').replace(/-(?:le|la|les|lui)\b/gi, ' ');
  rest = rest
    .replace(
      /\b(?:passe[rz]?|mets?|mettre|mark|set|change[rz]?|le statut de|statut de|status of|the status of|statut|status|du lead|le lead|the lead|lead)\b/gi,
      ' ',
    )
    .replace(/\b(?:en|est|is|as|to|comme|à|a|:)\b/gi, ' ')
    .replace(/[:]/g, ' ');
  const t = targetFrom(rest);
  return { name: 'change_status', args: { target: t, status: s.status } };
}

function parseNote(text: string): ToolCallRequest | null {
  const m = text.match(/\bnote\b\s*(?:(?:à|a|au|pour|sur|to|on|for|about)\s+(.+?))?\s*:\s*(.+)$/is);
  if (!m) return null;
  const body = m[2]!.trim();
  if (!body) return null;
  return { name: 'add_note', args: { target: targetFrom(m[1]), text: body } };
}

function parseTask(text: string, today: string): ToolCallRequest | null {
  if (!/\b(t[âa]che|task|todo|to-do|rappelle-moi|rappelle moi|remind me)\b/i.test(text)) return null;
  const priority = /\b(urgent|urgente|asap)\b/i.test(text)
    ? 'Urgent'
    : /\b(important|importante|high priority|priorit[ée] haute)\b/i.test(text)
      ? 'High'
      : undefined;
  const due = findDueDate(text, today);
  let name = due ? text.replace(due.phrase, ' ') : text;
  name = name
    .replace(
      /^.*?\b(?:cr[ée]e[rz]?|ajoute[rz]?|create|add|new|nouvelle)?\s*(?:une |a |an )?(?:t[âa]che|task|todo|to-do)s?\b\s*(?:urgente?|importante?)?\s*(?:pour|to|:|-)?\s*/i,
      '',
    )
    .replace(/^.*?\b(?:rappelle[- ]moi|remind me)\s+(?:de |d'|to )?/i, '')
    .replace(/\b(?:urgente?|asap|importante?)\b/gi, ' ');
  name = cleanName(name.replace(/\s+(?:pour|for|on|by|le)\s*$/i, ''));
  if (!name) return null;
  const e = emails(text)[0];
  return {
    name: 'create_task',
    args: {
      ...(e ? { target: { emailAddress: e } } : {}),
      name: name.charAt(0).toUpperCase() + name.slice(1),
      ...(due ? { dueDate: due.date } : {}),
      ...(priority ? { priority } : {}),
    },
  };
}

function parseList(text: string): ToolCallRequest | null {
  const m = text.match(
    /^(?:liste[rz]?|montre[rz]?(?:-moi)?|affiche[rz]?|show(?: me)?|list|give me|donne(?:-moi)?)?\s*(?:les |the |mes |my )?(?:(\d{1,2})\s+)?(?:derniers?|dernières?|latest|last|recent|most recent|r[ée]cents?)\s+(?:(\d{1,2})\s+)?(?:leads?|prospects?)\b|^(?:liste[rz]?|list|show)\s+(?:les |the )?leads?\s+(?:r[ée]cents?|recent)$|^leads? r[ée]cents?$/i,
  );
  if (!m) return null;
  const n = Number(m[1] ?? m[2] ?? 0);
  return { name: 'list_recent', args: n > 0 ? { limit: Math.min(n, 20) } : {} };
}

function parseFind(text: string): ToolCallRequest | null {
  const m = text.match(
    /^(?:trouve[rz]?|cherche[rz]?|recherche[rz]?|find|search(?: for)?|look up|lookup|montre[rz]?(?:-moi)?|affiche[rz]?|show(?: me)?|qui est|who is|c'est qui)\b\s*(.*)$/i,
  );
  if (!m) return null;
  const rest = m[1] ?? '';
  const e = emails(rest)[0];
  if (e) return { name: 'find_leads', args: { emailAddress: e } };
  const p = phones(rest)[0];
  if (p) return { name: 'find_leads', args: { phoneNumber: p } };
  const q = cleanName(
    rest
      .replace(/[?]/g, ' ')
      .replace(
        /^(?:(?:moi|me)\s+)?(?:(?:le|la|les|un|une|des|the|a|all|tous les)\s+)?(?:leads?|prospects?|contacts?)?\s*(?:(?:de la soci[ée]t[ée]|de chez|chez|de|du|at|from|of|for|nomm[ée]s?|named|called)\s+|d')?/i,
        '',
      ),
  );
  if (!q || q.length < 2) return null;
  return { name: 'find_leads', args: { query: q } };
}

/** Recognised commands → the same tool calls the model would make. Never anything destructive. */
export function parseCommand(input: string, opts: { today: string; locale: RulesLanguage }): ParseResult {
  const language = detectLanguage(input, opts.locale);
  const text = input
    .slice(0, MAX_COMMAND_LENGTH)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(GREETING, '')
    .replace(POLITE, '')
    .trim();
  if (!text || DESTRUCTIVE.test(text)) return { kind: 'unknown', language };
  const call =
    parseNote(text) ??
    parseTask(text, opts.today) ??
    parseList(text) ??
    parseUpdate(text) ??
    parseCreate(text) ??
    parseStatus(text) ??
    parseFind(text);
  return call ? { kind: 'calls', calls: [call], language } : { kind: 'unknown', language };
}

export function rulesHelp(language: RulesLanguage): string {
  return language === 'fr'
    ? "Je n'ai pas compris. Exemples : « crée un lead Marie Dupont, email marie@exemple.fr » ou « trouve le lead Dupont »."
    : 'I didn\'t understand. Examples: "create a lead Mary Smith, email mary@example.com" or "find lead Smith".';
}
