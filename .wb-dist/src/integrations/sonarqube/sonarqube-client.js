"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createSonarQubeClient = createSonarQubeClient;
const undici_1 = require("undici");
const zod_1 = require("zod");
const CE_TASK_STATUSES = ['PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCELED'];
const ceTaskSchema = zod_1.z.object({
    task: zod_1.z.looseObject({
        id: zod_1.z.string(),
        status: zod_1.z.enum(CE_TASK_STATUSES),
        componentKey: zod_1.z.string().optional(),
        // Present once the task succeeded; absent while queued and on failure.
        analysisId: zod_1.z.string().optional(),
        errorMessage: zod_1.z.string().optional(),
    }),
});
const conditionSchema = zod_1.z.looseObject({
    // WARN only exists on SonarQube < 7.6; kept so an old server does not fail validation.
    status: zod_1.z.enum(['OK', 'WARN', 'ERROR', 'NONE']),
    metricKey: zod_1.z.string(),
    // LT/GT today; EQ/NE on old servers. Kept as a string and narrowed by the gate.
    comparator: zod_1.z.string(),
    errorThreshold: zod_1.z.string().optional(),
    // Missing when the metric has no value (e.g. no new code yet).
    actualValue: zod_1.z.string().optional(),
});
const projectStatusSchema = zod_1.z.object({
    projectStatus: zod_1.z.looseObject({
        status: zod_1.z.enum(['OK', 'WARN', 'ERROR', 'NONE']),
        conditions: zod_1.z.array(conditionSchema).default([]),
    }),
});
function createSonarQubeClient(options) {
    if (!options.token)
        throw new Error('SonarQube client: a token is required');
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    async function get(path, query, schema, notFound, signal) {
        const url = new URL(`${baseUrl}${path}`);
        for (const [key, value] of Object.entries(query))
            url.searchParams.set(key, value);
        let res;
        try {
            res = await (0, undici_1.request)(url, {
                method: 'GET',
                headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
                headersTimeout: timeoutMs,
                bodyTimeout: timeoutMs,
                signal,
            });
        }
        catch (err) {
            if (signal?.aborted)
                throw err;
            throw new Error(`cannot reach SonarQube at ${baseUrl} (GET ${path}: ${err.message})`);
        }
        const text = await res.body.text();
        const where = `GET ${path} answered ${res.statusCode}`;
        if (res.statusCode === 401) {
            throw new Error(`SonarQube rejected the token (${where}): check the token Gantry is configured with`);
        }
        if (res.statusCode === 403) {
            throw new Error(`SonarQube refused access (${where}): the token needs "Browse" permission on the project`);
        }
        if (res.statusCode === 404)
            throw new Error(`${notFound} (${where}${serverMessage(text)})`);
        if (res.statusCode >= 400)
            throw new Error(`SonarQube failed (${where}${serverMessage(text)})`);
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new Error(`SonarQube sent something that is not JSON (${where}): ${text.slice(0, 200)}`);
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
            throw new Error(`SonarQube's answer to GET ${path} has an unexpected shape: ${zod_1.z.prettifyError(parsed.error)}`);
        }
        return parsed.data;
    }
    return {
        baseUrl,
        async ceTask(id, signal) {
            const body = await get('/api/ce/task', { id }, ceTaskSchema, `SonarQube knows no analysis task "${id}": was it submitted to this server (${baseUrl})?`, signal);
            return body.task;
        },
        async projectStatus(analysisId, signal) {
            const body = await get('/api/qualitygates/project_status', { analysisId }, projectStatusSchema, `SonarQube knows no analysis "${analysisId}"`, signal);
            return body.projectStatus;
        },
    };
}
/** SonarQube errors come as `{"errors":[{"msg":"…"}]}`; anything else is ignored rather than dumped. */
function serverMessage(text) {
    try {
        const body = JSON.parse(text);
        const messages = (body.errors ?? []).map((e) => e.msg).filter((m) => typeof m === 'string');
        return messages.length > 0 ? `: ${messages.join('; ')}` : '';
    }
    catch {
        return '';
    }
}
//# sourceMappingURL=sonarqube-client.js.map