/** What an operator call answers: a JSON body, or (exports) a document of its own type. */
export type AdminAnswer =
  | { status: number; body: Record<string, unknown> }
  | { status: number; raw: { contentType: string; body: string; fileName: string } };

export const ok = (body: Record<string, unknown>, status = 200): AdminAnswer => ({ status, body });
