/** One step of a scripted model: the tool calls it makes, or the text it answers. */
export type Step =
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { content: string };

/** A step that calls one tool with these arguments. */
export const call = (name: string, args: Record<string, unknown>): Step => ({
  toolCalls: [{ name, arguments: args }],
});

/**
 * The model of the pipeline suites: it does exactly what the test scripted, in order (the worst
 * case, a model that obeys whoever writes), and answers "OK" once the script is done. Pass `model`
 * to startHarness; set or push `next` before the message that should trigger the steps.
 */
export class ScriptedModel {
  next: Step[] = [];
  readonly model = (): Step => this.next.shift() ?? { content: 'OK' };
}
