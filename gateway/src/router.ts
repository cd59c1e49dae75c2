// Routes a request to an API by host and listen path: a trie of whole path segments, longest prefix wins.

interface Node<T> {
  children: Map<string, Node<T>>;
  value: T | undefined;
}

function node<T>(): Node<T> {
  return { children: new Map(), value: undefined };
}

export interface RouteMatch<T> {
  value: T;
  /** How many leading path segments the listen path consumed. */
  depth: number;
}

/**
 * One trie per host (plus one for APIs without hosts). Lookup walks at most as many nodes as the
 * request has segments, so its cost does not grow with the number of APIs.
 */
export class Router<T> {
  private readonly anyHost = node<T>();
  private readonly byHost = new Map<string, Node<T>>();
  /** Whether any API is bound to a "*.domain" host: only then does a lookup try the parent domains. */
  private wildcards = false;

  /**
   * Adds `value` at listen path segments, for every host (or any host). All or nothing: returns
   * false, adding nowhere, when that exact place is taken for one of the hosts.
   */
  add(segments: readonly string[], hosts: readonly string[], value: T): boolean {
    const roots =
      hosts.length === 0
        ? [this.anyHost]
        : [...new Set(hosts.map((h) => this.hostRoot(normaliseHost(h))))];
    const places = roots.map((root) => {
      let current = root;
      for (const segment of segments) {
        let next = current.children.get(segment);
        if (next === undefined) {
          next = node<T>();
          current.children.set(segment, next);
        }
        current = next;
      }
      return current;
    });
    if (places.some((place) => place.value !== undefined)) return false;
    for (const place of places) place.value = value;
    return true;
  }

  /**
   * The API whose listen path is the longest whole-segment prefix of `segments`. An API bound to
   * the exact host wins, then one bound to a matching "*.domain" (the most specific first), then
   * one without hosts.
   */
  match(host: string | undefined, segments: readonly string[]): RouteMatch<T> | undefined {
    if (host !== undefined && this.byHost.size > 0) {
      const name = normaliseHost(host);
      const exact = this.byHost.get(name);
      const found = exact && longest(exact, segments);
      if (found) return found;
      if (this.wildcards) {
        for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
          const root = this.byHost.get('*' + name.slice(dot));
          const wild = root && longest(root, segments);
          if (wild) return wild;
        }
      }
    }
    return longest(this.anyHost, segments);
  }

  private hostRoot(host: string): Node<T> {
    if (host.startsWith('*.')) this.wildcards = true;
    let root = this.byHost.get(host);
    if (root === undefined) {
      root = node<T>();
      this.byHost.set(host, root);
    }
    return root;
  }
}

function longest<T>(root: Node<T>, segments: readonly string[]): RouteMatch<T> | undefined {
  let best: RouteMatch<T> | undefined =
    root.value !== undefined ? { value: root.value, depth: 0 } : undefined;
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const next = current.children.get(segments[i]!);
    if (next === undefined) break;
    current = next;
    if (current.value !== undefined) best = { value: current.value, depth: i + 1 };
  }
  return best;
}

/** A Host header or configured host as the router compares it: lower case, no port, no trailing dot. */
function normaliseHost(host: string): string {
  let name = host.toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    return end === -1 ? name : name.slice(0, end + 1);
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
