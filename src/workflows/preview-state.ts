import { log, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { PreviewPlan } from '../activities';
import { previewEnvironment } from '../domain/naming';
import type { ErrorReport } from '../domain/progress';
import { quick } from './activity-proxies';
import type { PreviewProgress, PreviewRequest, PreviewStatus, PreviewWorkflowInput } from './preview-messages';
import { StageTracker } from './stage-tracker';

const PREVIEW_STAGES = ['build', 'deploy', 'live'] as const;

/** Everything a preview knows, in one place, so the handlers, the query, the deploy and the teardown share it. */
export class PreviewState {
  readonly service: string;
  readonly iid: number;
  readonly environment: string;
  readonly ref: { service: string; environment: string };
  readonly workflowId: string;
  readonly runId: string;
  readonly tracker = new StageTracker(PREVIEW_STAGES, () => new Date());
  readonly lines: string[] = [];
  status: PreviewStatus = 'building';
  next?: PreviewRequest;
  deployed?: { commit: string; image: string };
  current: PreviewRequest;
  plan?: PreviewPlan;
  expiresAt?: Date;
  closedReason?: string;
  lastError?: ErrorReport;
  placeOpen = false;
  /** An open was attempted: teardown closes (idempotent), whatever the open's outcome. */
  placeTouched = false;

  constructor(readonly input: PreviewWorkflowInput) {
    this.service = input.service;
    this.iid = input.iid;
    this.environment = previewEnvironment(input.iid);
    this.ref = { service: this.service, environment: this.environment };
    const { workflowId, runId } = workflowInfo();
    this.workflowId = workflowId;
    this.runId = runId;
    this.next = input.request;
    this.current = input.request;
  }

  progress(): PreviewProgress {
    return {
      workflowId: this.workflowId,
      service: this.service,
      environment: this.environment,
      iid: this.iid,
      status: this.status,
      stages: this.tracker.stages,
      commit: this.current.commit,
      branch: this.current.branch,
      image: this.deployed?.image,
      previewUrl: this.status === 'live' && this.plan?.url ? this.plan.url : undefined,
      expiresAt: this.expiresAt?.toISOString(),
      closedReason: this.closedReason,
      lastError: this.lastError,
      log: this.lines,
    };
  }

  /** A later hook delivery: a close is final; the newest commit wins; the live commit is not built again. */
  offer(req: PreviewRequest): void {
    if (this.next?.action === 'close') return;
    if (req.action === 'deploy' && !this.next && req.commit === this.deployed?.commit) return;
    this.next = req;
  }

  /** The request to act on next, if any arrived. */
  take(): PreviewRequest | undefined {
    const req = this.next;
    this.next = undefined;
    return req;
  }

  /** A line for people: the query, the Temporal UI's details, the worker's log and the preview's log. */
  async say(line: string): Promise<void> {
    this.lines.push(`${new Date().toISOString()} ${line}`);
    setCurrentDetails(`${this.status}: ${line}`);
    log.info(line, { service: this.service, iid: this.iid });
    await quick.appendPreviewLog({ logId: this.workflowId, line });
  }
}
