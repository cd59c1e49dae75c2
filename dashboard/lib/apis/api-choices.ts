// The short list of APIs and policies a key or policy form offers to choose from.
import { policies } from '../policies/store';
import { allApis } from './api-index';

export interface Choice {
  id: string;
  name: string;
}

export async function apiChoices(): Promise<Choice[]> {
  return (await allApis()).map((api) => ({ id: api.id, name: api.name }));
}

export async function policyChoices(): Promise<Choice[]> {
  const docs = await policies()
    .find({}, { projection: { _id: 1, name: 1 } })
    .sort({ name: 1, _id: 1 })
    .limit(10_000)
    .toArray();
  return docs.map((doc) => ({ id: doc._id, name: doc.name }));
}
