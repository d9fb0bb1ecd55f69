/** One tool call, shaped exactly like the model's: the agent runs both the same way. */
export interface ToolCallRequest {
  name: string;
  args: Record<string, unknown>;
}

export type RulesLanguage = 'fr' | 'en';

export interface ParseOptions {
  /** The tenant's calendar day, YYYY-MM-DD: relative dates resolve against it. */
  today: string;
  /** Used when the text itself does not say which language it is in. */
  locale: RulesLanguage;
}

/** What the rules understood of a message they could not act on: the reply says it. */
export interface Understood {
  /** The actions its words say (create, find, update…). */
  actions: string[];
  /** The tool a reading came closest to, if any. */
  tool?: string;
}

export type ParseResult =
  | { kind: 'calls'; calls: ToolCallRequest[]; language: RulesLanguage }
  /** A new record read with words left over: asked first ("Créer un lead … ? oui / non"). */
  | { kind: 'ask'; call: ToolCallRequest; leftovers: string[]; language: RulesLanguage }
  | {
      kind: 'smalltalk';
      act: 'greeting' | 'thanks' | 'ack' | 'how' | 'bye' | 'help';
      language: RulesLanguage;
    }
  | { kind: 'unknown'; language: RulesLanguage; understood?: Understood; leftovers?: string[] };

/** Who a command is about; {} means the lead the conversation is about. */
export interface LeadTargetArgs {
  id?: string;
  emailAddress?: string;
  phoneNumber?: string;
  name?: string;
}

/** What an intent parser found: the call, and where free text (a note body, a task name) begins. */
export interface IntentMatch {
  call: ToolCallRequest;
  /** Index in the text where the user's free text starts; command words only come before it. */
  bodyStart?: number;
}
