import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed search attributes kept current by the workflows, so stuck or waiting releases can be found in the UI. */
export const SA = {
  kind: defineSearchAttributeKey('GantryKind', SearchAttributeType.KEYWORD),
  service: defineSearchAttributeKey('GantryService', SearchAttributeType.KEYWORD),
  environment: defineSearchAttributeKey('GantryEnvironment', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('GantryStage', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('GantryStatus', SearchAttributeType.KEYWORD),
  image: defineSearchAttributeKey('GantryImage', SearchAttributeType.KEYWORD),
  triggeredBy: defineSearchAttributeKey('GantryTriggeredBy', SearchAttributeType.KEYWORD),
  wakeAt: defineSearchAttributeKey('GantryWakeAt', SearchAttributeType.DATETIME),
  /** When the run entered its current GantryStatus: finds releases stuck in one status for too long. */
  statusSince: defineSearchAttributeKey('GantryStatusSince', SearchAttributeType.DATETIME),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);
