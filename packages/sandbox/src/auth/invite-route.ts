import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthContext, allowedRedirect } from './context.ts';
import { GoTrueError, sendJson } from './gotrue-http.ts';
import { inviteRequest } from './schemas.ts';
import { jsonBody } from './user-routes.ts';

/**
 * POST /invite (the secret key only, as GoTrue's): a new user, unconfirmed until they open the link
 * the e-mail carries (`type=invite`, single use, an hour), which signs them in on the console. An
 * address that is already a user's is refused (422 email_exists), as Supabase Auth does.
 */
export async function invite(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const body = await jsonBody(req, inviteRequest);
  if (await ctx.users.byEmail(body.email))
    throw new GoTrueError(422, 'email_exists', 'A user with this email address has already been registered');
  const user = await ctx.users.create({ email: body.email, userMetadata: body.data });
  const redirectTo = allowedRedirect(ctx, url.searchParams.get('redirect_to'));
  ctx.tokens.issue(
    user.id,
    body.email,
    (hash) => {
      const link = new URL(`${ctx.issuer}/verify`);
      link.searchParams.set('token', hash);
      link.searchParams.set('type', 'invite');
      link.searchParams.set('redirect_to', redirectTo);
      return link.toString();
    },
    'You have been invited',
  );
  sendJson(res, 200, { ...user, invited_at: new Date().toISOString() });
}
