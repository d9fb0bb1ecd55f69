/** A conversation's remembered turns and focus. */
export interface SessionTurn {
  role: 'user' | 'assistant';
  text: string;
  at: string;
}

export interface Session {
  /** The conversation: the chat id, or `<group>/<member>` in a group. */
  key: string;
  turns: SessionTurn[];
  pausedUntil: string | null;
  /** Last record the conversation was about: lets "ajoute une note" follow "crée un lead". */
  focus: { entity: string; id: string; name: string | null } | null;
}
