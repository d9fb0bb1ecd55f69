import { parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';

describe('contact details inside other words', () => {
  it('"00" inside an e-mail address is not an international phone prefix (the chaos suite found it)', () => {
    const r = parseCommand('crée un lead pour Chaos Test, email chaos7x000923b@chaos.test', {
      today: '2026-12-01',
      locale: 'fr',
    });
    expect(r.kind).toBe('calls');
    if (r.kind !== 'calls') return;
    expect(r.calls[0]!.args).toMatchObject({ emailAddress: 'chaos7x000923b@chaos.test' });
    expect(r.calls[0]!.args).not.toHaveProperty('phoneNumber');
  });
});
