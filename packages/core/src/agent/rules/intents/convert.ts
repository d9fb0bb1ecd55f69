import { cleanName } from '../names.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch, LeadTargetArgs } from '../types.ts';
import { withTarget } from './contact-update.ts';
import { findAmount, findCloseDate } from './opportunity-words.ts';

const VERB = '(?:convertis(?:sez)?|convertir|convertit|converti|convert)';
const INTO =
  '(?:\\s+(?:en|into|to|as)\\s+(?:(?:un|une|a|an)\\s+)?(?:contact|client|cliente|customer|compte|account)(?:\\s+(?:et|and|\\+)\\s+(?:(?:un|une|a|an)\\s+)?(?:contact|client|compte|account|opportunit[ée]|opportunity|deal))*)';
// "convertis le lead Dupont", "convertis-le", "convert lead Mary Smith into a contact, with a $5,000 deal".
const CONVERT = new RegExp(
  `^${VERB}(-(?:le|la|les|lui)(?![\\p{L}]))?(?:\\s+(.{1,120}?))??${INTO}?(?:\\s*(?:,|;|avec|with|\\+)\\s*(.{1,200}))?\\s*$`,
  'iu',
);
// "transforme le lead Dupont en contact": only with the lead word, or into a contact/customer.
const TRANSFORM = new RegExp(
  `^(?:transforme[rz]?|turn)(?:\\s+(?:le|la|the|this|ce))?\\s+(?:lead|prospect)\\s+(.{1,120}?)${INTO}(?:\\s*(?:,|;|avec|with)\\s*(.{1,200}))?\\s*$`,
  'iu',
);

/** "convertis le lead Dupont (avec une opportunité de 5000 €)", "convert lead Mary Smith with a $5,000 deal". */
export function parseConvert(text: string, today: string): IntentMatch | null {
  // A target ≤ 120 and terms ≤ 200 characters: longer text is not a conversion, and is not scanned.
  if (text.length > 400) return null;
  let target: LeadTargetArgs | null;
  let extra: string;
  const m = CONVERT.exec(text);
  if (m) {
    target = m[1] ? {} : targetFrom(m[2] ?? '');
    if (m[1] && m[2]) return null;
    extra = m[3] ?? '';
  } else {
    const t = TRANSFORM.exec(text);
    if (!t) return null;
    target = targetFrom(t[1]);
    extra = t[2] ?? '';
  }
  if (!target) return null;
  if (Object.keys(target).length === 0 && !m?.[1] && !/(?:lead|prospect)/i.test(text)) return null;
  const amount = findAmount(extra);
  if (
    extra &&
    !amount &&
    !/^(?:(?:une|un|a|an)\s+)?(?:opportunit[ée]|opportunity|deal|affaire)?$/iu.test(cleanName(extra))
  )
    return null;
  const close = findCloseDate(extra, today);
  return {
    call: {
      name: 'convert_lead',
      args: withTarget(target, {
        ...(amount ? { amount: amount.amount } : {}),
        ...(amount?.currency ? { currency: amount.currency } : {}),
        ...(amount && close ? { closeDate: close.date } : {}),
      }),
    },
  };
}
