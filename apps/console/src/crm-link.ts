/**
 * The address of a CRM record in the tenant's EspoCRM (`<url>/#<Entity>/view/<id>`), or null when
 * it cannot be built safely: the base must be an absolute http(s) URL without credentials (never
 * `javascript:` or `data:`), the entity an EspoCRM scope name, the id a record id. Names never go in.
 */
export function crmRecordLink(crmUrl: string | null, entity: string, id: string): string | null {
  if (!crmUrl) return null;
  let base: URL;
  try {
    base = new URL(crmUrl);
  } catch {
    return null;
  }
  if ((base.protocol !== 'https:' && base.protocol !== 'http:') || base.username || base.password)
    return null;
  if (!/^[A-Z][A-Za-z0-9]{0,62}$/.test(entity) || !/^[0-9a-zA-Z]{8,24}$/.test(id)) return null;
  base.hash = '';
  base.search = '';
  return `${base.toString().replace(/\/+$/, '')}/#${entity}/view/${id}`;
}
