/** What `withinDeadline` resolves to when the work did not finish in time. */
export const DEADLINE_PASSED = Symbol('deadline passed');

/**
 * Races work against a deadline: senders (GitLab, GitHub, Feishu, probes) give up after a few seconds, so the
 * answer must not wait longer. The work keeps running; a rejection after the deadline is handled (race() subscribes
 * to it), so it never surfaces as unhandled.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof DEADLINE_PASSED> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof DEADLINE_PASSED>((resolve) => {
    timer = setTimeout(() => resolve(DEADLINE_PASSED), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
