import { allTools, findTool, toModelSpec } from '@max/core';
import { describe, expect, it } from 'vitest';

/** Issue 14 §5: what the model is shown of each tool is compact; what it sends is still fully checked. */
describe('tool specs for the model', () => {
  const spec = (name: string) =>
    toModelSpec(findTool(name)!).function.parameters as {
      properties: Record<string, Record<string, unknown>>;
    };

  it('a record target is one string, not an object of four', () => {
    for (const name of ['update_lead', 'add_note', 'log_call', 'schedule_meeting', 'change_status'])
      expect(spec(name).properties.target).toEqual({
        type: 'string',
        description: expect.stringContaining('id, email, phone or name'),
      });
  });

  it('no length bounds nor record key types are shown, for any tool', () => {
    const json = JSON.stringify(allTools.map(toModelSpec));
    for (const k of ['maxLength', 'minLength', 'propertyNames', '$schema']) expect(json).not.toContain(k);
    // Enums, ranges and patterns are kept: they change what a model writes.
    expect(json).toContain('"enum"');
    expect(json).toContain('"maximum"');
  });

  it('the string a model sends names the same record as the object the rules engine builds', () => {
    const tool = findTool('update_lead')!;
    const parse = (target: unknown) =>
      (tool.parameters.parse({ target, changes: { title: 'CEO' } }) as { target: unknown }).target;
    expect(parse('marie@x.fr')).toEqual({ emailAddress: 'marie@x.fr' });
    expect(parse('06 12 34 56 78')).toEqual({ phoneNumber: '06 12 34 56 78' });
    expect(parse('6b03ca539c96ba0c5')).toEqual({ id: '6b03ca539c96ba0c5' });
    expect(parse('Marie Dupont')).toEqual({ name: 'Marie Dupont' });
    expect(parse('')).toEqual({});
    expect(parse({ name: 'Marie Dupont' })).toEqual({ name: 'Marie Dupont' });
  });

  it('the bounds the model is not shown are still enforced when its arguments are parsed', () => {
    const tool = findTool('update_lead')!;
    expect(tool.parameters.safeParse({ target: 'x'.repeat(201), changes: {} }).success).toBe(false);
    expect(tool.parameters.safeParse({ target: 42, changes: {} }).success).toBe(false);
    expect(findTool('create_lead')!.parameters.safeParse({ lastName: 'x'.repeat(101) }).success).toBe(false);
  });
});
