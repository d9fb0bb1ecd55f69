export * from './fault-layer.ts';
export {
  FAULT_MODES,
  type FaultMode,
  type FaultRule,
  type FaultRuleInput,
  faultRuleSchema,
} from './fault-rule.ts';
export * from './process-control.ts';
export { holdGroup, releaseGroup } from './process-groups.ts';
