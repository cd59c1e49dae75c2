// Reading one API definition by id.
import { notFound } from '../http';
import { apis, toStoredApi, type StoredApi } from './store';

export async function findApi(id: string): Promise<StoredApi | null> {
  const doc = await apis().findOne({ _id: id });
  return doc ? toStoredApi(doc) : null;
}

export async function getApi(id: string): Promise<StoredApi> {
  const api = await findApi(id);
  if (!api) throw notFound('API');
  return api;
}
