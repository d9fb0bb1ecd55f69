/**
 * The attributes EspoCRM computes when it loads a record: names of linked records (`accountName`,
 * `parentName`, `assignedUserName`), link-multiple ids/names/columns, foreign fields, converted
 * currency, a call's duration and a contact's title (its role in its primary account).
 */
import { type EspoContext, nameOf } from './context.ts';
import { linkDef, linked, linkKind } from './links.ts';
import type { Rec } from './records.ts';

const seconds = (s: unknown) =>
  typeof s === 'string' ? Date.parse(`${s.replace(' ', 'T')}Z`) / 1000 : Number.NaN;

export interface HydrateOptions {
  /** Load link-multiple fields (read/create answers do, list rows do not). */
  multiple?: boolean;
}

export function hydrate(ctx: EspoContext, entity: string, rec: Rec, opts: HydrateOptions = {}): Rec {
  const defs = ctx.meta.entityDefs[entity];
  const out: Rec = { ...rec };
  if (!defs) return out;
  for (const [field, def] of Object.entries(defs.fields)) {
    switch (def.type) {
      case 'link': {
        const target = linkDef(ctx, entity, field)?.entity ?? (def.entity as string | undefined);
        if (target) out[`${field}Name`] = nameOf(ctx, target, rec[`${field}Id`]);
        break;
      }
      case 'linkParent':
        out[`${field}Name`] = nameOf(ctx, rec[`${field}Type`], rec[`${field}Id`]);
        break;
      case 'linkOne': {
        const one = linked(ctx, entity, rec, field)[0]?.rec;
        out[`${field}Id`] = one?.id ?? null;
        out[`${field}Name`] = one?.name ?? null;
        break;
      }
      case 'linkMultiple': {
        if (!opts.multiple || def.noLoad) break;
        const kind = linkKind(ctx, entity, field);
        if (!kind || kind.kind === 'unmodelled') {
          // Teams and other records the stand-in does not keep: whatever ids were written.
          const ids = Array.isArray(rec[`${field}Ids`]) ? (rec[`${field}Ids`] as string[]) : [];
          out[`${field}Ids`] = ids;
          out[`${field}Names`] = Object.fromEntries(ids.map((id) => [id, null]));
          break;
        }
        const items = linked(ctx, entity, rec, field).sort((a, b) =>
          String(a.rec.name ?? '').localeCompare(String(b.rec.name ?? '')),
        );
        out[`${field}Ids`] = items.map((i) => i.rec.id);
        out[`${field}Names`] = Object.fromEntries(items.map((i) => [i.rec.id, i.rec.name ?? null]));
        if (def.columns) {
          const columns = Object.keys(def.columns as Rec);
          out[`${field}Columns`] = Object.fromEntries(
            items.map((i) => [i.rec.id, Object.fromEntries(columns.map((c) => [c, i.columns[c] ?? null]))]),
          );
        }
        break;
      }
      case 'foreign': {
        const via = linked(ctx, entity, rec, String(def.link))[0]?.rec;
        out[field] = via ? (via[String(def.field)] ?? null) : null;
        break;
      }
      case 'currencyConverted': {
        // One currency (rate 1): the converted amount is the amount.
        const base = field.replace(/Converted$/, '');
        out[field] = rec[base] ?? null;
        break;
      }
      case 'duration': {
        const d = seconds(rec[String(def.end ?? 'dateEnd')]) - seconds(rec[String(def.start ?? 'dateStart')]);
        out[field] = Number.isFinite(d) ? d : null;
        break;
      }
      default:
    }
  }
  if (entity === 'Contact') {
    const primary = rec.accountId
      ? linked(ctx, 'Contact', rec, 'accounts').find((l) => l.rec.id === rec.accountId)
      : undefined;
    out.title = (primary?.columns.role as string | undefined) ?? null;
    out.accountRole = out.title;
    out.accountIsInactive = (primary?.columns.isInactive as boolean | undefined) ?? null;
  }
  return out;
}
