"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.crossReferenceProblems = crossReferenceProblems;
/**
 * Names that must point at something defined elsewhere in the catalog (a service's language, team and owners,
 * a team's leads, the people named in environment rules). Works on the raw document too, so a catalog with
 * structural errors still gets its broken references listed in the same run.
 */
const ROLE_WORDS = new Set(['*', 'ci', 'owner', 'lead', 'release-manager']);
const record = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
const list = (value) => (Array.isArray(value) ? value : []);
function crossReferenceProblems(doc) {
    const root = record(doc);
    const sections = {
        language: record(root.languages),
        team: record(root.teams),
        person: record(root.people),
        environment: record(root.environments),
    };
    const problems = [];
    const known = (kind, value, path) => {
        if (typeof value !== 'string' || value in sections[kind])
            return;
        const where = kind === 'person' ? 'people' : `${kind}s`;
        const names = Object.keys(sections[kind]).join(', ') || '(none defined)';
        problems.push({ path, message: `unknown ${kind} "${value}"; define it under ${where} or use one of: ${names}` });
    };
    for (const [name, raw] of Object.entries(record(root.services))) {
        const service = record(raw);
        known('language', service.language, ['services', name, 'language']);
        known('team', service.team, ['services', name, 'team']);
        list(service.owners).forEach((owner, i) => known('person', owner, ['services', name, 'owners', i]));
        for (const env of Object.keys(record(service.branches)))
            known('environment', env, ['services', name, 'branches', env]);
    }
    const previews = record(root.previews);
    list(previews.services).forEach((service, i) => {
        if (typeof service === 'string' && !(service in record(root.services))) {
            problems.push({ path: ['previews', 'services', i], message: `unknown service "${service}"` });
        }
    });
    known('environment', previews.baseEnvironment, ['previews', 'baseEnvironment']);
    for (const [name, team] of Object.entries(sections.team)) {
        list(record(team).leads).forEach((lead, i) => known('person', lead, ['teams', name, 'leads', i]));
    }
    for (const [name, env] of Object.entries(sections.environment)) {
        problems.push(...promotionProblems(sections.environment, name));
        for (const field of ['releasers', 'approvers', 'emergencyApprovers']) {
            list(record(env)[field]).forEach((p, i) => {
                if (typeof p === 'string' && !ROLE_WORDS.has(p))
                    known('person', p, ['environments', name, field, i]);
            });
        }
    }
    return problems;
}
/**
 * `promoteFrom` must name another environment, without a cycle (prod from pre from prod would never have anything
 * to promote), and cannot be combined with autoDeploy (those releases build their own branch).
 */
function promotionProblems(environments, name) {
    const from = record(environments[name]).promoteFrom;
    if (typeof from !== 'string')
        return [];
    const path = ['environments', name, 'promoteFrom'];
    if (!(from in environments)) {
        return [{ path, message: `unknown environment "${from}"; use one of: ${Object.keys(environments).join(', ')}` }];
    }
    if (record(environments[name]).autoDeploy === true) {
        return [{ path, message: 'an autoDeploy environment releases its own builds; drop autoDeploy or promoteFrom' }];
    }
    const seen = [name];
    for (let at = from; typeof at === 'string' && at in environments; at = record(environments[at]).promoteFrom) {
        if (seen.includes(at))
            return [{ path, message: `promotion cycle: ${[...seen, at].join(' ← ')}` }];
        seen.push(at);
    }
    return [];
}
//# sourceMappingURL=catalog-references.js.map