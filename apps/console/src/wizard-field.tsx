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

/** A labelled input (label, hint and field tied by id, as screen readers need). */
function Field(p: { spec: FieldSpec; label: string; value: string; set: (v: string) => void }) {
  const { spec } = p;
  return (
    <>
      <label for={spec.id}>{p.label}</label>
      <input
        id={spec.id}
        type={(spec.type ?? 'text') as 'text'}
        required={spec.required ?? true}
        autoComplete="off"
        spellcheck={false}
        {...(spec.pattern ? { pattern: spec.pattern } : {})}
        value={p.value}
        onInput={(e) => p.set(e.currentTarget.value)}
      />
    </>
  );
}

function Select(p: {
  id: string;
  label: string;
  value: string;
  set: (v: string) => void;
  options: Array<[string, string]>;
}) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.set(e.currentTarget.value)}>
        {p.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
}

/** A step's fields, from its table (wizard-steps.ts), bound to the form's values. */
export function WizardFields(p: { specs: FieldSpec[]; f: WizardForm; set: SetField; t: T }) {
  return (
    <>
      {p.specs.map((spec) =>
        spec.options ? (
          <Select
            key={spec.id}
            id={spec.id}
            label={p.t(spec.label)}
            value={p.f[spec.key]}
            set={p.set(spec.key)}
            options={spec.options(p.t)}
          />
        ) : (
          <Field
            key={spec.id}
            spec={spec}
            label={p.t(spec.label)}
            value={p.f[spec.key]}
            set={p.set(spec.key)}
          />
        ),
      )}
    </>
  );
}
