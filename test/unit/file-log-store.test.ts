import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileLogStore, logFileName } from '../../src/integrations/log/file-log-store';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-logs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a reopened log appends to what the previous writer left', async () => {
  const logs = createFileLogStore(dir);
  const first = logs.open('ci/payments/42');
  first.write('attempt 1\n');
  await first.close();
  const second = logs.open('ci/payments/42');
  second.write(Buffer.from('attempt 2\n'));
  await second.close();

  expect(await logs.read('ci/payments/42')).toBe('attempt 1\nattempt 2\n');
});

test('everything written is readable as soon as close resolves', async () => {
  const logs = createFileLogStore(dir);
  const writer = logs.open('big');
  const line = 'x'.repeat(99) + '\n';
  for (let i = 0; i < 5000; i++) writer.write(line);
  await writer.close();

  expect((await stat(join(dir, logFileName('big')))).size).toBe(500_000);
  expect(await logs.tail('big', 1)).toBe('x'.repeat(99));
});

test('ids with slashes and odd characters map to distinct files inside the directory', async () => {
  const logs = createFileLogStore(join(dir, 'nested'));
  const ids = ['release/payments/1.4.2/build', 'release_payments_1.4.2_build', '../../etc/passwd', 'a b:c?d'];
  for (const id of ids) {
    const writer = logs.open(id);
    writer.write(`log of ${id}\n`);
    await writer.close();
  }

  const files = await readdir(join(dir, 'nested'));
  expect(files).toHaveLength(ids.length);
  for (const file of files) expect(file).toMatch(/^[A-Za-z0-9._-]+\.log$/);
  for (const id of ids) expect(await logs.read(id)).toBe(`log of ${id}\n`);
});

test('tail returns the last lines without a trailing newline', async () => {
  const logs = createFileLogStore(dir);
  const writer = logs.open('steps');
  for (let i = 1; i <= 100; i++) writer.write(`line ${i}\n`);
  await writer.close();

  expect(await logs.tail('steps', 3)).toBe('line 98\nline 99\nline 100');
  expect((await logs.tail('steps')).split('\n')).toHaveLength(40);
  expect(await logs.tail('steps', 0)).toBe('');
});

test('tail is bounded to about 8 KiB and starts on a whole line', async () => {
  const logs = createFileLogStore(dir);
  const writer = logs.open('wide');
  for (let i = 0; i < 40; i++) writer.write(`${String(i).padStart(3, '0')} ${'é'.repeat(500)}\n`);
  await writer.close();

  const tail = await logs.tail('wide', 40);
  expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(8 * 1024);
  const lines = tail.split('\n');
  expect(lines.length).toBeLessThan(40);
  for (const line of lines) expect(line).toMatch(/^\d{3} é{500}$/);
  expect(lines.at(-1)?.startsWith('039 ')).toBe(true);
});

test('tail of one enormous line keeps its end', async () => {
  const logs = createFileLogStore(dir);
  await writeFile(join(dir, logFileName('one-line')), 'a'.repeat(100_000) + 'THE END');

  const tail = await logs.tail('one-line');
  expect(tail.endsWith('THE END')).toBe(true);
  expect(tail.length).toBeLessThanOrEqual(8 * 1024);
});

test('a log that does not exist reads and tails as empty', async () => {
  const logs = createFileLogStore(join(dir, 'never-created'));

  expect(await logs.tail('nope')).toBe('');
  expect(await logs.read('nope')).toBe('');
});
