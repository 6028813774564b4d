"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releaseStartMetadata = releaseStartMetadata;
exports.pipelineStartMetadata = pipelineStartMetadata;
/**
 * A release as first requested. Static metadata cannot change, and a newer request may replace the image while
 * the release waits, so the details say where to look for the image in flight.
 */
function releaseStartMetadata({ service, environment, request }) {
    const what = request.kind === 'rollback' ? 'rollback' : 'release';
    return {
        staticSummary: `${what} ${service} → ${environment}: ${request.image} (asked by ${request.requestedBy})`,
        staticDetails: [
            `**${what}** of \`${service}\` to \`${environment}\``,
            `- image: \`${request.image}\``,
            `- asked by: ${request.requestedBy}${request.reason ? ` (${request.reason})` : ''}`,
            ...(request.commit ? [`- commit: \`${request.commit}\``] : []),
            ...(request.promotion?.override
                ? [
                    `- **promotion override** of the rule "only what ran healthy in ${request.promotion.from}": ${request.promotion.override.reason}`,
                ]
                : request.promotion
                    ? [`- tested in ${request.promotion.from} (running healthy since ${request.promotion.since ?? '?'})`]
                    : []),
            '',
            'A newer request replaces a waiting image or queues behind a deploying one: current details show the release in flight.',
        ].join('\n'),
    };
}
function pipelineStartMetadata({ service, environment, commit, triggeredBy }) {
    return {
        staticSummary: `CI ${service}@${commit.slice(0, 12)} for ${environment} (pushed by ${triggeredBy})`,
        staticDetails: [
            `**CI** of \`${service}\` for \`${environment}\``,
            `- commit: \`${commit}\``,
            `- pushed by: ${triggeredBy}`,
        ].join('\n'),
    };
}
//# sourceMappingURL=start-metadata.js.map