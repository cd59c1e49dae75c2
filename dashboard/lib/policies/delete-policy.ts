// Deleting a policy, refused while keys or JWT APIs still rely on it.
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { mongo } from '../db';
import { configChanged } from '../events';
import { conflict } from '../http';
import { getPolicy, policies, policyOf, toPolicyDocument } from './store';

export async function deletePolicy(id: string, actor: Actor): Promise<void> {
  const before = await getPolicy(id);
  const [keys, jwtApis] = await Promise.all([
    mongo().collection('keys').countDocuments({ policyId: id }),
    mongo().collection('apis').countDocuments({ 'auth.defaultPolicyId': id }),
  ]);
  if (keys > 0) throw conflict('id', `${keys} key${keys === 1 ? '' : 's'} still use this policy`);
  if (jwtApis > 0)
    throw conflict(
      'id',
      `${jwtApis} API${jwtApis === 1 ? '' : 's'} use this policy as the JWT default`,
    );
  await applyChange({
    write: async () => void (await policies().deleteOne({ _id: id })),
    undo: async () =>
      void (await policies().insertOne(
        toPolicyDocument(policyOf(before), before.createdAt, before.updatedAt),
      )),
    audit: {
      actor,
      action: 'policy.delete',
      resource: { type: 'policy', id },
      before: policyOf(before),
      after: null,
    },
    notify: configChanged,
  });
}
