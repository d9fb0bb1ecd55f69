import { crmRecordLink } from './crm-link.ts';
import type { T } from './i18n.ts';

export interface NamedRecord {
  entity: string;
  id: string;
  name: string | null;
}

/**
 * A reply of MAX, with each record it names (`[id]`, as WhatsApp shows it) turned into a link to
 * that record in the tenant's EspoCRM when the tenant has a public CRM address.
 */
export function ReplyText(p: { text: string; records: NamedRecord[]; crmUrl: string | null; t: T }) {
  const byId = new Map(p.records.map((r) => [r.id, r]));
  const parts = p.text.split(/(\[[0-9a-zA-Z]{8,24}\])/g);
  return (
    <p class="reply">
      {parts.map((part, i) => {
        const rec = /^\[(\w+)\]$/.exec(part) ? byId.get(part.slice(1, -1)) : undefined;
        const href = rec ? crmRecordLink(p.crmUrl, rec.entity, rec.id) : null;
        if (!rec || !href) return part;
        return (
          <a
            key={i}
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={p.t('openInCrm', { name: rec.name ?? rec.id })}
          >
            {part}
          </a>
        );
      })}
    </p>
  );
}
