import { startEspoStandIn, startGreenApiStandIn } from '@max/sandbox';
import type { StackPorts } from './ports.ts';
import { waitForService } from './processes.ts';
import type { StackServiceCheck } from './service-check.ts';
import type { Teardown } from './teardown.ts';

export type EspoStandIn = Awaited<ReturnType<typeof startEspoStandIn>>;
export type GreenApiStandIn = Awaited<ReturnType<typeof startGreenApiStandIn>>;

/** The edges' stand-ins, answering: EspoCRM's (none with a real one, `espoReal`) and Green-API's. */
export async function startStandIns(
  ports: StackPorts,
  espoReal: boolean,
  teardown: Teardown,
  check: StackServiceCheck,
): Promise<{ espo: EspoStandIn | null; green: GreenApiStandIn }> {
  // The stand-in is EspoCRM as infra/scaleway-espocrm installs it (MissionMAX, DiagnosticIA, cTenantId).
  const espo = espoReal ? null : await startEspoStandIn({ port: ports.espo, customizations: 'infra' });
  if (espo) {
    teardown.add(espo.stop);
    await waitForService(`${espo.url}/__health`, check('espo', 'espo-stand-in'));
  }
  const green = await startGreenApiStandIn({ port: ports.green });
  teardown.add(green.stop);
  await waitForService(`${green.url}/__health`, check('green', 'green-api-stand-in'));
  return { espo, green };
}
