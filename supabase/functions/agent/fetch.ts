/**
 * The agent's outbound fetch. Writes (POST, PATCH) never reuse a pooled connection: Deno's fetch
 * replays a request whose pooled connection is reset before the answer (denoland/deno#35610), and a
 * server that applied a sendMessage or a CRM create before the reset would then apply it twice
 * without MAX ever seeing a failure. On a fresh connection Deno (≥ 2.9.6) sends it once, and a lost
 * answer surfaces as an error that the pipeline records and checks before writing again.
 */
type CreateHttpClient = (o: { poolMaxIdlePerHost?: number }) => unknown;

export function agentFetch(): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const create = (Deno as unknown as { createHttpClient?: CreateHttpClient }).createHttpClient;
  // A runtime without createHttpClient (some hosted edge runtimes) keeps its default client.
  const unpooled = typeof create === 'function' ? create({ poolMaxIdlePerHost: 0 }) : null;
  return (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (!unpooled || (method !== 'POST' && method !== 'PATCH')) return fetch(input, init);
    return fetch(input, { ...init, client: unpooled } as RequestInit);
  };
}
