import { findDueDate } from '../../calendar/dates.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { entityTargetFrom } from './note-target.ts';

/**
 * The commands both custom entities of the seed understand (DiagnosticIA, MissionMAX): create one for
 * a lead or account with a few values, list them (of someone, by status), move one to a status,
 * attach one to a lead or account. Field changes by label go through custom-field.ts.
 */
export interface CustomWords {
  entity: 'DiagnosticIA' | 'MissionMAX';
  /** The entity's name as people say it, singular or plural (a regex source, no groups). */
  noun: string;
  /** Status words, each with the status value it means ("en cours" → In Progress). */
  statuses: Array<[RegExp, string]>;
  /** Values said with the create command: name → a regex whose group 1 is the value. */
  fields: Record<string, RegExp>;
  /** Dates said with the create command: field → a regex for the words before the date. */
  dates?: Record<string, RegExp>;
}

const CREATE_VERB =
  '(?:cr[ée]{1,2}[erz]?|ajoute[rz]?|rajoute[rz]?|ouvre[rz]?|lance[rz]?|d[ée]marre[rz]?|enregistre[rz]?|fais|faire|r[ée]alise[rz]?|create|add|open|start|launch|record|run|make|new|nouvelle|nouveau)';
const FIND_VERB =
  '(?:trouve[rz]?|cherche[rz]?|recherche[rz]?|liste[rz]?|montre[rz]?(?:-moi| moi)?|affiche[rz]?(?:-moi| moi)?|donne(?:-moi| moi)|voir|find|search|list|show(?: me)?|get|look up|quels? sont|quelles? sont|what are)';
const MOVE_VERB = '(?:passe[rz]?|mets?|marque[rz]?|mark|set|move|change[rz]?)';
const LINK_VERB =
  '(?:rattache[rz]?|relie[rz]?|associe[rz]?|lie[rz]?|attache[rz]?|attach|link|connect|assign)';
const ART = "(?:(?:une|un|la|le|les|mes|nos|a|an|the|my|our|all)\\s+|l'\\s*)?";

// "pour Boulangerie Dupont", "for the Acme account", "de Dupont": whose record it is.
const OWNER = /^(?:(?:pour|for|chez|de|du|of|avec|with|about|concernant|sur)\s+|d'\s*)(.+)$/iu;

/** "pour le compte Acme" → { for: {name: Acme}, owner: 'Account' }; a Contact or other entity is not an owner. */
function ownerArgs(fragment: string): Record<string, unknown> | null {
  const o = OWNER.exec(fragment.trim());
  const about = entityTargetFrom(o ? o[1] : fragment);
  if (!about || !Object.keys(about.target).length) return null;
  if (about.entity && about.entity !== 'Lead' && about.entity !== 'Account') return null;
  return { for: about.target, ...(about.entity ? { owner: about.entity } : {}) };
}

export function customParsers(w: CustomWords) {
  const noun = `(?:${w.noun})(?![\\p{L}])`;
  // Status words as one alternation (no groups inside: each status regex is a plain source).
  const statuses = w.statuses.map(([re]) => re.source).join('|');
  const statusOf = (said: string) =>
    w.statuses.find(([re]) => new RegExp(`^(?:${re.source})$`, 'iu').test(said))?.[1];
  const CREATE = new RegExp(
    `^${CREATE_VERB}\\s+${ART}(?:nouvelle\\s+|nouveau\\s+|new\\s+)?${noun}\\s*(.*)$`,
    'iu',
  );
  // "show the done MAX missions": a status may come before the noun.
  const FIND = new RegExp(
    `^(?:(${FIND_VERB})\\s+)?${ART}(?:(${statuses})\\s+)?(${w.noun})(?![\\p{L}])\\s*(.*)$`,
    'iu',
  );
  const MOVE = new RegExp(
    `^${MOVE_VERB}\\s+${ART}${noun}\\s*(.{0,120}?)(?:\\s+(?:en|à|a|au|comme|as|to|:))?\\s+(${statuses})[.!]?$`,
    'iu',
  );
  const LINK = new RegExp(
    `^${LINK_VERB}\\s+${ART}${noun}\\s*(.{0,120}?)\\s+(?:à|a|au|avec|to|with)\\s+(.{1,120})$`,
    'iu',
  );
  const STATUS = new RegExp(`(?<![\\p{L}])(${statuses})(?![\\p{L}])`, 'iu');

  /** "crée une mission MAX pour Boulangerie Dupont, budget 1500 €, du 01/01 au 31/03". */
  function create(text: string, today: string): IntentMatch | null {
    const m = CREATE.exec(text);
    if (!m) return null;
    let rest = m[1] ?? '';
    const fields: Record<string, string> = {};
    for (const [field, re] of Object.entries(w.fields)) {
      const f = re.exec(rest);
      if (f?.[1]) {
        fields[field] = cleanName(f[1]);
        rest = rest.replace(f[0], ' ');
      }
    }
    for (const [field, re] of Object.entries(w.dates ?? {})) {
      const k = re.exec(rest);
      if (!k) continue;
      const after = rest.slice(k.index + k[0].length);
      const d = findDueDate(after.slice(0, 40), today);
      if (!d || d.index > 2) continue;
      fields[field] = d.date;
      rest = `${rest.slice(0, k.index)} ${after.slice(d.index + d.phrase.length)}`;
    }
    const owner = cleanName(
      rest
        .replace(/\s*[,;]\s*/g, ' ')
        .replace(/\s{2,}/g, ' ')
        .replace(/\s+(?:with|avec|and|et)\s*$/iu, ''),
    );
    const args: Record<string, unknown> = { entity: w.entity };
    if (owner) {
      const o = ownerArgs(owner);
      if (!o) return null; // words we cannot place: no guessing
      Object.assign(args, o);
    }
    if (Object.keys(fields).length) args.fields = fields;
    return { call: { name: 'create_custom_record', args } };
  }

  /** "missions MAX de Boulangerie Dupont", "liste les diagnostics", "missions en cours", "la mission de Dupont ?". */
  function find(text: string): IntentMatch | null {
    const m = FIND.exec(text);
    if (!m) return null;
    const [, verb, before, said, tail] = m;
    let rest = (tail ?? '').replace(/[?!.]+\s*$/, '').trim();
    const args: Record<string, unknown> = { entity: w.entity };
    if (before) args.status = statusOf(before);
    const s = before ? null : STATUS.exec(rest);
    if (s) {
      const status = statusOf(s[1]!);
      if (status) args.status = status;
      rest = rest.replace(s[0], ' ');
    }
    rest = cleanName(rest);
    if (rest) {
      const o = ownerArgs(rest);
      if (!o) return null;
      Object.assign(args, o);
    }
    // A verb, a plural, a filter or a question makes it a search; a bare singular noun says nothing.
    const plural = /s(?:\s+(?:max|ia))?$/iu.test(said!.trim());
    if (!verb && !plural && !rest && !s && !before && !/\?\s*$/.test(text)) return null;
    return { call: { name: 'find_custom_records', args } };
  }

  /** "passe la mission de Dupont en cours", "mark the mission Acme as done". */
  function move(text: string): IntentMatch | null {
    const m = MOVE.exec(text);
    if (!m) return null;
    const about = entityTargetFrom(cleanName(m[1] ?? '').replace(/^(?:de|du|d'|of|for|pour)\s+/i, ''));
    if (!about) return null;
    return {
      call: {
        name: 'update_record',
        args: { entity: w.entity, target: about.target, changes: { status: statusOf(m[2]!) ?? m[2]! } },
      },
    };
  }

  /** "rattache la mission Refonte à Boulangerie Dupont", "link the diagnostic of Mary to account Acme". */
  function link(text: string): IntentMatch | null {
    const m = LINK.exec(text);
    if (!m) return null;
    const about = entityTargetFrom(cleanName(m[1] ?? '').replace(/^(?:de|du|d'|of|for|pour)\s+/i, ''));
    const to = entityTargetFrom(m[2]);
    if (!about || !to || !Object.keys(to.target).length) return null;
    if (to.entity && to.entity !== 'Lead' && to.entity !== 'Account') return null;
    return {
      call: {
        name: 'link_custom_record',
        args: {
          entity: w.entity,
          target: about.target,
          to: to.target,
          ...(to.entity ? { owner: to.entity } : {}),
        },
      },
    };
  }

  return (text: string, today: string): IntentMatch | null =>
    create(text, today) ?? move(text) ?? link(text) ?? find(text);
}
