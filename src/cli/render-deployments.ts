import { type HealthyRun, imageIdentity, shortNamedImage } from '../domain/promotion';

/** The usual order of a delivery chain; other environments follow alphabetically. */
const CHAIN = ['dev', 'test', 'pre', 'prod'];

const order = (a: string, b: string): number => {
  const [i, j] = [CHAIN.indexOf(a), CHAIN.indexOf(b)];
  if (i >= 0 && j >= 0) return i - j;
  if (i >= 0 || j >= 0) return i >= 0 ? -1 : 1;
  return a.localeCompare(b);
};

/**
 * `gantry list --by-service`: one row per service, one column per environment with the short image running
 * healthy there, so one digest can be seen travelling dev → test → pre → prod. A digest seen in an earlier column
 * is marked `=` with its column, so a promoted build reads at a glance.
 */
export function renderDeployments(deployed: Record<string, Record<string, HealthyRun>>): string[] {
  const services = Object.keys(deployed).sort();
  if (services.length === 0) return ['no successful releases yet'];
  const envs = [...new Set(services.flatMap((s) => Object.keys(deployed[s] ?? {})))].sort(order);
  const cell = (service: string, env: string): string => {
    const run = deployed[service]?.[env];
    if (!run) return '-';
    const earlier = envs
      .slice(0, envs.indexOf(env))
      .find((e) => deployed[service]?.[e] && imageIdentity(deployed[service][e].image) === imageIdentity(run.image));
    return earlier ? `= ${earlier}` : shortNamedImage(run.image);
  };
  const rows = [
    ['SERVICE', ...envs.map((e) => e.toUpperCase())],
    ...services.map((s) => [s, ...envs.map((e) => cell(s, e))]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
