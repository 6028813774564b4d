import type { LogStore } from '../ports/log-store';

/** The preview's own log (merge request events, its URL, teardown), beside build and deploy output. */
export function createPreviewActivities(deps: { logs: LogStore }) {
  return {
    async appendPreviewLog(input: { logId: string; line: string }): Promise<void> {
      const writer = deps.logs.open(input.logId);
      writer.write(`[preview] ${new Date().toISOString()} ${input.line}\n`);
      await writer.close();
    },
  };
}
