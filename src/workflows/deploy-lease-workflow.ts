import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLeaseActivities } from '../activities/lease-activities';
import {
  leaseGrantedSignal,
  leaseQueuedSignal,
  leaseReleaseSignal,
  leaseRequestSignal,
  leaseStateQuery,
  type DeployLeaseInput,
} from './deploy-lease-messages';
import { LeaseBook, type LeaseNotice } from './lease-book';

const { findGoneLeaseHolders } = proxyActivities<ReturnType<typeof createLeaseActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '30 seconds' },
});

const DEFAULT_LIVENESS_CHECK_MS = 60_000;
const DEFAULT_IDLE_MS = 3_600_000;
const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * Hands out deploy leases for one environment (id `deploy-leases/<key>`): at most maxParallel holders, the rest
 * queued in arrival order and woken one by one as slots free up (no timers firing in the same second). A lease
 * is freed by its holder's release signal, or when its holder's run is found ended (terminated, failed, timed
 * out) by the periodic check or by a grant that cannot be delivered. A worker dying changes nothing: the lessor
 * and the holders are workflows, so holders keep their leases and the queue its order.
 */
export async function deployLeaseWorkflow(input: DeployLeaseInput): Promise<void> {
  const book = new LeaseBook(input.key, input.maxParallel, input.carried, () => new Date().toISOString());
  setHandler(leaseRequestSignal, (request) => book.request(request));
  setHandler(leaseReleaseSignal, ({ requestId }) => book.release(requestId));
  setHandler(leaseStateQuery, () => book.snapshot());
  const livenessCheckMs = input.livenessCheckMs ?? DEFAULT_LIVENESS_CHECK_MS;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;

  for (;;) {
    book.grantFree();
    await deliver(book, book.takeNotices());
    if (book.hasNotices) continue;

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyLimit) {
      await condition(allHandlersFinished);
      if (!book.hasNotices) {
        await continueAsNew<typeof deployLeaseWorkflow>({
          ...input,
          maxParallel: book.maxParallel,
          carried: book.carry(),
        });
      }
      continue;
    }

    const seen = book.version;
    const changed = (): boolean => book.version !== seen || book.hasNotices;
    if (book.idle) {
      // Signals that land while this run completes fail the completion, so no request is lost to an ending run.
      if (!(await condition(changed, input.idleMs ?? DEFAULT_IDLE_MS))) return;
      continue;
    }
    if (!(await condition(changed, livenessCheckMs))) {
      const holders = book.holders();
      const gone = await findGoneLeaseHolders(holders.map((h) => h.holder));
      for (const { requestId, holder } of holders) {
        if (gone.some((g) => g.workflowId === holder.workflowId && g.runId === holder.runId)) book.release(requestId);
      }
    }
  }
}

/** Sends the owed signals side by side; a grant that cannot reach its holder (run ended) frees the slot again. */
async function deliver(book: LeaseBook, notices: LeaseNotice[]): Promise<void> {
  await Promise.all(
    notices.map(async (notice) => {
      const holder = getExternalWorkflowHandle(notice.holder.workflowId, notice.holder.runId);
      try {
        if (notice.kind === 'granted') await holder.signal(leaseGrantedSignal, notice.grant);
        else await holder.signal(leaseQueuedSignal, notice.queued);
      } catch {
        // Only a run that no longer exists or has ended refuses a signal.
        book.release(notice.kind === 'granted' ? notice.grant.requestId : notice.queued.requestId);
      }
    }),
  );
}
