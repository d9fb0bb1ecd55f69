/** The stream notes EspoCRM 8.4 writes on its own (Create, Status, CreateRelated) and how it lists them. */
import type { Rec } from './records.ts';

/** Lead.status styles from EspoCRM's metadata (clientDefs / entityDefs style). */
const STATUS_STYLE: Record<string, string> = {
  'In Process': 'primary',
  Converted: 'success',
  Recycled: 'info',
  Dead: 'info',
};
export const statusStyle = (v: unknown) => STATUS_STYLE[String(v)] ?? 'default';

export interface StreamAuthor {
  id: string;
  name: string;
}

const BASE_NULLS = {
  post: null,
  data: null,
  targetType: null,
  isGlobal: false,
  createdByGender: null,
  isInternal: false,
  isPinned: false,
  relatedId: null,
  relatedType: null,
  modifiedById: null,
  modifiedByName: null,
  superParentId: null,
  superParentType: null,
};

export function streamNote(
  id: string,
  number: number,
  at: string,
  author: StreamAuthor,
  parent: { type: string; id: string },
  fields: Rec,
): Rec {
  return {
    id,
    deleted: false,
    ...BASE_NULLS,
    number,
    createdAt: at,
    modifiedAt: at,
    parentId: parent.id,
    parentType: parent.type,
    createdById: author.id,
    createdByName: author.name,
    ...fields,
  };
}

/** A user's Post note as the stream lists it (with its attachments). */
export function streamPost(note: Rec): Rec {
  return {
    id: note.id,
    deleted: false,
    ...BASE_NULLS,
    post: note.post ?? null,
    data: note.data ?? {},
    type: note.type ?? 'Post',
    number: note.number ?? 0,
    isInternal: note.isInternal ?? false,
    createdAt: note.createdAt,
    modifiedAt: note.modifiedAt,
    parentId: note.parentId ?? null,
    parentType: note.parentType ?? null,
    attachmentsIds: [],
    attachmentsNames: {},
    attachmentsTypes: {},
    createdById: note.createdById,
    createdByName: note.createdByName,
  };
}
