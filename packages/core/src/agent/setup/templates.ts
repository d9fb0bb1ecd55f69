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

const both = (fr: string, en: string): Text => ({ fr, en });

/**
 * The sectors the rules engine knows without a model. With a model, any sector works: the model
 * proposes its own plan in the same shape (setup/plan.ts).
 */
export const SECTOR_TEMPLATES: SectorTemplate[] = [
  {
    key: 'real_estate',
    label: both('immobilier', 'real estate'),
    fields: [
      {
        entity: 'Lead',
        name: 'projectType',
        type: 'enum',
        label: both('Projet', 'Project'),
        options: {
          fr: ['Achat', 'Vente', 'Location', 'Gestion locative'],
          en: ['Buy', 'Sell', 'Rent', 'Property management'],
        },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Lead',
        name: 'propertyType',
        type: 'enum',
        label: both('Type de bien', 'Property type'),
        options: {
          fr: ['Appartement', 'Maison', 'Terrain', 'Local commercial', 'Immeuble'],
          en: ['Apartment', 'House', 'Land', 'Commercial premises', 'Building'],
        },
        layouts: ['detail', 'list'],
      },
      { entity: 'Lead', name: 'maxBudget', type: 'currency', label: both('Budget max', 'Maximum budget') },
      {
        entity: 'Lead',
        name: 'searchArea',
        type: 'varchar',
        label: both('Secteur recherché', 'Search area'),
      },
      { entity: 'Lead', name: 'minSurface', type: 'int', label: both('Surface min. (m²)', 'Min. area (m²)') },
      { entity: 'Lead', name: 'rooms', type: 'int', label: both('Nombre de pièces', 'Rooms') },
      {
        entity: 'Opportunity',
        name: 'mandateType',
        type: 'enum',
        label: both('Mandat', 'Mandate'),
        options: { fr: ['Simple', 'Exclusif', 'Semi-exclusif'], en: ['Open', 'Exclusive', 'Semi-exclusive'] },
      },
    ],
  },
  {
    key: 'food',
    label: both('restauration', 'food service'),
    fields: [
      {
        entity: 'Lead',
        name: 'requestType',
        type: 'enum',
        label: both('Demande', 'Request'),
        options: {
          fr: ['Réservation', 'Commande', 'Traiteur', 'Événement'],
          en: ['Booking', 'Order', 'Catering', 'Event'],
        },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Lead',
        name: 'eventDate',
        type: 'date',
        label: both("Date de l'événement", 'Event date'),
        layouts: ['detail', 'list'],
      },
      { entity: 'Lead', name: 'guests', type: 'int', label: both('Nombre de personnes', 'Guests') },
      {
        entity: 'Lead',
        name: 'dietaryNeeds',
        type: 'multiEnum',
        label: both('Régimes / allergies', 'Dietary needs'),
        options: {
          fr: ['Végétarien', 'Vegan', 'Sans gluten', 'Halal', 'Casher', 'Allergies'],
          en: ['Vegetarian', 'Vegan', 'Gluten-free', 'Halal', 'Kosher', 'Allergies'],
        },
      },
      {
        entity: 'Account',
        name: 'deliveryDays',
        type: 'multiEnum',
        label: both('Jours de livraison', 'Delivery days'),
        options: {
          fr: ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'],
          en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
        },
      },
    ],
  },
  {
    key: 'trades',
    label: both('artisanat / BTP', 'trades / construction'),
    fields: [
      {
        entity: 'Lead',
        name: 'workType',
        type: 'enum',
        label: both('Type de travaux', 'Type of work'),
        options: {
          fr: ['Rénovation', 'Construction', 'Plomberie', 'Électricité', 'Peinture', 'Menuiserie', 'Toiture'],
          en: ['Renovation', 'Construction', 'Plumbing', 'Electrical', 'Painting', 'Carpentry', 'Roofing'],
        },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Lead',
        name: 'siteAddress',
        type: 'varchar',
        label: both('Adresse du chantier', 'Site address'),
      },
      { entity: 'Lead', name: 'surface', type: 'int', label: both('Surface (m²)', 'Area (m²)') },
      { entity: 'Lead', name: 'desiredStart', type: 'date', label: both('Début souhaité', 'Desired start') },
      {
        entity: 'Opportunity',
        name: 'siteVisitDate',
        type: 'date',
        label: both('Date de visite', 'Site visit date'),
      },
      {
        entity: 'Opportunity',
        name: 'workStartDate',
        type: 'date',
        label: both('Début des travaux', 'Work start date'),
      },
    ],
  },
  {
    key: 'services',
    label: both('conseil / services', 'consulting / services'),
    fields: [
      {
        entity: 'Lead',
        name: 'serviceType',
        type: 'enum',
        label: both('Prestation', 'Service'),
        options: {
          fr: ['Audit', 'Conseil', 'Formation', 'Accompagnement', 'Développement'],
          en: ['Audit', 'Consulting', 'Training', 'Coaching', 'Development'],
        },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Lead',
        name: 'companySize',
        type: 'enum',
        label: both("Taille de l'entreprise", 'Company size'),
        options: { fr: ['1-10', '11-50', '51-250', '250+'], en: ['1-10', '11-50', '51-250', '250+'] },
      },
      {
        entity: 'Lead',
        name: 'decisionDate',
        type: 'date',
        label: both('Date de décision', 'Decision date'),
      },
      { entity: 'Opportunity', name: 'dailyRate', type: 'currency', label: both('TJM', 'Daily rate') },
      { entity: 'Opportunity', name: 'days', type: 'int', label: both('Nombre de jours', 'Days') },
      {
        entity: 'Opportunity',
        name: 'contractType',
        type: 'enum',
        label: both('Contrat', 'Contract'),
        options: {
          fr: ['Forfait', 'Régie', 'Abonnement'],
          en: ['Fixed price', 'Time and materials', 'Subscription'],
        },
        layouts: ['detail', 'list'],
      },
    ],
  },
  {
    key: 'ecommerce',
    label: both('e-commerce', 'e-commerce'),
    fields: [
      {
        entity: 'Lead',
        name: 'channel',
        type: 'enum',
        label: both("Canal d'acquisition", 'Acquisition channel'),
        options: {
          fr: ['Site web', 'Marketplace', 'Réseaux sociaux', 'Publicité', 'Parrainage'],
          en: ['Website', 'Marketplace', 'Social media', 'Ads', 'Referral'],
        },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Contact',
        name: 'segment',
        type: 'enum',
        label: both('Segment client', 'Customer segment'),
        options: { fr: ['Nouveau', 'Régulier', 'VIP', 'Inactif'], en: ['New', 'Regular', 'VIP', 'Inactive'] },
        layouts: ['detail', 'list'],
      },
      {
        entity: 'Contact',
        name: 'lastOrderDate',
        type: 'date',
        label: both('Dernière commande', 'Last order'),
      },
      { entity: 'Contact', name: 'ordersCount', type: 'int', label: both('Nombre de commandes', 'Orders') },
      {
        entity: 'Contact',
        name: 'totalSpent',
        type: 'currency',
        label: both('Total dépensé', 'Total spent'),
      },
      { entity: 'Account', name: 'shopUrl', type: 'url', label: both('Boutique en ligne', 'Online shop') },
    ],
  },
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
