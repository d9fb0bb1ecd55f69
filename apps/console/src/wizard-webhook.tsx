import { Fragment } from 'preact';
import type { Key, T } from './i18n.ts';

export interface WebhookValues {
  webhookUrl: string;
  webhookUrlToken: string;
}

const ROWS: Array<[id: string, label: Key, key: keyof WebhookValues]> = [
  ['w-hook-url', 'webhookUrl', 'webhookUrl'],
  ['w-hook-token', 'webhookToken', 'webhookUrlToken'],
];

/** Step 4: the values to paste into Green-API's console, read-only and selected on focus for copying. */
export function WebhookStep(p: { hook: WebhookValues; t: T }) {
  return (
    <>
      <p class="hint">{p.t('webhookHint')}</p>
      {ROWS.map(([id, label, key]) => (
        <Fragment key={id}>
          <label for={id}>{p.t(label)}</label>
          <input id={id} readOnly value={p.hook[key]} onFocus={(e) => e.currentTarget.select()} />
        </Fragment>
      ))}
    </>
  );
}
