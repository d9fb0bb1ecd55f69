import type { PlannedField, SetupPlan } from './plan.ts';

type Lang = 'fr' | 'en';
type Text = Record<Lang, string>;

interface TemplateField {
  entity: PlannedField['entity'];
  /** The API name, the same in every language (EspoCRM stores `propertyType` as `cPropertyType`). */
  name: string;
  type: PlannedField['type'];
  label: Text;
  options?: Record<Lang, string[]>;
  layouts?: PlannedField['layouts'];
}

export interface SectorTemplate {
  key: string;
  label: Text;
  fields: TemplateField[];
}

const LISTED: PlannedField['layouts'] = ['detail', 'list'];

/** One template row per field: a label in both languages, `layouts` only when it is not the default. */
function field(
  entity: TemplateField['entity'],
  name: string,
  type: TemplateField['type'],
  [fr, en]: [string, string],
  layouts?: PlannedField['layouts'],
): TemplateField {
  return { entity, name, type, label: { fr, en }, ...(layouts ? { layouts } : {}) };
}

/** A pick list: its options in both languages, in the same order (the same value in each). */
function pickList(type: 'enum' | 'multiEnum') {
  return (
    entity: TemplateField['entity'],
    name: string,
    label: [string, string],
    fr: string[],
    en: string[],
    layouts?: PlannedField['layouts'],
  ): TemplateField => ({
    ...field(entity, name, type, label),
    options: { fr, en },
    ...(layouts ? { layouts } : {}),
  });
}
const choice = pickList('enum');
const choices = pickList('multiEnum');

const sector = (key: string, [fr, en]: [string, string], fields: TemplateField[]): SectorTemplate => ({
  key,
  label: { fr, en },
  fields,
});

/**
 * The sectors the rules engine knows without a model. With a model, any sector works: the model
 * proposes its own plan in the same shape (setup/plan.ts).
 */
// biome-ignore format: a table reads best one field per line
export const SECTOR_TEMPLATES: SectorTemplate[] = [
  sector('real_estate', ['immobilier', 'real estate'], [
    choice('Lead', 'projectType', ['Projet', 'Project'], ['Achat', 'Vente', 'Location', 'Gestion locative'], ['Buy', 'Sell', 'Rent', 'Property management'], LISTED),
    choice('Lead', 'propertyType', ['Type de bien', 'Property type'], ['Appartement', 'Maison', 'Terrain', 'Local commercial', 'Immeuble'], ['Apartment', 'House', 'Land', 'Commercial premises', 'Building'], LISTED),
    field('Lead', 'maxBudget', 'currency', ['Budget max', 'Maximum budget']),
    field('Lead', 'searchArea', 'varchar', ['Secteur recherché', 'Search area']),
    field('Lead', 'minSurface', 'int', ['Surface min. (m²)', 'Min. area (m²)']),
    field('Lead', 'rooms', 'int', ['Nombre de pièces', 'Rooms']),
    choice('Opportunity', 'mandateType', ['Mandat', 'Mandate'], ['Simple', 'Exclusif', 'Semi-exclusif'], ['Open', 'Exclusive', 'Semi-exclusive']),
  ]),
  sector('food', ['restauration', 'food service'], [
    choice('Lead', 'requestType', ['Demande', 'Request'], ['Réservation', 'Commande', 'Traiteur', 'Événement'], ['Booking', 'Order', 'Catering', 'Event'], LISTED),
    field('Lead', 'eventDate', 'date', ["Date de l'événement", 'Event date'], LISTED),
    field('Lead', 'guests', 'int', ['Nombre de personnes', 'Guests']),
    choices('Lead', 'dietaryNeeds', ['Régimes / allergies', 'Dietary needs'], ['Végétarien', 'Vegan', 'Sans gluten', 'Halal', 'Casher', 'Allergies'], ['Vegetarian', 'Vegan', 'Gluten-free', 'Halal', 'Kosher', 'Allergies']),
    choices('Account', 'deliveryDays', ['Jours de livraison', 'Delivery days'], ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'], ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']),
  ]),
  sector('trades', ['artisanat / BTP', 'trades / construction'], [
    choice('Lead', 'workType', ['Type de travaux', 'Type of work'], ['Rénovation', 'Construction', 'Plomberie', 'Électricité', 'Peinture', 'Menuiserie', 'Toiture'], ['Renovation', 'Construction', 'Plumbing', 'Electrical', 'Painting', 'Carpentry', 'Roofing'], LISTED),
    field('Lead', 'siteAddress', 'varchar', ['Adresse du chantier', 'Site address']),
    field('Lead', 'surface', 'int', ['Surface (m²)', 'Area (m²)']),
    field('Lead', 'desiredStart', 'date', ['Début souhaité', 'Desired start']),
    field('Opportunity', 'siteVisitDate', 'date', ['Date de visite', 'Site visit date']),
    field('Opportunity', 'workStartDate', 'date', ['Début des travaux', 'Work start date']),
  ]),
  sector('services', ['conseil / services', 'consulting / services'], [
    choice('Lead', 'serviceType', ['Prestation', 'Service'], ['Audit', 'Conseil', 'Formation', 'Accompagnement', 'Développement'], ['Audit', 'Consulting', 'Training', 'Coaching', 'Development'], LISTED),
    choice('Lead', 'companySize', ["Taille de l'entreprise", 'Company size'], ['1-10', '11-50', '51-250', '250+'], ['1-10', '11-50', '51-250', '250+']),
    field('Lead', 'decisionDate', 'date', ['Date de décision', 'Decision date']),
    field('Opportunity', 'dailyRate', 'currency', ['TJM', 'Daily rate']),
    field('Opportunity', 'days', 'int', ['Nombre de jours', 'Days']),
    choice('Opportunity', 'contractType', ['Contrat', 'Contract'], ['Forfait', 'Régie', 'Abonnement'], ['Fixed price', 'Time and materials', 'Subscription'], LISTED),
  ]),
  sector('ecommerce', ['e-commerce', 'e-commerce'], [
    choice('Lead', 'channel', ["Canal d'acquisition", 'Acquisition channel'], ['Site web', 'Marketplace', 'Réseaux sociaux', 'Publicité', 'Parrainage'], ['Website', 'Marketplace', 'Social media', 'Ads', 'Referral'], LISTED),
    choice('Contact', 'segment', ['Segment client', 'Customer segment'], ['Nouveau', 'Régulier', 'VIP', 'Inactif'], ['New', 'Regular', 'VIP', 'Inactive'], LISTED),
    field('Contact', 'lastOrderDate', 'date', ['Dernière commande', 'Last order']),
    field('Contact', 'ordersCount', 'int', ['Nombre de commandes', 'Orders']),
    field('Contact', 'totalSpent', 'currency', ['Total dépensé', 'Total spent']),
    field('Account', 'shopUrl', 'url', ['Boutique en ligne', 'Online shop']),
  ]),
];

export const sectorTemplate = (key: string): SectorTemplate | undefined =>
  SECTOR_TEMPLATES.find((t) => t.key === key);

/** A template as a plan in one language: labels, options and the sector's name in that language. */
export function templatePlan(t: SectorTemplate, lang: Lang): SetupPlan {
  return {
    sector: t.label[lang],
    fields: t.fields.map((f) => ({
      entity: f.entity,
      name: f.name,
      type: f.type,
      label: f.label[lang],
      ...(f.options ? { options: f.options[lang] } : {}),
      layouts: f.layouts ?? ['detail'],
    })),
  };
}
