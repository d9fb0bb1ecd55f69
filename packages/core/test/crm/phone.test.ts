import { describe, expect, it } from 'vitest';
import {
  AppError,
  checkPhone,
  createEspoClient,
  isSupportedRegion,
  normalizePhone,
  silentLogger,
  supportedRegions,
  systemClock,
} from '../../src/index.ts';

describe('normalizePhone', () => {
  const table: Array<[string, string, string | null]> = [
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['06.12.34.56.78', 'FR', '+33612345678'],
    ['0033 6 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', 'DE', '+33612345678'],
    ['+44 20 7946 0958', 'FR', '+442079460958'],
    ['33612345678', 'FR', '+33612345678'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0470 12 34 56', 'BE', '+32470123456'],
    ['079 123 45 67', 'CH', '+41791234567'],
    ['621 123 456', 'LU', '+352621123456'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['312 345 6789', 'IT', '+393123456789'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['604-555-0123', 'CA', '+16045550123'],
    ['0612-345678', 'MA', '+212612345678'],
    ['20 123 456', 'TN', '+21620123456'],
    ['77 123 45 67', 'SN', '+221771234567'],
    ['07 07 12 34 56', 'CI', '+2250707123456'],
    ['034 12 345 67', 'MG', '+261341234567'],
    ['0692 12 34 56', 'RE', '+262692123456'],
    ['hello', 'FR', null],
    ['', 'FR', null],
    ['12', 'FR', null],
    ['+0 12 34', 'FR', null],
    ['06 12 34 56 78 <script>', 'FR', null],
    // A digit missing or one too many: the old code turned the first into +336123456.
    ['06 12 34 56', 'FR', null],
    ['06 12 34 56 7', 'FR', null],
    ['06 12 34 56 78 9', 'FR', null],
    // The right length, but no French number starts with 00.
    ['00 00 00 00 00', 'FR', null],
  ];
  it.each(table)('%s (%s) → %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });
});

describe('valid numbers only, in the tenant country, never a silent FR', () => {
  it('"06 12 34 56" (a digit missing) is refused as too short, not turned into +336123456', () => {
    expect(checkPhone('06 12 34 56', 'FR')).toEqual({ ok: false, problem: 'too_short' });
    expect(checkPhone('06 12 34 56 78 90', 'FR')).toEqual({ ok: false, problem: 'too_long' });
    expect(checkPhone('+999 123 456', 'FR')).toEqual({ ok: false, problem: 'invalid_country' });
    expect(checkPhone('call me maybe', 'FR')).toEqual({ ok: false, problem: 'not_a_number' });
  });

  it('the tenant country decides how a national number is read', () => {
    expect(normalizePhone('0470 12 34 56', 'BE')).toBe('+32470123456');
    expect(normalizePhone('0470 12 34 56', 'FR')).toBe('+33470123456');
    // A Belgian mobile typed nationally is not a valid French number.
    expect(checkPhone('0470 12 34 56 7', 'BE').ok).toBe(false);
  });

  it('without a country only international numbers pass (no default region is assumed)', () => {
    expect(checkPhone('06 12 34 56 78')).toEqual({ ok: false, problem: 'needs_country_code' });
    expect(checkPhone('+33 6 12 34 56 78')).toEqual({ ok: true, e164: '+33612345678' });
  });

  it('an unknown tenant country is a configuration error (typed AppError), not FR', () => {
    for (const bad of ['ZZ', 'XX', 'fr', 'UK', 'FRA', '']) {
      expect(isSupportedRegion(bad)).toBe(false);
      let thrown: unknown;
      try {
        checkPhone('06 12 34 56 78', bad);
      } catch (e) {
        thrown = e;
      }
      // '' means "no region": the number is then refused, not read as French.
      if (bad === '') expect(checkPhone('06 12 34 56 78', bad).ok).toBe(false);
      else {
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe('bad_request');
        expect((thrown as AppError).details).toMatchObject({ kind: 'config', field: 'defaultCountry' });
      }
    }
    expect(() =>
      createEspoClient({
        baseUrl: 'http://127.0.0.1:9',
        auth: { kind: 'apikey', apiKey: 'k' },
        fetch,
        clock: systemClock,
        logger: silentLogger,
        defaultCountry: 'ZZ',
      }),
    ).toThrow(AppError);
  });

  it('isSupportedRegion: the uppercase codes libphonenumber-js supports', () => {
    for (const ok of ['FR', 'BE', 'CH', 'GB', 'US', 'RE', 'MA', 'SN'])
      expect(isSupportedRegion(ok)).toBe(true);
    expect(supportedRegions()).toContain('FR');
    expect(supportedRegions().every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });
});
