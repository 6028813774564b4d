'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * The request handler, separate from the listener so tests can serve it on a random port.
 * A file named FAIL_HEALTH next to this code makes /healthz fail: committing it builds a deliberately broken version.
 */
function createHandler({ service = 'hello-node', env = 'dev', version = 'unknown', failHealthFile } = {}) {
  const failFile = failHealthFile ?? path.join(__dirname, 'FAIL_HEALTH');
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/healthz') {
      return fs.existsSync(failFile) ? send(res, 500, 'text/plain', 'failing on purpose\n') : send(res, 200, 'text/plain', 'ok');
    }
    if (url.pathname === '/') return send(res, 200, 'application/json', JSON.stringify({ service, env, version }));
    return send(res, 404, 'text/plain', 'not found\n');
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
  };
}

module.exports = { createHandler, settings };
