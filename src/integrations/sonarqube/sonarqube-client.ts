import { request } from 'undici';
import { z } from 'zod';

/**
 * The two SonarQube Web API calls the quality gate needs (docs/contracts.md, "SonarQube quality gate"). Response
 * shapes follow the documented examples; only the fields Gantry reads are validated, the rest pass through.
 */
export interface SonarQubeClientOptions {
  /** e.g. `https://sonar.example.com` (a context path such as `/sonarqube` is kept). */
  baseUrl: string;
  token: string;
  requestTimeoutMs?: number;
}

const CE_TASK_STATUSES = ['PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCELED'] as const;
export type CeTaskStatus = (typeof CE_TASK_STATUSES)[number];

const ceTaskSchema = z.object({
  task: z.looseObject({
    id: z.string(),
    status: z.enum(CE_TASK_STATUSES),
    componentKey: z.string().optional(),
    // Present once the task succeeded; absent while queued and on failure.
    analysisId: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
});
export type CeTask = z.infer<typeof ceTaskSchema>['task'];

const conditionSchema = z.looseObject({
  // WARN only exists on SonarQube < 7.6; kept so an old server does not fail validation.
  status: z.enum(['OK', 'WARN', 'ERROR', 'NONE']),
  metricKey: z.string(),
  // LT/GT today; EQ/NE on old servers. Kept as a string and narrowed by the gate.
  comparator: z.string(),
  errorThreshold: z.string().optional(),
  // Missing when the metric has no value (e.g. no new code yet).
  actualValue: z.string().optional(),
});

const projectStatusSchema = z.object({
  projectStatus: z.looseObject({
    status: z.enum(['OK', 'WARN', 'ERROR', 'NONE']),
    conditions: z.array(conditionSchema).default([]),
  }),
});
export type ProjectStatus = z.infer<typeof projectStatusSchema>['projectStatus'];
export type ProjectCondition = z.infer<typeof conditionSchema>;

export interface SonarQubeClient {
  readonly baseUrl: string;
  ceTask(id: string, signal?: AbortSignal): Promise<CeTask>;
  projectStatus(analysisId: string, signal?: AbortSignal): Promise<ProjectStatus>;
}

export function createSonarQubeClient(options: SonarQubeClientOptions): SonarQubeClient {
  if (!options.token) throw new Error('SonarQube client: a token is required');
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 30_000;

  async function get<T>(
    path: string,
    query: Record<string, string>,
    schema: z.ZodType<T>,
    notFound: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let res;
    try {
      res = await request(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new Error(`cannot reach SonarQube at ${baseUrl} (GET ${path}: ${(err as Error).message})`);
    }
    const text = await res.body.text();
    const where = `GET ${path} answered ${res.statusCode}`;
    if (res.statusCode === 401) {
      throw new Error(`SonarQube rejected the token (${where}): check the token Gantry is configured with`);
    }
    if (res.statusCode === 403) {
      throw new Error(`SonarQube refused access (${where}): the token needs "Browse" permission on the project`);
    }
    if (res.statusCode === 404) throw new Error(`${notFound} (${where}${serverMessage(text)})`);
    if (res.statusCode >= 400) throw new Error(`SonarQube failed (${where}${serverMessage(text)})`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`SonarQube sent something that is not JSON (${where}): ${text.slice(0, 200)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`SonarQube's answer to GET ${path} has an unexpected shape: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  }

  return {
    baseUrl,
    async ceTask(id, signal) {
      const body = await get(
        '/api/ce/task',
        { id },
        ceTaskSchema,
        `SonarQube knows no analysis task "${id}": was it submitted to this server (${baseUrl})?`,
        signal,
      );
      return body.task;
    },
    async projectStatus(analysisId, signal) {
      const body = await get(
        '/api/qualitygates/project_status',
        { analysisId },
        projectStatusSchema,
        `SonarQube knows no analysis "${analysisId}"`,
        signal,
      );
      return body.projectStatus;
    },
  };
}

/** SonarQube errors come as `{"errors":[{"msg":"…"}]}`; anything else is ignored rather than dumped. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { msg?: unknown }[] };
    const messages = (body.errors ?? []).map((e) => e.msg).filter((m): m is string => typeof m === 'string');
    return messages.length > 0 ? `: ${messages.join('; ')}` : '';
  } catch {
    return '';
  }
}
