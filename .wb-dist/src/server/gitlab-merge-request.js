"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseGitlabMergeRequest = parseGitlabMergeRequest;
const zod_1 = require("zod");
const http_io_1 = require("./http-io");
const push_event_1 = require("./push-event");
/**
 * GitLab's Merge Request Hook (X-Gitlab-Event: Merge Request Hook), as documented in "Webhook events → Merge
 * request events": object_kind "merge_request"; object_attributes {iid, action, state, source_branch,
 * source_project_id, target_project_id, last_commit {id}, oldrev (only when new commits were pushed)}; project;
 * user {username}. Actions: open, reopen, update, close, merge, and approval ones (approved, unapproved,
 * approval, unapproval) that change no code.
 */
const mergeRequestSchema = zod_1.z.object({
    object_kind: zod_1.z.literal('merge_request'),
    user: zod_1.z.object({ username: zod_1.z.string().optional() }).optional(),
    project: zod_1.z.object({
        path_with_namespace: zod_1.z.string().optional(),
        git_http_url: zod_1.z.string().optional(),
        git_ssh_url: zod_1.z.string().optional(),
    }),
    object_attributes: zod_1.z.object({
        iid: zod_1.z.number().int().positive().max(999_999_999_999),
        action: zod_1.z.string().optional(),
        state: zod_1.z.string().optional(),
        source_branch: zod_1.z.string().min(1),
        source_project_id: zod_1.z.number().nullable().optional(),
        target_project_id: zod_1.z.number().optional(),
        last_commit: zod_1.z.object({ id: zod_1.z.string() }).nullable().optional(),
    }),
});
const DEPLOY_ACTIONS = new Set(['open', 'reopen', 'update']);
const CLOSE_ACTIONS = new Set(['close', 'merge']);
/** A Merge Request Hook body → the preview event, or why it is ignored (2xx so GitLab keeps the hook). */
function parseGitlabMergeRequest(body) {
    const parsed = mergeRequestSchema.safeParse(body);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new http_io_1.HttpError(400, `not a GitLab merge request event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
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
    if (CLOSE_ACTIONS.has(action))
        return { ...base, action: 'close' };
    const commit = mr.last_commit?.id;
    if (!commit || !push_event_1.COMMIT_SHA.test(commit)) {
        throw new http_io_1.HttpError(400, 'not a GitLab merge request event: object_attributes.last_commit.id: not a sha');
    }
    return { ...base, action: 'deploy', commit };
}
//# sourceMappingURL=gitlab-merge-request.js.map