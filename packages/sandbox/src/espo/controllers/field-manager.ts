import { answer, type EspoCtx, parseBody } from '../app/http.ts';
import type { FieldDef } from '../defs/index.ts';
import { errorBody, HttpError } from '../errors.ts';
import type { EspoInstall } from '../install.ts';
import type { Rec } from '../records.ts';

/**
 * Admin/fieldManager (Tools/FieldManager/FieldManager.php): a field of a core entity is stored with the
 * `c` prefix, one of a custom entity (scopes.*.isCustom) keeps its name; existing → 409.
 */
export function fieldManager(i: EspoInstall, c: EspoCtx, entity: string, name: string | undefined): Response {
  const { meta, labels } = i;
  const method = c.req.method;
  const fields = i.defsOf(entity);
  if (method === 'POST' && !name) {
    const input = parseBody(c);
    const bare = String(input.name ?? '');
    if (!bare) throw new HttpError(400, 'Empty field name.');
    const stored = meta.scopes[entity]?.isCustom ? bare : `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
    if (fields[stored]) {
      throw new HttpError(
        409,
        `Field '${stored}' already exists in '${entity}'.`,
        errorBody('fieldAlreadyExists', 'FieldManager', { field: stored, entityType: entity }),
      );
    }
    if (!/^[a-z]/.test(stored)) throw new HttpError(500, 'Field name should start with a lower case letter.');
    if (/[^a-zA-Z\d]/.test(stored))
      throw new HttpError(500, 'Field name should contain only letters and numbers.');
    const def: FieldDef = { type: String(input.type) };
    if (input.options) def.options = input.options as string[];
    if (def.type === 'enum' || def.type === 'multiEnum') {
      def.default = input.default ?? '';
      def.maxLength = 100;
    }
    if (input.maxLength !== undefined) def.maxLength = Number(input.maxLength);
    // Falsy parameters (required: false, '' defaults) are not stored, as the recordings show.
    for (const k of ['min', 'max', 'required', 'default'] as const)
      if (input[k] !== undefined && input[k] !== false && input[k] !== '' && def[k] === undefined)
        (def as Rec)[k] = input[k];
    def.isCustom = true;
    fields[stored] = def;
    i.labelsOf(entity)[stored] = String(input.label ?? stored);
    return answer(200, { ...def, label: i.labelsOf(entity)[stored] });
  }
  if (!name) return answer(404, '');
  const def = fields[name];
  if (!def) throw new HttpError(500, `Can't read field defs ${entity}.${name}.`);
  if (method === 'GET') return answer(200, { ...def, label: labels[entity]?.[name] ?? name });
  if (method === 'PUT' || method === 'PATCH') {
    const input = parseBody(c);
    Object.assign(
      def,
      input.options ? { options: input.options } : {},
      input.maxLength ? { maxLength: input.maxLength } : {},
    );
    if (input.label) i.labelsOf(entity)[name] = String(input.label);
    return answer(200, { ...def, label: labels[entity]?.[name] ?? name });
  }
  if (method === 'DELETE') {
    delete fields[name];
    return answer(200, true);
  }
  return answer(404, '');
}
