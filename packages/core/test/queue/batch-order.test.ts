import { batchAwaits, type QueueMessage } from '@max/core';
import { describe, expect, it } from 'vitest';

const message = (idMessage: string, timestamp: number, chatId = '33600000001@c.us', sender?: string) =>
  ({
    v: 1,
    kind: 'inbound',
    requestId: `r-${idMessage}`,
    receivedAt: new Date().toISOString(),
    event: {
      typeWebhook: 'incomingMessageReceived',
      instanceData: { idInstance: 1101000001 },
      timestamp,
      idMessage,
      senderData: { chatId, ...(sender ? { sender } : {}) },
      messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'x' } },
    },
  }) as unknown as QueueMessage;

describe('a queue batch forwarded at once names, for each message, the earlier ones of its chat', () => {
  it('in WhatsApp order whatever the batch order; a lone message waits for nothing', () => {
    const batch = [message('C', 30), message('A', 10), message('X', 5, '33600000009@c.us'), message('B', 20)];
    expect(batchAwaits(batch)).toEqual([['A', 'B'], [], [], ['A']]);
  });

  it('the same second is ordered by idMessage; another sender of a group, or another instance, is not waited for', () => {
    const group = '120363000000000001@g.us';
    const batch = [
      message('M2', 7),
      message('M1', 7),
      message('G1', 7, group, '33600000001@c.us'),
      message('G2', 8, group, '33600000002@c.us'),
    ];
    expect(batchAwaits(batch)).toEqual([['M1'], [], [], []]);
  });

  it('unparsable messages and "human is active" events are left out', () => {
    const human = { ...message('H', 1), kind: 'human_active' } as QueueMessage;
    expect(batchAwaits([null, human, message('A', 2), message('B', 3)])).toEqual([[], [], [], ['A']]);
  });
});
