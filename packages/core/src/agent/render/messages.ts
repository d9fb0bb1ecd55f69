import type { Lang } from './replies.ts';

/** Fixed replies of the pipeline (not tool results). */
export const fixedReplies = {
  unknownSender: {
    fr: "Bonjour ! Ce numéro n'est pas autorisé à utiliser MAX. Demandez à votre administrateur de vous ajouter.",
    en: "Hello! This number isn't authorised to use MAX. Ask your administrator to add you.",
  },
  confirmAsk: {
    fr: (what: string) => `⚠️ Action sensible : ${what}\nRépondez OUI pour confirmer (valable 10 minutes).`,
    en: (what: string) => `⚠️ Sensitive action: ${what}\nReply YES to confirm (valid for 10 minutes).`,
  },
  confirmNone: {
    fr: "Il n'y a rien à confirmer (ou la demande a expiré).",
    en: 'There is nothing to confirm (or the request expired).',
  },
  cancelled: { fr: 'Action annulée.', en: 'Action cancelled.' },
  tooMany: {
    fr: "J'ai fait ce que je pouvais en une fois ; envoyez la suite dans un autre message.",
    en: 'I did what I could in one go; send the rest in another message.',
  },
  slowDown: {
    fr: '⏳ Vous envoyez beaucoup de messages : je fais une pause d’une minute avant de reprendre.',
    en: '⏳ You are sending a lot of messages: I will pause for a minute before going on.',
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
  failed: {
    fr: "Désolé, je n'ai pas pu traiter votre message. Réessayez dans un instant.",
    en: "Sorry, I couldn't process your message. Please try again in a moment.",
  },
} as const;

export const pick = <T>(entry: { fr: T; en: T }, lang: Lang): T => entry[lang];
