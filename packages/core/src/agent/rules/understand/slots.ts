/**
 * Values recognised on their own, before any intent is chosen: quoted names in any quote style,
 * e-mails, web addresses, phones, amounts with a currency, dates, times and durations. Each slot
 * keeps where it was, so the rest of the message can be read without it.
 */
import { findDueDate } from '../../calendar/dates.ts';
import { EMAIL, phoneAttempt } from '../extract.ts';
import { findDuration, findTime } from '../intents/meeting-time.ts';
import { findAmount } from '../intents/opportunity-words.ts';

export type SlotType = 'quoted' | 'email' | 'url' | 'phone' | 'amount' | 'date' | 'time' | 'duration';

export interface Slot {
  type: SlotType;
  start: number;
  end: number;
  /** As typed (quotes excluded for a quoted name). */
  raw: string;
  value: string | number;
  currency?: string;
}

// « … », “ … ”, " … ", ‘ … ’ (curly ones are straight after normalize), and ' … ' that starts after a
// space: the apostrophe of "D'Arcy" or "John's" is not a quote.
const QUOTED =
  /«\s*([^«»\n]{1,120}?)\s*»|“([^“”\n]{1,120})”|"([^"\n]{1,120})"|(?<![\p{L}\d])'([^'\n]{1,120})'(?![\p{L}\d])/gu;
const URL =
  /(?<![@\p{L}\d.])(?:https?:\/\/)?(?:www\.)?[a-z0-9-]{2,63}(?:\.[a-z0-9-]{2,63})*\.(?:fr|com|io|net|org|co|uk|eu|de|be|ch|es|it|app|dev|shop|biz|info)(?:\/[^\s,;]*)?(?![\p{L}\d@])/giu;

const AT_TYPED = /(?<![^\s,;<>()"«»[\]])[^\s,;<>()"«»[\]@]+@[^\s,;<>()"«»[\]]+/gu;

/** Blanks a found span so the next search does not see it, keeping every index in place. */
const blank = (text: string, start: number, end: number) =>
  text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);

// Amounts, dates, times and durations are looked for in the first characters only: a long message
// is a note whose words are its own, and this keeps the work on any input small.
const SCAN = 400;

function repeatFind(
  text: string,
  find: (t: string) => { phrase: string; index?: number; value: string | number; currency?: string } | null,
  type: SlotType,
  out: Slot[],
): string {
  let rest = text;
  for (let i = 0; i < 4; i++) {
    const f = find(type === 'phone' ? rest : rest.slice(0, SCAN));
    if (!f?.phrase.trim()) break;
    const start = f.index ?? rest.indexOf(f.phrase);
    if (start < 0) break;
    const end = start + f.phrase.length;
    out.push({
      type,
      start,
      end,
      raw: text.slice(start, end),
      value: f.value,
      ...(f.currency ? { currency: f.currency } : {}),
    });
    rest = blank(rest, start, end);
  }
  return rest;
}

export interface Recognised {
  slots: Slot[];
  /** The text with every slot blanked out (same length, same indices). */
  rest: string;
}

export function recognise(text: string, today: string): Recognised {
  const slots: Slot[] = [];
  let rest = text;
  for (const m of text.matchAll(QUOTED)) {
    const inner = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (!inner) continue;
    slots.push({ type: 'quoted', start: m.index, end: m.index + m[0].length, raw: inner, value: inner });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  for (const m of rest.matchAll(EMAIL)) {
    const v = m[0].replace(/\.+$/, '');
    slots.push({ type: 'email', start: m.index, end: m.index + v.length, raw: v, value: v });
    rest = blank(rest, m.index, m.index + v.length);
  }
  // What someone typed as an e-mail, valid or not ("marie@@x.fr", "john@example"): the tool checks it
  // and the reply says what is wrong, rather than its pieces being read as words.
  for (const m of rest.matchAll(AT_TYPED)) {
    const v = m[0].replace(/[.!?:]+$/, '');
    slots.push({ type: 'email', start: m.index, end: m.index + v.length, raw: v, value: v });
    rest = blank(rest, m.index, m.index + v.length);
  }
  for (const m of rest.matchAll(URL)) {
    slots.push({ type: 'url', start: m.index, end: m.index + m[0].length, raw: m[0], value: m[0] });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  rest = repeatFind(
    rest,
    (t) => {
      const p = phoneAttempt(t);
      return p && /\d{6}/.test(p.replace(/\D/g, '')) ? { phrase: p, value: p } : null;
    },
    'phone',
    slots,
  );
  rest = repeatFind(
    rest,
    (t) => {
      const a = findAmount(t);
      return a
        ? { phrase: a.phrase, value: a.amount, ...(a.currency ? { currency: a.currency } : {}) }
        : null;
    },
    'amount',
    slots,
  );
  rest = repeatFind(
    rest,
    (t) => findDuration(t) && { phrase: findDuration(t)!.phrase, value: findDuration(t)!.value },
    'duration',
    slots,
  );
  rest = repeatFind(
    rest,
    (t) => {
      const d = findDueDate(t, today);
      return d ? { phrase: d.phrase, index: d.index, value: d.date } : null;
    },
    'date',
    slots,
  );
  rest = repeatFind(
    rest,
    (t) => {
      const h = findTime(t);
      return h ? { phrase: h.phrase, value: h.value } : null;
    },
    'time',
    slots,
  );
  slots.sort((a, b) => a.start - b.start);
  return { slots, rest };
}
