'use strict';

const http = require('node:http');
const { createHandler, settings } = require('./app');

const config = settings(process.argv.slice(2), process.env);
const server = http.createServer(createHandler(config));

server.listen(config.port, () => {
  console.log(`${config.service} ${config.version} (${config.env}) listening on ${config.port}`);
});

// Deploy targets stop a track with SIGTERM: finish in-flight requests, then exit.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`${signal}: shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
