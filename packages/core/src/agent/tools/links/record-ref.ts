import { isRecordId } from '../../../crm/espo/ids.ts';
import type { RecordTarget } from '../../entities/target.ts';

/**
 * A record named in one string, as people and models write it inside another command ("pour
 * Boulangerie Dupont", "contact marie@x.fr", an id copied from a reply): id, e-mail or name.
 */
export function refTarget(ref: string): RecordTarget {
  const s = ref.trim();
  if (isRecordId(s)) return { id: s };
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return { emailAddress: s };
  return { name: s };
}
