import { z } from 'zod';

/** Why an address was refused; replies explain each one. */
export type EmailProblem = 'missing_at' | 'several_at' | 'missing_domain' | 'invalid';

export type EmailCheck = { ok: true; email: string } | { ok: false; problem: EmailProblem };

// zod's address pattern: no leading, trailing or double dot, a dotted domain with a 2+ letter TLD.
const address = z.email();

/** Checks an address before it is written ("lucas.petit@@mail" → several_at), trimmed. */
export function checkEmail(input: string): EmailCheck {
  const email = input.trim();
  if (email.length <= 254 && address.safeParse(email).success) return { ok: true, email };
  const ats = email.split('@').length - 1;
  if (ats === 0) return { ok: false, problem: 'missing_at' };
  if (ats > 1) return { ok: false, problem: 'several_at' };
  const domain = email.slice(email.indexOf('@') + 1);
  if (!/\.[^.\s]{2,}$/.test(domain)) return { ok: false, problem: 'missing_domain' };
  return { ok: false, problem: 'invalid' };
}
