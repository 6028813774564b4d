import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { apiErrorMessage, loadKubernetesClient } from '../../src/integrations/kubernetes/load-client';
import { startKubeControlPlane, type KubeControlPlane } from '../harness/kube-apiserver';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
const helm = resolve(ROOT, '.tools/bin/helm');

/** `helm template` of the chart with the default or the production-like values, as Kubernetes objects. */
async function render(values?: string): Promise<Record<string, unknown>[]> {
  const args = [
    'template',
    'gantry',
    resolve(ROOT, 'charts/gantry'),
    '--namespace',
    'gantry',
    '--kube-version',
    '1.31.0',
  ];
  if (values) args.push('-f', resolve(ROOT, values));
  const { stdout } = await run(helm, args, { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((o): o is Record<string, unknown> => o !== null);
}

describe('the Helm chart', () => {
  it('passes helm lint and template with default and production values, and refuses bad values', async () => {
    const { stdout } = await run('bash', [resolve(ROOT, 'scripts/check-chart.sh')], { cwd: ROOT });
    expect(stdout).toMatch(/^chart: \d+ passed, 0 failed$/m);
    expect(stdout).toContain('ok   refused: a typo in a key');
  });

  describe('rendered manifests on a real kube-apiserver', () => {
    let plane: KubeControlPlane;
    beforeAll(async () => {
      plane = await startKubeControlPlane();
    });
    afterAll(async () => {
      await plane?.stop();
    });

    it.each([
      ['default values', undefined],
      ['production values', 'charts/gantry/ci/production-values.yaml'],
    ])('are accepted by a server-side dry run (%s)', async (_name, values) => {
      const k8s = await loadKubernetesClient();
      const objects = k8s.KubernetesObjectApi.makeApiClient(plane.kubeConfig);
      const core = plane.kubeConfig.makeApiClient(k8s.CoreV1Api);
      const manifests = await render(values);
      expect(manifests.length).toBeGreaterThan(8);
      const rejected: string[] = [];
      for (const m of manifests) {
        const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
        // The Prometheus Operator's CRD is not installed on this bare API server.
        if (m.kind === 'ServiceMonitor') continue;
        const namespace = meta.namespace ?? 'gantry';
        await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => undefined);
        try {
          await objects.create({ ...m, metadata: { ...meta, namespace } } as never, undefined, 'All');
        } catch (err) {
          rejected.push(`${String(m.kind)}/${meta.name}: ${apiErrorMessage(err)}`);
        }
      }
      expect(rejected).toEqual([]);
    });

    it('would catch a manifest the API server refuses (the check can fail)', async () => {
      const k8s = await loadKubernetesClient();
      const objects = k8s.KubernetesObjectApi.makeApiClient(plane.kubeConfig);
      const [deployment] = (await render()).filter((m) => m.kind === 'Deployment');
      const broken = {
        ...deployment,
        spec: { ...(deployment!.spec as object), selector: { matchLabels: { x: 'y' } } },
      };
      await expect(objects.create(broken as never, undefined, 'All')).rejects.toThrow(/selector/);
    });
  });
});
