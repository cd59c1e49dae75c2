// What an admin sends to add or change a user.
import { z } from 'zod';
import { ROLES } from '../auth/roles';

const password = z.string().min(10, 'at least 10 characters').max(1024);

export const newUserSchema = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password,
  active: z.boolean().default(true),
});

/** Every field optional: only what is sent changes. A new password signs the user out everywhere. */
export const userChangeSchema = z.object({
  email: z.email().max(320).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  password: password.optional(),
  active: z.boolean().optional(),
});
