import { z } from 'zod';
import { HttpError } from './http-io';
import { COMMIT_SHA } from './push-event';

/**
 * GitLab's Merge Request Hook (X-Gitlab-Event: Merge Request Hook), as documented in "Webhook events → Merge
 * request events": object_kind "merge_request"; object_attributes {iid, action, state, source_branch,
 * source_project_id, target_project_id, last_commit {id}, oldrev (only when new commits were pushed)}; project;
 * user {username}. Actions: open, reopen, update, close, merge, and approval ones (approved, unapproved,
 * approval, unapproval) that change no code.
 */
const mergeRequestSchema = z.object({
  object_kind: z.literal('merge_request'),
  user: z.object({ username: z.string().optional() }).optional(),
  project: z.object({
    path_with_namespace: z.string().optional(),
    git_http_url: z.string().optional(),
    git_ssh_url: z.string().optional(),
  }),
  object_attributes: z.object({
    iid: z.number().int().positive().max(999_999_999_999),
    action: z.string().optional(),
    state: z.string().optional(),
    source_branch: z.string().min(1),
    source_project_id: z.number().nullable().optional(),
    target_project_id: z.number().optional(),
    last_commit: z.object({ id: z.string() }).nullable().optional(),
  }),
});

/** What a merge request event asks of Gantry: a preview of the source branch's head, or its teardown. */
export interface MergeRequestEvent {
  action: 'deploy' | 'close';
  /** GitLab's action word, for the log. */
  reason: string;
  iid: number;
  branch: string;
  commit?: string;
  by: string;
  repoUrls: string[];
  pathWithNamespace?: string;
}

const DEPLOY_ACTIONS = new Set(['open', 'reopen', 'update']);
const CLOSE_ACTIONS = new Set(['close', 'merge']);

/** A Merge Request Hook body → the preview event, or why it is ignored (2xx so GitLab keeps the hook). */
export function parseGitlabMergeRequest(body: unknown): MergeRequestEvent | { ignored: string } {
  const parsed = mergeRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `not a GitLab merge request event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const { object_attributes: mr, project, user } = parsed.data;
  const action = mr.action ?? '';
  if (!DEPLOY_ACTIONS.has(action) && !CLOSE_ACTIONS.has(action)) {
    return { ignored: `merge request action "${action.slice(0, 40)}" changes no preview` };
  }
  // A fork's branch is not in the service's repository, and building strangers' code needs its own review.
  if (mr.source_project_id != null && mr.target_project_id != null && mr.source_project_id !== mr.target_project_id) {
    return { ignored: 'merge requests from forks get no preview' };
  }
  const base = {
    reason: action,
    iid: mr.iid,
    branch: mr.source_branch,
    by: user?.username ?? 'unknown',
    repoUrls: [project.git_http_url ?? '', project.git_ssh_url ?? ''],
    pathWithNamespace: project.path_with_namespace,
  };
  if (CLOSE_ACTIONS.has(action)) return { ...base, action: 'close' };
  const commit = mr.last_commit?.id;
  if (!commit || !COMMIT_SHA.test(commit)) {
    throw new HttpError(400, 'not a GitLab merge request event: object_attributes.last_commit.id: not a sha');
  }
  return { ...base, action: 'deploy', commit };
}
