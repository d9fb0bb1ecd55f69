import { detectLanguage, parseCommand, rulesHelp } from '@max/core';
import { describe, expect, it } from 'vitest';
import { TODAY } from './phrases.ts';

describe('language detection', () => {
  const cases: Array<[string, 'fr' | 'en']> = [
    ['crée un lead pour Marie', 'fr'],
    ['create a lead for Mary', 'en'],
    ['trouve le lead Dupont', 'fr'],
    ['find lead John', 'en'],
    ['derniers leads', 'fr'],
    ['show recent leads', 'en'],
    ['add note: left voicemail', 'en'],
    ['note: rappeler la semaine prochaine', 'fr'],
    ["remind me to call John O'Brien tomorrow", 'en'],
    ['tâche urgente : envoyer le devis', 'fr'],
    ['quel temps fait-il ?', 'fr'],
    ['delete all leads', 'en'],
    ['John is dead', 'en'],
    ['Dupont est perdu', 'fr'],
  ];
  for (const [text, lang] of cases) {
    it(`${text} → ${lang}`, () => {
      expect(detectLanguage(text, lang === 'fr' ? 'en' : 'fr')).toBe(lang);
    });
  }

  it('ids, e-mails, phones and dates carry no signal (a hex id holds "de"; an e-mail "jean.de@…")', () => {
    expect(detectLanguage('merge the contacts 1a23241de960000af and 1a23241de990000cc', 'fr')).toBe('en');
    expect(detectLanguage('find jean.de@exemple.fr', 'fr')).toBe('en');
    expect(detectLanguage('fusionne 6b03ca539c96ba0c6 dans 6b03ca539c96ba0c5', 'en')).toBe('fr');
    expect(detectLanguage('1a23241de960000af 06 12 34 56 78 2027-03-29', 'en')).toBe('en');
  });

  it('falls back to the locale when the text says nothing', () => {
    for (const text of ['ok', '', '👍', 'Marie Dupont', 'lead', 'marie@x.fr']) {
      expect(detectLanguage(text, 'en')).toBe('en');
      expect(detectLanguage(text, 'fr')).toBe('fr');
    }
    expect(detectLanguage('ok')).toBe('fr');
  });

  it('parseCommand reports the sender’s language, understood or not', () => {
    expect(parseCommand('show recent leads', { today: TODAY, locale: 'fr' }).language).toBe('en');
    expect(parseCommand('derniers leads', { today: TODAY, locale: 'en' }).language).toBe('fr');
    expect(parseCommand('delete lead John', { today: TODAY, locale: 'fr' })).toMatchObject({
      kind: 'unknown',
      language: 'en',
    });
    expect(parseCommand('👍', { today: TODAY, locale: 'en' })).toMatchObject({
      kind: 'smalltalk',
      language: 'en',
    });
  });
});

describe('help text', () => {
  it('French: the exact sentence with twelve examples (contacts, opportunities, conversion, calls, meetings, custom entities, memory, maintenance and setup among them)', () => {
    expect(rulesHelp('fr')).toBe(
      "Voici ce que je sais faire, par exemple : « crée un lead Marie Dupont, email marie@exemple.fr », « trouve le lead Dupont », « crée un contact Marie Dupont chez Boulangerie Dupont », « crée une opportunité Site web pour Boulangerie Dupont, 5000 € », « convertis le lead Dupont », « j'ai appelé Dupont, il rappelle lundi », « rdv avec Dupont demain à 10h », « crée une mission MAX pour Boulangerie Dupont, budget 1500 € », « cherche les doublons », « rapport qualité », « configure le CRM pour une boulangerie » ou « retiens que nous sommes une agence immobilière à Lyon ».",
    );
  });

  it('English: twelve examples', () => {
    expect(rulesHelp('en')).toMatch(
      /^Here is what I can do, for example: (?:"[^"]+", ){10}"[^"]+" or "[^"]+"\.$/,
    );
  });

  it('every example in the help is itself understood, in its language', () => {
    const fr = [...rulesHelp('fr').matchAll(/« ([^»]+) »/g)].map((m) => m[1]!);
    const en = [...rulesHelp('en').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    expect(fr).toHaveLength(12);
    expect(en).toHaveLength(12);
    for (const [examples, lang] of [
      [fr, 'fr'],
      [en, 'en'],
    ] as const) {
      const calls = examples.map((e) =>
        parseCommand(e, { today: TODAY, locale: lang === 'fr' ? 'en' : 'fr' }),
      );
      expect(calls.map((c) => c.language)).toEqual(examples.map(() => lang));
      expect(calls.map((c) => (c.kind === 'calls' ? c.calls[0]!.name : c.kind))).toEqual([
        'create_lead',
        'find_leads',
        'create_contact',
        'create_opportunity',
        'convert_lead',
        'log_call',
        'schedule_meeting',
        'create_custom_record',
        'find_duplicates',
        'data_quality_report',
        'plan_sector_setup',
        'remember',
      ]);
    }
  });
});
