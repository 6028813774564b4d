import type { IncomingMessage, ServerResponse } from 'node:http';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestContext<App> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The `:name` segments of the route's path, decoded. */
  params: Record<string, string>;
  /** What the server's handlers share (clients, webhook state, settings). */
  app: App;
}

/**
 * One line of a routing table. A handler answers through `res` itself, so it may send JSON (`sendJson`), HTML, or
 * stream (server-sent events); the request body is left unread for it (`readBody` keeps the raw bytes).
 */
export interface Route<App> {
  method: Method;
  /** `/api/releases/:service/:environment`; a last segment `:name*` takes the rest of the path. */
  path: string;
  /** Reachable without credentials (e.g. GET /api/auth/config); every other /api route is authenticated. */
  public?: boolean;
  handler: (ctx: RequestContext<App>) => Promise<void> | void;
}

export type RouteLookup<App> =
  | { status: 200; route: Route<App>; params: Record<string, string>; template: string }
  | { status: 404 }
  | { status: 405; allow: Method[]; template: string };

type Segment = { literal: string } | { param: string; rest: boolean };

/** Path segments, decoded (a malformed escape throws URIError); empty segments are dropped. */
const segmentsOf = (pathname: string): string[] => pathname.split('/').filter(Boolean).map(decodeURIComponent);

function compile(path: string): Segment[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? { param: s.slice(1).replace(/\*$/, ''), rest: s.endsWith('*') } : { literal: s }));
}

function matchPath(pattern: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of pattern.entries()) {
    const part = parts[i];
    if (part === undefined) return undefined;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else if (segment.rest) {
      params[segment.param] = parts.slice(i).join('/');
      return params;
    } else params[segment.param] = part;
  }
  return parts.length === pattern.length ? params : undefined;
}

/** A routing table over node:http: path parameters, 404 for an unknown path, 405 (with Allow) for a wrong method. */
export function createRouter<App>(routes: readonly Route<App>[]) {
  const table = routes.map((route) => ({
    route,
    pattern: compile(route.path),
    // The metrics label: low cardinality, never a raw path.
    template: route.path.replace(/\*$/, ''),
  }));

  function find(method: string, pathname: string): RouteLookup<App> {
    const parts = segmentsOf(pathname);
    const hits = table.flatMap((entry) => {
      const params = matchPath(entry.pattern, parts);
      return params ? [{ ...entry, params }] : [];
    });
    const hit =
      hits.find((h) => h.route.method === method) ??
      (method === 'HEAD' ? hits.find((h) => h.route.method === 'GET') : undefined);
    if (hit) return { status: 200, route: hit.route, params: hit.params, template: hit.template };
    const first = hits[0];
    if (!first) return { status: 404 };
    const allow = [...new Set(hits.flatMap((h) => (h.route.method === 'GET' ? ['GET', 'HEAD'] : [h.route.method])))];
    return { status: 405, allow: allow as Method[], template: first.template };
  }

  return {
    find,
    /** The template of the route a path belongs to, whatever the method; undefined when none (or malformed). */
    templateOf(pathname: string): string | undefined {
      try {
        const found = find('', pathname);
        return found.status === 404 ? undefined : found.template;
      } catch {
        return undefined;
      }
    },
  };
}
