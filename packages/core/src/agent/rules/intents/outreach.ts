import type { IntentMatch } from '../types.ts';
import { type EntityTarget, entityTargetFrom, withEntity } from './note-target.ts';

/**
 * Messages to leads and contacts, and their consent, said in FR/EN:
 *   "envoie un WhatsApp à Marie Dupont : votre devis est prêt", "send Marie Dupont a WhatsApp: …",
 *   "Marie Dupont accepte les messages WhatsApp", "John Smith agreed to WhatsApp messages",
 *   "Marie Dupont ne veut plus de messages WhatsApp", "withdraw WhatsApp consent for John Smith".
 */
const WA = String.raw`(?:whats\s?app|wa)`;
const SEND_VERB = '(?:envoie[rz]?|envoyez|renvoie|[ée]cris|[ée]crire|[ée]crivez|send|write|message)';
const A_MESSAGE = String.raw`(?:(?:un|une|le|ce|a|an|this)\s+)?(?:(?:petit\s+)?(?:message|msg|mot|texto)\s+)?`;
const TO = '(?:à|a|au|aux|to)';
const SEP = String.raw`\s*(?::|\s[-–—]\s)\s*`;

const SEND: RegExp[] = [
  // envoie un (message) WhatsApp à X : …  /  send a WhatsApp (message) to X: …
  new RegExp(
    String.raw`^${SEND_VERB}\s+${A_MESSAGE}(?:(?:par|sur|via|on|by)\s+)?${WA}(?:\s+message)?\s+${TO}\s+(.{1,120}?)${SEP}`,
    'iu',
  ),
  // envoie à X (un message) (par|sur) WhatsApp : …  /  send X a WhatsApp (message): …  / message X on WhatsApp: …
  new RegExp(
    String.raw`^${SEND_VERB}\s+(?:${TO}\s+)?(.{1,120}?)\s+${A_MESSAGE}(?:(?:par|sur|via|on|by)\s+)?${WA}(?:\s+message)?${SEP}`,
    'iu',
  ),
  // WhatsApp à X : …  /  WhatsApp X: …
  new RegExp(String.raw`^${WA}\s+(?:${TO}\s+)?(.{1,120}?)${SEP}`, 'iu'),
];

const MESSAGES = String.raw`(?:(?:les|des|de|du|the)\s+)?(?:messages?\s+)?(?:(?:sur|par|via|on|by)\s+)?${WA}(?:\s+messages?)?`;

const GRANT: RegExp[] = [
  new RegExp(
    String.raw`^(.{1,120}?)\s+(?:accepte|a\s+accept[ée]|est\s+d'accord\s+pour|a\s+donn[ée]\s+son\s+(?:accord|consentement)\s+pour|consent\s+[àa]|veut\s+bien|agrees|agreed|accepts|accepted|consents|consented|opted\s+in|opts\s+in|said\s+yes)\s+(?:(?:to|for|with)\s+)?(?:(?:de\s+)?recevoir\s+|receiving\s+|receive\s+)?${MESSAGES}$`,
    'iu',
  ),
  new RegExp(
    String.raw`^(?:enregistre\s+|note\s+|record\s+|log\s+)?(?:le\s+|the\s+|a\s+)?(?:${WA}\s+)?(?:consentement|consent|opt-in|accord)(?:\s+${WA})?\s+(?:de|pour|du|for|of)\s+(.{1,120}?)$`,
    'iu',
  ),
];

const REVOKE: RegExp[] = [
  new RegExp(
    String.raw`^(.{1,120}?)\s+(?:ne\s+veut\s+plus|refuse|a\s+refus[ée]|no\s+longer\s+wants|refuses|refused|declined|withdrew\s+(?:their|his|her)\s+consent\s+(?:to|for))\s+(?:(?:de\s+)?recevoir\s+|to\s+receive\s+|receiving\s+)?${MESSAGES}$`,
    'iu',
  ),
  new RegExp(
    String.raw`^(?:retire|supprime|annule|withdraw|remove|revoke)\s+(?:le\s+|the\s+)?(?:${WA}\s+)?(?:consentement|consent|accord)(?:\s+${WA})?\s+(?:de|pour|du|for|of)\s+(.{1,120}?)$`,
    'iu',
  ),
];

const person = (fragment: string | undefined): EntityTarget | null => {
  const t = entityTargetFrom(fragment);
  if (!t || !Object.keys(t.target).length) return null;
  if (t.entity && t.entity !== 'Lead' && t.entity !== 'Contact') return null;
  return t;
};

export function parseSendWhatsapp(text: string): IntentMatch | null {
  for (const re of SEND) {
    const m = re.exec(text);
    if (!m) continue;
    const body = text.slice(m[0].length).trim();
    const who = person(m[1]);
    if (!body || !who) continue;
    return {
      call: { name: 'send_whatsapp', args: { ...withEntity(who), text: body } },
      bodyStart: m[0].length,
    };
  }
  return null;
}

export function parseWhatsappConsent(text: string): IntentMatch | null {
  const t = text.replace(/[.!]+$/, '').trim();
  for (const [list, consent] of [
    [REVOKE, 'revoked'],
    [GRANT, 'granted'],
  ] as const)
    for (const re of list) {
      const who = person(re.exec(t)?.[1]);
      if (who) return { call: { name: 'set_whatsapp_consent', args: { ...withEntity(who), consent } } };
    }
  return null;
}
