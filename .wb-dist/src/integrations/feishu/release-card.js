"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REASON_FIELD = void 0;
exports.renderReleaseCard = renderReleaseCard;
exports.findButtons = findButtons;
const release_status_1 = require("../../domain/release-status");
/** Name of the reason input inside the card's form: arrives as `form_value.reason`. */
exports.REASON_FIELD = 'reason';
const COLOUR = {
    pending: 'grey',
    'waiting-for-window': 'yellow',
    'deploying-gray': 'blue',
    baking: 'wathet',
    'waiting-for-promotion': 'orange',
    'deploying-full': 'blue',
    'rolling-back': 'carmine',
    succeeded: 'green',
    failed: 'red',
    'rolled-back': 'carmine',
    aborted: 'grey',
    superseded: 'grey',
};
const STATUS_TEXT = {
    pending: 'Pending',
    'waiting-for-window': 'Waiting for the release window',
    'deploying-gray': 'Deploying gray',
    baking: 'Baking',
    'waiting-for-promotion': 'Waiting for promotion',
    'deploying-full': 'Deploying full',
    'rolling-back': 'Rolling back',
    succeeded: 'Succeeded',
    failed: 'Failed',
    'rolled-back': 'Rolled back',
    aborted: 'Aborted',
    superseded: 'Superseded',
};
const ICON = {
    pending: '⚪',
    running: '🔄',
    waiting: '⏸️',
    succeeded: '✅',
    failed: '❌',
    skipped: '⏭️',
    'rolled-back': '↩️',
};
const BUTTONS = {
    approve: { label: 'Approve emergency release', type: 'primary' },
    promote: { label: 'Promote to full', type: 'primary' },
    rollback: { label: 'Roll back', type: 'danger', confirm: 'Roll back this release to the previous image?' },
    abort: { label: 'Abort', type: 'default', confirm: 'Abort this release?' },
};
const temporalWorkflowUrl = (links, workflowId) => `${links.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(links.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
const logUrl = (links, logId) => `${links.apiUrl.replace(/\/+$/, '')}/api/logs/${encodeURIComponent(logId)}`;
/** Text from builds and people must not turn into at-tags, links or formatting. Escaping per Feishu markdown docs
 * (HTML entities for angle brackets, backslash for markdown marks) — not verified against a real client. */
const escapeMarkdown = (text) => text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\*_~`[\]])/g, '\\$1');
/** Inline code shows backslashes literally, so only what would end the span or open a tag is replaced. */
const code = (text) => '`' + text.replace(/`/g, "'").replace(/</g, '‹').replace(/>/g, '›') + '`';
/** A code block cannot contain its own fence; trim to the last lines so the card stays far below the 30 KB cap. */
const codeBlock = (text, max = 2500) => {
    const tail = text.length > max ? `…${text.slice(-max)}` : text;
    return '```\n' + tail.replace(/```/g, "'''") + '\n```';
};
const bar = (percent, width = 10) => {
    const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
    return '▓'.repeat(filled) + '░'.repeat(width - filled);
};
const clock = (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};
const md = (content) => ({ tag: 'markdown', content });
const plain = (content) => ({ tag: 'plain_text', content });
function button(action, p) {
    const spec = BUTTONS[action];
    const value = { action, service: p.service, environment: p.environment, releaseId: p.releaseId };
    return {
        tag: 'button',
        name: `gantry_${action}`,
        text: plain(spec.label),
        type: spec.type,
        // Submitting the form sends this button's callback value together with form_value.reason.
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value }],
        ...(spec.confirm
            ? { confirm: { title: plain(spec.confirm), text: plain(`${p.service} → ${p.environment}`) } }
            : {}),
    };
}
function decisionForm(p, actions) {
    return {
        tag: 'form',
        name: 'gantry_decision',
        elements: [
            {
                tag: 'input',
                name: exports.REASON_FIELD,
                // Optional here: the workflow's validators say when a reason is required (emergency, rollback…).
                required: false,
                placeholder: plain(actions.includes('approve') ? 'Reason (required for an emergency release)' : 'Reason'),
                max_length: 500,
            },
            {
                tag: 'column_set',
                flex_mode: 'flow',
                columns: actions.map((a) => ({ tag: 'column', width: 'auto', elements: [button(a, p)] })),
            },
        ],
    };
}
const VERDICT_ICON = { pass: '✅', fail: '❌', pause: '⏸️', pending: '🔄' };
/** Each gray step's metric checks: the query, its value and the threshold, so a rollback explains itself. */
function analysisBlock(analysis) {
    const lines = analysis.flatMap((a) => [
        `${VERDICT_ICON[a.verdict] ?? '•'} **Analysis ${escapeMarkdown(a.step)}** (${a.weight}%): ${a.verdict}`,
        ...a.results.map((r) => {
            const value = r.value === null ? `no value (${escapeMarkdown(r.reason ?? 'unknown')})` : String(r.value);
            return `  ${r.outcome === 'pass' ? '✓' : r.outcome === 'fail' ? '✗' : '?'} ${escapeMarkdown(r.name)}: ${code(r.query)} = ${value}, wants ${escapeMarkdown(r.op)} ${r.threshold}`;
        }),
    ]);
    return lines.join('\n');
}
function renderReleaseCard(p, links, mentions = []) {
    const status = STATUS_TEXT[p.status] ?? p.status;
    const elements = [md(`**${status}** · ${bar(p.percent)} ${Math.round(p.percent)}%`)];
    const image = p.previousImage ? `${code(p.image)} (was ${code(p.previousImage)})` : code(p.image);
    elements.push(md(`Image: ${image} · requested by ${escapeMarkdown(p.requestedBy)}`));
    if (p.previewUrl)
        elements.push(md(`Preview: ${escapeMarkdown(p.previewUrl)}`));
    if (p.stages.length) {
        const lines = p.stages.map((s) => {
            const step = s.step && s.state === 'running' ? ` — ${escapeMarkdown(s.step)}` : '';
            return `${ICON[s.state] ?? '•'} **${escapeMarkdown(s.name)}** ${bar(s.percent, 8)} ${Math.round(s.percent)}%${step}`;
        });
        elements.push(md(lines.join('\n')));
    }
    if (p.currentStep)
        elements.push(md(`**Now:** ${escapeMarkdown(p.currentStep)}`));
    if (p.wakeAt && !(0, release_status_1.isFinished)(p.status))
        elements.push(md(`⏰ Wakes up at **${clock(p.wakeAt)}**`));
    if (p.deployQueue && !(0, release_status_1.isFinished)(p.status)) {
        const q = p.deployQueue;
        const ahead = q.ahead === undefined ? 'asking for a slot' : `${q.ahead} ahead`;
        elements.push(md(`🚦 Queued for a deploy slot in ${escapeMarkdown(q.key)} (max ${q.maxParallel}): ${ahead}`));
    }
    if (p.analysis?.length)
        elements.push(md(analysisBlock(p.analysis)));
    if (p.queuedImage)
        elements.push(md(`Queued next: ${code(p.queuedImage)}`));
    if (p.approvals.length) {
        const last = p.approvals.slice(-3).map((a) => {
            const reason = a.reason ? `: ${escapeMarkdown(a.reason)}` : '';
            return `${a.kind} by ${escapeMarkdown(a.by)}${reason}`;
        });
        elements.push(md(`Decisions: ${last.join(' · ')}`));
    }
    if (mentions.length) {
        const who = mentions.map((m) => (m.openId ? `<at id=${m.openId}></at>` : `@${escapeMarkdown(m.name)}`));
        elements.push(md(`👉 Waiting for ${who.join(' ')}`));
    }
    if (p.lastError) {
        const e = p.lastError;
        elements.push(md(`<font color='red'>**${escapeMarkdown(e.type)}:** ${escapeMarkdown(e.message.slice(0, 800))}</font>`));
        if (e.tail)
            elements.push(md(codeBlock(e.tail)));
    }
    const linkParts = [`[Temporal workflow](${temporalWorkflowUrl(links, p.workflowId)})`];
    if (p.lastError?.logId)
        linkParts.push(`[Full log](${logUrl(links, p.lastError.logId)})`);
    elements.push(md(linkParts.join(' · ')));
    const actions = (0, release_status_1.decisionsFor)(p.status);
    if (actions.length)
        elements.push({ tag: 'hr' }, decisionForm(p, actions));
    return {
        schema: '2.0',
        config: { update_multi: true, summary: { content: `${p.service} → ${p.environment}: ${status}` } },
        header: {
            title: plain(`${p.service} → ${p.environment}`),
            subtitle: plain(`${status} · release ${p.releaseId}`),
            template: COLOUR[p.status] ?? 'grey',
        },
        body: { elements },
    };
}
/** Every button in a card, with its callback value (for tests and for the Feishu double). */
function findButtons(card) {
    const out = [];
    const walk = (node) => {
        if (Array.isArray(node))
            return node.forEach(walk);
        if (!node || typeof node !== 'object')
            return;
        const o = node;
        if (o.tag === 'button') {
            const behaviors = Array.isArray(o.behaviors) ? o.behaviors : [];
            out.push({ name: String(o.name ?? ''), value: behaviors.find((b) => b.type === 'callback')?.value ?? o.value });
        }
        Object.values(o).forEach(walk);
    };
    walk(card);
    return out;
}
//# sourceMappingURL=release-card.js.map