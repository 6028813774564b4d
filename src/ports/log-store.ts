/**
 * Build and deploy output lives here, never in workflow history. Workflows and progress carry only a log id
 * and a short tail.
 */
export interface LogWriter {
  write(chunk: string | Buffer): void;
  close(): Promise<void>;
}

export interface LogStore {
  /** Opens a log for appending; reopening the same id (a retried activity) appends. */
  open(logId: string): LogWriter;
  read(logId: string): Promise<string>;
  /** The last `lines` lines (and at most ~8 KiB) of a log; empty when the log does not exist. */
  tail(logId: string, lines?: number): Promise<string>;
}
