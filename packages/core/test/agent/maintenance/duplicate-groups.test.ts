import { describe, expect, it } from 'vitest';
import { closeNames } from '../../../src/agent/tools/maintenance/close-names.ts';
import { duplicateGroups } from '../../../src/agent/tools/maintenance/duplicate-groups.ts';

/** Issue 14 §3: what "likely duplicate" means, exactly. */
describe('close names', () => {
  it('the same name once accents, case, punctuation and word order are set aside', () => {
    expect(closeNames('Marie-Anne Dupont', 'DUPONT Marie Anne')).toBe(true);
    expect(closeNames('Éloïse Müller', 'eloise muller')).toBe(true);
    expect(closeNames("Zoé D'Arcy", 'Zoe D Arcy')).toBe(true);
  });

  it('one typo (a letter added, removed or changed) in names of 8 letters or more', () => {
    expect(closeNames('Marie Dupont', 'Marie Dupond')).toBe(true);
    expect(closeNames('Paul Durand', 'Paul Durrand')).toBe(true);
    expect(closeNames('Sophie Lefevre', 'Sophie Lefebvre')).toBe(true);
  });

  it('not two typos, not one typo in a short name, not another first name', () => {
    expect(closeNames('Marie Dupont', 'Maria Dupond')).toBe(false);
    expect(closeNames('Li Wu', 'Li Xu')).toBe(false);
    expect(closeNames('Jean Martin', 'Jeanne Martin')).toBe(false);
    expect(closeNames('Marie Dupont', '')).toBe(false);
    expect(closeNames('a'.repeat(500), 'a'.repeat(500))).toBe(false);
  });
});

describe('duplicate groups', () => {
  const r = (id: string, o: Record<string, unknown>) => ({ id, createdAt: `2026-01-01 00:00:${id}`, ...o });

  it('phones compare in E.164 (a national and an international form are one number); e-mails ignore case', () => {
    const groups = duplicateGroups(
      'Lead',
      [
        r('01', { name: 'A One', phoneNumber: '06 12 34 56 78' }),
        r('02', { name: 'B Two', phoneNumber: '+33612345678' }),
        r('03', { name: 'C Three', emailAddress: 'c@x.fr' }),
        r('04', { name: 'D Four', emailAddress: ' C@X.FR ' }),
        r('05', { name: 'E Five', phoneNumber: '+33 6 99 99 99 99' }),
      ],
      'FR',
    );
    expect(groups.map((g) => [g.reasons, g.records.map((x) => x.id)])).toEqual([
      [['phone'], ['01', '02']],
      [['email'], ['03', '04']],
    ]);
  });

  it('close names count only within one account; a chain of reasons makes one group, oldest first', () => {
    const groups = duplicateGroups(
      'Contact',
      [
        r('13', { name: 'Paul Durrand', accountId: 'acc1', phoneNumber: '+33611111111' }),
        r('11', { name: 'Paul Durand', accountId: 'acc1' }),
        r('12', { name: 'Paul Durand', accountId: 'acc2' }),
        r('14', { name: 'Pauline Roy', phoneNumber: '+33611111111' }),
        r('15', { name: 'Paul Durand' }),
      ],
      'FR',
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.reasons).toEqual(['phone', 'name']);
    expect(groups[0]!.records.map((x) => x.id)).toEqual(['11', '13', '14']);
  });
});
