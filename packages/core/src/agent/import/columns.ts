import { type FieldRef, matchField, normalizeLabel } from '../entities/field-labels.ts';

/** A spreadsheet column and the CRM field it fills (null: ignored, and the preview says so). */
export interface ColumnMap {
  index: number;
  header: string;
  field: string | null;
  /** The field's definition (enum options…) when it is one of the entity's settable fields. */
  ref?: FieldRef;
}

/** How people head the usual person columns, FR/EN (normalised: lower case, no accents). */
const HEADERS: Record<string, string[]> = {
  firstName: ['prenom', 'first name', 'firstname', 'given name', 'forename'],
  lastName: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  name: ['nom complet', 'full name', 'name', 'contact', 'nom et prenom', 'prenom et nom', 'prenom nom'],
  emailAddress: ['email', 'e mail', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'email address'],
  phoneNumber: [
    'telephone',
    'tel',
    'phone',
    'phone number',
    'mobile',
    'portable',
    'gsm',
    'numero',
    'numero de telephone',
  ],
  accountName: [
    'societe',
    'entreprise',
    'company',
    'organisation',
    'organization',
    'account',
    'compte',
    'raison sociale',
  ],
  title: ['poste', 'fonction', 'title', 'job title', 'titre'],
  website: ['site', 'site web', 'site internet', 'website', 'web'],
  source: ['source', 'origine', 'lead source'],
  status: ['statut', 'status', 'etat'],
  description: [
    'description',
    'notes',
    'note',
    'commentaire',
    'commentaires',
    'comment',
    'comments',
    'remarques',
  ],
  addressCity: ['ville', 'city'],
  addressPostalCode: ['code postal', 'cp', 'postal code', 'zip', 'zip code'],
  addressStreet: ['adresse', 'rue', 'address', 'street'],
  addressCountry: ['pays', 'country'],
  cWhatsappConsent: [
    'consentement whatsapp',
    'whatsapp consent',
    'whatsapp opt in',
    'opt in whatsapp',
    'whatsapp',
  ],
};

/**
 * Each header to a field: the usual person columns first (FR/EN words), then any settable field of
 * the entity by its name or label, the tenant's custom fields included. A field is filled by one
 * column only (the first); the others are ignored.
 */
export function mapColumns(headers: string[], fields: FieldRef[]): ColumnMap[] {
  const taken = new Set<string>();
  const byName = new Map(fields.map((f) => [f.name, f]));
  return headers.map((header, index) => {
    const key = normalizeLabel(header);
    let field: string | null = null;
    for (const [name, words] of Object.entries(HEADERS))
      if (
        words.includes(key) &&
        (name === 'name' || byName.has(name) || ['firstName', 'lastName'].includes(name))
      ) {
        field = name;
        break;
      }
    if (!field && key) field = matchField(fields, header)?.name ?? null;
    if (field && taken.has(field)) field = null;
    if (field) taken.add(field);
    const ref = field ? byName.get(field) : undefined;
    return { index, header, field, ...(ref ? { ref } : {}) };
  });
}
