import fc from 'fast-check';
import {
  githubPing,
  githubPush,
  gitlabPush,
  sendRaw,
  sha,
  signGithub,
  ZERO,
  type Reply,
} from '../../src/testing/webhook-senders';
import { startWebhookServer, type WebhookServer } from '../harness/webhook-server';

const TOKEN = 'gl-token';
const SECRET = 'gh-secret';
const LIMIT = 1024 * 1024;
const PROTOCOL_RUNS = 1200;
const DELIVERY_RUNS = 1500;
/** Both properties together stop early rather than run past this; the counts say how far they got. */
const TIME_LIMIT_MS = 16_000;

type Hook = 'gitlab' | 'github';
type Framing = 'honest' | 'chunked' | 'shorter' | 'longer' | 'invalid' | 'both' | 'none';

/**
 * Bases for mutation: real-shaped deliveries that are all ignored. Those of the catalog's repository push to
 * branches no environment builds, and no edit value below names a built branch or the catalog's repository, so a
 * started workflow can only come from a bug.
 */
const BASES: Record<Hook, string[]> = {
  gitlab: [
    gitlabPush({ token: TOKEN, branch: 'feature/fuzz' }).body,
    gitlabPush({ token: TOKEN, branch: 'dev', project: 'fuzz/unknown' }).body,
    gitlabPush({ token: TOKEN, tag: 'v1' }).body,
    gitlabPush({ token: TOKEN, branch: 'feature/gone', deleted: true }).body,
  ],
  github: [
    githubPush({ secret: SECRET, branch: 'feature/fuzz' }).body,
    githubPush({ secret: SECRET, branch: 'release', repo: 'fuzz/unknown' }).body,
    githubPush({ secret: SECRET, branch: 'feature/gone', deleted: true }).body,
    githubPush({ secret: SECRET, tag: 'v2' }).body,
    githubPing(SECRET).body,
  ],
};
const INTERESTING = [null, true, false, 0, -1, '', [], {}, ZERO, sha('fuzz'), sha('fuzz').toUpperCase(), `${ZERO}00`]
  .concat(['refs/heads/', 'refs/heads/feature/x', 'refs/tags/dev', 'refs/heads/dev/x', 'dev', 'refs/heads/release '])
  .concat(['push', 'tag_push', 'Push Hook', 'fuzz/other', 'https://git.example.com/fuzz/other.git', 'x'.repeat(300)]);

/** Every key path of a parsed body, so edits mostly hit fields the parsers read. */
const pathsOf = (v: unknown, prefix: string[] = []): string[][] =>
  typeof v === 'object' && v !== null && prefix.length < 3
    ? Object.entries(v).flatMap(([k, child]) => [[...prefix, k], ...pathsOf(child, [...prefix, k])])
    : [];

type Edit = { path: string[]; value: unknown };
const define = (node: object, key: string, value: unknown) =>
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
/** Sets (or, for undefined, deletes) a value at a path, creating objects on the way (also `__proto__` as a key). */
function applyEdit(root: unknown, { path, value }: Edit): unknown {
  if (path.length === 0) return structuredClone(value);
  const top = typeof root === 'object' && root !== null ? root : {};
  let node: object = top;
  for (const key of path.slice(0, -1)) {
    const next: unknown = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    node = typeof next === 'object' && next !== null ? next : define(node, key, {})[key as keyof object];
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete (node as Record<string, unknown>)[last];
  // fast-check may hand the same value instance to two edits; a copy keeps a later edit from writing a cycle.
  else define(node, last, structuredClone(value));
  return top;
}

const headerValue = fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' '));
/** The fields the parsers read: most edits land there. */
const READ = new Set(
  ['object_kind', 'ref', 'after', 'checkout_sha', 'user_username', 'deleted', 'pusher', 'pusher.name', 'sender']
    .concat(['sender.login', 'project', 'project.path_with_namespace', 'project.git_http_url', 'project.git_ssh_url'])
    .concat([
      'repository',
      'repository.full_name',
      'repository.clone_url',
      'repository.ssh_url',
      'repository.html_url',
    ]),
);
const randomPath = fc.array(fc.oneof(fc.constantFrom('__proto__', 'constructor', '0'), fc.string()), { maxLength: 3 });
const editArb = (paths: string[][]) =>
  fc.record({
    path: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...paths.filter((p) => READ.has(p.join('.')))) },
      { weight: 2, arbitrary: fc.constantFrom(...paths) },
      { weight: 1, arbitrary: randomPath },
    ),
    value: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<unknown>(...INTERESTING) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
  });
const mutated = (base: string) =>
  fc
    .array(editArb(pathsOf(JSON.parse(base))), { maxLength: 3 })
    .map((edits) => Buffer.from(JSON.stringify(edits.reduce(applyEdit, JSON.parse(base))) ?? 'null'));
const bodyArb = (hook: Hook) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b)) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    {
      weight: 8,
      arbitrary: fc.constantFrom(...BASES[hook]).chain(mutated),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ base: fc.constantFrom(...BASES[hook]), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) })
        .map(({ base, at, byte }) => {
          const b = Buffer.from(base);
          b[at % b.length] = byte;
          return at % 2 ? b : b.subarray(0, at % b.length);
        }),
    },
    // Valid JSON just over the limit (trailing whitespace): must be refused by size, whatever else it carries.
    { weight: 1, arbitrary: fc.constantFrom(...BASES[hook]).map((b) => Buffer.from(b + ' '.repeat(LIMIT))) },
  );

const requestArb = fc.constantFrom<Hook>('gitlab', 'github').chain((hook) =>
  fc.record({
    hook: fc.constant(hook),
    body: bodyArb(hook),
    // Mostly authenticated, so most requests get past the signature into parsing and routing.
    auth: fc.oneof(
      { weight: 6, arbitrary: fc.constant('right' as const) },
      { weight: 4, arbitrary: fc.constantFrom('wrong', 'missing', 'garbage', 'stale') },
    ),
    event: fc.oneof(
      { weight: 5, arbitrary: fc.constant(hook === 'gitlab' ? 'Push Hook' : 'push') },
      fc.constantFrom('Tag Push Hook', 'ping', 'issues', 'Merge Request Hook', 'System Hook', ''),
      headerValue,
      fc.constant(undefined),
    ),
    contentType: fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'),
      },
      fc.constant('text/plain'),
      fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
      headerValue,
      fc.constant(undefined),
    ),
    delivery: fc.oneof(fc.constantFrom('fixed-1', 'fixed-2'), fc.uuid(), fc.constant(undefined)),
    framing: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom<Framing>('honest', 'chunked') },
      { weight: 3, arbitrary: fc.constantFrom<Framing>('shorter', 'longer', 'invalid', 'both', 'none') },
    ),
    lie: fc.integer({ min: 1, max: 200 }),
  }),
);
type Req = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

/** Well-formed, authenticated deliveries with edited bodies: what gets past the gate into parsing and routing. */
const deliveryArb: fc.Arbitrary<Req> = fc.constantFrom<Hook>('gitlab', 'github').chain((hook) =>
  fc.record({
    hook: fc.constant(hook),
    body: fc.constantFrom(...BASES[hook]).chain(mutated),
    auth: fc.constant('right' as const),
    event: fc.constant(hook === 'gitlab' ? 'Push Hook' : 'push'),
    contentType: fc.constant('application/json'),
    delivery: fc.option(fc.uuid(), { nil: undefined }),
    framing: fc.constantFrom<Framing>('honest', 'chunked'),
    lie: fc.constant(0),
  }),
);

function credentials(r: Req): [string, string][] {
  if (r.auth === 'missing') return [];
  if (r.hook === 'gitlab') {
    const token = { right: TOKEN, stale: TOKEN, wrong: `${TOKEN}x`, garbage: 'sha256=00' }[r.auth];
    return [['x-gitlab-token', token]];
  }
  const signature = {
    right: signGithub(r.body, SECRET),
    stale: signGithub(Buffer.concat([r.body, Buffer.from(' ')]), SECRET),
    wrong: signGithub(r.body, 'not-the-secret'),
    garbage: 'sha256=zz',
  }[r.auth];
  return [['x-hub-signature-256', signature]];
}

function framing(r: Req): { headers: [string, string][]; body: Buffer } {
  const n = r.body.length;
  const chunked = Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), r.body, Buffer.from('\r\n0\r\n\r\n')]);
  switch (r.framing) {
    case 'honest':
      return { headers: [['content-length', String(n)]], body: r.body };
    case 'chunked':
      return { headers: [['transfer-encoding', 'chunked']], body: n ? chunked : Buffer.from('0\r\n\r\n') };
    case 'shorter':
      return { headers: [['content-length', String(Math.max(0, n - r.lie))]], body: r.body };
    case 'longer':
      return { headers: [['content-length', String(n + r.lie)]], body: r.body };
    case 'invalid':
      return { headers: [['content-length', `${n}abc`]], body: r.body };
    case 'both': // request smuggling shape: Node refuses it
      return {
        headers: [
          ['content-length', String(n)],
          ['transfer-encoding', 'chunked'],
        ],
        body: chunked,
      };
    case 'none':
      return { headers: [], body: r.body };
  }
}

/** Throws thousands of hostile deliveries at both hooks of a server backed by a real Temporal with no worker. */
describe('the webhooks under fuzzing', () => {
  let hooks: WebhookServer;
  beforeAll(async () => {
    hooks = await startWebhookServer({ name: 'webhooks-fuzz', gitlabToken: TOKEN, githubSecret: SECRET });
  });
  afterAll(async () => {
    await hooks?.stop();
  });

  const statuses = new Map<string, number>();
  /** One request over a raw socket, judged: a JSON 2xx/4xx, never a start, 401/413 exactly when they are due. */
  async function exchange(r: Req): Promise<void> {
    const { headers, body } = framing(r);
    const optional: [string, string | undefined][] = [
      ['content-type', r.contentType],
      [r.hook === 'gitlab' ? 'x-gitlab-event' : 'x-github-event', r.event],
      [r.hook === 'gitlab' ? 'idempotency-key' : 'x-github-delivery', r.delivery],
    ];
    const present = optional.filter((h): h is [string, string] => h[1] !== undefined);
    const reply = await sendRaw(hooks.port, {
      path: `/hooks/${r.hook}`,
      headers: [...present, ...credentials(r), ...headers],
      body,
    });
    const key = typeof reply === 'string' ? reply : String(reply.status);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    expect(reply).not.toBe('timeout');
    const honest = r.framing === 'honest' || r.framing === 'chunked';
    if (reply === 'closed') return expect(honest).toBe(false); // only a lying client is hung up on
    const { status, json } = reply as Reply;
    expect(status >= 200 && status < 500).toBe(true);
    const answer = json as { error?: unknown; ignored?: unknown; started?: unknown } | undefined;
    expect(answer?.started).toBeUndefined();
    expect(typeof (status < 300 ? answer?.ignored : answer?.error)).toBe('string');
    if (!honest) return;
    const authentic = r.auth === 'right' || (r.hook === 'gitlab' && r.auth === 'stale');
    if (r.body.length > LIMIT) expect(status).toBe(413);
    else expect(status === 401).toBe(!authentic);
  }
  const options = { interruptAfterTimeLimit: TIME_LIMIT_MS / 2, markInterruptAsFailure: false };

  // Jest fails the test on any unhandled rejection or uncaught exception the server raises meanwhile.
  it('answers hostile requests (bytes, JSON, edited deliveries, lying headers) with JSON 2xx/4xx', async () => {
    await fc.assert(fc.asyncProperty(requestArb, exchange), { numRuns: PROTOCOL_RUNS, ...options });
  }, 60_000);

  it('answers authenticated deliveries with edited bodies with JSON 2xx/4xx, never starting a pipeline', async () => {
    await fc.assert(fc.asyncProperty(deliveryArb, exchange), { numRuns: DELIVERY_RUNS, ...options });
  }, 60_000);

  it('stayed up, logged no failure and started no workflow', async () => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`webhooks fuzz: ${total} requests: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(hooks.logged.filter((l) => l.includes('failed'))).toEqual([]);
    expect(hooks.server.listening).toBe(true);
    expect((await fetch(`${hooks.base}/healthz`)).status).toBe(200);
    expect(await hooks.workflowIds()).toEqual([]);
  });
});
