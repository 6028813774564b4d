import net from 'node:net';

/** A port nothing listens on right now: the OS picks it (bind to port 0), so parallel tests never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}

/** Several distinct free ports at once (held together while picking, so they cannot be the same). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = net.createServer();
      return new Promise<net.Server>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * The first port of `count` consecutive ports that are all free right now, below the kernel's ephemeral range
 * (32768+) so no outgoing connection or port-0 server takes one of them later. For code that derives ports from a
 * base, like the local deploy target.
 */
export async function freePortBlock(count: number, from = 20_000, to = 32_000): Promise<number> {
  const tryBind = (port: number) =>
    new Promise<net.Server | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = from + Math.floor(Math.random() * ((to - from - count) / count)) * count;
    const bound = await Promise.all(Array.from({ length: count }, (_, i) => tryBind(base + i)));
    await Promise.all(bound.map((s) => s && new Promise((resolve) => s.close(resolve))));
    if (bound.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${from} and ${to}`);
}
