"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.servicesOfRepo = servicesOfRepo;
exports.routePush = routePush;
const settings_1 = require("../config/settings");
const naming_1 = require("../domain/naming");
const normalize = (url) => url
    .trim()
    .toLowerCase()
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
/** The catalog's services built from the repository an event names (by URL, or GitLab's path with namespace). */
function servicesOfRepo(catalog, repoBase, event) {
    const urls = event.repoUrls.filter(Boolean).map(normalize);
    const path = event.pathWithNamespace ? normalize(event.pathWithNamespace) : undefined;
    return Object.entries(catalog.services).filter(([, spec]) => {
        const url = normalize((0, settings_1.resolveRepoUrl)(spec.repo, repoBase));
        return urls.includes(url) || (path !== undefined && (url.endsWith(`/${path}`) || url.endsWith(`:${path}`)));
    });
}
/** The repo + branch → service + environment mapping, straight from the catalog's naming and branch rules. */
function routePush(catalog, repoBase, push) {
    const services = servicesOfRepo(catalog, repoBase, push);
    if (services.length === 0)
        return {
            ignored: `no service in the catalog uses repository ${push.pathWithNamespace ?? push.repoUrls.filter(Boolean).map(normalize)[0] ?? '?'}`,
        };
    const targets = [];
    for (const [service, spec] of services) {
        for (const [environment, env] of Object.entries(catalog.environments)) {
            if ((0, naming_1.branchFor)(spec, environment, env) === push.branch)
                targets.push({ service, environment });
        }
    }
    if (targets.length === 0)
        return { ignored: `branch ${push.branch} is not mapped to any environment` };
    return targets;
}
//# sourceMappingURL=push-routing.js.map