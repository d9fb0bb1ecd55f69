import { routeFamilies } from '@max/core';
import { describe, expect, it } from 'vitest';

/** Issue 14 §5: a message is offered only the tool families it can need. */
describe('routeFamilies', () => {
  const cases: Array<[string, string[]]> = [
    ['crée un lead pour Marie Dupont, email marie@x.fr', []],
    ['create a contact John Smith at Acme', ['contacts']],
    ['rattache Marie Dupont à Boulangerie Dupont', ['contacts']],
    ['nouvelle opportunité de 5000 € pour Boulangerie Dupont', ['opportunities']],
    ['planifie un rendez-vous avec Dupont demain à 10h', []],
    ['retiens que nous sommes une agence immobilière à Lyon', ['memory']],
    ['trouve les doublons de contacts', ['maintenance', 'contacts']],
    ['configure le CRM pour une agence immobilière', ['setup']],
    ['set up the CRM for a bakery', ['setup']],
    ['paramètre le CRM pour un restaurant', ['setup']],
    ['crée les champs pour une boulangerie', ['setup']],
    ['data quality report', ['maintenance']],
    ['des contacts en double ?', ['maintenance']],
    ['fusionne 6b03ca539c96ba0c6 dans 6b03ca539c96ba0c5', ['maintenance']],
    ['crée une mission MAX pour Boulangerie Dupont, budget 1500 €', ['custom']],
    ['convertis le lead Dupont', ['opportunities']],
  ];
  for (const [text, extra] of cases)
    it(`"${text}" → leads, activities${extra.length ? `, ${extra.join(', ')}` : ''}`, () => {
      const got = routeFamilies([text]);
      expect(got.slice(0, 2)).toEqual(['leads', 'activities']);
      for (const f of extra) expect(got).toContain(f);
      // Nothing unasked: the prompt stays small.
      expect(got.length).toBeLessThanOrEqual(2 + extra.length + 1);
    });

  it('the record in focus brings its family (a note about the contact just discussed)', () => {
    expect(routeFamilies(['ajoute une note : rappeler jeudi'], 'Contact')).toContain('contacts');
  });
});
