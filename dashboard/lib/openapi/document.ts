// The admin REST API described as OpenAPI 3.1, served at GET /api/openapi.json.
import { componentSchemas } from './schemas';

type Operation = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: unknown) => ({ 'application/json': { schema } });
const list = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: { items: { type: 'array', items: ref(name) }, ...extra },
  required: ['items'],
});

const errors = {
  '400': {
    description: 'Invalid body or query; `error.fields` lists the failing paths',
    content: content(ref('Error')),
  },
  '401': { description: 'No valid session cookie or bearer token', content: content(ref('Error')) },
  '403': {
    description: 'The role does not allow this (or a cross-site cookie request)',
    content: content(ref('Error')),
  },
  '503': {
    description: 'MongoDB or Redis is unavailable; nothing was saved',
    content: content(ref('Error')),
  },
};
const notFound = { '404': { description: 'No such id', content: content(ref('Error')) } };
const conflictResponse = {
  '409': { description: 'Conflicts with an existing resource', content: content(ref('Error')) },
};

function op(
  summary: string,
  permission: string,
  spec: { body?: string; ok: [string, unknown]; extra?: object; query?: object[] },
): Operation {
  const [status, schema] = spec.ok;
  return {
    summary,
    description: `Needs the \`${permission}\` permission.`,
    ...(spec.query ? { parameters: spec.query } : {}),
    ...(spec.body ? { requestBody: { required: true, content: content(ref(spec.body)) } } : {}),
    responses: {
      [status]:
        schema === null ? { description: 'Done' } : { description: 'OK', content: content(schema) },
      ...errors,
      ...spec.extra,
    },
  };
}

const q = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  description,
  schema,
});
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const timeRange = [
  q('from', 'Start, epoch ms or ISO date'),
  q('to', 'End, epoch ms or ISO date'),
  q('apiId', 'One API'),
  q('keyId', 'One key'),
];

function resource(
  name: string,
  noun: string,
  [read, write]: [string, string],
  [input, output]: [string, string],
  options: { listQuery?: object[]; post?: Operation; putBody?: string } = {},
) {
  return {
    [`/api/${name}`]: {
      get: op(`List ${noun}s`, read, { ok: ['200', list(output)], query: options.listQuery ?? [] }),
      post:
        options.post ??
        op(`Create a ${noun}`, write, {
          body: input,
          ok: ['201', ref(output)],
          extra: conflictResponse,
        }),
    },
    [`/api/${name}/{id}`]: {
      parameters: idParam,
      get: op(`Read a ${noun}`, read, { ok: ['200', ref(output)], extra: notFound }),
      put: op(`Replace a ${noun}`, write, {
        body: options.putBody ?? input,
        ok: ['200', ref(output)],
        extra: { ...notFound, ...conflictResponse },
      }),
      delete: op(`Delete a ${noun}`, write, {
        ok: ['204', null],
        extra: { ...notFound, ...conflictResponse },
      }),
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const keys = resource('keys', 'key', ['keys:read', 'keys:write'], ['KeyInput', 'Key'], {
    listQuery: [
      q('q', 'Search alias, owner e-mail or id'),
      q('status', 'all | active | inactive'),
      q('limit', 'Page size, at most 500', { type: 'integer' }),
      q('cursor', 'nextCursor of the previous page'),
    ],
    post: op('Issue a key; the raw key is in this answer only', 'keys:write', {
      body: 'KeyInput',
      ok: ['201', ref('IssuedKey')],
    }),
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Turnpike admin API',
      version: '1.0.0',
      description:
        'Manage APIs, policies, keys and users. Sign in with POST /api/auth/login and send the returned token as `Authorization: Bearer <token>`. Changes reach every gateway within a second.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      '/api/health': {
        get: {
          summary: 'Liveness: 200 when MongoDB answers, 503 otherwise',
          security: [],
          responses: { '200': { description: 'OK' }, '503': { description: 'MongoDB down' } },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'Sign in; sets the session cookie and returns a bearer token',
          security: [],
          requestBody: { required: true, content: content(ref('Login')) },
          responses: {
            '200': {
              description: 'Signed in',
              content: content({
                type: 'object',
                properties: { token: { type: 'string' }, user: ref('User') },
              }),
            },
            '401': errors['401'],
            '429': {
              description: 'Too many failed attempts; see Retry-After',
              content: content(ref('Error')),
            },
          },
        },
      },
      '/api/auth/logout': {
        post: {
          summary: 'Clear the session cookie',
          responses: { '204': { description: 'Signed out' } },
        },
      },
      '/api/auth/me': {
        get: op('The signed-in user and their permissions', 'apis:read', {
          ok: ['200', { type: 'object' }],
        }),
      },
      ...resource('apis', 'API', ['apis:read', 'apis:write'], ['ApiDefinitionInput', 'Api'], {
        listQuery: [
          q('q', 'Search name, id or listen path'),
          q('status', 'all | active | inactive'),
          q('limit', 'Page size, at most 1000', { type: 'integer' }),
          q('offset', 'Items to skip', { type: 'integer' }),
        ],
      }),
      ...resource(
        'policies',
        'policy',
        ['policies:read', 'policies:write'],
        ['PolicyInput', 'Policy'],
      ),
      ...keys,
      '/api/keys/{id}/rotate': {
        parameters: idParam,
        post: op(
          'Rotate: a new raw key (in this answer only); the old one stops working',
          'keys:write',
          { ok: ['200', ref('IssuedKey')], extra: notFound },
        ),
      },
      '/api/keys/{id}/usage': {
        parameters: idParam,
        get: op('Live quota and rate-limit state', 'keys:read', {
          ok: ['200', { type: 'object' }],
          extra: notFound,
        }),
      },
      ...resource('users', 'user', ['users:read', 'users:write'], ['NewUser', 'User'], {
        putBody: 'UserChange',
      }),
      '/api/audit': {
        get: op('The audit trail, newest first', 'audit:read', {
          ok: ['200', { type: 'object' }],
          query: [
            q('resourceType', 'api | policy | key | user'),
            q('resourceId', 'One resource'),
            q('actor', 'E-mail'),
            q('cursor', 'nextCursor'),
          ],
        }),
      },
      '/api/analytics': {
        get: op('Traffic totals and a time series', 'analytics:read', {
          ok: [
            '200',
            {
              type: 'object',
              properties: {
                totals: ref('AnalyticsPoint'),
                series: { type: 'array', items: ref('AnalyticsPoint') },
              },
            },
          ],
          query: [...timeRange, q('granularity', 'minute | hour | day')],
        }),
      },
      '/api/logs': {
        get: op('The request log: analytics records, newest first', 'analytics:read', {
          ok: ['200', list('AnalyticsRecord', { nextCursor: { type: ['string', 'null'] } })],
          query: [
            ...timeRange,
            q('status', 'HTTP status'),
            q('gtxid', 'Global transaction id'),
            q('limit', 'Page size', { type: 'integer' }),
            q('cursor', 'nextCursor'),
          ],
        }),
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'tp_session' },
      },
      schemas: componentSchemas(),
    },
  };
}
