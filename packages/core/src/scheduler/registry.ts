import type { KindHandler, KindRegistry } from './handler.ts';

/**
 * Every kind MAX ships. A feature adds its kind here (one line) with a handler of its own file
 * under scheduler/kinds/; tests may pass their own registry (PipelineDeps.scheduledKinds).
 */
export function defaultKinds(extra: Record<string, KindHandler> = {}): KindRegistry {
  return new Map<string, KindHandler>(Object.entries({ ...extra }));
}
