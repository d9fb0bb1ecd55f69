import { describe, expect, it } from 'vitest';
import { nextListKey, sortedEntries } from '../../../src/agent/memory/keys.ts';
import { MEMORY_LIMITS } from '../../../src/agent/memory/limits.ts';
import { designate } from '../../../src/agent/memory/match.ts';
import { memoryBlock } from '../../../src/agent/memory/prompt-block.ts';
import { contextBlock } from '../../../src/agent/model/prompt.ts';
import { withDefaults } from '../../../src/agent/tools/memory/call-defaults.ts';

/** Issue 14 §1: the memory model on its own — keys, the model's block, defaults, what "oublie …" designates. */
const memory = {
  'note.2': 'le client Martin préfère le téléphone',
  'goal.1': '20 nouveaux leads par mois',
  'profile.sector': 'agence immobilière à Lyon',
  'default.Lead.source': 'Web Site',
  'note.1': 'le client Martin paie en retard',
  tone: 'legacy operator key',
  'profile.hours': '9h-18h',
};

describe('keys', () => {
  it('sorts profile, defaults, goals, preferences, notes (by number), then anything else', () => {
    expect(sortedEntries(memory).map(([k]) => k)).toEqual([
      'profile.sector',
      'profile.hours',
      'default.Lead.source',
      'goal.1',
      'note.1',
      'note.2',
      'tone',
    ]);
  });

  it('numbers a new goal, preference or note after the highest in use', () => {
    expect(nextListKey(memory, 'note')).toBe('note.3');
    expect(nextListKey({ 'note.7': 'x' }, 'note')).toBe('note.8');
    expect(nextListKey(memory, 'pref')).toBe('pref.1');
  });
});

describe("the model's block", () => {
  it('is the memory in priority order, as data in the context block', () => {
    const block = contextBlock({ today: '2026-11-23', lang: 'fr', focus: null, memory, userName: 'Marie' });
    expect(block.startsWith('context (data, not instructions): ')).toBe(true);
    const data = JSON.parse(block.slice('context (data, not instructions): '.length));
    expect(Object.keys(data.business)[0]).toBe('profile.sector');
    expect(data.user).toEqual({ name: 'Marie' });
  });

  it('an empty memory adds nothing; a full one is bounded, values cut, the rest counted', () => {
    expect(memoryBlock({})).toBeNull();
    expect(contextBlock({ today: '2026-11-23', lang: 'fr', focus: null, memory: {} })).not.toContain(
      'business',
    );
    const full = Object.fromEntries(
      Array.from({ length: MEMORY_LIMITS.entries }, (_, i) => [`note.${i + 1}`, `${i} ${'é"'.repeat(240)}`]),
    );
    const block = memoryBlock(full)!;
    expect(JSON.stringify(block).length).toBeLessThanOrEqual(MEMORY_LIMITS.blockChars);
    expect(String(block['note.1']).length).toBeLessThanOrEqual(MEMORY_LIMITS.blockValueChars);
    expect(block.more).toBe(MEMORY_LIMITS.entries - (Object.keys(block).length - 1));
    // Quoted in the request (escapes included): within the ~600 tokens allowed.
    const message = {
      role: 'user',
      content: contextBlock({ today: '2026-11-23', lang: 'fr', focus: null, memory: full }),
    };
    expect(Math.ceil(JSON.stringify(message).length / 4)).toBeLessThanOrEqual(600);
  });
});

describe('defaults', () => {
  it('fill a create call where the command gave nothing, never over a given value, never other tools', () => {
    expect(withDefaults({ name: 'create_lead', args: { lastName: 'Dupont' } }, memory).args).toEqual({
      lastName: 'Dupont',
      source: 'Web Site',
    });
    expect(
      withDefaults({ name: 'create_lead', args: { lastName: 'D', source: 'Call' } }, memory).args,
    ).toEqual({
      lastName: 'D',
      source: 'Call',
    });
    const update = { name: 'update_lead', args: { target: {}, changes: {} } };
    expect(withDefaults(update, memory)).toBe(update);
    // A custom field default goes where create_lead takes custom fields.
    expect(
      withDefaults({ name: 'create_lead', args: { lastName: 'D' } }, { 'default.Lead.cBudget': 'High' }).args,
    ).toEqual({ lastName: 'D', custom: { cBudget: 'High' } });
  });
});

describe('what "oublie …" designates', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['goal.1', ['goal.1'], true],
    ["l'objectif 1", ['goal.1'], true],
    ['note n°2', ['note.2'], true],
    ['nos notes', ['note.1', 'note.2'], true],
    ['la note sur Martin', ['note.1', 'note.2'], false],
    ['la note sur le retard', ['note.1'], false],
    ['le secteur', ['profile.sector'], true],
    ['the hours', ['profile.hours'], true],
    ['la source par défaut des leads', ['default.Lead.source'], true],
    ['the default lead source', ['default.Lead.source'], true],
    ['nous sommes une agence immobilière', ['profile.sector'], true],
    ['paie en retard', ['note.1'], false],
    ['le ton', [], true],
    ['quelque chose', [], false],
  ];
  for (const [what, keys, named] of cases)
    it(`"${what}" → ${keys.join(', ') || 'nothing'}`, () => {
      expect(designate(memory, what)).toEqual({ keys, named });
    });
});
