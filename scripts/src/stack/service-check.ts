import { STACK_PORTS, type StackPorts } from './ports.ts';
import type { Managed, ServiceCheck } from './processes.ts';

/** How the stack waits for one of its components: its health's name, its label, its port's variable. */
export type StackServiceCheck = (
  component: keyof StackPorts,
  service: string,
  proc?: Managed,
) => ServiceCheck;

/**
 * The checks of a stack whose ports came from MAX_*_PORT (`fromEnv`): a taken port's error line then
 * names the variable that moves it; ports given by the caller are the caller's to move.
 */
export function stackServiceCheck(fromEnv: boolean): StackServiceCheck {
  return (component, service, proc) => ({
    service,
    label: STACK_PORTS[component].label,
    portEnv: fromEnv ? STACK_PORTS[component].env : undefined,
    timeoutMs: 120_000,
    ...(proc ? { proc } : {}),
  });
}
