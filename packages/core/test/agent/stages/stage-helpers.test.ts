import {
  addressedText,
  answer,
  conversationOf,
  isNo,
  isYes,
  looksUnfinished,
  memoryChanges,
  segmentRequests,
} from '@max/core';
import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/agent/types.ts';

describe('claim stage: who is talking, and whether a message looks unfinished', () => {
  it('a 1:1 chat is its own conversation; a group is one conversation per member', () => {
    expect(conversationOf('33611111111@c.us', '33611111111@c.us')).toEqual({
      chatId: '33611111111@c.us',
      senderId: '33611111111@c.us',
      isGroup: false,
      key: '33611111111@c.us',
    });
    expect(conversationOf('120363@g.us', '33622222222@c.us')).toMatchObject({
      isGroup: true,
      senderId: '33622222222@c.us',
      key: '120363@g.us/33622222222@c.us',
    });
  });

  it('looksUnfinished: a trailing colon or comma, or one lone word that is not a whole message', () => {
    for (const t of ['crée', 'note :', 'crée un lead,', 'ajoute une note…'])
      expect(looksUnfinished(t)).toBe(true);
    for (const t of ['oui', 'merci', 'stop', 'crée un lead Marie Dupont', 'marie@x.fr', '0612345678', ''])
      expect(looksUnfinished(t)).toBe(false);
  });
});

describe('decide stage: groups and confirmations', () => {
  const o = { assistantName: 'MAX', ownWid: '1101000001@c.us' };
  it('a group message is for MAX when it starts with its name or mentions its number; the address is removed', () => {
    expect(addressedText('MAX, derniers leads', o)).toBe('derniers leads');
    expect(addressedText('Salut MAX crée un lead', o)).toBe('crée un lead');
    expect(addressedText('@1101000001 trouve Dupont', o)).toBe('trouve Dupont');
    expect(addressedText('on se voit demain ?', o)).toBeNull();
    expect(addressedText('MAXIME est en retard', o)).toBeNull();
  });

  it('only the explicit yes-words confirm; "ok", "go" or "y" never do', () => {
    for (const t of ['oui', 'OUI !', 'Confirme', 'yes', 'confirm.']) expect(isYes(t)).toBe(true);
    for (const t of ['ok', 'okay', 'go', 'y', 'o', "d'accord", 'vas-y', 'oui mais non'])
      expect(isYes(t)).toBe(false);
    for (const t of ['non', 'annule', 'no', 'cancel']) expect(isNo(t)).toBe(true);
  });
});

describe('act stage: a burst becomes requests', () => {
  const o = { useModel: false, today: '2026-12-01', lang: 'fr' as const };
  const p = (id: string, text: string) => ({ id, text });

  it('with the rules engine each complete command is its own request; fragments complete the one before', () => {
    const r = segmentRequests(
      [
        p('a', 'crée un lead Marie Rafale'),
        p('b', 'email rafale@test.fr'),
        p('c', 'ajoute une note à rafale@test.fr : salon'),
        p('d', 'crée une tâche rappeler Marie demain'),
        p('e', 'crée un lead Paul Second'),
        p('f', 'crée un lead Zoé Sixième'),
      ],
      o,
    );
    expect(r.map((x) => x.messageIds)).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f']]);
  });

  it('with a model the burst is one request whose messages stay separate lines', () => {
    expect(
      segmentRequests([p('a', 'crée un lead'), p('b', 'Marie Dupont')], { ...o, useModel: true }),
    ).toEqual([{ texts: ['crée un lead', 'Marie Dupont'], messageIds: ['a', 'b'] }]);
  });
});

describe('commit stage: memory changes of a turn', () => {
  it('later sets and deletes of a key win; nothing to write is null', () => {
    const ok = (memory: { set?: Record<string, string>; delete?: string[] }): ToolOutcome => ({
      ok: true,
      kind: 'memory',
      records: [],
      memory,
    });
    expect(
      memoryChanges([ok({ set: { a: '1', b: '2' } }), ok({ delete: ['a'] }), ok({ set: { c: '3' } })]),
    ).toEqual({
      set: { b: '2', c: '3' },
      delete: ['a'],
    });
    expect(memoryChanges([{ ok: false, kind: 'error', code: 'x' }])).toBeNull();
  });
});

describe('answers: the Worker↔agent contract', () => {
  it('defer is a 202 with Retry-After in whole seconds; retry a 503; reject goes through the one error table', () => {
    expect(answer.defer(1500, 'in_progress')).toMatchObject({
      status: 202,
      headers: { 'retry-after': '2' },
      body: { outcome: 'defer', reason: 'in_progress' },
    });
    expect(answer.retry(100, 'crm').status).toBe(503);
    expect(answer.rejectWith('not_found', 'Unknown instance')).toMatchObject({
      status: 404,
      body: { outcome: 'reject' },
    });
  });
});
