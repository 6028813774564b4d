// What a sample of workflows did between the window's opening and their end, read from their histories (issue 12):
// where a release spends more server work than a bare workflow once woken.
import { writeFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;
const TimeoutType = temporal.api.enums.v1.TimeoutType;

/** Average count per workflow of each history event type on or after the opening, plus sticky timeouts. */
export interface AfterOpening {
  sampled: number;
  eventsTotal: number;
  eventsAfter: number;
  byType: Record<string, number>;
  stickyTimeouts: number;
  historyBytes: number;
}

const NAMES: Record<number, string> = {
  [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]: 'wft scheduled',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: 'wft timed out',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]: 'wft failed',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: 'activities',
  [EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: 'sa upserts',
  [EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED]: 'memo upserts',
  [EventType.EVENT_TYPE_MARKER_RECORDED]: 'markers',
  [EventType.EVENT_TYPE_TIMER_STARTED]: 'timers',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: 'signals in',
  [EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED]: 'signals out',
};

export async function historiesAfter(
  client: Client,
  ids: string[],
  openingMs: number,
  dumpTo?: string,
): Promise<AfterOpening> {
  const byType: Record<string, number> = {};
  let eventsTotal = 0;
  let eventsAfter = 0;
  let stickyTimeouts = 0;
  let historyBytes = 0;
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    if (dumpTo && id === ids[0]) writeFileSync(dumpTo, JSON.stringify(history.events, null, 1));
    historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
    for (const e of history.events ?? []) {
      eventsTotal++;
      const seconds = Number(e.eventTime?.seconds ?? 0);
      const at = seconds * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      if (at < openingMs) continue;
      eventsAfter++;
      const name = NAMES[e.eventType ?? 0];
      if (name) byType[name] = (byType[name] ?? 0) + 1;
      const timeout = e.workflowTaskTimedOutEventAttributes?.timeoutType;
      if (timeout === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) stickyTimeouts++;
    }
  }
  const per = (x: number) => Math.round((x / Math.max(1, ids.length)) * 100) / 100;
  return {
    sampled: ids.length,
    eventsTotal: per(eventsTotal),
    eventsAfter: per(eventsAfter),
    byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, per(v)])),
    stickyTimeouts: per(stickyTimeouts),
    historyBytes: per(historyBytes),
  };
}
