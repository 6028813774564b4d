/**
 * Names that must point at something defined elsewhere in the catalog (a service's language, team and owners,
 * a team's leads, the people named in environment rules). Works on the raw document too, so a catalog with
 * structural errors still gets its broken references listed in the same run.
 */
const ROLE_WORDS = new Set(['*', 'ci', 'owner', 'lead', 'release-manager']);

type Problem = { path: (string | number)[]; message: string };

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function crossReferenceProblems(doc: unknown): Problem[] {
  const root = record(doc);
  const sections = {
    language: record(root.languages),
    team: record(root.teams),
    person: record(root.people),
    environment: record(root.environments),
  };
  const problems: Problem[] = [];
  const known = (kind: keyof typeof sections, value: unknown, path: (string | number)[]) => {
    if (typeof value !== 'string' || value in sections[kind]) return;
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
  for (const [name, team] of Object.entries(sections.team)) {
    list(record(team).leads).forEach((lead, i) => known('person', lead, ['teams', name, 'leads', i]));
  }
  for (const [name, env] of Object.entries(sections.environment)) {
    for (const field of ['releasers', 'approvers', 'emergencyApprovers']) {
      list(record(env)[field]).forEach((p, i) => {
        if (typeof p === 'string' && !ROLE_WORDS.has(p)) known('person', p, ['environments', name, field, i]);
      });
    }
  }
  return problems;
}
