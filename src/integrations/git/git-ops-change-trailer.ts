/** The `Gantry-Change` trailer: how a commit in the GitOps repo names the change it applied (idempotent retries). */
export const CHANGE_TRAILER = 'Gantry-Change';

export const trailer = (changeId: string): string => `${CHANGE_TRAILER}: ${changeId}`;

/** `git log` arguments listing the commits before `head` (inclusive) that may carry this change's trailer. */
export function changeLogArgs(head: string, changeId: string): string[] {
  const grep = `--grep=${CHANGE_TRAILER}: ${changeId}`;
  const format = `--format=%x1e%H%x1f%(trailers:key=${CHANGE_TRAILER},valueonly)`;
  return ['log', '--fixed-strings', grep, format, head];
}

/** The first commit in the output of `changeLogArgs` whose trailer really is `changeId`, if any. */
export function commitWithTrailer(logOutput: string, changeId: string): string | null {
  // --grep matches anywhere in the message; only a real trailer counts.
  for (const record of logOutput.split('\x1e')) {
    const [sha, trailers] = record.split('\x1f');
    if (sha && trailers?.split('\n').some((value) => value.trim() === changeId)) return sha.trim();
  }
  return null;
}
