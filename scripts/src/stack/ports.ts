import { createServer, type Server } from 'node:net';
import { AppError } from '@max/core';
import { z } from 'zod';

/** Every port the local stack binds: who binds it, the variable that moves it, its default. */
export const STACK_PORTS = {
  worker: { label: 'Worker', env: 'MAX_WORKER_PORT', port: 8787 },
  inspector: { label: 'Worker inspector', env: 'MAX_INSPECTOR_PORT', port: 9229 },
  agent: { label: 'agent function', env: 'MAX_AGENT_PORT', port: 54321 },
  db: { label: 'database', env: 'MAX_DB_PORT', port: 54322 },
  espo: { label: 'EspoCRM stand-in', env: 'MAX_ESPO_PORT', port: 8090 },
  green: { label: 'Green-API stand-in', env: 'MAX_GREEN_PORT', port: 8091 },
  auth: { label: 'Supabase Auth stand-in', env: 'MAX_AUTH_PORT', port: 54324 },
} as const;

export type StackComponent = keyof typeof STACK_PORTS;
export type StackPorts = Record<StackComponent, number>;

const components = Object.keys(STACK_PORTS) as StackComponent[];

// An empty value means unset, as in a copied .env file.
const portVar = (name: string, fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .regex(/^\d+$/, `${name} must be a port number (1–65535)`)
      .transform(Number)
      .pipe(z.number().int().min(1, `${name} must be 1–65535`).max(65_535, `${name} must be 1–65535`))
      .default(fallback),
  );

const portsSchema = z.object(
  Object.fromEntries(
    components.map((c) => [STACK_PORTS[c].env, portVar(STACK_PORTS[c].env, STACK_PORTS[c].port)]),
  ),
);

/** The stack's ports from MAX_*_PORT (defaults otherwise); a bad or repeated value is one clear line. */
export function readStackPorts(env: Record<string, string | undefined>): StackPorts {
  const res = portsSchema.safeParse(env);
  if (!res.success) throw new AppError('validation', res.error.issues.map((i) => i.message).join('; '));
  const values = res.data as Record<string, number>;
  const ports = Object.fromEntries(components.map((c) => [c, values[STACK_PORTS[c].env]!])) as StackPorts;
  const seen = new Map<number, StackComponent>();
  for (const c of components) {
    const other = seen.get(ports[c]);
    if (other)
      throw new AppError(
        'validation',
        `${STACK_PORTS[other].env} and ${STACK_PORTS[c].env} are both ${ports[c]}: give each its own port`,
      );
    seen.set(ports[c], c);
  }
  return ports;
}

const bind = (port: number, host: string) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // exclusive: a cluster primary's shared handle must not make a taken port look free.
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Whether nothing listens on 127.0.0.1:`port` (the stack binds only the loopback address). */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  try {
    await close(await bind(port, host));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw new AppError('unavailable', `port ${port} cannot be bound (${(e as NodeJS.ErrnoException).code})`, {
      cause: e,
    });
  }
}

/**
 * Refuses to start when any of these ports is taken, before anything is started: one line naming
 * the component, the port and (when the ports came from the environment) the variable that moves it.
 */
export async function assertPortsFree(ports: Partial<StackPorts>, fromEnv = true): Promise<void> {
  const taken: StackComponent[] = [];
  for (const c of components) {
    const port = ports[c];
    if (port !== undefined && !(await isPortFree(port))) taken.push(c);
  }
  if (taken.length === 0) return;
  const what = taken.map((c) => `${ports[c]} (${STACK_PORTS[c].label})`).join(', ');
  const vars = taken.map((c) => STACK_PORTS[c].env).join(', ');
  const move = fromEnv ? ` — set ${vars} to ${taken.length === 1 ? 'another port' : 'other ports'}` : '';
  throw new AppError(
    'conflict',
    `${taken.length === 1 ? 'port' : 'ports'} ${what} ${taken.length === 1 ? 'is' : 'are'} already in use${move}`,
    { details: { ports: taken.map((c) => ports[c]) } },
  );
}

/**
 * `count` distinct ports the kernel reports free right now (bound together on port 0, then
 * released): for tests and benchmarks, which must not guess fixed ports.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => bind(0, '127.0.0.1')));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map(close));
  return ports;
}

/** One free port for each component of the stack. */
export async function freeStackPorts(): Promise<StackPorts> {
  const ports = await freePorts(components.length);
  return Object.fromEntries(components.map((c, i) => [c, ports[i]!])) as StackPorts;
}
