// The `users` collection: documents as stored, and the public view of a user that never holds the hash.
import type { Collection } from 'mongodb';
import type { Role } from '../auth/roles';
import { mongo } from '../db';

export interface UserDocument {
  _id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  passwordHash: string;
  sessionVersion: number;
  createdAt: string;
  updatedAt: string;
  lastLoginAt?: string;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export function users(): Collection<UserDocument> {
  return mongo().collection<UserDocument>('users');
}

export function toAdminUser(doc: UserDocument): AdminUser {
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name,
    role: doc.role,
    active: doc.active,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    lastLoginAt: doc.lastLoginAt ?? null,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
