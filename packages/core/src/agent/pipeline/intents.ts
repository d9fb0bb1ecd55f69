/** Short control words a person types on WhatsApp, recognised before any model call. */
const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[!.\s]+$/u, '')
    .trim()
    .toLowerCase();

export const isYes = (t: string) =>
  /^(oui|yes|y|o|ok|okay|confirme|confirmer|confirm|go|vas-y|d'accord)$/.test(norm(t));
export const isNo = (t: string) => /^(non|no|n|annule|annuler|cancel|stop la)$/.test(norm(t));
export const isStop = (t: string) => /^(stop|arret|unsubscribe|desabonner)$/.test(norm(t));
export const isStart = (t: string) => /^(start|reprendre|subscribe)$/.test(norm(t));
