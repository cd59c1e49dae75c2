// Creating and replacing policies; keys that name a policy follow it, so every change reloads the gateways.
import { parseOrThrow, policySchema, type Policy } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { configChanged } from '../events';
import { conflict, invalid } from '../http';
import { unknownApis } from '../references';
import { isDuplicateKey } from '../store-errors';
import { getPolicy, policies, policyOf, toPolicyDocument, type StoredPolicy } from './store';

async function parsePolicy(body: unknown): Promise<Policy> {
  const policy = parseOrThrow(policySchema, body);
  const fields = await unknownApis(policy.apis);
  if (fields.length > 0) throw invalid(fields);
  return policy;
}

export async function createPolicy(body: unknown, actor: Actor): Promise<StoredPolicy> {
  const policy = await parsePolicy(body);
  const now = new Date().toISOString();
  await applyChange({
    write: async () => {
      try {
        await policies().insertOne(toPolicyDocument(policy, now, now));
      } catch (error) {
        if (isDuplicateKey(error))
          throw conflict('id', `a policy with id "${policy.id}" already exists`);
        throw error;
      }
    },
    undo: async () => void (await policies().deleteOne({ _id: policy.id })),
    audit: {
      actor,
      action: 'policy.create',
      resource: { type: 'policy', id: policy.id },
      before: null,
      after: policy,
    },
    notify: configChanged,
  });
  return { ...policy, createdAt: now, updatedAt: now };
}

export async function updatePolicy(id: string, body: unknown, actor: Actor): Promise<StoredPolicy> {
  const draft = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  if ('id' in draft && draft.id !== id)
    throw invalid([{ path: 'id', message: 'a policy keeps its id' }]);
  const policy = await parsePolicy({ ...draft, id });
  const before = await getPolicy(id);
  const now = new Date().toISOString();
  await applyChange({
    write: async () =>
      void (await policies().replaceOne(
        { _id: id },
        toPolicyDocument(policy, before.createdAt, now),
      )),
    undo: async () =>
      void (await policies().replaceOne(
        { _id: id },
        toPolicyDocument(policyOf(before), before.createdAt, before.updatedAt),
      )),
    audit: {
      actor,
      action: 'policy.update',
      resource: { type: 'policy', id },
      before: policyOf(before),
      after: policy,
    },
    notify: configChanged,
  });
  return { ...policy, createdAt: before.createdAt, updatedAt: now };
}
