/** The shapes of EspoCRM metadata the stand-in keeps (entityDefs, scopes), as `GET Metadata` returns them. */
export interface FieldDef {
  type: string;
  /** Enum options (strings); a duration's options are numbers of seconds. */
  options?: Array<string | number>;
  required?: boolean;
  maxLength?: number;
  isCustom?: boolean;
  default?: unknown;
  [k: string]: unknown;
}

export type LinkType = 'belongsTo' | 'hasMany' | 'hasChildren' | 'belongsToParent' | 'hasOne';

export interface LinkDef {
  type: LinkType;
  entity?: string;
  foreign?: string;
  relationName?: string;
  [k: string]: unknown;
}

export interface EntityDefs {
  fields: Record<string, FieldDef>;
  links: Record<string, LinkDef>;
  collection?: {
    orderBy?: string;
    order?: 'asc' | 'desc';
    textFilterFields?: string[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface ScopeDefs {
  entity?: boolean;
  object?: boolean;
  stream?: boolean;
  isCustom?: boolean;
  customizable?: boolean;
  statusField?: string;
  duplicateCheckFieldList?: string[];
  [k: string]: unknown;
}

export interface Metadata {
  entityDefs: Record<string, EntityDefs>;
  scopes: Record<string, ScopeDefs>;
  /** recordDefs the stand-in acts on (duplicate where builder, mandatory list attributes). */
  recordDefs: Record<string, { duplicateWhereBuilderClassName?: string; mandatoryAttributeList?: string[] }>;
}
