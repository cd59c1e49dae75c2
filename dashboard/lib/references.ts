// Checks that ids a body refers to (APIs, policies) exist, answered as field errors.
import type { FieldError } from '@turnpike/common';
import { mongo } from './db';

/** A field error for each listed API id that names no API. */
export async function unknownApis(apiIds: readonly string[], path = 'apis'): Promise<FieldError[]> {
  if (apiIds.length === 0) return [];
  const found = await mongo()
    .collection<{ _id: string }>('apis')
    .find({ _id: { $in: [...apiIds] } }, { projection: { _id: 1 } })
    .toArray();
  const known = new Set(found.map((doc) => doc._id));
  return apiIds.flatMap((id, index) =>
    known.has(id) ? [] : [{ path: `${path}.${index}`, message: `no API with id "${id}"` }],
  );
}

export async function unknownPolicy(
  policyId: string | null,
  path = 'policyId',
): Promise<FieldError[]> {
  if (policyId === null) return [];
  const found = await mongo()
    .collection<{ _id: string }>('policies')
    .countDocuments({ _id: policyId }, { limit: 1 });
  return found > 0 ? [] : [{ path, message: `no policy with id "${policyId}"` }];
}
