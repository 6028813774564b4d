/** A branch push, whichever forge sent it (GitLab, GitHub): what routing and the pipeline start need. */
export interface PushEvent {
  branch: string;
  commit: string;
  pusher: string;
  repoUrls: string[];
  pathWithNamespace?: string;
}

/** SHA-1 or SHA-256 object ids: the commit ends up in a workflow id, so nothing else gets through. */
export const COMMIT_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
export const TAG_IGNORED = 'tag pushes do not start CI';
