/**
 * The demo's second act (rules engine): tenant memory, contacts / accounts / opportunities, a lead
 * conversion, the shipped custom entities, and a duplicate merge confirmed with OUI. Every CRM reply
 * is checked for the ids EspoCRM returned, so a reply MAX made up would fail.
 */

export type Exchange = (
  label: string,
  chatId: string,
  text: string,
  expect: RegExp | null,
) => Promise<{ replies: Array<{ message: string }> } | null>;

/** An EspoCRM record id in brackets, as MAX prints it. */
const ID = String.raw`\[[0-9a-f]{17}\]`;
const re = (...parts: string[]) => new RegExp(parts.join(''));
/** The ids in the first reply of an exchange, in order ('none' when absent: the next regex fails). */
const idsOf = (x: Awaited<ReturnType<Exchange>>) =>
  [...(x?.replies[0]?.message.matchAll(/\[([0-9a-f]{17})\]/g) ?? [])]
    .map((m) => m[1] ?? 'none')
    .concat('none', 'none');

export async function crmTour(
  exchange: Exchange,
  who: { admin: string; member: string },
  fail: (why: string) => void,
): Promise<void> {
  const { admin, member } = who;

  // 1. Tenant memory: the admin teaches, a member reads it back (from Postgres, not from the CRM).
  await exchange(
    'FR remember',
    admin,
    'retiens que nous sommes une agence immobilière à Lyon',
    /C'est noté — Secteur : agence immobilière à Lyon/,
  );
  await exchange(
    'FR recall',
    member,
    "qu'est-ce que tu sais de nous ?",
    /Ce que je sais de votre entreprise[\s\S]*Secteur : agence immobilière à Lyon/,
  );

  // 2. A contact at a company that does not exist yet, a deal for it (in euros: the stand-in's CRM
  // is set to the tenant's locale, as onboarding does), a link, and a lead converted into contact +
  // account + deal.
  const contact = await exchange(
    'FR contact',
    member,
    'crée un contact Claire Martin chez Fournil Lyonnais, email claire@fournil-lyonnais.fr',
    re(
      `Contact créé : Claire Martin \\(claire@fournil-lyonnais\\.fr, Fournil Lyonnais\\) ${ID}`,
      `\\n🏢 Rattaché au compte Fournil Lyonnais ${ID} \\(compte créé\\)`,
    ),
  );
  const [claire, fournil] = idsOf(contact);
  // The deal lands on the account the contact's message created: the same id.
  const deal = await exchange(
    'FR opportunity',
    member,
    'crée une opportunité Site vitrine pour Fournil Lyonnais, 4000 €',
    re(
      `Opportunité créée : Site vitrine \\(Fournil Lyonnais\\) ${ID}`,
      '\\n• Étape : Prospecting · Montant : 4000 EUR',
      `[\\s\\S]*🏢 Compte : Fournil Lyonnais \\[${fournil}\\]`,
    ),
  );
  const [site] = idsOf(deal);
  await exchange(
    'FR link',
    member,
    "rattache l'opportunité Site vitrine au contact Claire Martin",
    re(`🔗 Site vitrine [^\\n]*\\[${site}\\] rattaché à Claire Martin [^\\n]*\\[${claire}\\]`),
  );
  await exchange(
    'FR lead',
    member,
    'crée un lead Paul Girard chez Girard Immo, email paul@girard-immo.fr',
    re(`Lead créé : Paul Girard \\(paul@girard-immo\\.fr, Girard Immo\\) ${ID}`),
  );
  await exchange(
    'FR convert',
    member,
    'convertis le lead paul@girard-immo.fr avec une opportunité de 2500 €',
    re(
      `🔁 Lead converti : Paul Girard [^\\n]*${ID}`,
      `\\n• Contact créé : Paul Girard [^\\n]*${ID}`,
      `\\n• Compte créé : Girard Immo [^\\n]*${ID}`,
      `\\n• Opportunité créée : [^\\n]*${ID} — Prospecting · 2500 EUR`,
    ),
  );

  // 3. A shipped custom entity (infra/scaleway-espocrm): a mission for the account, linked to it.
  await exchange(
    'FR mission',
    member,
    'crée une mission MAX pour Fournil Lyonnais, budget 1500',
    re(
      `✅ Mission MAX créée : Mission MAX – Fournil Lyonnais [^\\n]*${ID}`,
      `\\n• Pour compte : Fournil Lyonnais \\[${fournil}\\]`,
      '\\n• Budget : 1500',
    ),
  );

  // 4. Duplicates: MAX never creates a second lead with a known e-mail, so the second one arrives
  // without it and gets it by an update (as happens when someone fixes a record by hand).
  await exchange(
    'FR dup 1',
    admin,
    'crée un lead Marie Dupont, email marie@dupont.fr',
    re(`Lead créé : Marie Dupont \\(marie@dupont\\.fr\\) ${ID}`),
  );
  await exchange(
    'FR dup 2',
    admin,
    'crée un lead Marie Dupond, tél 06 12 34 56 78',
    re(`Lead créé : Marie Dupond[^\\n]*${ID}`),
  );
  await exchange(
    'FR dup email',
    admin,
    "change l'email du lead Marie Dupond en marie@dupont.fr",
    /Lead mis à jour : Marie Dupond[\s\S]*marie@dupont\.fr/,
  );
  const group =
    /Leads — même e-mail\n• Marie Dupont [^\n]*\[([0-9a-f]{17})\][^\n]*\n• Marie Dupond [^\n]*\[([0-9a-f]{17})\][^\n]*\n→ pour fusionner : « (fusionne \2 dans \1) »/;
  const found = await exchange('FR duplicates', admin, 'cherche les doublons', group);
  const m = found?.replies.map((r) => group.exec(r.message)).find(Boolean);
  if (!m) return fail('merge: no merge command for Marie Dupont / Marie Dupond to send');
  const [, kept, removed, command] = m as unknown as [string, string, string, string];
  // The question names both leads as the CRM has them (no tool name, no JSON, no bare id).
  await exchange(
    'FR merge',
    admin,
    command,
    re(
      '^⚠️ Fusionner le lead Marie Dupond \\(marie@dupont\\.fr\\) dans Marie Dupont \\(marie@dupont\\.fr\\) \\? ',
      'Les notes, tâches et activités suivent ; la fiche fusionnée est ensuite supprimée\\.\\n',
      'Répondez OUI pour confirmer',
    ),
  );
  await exchange(
    'FR confirm',
    admin,
    'OUI',
    re(
      `Fusion faite dans Marie Dupont \\(marie@dupont\\.fr\\) \\[${kept}\\] : `,
      `Marie Dupond \\[${removed}\\] y a été fusionné puis supprimé`,
    ),
  );
}
