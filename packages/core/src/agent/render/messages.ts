import type { Lang } from '../lang.ts';

/** Fixed replies of the pipeline (not tool results). */
export const fixedReplies = {
  unknownSender: {
    fr: "Bonjour ! Ce numéro n'est pas autorisé à utiliser MAX. Demandez à votre administrateur de vous ajouter.",
    en: "Hello! This number isn't authorised to use MAX. Ask your administrator to add you.",
  },
  /** `what` is a question in words (confirm/describers.ts): never a tool name or its arguments. */
  confirmAsk: {
    fr: (what: string) =>
      `⚠️ ${what}\nRépondez OUI pour confirmer ou NON pour annuler (valable 10 minutes ; tout autre message annule).`,
    en: (what: string) =>
      `⚠️ ${what}\nReply YES to confirm or NO to cancel (valid for 10 minutes; any other message cancels).`,
  },
  confirmNone: {
    fr: "Il n'y a rien à confirmer (ou la demande a expiré).",
    en: 'There is nothing to confirm (or the request expired).',
  },
  cancelled: { fr: 'Action annulée.', en: 'Action cancelled.' },
  /** Prefixed to the answer of a message that was not a yes/no while an action awaited confirmation. */
  pendingDropped: {
    fr: (what: string) => `ℹ️ J'ai annulé ${what}, qui attendait votre OUI.`,
    en: (what: string) => `ℹ️ I cancelled ${what}, which was waiting for your YES.`,
  },
  tooMany: {
    fr: "J'ai fait ce que je pouvais en une fois ; envoyez la suite dans un autre message.",
    en: 'I did what I could in one go; send the rest in another message.',
  },
  /** The chat's rate was reached: the messages are kept and run in order, a little later. */
  slowDown: {
    fr: '⏳ Vous envoyez beaucoup de messages : je les traite tous, dans l’ordre, un peu plus lentement. Inutile de les renvoyer.',
    en: '⏳ You are sending a lot of messages: I will handle all of them, in order, a little more slowly. No need to send them again.',
  },
  /** A message the queue gave up on (quoted): the user knows which one and what to do. */
  deadLetter: {
    fr: "❌ Je n'ai pas pu traiter ce message malgré plusieurs essais ; rien n'a été fait. Renvoyez-le dans quelques minutes, ou prévenez votre administrateur si cela se reproduit.",
    en: "❌ I couldn't process this message despite several attempts; nothing was done. Send it again in a few minutes, or tell your administrator if it happens again.",
  },
  /** In a group whose tenant keeps CRM data out of groups. */
  answeredPrivately: {
    fr: '📩 Je vous ai répondu en message privé.',
    en: '📩 I replied to you in a private message.',
  },
  optedOut: {
    fr: "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez START pour revenir.",
    en: "Done: you won't receive messages from us any more. Write START to opt back in.",
  },
  optedIn: { fr: 'Bon retour ! MAX est de nouveau disponible.', en: 'Welcome back! MAX is available again.' },
  media: {
    fr: "J'ai bien reçu le fichier, mais je ne traite que le texte et les messages vocaux. Décrivez-moi ce que vous voulez faire.",
    en: "I got the file, but I only handle text and voice notes. Tell me what you'd like to do.",
  },
  mediaRefused: {
    fr: "Je n'ai pas pu récupérer cette note vocale. Écrivez-moi votre demande, s'il vous plaît.",
    en: "I couldn't fetch that voice note. Please type your request.",
  },
  failed: {
    fr: "Désolé, je n'ai pas pu traiter votre message. Réessayez dans un instant.",
    en: "Sorry, I couldn't process your message. Please try again in a moment.",
  },
} as const satisfies Record<string, Record<Lang, unknown>>;

export const pick = <T>(entry: { fr: T; en: T }, lang: Lang): T => entry[lang];
