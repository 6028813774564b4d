'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createFailSwitch, createMetrics } = require('./metrics');

/**
 * The request handler, separate from the listener so tests can serve it on a random port.
 * A file named FAIL_HEALTH next to this code makes /healthz fail: committing it builds a deliberately broken version.
 * A FAIL_RATIO file in the working directory (or GANTRY_FAIL_RATIO) makes that share of requests to / answer 500
 * while /healthz stays fine: a copy that passes its health check but fails its users, for metric analysis.
 */
function createHandler({
  service = 'hello-node',
  env = 'dev',
  version = 'unknown',
  failHealthFile,
  failRatioFile = path.resolve('FAIL_RATIO'),
  failRatio,
} = {}) {
  const failFile = failHealthFile ?? path.join(__dirname, 'FAIL_HEALTH');
  const metrics = createMetrics();
  const shouldFail = createFailSwitch({ file: failRatioFile, envRatio: failRatio });
  const route = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/healthz') {
      return fs.existsSync(failFile) ? send(res, 500, 'text/plain', 'failing on purpose\n') : send(res, 200, 'text/plain', 'ok');
    }
    if (url.pathname === '/') {
      if (shouldFail()) return send(res, 500, 'text/plain', 'failing on purpose (FAIL_RATIO)\n');
      return send(res, 200, 'application/json', JSON.stringify({ service, env, version }));
    }
    return send(res, 404, 'text/plain', 'not found\n');
  };
  return (req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
      return send(res, 200, 'text/plain; version=0.0.4', metrics.render());
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => metrics.observe(res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    return route(req, res);
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The environment comes from the first argument (start.sh passes it), then GANTRY_ENV. */
function settings(argv, env) {
  return {
    service: 'hello-node',
    env: argv[0] || env.GANTRY_ENV || 'dev',
    version: env.GANTRY_IMAGE || 'unknown',
    port: Number(env.PORT || 8080),
    failRatio: env.GANTRY_FAIL_RATIO,
  };
}

module.exports = { createHandler, settings };
