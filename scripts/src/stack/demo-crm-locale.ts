import { alignCrmLocale, createEspoClient, silentLogger, systemClock } from '@max/core';

/**
 * The demo tenant's CRM in its locale, as onboarding leaves a French tenant's (EUR, Europe/Paris,
 * fr_FR), through the same Settings calls. Only the stand-in: a CRM given with ESPO_URL is the
 * operator's to align (`npm run tenant -- doctor <tenant> --fix`).
 */
export async function alignDemoCrm(espo: {
  url: string;
  apiKey: string;
  credentials: { adminUser: string; adminPassword: string };
}): Promise<void> {
  const crm = createEspoClient({
    baseUrl: espo.url,
    auth: { kind: 'apikey', apiKey: espo.apiKey },
    adminAuth: {
      kind: 'basic',
      username: espo.credentials.adminUser,
      password: espo.credentials.adminPassword,
    },
    fetch,
    clock: systemClock,
    logger: silentLogger,
  });
  const tenant = {
    crmMode: 'dedicated' as const,
    defaultCountry: 'FR',
    locale: 'fr' as const,
    timezone: 'Europe/Paris',
  };
  const report = await alignCrmLocale(crm, tenant, { apply: true });
  if (report.status === 'failed')
    throw new Error(`demo CRM locale: ${report.error.code} ${report.error.message}`);
}
