// GET /api/openapi.json: the admin API's OpenAPI 3.1 description (public, like any API reference).
import { json } from '@/lib/http';
import { openApiDocument } from '@/lib/openapi/document';

let cached: Record<string, unknown> | undefined;

export function GET(): Response {
  cached ??= openApiDocument();
  return json(cached);
}
