import type { KindRenderer } from './kind-renderer.ts';

interface SetupDetail {
  sector: string;
  created: string[];
  existing: string[];
  failed: Array<{ field: string; code: string }>;
  layouts: string[];
  labels: Record<string, string>;
  rebuilt: boolean;
  health: { reachable: boolean; authenticated: boolean; admin: boolean | null };
  healthy: boolean;
  memoryFull: boolean;
}

/** What the CRM now has: fields created, fields left as they were, layouts changed, rebuild and health. */
const setup: KindRenderer = (o, lang) => {
  const d = o.detail as unknown as SetupDetail;
  const fr = lang === 'fr';
  const named = (keys: string[]) => keys.map((k) => (d.labels[k] ? `${d.labels[k]} (${k})` : k)).join(', ');
  const applied = d.created.length + d.existing.length > 0;
  const lines = [
    applied
      ? fr
        ? `✅ CRM configuré pour « ${d.sector} » :`
        : `✅ CRM set up for "${d.sector}":`
      : fr
        ? `⚠️ La configuration pour « ${d.sector} » n'a pas pu être appliquée :`
        : `⚠️ The setup for "${d.sector}" could not be applied:`,
  ];
  if (d.created.length)
    lines.push(fr ? `• champs créés : ${named(d.created)}` : `• fields created: ${named(d.created)}`);
  if (d.existing.length)
    lines.push(
      fr
        ? `• déjà présents, laissés tels quels : ${named(d.existing)}`
        : `• already there, left as they are: ${named(d.existing)}`,
    );
  if (d.layouts.length) {
    // One entry per field placed: "Lead.detail (+6), Lead.list (+2)".
    const counts = new Map<string, number>();
    for (const l of d.layouts) counts.set(l, (counts.get(l) ?? 0) + 1);
    const list = [...counts].map(([l, n]) => `${l} (+${n})`).join(', ');
    lines.push(fr ? `• vues mises à jour : ${list}` : `• layouts updated: ${list}`);
  }
  if (d.failed.length)
    lines.push(
      (fr ? '• non appliqué : ' : '• not applied: ') +
        d.failed.map((f) => `${f.field} (${f.code})`).join(', '),
    );
  if (d.rebuilt) lines.push(fr ? '• CRM reconstruit, cache vidé' : '• CRM rebuilt, cache cleared');
  else if (applied)
    lines.push(fr ? '• rien à changer : pas de reconstruction' : '• nothing to change: no rebuild');
  const h = d.health;
  lines.push(
    d.healthy
      ? fr
        ? '• santé du CRM : ✅ joignable, authentifié, droits admin'
        : '• CRM health: ✅ reachable, authenticated, admin rights'
      : fr
        ? `• santé du CRM : ⚠️ joignable ${h.reachable ? 'oui' : 'non'}, authentifié ${h.authenticated ? 'oui' : 'non'}, admin ${h.admin === false ? 'non' : 'oui'}`
        : `• CRM health: ⚠️ reachable ${h.reachable ? 'yes' : 'no'}, authenticated ${h.authenticated ? 'yes' : 'no'}, admin ${h.admin === false ? 'no' : 'yes'}`,
  );
  if (o.memory?.set) lines.push(fr ? `🧠 Secteur retenu : ${d.sector}` : `🧠 Sector remembered: ${d.sector}`);
  else if (d.memoryFull)
    lines.push(
      fr
        ? '🧠 Mémoire pleine : le secteur n’a pas été retenu (oubliez une information pour faire de la place).'
        : '🧠 Memory is full: the sector was not remembered (forget something to make room).',
    );
  return lines.join('\n');
};

/** The setup family's kinds (render/kinds.ts spreads them into KIND_RENDERERS). */
export const SETUP_RENDERERS: Record<string, KindRenderer> = { setup };
