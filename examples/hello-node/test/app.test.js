'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { createHandler, settings } = require('../src/app');

async function serve(options) {
  const server = http.createServer(createHandler(options));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('hello-node', () => {
  let tmp;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hello-node-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('answers /healthz with 200 ok', async () => {
    const app = await serve({ failHealthFile: path.join(tmp, 'absent') });
    try {
      const res = await fetch(`${app.base}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
    } finally {
      await app.close();
    }
  });

  it('describes the service, environment and version on /', async () => {
    const app = await serve({ env: 'test', version: 'registry/hello-node@sha256:abc', failHealthFile: path.join(tmp, 'x') });
    try {
      const res = await fetch(`${app.base}/`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { service: 'hello-node', env: 'test', version: 'registry/hello-node@sha256:abc' });
    } finally {
      await app.close();
    }
  });

  it('fails /healthz with 500 when the FAIL_HEALTH file exists', async () => {
    const failFile = path.join(tmp, 'FAIL_HEALTH');
    fs.writeFileSync(failFile, '');
    const app = await serve({ failHealthFile: failFile });
    try {
      assert.equal((await fetch(`${app.base}/healthz`)).status, 500);
    } finally {
      await app.close();
    }
  });

  it('answers unknown paths with 404', async () => {
    const app = await serve({ failHealthFile: path.join(tmp, 'x') });
    try {
      assert.equal((await fetch(`${app.base}/nope`)).status, 404);
    } finally {
      await app.close();
    }
  });

  it('takes the environment from the first argument, then GANTRY_ENV, and the port from PORT', () => {
    assert.deepEqual(settings(['prod'], { GANTRY_ENV: 'dev', PORT: '9000', GANTRY_IMAGE: 'img' }), {
      service: 'hello-node',
      env: 'prod',
      version: 'img',
      port: 9000,
    });
    assert.equal(settings([], { GANTRY_ENV: 'pre' }).env, 'pre');
    assert.equal(settings([], {}).port, 8080);
  });
});
