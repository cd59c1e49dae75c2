// A request's query string as a plain object, for parsing with a schema.

export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
