import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/agent/rules/index.ts';

const read = (text: string) => parseCommand(text, { today: '2026-12-07', locale: 'fr' });

describe('the rules engine reads messages to leads and their consent (FR/EN)', () => {
  it.each([
    ['envoie un WhatsApp à Marie Dupont : votre devis est prêt', 'Marie Dupont', 'votre devis est prêt'],
    [
      'Envoie un message WhatsApp à Marie Dupont: votre devis est prêt',
      'Marie Dupont',
      'votre devis est prêt',
    ],
    ['écris à Marie Dupont sur WhatsApp : on passe demain ?', 'Marie Dupont', 'on passe demain ?'],
    ['send Marie Dupont a WhatsApp: your quote is ready', 'Marie Dupont', 'your quote is ready'],
    ['send a WhatsApp message to John Smith: see you tomorrow', 'John Smith', 'see you tomorrow'],
    ['WhatsApp à Karim Benali : merci pour votre visite', 'Karim Benali', 'merci pour votre visite'],
  ])('%s → send_whatsapp', (text, name, body) => {
    const r = read(text);
    expect(r.kind).toBe('calls');
    if (r.kind !== 'calls') return;
    expect(r.calls[0]).toEqual({ name: 'send_whatsapp', args: { target: { name }, text: body } });
  });

  it('a contact said as such is looked for among contacts', () => {
    const r = read('envoie un WhatsApp au contact Paul Martin : rappel de notre rdv');
    expect(r.kind === 'calls' && r.calls[0]?.args).toEqual({
      target: { name: 'Paul Martin' },
      entity: 'Contact',
      text: 'rappel de notre rdv',
    });
  });

  it.each([
    ['Marie Dupont accepte les messages WhatsApp', 'Marie Dupont', 'granted'],
    ['Marie Dupont a donné son accord pour WhatsApp', 'Marie Dupont', 'granted'],
    ['John Smith agreed to WhatsApp messages', 'John Smith', 'granted'],
    ['record WhatsApp consent for John Smith', 'John Smith', 'granted'],
    ['Marie Dupont ne veut plus de messages WhatsApp', 'Marie Dupont', 'revoked'],
    ['withdraw WhatsApp consent for John Smith', 'John Smith', 'revoked'],
  ])('%s → set_whatsapp_consent', (text, name, consent) => {
    const r = read(text);
    expect(r.kind).toBe('calls');
    if (r.kind !== 'calls') return;
    expect(r.calls[0]).toEqual({ name: 'set_whatsapp_consent', args: { target: { name }, consent } });
  });

  it('a message without a text to send is not a send', () => {
    const r = read('envoie un WhatsApp à Marie Dupont');
    expect(r.kind === 'calls' && r.calls[0]?.name === 'send_whatsapp').toBe(false);
  });
});
