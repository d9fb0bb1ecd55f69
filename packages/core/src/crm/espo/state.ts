import type { CrmLabels, FieldDef } from '../port.ts';

/**
 * What an EspoCRM client learns and may keep between messages: login tokens (basic auth, per user
 * name), the field metadata cache, the install's currencies and the API user's id. Clients built on
 * the same state share them, so a per-tenant cache can keep one state while each message builds a
 * client with its own logger.
 */
export interface EspoClientState {
  tokens: Map<string, string>;
  fieldsCache: Map<string, { at: number; fields: Record<string, FieldDef> }>;
  userId: string | null;
  /** The install's currencies (GET Settings), cached like the field metadata. */
  currencies?: { at: number; value: { list: string[]; default: string } };
  /** Field and option labels of the install's language (GET I18n), cached like the field metadata. */
  labels?: { at: number; value: CrmLabels };
}

export function createEspoClientState(): EspoClientState {
  return { tokens: new Map(), fieldsCache: new Map(), userId: null };
}
