import type { T } from './i18n.ts';
import type { CheckLine } from './operator-api.ts';

/** A step passes when no required check failed (an unknown result, ok null, passes). */
export const checksPass = (lines: CheckLine[]) => lines.every((c) => c.ok !== false || !c.required);

/** The live checks' answers of a step, each with its fix when it failed. */
export function Checks(p: { lines: CheckLine[]; t: T }) {
  return (
    <ul class="checks" aria-label={p.t('checkResults')}>
      {p.lines.map((c) => (
        <li key={c.name} class={c.ok === false ? 'bad' : 'good'}>
          {c.ok === false ? '✗' : c.ok ? '✓' : '–'} <code>{c.name}</code> {c.detail}
          {c.ok === false && c.fix && <small> — {c.fix}</small>}
        </li>
      ))}
    </ul>
  );
}
