import { findTool, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { describeSetupPlan } from '../../../src/agent/confirm/setup.ts';
import { setupPlanSchema, storedName } from '../../../src/agent/setup/plan.ts';
import { matchSector } from '../../../src/agent/setup/sectors.ts';
import { SECTOR_TEMPLATES, templatePlan } from '../../../src/agent/setup/templates.ts';
import { TODAY } from '../rules/phrases.ts';

/** Issue 14 §4: the built-in sector templates, the sector words, and the rules engine's phrasings. */
describe('sector templates', () => {
  it('every template, in both languages, is a valid plan the tool accepts (enum options, unique names)', () => {
    expect(SECTOR_TEMPLATES.map((t) => t.key)).toEqual([
      'real_estate',
      'food',
      'trades',
      'services',
      'ecommerce',
    ]);
    for (const t of SECTOR_TEMPLATES)
      for (const lang of ['fr', 'en'] as const) {
        const plan = templatePlan(t, lang);
        expect(setupPlanSchema.safeParse(plan).success, `${t.key} ${lang}`).toBe(true);
        expect(findTool('plan_sector_setup')!.parameters.safeParse(plan).success).toBe(true);
        // Same API names in both languages: a tenant gets the same fields whatever language it writes in.
        expect(plan.fields.map((f) => f.name)).toEqual(templatePlan(t, 'fr').fields.map((f) => f.name));
      }
  });

  it('a plan with an enum without options, or the same field twice, is refused before anything is asked', () => {
    const field = { entity: 'Lead', name: 'budget', type: 'varchar', label: 'Budget' } as const;
    expect(setupPlanSchema.safeParse({ sector: 'x', fields: [{ ...field, type: 'enum' }] }).success).toBe(
      false,
    );
    expect(
      setupPlanSchema.safeParse({ sector: 'xy', fields: [field, { ...field, name: 'cBudget' }] }).success,
    ).toBe(false);
    expect(storedName('budget')).toBe('cBudget');
    expect(storedName('cBudget')).toBe('cBudget');
  });

  it('sector words (FR/EN) name the right template; the specific ones win over the generic', () => {
    const cases: Array<[string, string | null]> = [
      ['une agence immobilière', 'real_estate'],
      ['a real estate agency', 'real_estate'],
      ['une boulangerie', 'food'],
      ['mon restaurant', 'food'],
      ['a bakery', 'food'],
      ['un artisan plombier', 'trades'],
      ['le BTP', 'trades'],
      ['a building contractor', 'trades'],
      ['un cabinet de conseil', 'services'],
      ['une agence web', 'services'],
      ['a consulting firm', 'services'],
      ['une boutique en ligne', 'ecommerce'],
      ['an online shop', 'ecommerce'],
      ['un élevage de chèvres', null],
    ];
    for (const [text, key] of cases) expect(matchSector(text)?.key ?? null, text).toBe(key);
  });

  it('the plan reads as words for the confirmation: each field, its type, options and layouts', () => {
    const plan = templatePlan(SECTOR_TEMPLATES[0]!, 'fr');
    const fr = describeSetupPlan(plan, 'fr');
    expect(fr).toMatch(/^Configurer le CRM pour « immobilier » avec 7 champs \?\n/);
    expect(fr).toContain(
      '• Leads · Type de bien (liste : Appartement, Maison, Terrain, Local commercial, Immeuble) → fiche, liste',
    );
    expect(fr).toContain('• Leads · Budget max (montant) → fiche');
    const en = describeSetupPlan(templatePlan(SECTOR_TEMPLATES[0]!, 'en'), 'en');
    expect(en).toContain(
      '• Leads · Property type (list: Apartment, House, Land, Commercial premises, Building) → detail, list',
    );
  });
});

describe('setup phrasings (FR/EN) → plan_sector_setup with the template', () => {
  const cases: Array<[string, string, 'fr' | 'en']> = [
    ['configure le CRM pour une agence immobilière', 'real_estate', 'fr'],
    ['Salut MAX, configure mon CRM pour ma boulangerie', 'food', 'fr'],
    ['adapte le CRM à la restauration', 'food', 'fr'],
    ['paramètre le CRM pour un artisan du BTP', 'trades', 'fr'],
    ['crée les champs pour un cabinet de conseil', 'services', 'fr'],
    ['configure le CRM pour mon secteur : e-commerce', 'ecommerce', 'fr'],
    ['set up the CRM for a real estate agency', 'real_estate', 'en'],
    ['configure my CRM for a bakery', 'food', 'en'],
    ['please set up the CRM for a plumbing contractor', 'trades', 'en'],
    ['create the fields for an online shop', 'ecommerce', 'en'],
    ['customize the CRM for a consulting firm', 'services', 'en'],
  ];
  for (const [text, key, lang] of cases)
    it(text, () => {
      const t = SECTOR_TEMPLATES.find((x) => x.key === key)!;
      for (const locale of ['fr', 'en'] as const)
        expect(parseCommand(text, { today: TODAY, locale })).toMatchObject({
          kind: 'calls',
          calls: [{ name: 'plan_sector_setup', args: templatePlan(t, lang) }],
        });
    });

  it('an unknown sector, or no sector, is not guessed: the help reply answers', () => {
    for (const text of [
      'configure le CRM pour un élevage de chèvres',
      'configure le CRM',
      'set up the CRM',
      'crée les champs',
    ])
      expect(parseCommand(text, { today: TODAY, locale: 'fr' }).kind, text).toBe('unknown');
    expect(findTool('plan_sector_setup')).toMatchObject({
      access: 'admin',
      confirm: true,
      writes: true,
      changesSchema: true,
    });
  });
});
