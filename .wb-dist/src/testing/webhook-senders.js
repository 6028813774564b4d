"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signGithub = exports.sha = exports.ZERO = void 0;
exports.gitlabPush = gitlabPush;
exports.githubDelivery = githubDelivery;
exports.githubPush = githubPush;
exports.githubPing = githubPing;
exports.send = send;
exports.sendRaw = sendRaw;
const node_crypto_1 = require("node:crypto");
const node_net_1 = require("node:net");
exports.ZERO = '0'.repeat(40);
/** A stable, real-looking commit sha for a name. */
const sha = (seed) => (0, node_crypto_1.createHash)('sha1').update(seed).digest('hex');
exports.sha = sha;
const commit = (id, message, url, when) => ({
    id,
    message: `${message}\n`,
    title: message,
    timestamp: when,
    url: `${url}/-/commit/${id}`,
    author: { name: 'Alice Example', email: 'alice@example.com' },
    added: ['src/new.ts'],
    modified: ['src/server.ts'],
    removed: [],
});
/** A Push Hook (or Tag Push Hook) delivery as GitLab sends it. */
function gitlabPush(o) {
    const host = o.host ?? 'git.example.com';
    const project = o.project ?? 'shop/orders';
    const web = `https://${host}/${project}`;
    const kind = o.tag ? 'tag_push' : 'push';
    const after = o.deleted ? exports.ZERO : (o.after ?? (0, exports.sha)(`${project}:${o.branch ?? o.tag}`));
    const when = '2026-03-02T10:15:00+00:00';
    const commits = o.deleted ? [] : [commit(after, 'Add the thing', web, when)];
    const body = {
        object_kind: kind,
        event_name: kind,
        before: o.before ?? (0, exports.sha)(`${after}^`),
        after,
        ref: o.tag ? `refs/tags/${o.tag}` : `refs/heads/${o.branch ?? 'dev'}`,
        ref_protected: true,
        checkout_sha: o.deleted ? null : after,
        message: null,
        user_id: 4,
        user_name: 'Alice Example',
        user_username: o.user ?? 'alice',
        user_email: '',
        user_avatar: `https://${host}/uploads/user/avatar/4/avatar.png`,
        project_id: 15,
        project: {
            id: 15,
            name: project.split('/').pop(),
            web_url: web,
            git_ssh_url: `git@${host}:${project}.git`,
            git_http_url: `${web}.git`,
            namespace: project.split('/')[0],
            path_with_namespace: project,
            default_branch: 'main',
        },
        commits,
        total_commits_count: commits.length,
        repository: { name: project.split('/').pop(), url: `git@${host}:${project}.git`, homepage: web },
    };
    const headers = {
        'content-type': 'application/json',
        'user-agent': 'GitLab/17.6.0',
        'x-gitlab-event': o.tag ? 'Tag Push Hook' : 'Push Hook',
        'x-gitlab-token': o.token,
        'x-gitlab-event-uuid': o.eventUuid ?? (0, node_crypto_1.randomUUID)(),
        'x-gitlab-webhook-uuid': '2b7bd2a4-6c5e-4e4b-8f1e-5d1f0c1a9e11',
        'x-gitlab-instance': `https://${host}`,
    };
    if (o.idempotencyKey !== null)
        headers['idempotency-key'] = o.idempotencyKey ?? (0, node_crypto_1.randomUUID)();
    return { path: '/hooks/gitlab', headers, body: JSON.stringify(body) };
}
const signGithub = (body, secret) => `sha256=${(0, node_crypto_1.createHmac)('sha256', secret).update(body).digest('hex')}`;
exports.signGithub = signGithub;
/** A GitHub delivery of any event, signed over its exact bytes. */
function githubDelivery(event, payload, secret, deliveryId) {
    const body = JSON.stringify(payload);
    return {
        path: '/hooks/github',
        headers: {
            'content-type': 'application/json',
            'user-agent': 'GitHub-Hookshot/7d1c2a3',
            'x-github-event': event,
            'x-github-delivery': deliveryId ?? (0, node_crypto_1.randomUUID)(),
            'x-github-hook-id': '482910377',
            'x-github-hook-installation-target-id': '79929171',
            'x-github-hook-installation-target-type': 'repository',
            'x-hub-signature-256': (0, exports.signGithub)(body, secret),
        },
        body,
    };
}
/** A push delivery as GitHub sends it (`head_commit` is null and `commits` empty for a deletion). */
function githubPush(o) {
    const host = o.host ?? 'git.example.com';
    const repo = o.repo ?? 'shop/orders';
    const web = `https://${host}/${repo}`;
    const ref = o.tag ? `refs/tags/${o.tag}` : `refs/heads/${o.branch ?? 'dev'}`;
    const after = o.deleted ? exports.ZERO : (o.after ?? (0, exports.sha)(`${repo}:${ref}`));
    const login = o.login ?? 'alice';
    const head = {
        id: after,
        tree_id: (0, exports.sha)(`tree:${after}`),
        distinct: true,
        message: 'Add the thing',
        timestamp: '2026-03-02T10:15:00Z',
        url: `${web}/commit/${after}`,
        author: { name: 'Alice Example', email: 'alice@example.com', username: login },
        committer: { name: 'Alice Example', email: 'alice@example.com', username: login },
        added: ['src/new.ts'],
        removed: [],
        modified: ['src/server.ts'],
    };
    const payload = {
        ref,
        before: (0, exports.sha)(`${after}^`),
        after,
        repository: {
            id: 79929171,
            node_id: 'R_kgDOBMOlcw',
            name: repo.split('/').pop(),
            full_name: repo,
            private: true,
            owner: { name: repo.split('/')[0], login: repo.split('/')[0], type: 'Organization' },
            html_url: web,
            url: web,
            clone_url: `${web}.git`,
            git_url: `git://${host}/${repo}.git`,
            ssh_url: `git@${host}:${repo}.git`,
            default_branch: 'main',
            master_branch: 'main',
        },
        pusher: { name: login, email: 'alice@example.com' },
        sender: { login, id: 583231, type: 'User', site_admin: false },
        created: false,
        deleted: o.deleted ?? false,
        forced: o.forced ?? false,
        base_ref: null,
        compare: `${web}/compare/${(0, exports.sha)(`${after}^`).slice(0, 12)}...${after.slice(0, 12)}`,
        commits: o.deleted ? [] : [head],
        head_commit: o.deleted ? null : head,
    };
    return githubDelivery('push', payload, o.secret, o.deliveryId);
}
/** The ping GitHub sends when a hook is created. */
function githubPing(secret) {
    return githubDelivery('ping', {
        zen: 'Keep it logically awesome.',
        hook_id: 482910377,
        hook: { type: 'Repository', id: 482910377, active: true, events: ['push'], config: { content_type: 'json' } },
        sender: { login: 'alice', id: 583231 },
    }, secret);
}
/** Sends a delivery to the server at `baseUrl` (scheme, host and port) and reads the JSON answer. */
async function send(baseUrl, delivery) {
    const res = await fetch(new URL(delivery.path, baseUrl), {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
    });
    const text = await res.text();
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        json = undefined;
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
}
/**
 * Writes a request byte for byte over TCP (fetch refuses wrong content lengths), half-closes, and reads until the
 * server closes. `closed` is the outcome when the server hung up without answering (it saw a truncated body).
 */
function sendRaw(port, req, timeoutMs = 5_000) {
    return new Promise((resolve) => {
        const socket = (0, node_net_1.connect)(port, '127.0.0.1');
        const chunks = [];
        const timer = setTimeout(() => {
            socket.destroy();
            resolve('timeout');
        }, timeoutMs);
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', () => undefined); // a reset after the answer is fine; the answer is judged on close
        socket.on('close', () => {
            clearTimeout(timer);
            resolve(parseResponse(Buffer.concat(chunks)) ?? 'closed');
        });
        const head = [`${req.method ?? 'POST'} ${req.path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close']
            .concat(req.headers.map(([k, v]) => `${k}: ${v}`))
            .join('\r\n');
        socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), req.body]));
        socket.end();
    });
}
/** The first HTTP response in `raw` (the server answers one request: the client asked it to close). */
function parseResponse(raw) {
    const end = raw.indexOf('\r\n\r\n');
    if (end < 0)
        return undefined;
    const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? raw.length);
    const text = raw.subarray(end + 4, end + 4 + length).toString('utf8');
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        json = undefined;
    }
    return { status, headers, text, json };
}
//# sourceMappingURL=webhook-senders.js.map