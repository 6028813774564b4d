import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createAuthenticator } from '../../src/auth/authenticator';
import { issueToken } from '../../src/auth/token-issuer';
import { createBoardRoutes } from '../../src/board/board-routes';
import { createGantryClient } from '../../src/client/gantry-client';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createHttpServer } from '../../src/server/http-server';
import { createSyntheticBoardSource } from '../harness/synthetic-board-source';
import { authCatalog, oidcSettings } from '../auth/auth-fixtures';
import { makeTempDir } from '../harness/git-fixtures';

/** The board mounted in the real API server: `/` opens it, and in the shared mode it asks who you are. */
describe('the release board behind the API server’s authentication', () => {
  const catalog = authCatalog();
  const source = createSyntheticBoardSource(3, ['dev', 'prod']);
  // Never connects: the board reads the synthetic source, and the routes tested here call no workflow.
  const gantry = createGantryClient(new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) }), 'q');
  const servers: { server: Server; close: () => void }[] = [];

  async function start(shared: boolean): Promise<{ base: string; token?: string }> {
    const board = createBoardRoutes({ source, pollIntervalMs: 60_000 });
    const logs = createFileLogStore(await makeTempDir('gantry-board-auth-'));
    let auth;
    let token: string | undefined;
    if (shared) {
      // Gantry's own `gty_` tokens need no reachable issuer: the store is checked, the issuer never asked.
      const settings = await oidcSettings('http://127.0.0.1:9/');
      token = (await issueToken(settings.auth.tokenStorePath, { person: 'carol' })).token;
      auth = { authenticator: createAuthenticator({ settings, catalog }), settings };
    }
    const server = createHttpServer({
      gantry,
      catalog,
      logs,
      gitlabToken: '',
      githubSecret: '',
      repoBase: 'file:///nowhere',
      board,
      auth,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ server, close: () => board.close() });
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token };
  }

  afterAll(async () => {
    for (const { server, close } of servers) {
      close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('embedded loopback mode: / redirects to the board, which opens without a login', async () => {
    const { base } = await start(false);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/board');
    const page = await fetch(`${base}/board`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-key="svc-0/prod"');
  });

  it('shared mode: a sign-in page first; a verified token becomes a /board-only cookie the API never takes', async () => {
    const { base, token } = await start(true);
    const anonymous = await fetch(`${base}/board`);
    expect(anonymous.status).toBe(401);
    const signIn = await anonymous.text();
    expect(signIn).toContain('id="signin"');
    expect(signIn).not.toContain('svc-0');
    expect((await fetch(`${base}/board/events`)).status).toBe(401);
    // The sign-in page needs its script and stylesheet before any token.
    expect((await fetch(`${base}/board/assets/board.js`)).status).toBe(200);

    const wrong = await fetch(`${base}/board/session`, {
      method: 'POST',
      headers: { authorization: 'Bearer gty_nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const session = await fetch(`${base}/board/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ person: 'carol', via: 'token' });
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^gantry_board_token=gty_\S+; Path=\/board; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;

    const page = await fetch(`${base}/board/releases/svc-0/prod`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('svc-0 → prod');
    const events = new AbortController();
    const stream = await fetch(`${base}/board/events`, { headers: { cookie }, signal: events.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    events.abort();

    // The API stays bearer-only: the cookie alone acts nowhere (no cross-site request can use it).
    const api = await fetch(`${base}/api/releases`, { headers: { cookie } });
    expect(api.status).toBe(401);
    const bearer = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await bearer.json()) as { person: string }).person).toBe('carol');

    const out = await fetch(`${base}/board/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.headers.get('set-cookie')).toMatch(/^gantry_board_token=; .*Max-Age=0/);
  });
});
