import {
  array,
  boolean,
  coerce,
  discriminatedUnion,
  enum as enumOf,
  iso,
  literal,
  looseObject,
  NEVER,
  number,
  object,
  string,
  union,
  unknown,
} from 'zod/v4';

/**
 * The Worker's `zod` (wrangler.toml [alias] and vitest.config.ts point the bare 'zod' here, for
 * the Worker only): the same classic API, made of named imports. `import { z } from 'zod'` hands
 * esbuild a namespace object it cannot tree-shake, so every locale, the JSON Schema converters
 * and the schema compiler (about 700 KiB) would ship for the dozen builders edge code calls.
 * A builder missing here fails every Worker test at import time: add it to the list.
 */
export const z = {
  array,
  boolean,
  coerce,
  discriminatedUnion,
  enum: enumOf,
  iso,
  literal,
  looseObject,
  NEVER,
  number,
  object,
  string,
  union,
  unknown,
};
export default z;
