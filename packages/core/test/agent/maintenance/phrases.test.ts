import { findTool, MAX_COMMAND_LENGTH, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { parseFindDuplicates, parseMerge } from '../../../src/agent/rules/intents/duplicates.ts';
import { parseQuality } from '../../../src/agent/rules/intents/quality.ts';
import { parseSetup } from '../../../src/agent/rules/intents/setup.ts';
import { TODAY } from '../rules/phrases.ts';

/** Issue 14 §3/§5: the rules engine's FR/EN phrasings of the maintenance commands → the exact calls. */
const A = '6b03ca539c96ba0c5';
const B = '6b03ca539c96ba0c6';
const C = '6b03ca539c96ba0c7';

type Phrase = [text: string, tool: string, args: Record<string, unknown>];

const phrases: Phrase[] = [
  ['cherche les doublons', 'find_duplicates', {}],
  ['Salut MAX, trouve les doublons de contacts', 'find_duplicates', { entity: 'Contact' }],
  ['y a-t-il des doublons ?', 'find_duplicates', {}],
  ['doublons', 'find_duplicates', {}],
  ['vérifie les doublons dans les leads', 'find_duplicates', { entity: 'Lead' }],
  ['des contacts en double ?', 'find_duplicates', { entity: 'Contact' }],
  ['montre-moi les leads en double', 'find_duplicates', { entity: 'Lead' }],
  ['find duplicates', 'find_duplicates', {}],
  ['any duplicate contacts?', 'find_duplicates', { entity: 'Contact' }],
  ['show me duplicate leads', 'find_duplicates', { entity: 'Lead' }],
  ['check for duplicates', 'find_duplicates', {}],
  ['are there duplicates in my contacts?', 'find_duplicates', { entity: 'Contact' }],
  [`fusionne ${B} dans ${A}`, 'merge_records', { targetId: A, sourceIds: [B] }],
  [`fusionne les leads ${A} et ${B}`, 'merge_records', { entity: 'Lead', targetId: A, sourceIds: [B] }],
  [`fusionne ${A} avec ${B}`, 'merge_records', { targetId: A, sourceIds: [B] }],
  [`fusionne ${B}, ${C} dans ${A}`, 'merge_records', { targetId: A, sourceIds: [B, C] }],
  [`merge ${B} into ${A}`, 'merge_records', { targetId: A, sourceIds: [B] }],
  [`merge contacts ${A} and ${B}`, 'merge_records', { entity: 'Contact', targetId: A, sourceIds: [B] }],
  [`please merge ${B} and ${C} into ${A}`, 'merge_records', { targetId: A, sourceIds: [B, C] }],
  ['rapport qualité', 'data_quality_report', {}],
  ['qualité des données', 'data_quality_report', {}],
  ['vérifie la qualité des leads', 'data_quality_report', { entity: 'Lead' }],
  ['fais un rapport de qualité du CRM', 'data_quality_report', {}],
  ['fiches incomplètes ?', 'data_quality_report', {}],
  ['opportunités incomplètes', 'data_quality_report', { entity: 'Opportunity' }],
  ['data quality report', 'data_quality_report', {}],
  ['check data quality of contacts', 'data_quality_report', { entity: 'Contact' }],
  ['incomplete accounts', 'data_quality_report', { entity: 'Account' }],
  ['show me the data quality', 'data_quality_report', {}],
];

describe('maintenance phrasings (FR/EN) → the exact calls', () => {
  for (const [text, name, args] of phrases)
    it(text, () => {
      for (const locale of ['fr', 'en'] as const) {
        const r = parseCommand(text, { today: TODAY, locale });
        expect(r).toMatchObject({ kind: 'calls', calls: [{ name, args }] });
        if (r.kind !== 'calls') return;
        expect(r.calls[0]!.args).toEqual(args);
        expect(findTool(name)!.parameters.safeParse(r.calls[0]!.args).success).toBe(true);
      }
    });

  it('a merge is never guessed from names, only from ids, and still asks for a yes', () => {
    for (const text of [
      'fusionne Dupont et Durand',
      'merge Mary and John',
      `fusionne ${A}`,
      `fusionne ${A} dans ${A}`,
      `supprime ${B} et garde ${A}`,
    ])
      expect(parseCommand(text, { today: TODAY, locale: 'fr' }).kind, text).toBe('unknown');
    // Merging "the duplicates" without ids lists them (with their ids): reading, never merging.
    expect(parseCommand('fusionne tous les doublons', { today: TODAY, locale: 'fr' })).toMatchObject({
      kind: 'calls',
      calls: [{ name: 'find_duplicates', args: {} }],
    });
    expect(findTool('merge_records')).toMatchObject({ access: 'admin', confirm: true, writes: true });
  });

  it('words near the maintenance ones are not taken for them', () => {
    for (const text of [
      'crée un lead Doublon',
      'note pour Dupont : vérifier les doublons',
      'qualité',
      'rapport',
      'check',
      'trouve le lead Qualité',
    ]) {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      const names = r.kind === 'calls' ? r.calls.map((c) => c.name) : [];
      if (text === 'qualité') expect(names).toEqual(['data_quality_report']);
      else {
        expect(names, text).not.toContain('find_duplicates');
        expect(names, text).not.toContain('data_quality_report');
      }
    }
  });

  it('no maintenance or setup pattern backtracks badly on inputs just under the cap', () => {
    const pieces = [
      'a',
      'a ',
      'é',
      A,
      `${A} `,
      `${A} et `,
      `${A}, `,
      'dans ',
      'des ',
      'les ',
      'de ',
      'leads ',
      'en double ',
      'qualité ',
      'crm ',
      'pour ',
    ];
    const prefixes = [
      'fusionne ',
      `fusionne ${A} dans `,
      'merge the contacts ',
      'cherche les doublons ',
      'trouve les ',
      'rapport de qualité ',
      'vérifie la qualité des ',
      'fiches ',
      'configure le CRM pour ',
      'crée les champs pour ',
      'set up the CRM for ',
    ];
    const parsers = [parseFindDuplicates, parseMerge, parseQuality, parseSetup];
    for (const parse of parsers) parse('warm up');
    let worst = 0;
    for (const p of pieces)
      for (const prefix of prefixes)
        for (const suffix of ['', ' ?', ` dans ${B}`, ' immobilier']) {
          const size = MAX_COMMAND_LENGTH - prefix.length - suffix.length - 1;
          const text = prefix + p.repeat(Math.ceil(size / p.length)).slice(0, size) + suffix;
          for (const parse of parsers) {
            const started = performance.now();
            parse(text);
            worst = Math.max(worst, performance.now() - started);
          }
        }
    // Linear patterns take well under a millisecond here; the margin is for a pause of the collector.
    expect(worst).toBeLessThan(50);
  });
});
