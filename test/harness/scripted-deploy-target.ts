import type { DeploymentState } from '../../src/domain/deployment';
import { DeployError, type DeployIo, type DeployRef, type DeployTarget } from '../../src/ports/deploy-target';

/**
 * A deploy target double for workflow tests (stands in for Argo CD / local processes): records every sync and
 * health wait, and can be told that an image is unhealthy or hangs until the wait is cancelled.
 */
export class ScriptedDeployTarget implements DeployTarget {
  readonly syncs: { ref: DeployRef; revision: string }[] = [];
  readonly healthChecks: DeploymentState[] = [];
  readonly unhealthy = new Set<string>();
  readonly hanging = new Set<string>();
  /** Resolves the first time a health wait starts hanging: lets a test act exactly then. */
  hangStarted?: () => void;

  async sync(ref: DeployRef, revision: string): Promise<void> {
    this.syncs.push({ ref, revision });
  }

  async waitHealthy(_ref: DeployRef, expected: DeploymentState, _timeoutMs: number, io: DeployIo): Promise<void> {
    this.healthChecks.push(expected);
    const images = [expected.stable, expected.gray].filter((i): i is string => i !== null);
    const broken = images.find((i) => this.unhealthy.has(i));
    if (broken) {
      throw new DeployError(
        `${broken} did not become healthy`,
        { message: 'Deployment is Degraded', output: 'Back-off restarting failed container\npanic: boom' },
        'failed',
      );
    }
    if (images.some((i) => this.hanging.has(i))) {
      this.hangStarted?.();
      await new Promise<void>((_, reject) => {
        const timer = setInterval(() => io.heartbeat({ phase: 'hanging', elapsedMs: 0 }), 200);
        io.signal.addEventListener('abort', () => {
          clearInterval(timer);
          reject(new Error('health wait cancelled'));
        });
      });
    }
  }
}
