import type { Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';

/** How one kind of successful outcome reads: each family's renderers have this shape. */
export type KindRenderer = (o: Extract<ToolOutcome, { ok: true }>, lang: Lang) => string;
