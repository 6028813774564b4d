import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createLocalExecutor, pickEnv } from '../../src/integrations/local/local-executor';
import type { StepIo, StepSpec } from '../../src/ports/executor';
import type { LogStore } from '../../src/ports/log-store';

let dir: string;
let workspace: string;
let logs: LogStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-exec-'));
  workspace = await mkdtemp(join(dir, 'ws-'));
  logs = createFileLogStore(join(dir, 'logs'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function step(command: string, overrides: Partial<StepSpec> = {}): StepSpec {
  return {
    executionId: 'wf-1/compile',
    name: 'compile',
    command,
    workspace,
    image: 'ignored',
    env: {},
    timeoutMs: 60_000,
    logId: 'wf-1/compile',
    ...overrides,
  };
}

function io(overrides: Partial<StepIo> = {}): StepIo {
  return { signal: new AbortController().signal, heartbeat: () => undefined, ...overrides };
}

/** Running means not gone and not a zombie left to an init that does not reap. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function pidsIn(file: string): Promise<number[]> {
  const text = await readFile(join(workspace, file), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

test('a successful step returns exit code 0 with its output in the log and the tail', async () => {
  const executor = createLocalExecutor({ logs });

  const result = await executor.run(step('echo compiling; echo warning >&2; pwd'), io());

  expect(result).toMatchObject({ exitCode: 0, timedOut: false, logId: 'wf-1/compile' });
  expect(result.durationMs).toBeGreaterThanOrEqual(0);
  expect(result.tail).toContain('compiling\n');
  expect(result.tail).toContain('warning\n');
  expect(result.tail).toContain(workspace);
  const log = await logs.read('wf-1/compile');
  expect(log).toContain('$ echo compiling; echo warning >&2; pwd');
  expect(log).toMatch(/\[gantry\] exit code 0 after \d+\.\ds\n$/);
});

test('a failing step returns its non-zero exit code and the tail instead of throwing', async () => {
  const executor = createLocalExecutor({ logs });

  const result = await executor.run(step('echo "error: cannot find symbol"; exit 3'), io());

  expect(result.exitCode).toBe(3);
  expect(result.timedOut).toBe(false);
  expect(result.tail).toContain('error: cannot find symbol');
  expect(result.tail).toContain('exit code 3');
});

test('a pipeline fails when any stage fails', async () => {
  const executor = createLocalExecutor({ logs });

  const result = await executor.run(step('false | cat'), io());

  expect(result.exitCode).toBe(1);
});

test('the step sees the base environment and its own variables, not the rest of the host', async () => {
  const executor = createLocalExecutor({ logs, baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/h' } });

  const result = await executor.run(
    step('echo "home=$HOME mode=$MODE secret=${GANTRY_SECRET:-none}"', { env: { MODE: 'release' } }),
    io(),
  );

  expect(result.tail).toContain('home=/h mode=release secret=none');
});

test('the default base environment picks only the toolchain variables', () => {
  expect(pickEnv({ PATH: '/bin', GOCACHE: '/c', AWS_SECRET_ACCESS_KEY: 'x', JAVA_HOME: '/jdk' })).toEqual({
    PATH: '/bin',
    GOCACHE: '/c',
    JAVA_HOME: '/jdk',
  });
});

test('the time limit kills the whole process tree and reports a timeout', async () => {
  const executor = createLocalExecutor({ logs, killGraceMs: 500 });

  const result = await executor.run(
    step('sleep 30 & echo $! >> pids; sleep 30 & echo $! >> pids; wait', { timeoutMs: 500 }),
    io(),
  );

  expect(result.timedOut).toBe(true);
  expect(result.exitCode).not.toBe(0);
  expect(result.tail).toContain('timed out');
  const pids = await pidsIn('pids');
  expect(pids).toHaveLength(2);
  for (const pid of pids) expect(await isRunning(pid)).toBe(false);
});

test('a step that ignores SIGTERM is killed after the grace period', async () => {
  const executor = createLocalExecutor({ logs, killGraceMs: 300 });

  const result = await executor.run(
    step(`trap '' TERM; echo $$ > pids; while true; do sleep 0.1; done`, { timeoutMs: 300 }),
    io(),
  );

  expect(result.timedOut).toBe(true);
  expect(result.exitCode).toBe(137);
  for (const pid of await pidsIn('pids')) expect(await isRunning(pid)).toBe(false);
});

test('background processes left behind by a finished command are stopped', async () => {
  const executor = createLocalExecutor({ logs, killGraceMs: 500 });

  const result = await executor.run(step('sleep 30 > /dev/null & echo $! > pids; echo done'), io());

  expect(result.exitCode).toBe(0);
  const [pid] = await pidsIn('pids');
  expect(pid).toBeDefined();
  expect(await isRunning(pid as number)).toBe(false);
  expect(result.tail).toContain('left processes running');
});

test('cancellation kills the process tree and rejects with the abort reason', async () => {
  const executor = createLocalExecutor({ logs, killGraceMs: 500 });
  const controller = new AbortController();

  const running = executor.run(step('sleep 30 & echo $! >> pids; wait'), io({ signal: controller.signal }));
  await until(async () => (await pidsIn('pids')).length === 1);
  controller.abort();

  await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  const [pid] = await pidsIn('pids');
  expect(await isRunning(pid as number)).toBe(false);
  expect(await logs.read('wf-1/compile')).toContain('cancelled');
});

test('an already cancelled step does not start', async () => {
  const executor = createLocalExecutor({ logs });
  const controller = new AbortController();
  controller.abort(new Error('activity cancelled'));

  await expect(executor.run(step('touch started'), io({ signal: controller.signal }))).rejects.toThrow(
    'activity cancelled',
  );
  await expect(readFile(join(workspace, 'started'))).rejects.toThrow();
});

test('a step longer than the heartbeat interval heartbeats while it runs', async () => {
  const executor = createLocalExecutor({ logs, heartbeatIntervalMs: 50 });
  const beats: { step: string; elapsedMs: number }[] = [];

  await executor.run(step('sleep 0.4'), io({ heartbeat: (details) => beats.push(details) }));

  expect(beats.length).toBeGreaterThanOrEqual(2);
  expect(beats[0]?.step).toBe('compile');
  expect(beats.at(-1)?.elapsedMs).toBeGreaterThan(beats[0]?.elapsedMs ?? Infinity);
});

test('a missing workspace is an error, not a failed step', async () => {
  const executor = createLocalExecutor({ logs });

  await expect(executor.run(step('true', { workspace: join(dir, 'missing') }), io())).rejects.toThrow(
    /is not a directory/,
  );
});

test("a language version's toolchain comes first on PATH and sets its variables, for that step only", async () => {
  const jdk = await mkdtemp(join(dir, 'jdk-25-'));
  const { writeFile, chmod, mkdir } = await import('node:fs/promises');
  await mkdir(join(jdk, 'bin'));
  await writeFile(join(jdk, 'bin', 'java'), '#!/bin/sh\necho "java from the 25 toolchain"\n');
  await chmod(join(jdk, 'bin', 'java'), 0o755);
  const executor = createLocalExecutor({ logs, baseEnv: { PATH: '/usr/bin:/bin', JAVA_HOME: '/usr/lib/jvm/default' } });
  const command = 'java; echo "JAVA_HOME=$JAVA_HOME"; echo "PATH=$PATH"';
  const withIt = await executor.run(
    step(command, { toolchain: { path: [join(jdk, 'bin')], env: { JAVA_HOME: jdk } } }),
    io(),
  );
  expect(withIt.exitCode).toBe(0);
  expect(withIt.tail).toContain('java from the 25 toolchain');
  expect(withIt.tail).toContain(`JAVA_HOME=${jdk}\n`);
  expect(withIt.tail).toContain(`PATH=${join(jdk, 'bin')}:/usr/bin:/bin\n`);

  const without = await executor.run(step('echo "JAVA_HOME=$JAVA_HOME"', { logId: 'wf-1/other' }), io());
  expect(without.tail).toContain('JAVA_HOME=/usr/lib/jvm/default');
});
