"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createRouter = createRouter;
/** Path segments, decoded (a malformed escape throws URIError); empty segments are dropped. */
const segmentsOf = (pathname) => pathname.split('/').filter(Boolean).map(decodeURIComponent);
function compile(path) {
    return path
        .split('/')
        .filter(Boolean)
        .map((s) => (s.startsWith(':') ? { param: s.slice(1).replace(/\*$/, ''), rest: s.endsWith('*') } : { literal: s }));
}
function matchPath(pattern, parts) {
    const params = {};
    for (const [i, segment] of pattern.entries()) {
        const part = parts[i];
        if (part === undefined)
            return undefined;
        if ('literal' in segment) {
            if (segment.literal !== part)
                return undefined;
        }
        else if (segment.rest) {
            params[segment.param] = parts.slice(i).join('/');
            return params;
        }
        else
            params[segment.param] = part;
    }
    return parts.length === pattern.length ? params : undefined;
}
/** A routing table over node:http: path parameters, 404 for an unknown path, 405 (with Allow) for a wrong method. */
function createRouter(routes) {
    const table = routes.map((route) => ({
        route,
        pattern: compile(route.path),
        // The metrics label: low cardinality, never a raw path.
        template: route.path.replace(/\*$/, ''),
    }));
    function find(method, pathname) {
        const parts = segmentsOf(pathname);
        const hits = table.flatMap((entry) => {
            const params = matchPath(entry.pattern, parts);
            return params ? [{ ...entry, params }] : [];
        });
        const hit = hits.find((h) => h.route.method === method) ??
            (method === 'HEAD' ? hits.find((h) => h.route.method === 'GET') : undefined);
        if (hit)
            return { status: 200, route: hit.route, params: hit.params, template: hit.template };
        const first = hits[0];
        if (!first)
            return { status: 404 };
        const allow = [...new Set(hits.flatMap((h) => (h.route.method === 'GET' ? ['GET', 'HEAD'] : [h.route.method])))];
        return { status: 405, allow: allow, template: first.template };
    }
    return {
        find,
        /** The template of the route a path belongs to, whatever the method; undefined when none (or malformed). */
        templateOf(pathname) {
            try {
                const found = find('', pathname);
                return found.status === 404 ? undefined : found.template;
            }
            catch {
                return undefined;
            }
        },
    };
}
//# sourceMappingURL=router.js.map