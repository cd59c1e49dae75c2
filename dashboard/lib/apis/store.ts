// The `apis` collection: definitions as stored ({_id: id, ...definition, createdAt, updatedAt}) and read back.
import { apiDefinitionSchema, type ApiDefinition } from '@turnpike/common';
import type { Collection } from 'mongodb';
import { mongo } from '../db';

export type ApiDocument = ApiDefinition & { _id: string; createdAt: string; updatedAt: string };

/** A definition with the dashboard's bookkeeping beside it. */
export type StoredApi = ApiDefinition & { createdAt: string; updatedAt: string };

export function apis(): Collection<ApiDocument> {
  return mongo().collection<ApiDocument>('apis');
}

export function toStoredApi(doc: ApiDocument): StoredApi {
  const { _id, createdAt, updatedAt, ...definition } = doc;
  return { ...apiDefinitionSchema.parse({ ...definition, id: _id }), createdAt, updatedAt };
}

export function toDocument(api: ApiDefinition, createdAt: string, updatedAt: string): ApiDocument {
  return { _id: api.id, ...api, createdAt, updatedAt };
}

/** The definition alone, as the shared schema defines it (exports, the JSON view, the audit trail). */
export function definitionOf(api: StoredApi): ApiDefinition {
  const { createdAt: _created, updatedAt: _updated, ...definition } = api;
  return definition;
}
