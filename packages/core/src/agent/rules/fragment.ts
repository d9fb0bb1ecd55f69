import { emailAttempt, phoneAttempt, stripContacts } from './extract.ts';

/** Words that may surround a bare e-mail or phone in a follow-up message ("son email : …", "and his phone"). */
const FILLER =
  /^(?:et|and|son|sa|ses|his|her|their|its|le|la|the|nouveau|nouvelle|new|est|is|c'est|it's|voici|here|[:,.;!-])$/iu;

/**
 * A message that is only contact details ("email marie@x.fr", "tél 06 12 34 56 78"): the rest of a
 * request sent in the previous message. Null when it says anything else.
 */
export function parseFragment(text: string): { emailAddress?: string; phoneNumber?: string } | null {
  const email = emailAttempt(text);
  const phone = phoneAttempt(text);
  if (!email && !phone) return null;
  const rest = stripContacts(text)
    .split(/\s+/)
    .filter((w) => w && !FILLER.test(w));
  if (rest.length) return null;
  return { ...(email ? { emailAddress: email } : {}), ...(phone ? { phoneNumber: phone } : {}) };
}
