import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { decideAnalysis } from '../../src/domain/analysis-verdict';
import { createPrometheusAnalysis } from '../../src/integrations/prometheus/prometheus-analysis';
import type { MetricCheck } from '../../src/ports/metrics-analysis';
import { freePort, freePorts } from '../harness/free-port';
import { startTestPrometheus, type TestPrometheus } from '../harness/prometheus';
import { waitFor } from '../harness/wait-for';

const SERVER = path.join(__dirname, '../../examples/hello-node/src/server.js');

/** The hello-node example as a real process; GANTRY_FAIL_RATIO makes it fail that share of requests to /. */
async function startExample(port: number, failRatio: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER, 'prod'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), GANTRY_FAIL_RATIO: failRatio },
    stdio: 'ignore',
  });
  await waitFor(`hello-node on :${port}`, async () =>
    (await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined,
  );
  return child;
}

const errorRatio = (track: string): MetricCheck => ({
  name: 'error ratio',
  query: `sum(increase(http_requests_total{track="${track}",code=~"5.."}[1m])) / sum(increase(http_requests_total{track="${track}"}[1m]))`,
  op: '<',
  threshold: 0.05,
});
const p99 = (track: string): MetricCheck => ({
  name: 'p99 latency',
  query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track="${track}"}[1m])))`,
  op: '<',
  threshold: 0.5,
});

let prometheus: TestPrometheus;
const processes: ChildProcess[] = [];
let stablePort: number;
let grayPort: number;

beforeAll(async () => {
  [stablePort = 0, grayPort = 0] = await freePorts(2);
  processes.push(await startExample(stablePort, '0'), await startExample(grayPort, '0.5'));
  const labels = { service: 'hello-node', environment: 'prod' };
  prometheus = await startTestPrometheus([
    { address: `127.0.0.1:${stablePort}`, labels: { ...labels, track: 'stable' } },
    { address: `127.0.0.1:${grayPort}`, labels: { ...labels, track: 'gray' } },
  ]);
  // Real traffic before and between two scrapes, so increase() has two samples to work with.
  await prometheus.waitUntilScraped(`127.0.0.1:${stablePort}`);
  await prometheus.waitUntilScraped(`127.0.0.1:${grayPort}`);
  for (let i = 0; i < 40; i++) {
    await fetch(`http://127.0.0.1:${stablePort}/`);
    await fetch(`http://127.0.0.1:${grayPort}/`);
  }
  const analysis = createPrometheusAnalysis({ url: prometheus.url });
  // Each track is scraped on its own schedule: wait until both have two samples after the traffic.
  await waitFor('both tracks counted in Prometheus', async () => {
    const results = await analysis.evaluate([
      { ...errorRatio('gray'), threshold: 0.3, op: '>' },
      errorRatio('stable'),
      p99('stable'),
    ]);
    return results.every((r) => r.outcome === 'pass') ? true : undefined;
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.teardown();
  for (const child of processes) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
});

describe('metric checks against a real Prometheus scraping real processes', () => {
  it('passes a healthy stable track on error ratio and p99 latency, with the query, value and threshold', async () => {
    const analysis = createPrometheusAnalysis({ url: prometheus.url });
    const results = await analysis.evaluate([errorRatio('stable'), p99('stable')]);
    expect(results.map((r) => r.outcome)).toEqual(['pass', 'pass']);
    expect(results[0]).toMatchObject({ query: errorRatio('stable').query, value: 0, threshold: 0.05, op: '<' });
    expect(results[1]!.value).toBeGreaterThan(0);
    expect(decideAnalysis(results, 'fail').verdict).toBe('pass');
  });

  it('fails a gray track whose error ratio passes the threshold, and says so with the value', async () => {
    const analysis = createPrometheusAnalysis({ url: prometheus.url });
    const [result] = await analysis.evaluate([errorRatio('gray')]);
    expect(result!.outcome).toBe('fail');
    expect(result!.value).toBeGreaterThan(0.3);
    expect(result!.value).toBeLessThan(0.7);
    const verdict = decideAnalysis([result!], 'pause');
    expect(verdict.verdict).toBe('fail');
    expect(verdict.summary).toContain(`${errorRatio('gray').query} = ${result!.value} (wants < 0.05): failed`);
  });

  it('calls a query without data inconclusive, and the policy decides: never a silent pass', async () => {
    const analysis = createPrometheusAnalysis({ url: prometheus.url });
    const results = await analysis.evaluate([
      { name: 'no series', query: 'sum(http_requests_total{track="canary"})', op: '<', threshold: 1 },
      { name: 'NaN', query: 'sum(http_requests_total{track="gray"}) / 0 * 0', op: '<', threshold: 1 },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['inconclusive', 'inconclusive']);
    expect(results[0]!.reason).toContain('empty vector');
    expect(results[1]!.reason).toContain('NaN');
    expect(decideAnalysis(results, 'fail').verdict).toBe('fail');
    expect(decideAnalysis(results, 'pause').verdict).toBe('pause');
  });

  it('calls every check inconclusive when Prometheus is down', async () => {
    const down = createPrometheusAnalysis({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
    const results = await down.evaluate([errorRatio('gray'), p99('gray')]);
    expect(results.map((r) => [r.outcome, r.value])).toEqual([
      ['inconclusive', null],
      ['inconclusive', null],
    ]);
    expect(results[0]!.reason).toMatch(/did not answer: ECONNREFUSED/);
    expect(decideAnalysis(results, 'pause')).toMatchObject({ verdict: 'pause' });
  });

  it('refuses a bad query as inconclusive with Prometheus’ own error', async () => {
    const analysis = createPrometheusAnalysis({ url: prometheus.url });
    const [result] = await analysis.evaluate([{ name: 'typo', query: 'sum(rate(', op: '<', threshold: 1 }]);
    expect(result).toMatchObject({ outcome: 'inconclusive', value: null });
    expect(result!.reason).toContain('bad_data');
  });
});
