/**
 * What a sender is told, once, when a message of theirs cannot be answered now (each quotes the
 * message): it waits for the CRM, it waits for an earlier message, or it failed for good because
 * the CRM answered outside its protocol.
 */
export const waitingReplies = {
  /** The message itself failed on an outage (CRM or database away, timeouts). */
  outage: {
    fr: "⏳ Le CRM ne répond pas pour le moment : je ferai ce que demande ce message dès qu'il sera de retour, puis vos messages suivants, dans l'ordre. Inutile de le renvoyer.",
    en: '⏳ The CRM is not answering right now: I will do what this message asks as soon as it is back, then your next messages, in order. No need to send it again.',
  },
  /** The same, when what is away is not the CRM (a database, a service MAX calls). */
  outageOther: {
    fr: "⏳ Un service dont j'ai besoin ne répond pas pour le moment : je ferai ce que demande ce message dès qu'il sera de retour, puis vos messages suivants, dans l'ordre. Inutile de le renvoyer.",
    en: '⏳ A service I need is not answering right now: I will do what this message asks as soon as it is back, then your next messages, in order. No need to send it again.',
  },
  /** It waits behind an earlier message of the chat that is still being handled. */
  earlier: {
    fr: "⏳ Ce message attend qu'un message précédent soit traité : je m'en occupe juste après, dans l'ordre. Inutile de le renvoyer.",
    en: '⏳ This message is waiting for an earlier one to be handled: I will do it right after, in order. No need to send it again.',
  },
  /** It waits behind an earlier message that failed on an outage. */
  earlierOutage: {
    fr: "⏳ Ce message attend : un message précédent attend que le CRM réponde à nouveau. Je les traiterai dans l'ordre dès son retour. Inutile de le renvoyer.",
    en: '⏳ This message is waiting: an earlier one is waiting for the CRM to answer again. I will handle them in order as soon as it is back. No need to send it again.',
  },
  /** Dead: the CRM answered outside its protocol (an HTML page, no record) on every try. */
  badAnswer: {
    fr: "❌ Je n'ai pas pu traiter ce message : le CRM a répondu de façon inattendue à chaque essai, je n'ai donc pas pu faire ce qu'il demande. Votre administrateur peut le relancer une fois le CRM réparé.",
    en: "❌ I couldn't process this message: the CRM answered unexpectedly on every try, so I couldn't do what it asks. Your administrator can run it again once the CRM is fixed.",
  },
} as const;
