// Adding, changing and removing dashboard users; there is always at least one active admin left.
import { newId, parseOrThrow } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { hashPassword } from '../auth/password';
import { applyChange } from '../change';
import { conflict, notFound } from '../http';
import { isDuplicateKey } from '../store-errors';
import { newUserSchema, userChangeSchema } from './schemas';
import { normaliseEmail, toAdminUser, users, type AdminUser, type UserDocument } from './store';

const nothing = async () => undefined;

export async function listUsers(): Promise<AdminUser[]> {
  const docs = await users().find({}).sort({ email: 1 }).limit(5000).toArray();
  return docs.map(toAdminUser);
}

export async function getUser(id: string): Promise<AdminUser> {
  return toAdminUser(await getUserDocument(id));
}

async function getUserDocument(id: string): Promise<UserDocument> {
  const doc = await users().findOne({ _id: id });
  if (!doc) throw notFound('user');
  return doc;
}

function emailTaken(error: unknown): never {
  if (isDuplicateKey(error)) throw conflict('email', 'another user has this e-mail');
  throw error;
}

export async function createUser(body: unknown, actor: Actor): Promise<AdminUser> {
  const input = parseOrThrow(newUserSchema, body);
  const now = new Date().toISOString();
  const doc: UserDocument = {
    _id: newId('u'),
    email: normaliseEmail(input.email),
    name: input.name,
    role: input.role,
    active: input.active,
    passwordHash: await hashPassword(input.password),
    sessionVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
  await applyChange({
    write: async () => void (await users().insertOne(doc).catch(emailTaken)),
    undo: async () => void (await users().deleteOne({ _id: doc._id })),
    audit: {
      actor,
      action: 'user.create',
      resource: { type: 'user', id: doc._id },
      before: null,
      after: toAdminUser(doc),
    },
    notify: nothing,
  });
  return toAdminUser(doc);
}

/** Refuses a change that would leave no active admin to manage the dashboard. */
async function assertAdminRemains(changed: UserDocument): Promise<void> {
  if (changed.role === 'admin' && changed.active) return;
  const others = await users().countDocuments({
    _id: { $ne: changed._id },
    role: 'admin',
    active: true,
  });
  if (others === 0)
    throw conflict('role', 'the last active admin cannot be demoted, deactivated or removed');
}

export async function updateUser(id: string, body: unknown, actor: Actor): Promise<AdminUser> {
  const input = parseOrThrow(userChangeSchema, body);
  const before = await getUserDocument(id);
  const after: UserDocument = {
    ...before,
    email: input.email !== undefined ? normaliseEmail(input.email) : before.email,
    name: input.name ?? before.name,
    role: input.role ?? before.role,
    active: input.active ?? before.active,
    updatedAt: new Date().toISOString(),
  };
  if (input.password !== undefined) {
    after.passwordHash = await hashPassword(input.password);
    after.sessionVersion = before.sessionVersion + 1;
  }
  await assertAdminRemains(after);
  await applyChange({
    write: async () => void (await users().replaceOne({ _id: id }, after).catch(emailTaken)),
    undo: async () => void (await users().replaceOne({ _id: id }, before)),
    audit: {
      actor,
      action: input.password !== undefined ? 'user.update+password' : 'user.update',
      resource: { type: 'user', id },
      before: toAdminUser(before),
      after: toAdminUser(after),
    },
    notify: nothing,
  });
  return toAdminUser(after);
}

export async function deleteUser(id: string, actor: Actor): Promise<void> {
  if (id === actor.id) throw conflict('id', 'you cannot remove yourself');
  const before = await getUserDocument(id);
  await assertAdminRemains({ ...before, active: false });
  await applyChange({
    write: async () => void (await users().deleteOne({ _id: id })),
    undo: async () => void (await users().insertOne(before)),
    audit: {
      actor,
      action: 'user.delete',
      resource: { type: 'user', id },
      before: toAdminUser(before),
      after: null,
    },
    notify: nothing,
  });
}
