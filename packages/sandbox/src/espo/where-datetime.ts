/**
 * EspoCRM's DefaultDateTimeItemTransformer: a where item with `dateTime: true` on a date-time attribute is
 * rewritten into UTC `between`/`before`/`after` bounds computed in the item's `timeZone` (else the config
 * time zone). A date-only `on`/`between` end covers its whole day (`+1 day -1 second`).
 */
import { addDays, addSeconds, todayIn, utcNow, zonedToUtc } from './dates.ts';
import type { WhereItem } from './where-item.ts';

const endOfDay = (date: string, tz: string) => addSeconds(zonedToUtc(addDays(date, 1), tz), -1);

export function transformDateTimeItem(item: WhereItem, configTimeZone: string): WhereItem {
  const tz = item.timeZone || configTimeZone || 'UTC';
  const attribute = item.attribute;
  const value = item.value;
  const today = todayIn(tz);
  const plain = (type: string, v: unknown): WhereItem => ({ type, attribute, value: v });
  const asList = (v: unknown) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []);
  const short = (s: unknown) => String(s).length <= 10;
  switch (item.type) {
    case 'today':
      return plain('between', [zonedToUtc(today, tz), endOfDay(today, tz)]);
    case 'past':
      return plain('before', utcNow());
    case 'future':
      return plain('after', utcNow());
    case 'lastSevenDays':
      return plain('between', [zonedToUtc(addDays(today, -7), tz), utcNow()]);
    case 'lastXDays':
      return plain('between', [
        zonedToUtc(addDays(today, -Number.parseInt(String(value), 10)), tz),
        utcNow(),
      ]);
    case 'nextXDays':
      return plain('between', [utcNow(), endOfDay(addDays(today, Number.parseInt(String(value), 10)), tz)]);
    case 'olderThanXDays':
      return plain('before', zonedToUtc(addDays(today, -Number.parseInt(String(value), 10)), tz));
    case 'afterXDays':
      return plain('after', zonedToUtc(addDays(today, Number.parseInt(String(value), 10)), tz));
    case 'on': {
      const from = zonedToUtc(String(value), tz);
      return plain('between', [from, short(value) ? endOfDay(String(value), tz) : from]);
    }
    case 'before':
      return plain('before', zonedToUtc(String(value), tz));
    case 'after':
      return plain('after', short(value) ? endOfDay(String(value), tz) : zonedToUtc(String(value), tz));
    case 'between': {
      const [a, b] = asList(value);
      return plain('between', [
        zonedToUtc(String(a), tz),
        short(b) ? endOfDay(String(b), tz) : zonedToUtc(String(b), tz),
      ]);
    }
    case 'currentMonth':
    case 'lastMonth':
    case 'nextMonth': {
      const first = `${today.slice(0, 7)}-01`;
      const d = new Date(`${first}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + (item.type === 'lastMonth' ? -1 : item.type === 'nextMonth' ? 1 : 0));
      const from = d.toISOString().slice(0, 10);
      d.setUTCMonth(d.getUTCMonth() + 1);
      return plain('between', [
        zonedToUtc(from, tz),
        addSeconds(zonedToUtc(d.toISOString().slice(0, 10), tz), -1),
      ]);
    }
    default:
      return { type: item.type, attribute, value };
  }
}
