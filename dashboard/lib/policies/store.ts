// The `policies` collection: {_id: id, ...Policy, createdAt, updatedAt}.
import { policySchema, type Policy } from '@turnpike/common';
import type { Collection } from 'mongodb';
import { mongo } from '../db';
import { notFound } from '../http';

export type PolicyDocument = Policy & { _id: string; createdAt: string; updatedAt: string };
export type StoredPolicy = Policy & { createdAt: string; updatedAt: string };

export function policies(): Collection<PolicyDocument> {
  return mongo().collection<PolicyDocument>('policies');
}

export function toStoredPolicy(doc: PolicyDocument): StoredPolicy {
  const { _id, createdAt, updatedAt, ...policy } = doc;
  return { ...policySchema.parse({ ...policy, id: _id }), createdAt, updatedAt };
}

export function toPolicyDocument(
  policy: Policy,
  createdAt: string,
  updatedAt: string,
): PolicyDocument {
  return { _id: policy.id, ...policy, createdAt, updatedAt };
}

export function policyOf(stored: StoredPolicy): Policy {
  const { createdAt: _created, updatedAt: _updated, ...policy } = stored;
  return policy;
}

export async function getPolicy(id: string): Promise<StoredPolicy> {
  const doc = await policies().findOne({ _id: id });
  if (!doc) throw notFound('policy');
  return toStoredPolicy(doc);
}

export async function listPolicies(): Promise<StoredPolicy[]> {
  const docs = await policies().find({}).sort({ name: 1, _id: 1 }).limit(5000).toArray();
  return docs.map(toStoredPolicy);
}
