import type { GoTrueClient, Session } from '@supabase/supabase-js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Activity } from './activity.tsx';
import { apiClient, tenantOfToken } from './api.ts';
import { Chat, type ChatLine } from './chat.tsx';
import type { TeamMember } from './format.ts';
import { initialLang, type Key, type Lang, saveLang, translator } from './i18n.ts';
import { Memory } from './memory.tsx';
import { PendingView } from './pending.tsx';
import { SignIn } from './sign-in.tsx';
import { roleKey, Team, type TeamData } from './team.tsx';
import { type MyTenant, TenantSwitch } from './tenant-switch.tsx';
import { UsageHealth } from './usage-health.tsx';
import { useLoad } from './use-load.ts';

interface Me {
  tenant: { id: string; name: string; crmPublicUrl: string | null };
  role: string;
  userId: string;
  tenants: MyTenant[];
}

type OperatorView = typeof import('./operator.tsx').Operator;

const ROUTES = ['chat', 'activity', 'usage', 'team', 'memory', 'pending', 'operator'] as const;
type Route = (typeof ROUTES)[number];
const ADMIN_ONLY: Route[] = ['activity', 'usage', 'team', 'pending'];
const TITLES: Record<Route, Key> = {
  chat: 'chatTitle',
  activity: 'activityTitle',
  usage: 'usageHealthTitle',
  operator: 'operatorTitle',
  team: 'teamTitle',
  memory: 'memoryTitle',
  pending: 'pendingTitle',
};
const NAV: Record<Route, Key> = {
  chat: 'navChat',
  activity: 'navActivity',
  usage: 'navUsage',
  operator: 'navOperator',
  team: 'navTeam',
  memory: 'navMemory',
  pending: 'navPending',
};

const routeOf = (hash: string): Route | null => {
  const r = hash.replace(/^#\/?/, '') || 'chat';
  return (ROUTES as readonly string[]).includes(r) ? (r as Route) : null;
};

export function App(p: { auth: GoTrueClient; notice: Key | null }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = useMemo(() => translator(lang), [lang]);
  const [session, setSession] = useState<Session | null | 'loading'>('loading');
  const [route, setRoute] = useState<Route | null>(routeOf(location.hash));
  const [lines, setLines] = useState<ChatLine[]>([]);
  // The operator's page (and its wizard) is loaded only when opened: people never download it.
  const [Operator, setOperator] = useState<OperatorView | null>(null);
  useEffect(() => {
    if (route === 'operator' && !Operator)
      void import('./operator.tsx').then((m) => setOperator(() => m.Operator));
  }, [route, Operator]);
  // A conversation belongs to one tenant: switching tenants (or people) starts a new one.
  const tenantNow = session && session !== 'loading' ? tenantOfToken(session.access_token) : null;
  useEffect(() => setLines([]), [tenantNow, session && session !== 'loading' ? session.user.id : null]);

  useEffect(() => {
    saveLang(lang);
  }, [lang]);
  useEffect(() => {
    void p.auth.getSession().then(({ data }) => setSession(data.session));
    const { data } = p.auth.onAuthStateChange((_event, s) => setSession(s));
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => {
      data.subscription.unsubscribe();
      removeEventListener('hashchange', onHash);
    };
  }, [p.auth]);

  const languageSwitch = (
    <div class="lang">
      <label for="lang">{t('language')}</label>
      <select id="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </div>
  );
  if (session === 'loading') return <p role="status">{t('loading')}</p>;
  // The operator's page needs no person's session: an operator key, held in memory (operator.tsx).
  if (route === 'operator')
    return (
      <>
        <header class="top">
          <span class="brand">MAX</span>
          <a href="#/chat">{t('backToConsole')}</a>
          {languageSwitch}
        </header>
        <main id="main">
          <h1 id="view-title" tabIndex={-1}>
            {t('operatorTitle')}
          </h1>
          {Operator ? <Operator t={t} lang={lang} /> : <p role="status">{t('loading')}</p>}
        </main>
      </>
    );
  if (!session)
    return (
      <>
        <header class="top">
          <span class="brand">MAX</span>
          {languageSwitch}
        </header>
        <SignIn auth={p.auth} t={t} notice={p.notice} />
        <p class="operator-link">
          <a href="#/operator">{t('operatorLink')}</a>
        </p>
      </>
    );
  const tenant = tenantOfToken(session.access_token);
  return (
    <SignedIn
      // Another tenant (the switcher): everything is loaded again for it, nothing of the last one kept.
      key={tenant ?? 'none'}
      auth={p.auth}
      session={session}
      t={t}
      lang={lang}
      route={route}
      languageSwitch={languageSwitch}
      lines={lines}
      setLines={setLines}
    />
  );
}

function SignedIn(p: {
  auth: GoTrueClient;
  session: Session;
  t: ReturnType<typeof translator>;
  lang: Lang;
  route: Route | null;
  languageSwitch: preact.JSX.Element;
  lines: ChatLine[];
  setLines: (f: (l: ChatLine[]) => ChatLine[]) => void;
}) {
  const { t, route } = p;
  const signOut = () => void p.auth.signOut();
  const api = useMemo(() => apiClient(p.auth, signOut), [p.auth]);
  const tenant = tenantOfToken(p.session.access_token);
  const hasTenant = tenant !== null;
  const [me] = useLoad(
    () => (hasTenant ? api<Me>('/api/console/me') : Promise.reject(new Error('no tenant'))),
    [p.session.user.id],
  );
  const admin = me.state === 'ok' && (me.data.role === 'owner' || me.data.role === 'admin');
  const [team] = useLoad(() => (admin ? api<TeamData>('/api/console/team') : Promise.resolve(null)), [admin]);
  const members: TeamMember[] = team.state === 'ok' && team.data ? team.data.members : [];
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), [route]);

  const header = (
    <header class="top">
      <span class="brand">MAX</span>
      {me.state === 'ok' && (
        <span class="who-am-i">
          {t('signedInAs', {
            email: p.session.user.email ?? '',
            role: t(roleKey(me.data.role)),
            tenant: me.data.tenant.name,
          })}
        </span>
      )}
      {tenant !== null && me.state === 'ok' && (
        <TenantSwitch api={api} auth={p.auth} t={t} current={tenant} tenants={me.data.tenants} />
      )}
      {p.languageSwitch}
      <button type="button" class="secondary" onClick={signOut}>
        {t('signOut')}
      </button>
    </header>
  );
  if (!hasTenant || me.state === 'error')
    return (
      <>
        {header}
        <main id="main" tabIndex={-1}>
          <p role="alert" class="notice error">
            {hasTenant ? t('forbidden') : t('noTenant')}
          </p>
        </main>
      </>
    );
  if (me.state !== 'ok')
    return (
      <>
        {header}
        <p role="status">{t('loading')}</p>
      </>
    );
  const visible = ROUTES.filter((r) => r !== 'operator' && (admin || !ADMIN_ONLY.includes(r)));
  const view = (r: Route) => {
    const common = { api, t, lang: p.lang };
    switch (r) {
      case 'chat':
        return (
          <Chat
            {...common}
            crmUrl={me.data.tenant.crmPublicUrl}
            viewer={me.data.role === 'viewer'}
            lines={p.lines}
            setLines={p.setLines}
          />
        );
      case 'activity':
        return <Activity {...common} members={members} />;
      case 'usage':
        return <UsageHealth {...common} />;
      case 'team':
        return <Team {...common} userId={me.data.userId} myRole={me.data.role} />;
      case 'operator':
        return null;
      case 'memory':
        return <Memory {...common} />;
      case 'pending':
        return <PendingView {...common} members={members} />;
    }
  };
  return (
    <>
      {header}
      <nav aria-label={t('appName')}>
        <ul>
          {visible.map((r) => (
            <li key={r}>
              <a href={`#/${r}`} aria-current={r === route ? 'page' : undefined}>
                {t(NAV[r])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        <h1 id="view-title" ref={title} tabIndex={-1}>
          {route ? t(TITLES[route]) : t('notFound')}
        </h1>
        {route && view(route)}
      </main>
    </>
  );
}
