/**
 * The frame reader's records: create and change leads, contacts, accounts and opportunities from
 * the words of any order ("ajoute Léa Roux de la société Roux & Fils, lea@…", "add a new lead:
 * John Smith, john@…, Acme Corp", "update Marie Dupont phone to 06…"). Names come from the runs,
 * values from the slots; what cannot be placed stays a leftover for the coverage check.
 */

import { findStatus } from '../../entities/statuses.ts';
import { isName, splitName } from '../names.ts';
import type { ToolCallRequest } from '../types.ts';
import type { Entity } from './lexicon.ts';
import { markerOf, type Reading, type Run } from './reading.ts';
import type { Slot } from './slots.ts';

const COMPANY_MARKERS = new Set([
  'chez',
  'at',
  'from',
  'societe',
  'entreprise',
  'company',
  'boite',
  'compte',
  'account',
  'pour',
  'for',
  'works',
  'travaille',
  // Who runs the company: "runs Cho Studio", "dirige Garage Martin", "owner of …" (with "of").
  'runs',
  'run',
  'owns',
  'manages',
  'dirige',
  'gere',
]);
// The person a lead is about when the record itself is a business: "« Bistrot Lucien » comme lead, contact : Lucien Faure".
const PERSON_MARKERS = new Set(['contact', 'interlocuteur', 'interlocutrice', 'gerant', 'gerante', 'owner']);
// A role, then the company it is held at: "gérante du Café des Arts", "head of sales at …", "CEO of Acme".
const OF_MARKERS = new Set(['du', 'de', 'des', 'd', 'of']);
const TITLE_MARKERS = new Set(['titre', 'poste', 'fonction', 'title', 'job', 'role', 'position']);
const ACCOUNT_OF_DEAL = new Set([
  'pour',
  'for',
  'chez',
  'at',
  'with',
  'avec',
  'compte',
  'account',
  'client',
  'societe',
  'company',
  'entreprise',
]);
const FIELDS: Record<string, string> = {
  email: 'emailAddress',
  phone: 'phoneNumber',
  company: 'accountName',
  title: 'title',
  website: 'website',
  source: 'source',
};

const BARE_AMOUNT = /(?<![\p{L}\d.,])(\d{1,3}(?:[ .]\d{3})+|\d{2,9})(\s?k)?(?![\p{L}\d.,])/iu;
const ACCOUNT_NOUNS = new Set(['societe', 'entreprise', 'company', 'compte', 'account', 'boite']);
const STATUS_TRIGGER =
  /(?<![\p{L}])(?:statut|status|passe[rz]?|mets?|mettre|marque[rz]?|mark|set|move|change[rz]?|est|is|as|en|to|au|comme|→|->|:)(?![\p{L}])/iu;
const slotOf = (r: Reading, type: Slot['type']) => r.rec.slots.find((s) => s.type === type);
const slotValue = (s: Slot | undefined) => (s ? String(s.value) : undefined);

/** The kind of record to create: the noun said before the first name, else a lead (a person). */
function createdEntity(r: Reading): Entity {
  // A person's kind anywhere ("add Zoé D'Arcy from Globex as a contact"), else the noun said
  // before the first name ("crée la société Acme"), else a lead.
  const person = r.words.find((w) => (w.entity === 'Lead' || w.entity === 'Contact') && w.label === null);
  if (person?.entity) return person.entity;
  const first = r.runs[0]?.start ?? Number.POSITIVE_INFINITY;
  const noun = r.words.find((w) => w.entity && w.start < first);
  return noun?.entity ?? 'Lead';
}

const ENTITY_WORDS = new Set([
  'lead',
  'prospect',
  'contact',
  'compte',
  'account',
  'societe',
  'company',
  'opportunite',
  'deal',
  'affaire',
]);
/** A name the sentence gives for sure: capitalised, or right after its record noun ("le lead dupont"). */
const namey = (run: Run) => isName(run.text) && (run.capitalised || ENTITY_WORDS.has(markerOf(run) ?? ''));

function person(run: Run | undefined): { firstName?: string; lastName: string } | null {
  if (!run || !isName(run.text) || run.text.split(' ').length > 5) return null;
  return splitName(run.text);
}

/** The word before "Label :" right in front of a run ("Contact : Lucien Faure" → "contact"). */
function labelledBy(r: Reading, run: Run): string | undefined {
  if (!/:\s*$/.test(r.text.slice(0, run.start))) return undefined;
  return r.words.filter((w) => w.end <= run.start).at(-1)?.word;
}

export function createCall(r: Reading): ToolCallRequest | null {
  const entity = createdEntity(r);
  const email = slotValue(slotOf(r, 'email'));
  const phone = slotValue(slotOf(r, 'phone'));
  if (entity === 'Opportunity') return createDeal(r);
  const runs = r.runs;
  if (entity === 'Account') {
    // The company's own name: right after its noun ("crée la société Acme"), else the first one said.
    const own = runs.find((x) => ACCOUNT_NOUNS.has(markerOf(x) ?? '')) ?? runs[0];
    if (!own) return null;
    const site = slotValue(slotOf(r, 'url'));
    return {
      name: 'create_account',
      args: {
        name: own.text,
        ...(email ? { emailAddress: email } : {}),
        ...(phone ? { phoneNumber: phone } : {}),
        ...(site ? { website: site } : {}),
      },
    };
  }
  // The first name said as a name: capitalised, or right after its noun ("crée un lead marie dupont").
  const plain = runs.find(
    (x) =>
      !COMPANY_MARKERS.has(markerOf(x) ?? '') &&
      !TITLE_MARKERS.has(markerOf(x) ?? '') &&
      (x.capitalised || ENTITY_WORDS.has(markerOf(x) ?? '')),
  );
  // A lead that is a business, with its contact person named after "contact": the person is the lead.
  const contact =
    entity === 'Lead'
      ? runs.find(
          (x) =>
            x !== plain &&
            x.capitalised &&
            (PERSON_MARKERS.has(markerOf(x) ?? '') || PERSON_MARKERS.has(labelledBy(r, x) ?? '')),
        )
      : undefined;
  const named = contact ?? plain;
  // A person's name is capitalised, or comes right after its noun ("crée un lead marie dupont").
  if (!named || !(named.capitalised || ENTITY_WORDS.has(markerOf(named) ?? ''))) return null;
  const who = person(named);
  if (!who) return null;
  // A role held at a company, in one clause: "gérante du Café des Arts", "chef de projet chez X".
  const roleAt = runs.find(
    (x) =>
      x !== named &&
      x.capitalised &&
      OF_MARKERS.has(markerOf(x) ?? '') &&
      runs.some((y) => !y.capitalised && y.clause === x.clause && y.end < x.start),
  );
  // A company: after its marker ("chez", "from", "de la société"), else the one other name of a list.
  const company =
    (contact ? plain : undefined) ??
    // After the person first ("Got a referral from Emma: Daniel Cho, …, runs Cho Studio").
    runs.find((x) => x.start > named.end && COMPANY_MARKERS.has(markerOf(x) ?? '')) ??
    runs.find((x) => x !== named && COMPANY_MARKERS.has(markerOf(x) ?? '')) ??
    roleAt ??
    runs.find(
      (x) =>
        x !== named && x.capitalised && x.clause !== named.clause && !TITLE_MARKERS.has(markerOf(x) ?? ''),
    );
  // "James Wright, marketing manager at Wright Hotels": the lower-case words right before the company.
  const roleRuns = runs.filter(
    (x) => company && !x.capitalised && x.clause === company.clause && x.end < company.start && x !== named,
  );
  const title =
    runs.find((x) => TITLE_MARKERS.has(markerOf(x) ?? '')) ??
    (roleRuns.length ? { text: r.text.slice(roleRuns[0]!.start, roleRuns.at(-1)!.end) } : undefined);
  return {
    name: entity === 'Contact' ? 'create_contact' : 'create_lead',
    args: {
      ...who,
      ...(email ? { emailAddress: email } : {}),
      ...(phone ? { phoneNumber: phone } : {}),
      ...(company ? { accountName: company.text } : {}),
      ...(title ? { title: title.text } : {}),
    },
  };
}

function createDeal(r: Reading): ToolCallRequest | null {
  const account = r.runs.find((x) => ACCOUNT_OF_DEAL.has(markerOf(x) ?? ''));
  const quoted = r.rec.slots.find((s) => s.type === 'quoted');
  // "new deal for Wright Hotels: booking site, 12000 euros": the name is what the colon introduces.
  const colon = /:\s*([^,;:]{2,60}?)\s*(?:[,;]|$)/u.exec(r.rec.rest)?.[1]?.trim();
  const afterColon = colon && /\p{L}/u.test(colon) && colon.split(/\s+/).length <= 6 ? colon : undefined;
  const named = quoted ? String(quoted.value) : (afterColon ?? r.runs.find((x) => x !== account)?.text);
  const amount = slotOf(r, 'amount');
  // A bare number in a deal is its amount ("… pour Acme, 5000"), in the business's currency.
  const bare = amount ? null : BARE_AMOUNT.exec(r.rec.rest);
  const date = slotOf(r, 'date');
  if (!named && !account) return null;
  return {
    name: 'create_opportunity',
    args: {
      ...(named ? { name: named } : {}),
      ...(amount ? { amount: amount.value, ...(amount.currency ? { currency: amount.currency } : {}) } : {}),
      ...(bare ? { amount: Number(bare[1]!.replace(/[\s.]/g, '')) * (bare[2] ? 1000 : 1) } : {}),
      ...(date ? { closeDate: date.value } : {}),
      ...(account ? { account: account.text } : {}),
    },
  };
}

/** Who a change is about: an e-mail or phone that is not the new value, else the one name said. */
function targetOf(r: Reading, used: Slot | undefined, valueRun?: Run): Record<string, string> | null {
  const email = r.rec.slots.find((s) => s.type === 'email' && s !== used);
  if (email) return { emailAddress: String(email.value) };
  const phone = r.rec.slots.find((s) => s.type === 'phone' && s !== used);
  if (phone) return { phoneNumber: String(phone.value) };
  const names = r.runs.filter((x) => x !== valueRun);
  return names.length === 1 && namey(names[0]!) ? { name: names[0]!.text } : null;
}

/** "update Marie Dupont phone to 06…", "nouveau mail pour Dupont : x@…", "Dupont's email is now …". */
export function updateCall(r: Reading, stated = false): ToolCallRequest | null {
  const all = r.words.filter((w) => w.label && FIELDS[w.label]);
  // One field, however many of its words ("phone number", "numéro de téléphone").
  const labels = all.filter((w, i) => all.findIndex((x) => x.label === w.label) === i);
  if (labels.length !== 1) return null;
  // Without a verb ("le mail de Marc Dubois est maintenant marc@…") only a value of the field's own
  // kind (an e-mail, a phone, a web address) is taken.
  if (stated && !['email', 'phone', 'website'].includes(labels[0]!.label!)) return null;
  const field = FIELDS[labels[0]!.label!]!;
  let used: Slot | undefined;
  let valueRun: Run | undefined;
  let value: string | undefined;
  if (field === 'emailAddress') used = slotOf(r, 'email');
  else if (field === 'phoneNumber') used = slotOf(r, 'phone');
  else if (field === 'website') used = slotOf(r, 'url');
  if (used) value = String(used.value);
  else if (field === 'emailAddress' || field === 'phoneNumber' || field === 'website') return null;
  else {
    valueRun = r.runs.filter((x) => x.start > labels[0]!.start).at(-1);
    value = valueRun?.text;
  }
  if (!value) return null;
  const target = targetOf(r, used, valueRun);
  if (!target) return null;
  const entity = r.words.find((w) => w.entity && w.entity !== 'Lead' && w.label === null)?.entity;
  const changes = { [field]: value };
  if (entity === 'Contact' || entity === 'Account') {
    const ref = target.emailAddress ?? target.phoneNumber ?? target.name;
    return {
      name: entity === 'Contact' ? 'update_contact' : 'update_account',
      args: { target: ref, changes },
    };
  }
  return { name: 'update_lead', args: { target, changes } };
}

/** "mets Dupont au statut perdu", "le lead Dupont : en cours", "Dupont → converted". */
export function statusCall(r: Reading): ToolCallRequest | null {
  const bare = r.rec.rest;
  const s = findStatus(bare);
  // A status is set only when the words set one ("passe … en", "est", "mark … as", "statut"):
  // "Julie Moreau a signé" tells news, it does not ask for a change.
  if (!s || !STATUS_TRIGGER.test(bare)) return null;
  const runs = r.runs.filter((x) => x.end <= s.index || x.start >= s.index + s.phrase.length);
  const email = slotOf(r, 'email');
  const phone = slotOf(r, 'phone');
  const target = email
    ? { emailAddress: String(email.value) }
    : phone
      ? { phoneNumber: String(phone.value) }
      : runs.length === 1 && namey(runs[0]!)
        ? { name: runs[0]!.text }
        : null;
  return target ? { name: 'change_status', args: { target, status: s.status } } : null;
}
