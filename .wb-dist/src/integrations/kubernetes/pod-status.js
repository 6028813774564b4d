"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.assessPod = assessPod;
exports.hasLogs = hasLogs;
const pod_spec_1 = require("./pod-spec");
/** Waiting reasons that no amount of waiting fixes. */
const HOPELESS_WAITING = new Set([
    'InvalidImageName',
    'ErrImageNeverPull',
    'CreateContainerConfigError',
    'CreateContainerError',
]);
const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff']);
function assessPod(pod) {
    const status = pod.status ?? {};
    const container = stepStatus(pod);
    const terminated = container?.state?.terminated;
    // The kubelet sets Failed/DeadlineExceeded and then kills the container (exit 137): the deadline is the news.
    if (status.phase === 'Failed' && status.reason === 'DeadlineExceeded') {
        return { kind: 'deadline', message: status.message ?? 'the pod was active longer than its deadline' };
    }
    if (terminated) {
        return {
            kind: 'exited',
            exitCode: terminated.exitCode,
            oomKilled: terminated.reason === 'OOMKilled',
            reason: terminated.reason,
            message: terminated.message,
        };
    }
    if (status.phase === 'Succeeded')
        return { kind: 'exited', exitCode: 0, oomKilled: false };
    if (status.phase === 'Failed') {
        // E.g. evicted (node pressure) or rejected by the kubelet before the container ever ran.
        return {
            kind: 'failed',
            reason: status.reason ?? 'Failed',
            message: status.message ?? 'the pod failed before its container ran',
        };
    }
    const initFailure = (status.initContainerStatuses ?? []).find((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
    if (initFailure?.state?.terminated) {
        const t = initFailure.state.terminated;
        return {
            kind: 'failed',
            reason: 'InitContainerFailed',
            message: `init container ${initFailure.name} exited with code ${t.exitCode}${t.message ? `: ${t.message}` : ''}`,
        };
    }
    const waiting = [...(status.initContainerStatuses ?? []), ...(container ? [container] : [])]
        .map((s) => ({ name: s.name, waiting: s.state?.waiting }))
        .find((s) => s.waiting?.reason);
    const reason = waiting?.waiting?.reason ?? '';
    const message = waiting?.waiting?.message ?? '';
    if (HOPELESS_WAITING.has(reason)) {
        return { kind: 'failed', reason, message: `container ${waiting?.name}: ${message || reason}` };
    }
    if (IMAGE_PULL.has(reason)) {
        return { kind: 'waiting', detail: reason, imagePull: { reason, message: message || reason } };
    }
    if (container?.state?.running)
        return { kind: 'running', detail: 'Running' };
    const scheduled = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        return {
            kind: 'waiting',
            detail: 'Unschedulable',
            unschedulable: scheduled.message ?? 'no node can run the pod',
        };
    }
    return { kind: 'waiting', detail: reason || (pod.spec?.nodeName ? 'ContainerCreating' : 'Scheduling') };
}
function stepStatus(pod) {
    return (pod.status?.containerStatuses ?? []).find((s) => s.name === pod_spec_1.STEP_CONTAINER);
}
/** Whether the step container has produced (or is producing) output that the log API can serve. */
function hasLogs(pod) {
    const state = stepStatus(pod)?.state;
    return Boolean(state?.running ?? state?.terminated);
}
//# sourceMappingURL=pod-status.js.map