'use strict';

// The "compile" step: the runtime image gets dist/ as project/. A FAIL_HEALTH file at the repo root is carried
// along so a deliberately broken version can be built by committing it.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.cpSync(path.join(root, 'src'), dist, { recursive: true });
fs.copyFileSync(path.join(root, 'package.json'), path.join(dist, 'package.json'));
if (fs.existsSync(path.join(root, 'FAIL_HEALTH'))) fs.copyFileSync(path.join(root, 'FAIL_HEALTH'), path.join(dist, 'FAIL_HEALTH'));
console.log(`built ${path.relative(root, dist)}/: ${fs.readdirSync(dist).join(', ')}`);
