import { findTool, MAX_COMMAND_LENGTH, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { TODAY } from './phrases.ts';
import { fastest } from './timing.ts';

const opts = { today: TODAY, locale: 'fr' as const };

describe('not commands: unknown, never a guess', () => {
  const unknown = [
    'quel temps fait-il ?',
    "what's the weather like?",
    '',
    '   ',
    'blabla',
    'Dupont',
    'marie@x.fr',
    'je suis en cours de réunion',
    'what is new',
    'crée un lead',
    'crée un lead, email a@b.fr',
    "change l'email de Dupont en pas-un-email",
    'leads',
  ];
  for (const text of unknown) {
    it(`"${text}" is not understood`, () => {
      expect(parseCommand(text, opts).kind).toBe('unknown');
    });
  }
});

describe('small talk is answered as such, never read as a command', () => {
  const talk: Array<[string, string]> = [
    ['👍🙂', 'ack'],
    ['🙏🙏🙏', 'ack'],
    ['ok', 'ack'],
    ['merci', 'thanks'],
    ['Salut', 'greeting'],
    ['bonjour MAX', 'greeting'],
    ['hello', 'greeting'],
    ['comment ça va ?', 'how'],
    ['hi there', 'greeting'],
    ['merci beaucoup MAX !', 'thanks'],
    ['bonne journée', 'bye'],
    ["qu'est-ce que tu sais faire ?", 'help'],
  ];
  for (const [text, act] of talk)
    it(`"${text}" is small talk (${act})`, () => {
      expect(parseCommand(text, opts)).toMatchObject({ kind: 'smalltalk', act });
    });
});

describe('nothing destructive, no schema change is ever inferred', () => {
  const destructive = [
    'supprime le lead Dupont',
    'delete lead John',
    'efface tous les leads',
    'supprime Dupont',
    'delete all leads',
    'remove Mary',
    'vide la base',
    'supprime la note de Dupont',
    'passe Dupont en cours et supprime Martin',
    'crée un lead Dupont puis efface Martin',
    'please erase lead marie@x.fr',
    'drop the leads table',
    'purge les prospects perdus',
    'ajoute un champ budget',
    'crée un champ Budget sur les leads',
    'ajoute le champ budget au lead Dupont',
    'create a field budget on leads',
    'rebuild the CRM',
    'réinitialise le CRM',
    'fusionne Dupont et Durand',
    'note pour supprimer Dupont : oui',
  ];
  for (const text of destructive) {
    it(`"${text}" makes no call`, () => {
      expect(parseCommand(text, opts).kind).toBe('unknown');
      expect(parseCommand(text, { ...opts, locale: 'en' }).kind).toBe('unknown');
    });
  }

  it('the tools it may call are exactly the member, no-confirmation ones', () => {
    const reachable = [
      'create_lead',
      'find_leads',
      'update_lead',
      'change_status',
      'add_note',
      'create_task',
      'list_recent',
    ];
    for (const name of reachable) {
      expect(findTool(name)?.confirm).toBe(false);
      expect(findTool(name)?.access).toBe('member');
    }
    expect(findTool('delete_lead')?.confirm).toBe(true);
  });
});

describe('bounded work on hostile input', () => {
  it('a 10 000-character input returns quickly and is not understood', () => {
    const long = `crée un lead ${'a'.repeat(5000)} ${'@b.'.repeat(1600)}`;
    const started = performance.now();
    expect(parseCommand(long, opts).kind).toBe('unknown');
    expect(parseCommand('x '.repeat(5000), opts).kind).toBe('unknown');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('a long command is refused whole rather than truncated into another one', () => {
    const note = `note : ${'très '.repeat(MAX_COMMAND_LENGTH / 5)}`;
    expect(note.length).toBeGreaterThan(MAX_COMMAND_LENGTH);
    expect(parseCommand(note, opts).kind).toBe('unknown');
    expect(parseCommand(note.slice(0, MAX_COMMAND_LENGTH), opts).kind).toBe('calls');
  });

  it('no pattern backtracks badly on inputs just under the cap', () => {
    const pieces = [
      'a',
      'a ',
      'é',
      '@',
      '@b.',
      'a@',
      '+1 ',
      '0',
      '06 ',
      '00',
      'de ',
      'change le x de ',
      'note à ',
      'tâche ',
      'lead ',
      'chez ',
      'at ',
      'en ',
      ':',
      ' - ',
      'le 12/',
      '12 mars ',
      'dans ',
      "l'",
      "'s ",
      'email ',
      '1 ',
      'leads ',
    ];
    const prefixes = [
      '',
      'crée un lead ',
      'change le téléphone de ',
      'note pour ',
      'tâche ',
      'trouve ',
      'passe ',
      'update ',
    ];
    const suffixes = ['', ' x', ' :', ' en cours', ' to a@b.fr'];
    let worst = 0;
    // The fastest of three runs each: backtracking is slow every time, a busy machine only sometimes.
    for (const p of pieces)
      for (const prefix of prefixes)
        for (const suffix of suffixes) {
          const size = MAX_COMMAND_LENGTH - prefix.length - suffix.length - 1;
          const text = prefix + p.repeat(Math.ceil(size / p.length)).slice(0, size) + suffix;
          worst = Math.max(
            worst,
            fastest(() => parseCommand(text, opts)),
          );
        }
    expect(worst).toBeLessThan(100);
  });

  it('text inside a note is kept as written, not interpreted', () => {
    const r = parseCommand('note pour Dupont : crée un lead Martin, email a@b.fr', opts);
    expect(r).toEqual({
      kind: 'calls',
      language: 'fr',
      calls: [
        { name: 'add_note', args: { target: { name: 'Dupont' }, text: 'crée un lead Martin, email a@b.fr' } },
      ],
    });
  });

  it('a sentence is never taken for a lead name', () => {
    const r = parseCommand(
      'passe la réunion de demain avec toute l’équipe commerciale et les stagiaires en cours',
      opts,
    );
    expect(r.kind).toBe('unknown');
  });
});

describe('a clause around a command: plain commentary is its own, anything else is asked', () => {
  const writes = (text: string) => {
    const r = parseCommand(text, opts);
    return r.kind === 'calls' ? r.calls.filter((c) => findTool(c.name)?.writes) : [];
  };

  it('a contact card with no verb is proposed (one question), never written as it stands', () => {
    for (const text of [
      'Daniel Cho, daniel.cho@chostudio.com, +44 7911 654321, runs Cho Studio',
      'Léa Roux, lea@roux.fr',
    ]) {
      const r = parseCommand(text, opts);
      expect(writes(text)).toEqual([]);
      expect(r.kind === 'ask' ? r.call.name : r.kind).toBe('create_lead');
    }
  });

  it('"the e-mail of X is now …" changes X, it never creates a lead X', () => {
    const r = parseCommand("l'email de Helene Marchand c'est maintenant h.m@marchand.fr", opts);
    expect(r.kind === 'calls' ? r.calls[0] : null).toEqual({
      name: 'update_lead',
      args: { target: { name: 'Helene Marchand' }, changes: { emailAddress: 'h.m@marchand.fr' } },
    });
  });

  it('a remark that hedges, names someone else or gives a value keeps the command from running', () => {
    for (const text of [
      'mark Tom Baker as lost, not sure yet',
      'passe Dupont en perdu, Martin aussi',
      'passe Dupont en perdu, ou plutôt en cours',
      'Dupont ne répond plus, passe-le en perdu',
      'Dupont et Martin hésitent, passe-le en perdu',
      // A call, then another command: not the call's text.
      'eu Mathis Perrin au tel, passe-le en perdu',
    ])
      expect(writes(text), text).toEqual([]);
  });

  it('a pronoun after a clause naming one person acts on that person', () => {
    const r = parseCommand('Julie Moreau a signé ! convertis le lead avec une opportunité de 3000 €', opts);
    expect(r.kind === 'calls' ? r.calls[0] : null).toMatchObject({
      name: 'convert_lead',
      args: { target: 'Julie Moreau', amount: 3000 },
    });
  });
});
