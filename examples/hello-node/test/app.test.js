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
      failRatio: undefined,
    });
    assert.equal(settings([], { GANTRY_ENV: 'pre' }).env, 'pre');
    assert.equal(settings([], {}).port, 8080);
  });

  it('counts requests by status and their latency on /metrics, without counting the scrapes', async () => {
    const app = await serve({ failHealthFile: path.join(tmp, 'x'), failRatioFile: path.join(tmp, 'absent') });
    try {
      await fetch(`${app.base}/`);
      await fetch(`${app.base}/`);
      await fetch(`${app.base}/nope`);
      await fetch(`${app.base}/metrics`);
      const res = await fetch(`${app.base}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /^http_requests_total\{code="200"\} 2$/m);
      assert.match(text, /^http_requests_total\{code="404"\} 1$/m);
      assert.match(text, /^http_request_duration_seconds_bucket\{le="\+Inf"\} 3$/m);
      assert.match(text, /^http_request_duration_seconds_count 3$/m);
    } finally {
      await app.close();
    }
  });

  it('fails that share of requests to / when GANTRY_FAIL_RATIO is set, and keeps /healthz healthy', async () => {
    const app = await serve({ failHealthFile: path.join(tmp, 'x'), failRatioFile: path.join(tmp, 'absent'), failRatio: '0.25' });
    try {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${app.base}/`)).status);
      assert.deepEqual(statuses.filter((s) => s === 500).length, 2);
      assert.equal((await fetch(`${app.base}/healthz`)).status, 200);
    } finally {
      await app.close();
    }
  });

  it('is switched to failing and back by a FAIL_RATIO file while it runs', async () => {
    const ratioFile = path.join(tmp, 'FAIL_RATIO');
    const app = await serve({ failHealthFile: path.join(tmp, 'x'), failRatioFile: ratioFile });
    try {
      assert.equal((await fetch(`${app.base}/`)).status, 200);
      fs.writeFileSync(ratioFile, '1\n');
      assert.equal((await fetch(`${app.base}/`)).status, 500);
      fs.rmSync(ratioFile);
      assert.equal((await fetch(`${app.base}/`)).status, 200);
    } finally {
      await app.close();
    }
  });
});
