export interface ToolCallRequest {
  name: string;
  args: Record<string, unknown>;
}

export type RulesLanguage = 'fr' | 'en';

export type ParseResult =
  | { kind: 'calls'; calls: ToolCallRequest[]; language: RulesLanguage }
  | { kind: 'unknown'; language: RulesLanguage };
