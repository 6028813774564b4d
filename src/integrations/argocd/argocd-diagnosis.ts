import type { DeploymentState } from '../../domain/deployment';
import type { DeployDiagnosis } from '../../ports/deploy-target';
import type { Application, ArgoCdClient, KubeEvent, ResourceNode } from './argocd-client';

export interface PodRef {
  namespace: string;
  name: string;
  container?: string;
}

const TAIL_LINES = 40;
const MAX_EVENTS = 10;
/** Bounds the extra reads a diagnosis makes (events per node, log tails). */
const MAX_NODES = 5;
const MAX_PODS = 3;

/** WHY the app is not healthy, from everything Argo CD knows; each read is best effort. */
export async function explainFailure(
  client: ArgoCdClient,
  app: Application,
  kubeLogs: ((pod: PodRef) => Promise<string>) | undefined,
  expected: DeploymentState,
): Promise<DeployDiagnosis> {
  const name = app.metadata.name;
  const status = app.status ?? {};
  const op = status.operationState;
  const why: string[] = [];
  const out: string[] = [
    `app ${name}: sync ${status.sync?.status ?? 'Unknown'} at ${status.sync?.revision ?? '-'}, ` +
      `health ${status.health?.status ?? 'Unknown'}${status.health?.message ? ` (${status.health.message})` : ''}`,
  ];
  if (op) {
    out.push(
      `operation ${op.phase}: ${op.message ?? ''} (started ${op.startedAt ?? '-'}, finished ${op.finishedAt ?? '-'})`,
    );
    if (op.message && op.phase !== 'Succeeded') why.push(`operation ${op.phase}: ${op.message}`);
  }
  const failed = (op?.syncResult?.resources ?? []).filter(
    (r) =>
      (r.status && r.status !== 'Synced' && r.status !== 'Pruned') ||
      r.hookPhase === 'Failed' ||
      r.hookPhase === 'Error',
  );
  if (failed.length) out.push('--- failed sync results ---');
  for (const r of failed) {
    const line = `${r.kind} ${objectName(r)}: ${r.status ?? ''}${r.hookPhase ? ` hook ${r.hookPhase}` : ''} ${r.message ?? ''}`;
    out.push(line.trim());
    why.push(line.trim());
  }
  const images = status.summary?.images;
  for (const image of [expected.stable, expected.gray]) {
    // A hint only: the chart may render the reference differently (tag and digest), so it never gates the wait.
    if (image && images && !images.includes(image))
      out.push(`expected image ${image} is not among ${images.join(', ')}`);
  }

  let nodes: ResourceNode[] = [];
  try {
    nodes = (await client.resourceTree(name)).nodes ?? [];
  } catch (err) {
    out.push(`(resource tree unavailable: ${(err as Error).message})`);
  }
  const unhealthy = nodes.filter((n) => n.health?.status && n.health.status !== 'Healthy');
  if (unhealthy.length) out.push('--- unhealthy resources ---');
  for (const n of unhealthy) {
    const reason = n.info?.find((i) => i.name === 'Status Reason')?.value;
    const line = `${n.kind} ${objectName(n)}: ${n.health?.status}${n.health?.message ? ` - ${n.health.message}` : ''}`;
    out.push(reason ? `${line} [${reason}]` : line);
    if (why.length < 3) why.push(line);
  }

  const events: KubeEvent[] = [];
  const sources = [undefined, ...unhealthy.slice(0, MAX_NODES)];
  for (const n of sources) {
    try {
      const resource = n && { namespace: n.namespace, name: n.name, uid: n.uid };
      events.push(...((await client.events(name, resource)).items ?? []));
    } catch (err) {
      out.push(`(events of ${n ? `${n.kind} ${n.name}` : name} unavailable: ${(err as Error).message})`);
    }
  }
  const warnings = dedupe(events.filter((e) => e.type === 'Warning'))
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
    .slice(-MAX_EVENTS);
  if (warnings.length) out.push('--- warning events ---');
  for (const e of warnings) {
    const obj = e.involvedObject ?? {};
    const count = e.count && e.count > 1 ? ` (x${e.count})` : '';
    out.push(`${eventTime(e)} ${obj.kind ?? ''} ${obj.name ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}${count}`);
  }

  if (kubeLogs) {
    for (const pod of unhealthy.filter((n) => n.kind === 'Pod').slice(0, MAX_PODS)) {
      const ref: PodRef = { namespace: pod.namespace ?? '', name: pod.name };
      let text: string;
      try {
        text = (await kubeLogs(ref)).trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      } catch (err) {
        text = `(logs unavailable: ${(err as Error).message})`;
      }
      out.push(`--- logs of pod ${objectName(pod)} ---`, text);
    }
  }
  return { message: why.length ? why.join('\n') : (out[0] ?? ''), output: out.join('\n') };
}

const objectName = (r: { namespace?: string; name: string }): string =>
  r.namespace ? `${r.namespace}/${r.name}` : r.name;

const eventTime = (e: KubeEvent): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';

function dedupe(events: KubeEvent[]): KubeEvent[] {
  const seen = new Map<string, KubeEvent>();
  for (const e of events) seen.set(`${e.involvedObject?.uid ?? e.involvedObject?.name}|${e.reason}|${e.message}`, e);
  return [...seen.values()];
}
