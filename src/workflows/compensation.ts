import { log } from '@temporalio/workflow';

/**
 * The saga's undo stack: each change to the world pushes its undo; on failure they run in reverse, and an undo
 * that fails is logged and the rest still run, so the release never stops half-way.
 */
export class Compensations {
  private readonly undos: { name: string; run: () => Promise<void> }[] = [];

  push(name: string, run: () => Promise<void>): void {
    this.undos.push({ name, run });
  }

  get size(): number {
    return this.undos.length;
  }

  /** Runs every undo, newest first; returns the names of those that failed. */
  async runAll(): Promise<string[]> {
    const failed: string[] = [];
    for (const undo of [...this.undos].reverse()) {
      try {
        await undo.run();
      } catch (err) {
        log.error('compensation failed', { step: undo.name, error: (err as Error).message });
        failed.push(undo.name);
      }
    }
    this.undos.length = 0;
    return failed;
  }
}
