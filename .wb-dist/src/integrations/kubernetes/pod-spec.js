"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GANTRY_POD_SELECTOR = exports.STEP_CONTAINER = exports.EXECUTION_ID_ANNOTATION = exports.EXECUTION_LABEL = void 0;
exports.podName = podName;
exports.executionHash = executionHash;
exports.buildStepPod = buildStepPod;
const node_crypto_1 = require("node:crypto");
const node_path_1 = require("node:path");
/*
 * One pod per pipeline step, not per pipeline. A step is one Temporal activity, so the pod shares its identity:
 * the activity's execution id names the pod (a retry or a restarted worker finds it again), the step's time limit
 * becomes activeDeadlineSeconds, an OOM or an image pull error is attributable to one step, and the cluster's
 * capacity is released between steps instead of being held by an idle pipeline pod. A pod per pipeline would
 * need `exec` into a long-lived pod, whose re-attachment after a worker restart is much harder to get right.
 *
 * The workspace reaches the pod in one of two ways:
 *  - 'volume' (recommended): the worker checks out into a shared volume (an RWX PersistentVolumeClaim) and
 *    every step pod mounts the same volume at the same path. Later steps see earlier steps' output, and the
 *    worker reads test and coverage reports the pod wrote, exactly as with the local executor.
 *  - 'clone': an init container clones the repository at the commit into an emptyDir. Self-contained, but
 *    nothing the step writes comes back to the worker (fine for steps whose only product is the exit code).
 */
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'gantry';
exports.EXECUTION_LABEL = 'gantry.dev/execution';
exports.EXECUTION_ID_ANNOTATION = 'gantry.dev/execution-id';
exports.STEP_CONTAINER = 'step';
/** The selector that finds every pod Gantry started (the sweeper's scope). */
exports.GANTRY_POD_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
/**
 * A DNS-1123 label (≤63 chars) derived only from the execution id: a readable prefix (workflow and step) and a
 * hash of the whole id, so two executions never share a pod and the same execution always finds its pod.
 */
function podName(executionId, stepName) {
    const hash = (0, node_crypto_1.createHash)('sha256').update(executionId).digest('hex').slice(0, 10);
    const workflow = executionId.split('/')[0] ?? '';
    const readable = slug([workflow, stepName ?? executionId.split('/').pop() ?? ''].filter(Boolean).join('-'));
    const room = 63 - 'gantry--'.length - hash.length;
    const prefix = readable.slice(0, room).replace(/-+$/, '');
    return prefix ? `gantry-${prefix}-${hash}` : `gantry-${hash}`;
}
function executionHash(executionId) {
    return (0, node_crypto_1.createHash)('sha256').update(executionId).digest('hex').slice(0, 16);
}
function buildStepPod(input) {
    const { step, template = {}, context = {} } = input;
    const name = podName(step.executionId, step.name);
    const { volumes, mounts, workingDir, initContainers } = workspaceParts(input);
    const container = {
        name: exports.STEP_CONTAINER,
        image: template.image ?? step.image,
        // bash like the local executor, so `a | b` fails when `a` fails; images without bash fail visibly.
        command: ['bash', '-o', 'pipefail', '-c', step.command],
        workingDir,
        env: Object.entries(step.env).map(([envName, value]) => ({ name: envName, value })),
        resources: template.resources,
        volumeMounts: [...mounts, ...(template.volumeMounts ?? [])],
        terminationMessagePolicy: 'FallbackToLogsOnError',
    };
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
            name,
            namespace: input.namespace,
            labels: {
                ...input.labels,
                ...podLabels(step, context),
            },
            annotations: {
                [exports.EXECUTION_ID_ANNOTATION]: step.executionId,
                'gantry.dev/log-id': step.logId,
                'gantry.dev/step': step.name,
                ...(context.workflowId ? { 'gantry.dev/workflow-id': context.workflowId } : {}),
                ...(context.commit ? { 'gantry.dev/commit': context.commit } : {}),
            },
        },
        spec: {
            restartPolicy: 'Never',
            // Counted by the kubelet from the pod's start; the executor adds its own deadline for the time before.
            activeDeadlineSeconds: step.timeoutMs > 0 ? Math.max(1, Math.ceil(step.timeoutMs / 1000)) : undefined,
            // Build steps run untrusted project code: no API token unless the catalog asks for an account.
            automountServiceAccountToken: template.serviceAccountName ? undefined : false,
            serviceAccountName: template.serviceAccountName,
            nodeSelector: template.nodeSelector,
            tolerations: template.tolerations,
            imagePullSecrets: template.imagePullSecrets?.map((secret) => ({ name: secret })),
            terminationGracePeriodSeconds: 10,
            initContainers,
            containers: [container],
            volumes: [...volumes, ...(template.volumes ?? [])],
        },
    };
}
function podLabels(step, context) {
    const labels = {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        [exports.EXECUTION_LABEL]: executionHash(step.executionId),
        'gantry.dev/step': labelValue(step.name),
    };
    const optional = [
        ['gantry.dev/service', context.service],
        ['gantry.dev/environment', context.environment],
        ['gantry.dev/commit', context.commit],
        ['gantry.dev/workflow', context.workflowId],
    ];
    for (const [key, value] of optional) {
        const cleaned = value === undefined ? '' : labelValue(value);
        if (cleaned)
            labels[key] = cleaned;
    }
    return labels;
}
function workspaceParts(input) {
    const source = input.workspace;
    if (source.kind === 'volume') {
        const mountPath = source.mountPath ?? source.hostRoot;
        const relative = node_path_1.posix.relative(source.hostRoot, input.step.workspace);
        if (relative.startsWith('..') || node_path_1.posix.isAbsolute(relative)) {
            throw new Error(`step ${input.step.name}: workspace ${input.step.workspace} is outside the shared volume root ${source.hostRoot}`);
        }
        const volume = { ...source.volume, name: 'workspace' };
        return {
            volumes: [volume],
            mounts: [{ name: 'workspace', mountPath }],
            workingDir: node_path_1.posix.join(mountPath, relative),
        };
    }
    const mountPath = source.mountPath ?? '/workspace';
    const { repoUrl, commit } = input.context ?? {};
    if (!repoUrl || !commit)
        throw new Error(`step ${input.step.name}: the clone workspace needs a repoUrl and commit`);
    return {
        volumes: [{ name: 'workspace', emptyDir: {} }],
        mounts: [{ name: 'workspace', mountPath }],
        workingDir: mountPath,
        initContainers: [
            {
                name: 'checkout',
                image: source.gitImage,
                // Positional parameters, never interpolation: the URL and commit come from the catalog and webhooks.
                command: ['sh', '-c', 'git clone --quiet --no-checkout "$1" "$2" && git -C "$2" checkout --quiet "$3"', 'sh'],
                args: [repoUrl, mountPath, commit],
                volumeMounts: [{ name: 'workspace', mountPath }],
            },
        ],
    };
}
function slug(text) {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}
/** A valid label value: ≤63 chars of [A-Za-z0-9._-], starting and ending alphanumeric; '' when nothing is left. */
function labelValue(text) {
    return text
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .slice(0, 63)
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
//# sourceMappingURL=pod-spec.js.map