import { describe, expect, it } from 'vitest';
import { splitName } from '../../../src/agent/rules/names.ts';
import { targetFrom } from '../../../src/agent/rules/target.ts';

describe('first and last names', () => {
  const cases: Array<[string, { firstName?: string; lastName: string }]> = [
    ['Dupont', { lastName: 'Dupont' }],
    ['Test E2E', { firstName: 'Test', lastName: 'E2E' }],
    ['Jean-Pierre Le Gall', { firstName: 'Jean-Pierre', lastName: 'Le Gall' }],
    ['Anne de la Tour', { firstName: 'Anne', lastName: 'de la Tour' }],
    ['Ludwig van Beethoven', { firstName: 'Ludwig', lastName: 'van Beethoven' }],
    ['Marie Claire Dupont', { firstName: 'Marie Claire', lastName: 'Dupont' }],
    ["John O'Brien", { firstName: 'John', lastName: "O'Brien" }],
    ["Jean d'Ormesson", { firstName: 'Jean', lastName: "d'Ormesson" }],
    ['Éloïse Müller', { firstName: 'Éloïse', lastName: 'Müller' }],
    ['  Paul   Durand, ', { firstName: 'Paul', lastName: 'Durand' }],
  ];
  for (const [full, expected] of cases) {
    it(full, () => expect(splitName(full)).toEqual(expected));
  }
  it('nothing to split', () => expect(splitName(' , ')).toBeNull());
});

describe('targets', () => {
  it('contacts win over names, pronouns mean the lead in focus, sentences are no target', () => {
    expect(targetFrom('de Marie Dupont marie@x.fr')).toEqual({ emailAddress: 'marie@x.fr' });
    expect(targetFrom('du 06 12 34 56 78')).toEqual({ phoneNumber: '06 12 34 56 78' });
    expect(targetFrom('le lead Le Gall')).toEqual({ name: 'Le Gall' });
    expect(targetFrom('Le Gall')).toEqual({ name: 'Le Gall' });
    expect(targetFrom('lui')).toEqual({});
    expect(targetFrom('ce prospect')).toEqual({});
    expect(targetFrom('this lead')).toEqual({});
    expect(targetFrom(undefined)).toEqual({});
    expect(targetFrom('je pense que oui')).toBeNull();
    expect(targetFrom('a b c d e f g h')).toBeNull();
  });
});
