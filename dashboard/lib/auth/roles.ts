// Roles and what each may do: the one table every route handler and page consults.

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'apis:read',
  'apis:write',
  'policies:read',
  'policies:write',
  'keys:read',
  'keys:write',
  'analytics:read',
  'audit:read',
  'users:read',
  'users:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  'apis:read',
  'policies:read',
  'keys:read',
  'analytics:read',
  'audit:read',
];
const EDIT: Permission[] = [...READ, 'apis:write', 'policies:write', 'keys:write'];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(READ),
  editor: new Set(EDIT),
  admin: new Set(PERMISSIONS),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
