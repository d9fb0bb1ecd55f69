import { SelectField, TextField } from './fields.tsx';
import type { Key, T } from './i18n.ts';
import type { SetField, WizardForm } from './wizard-form.ts';

/** One labelled control of a step: an input, or a select when it has options. */
export interface FieldSpec {
  id: string;
  key: keyof WizardForm;
  label: Key;
  type?: 'text' | 'url' | 'tel' | 'password';
  required?: boolean;
  pattern?: string;
  /** A select's choices, [value, text] (texts may be translated). */
  options?: (t: T) => Array<[string, string]>;
}

/** A step's fields, from its table (wizard-steps.ts), bound to the form's values. */
export function WizardFields(p: { specs: FieldSpec[]; f: WizardForm; set: SetField; t: T }) {
  return (
    <>
      {p.specs.map((spec) =>
        spec.options ? (
          <SelectField
            key={spec.id}
            id={spec.id}
            label={p.t(spec.label)}
            value={p.f[spec.key]}
            set={p.set(spec.key)}
          >
            {spec.options(p.t).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField
            key={spec.id}
            id={spec.id}
            label={p.t(spec.label)}
            type={spec.type ?? 'text'}
            required={spec.required ?? true}
            autoComplete="off"
            spellcheck={false}
            {...(spec.pattern ? { pattern: spec.pattern } : {})}
            value={p.f[spec.key]}
            set={p.set(spec.key)}
          />
        ),
      )}
    </>
  );
}
