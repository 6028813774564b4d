import { defaultPayloadConverter } from '@temporalio/common';
import fc from 'fast-check';
import { testCatalog } from '../harness/catalog-fixture';
import { checkImageForRelease } from '../../src/domain/image-policy';
import { isPersonName } from '../../src/domain/request-fields';
import type { ReleaseRequest } from '../../src/workflows/release-messages';
import { startWebhookServer, type WebhookServer } from '../harness/webhook-server';

const RELEASE_RUNS = 600;
const DECISION_RUNS = 600;
const TIME_LIMIT_MS = 12_000;
const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** The three references the fault run found committed to GitOps, and more of their kind: all refused with 400. */
const ISSUE_REFS = ['not a valid ref; $(rm -rf /)', 'Registry/UPPER:', 'bad ref!!'];
const BAD_REFS = [
  ...ISSUE_REFS,
  'docker.io/library/nginx:1.27', // a registry the catalog does not allow
  'evil.example.com/orders:v1',
  'registry.gantry.local/orders', // neither tag nor digest: "latest" is never implied
  'registry.gantry.local/orders@sha256:abc', // a short digest
  'registry.gantry.local/../orders:v1',
  '--upload-pack=touch /tmp/pwned',
  'registry.gantry.local/orders:v1\nGantry-Change: x#full',
  `registry.gantry.local/${'a'.repeat(300)}:v1`,
  '',
];
const GOOD_REFS = [
  'registry.gantry.local/orders:v1',
  `registry.gantry.local/orders@${DIGEST}`,
  `registry.gantry.local/team/orders:1.2.3@${DIGEST}`,
];
const WEIRD = [null, true, 0, -1, '', [], {}, 'x'.repeat(3000), 'alice\nGantry-Change: x#full', '__proto__']
  .concat(['constructor', 'toString', '../../etc/passwd', '%2e%2e', 'prod\u0000', 'DEV', ' dev', 'dev '])
  .concat(['$(id)', '`id`', 'a;b', '\u202e', 'orders', 'prod', 'dev', 'alice', 'carol']);

const define = (node: object, key: string, value: unknown) =>
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });

const imageArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BAD_REFS) },
  { weight: 2, arbitrary: fc.constantFrom(...GOOD_REFS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `registry.gantry.local/orders:${s}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...WEIRD) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A release body near a real one, with a few fields replaced (also by `__proto__` keys and wrong types). */
const releaseBodyArb = fc
  .record({
    environment: fc.constantFrom('dev', 'prod'),
    image: imageArb,
    requestedBy: fc.oneof({ weight: 4, arbitrary: fc.constant('alice') }, fieldValue),
    edits: fc.array(
      fc.record({
        key: fc
          .constantFrom('service', 'environment', 'requestedBy', 'reason', 'requestId', 'rollback')
          .chain((k) =>
            fc.oneof({ weight: 5, arbitrary: fc.constant(k) }, fc.constantFrom('__proto__', 'constructor')),
          ),
        value: fieldValue,
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ environment, image, requestedBy, edits }) => {
    const body: Record<string, unknown> = { service: 'orders', environment, requestedBy, image };
    for (const { key, value } of edits) {
      if (value === undefined) delete body[key];
      else define(body, key, structuredClone(value));
    }
    return JSON.stringify(body);
  });
const bodyArb = fc.oneof(
  { weight: 8, arbitrary: releaseBodyArb },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('orders', 'prod', 'dev', '__proto__', 'constructor', 'hasOwnProperty') },
  { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', '%00', '%2F', 'x'.repeat(300), '%E0%A4%A') },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
);
const decisionArb = fc.record({
  service: segment,
  environment: segment,
  kind: fc.constantFrom('approve', 'promote', 'rollback', 'abort', 'deploy'),
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, fc.constantFrom('GET', 'PUT', 'DELETE')),
  body: fc.oneof(
    fc
      .record({ by: fc.oneof(fc.constant('bob'), fieldValue), reason: fieldValue, requestId: fieldValue })
      .map((b) => JSON.stringify(b)),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 100 }),
  ),
});

/** Thousands of hostile API calls against a server on a real Temporal with no worker: what starts, stays. */
describe('the release API under fuzzing', () => {
  let api: WebhookServer;
  const statuses = new Map<string, number>();
  let accepted = 0;
  beforeAll(async () => {
    api = await startWebhookServer({ name: 'api-fuzz', gitlabToken: 'gl', githubSecret: 'gh' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function post(path: string, body: string, method = 'POST') {
    const res = await fetch(`${api.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'GET' ? {} : { body }),
    });
    const text = await res.text();
    statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
  const options = { interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false };

  // First, while no release exists: a decision can then only be refused (and an update never waits for a worker).
  it('answers decisions and progress reads on any path with any body with a JSON 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(decisionArb, async (d) => {
        const path = `/api/releases/${d.service}/${d.environment}/${d.kind}`;
        const { status, json } = await post(path, d.body, d.method);
        expect(status >= 400 && status < 500).toBe(true);
        expect(typeof json?.['error']).toBe('string');
        const read = await post(`/api/releases/${d.service}/${d.environment}`, '', 'GET');
        expect(read.status).toBeLessThan(500);
        // Empty segments make it GET /api/releases: the list, of no releases.
        if (read.status < 400) expect(read.json).toEqual([]);
      }),
      { numRuns: DECISION_RUNS, ...options },
    );
    expect(await api.workflowIds()).toEqual([]);
  }, 60_000);

  it('refuses the bad references from the fault run with 400 and the rule, starting nothing', async () => {
    for (const environment of ['dev', 'prod']) {
      for (const image of BAD_REFS) {
        const { status, json } = await post(
          '/api/releases',
          JSON.stringify({ service: 'orders', environment, requestedBy: 'alice', image }),
        );
        expect([image, status]).toEqual([image, 400]);
        expect(json?.['error']).toMatch(/image refused: .+/);
      }
    }
    const refusedRegistry = await post(
      '/api/releases',
      JSON.stringify({
        service: 'orders',
        environment: 'prod',
        requestedBy: 'alice',
        image: 'docker.io/library/nginx:1',
      }),
    );
    expect(refusedRegistry.json?.['error']).toContain('registry docker.io is not allowed for prod');
    expect(await api.workflowIds()).toEqual([]);
  });

  it('answers random and edited release bodies with 202 or a JSON 4xx, and only vetted ones start', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const { status, json } = await post('/api/releases', body);
        expect([202, 400, 401, 403, 404, 409, 415]).toContain(status);
        if (status !== 202) return expect(typeof json?.['error']).toBe('string');
        accepted++;
        const image = json?.['image'];
        expect(typeof image).toBe('string');
        const parsed = JSON.parse(body) as { environment: string };
        expect(checkImageForRelease(image as string, testCatalog(), parsed.environment)).toBeUndefined();
      }),
      { numRuns: RELEASE_RUNS, ...options },
    );
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);

  it('recorded exactly the accepted requests in Temporal, each with a vetted image and a one-line name', async () => {
    const requests: ReleaseRequest[] = [];
    for (const workflowId of await api.workflowIds()) {
      const history = await api.env.client.workflow.getHandle(workflowId).fetchHistory();
      for (const e of history.events ?? []) {
        const payload = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0];
        if (payload) requests.push(defaultPayloadConverter.fromPayload<ReleaseRequest>(payload));
      }
    }
    process.stdout.write(`api fuzz: ${JSON.stringify(Object.fromEntries(statuses))}, accepted ${accepted}\n`);
    expect(requests).toHaveLength(accepted);
    for (const r of requests) {
      expect(isPersonName(r.requestedBy)).toBe(true);
      expect(GOOD_REFS.includes(r.image) || r.image.startsWith('registry.gantry.local/orders:')).toBe(true);
    }
    expect(api.logged.filter((l) => l.includes('failed'))).toEqual([]);
    expect((await fetch(`${api.base}/healthz`)).status).toBe(200);
  });
});
