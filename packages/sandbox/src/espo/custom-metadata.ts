/**
 * The customisations shipped in infra/scaleway-espocrm (custom/Espo/Custom/Resources), read from the files
 * themselves and merged over the core metadata the way EspoCRM's unifier does: objects merge key by key,
 * arrays and scalars replace (an array starting with "__APPEND__" appends).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metadata } from './defs/index.ts';

export const INFRA_CUSTOM_RESOURCES = fileURLToPath(
  new URL('../../../../infra/scaleway-espocrm/custom/Espo/Custom/Resources', import.meta.url),
);

type Json = Record<string, unknown>;

export interface Customizations {
  metadata: Partial<Record<'entityDefs' | 'scopes' | 'recordDefs' | 'clientDefs', Record<string, Json>>>;
  /** i18n[language][scope] = { fields, links, options, … } */
  i18n: Record<string, Record<string, Json>>;
  /** layouts["Entity/name"] */
  layouts: Record<string, unknown>;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: unknown, over: unknown): unknown {
  if (Array.isArray(over)) {
    if (over[0] === '__APPEND__') return [...(Array.isArray(base) ? base : []), ...over.slice(1)];
    return structuredClone(over);
  }
  if (!isObject(over)) return over;
  const out: Json = isObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out;
}

function readJsonDir(dir: string): Record<string, Json> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json]),
  );
}

export function loadCustomizations(root: string): Customizations {
  const meta = (kind: 'entityDefs' | 'scopes' | 'recordDefs' | 'clientDefs') =>
    readJsonDir(join(root, 'metadata', kind));
  const i18nDir = join(root, 'i18n');
  const i18n = existsSync(i18nDir)
    ? Object.fromEntries(readdirSync(i18nDir).map((lang) => [lang, readJsonDir(join(i18nDir, lang))]))
    : {};
  const layoutsDir = join(root, 'layouts');
  const layouts: Record<string, unknown> = {};
  if (existsSync(layoutsDir))
    for (const entity of readdirSync(layoutsDir))
      for (const [name, value] of Object.entries(readJsonDir(join(layoutsDir, entity))))
        layouts[`${entity}/${name}`] = value;
  return {
    metadata: {
      entityDefs: meta('entityDefs'),
      scopes: meta('scopes'),
      recordDefs: meta('recordDefs'),
      clientDefs: meta('clientDefs'),
    },
    i18n,
    layouts,
  };
}

/** Applies customisations in place; a custom entity gets `links: {}` when its file has none. */
export function applyCustomizations(target: Metadata, custom: Customizations): void {
  for (const [entity, defs] of Object.entries(custom.metadata.entityDefs ?? {})) {
    const merged = deepMerge(
      target.entityDefs[entity] ?? { fields: {}, links: {} },
      defs,
    ) as Metadata['entityDefs'][string];
    merged.links ??= {};
    target.entityDefs[entity] = merged;
  }
  for (const [scope, defs] of Object.entries(custom.metadata.scopes ?? {}))
    target.scopes[scope] = deepMerge(target.scopes[scope] ?? {}, defs) as Metadata['scopes'][string];
  for (const [scope, defs] of Object.entries(custom.metadata.recordDefs ?? {}))
    target.recordDefs[scope] = deepMerge(
      target.recordDefs[scope] ?? {},
      defs,
    ) as Metadata['recordDefs'][string];
}
