import { condition, log, patched, setCurrentDetails, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { pipelineWorkflowId, previewEnvironment } from '../domain/naming';
import type { ReleaseProgress } from '../domain/progress';
import type { PreviewPlan } from '../activities';
import { long, notify, quick, withSummary } from './activity-proxies';
import { toErrorReport } from './failure-report';
import { pipelineWorkflow } from './pipeline-workflow';
import {
  previewProgressQuery,
  previewRequestSignal,
  type PreviewProgress,
  type PreviewRequest,
  type PreviewStatus,
  type PreviewWorkflowInput,
} from './preview-messages';
import { StageTracker } from './stage-tracker';

const PREVIEW_STAGES = ['build', 'deploy', 'live'] as const;

/**
 * One merge request's preview of one service (id preview/<service>/<iid>): builds the source branch (a child
 * pipeline for preview-<iid>), deploys it through the GitOps repo like any release (stable only, no gates: nothing
 * here reaches users), and keeps it until the merge request is merged or closed, or nobody updated it for the TTL
 * (a durable timer). Later hook deliveries arrive as signals; the newest commit wins, a close always wins.
 */
export async function previewWorkflow(input: PreviewWorkflowInput): Promise<PreviewProgress> {
  const { service, iid } = input;
  const environment = previewEnvironment(iid);
  const ref = { service, environment };
  const { workflowId, runId } = workflowInfo();
  const tracker = new StageTracker(PREVIEW_STAGES, () => new Date());
  const lines: string[] = [];
  let status: PreviewStatus = 'building';
  let next: PreviewRequest | undefined = input.request;
  let deployed: { commit: string; image: string } | undefined;
  let current: PreviewRequest = input.request;
  let plan: PreviewPlan | undefined = undefined;
  let expiresAt: Date | undefined;
  let closedReason: string | undefined;
  let lastError: PreviewProgress['lastError'];
  // Its own place to deploy to (Argo CD app and namespace, or a port pair of its own), opened before the first
  // deploy and removed after teardown. Added while previews were in flight: patched() keeps their histories replaying.
  const ownPlace = patched('preview-own-place');
  let placeOpen = false;
  /** An open was attempted: teardown closes (idempotent), whatever the open's outcome. */
  let placeTouched = false;

  const progress = (): PreviewProgress => ({
    workflowId,
    service,
    environment,
    iid,
    status,
    stages: tracker.stages,
    commit: current.commit,
    branch: current.branch,
    image: deployed?.image,
    previewUrl: status === 'live' && plan?.url ? plan.url : undefined,
    expiresAt: expiresAt?.toISOString(),
    closedReason,
    lastError,
    log: lines,
  });
  setHandler(previewProgressQuery, progress);
  setHandler(previewRequestSignal, (req) => {
    // A close is final; among deploys the newest commit wins, and the commit already live is not built again.
    if (next?.action === 'close') return;
    if (req.action === 'deploy' && !next && req.commit === deployed?.commit) return;
    next = req;
  });

  /** A line for people: the query, the Temporal UI's details, the worker's log and the preview's log. */
  async function say(line: string): Promise<void> {
    lines.push(`${new Date().toISOString()} ${line}`);
    setCurrentDetails(`${status}: ${line}`);
    log.info(line, { service, iid });
    await quick.appendPreviewLog({ logId: workflowId, line });
  }

  plan = await withSummary(`plan preview ${service} !${iid}`, quick.planPreview, { service, iid });
  for (;;) {
    const req: PreviewRequest | undefined = next;
    next = undefined;
    if (!req) {
      // Quiet for the whole TTL: a forgotten merge request.
      closedReason = `no update for ${roughly(plan.ttlMs)} (TTL)`;
      break;
    }
    // A close names no commit: the preview keeps showing the branch (and its last commit) it closes.
    current = req.action === 'close' ? { ...req, branch: req.branch ?? current.branch, commit: current.commit } : req;
    if (req.action === 'close') {
      closedReason = `merge request ${req.reason} by ${req.by}`;
      break;
    }
    if (req.commit && req.commit !== deployed?.commit) await buildAndDeploy(req, plan);
    expiresAt = new Date(Date.now() + plan.ttlMs);
    await condition(() => next !== undefined, plan.ttlMs);
  }
  await tearDown(closedReason);
  return progress();

  async function buildAndDeploy(req: PreviewRequest, p: PreviewPlan): Promise<void> {
    const commit = req.commit!;
    lastError = undefined;
    status = 'building';
    tracker.enter('build', `${req.branch ?? '?'}@${commit.slice(0, 12)}`);
    await say(`merge request !${iid} ${req.reason} by ${req.by}: building ${req.branch}@${commit.slice(0, 12)}`);
    let image: string;
    try {
      const child = await startChild(pipelineWorkflow, {
        workflowId: pipelineWorkflowId(service, environment, commit),
        args: [
          {
            service,
            environment,
            commit,
            branch: req.branch,
            triggeredBy: req.by,
            buildTaskQueue: input.buildTaskQueue,
          },
        ],
      });
      image = (await child.result()).image;
      tracker.finish('build', 'succeeded', image);
      status = 'deploying';
      if (ownPlace && !placeOpen && p.baseEnvironment) await openPlace(p, p.baseEnvironment);
      tracker.enter('deploy', `committing ${image}`);
      const commitOutcome = await withSummary(`commit preview ${service} ${environment}`, quick.commitDeployment, {
        ...ref,
        set: { stable: image, gray: null },
        changeId: `${workflowId}@${runId}#deploy-${commit}`,
        message: `preview: ${service} ${environment} ${image}\n\nMerge request !${iid} (${req.branch}) by ${req.by}`,
      });
      await withSummary(`sync ${service}-${environment}`, long.syncDeployment, {
        ...ref,
        revision: commitOutcome.revision,
      });
      tracker.enter('deploy', 'waiting until healthy');
      await withSummary(`wait healthy ${service} ${environment}`, long.waitHealthy, {
        ...ref,
        expected: { stable: image, gray: null },
        timeoutMs: p.healthTimeoutMs,
        step: `preview-${commit.slice(0, 12)}`,
      });
    } catch (err) {
      lastError = toErrorReport(err);
      status = 'failed';
      const stage = tracker.current?.name ?? 'build';
      tracker.finish(stage, 'failed', lastError.message.split('\n')[0]);
      await say(`preview of ${commit.slice(0, 12)} failed: ${lastError.message.split('\n')[0]}`);
      await announce('failed', req);
      return;
    }
    deployed = { commit, image };
    tracker.finish('deploy', 'succeeded', 'healthy');
    status = 'live';
    tracker.enter('live', p.url ? `live at ${p.url}` : 'live', 'waiting');
    await say(`preview ${service} !${iid} live at ${p.url || '(no URL configured)'}: ${image}`);
    await announce('succeeded', req);
  }

  async function tearDown(why: string | undefined): Promise<void> {
    status = 'tearing-down';
    expiresAt = undefined;
    await say(`tearing down ${service} ${environment}: ${why}`);
    const commitOutcome = await withSummary(`remove preview ${service} ${environment}`, quick.commitDeployment, {
      ...ref,
      set: { stable: null, gray: null },
      changeId: `${workflowId}@${runId}#teardown`,
      message: `preview removed: ${service} ${environment}\n\n${why}`,
    });
    await withSummary(`sync ${service}-${environment}`, long.syncDeployment, {
      ...ref,
      revision: commitOutcome.revision,
    });
    if (placeTouched) {
      await withSummary(`close ${service}-${environment}`, quick.closePreviewEnvironment, ref);
      placeOpen = false;
    }
    // Last, once nothing syncs it any more (an Argo CD app cannot render a missing values file): the environment
    // leaves the GitOps repo. Added while previews were in flight: patched() keeps their histories replaying.
    if (patched('preview-remove-values-file')) {
      await withSummary(`remove ${service} ${environment} from GitOps`, quick.commitDeployment, {
        ...ref,
        set: {},
        remove: true,
        changeId: `${workflowId}@${runId}#remove-values`,
        message: `preview gone: ${service} ${environment}\n\n${why}`,
      });
    }
    tracker.finish('live', 'skipped', `torn down: ${why}`);
    status = 'closed';
    await say(`preview ${service} !${iid} torn down`);
  }

  /** The Argo CD app and namespace, or the port pair; the target's address wins unless the catalog names a URL. */
  async function openPlace(p: PreviewPlan, baseEnvironment: string): Promise<void> {
    tracker.enter('deploy', `opening ${p.namespace}`);
    placeTouched = true;
    const opened = await withSummary(`open ${service}-${environment}`, quick.openPreviewEnvironment, {
      ...ref,
      namespace: p.namespace,
      baseEnvironment,
    });
    placeOpen = true;
    if (opened.url && !p.urlFromCatalog) p.url = opened.url;
  }

  /** The release card of the preview (best effort): the notifier shows previewUrl beside the image. */
  async function announce(kind: 'succeeded' | 'failed', req: PreviewRequest): Promise<void> {
    const p = progress();
    const card: ReleaseProgress = {
      workflowId,
      releaseId: `${workflowId}@${runId}`,
      service,
      environment,
      image: p.image ?? '',
      previousImage: null,
      requestedBy: req.by,
      status: kind,
      stages: p.stages,
      percent: tracker.percent,
      currentStep: lines.at(-1) ?? status,
      lastError,
      approvals: [],
      superseded: [],
      ...(p.previewUrl ? { previewUrl: p.previewUrl } : {}),
    };
    try {
      await notify.notifyRelease({ kind, progress: card, mention: [] });
    } catch (err) {
      log.warn('preview notification failed', { error: (err as Error).message });
    }
  }
}

/** "3 d", "90 min", "2 s": a TTL as people read it. */
function roughly(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
