import type { PipelineInput } from './pipeline-messages';
import type { ReleaseWorkflowInput } from './release-messages';

/** The Temporal UI's summary (one line, on the list) and details (the detail page) of a run, fixed at its start. */
export interface StartMetadata {
  staticSummary: string;
  staticDetails: string;
}

/**
 * A release as first requested. Static metadata cannot change, and a newer request may replace the image while
 * the release waits, so the details say where to look for the image in flight.
 */
export function releaseStartMetadata({ service, environment, request }: ReleaseWorkflowInput): StartMetadata {
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

export function pipelineStartMetadata({ service, environment, commit, triggeredBy }: PipelineInput): StartMetadata {
  return {
    staticSummary: `CI ${service}@${commit.slice(0, 12)} for ${environment} (pushed by ${triggeredBy})`,
    staticDetails: [
      `**CI** of \`${service}\` for \`${environment}\``,
      `- commit: \`${commit}\``,
      `- pushed by: ${triggeredBy}`,
    ].join('\n'),
  };
}
