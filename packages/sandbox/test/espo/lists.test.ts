import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo, whereQuery } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;
type List = { total: number; list: R[] };

/** List `where` types, text filters and ordering of Core/Select (Where/ItemGeneralConverter, Text/*). */
describe('EspoCRM stand-in lists on the CRM entities', () => {
  let s: Started;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await startInfraEspo();
    const acc = await s.api.create('Account', {
      name: 'Liste SA',
      website: 'liste.fr',
      emailAddress: 'info@liste.fr',
    });
    ids.account = String(acc.id);
    for (const [name, amount, closeDate, stage] of [
      ['Petite affaire', 900, '2026-03-15', 'Prospecting'],
      ['Grosse affaire', 15000, '2026-04-01', 'Proposal'],
      ['Affaire perdue', 3000, '2026-05-20', 'Closed Lost'],
    ] as const) {
      const o = await s.api.create('Opportunity', {
        name,
        amount,
        closeDate,
        stage,
        accountId: name === 'Grosse affaire' ? acc.id : undefined,
      });
      ids[name] = String(o.id);
    }
    await s.api.create('Contact', {
      firstName: 'Hélène',
      lastName: 'Martin',
      emailAddress: 'helene@martin.fr',
      accountId: acc.id,
    });
    await s.api.create('Contact', {
      firstName: 'Martin',
      lastName: 'Durand',
      emailAddress: 'm.durand@ex.fr',
    });
    await s.api.create('Contact', { firstName: 'Zoé', lastName: 'Blanc' });
  });
  afterAll(() => s.espo.stop());

  const names = async (path: string) => (await s.api.get<List>(path)).body.list.map((r) => r.name);

  it('equals / in / contains / isNull / isNotNull / greaterThan on opportunities', async () => {
    expect(
      await names(`Opportunity?${whereQuery([{ type: 'equals', attribute: 'stage', value: 'Proposal' }])}`),
    ).toEqual(['Grosse affaire']);
    const stages = whereQuery([{ type: 'in', attribute: 'stage', value: ['Prospecting', 'Closed Lost'] }], {
      orderBy: 'name',
      order: 'asc',
    });
    expect(await names(`Opportunity?${stages}`)).toEqual(['Affaire perdue', 'Petite affaire']);
    expect(
      await names(`Opportunity?${whereQuery([{ type: 'contains', attribute: 'name', value: 'grosse' }])}`),
    ).toEqual(['Grosse affaire']);
    expect(await names(`Opportunity?${whereQuery([{ type: 'isNotNull', attribute: 'accountId' }])}`)).toEqual(
      ['Grosse affaire'],
    );
    expect(
      (await s.api.get<List>(`Opportunity?${whereQuery([{ type: 'isNull', attribute: 'accountId' }])}`)).body
        .total,
    ).toBe(2);
    // Amounts compare as numbers, and order as numbers.
    expect(
      await names(
        `Opportunity?${whereQuery([{ type: 'greaterThan', attribute: 'amount', value: 1000 }], { orderBy: 'amount', order: 'asc' })}`,
      ),
    ).toEqual(['Affaire perdue', 'Grosse affaire']);
  });

  it('between / after / before on a date; or / and groups', async () => {
    const between = whereQuery(
      [{ type: 'between', attribute: 'closeDate', value: ['2026-03-01', '2026-04-01'] }],
      { orderBy: 'closeDate', order: 'asc' },
    );
    expect(await names(`Opportunity?${between}`)).toEqual(['Petite affaire', 'Grosse affaire']);
    expect(
      await names(
        `Opportunity?${whereQuery([{ type: 'after', attribute: 'closeDate', value: '2026-04-01' }])}`,
      ),
    ).toEqual(['Affaire perdue']);
    expect(
      await names(
        `Opportunity?${whereQuery([{ type: 'before', attribute: 'closeDate', value: '2026-04-01' }])}`,
      ),
    ).toEqual(['Petite affaire']);
    const or = whereQuery(
      [
        {
          type: 'or',
          value: [
            { type: 'equals', attribute: 'stage', value: 'Closed Lost' },
            {
              type: 'and',
              value: [
                { type: 'greaterThan', attribute: 'amount', value: 10000 },
                { type: 'equals', attribute: 'stage', value: 'Proposal' },
              ],
            },
          ],
        },
      ],
      { orderBy: 'name', order: 'asc' },
    );
    expect(await names(`Opportunity?${or}`)).toEqual(['Affaire perdue', 'Grosse affaire']);
  });

  it('date-times: a plain between compares strings; dateTime:true counts whole days in the given time zone', async () => {
    const call = await s.api.create('Call', {
      name: 'Appel de 23h30 à Paris',
      assignedUserId: s.userId,
      dateStart: '2026-05-01 21:30:00',
      dateEnd: '2026-05-01 21:45:00',
    });
    const plain = whereQuery([
      { type: 'between', attribute: 'dateStart', value: ['2026-05-01', '2026-05-01'] },
    ]);
    expect((await s.api.get<List>(`Call?${plain}`)).body.total).toBe(0);
    const paris = whereQuery([
      { type: 'on', attribute: 'dateStart', value: '2026-05-01', dateTime: true, timeZone: 'Europe/Paris' },
    ]);
    expect((await s.api.get<List>(`Call?${paris}`)).body.list.map((r) => r.id)).toEqual([call.id]);
    const nextDay = whereQuery([
      { type: 'on', attribute: 'dateStart', value: '2026-05-02', dateTime: true, timeZone: 'Asia/Tokyo' },
    ]);
    expect((await s.api.get<List>(`Call?${nextDay}`)).body.list.map((r) => r.id)).toEqual([call.id]);
  });

  it('text filters: Contact by first/last name or e-mail start; Account by name or e-mail', async () => {
    expect((await names('Contact?textFilter=Martin')).sort()).toEqual(['Hélène Martin', 'Martin Durand']);
    expect(await names('Contact?textFilter=helene%40')).toEqual(['Hélène Martin']);
    expect(await names('Contact?textFilter=Martin%20H')).toEqual(['Hélène Martin']);
    expect(await names('Contact?textFilter=*ur*')).toEqual(['Martin Durand']);
    // The database's collation (utf8mb4_unicode_ci) ignores accents and case: "helene" finds "Hélène".
    expect(await names('Contact?textFilter=helene%20MARTIN')).toEqual(['Hélène Martin']);
    expect(await names('Contact?textFilter=Helene')).toEqual(['Hélène Martin']);
    expect(
      await names(`Contact?${whereQuery([{ type: 'equals', attribute: 'firstName', value: 'helene' }])}`),
    ).toEqual(['Hélène Martin']);
    expect(await names('Account?textFilter=info%40liste')).toEqual(['Liste SA']);
    // website is not a text-filter field of Account in 8.4.2.
    expect(await names('Account?textFilter=liste.fr')).toEqual([]);
  });

  it('rows: select narrows them to id, ACL attributes, the order field, recordDefs mandatory ones and dependencies', async () => {
    const q = whereQuery([{ type: 'isNotNull', attribute: 'accountId' }], {
      select: 'emailAddress,noSuchAttribute',
    });
    const rows = (await s.api.get<List>(`Contact?${q}`)).body.list;
    expect(rows).toEqual([
      {
        id: expect.any(String),
        assignedUserId: null,
        createdById: s.userId,
        emailAddress: 'helene@martin.fr',
        accountId: ids.account,
        accountName: 'Liste SA',
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        accountIsInactive: false,
      },
    ]);
  });

  it('bad where items: unknown attribute, unknown type, in without a list → 400 with the reason', async () => {
    const unknown = await s.api.get(
      `Opportunity?${whereQuery([{ type: 'equals', attribute: 'budget', value: 1 }])}`,
    );
    expect([unknown.status, unknown.reason]).toEqual([400, "Not existing attribute 'budget' in where."]);
    const type = await s.api.get(
      `Opportunity?${whereQuery([{ type: 'approximately', attribute: 'amount', value: 1 }])}`,
    );
    expect([type.status, type.reason]).toEqual([400, "Unknown where item type 'approximately'."]);
    const notList = await s.api.get(
      `Opportunity?${whereQuery([{ type: 'in', attribute: 'stage', value: 'Proposal' }])}`,
    );
    expect([notList.status, notList.reason]).toEqual([400, "Bad where item 'in'."]);
  });

  it('default order: calls by dateStart desc, missions by startDate desc', async () => {
    for (const [d, n] of [
      ['2026-01-10 09:00:00', 'Janvier'],
      ['2026-03-10 09:00:00', 'Mars'],
      ['2026-02-10 09:00:00', 'Février'],
    ])
      await s.api.create('Call', { name: n, assignedUserId: s.userId, dateStart: d, dateEnd: d });
    const where = whereQuery([{ type: 'in', attribute: 'name', value: ['Janvier', 'Mars', 'Février'] }]);
    expect(await names(`Call?${where}`)).toEqual(['Mars', 'Février', 'Janvier']);
    await s.api.create('MissionMAX', { name: 'Tôt', startDate: '2026-01-01' });
    await s.api.create('MissionMAX', { name: 'Tard', startDate: '2026-09-01' });
    expect(await names('MissionMAX')).toEqual(['Tard', 'Tôt']);
  });
});
