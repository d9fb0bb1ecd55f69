/**
 * One WhatsApp message a scenario sends, and how to find what became of it: the CRM record it
 * must create (by a marker no other message uses) and its reply (by a text only that reply holds).
 */
export interface Probe {
  idMessage: string;
  idInstance: string;
  chatId: string;
  text: string;
  /** What the command writes: in the CRM, or (memory) in the tenant's memory. */
  kind: 'lead' | 'note' | 'task' | 'memory';
  /** Lead: its e-mail; note: a word of its text; task: a word of its name; memory: the value. Lower case. */
  marker: string;
  /** A text that only this message's reply contains (matched case-insensitively). */
  replyMarker: string;
  /** What its reply must say (a "created" reply, not an "already exists" one). */
  replyPattern: RegExp;
  /** UNIX seconds, WhatsApp's time of the message. */
  timestamp: number;
  /** Set when sent: when, and whether the Worker accepted it (200). */
  sentAt?: number;
  accepted?: boolean;
  /** How many of its copies the Worker accepted (a double delivery proves itself with 2). */
  acceptedCopies?: number;
  /**
   * How many times Green-API delivered its webhook (0: never; the backstop must find it in
   * Green-API's journal). Absent: once (or as `deliver` was asked).
   */
  deliveries?: number;
}

/** Digits as letters (0 → a … 9 → j): a run of digits in a marker would read as a phone number. */
export const letters = (n: number, width = 1) =>
  String(n)
    .padStart(width, '0')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);

/** Marker text: lower-case letters only, so the rules engine keeps it as written. */
export const markerOf = (scenario: number, i: number, run: string) =>
  `chaos${letters(scenario)}q${letters(i, 3)}${run}`;

/** Which message a probe is (its scenario, index and run make its id and marker), where and when it goes. */
export interface ProbeAt {
  scenario: number;
  i: number;
  run: string;
  idInstance: string;
  chatId: string;
  timestamp: number;
}

/** A probe's first fields: its message id, instance and chat. */
const sentTo = (p: ProbeAt) => ({
  idMessage: idMessageOf(p.scenario, p.i, p.run),
  idInstance: p.idInstance,
  chatId: p.chatId,
});

/** `crée un lead pour <Name>, email <marker>@chaos.test` */
export function leadProbe(p: ProbeAt): Probe {
  const m = markerOf(p.scenario, p.i, p.run);
  const email = `${m}@chaos.test`;
  return {
    ...sentTo(p),
    text: `crée un lead pour Chaos ${m.charAt(0).toUpperCase()}${m.slice(1)}, email ${email}`,
    kind: 'lead',
    marker: email,
    replyMarker: email,
    replyPattern: /Lead créé/,
    timestamp: p.timestamp,
  };
}

/** `ajoute une note à <lead e-mail> : <marker> …` on a lead that exists; the reply names the lead. */
export function noteProbe(p: ProbeAt & { leadEmail: string }): Probe {
  const m = markerOf(p.scenario, p.i, p.run);
  return {
    ...sentTo(p),
    text: `ajoute une note à ${p.leadEmail} : rappeler jeudi ${m}`,
    kind: 'note',
    marker: m,
    replyMarker: p.leadEmail,
    replyPattern: /Note ajoutée/,
    timestamp: p.timestamp,
  };
}

/** `crée une tâche rappeler <marker> demain`; the reply quotes the task's name. */
export function taskProbe(p: ProbeAt): Probe {
  const m = markerOf(p.scenario, p.i, p.run);
  return {
    ...sentTo(p),
    text: `crée une tâche rappeler ${m} demain`,
    kind: 'task',
    marker: m,
    replyMarker: m,
    replyPattern: /Tâche créée/,
    timestamp: p.timestamp,
  };
}

/** Sortable within a chat (same-second messages are ordered by id). */
export const idMessageOf = (scenario: number, i: number, run: string) =>
  `CHAOS${scenario}${run.toUpperCase()}${String(i).padStart(4, '0')}`;

/** A chat of its own per scenario and index: `3362<scenario><index>@c.us` (11 digits). */
export const chatOf = (scenario: number, i: number) => `3362${scenario}${String(i).padStart(6, '0')}@c.us`;
