import type { ComponentChildren, PartialInputHTMLAttributes } from 'preact';

type InputProps = Omit<
  PartialInputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onInput' | 'role' | 'type'
> & { type?: 'text' | 'email' | 'password' | 'tel' | 'url' };

/**
 * A label and its input tied by id (as screen readers need); the input's other attributes are the
 * caller's. `set` gets each keystroke's value.
 */
export function TextField({
  id,
  label,
  value,
  set,
  type,
  ...input
}: InputProps & { id: string; label: string; value: string; set: (v: string) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        // One of the text types: the cast only picks, among preact's per-type attribute sets, the text one.
        {...(type ? { type: type as 'text' } : {})}
        {...input}
        value={value}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </>
  );
}

/** A label and its select tied by id; the options are the children. */
export function SelectField(p: {
  id: string;
  label: string;
  value: string;
  set: (v: string) => void;
  children: ComponentChildren;
}) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.set(e.currentTarget.value)}>
        {p.children}
      </select>
    </>
  );
}
