import type { ToolOutcome } from '../../types.ts';

/** A WhatsApp write MAX will not make (no consent, no phone, cap…), rendered by its reason. */
export const whatsappRefused = (reason: string, value = ''): ToolOutcome => ({
  ok: false,
  kind: 'invalid',
  field: 'WhatsApp',
  reason,
  value,
});
