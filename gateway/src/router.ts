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

  /** Adds `value` at listen path segments; returns false when that exact place is taken. */
  add(segments: readonly string[], hosts: readonly string[], value: T): boolean {
    const roots = hosts.length === 0 ? [this.anyHost] : hosts.map((h) => this.hostRoot(stripPort(h.toLowerCase())));
    let added = true;
    for (const root of roots) {
      let current = root;
      for (const segment of segments) {
        let next = current.children.get(segment);
        if (next === undefined) {
          next = node<T>();
          current.children.set(segment, next);
        }
        current = next;
      }
      if (current.value !== undefined) added = false;
      else current.value = value;
    }
    return added;
  }

  /** The API whose listen path is the longest whole-segment prefix of `segments`; a host match wins. */
  match(host: string | undefined, segments: readonly string[]): RouteMatch<T> | undefined {
    if (host !== undefined && this.byHost.size > 0) {
      const root = this.byHost.get(stripPort(host.toLowerCase()));
      const found = root && longest(root, segments);
      if (found) return found;
    }
    return longest(this.anyHost, segments);
  }

  private hostRoot(host: string): Node<T> {
    let root = this.byHost.get(host);
    if (root === undefined) {
      root = node<T>();
      this.byHost.set(host, root);
    }
    return root;
  }
}

function longest<T>(root: Node<T>, segments: readonly string[]): RouteMatch<T> | undefined {
  let best: RouteMatch<T> | undefined = root.value !== undefined ? { value: root.value, depth: 0 } : undefined;
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const next = current.children.get(segments[i]!);
    if (next === undefined) break;
    current = next;
    if (current.value !== undefined) best = { value: current.value, depth: i + 1 };
  }
  return best;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
